"""The PIN keypad: big digits, masked dots, delete and clear; a physical keyboard works too."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from peerhouse.i18n import _, pgettext
from peerhouse.ui.kiosk.widgets import kbutton, label, plain

PIN_LENGTH = 6


class PinPad(QWidget):
    """Collects 6 digits and emits `entered(pin)`; the digits are never shown."""

    entered = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        plain(self)
        self._digits = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("PIN keypad"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.dots = label("", "PinDots", wrap=False)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.dots)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.keys: dict[str, object] = {}
        for i, digit in enumerate("123456789"):
            self._add(grid, digit, i // 3, i % 3)
        clear = kbutton(pgettext("PIN", "Clear"), kind="keyword", name=_("Clear the PIN"),
                        on_click=self.clear)
        grid.addWidget(clear, 3, 0)
        self._add(grid, "0", 3, 1)
        back = kbutton("", kind="key", icon_name="backspace", icon_px=40,
                       name=_("Delete the last digit"), on_click=self.backspace)
        grid.addWidget(back, 3, 2)
        self.keys["clear"], self.keys["back"] = clear, back
        for btn in (clear, back):
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addLayout(grid)
        self._show()

    def _add(self, grid: QGridLayout, digit: str, row: int, col: int) -> None:
        btn = kbutton(digit, kind="key", name=_("Digit {digit}").format(digit=digit),
                      on_click=lambda d=digit: self.press(digit=d))
        btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the pad keeps the keyboard focus
        self.keys[digit] = btn
        grid.addWidget(btn, row, col)

    @property
    def digits(self) -> str:
        return self._digits

    def press(self, digit: str) -> None:
        if not self.isEnabled() or len(self._digits) >= PIN_LENGTH:
            return
        self._digits += digit
        self._show()
        if len(self._digits) == PIN_LENGTH:
            pin = self._digits
            self.entered.emit(pin)

    def backspace(self) -> None:
        self._digits = self._digits[:-1]
        self._show()

    def clear(self) -> None:
        self._digits = ""
        self._show()

    def _show(self) -> None:
        n = len(self._digits)
        self.dots.setText("  ".join("●" * n + "○" * (PIN_LENGTH - n)))
        self.dots.setAccessibleName(_("PIN: {n} of {length} digits entered").format(
            n=n, length=PIN_LENGTH))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() == Qt.Key.Key_Delete:
            self.clear()
        else:
            super().keyPressEvent(event)
