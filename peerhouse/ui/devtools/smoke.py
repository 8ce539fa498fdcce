"""A self-check of the built program: show the first window, save a picture of it, quit.

`make dist-check` proves from the bundle alone, with nobody at the screen, that the
windows open — Qt and its plugins, the theme and icons, the key from the keyring, the
encrypted file. `peerhouse gui|kiosk --smoke-screenshot FILE.png` (hidden from --help)
arms it; with `--smoke-sign-in USER` the password from standard input goes into the
sign-in window through its usual check, so the manager window itself is shown.

Once a window (other than the sign-in) is shown and background work has been quiet for
half a second, the first window still open is saved as a PNG and named on standard
output (class, title, size); the program then quits through the same shutdown as when a
person closes it (the manager window's backup on closing included). No window within the
time limit is a failure (exit status 3). Nothing else changes.

After it, a line `smoke-language: <code> '<a catalog message>' '<a Qt word>'` shows the
language the windows speak with a message from PeerHouse's catalog and a word of Qt's
own translation in it, so a frozen build that lost either is caught
(`PEERHOUSE_LANGUAGE=es` should print 'Semana del …' and 'Cancelar').
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from peerhouse.i18n import current_language
from peerhouse.i18n.formats import week_of
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.workers import active, pending

EXIT_NO_WINDOW = 3
SETTLED_POLLS = 5  # quiet polls in a row (of POLL_MS each) before the picture is taken
POLL_MS = 100


class SmokeShot(QObject):
    """Watches top-level windows being shown; photographs the first one still open once
    the program has settled."""

    def __init__(self, target: Path, *, sign_in: str = "", password: str = "",
                 timeout_s: float = 120.0, quit_with: Callable[[int], None] = QApplication.exit,
                 ) -> None:
        super().__init__()
        self.target = target
        self._quit_with = quit_with  # tests keep their event loop
        self._sign_in, self._password = sign_in, password
        self.shown: list[QWidget] = []  # windows in the order they were shown
        self.window: QWidget | None = None  # the one photographed
        self.result = ""  # the line printed once the picture is saved
        self._quiet = 0
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._too_late)
        self._deadline.start(int(timeout_s * 1000))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.Show and self.window is None
                and isinstance(obj, QWidget) and obj.isWindow()
                and obj.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)):
            self._shown(obj)
        return False

    def _shown(self, widget: QWidget) -> None:
        if isinstance(widget, LoginDialog) and self._sign_in:
            widget.username.setText(self._sign_in)
            widget.password.setText(self._password)
            self._sign_in = self._password = ""  # once: a refused password is not retried
            QTimer.singleShot(0, widget.try_login)
            return
        self.shown.append(widget)
        self._poll.start()

    def _open_windows(self) -> list[QWidget]:
        """Shown windows still on screen as windows (a widget shown before it was put in its
        layout counts as a window for a moment, then is not one any more)."""
        return [w for w in self.shown
                if shiboken6.isValid(w) and w.isWindow() and w.isVisible()]

    def _check(self) -> None:
        """Take the picture once background work has been quiet for a moment."""
        busy = pending() or active()
        self._quiet = 0 if busy else self._quiet + 1
        windows = self._open_windows()
        if self._quiet < SETTLED_POLLS or not windows:
            return
        self._poll.stop()
        self._deadline.stop()
        self.window = window = windows[0]
        self.target.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(self.target)):
            self._finish(f"smoke: could not write {self.target}", EXIT_NO_WINDOW)
            return
        size = window.size()
        self._finish(f"smoke: {type(window).__name__} '{window.windowTitle()}' "
                     f"{size.width()}x{size.height()} saved to {self.target}", 0,
                     then=language_line())

    def _too_late(self) -> None:
        self._poll.stop()
        self._finish("smoke: no window was shown in time", EXIT_NO_WINDOW)

    def _finish(self, line: str, status: int, then: str = "") -> None:
        self.result = line
        stream = sys.stdout if status == 0 else sys.stderr
        if stream is not None:  # a windowed program on Windows has no console
            print("\n".join(filter(None, (line, then))), file=stream, flush=True)
        self._quit_with(status)


def language_line() -> str:
    """The windows' language, a message of PeerHouse's catalog and a word of Qt's own
    translation (its Cancel button), each as the windows would show it now."""
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    return f"smoke-language: {current_language()} '{week_of(date(2026, 12, 7))}' '{cancel}'"


def arm(target: str | Path, **options: Any) -> SmokeShot:
    """Watch for the first window of the program about to start (call before its main)."""
    app = QApplication.instance() or QApplication(sys.argv)
    shot = SmokeShot(Path(target), **options)
    shot.setParent(app)
    app.installEventFilter(shot)
    return shot
