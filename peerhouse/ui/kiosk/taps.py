"""Taps land where the finger put them, even while the on-screen keyboard comes and goes.

Two things moved the kiosk under a resident's finger:

- A tap on a button while the keyboard was up took the focus from the text box, the
  keyboard went away at once (on the press), the screen grew into its room, and the
  button had moved by the time the finger was lifted: the tap did nothing ("Close the
  kiosk" needed two taps). Now the keyboard goes only once the finger is lifted, after
  the tap has acted (`when_lifted`).
- Done hides the keyboard, and the screen's own buttons move down into its room: the
  second tap of a quick double tap on Done landed on "Save my check-in" and saved it.
  The system sends that second tap as a double-click; it now counts only on the button
  the first tap pressed (two quick taps on one key still type two letters).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


class TapGuard(QObject):
    """Watches the taps (mouse presses) in `window` through an application event filter."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self._pressed: QObject | None = None  # the button the last tap went down on
        self._on_lift: Callable[[], None] | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def when_lifted(self, fn: Callable[[], None]) -> None:
        """Run `fn` now, or, while a finger (mouse button) is down, once it is lifted and
        the tap has done what it does."""
        if QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self._on_lift = None
            fn()
        else:
            self._on_lift = fn

    def cancel(self) -> None:
        """Forget a `when_lifted` still waiting (a text box took the focus back)."""
        self._on_lift = None

    def _lifted(self) -> None:
        fn, self._on_lift = self._on_lift, None
        if fn is not None:
            fn()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not shiboken6.isValid(self.window):
            # The window is being deleted (its destructor hides it, which still sends
            # events here): asking it anything would raise inside Qt and crash the exit.
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease and self._on_lift is not None:
            QTimer.singleShot(0, self._lifted)  # after the release has clicked the button
        elif isinstance(watched, QAbstractButton) and self.window.isAncestorOf(watched):
            if kind == QEvent.Type.MouseButtonPress:
                self._pressed = watched
            elif kind == QEvent.Type.MouseButtonDblClick and watched is not self._pressed:
                return True  # the second tap of a double tap, on what moved under it
        return False
