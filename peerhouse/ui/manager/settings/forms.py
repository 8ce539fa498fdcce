"""What the Settings dialogs share: a form dialog that saves off the UI thread and shows
the service's validation message next to the field it names.

Dialogs open with `.open()` (window-modal, non-blocking), so tests and the idle lock
never wait on a nested event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerhouse.errors import AuthenticationFailed, ValidationError
from peerhouse.services.clock import zone
from peerhouse.services.secrets_policy import MIN_PASSWORD
from peerhouse.ui.errors import report_error
from peerhouse.ui.formats import clock, date_text
from peerhouse.ui.widgets.common import FieldErrors, SafeDialog, muted
from peerhouse.ui.workers import run_task

PASSWORD_POLICY = (
    f"A password needs at least {MIN_PASSWORD} characters. Common passwords and passwords "
    "that contain the username are refused. A short sentence is easy to remember."
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def local_text(at: datetime | None, tz: str, empty: str = "Never") -> str:
    """A UTC instant as the house's wall-clock time, e.g. 'Mar 3, 2026, 9:14 PM'."""
    if at is None:
        return empty
    try:
        local = at.astimezone(zone(tz))
    except ValidationError:
        local = at
    return f"{date_text(local.date())}, {clock(local)}"


def fit_columns(view: QTableView, stretch: int, *, sort_column: int = 0,
                descending: bool = False) -> None:
    """Size columns to their contents and let one column take (and elide in) the rest,
    so a table never needs a sideways scroll bar at the usual window size."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.resizeColumnsToContents()
    header.setStretchLastSection(stretch == header.count() - 1)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if not view.property("sorted"):  # the first time only; later keep the user's choice
        view.setProperty("sorted", True)
        view.sortByColumn(sort_column, Qt.SortOrder.DescendingOrder if descending
                          else Qt.SortOrder.AscendingOrder)


def password_field(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def same_passwords(new: QLineEdit, repeat: QLineEdit) -> None:
    if new.text() != repeat.text():
        raise ValidationError("repeat password", "does not match the new password; type it again.")


class FormDialog(SafeDialog):
    """A titled form with OK/Cancel; `work()` reads the fields and returns the save call.

    `work` runs on the UI thread and may raise ValidationError for checks that need no
    database (e.g. the two passwords differ); the call it returns runs in a worker. It
    cannot be closed while saving and asks before throwing typed input away (`SafeDialog`).
    """

    saved = Signal(object)

    def __init__(self, parent: QWidget | None, title: str, intro: str = "",
                 ok_text: str = "&Save") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(500)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        outer.setSpacing(10)
        self.intro = muted(intro)
        self.intro.setVisible(bool(intro))
        outer.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setSpacing(8)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        self.extra = QVBoxLayout()
        outer.addLayout(self.extra)
        error_label = QLabel()
        self.errors = FieldErrors({}, error_label)
        outer.addWidget(error_label)
        outer.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setProperty("primary", True)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def add_field(self, label: str, widget: QWidget, *keys: str) -> QWidget:
        """Add a row; `keys` are the ValidationError field names this widget answers to."""
        text = QLabel(label)
        text.setBuddy(widget)
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        self.form.addRow(text, widget)
        for key in keys:
            self.errors.fields[key] = widget
        return widget

    def work(self) -> Callable[[], Any]:
        raise NotImplementedError

    def submit(self) -> None:
        """Save: check on the UI thread, write in a worker, close on success."""
        if self.saving:
            return
        self.errors.clear()
        try:
            fn = self.work()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        self.set_saving(True)
        run_task(fn, on_success=self._done, on_failure=self._failed, owner=self)

    def set_saving(self, saving: bool) -> None:
        super().set_saving(saving)
        self.ok_button.setEnabled(not saving)

    def _done(self, result: Any) -> None:
        self.set_saving(False)
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.set_saving(False)
        if isinstance(exc, ValidationError):
            self.errors.show(exc)
        elif isinstance(exc, AuthenticationFailed):
            self.show_message(str(exc), self.auth_field())
        else:
            report_error(exc, self)

    def auth_field(self) -> str:
        """The field a wrong-password refusal points at (none by default)."""
        return ""

    def show_message(self, text: str, field: str = "") -> None:
        """A refusal that is not a ValidationError, shown where validation messages go."""
        self.errors.show_text(text, field)
