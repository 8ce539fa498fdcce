"""The on-screen keyboard under the kiosk's screen: up while a text box has the focus,
typing into it and keeping it in view, and only as tall as the screen leaves room for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from peerhouse.ui.kiosk.widgets import TYPING_MARGIN, show_whole

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow


class KeyboardDock:
    """The kiosk window's part that brings the keyboard up and puts it away (a mixin of
    KioskWindow)."""

    def _focus_changed(self: KioskWindow, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QLineEdit) and self.isAncestorOf(new):
            self.taps.cancel()
            self.show_keyboard(new)
        elif new is not None and self.isAncestorOf(new):
            # A tap took the focus: the keyboard goes once the finger is lifted, after the
            # tap has acted, so nothing moves under the finger meanwhile.
            self.taps.when_lifted(self._hide_unless_typing)

    def _hide_unless_typing(self: KioskWindow) -> None:
        focus = QApplication.focusWidget()
        if not (isinstance(focus, QLineEdit) and self.isAncestorOf(focus)):
            self._hide_keyboard()

    def show_keyboard(self: KioskWindow, box: QLineEdit) -> None:
        """The keyboard under the screen, typing into `box`, which stays in view."""
        self.keyboard.set_target(box)
        screen = self.current
        screen.keyboard_shown(box)
        self.keyboard.show()
        self.fit_keyboard()
        QTimer.singleShot(0, lambda: show_whole(screen.scroll, screen.typing_area(box),
                                                TYPING_MARGIN))

    def _hide_keyboard(self: KioskWindow) -> None:
        was_up = self.keyboard.isVisible()
        self.keyboard.hide()
        self.keyboard.set_target(None)
        if was_up and self.screens:
            self.current.keyboard_shown(None)

    def fit_keyboard(self: KioskWindow) -> None:
        """Keys as big as the text size asks, but only as tall as the room the screen
        leaves (never under 48 px): header, screen and crisis bar all stay on screen."""
        if not self.keyboard.isVisible() or not self.screens:
            return
        room = (self.height() - self.header.sizeHint().height()
                - self.footer.sizeHint().height() - self.current.minimumSizeHint().height())
        self.keyboard.fit(room, self.scale)
