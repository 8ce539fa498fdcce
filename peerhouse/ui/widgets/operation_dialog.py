"""The one base of every form dialog: form → operation → field errors.

OK reads the form (`operation()` returns the operation to run, a `WriteOp`, or raises
ValidationError for what it can check itself), the runner runs it off the UI thread
(`ui/ops_runner.py`: its changes go out on the bus), and the dialog stays open until it
succeeded: a refused input is shown next to the field it names, so nothing
typed is lost. While the call runs the buttons are disabled and the dialog cannot be
closed; it asks before throwing typed input away (`SafeDialog`). Dialogs are opened
with `open()`, never a blocking `exec()`, and report the result through `saved`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.changes import NOTHING, Changes
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.errors import ValidationError
from peerhouse.ui.errors import report_error
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.widgets.common import FieldErrors, SafeDialog, muted
from peerhouse.ui.workers import run_task

# What OK runs: an operation of the signed-in person's records (the dialog's `ctx`), or a
# plain call for work outside one (see `OperationDialog.run`).
Operation = WriteOp[Any] | ReadOp[Any] | Callable[[], Any]


class OperationDialog(SafeDialog):
    """A dialog whose OK runs one operation; subclasses build the form and `operation()`.

    `inline_refusals`: refusals other than ValidationError that are shown in the dialog
    (at `refusal_field()`) instead of in a message box.
    """

    saved = Signal(object)
    inline_refusals: tuple[type[BaseException], ...] = ()
    # What a plain call (not an operation) changes, broadcast when it succeeds: work that
    # is not one unit (a password hashed before its write is taken) cannot say for itself.
    changes_made: Changes = NOTHING
    fit_first_show = False  # take the whole natural size when first shown

    def __init__(self, parent: QWidget | None, title: str, ok_text: str = "", *,
                 save_button: bool = False, role: str = "", default: bool = False,
                 errors: type[FieldErrors] = FieldErrors) -> None:
        """`save_button`: a Save button (else OK); `role`: its theme ("primary", "danger");
        `default`: Enter presses it wherever the focus is."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.error_label = QLabel()
        self.errors = errors({}, self.error_label)
        kind = (QDialogButtonBox.StandardButton.Save if save_button
                else QDialogButtonBox.StandardButton.Ok)
        self.buttons = QDialogButtonBox(kind | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(kind)
        if ok_text:
            self.ok_button.setText(ok_text)
            self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        if role:
            self.ok_button.setProperty(role, True)
        if default:
            self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.form: QFormLayout | None = None
        # For a dialog built by a caller rather than a subclass: OK calls it with the dialog.
        self.on_submit: Callable[[OperationDialog], None] | None = None

    @property
    def cancel_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

    def showEvent(self, event: QShowEvent) -> None:
        if self.fit_first_show and not self.property("sized"):  # then kept on the screen
            self.setProperty("sized", True)
            self.resize(self.sizeHint())
        super().showEvent(event)

    # -- the standard form -----------------------------------------------------------
    def build_form(self, intro: str = "", *, min_width: int = 0, look: str = "roomy",
                   stretch: bool = False) -> QVBoxLayout:
        """Intro, a form of labelled rows, the error line and the buttons; returns the
        dialog's layout (`extra`, between the form and the error line, takes more).

        `look`: "plain" (Qt's margins), "roomy" (wider margins) or "aligned" (wider
        margins, labels aligned right beside fields of their natural width).
        """
        if min_width:
            self.setMinimumWidth(min_width)
        outer = QVBoxLayout(self)
        if look != "plain":
            outer.setContentsMargins(18, 16, 18, 14)
            outer.setSpacing(10)
        if intro:
            outer.addWidget(muted(intro))
        self.form = QFormLayout()
        if look == "aligned":
            self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight
                                        | Qt.AlignmentFlag.AlignVCenter)
            self.form.setHorizontalSpacing(12)
            self.form.setVerticalSpacing(8)
        else:
            self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            if look == "roomy":
                self.form.setSpacing(8)
        outer.addLayout(self.form)
        self.extra = QVBoxLayout()
        outer.addLayout(self.extra)
        outer.addWidget(self.error_label)
        if stretch:
            outer.addStretch(1)
        outer.addWidget(self.buttons)
        return outer

    @property
    def fields(self) -> dict[str, QWidget]:
        """The form's fields by the names service errors use for them."""
        return self.errors.fields

    def add_field(self, label: str, widget: QWidget, *fields: str) -> QWidget:
        """A labelled row; `fields` are the names service errors use for this widget."""
        assert self.form is not None, "build_form() first"
        caption = QLabel(label)
        caption.setBuddy(widget)
        if label:
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        self.form.addRow(caption, widget)
        for name in fields:
            self.errors.fields[name] = widget
        return widget

    # -- the operation ---------------------------------------------------------------
    def operation(self) -> Operation | None:
        """The operation to run (None when there is none, or `on_submit` started it); may
        raise ValidationError for what it checks itself. Subclasses override it."""
        if self.on_submit is not None:
            self.on_submit(self)
        return None

    def submit(self) -> None:
        """OK: check on the UI thread, run the operation in a worker, close on success."""
        if self.saving:
            return
        self.errors.clear()
        try:
            op = self.operation()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        if op is not None:
            self.run(op)

    def run(self, op: Operation) -> None:
        """Run `op` for this dialog: an operation as the signed-in person of the dialog's
        `ctx` through the runner (a write's changes go out on the bus); a plain call only
        for work that is not one unit of the signed-in person's work (setting a password
        before anyone is signed in, a password hashed before its write is taken)."""
        self.set_busy(True)
        if isinstance(op, WriteOp | ReadOp):
            run_op(self, op).success(self._done).failure(self._failed).run()
            return
        ctx, changes = getattr(self, "ctx", None), self.changes_made
        announce = (lambda _r: ctx.broadcast(changes, self)) if ctx and changes else None
        run_task(op, on_success=self._done, on_failure=self._failed, owner=self,
                 announce=announce)

    def set_busy(self, busy: bool) -> None:
        self.set_saving(busy)
        self.buttons.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _done(self, result: Any) -> None:
        self.set_busy(False)
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.show_error(exc)

    def show_error(self, exc: BaseException) -> None:
        """A refused input next to its field; anything else in a message box."""
        if isinstance(exc, ValidationError):
            self.errors.show(exc)
        elif isinstance(exc, self.inline_refusals):
            self.errors.show_text(str(exc), self.refusal_field())
        else:
            report_error(exc, self)

    def refusal_field(self) -> str:
        """The field an inline refusal points at (none by default)."""
        return ""
