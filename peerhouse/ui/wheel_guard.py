"""The mouse wheel scrolls the page; it changes a choice, a number or a date only in the
field the person is working in.

Qt's combo boxes, spin boxes and date/time fields take the wheel whenever the pointer
is over them, so scrolling a long form (Settings → House) quietly changed whatever
passed under the pointer ("At the kiosk, residents" flipped to "Type their name"). One
application-wide filter, installed when the application is made (`ui.start.prepare_app`),
passes the wheel on to the page unless the field has the keyboard focus, and stops the
wheel from giving those fields the focus in the first place.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox

# Date and time fields are spin boxes too (QDateTimeEdit).
GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """The filter; `install()` puts one on the application."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wheel = QEvent.Type.Wheel
        self._polish = QEvent.Type.Polish

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind is self._wheel:
            if isinstance(watched, GUARDED) and not watched.hasFocus():
                event.ignore()  # not used here: Qt offers it to the page around the field
                return True
        elif kind is self._polish and isinstance(watched, GUARDED):
            _no_wheel_focus(watched)
        return False


def _no_wheel_focus(widget: QComboBox | QAbstractSpinBox) -> None:
    """Qt lets these fields take the focus from the wheel (then the next notch would
    change them): clicking or Tab still focuses them."""
    from PySide6.QtCore import Qt  # not at import: see ui/start.py on start-up time

    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def install(app: QApplication) -> WheelGuard:
    """Put the guard on `app` once (a second call returns the one already there)."""
    for child in app.children():
        if isinstance(child, WheelGuard):
            return child
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
