"""An on-screen keyboard for touch screens with no physical keyboard.

The window shows it under the screen whenever a text box has the focus; its keys never
take the focus, so they type into that box. Its keys are as tall as the text size asks
but no taller than the room the screen leaves (`fit`), and never under 48 px. Shift
gives one capital letter; "?123" shows symbols (for staff passwords) until the keyboard
moves to another box or is put away. Boxes marked `autocap` ("words" or "sentence") get
their capitals by themselves, so a resident typing a name need not find Shift.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from peerhouse.ui.kiosk.widgets import TOUCH_MIN, kbutton

LETTERS = ("1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm-.,")
SYMBOLS = ("1234567890", "!@#$%^&*()", "_+=/\\?:;\"~", "<>[]{}|`.,")
NAMES = {"'": "Apostrophe", "-": "Dash", ".": "Period", ",": "Comma", " ": "Space"}
KEY_PX = 56  # a key's height at the normal text size, room permitting
MARGIN, SPACING = 8, 6
KEY_BORDER = 2  # px, as in kiosk.qss (keys have no vertical padding)


def key_name(ch: str) -> str:
    if ch.isalpha():
        return f"Letter {ch.upper()}"
    if ch.isdigit():
        return f"Digit {ch}"
    return NAMES.get(ch, f"Symbol {ch}")


class OnScreenKeyboard(QWidget):
    """Letters, digits, symbols, Shift, space, delete and a Done key that hides it."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("OnScreenKeyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName("On-screen keyboard")
        self.target: QLineEdit | None = None
        self.shift = False
        self.symbols = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, MARGIN, 24, MARGIN)
        layout.setSpacing(SPACING)
        self.keys: list[list[QPushButton]] = []
        for r, chars in enumerate(LETTERS):
            row = QHBoxLayout()
            row.setSpacing(SPACING)
            keys = []
            for c in range(len(chars)):
                btn = self._key("", "", lambda r=r, c=c: self.press(r, c))
                keys.append(btn)
                row.addWidget(btn, 1)
            self.keys.append(keys)
            layout.addLayout(row)
        last = QHBoxLayout()
        last.setSpacing(SPACING)
        self.shift_key = self._key("Shift", "Shift: next letter is a capital", self.toggle_shift)
        self.shift_key.setCheckable(True)
        self.mode_key = self._key("?123", "Show symbols", self.toggle_symbols)
        for btn, stretch in ((self.shift_key, 2), (self.mode_key, 2),
                             (self._key("Space", "Space", lambda: self.type(" ")), 5),
                             (self._key("Delete", "Delete the last letter", self.backspace), 2),
                             (self._key("Done", "Hide the keyboard", self.done.emit, True), 2)):
            last.addWidget(btn, stretch)
        layout.addLayout(last)
        self.key_height = 0
        self.fit(10_000, 1.0)
        self._label()

    def fit(self, room: int, scale: float) -> None:
        """Keys for `room` px of height at text size `scale`: KEY_PX × scale at most,
        less when the screen needs the room, but never below the 48 px touch minimum."""
        rows = len(LETTERS) + 1
        per_key = (room - 2 * MARGIN - (rows - 1) * SPACING) // rows
        height = max(TOUCH_MIN, min(round(KEY_PX * scale), per_key))
        if height == self.key_height:
            return
        self.key_height = height
        # The keyboard's own style sheet wins over the kiosk's (whose key heights follow
        # the text size); min/max-height count the box inside the keys' 2 px border.
        inner = height - 2 * KEY_BORDER
        self.setStyleSheet(f"QPushButton {{ min-height: {inner}px; max-height: {inner}px; }}")
        self.layout().invalidate()
        self.updateGeometry()

    def _key(self, text: str, name: str, fn: object, primary: bool = False) -> QPushButton:
        btn = kbutton(text, kind="letter", name=name or text, primary=primary,
                      on_click=fn)  # type: ignore[arg-type]
        btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return btn

    def _rows(self) -> tuple[str, ...]:
        return SYMBOLS if self.symbols else LETTERS

    def _label(self) -> None:
        for chars, keys in zip(self._rows(), self.keys, strict=True):
            for ch, btn in zip(chars, keys, strict=True):
                btn.setText(ch.upper() if ch.isalpha() and self._capital_next() else ch)
                btn.setAccessibleName(key_name(ch))
        self.shift_key.setChecked(self.shift)
        self.mode_key.setText("ABC" if self.symbols else "?123")
        self.mode_key.setAccessibleName("Show letters" if self.symbols else "Show symbols")

    def set_target(self, box: QLineEdit | None) -> None:
        """Type into `box` from now on (None: the keyboard is put away). Another box, or
        the keyboard coming up again, starts with letters and no capital pending: the
        symbols one person chose for a password never greet the next box or person."""
        if box is not self.target:
            self.symbols = False
        self.target = box
        self.shift = False
        self._label()

    def reset(self) -> None:
        """As it first came up: letters, no capital pending, typing nowhere."""
        self.target, self.symbols, self.shift = None, False, False
        self._label()

    def _capital_next(self) -> bool:
        box = self.target
        if self.shift:
            return True
        if box is None:
            return False
        mode = box.property("autocap")
        before = box.text()[: box.cursorPosition()]
        if mode == "words":
            return not before or before.endswith(" ")
        if mode == "sentence":
            return not before.strip() or before.rstrip().endswith((".", "!", "?"))
        return False

    def press(self, row: int, col: int) -> None:
        ch = self._rows()[row][col]
        self.type(ch.upper() if ch.isalpha() and self._capital_next() else ch)

    def type(self, text: str) -> None:
        box = self.target
        if box is None or box.isReadOnly():
            return
        box.insert(text)
        self.shift = False
        self._label()

    def backspace(self) -> None:
        if self.target is not None and not self.target.isReadOnly():
            self.target.backspace()
            self._label()

    def toggle_shift(self) -> None:
        self.shift = not self.shift
        self._label()

    def toggle_symbols(self) -> None:
        self.symbols = not self.symbols
        self._label()
