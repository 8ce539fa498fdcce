"""The base of the Meetings and Chores dialogs: OK runs one service call off the UI thread.

The dialog stays open while the call runs and, if the input is refused, shows the
problem next to the field it names, so nothing typed is lost. Dialogs are opened with
`open()` (never a blocking `exec()`) and report the saved result through `saved`.
They cannot be closed while the call runs, and ask before throwing typed input away
(see `SafeDialog`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QWidget

from peerhouse.errors import ValidationError
from peerhouse.ui.errors import report_error
from peerhouse.ui.widgets.common import FieldErrors, SafeDialog
from peerhouse.ui.workers import run_task


def mark(widget: QWidget, prop: str) -> None:
    """Set a theme property (primary / danger) and re-apply the style sheet."""
    widget.setProperty(prop, True)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ServiceDialog(SafeDialog):
    """Subclasses build their form, fill `errors.fields`, and return the call from `call()`."""

    saved = Signal(object)

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.error_label = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.errors = FieldErrors({}, self.error_label)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def cancel_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

    def call(self) -> Callable[[], Any]:
        """The service call to make (may raise ValidationError for checks done here)."""
        raise NotImplementedError

    def accept(self) -> None:
        if self.saving:
            return
        self.errors.clear()
        try:
            fn = self.call()
        except ValidationError as exc:
            self.errors.show(exc)
            return
        self.set_saving(True)
        run_task(fn, on_success=self._done, on_failure=self._failed, owner=self)

    def set_saving(self, saving: bool) -> None:
        super().set_saving(saving)
        self.buttons.setEnabled(not saving)

    def _done(self, result: Any) -> None:
        self.set_saving(False)
        self.saved.emit(result)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.set_saving(False)
        if isinstance(exc, ValidationError):
            self.errors.show(exc)
        else:
            report_error(exc, self)
