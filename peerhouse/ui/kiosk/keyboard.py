"""An on-screen keyboard for touch screens with no physical keyboard.

The window shows it under the screen whenever a text box has the focus; its keys never
take the focus, so they type into that box. Its keys are as tall as the text size asks
but no taller than the room the screen leaves (`fit`), and never under 48 px. Shift
gives one capital letter; "?123" shows symbols (for staff passwords) until the keyboard
moves to another box or is put away. Boxes marked `autocap` ("words" or "sentence") get
their capitals by themselves, so a resident typing a name need not find Shift. The
Spanish letters and marks (ñ á é í ó ú ü ¿ ¡; Shift gives their capitals) are always
there, in both modes, so "José Muñoz" can be typed whatever language the kiosk is in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from peerhouse.i18n import _, lazy, pgettext, plazy
from peerhouse.ui.kiosk.widgets import TOUCH_MIN, kbutton

# The Spanish letters and marks sit at the ends of the rows (ñ after l, as on a Spanish
# keyboard), the same in both modes: no row is added, so the keys keep their height.
LETTERS = ("1234567890¿¡", "qwertyuiopáé", "asdfghjklñíó", "zxcvbnm'-.,úü")
SYMBOLS = ("1234567890¿¡", "!@#$%^&*()áé", "_+=/\\?:;\"~íó", "<>[]{}|`'.,úü")
ROW_KEYS = max(len(row) for row in LETTERS)  # a shorter row ends early: every key as wide
NAMES = {"'": lazy("Apostrophe"), "-": lazy("Dash"), ".": plazy("key", "Period"), ",": lazy("Comma"),
         " ": lazy("Space"), "¿": lazy("Opening question mark"),
         "¡": lazy("Opening exclamation mark")}
KEY_PX = 56  # a key's height at the normal text size, room permitting
MARGIN, SPACING = 8, 6
KEY_BORDER = 2  # px, as in kiosk.qss (keys have no vertical padding)


def key_name(ch: str) -> str:
    """What a screen reader says for a key, in the kiosk's language."""
    if ch.isalpha():
        return _("Letter {letter}").format(letter=ch.upper())
    if ch.isdigit():
        return _("Digit {digit}").format(digit=ch)
    name = NAMES.get(ch)
    return str(name) if name is not None else _("Symbol {symbol}").format(symbol=ch)


class OnScreenKeyboard(QWidget):
    """Letters, digits, symbols, Shift, space, delete and a Done key that hides it."""

    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("OnScreenKeyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
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
                btn = self._key(lambda r=r, c=c: self.press(r, c))
                keys.append(btn)
                row.addWidget(btn, 1)
            if len(chars) < ROW_KEYS:
                row.addStretch(ROW_KEYS - len(chars))
            self.keys.append(keys)
            layout.addLayout(row)
        last = QHBoxLayout()
        last.setSpacing(SPACING)
        self.shift_key = self._key(self.toggle_shift)
        self.shift_key.setCheckable(True)
        self.mode_key = self._key(self.toggle_symbols)
        self.space_key = self._key(lambda: self.type(" "))
        self.delete_key = self._key(self.backspace)
        self.done_key = self._key(self.done.emit, True)
        for btn, stretch in ((self.shift_key, 2), (self.mode_key, 2), (self.space_key, 5),
                             (self.delete_key, 2), (self.done_key, 2)):
            last.addWidget(btn, stretch)
        layout.addLayout(last)
        self.key_height = 0
        self.fit(10_000, 1.0)
        self.retranslate()

    def retranslate(self) -> None:
        """The keys' words in the kiosk's (new) language."""
        self.setAccessibleName(_("On-screen keyboard"))
        for btn, text, name in (
                (self.shift_key, _("Shift"), _("Shift: next letter is a capital")),
                (self.space_key, _("Space"), _("Space")),
                (self.delete_key, pgettext("key", "Delete"), _("Delete the last letter")),
                (self.done_key, pgettext("key", "Done"), _("Hide the keyboard"))):
            btn.setText(text)
            btn.setAccessibleName(name)
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
        self.setStyleSheet(f"QPushButton {{ min-height: {inner}px; max-height: {inner}px; "
                           f"min-width: {TOUCH_MIN - 2 * KEY_BORDER}px; }}")
        self.layout().invalidate()
        self.updateGeometry()

    def _key(self, fn: object, primary: bool = False) -> QPushButton:
        btn = kbutton("", kind="letter", primary=primary, on_click=fn)  # type: ignore[arg-type]
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
        self.mode_key.setText(_("ABC") if self.symbols else _("?123"))
        self.mode_key.setAccessibleName(_("Show letters") if self.symbols else _("Show symbols"))

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
