"""The Qt application the manager window and the kiosk both run in, and the log file.

Shared by the two programs' start-ups (`peerhouse.ui.start` for the manager window,
`peerhouse.ui.kiosk.app` for the kiosk), which stand apart and import nothing of each
other. Like the rest of the first window's path, it imports no more than it needs.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication

from peerhouse.i18n import set_default_language
from peerhouse.i18n.language import language_from_environment
from peerhouse.paths import DataPaths
from peerhouse.ui import gc_timer, wheel_guard
from peerhouse.ui.errors import install_excepthook
from peerhouse.ui.qt_language import use_qt_language
from peerhouse.ui.theme import apply_theme
from peerhouse.ui.window_fit import keep_on_screen


def setup_logging(paths: DataPaths) -> None:
    """A rotating log in the data dir: record ids and error types only, never names."""
    from peerhouse.files import private_log_handler  # its import is slow: after the window

    try:
        handler: logging.Handler = private_log_handler(paths.logs / "peerhouse.log",
                                                       max_bytes=1_000_000, backup_count=3)
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def prepare_app(paths: DataPaths) -> QApplication:
    """The Qt application both windows run in: theme, the wheel guard and the error hook
    (the log file comes once the first window is up: `setup_logging`)."""
    existing = QApplication.instance()
    if existing is None:
        QApplication.setStyle("Fusion")  # before the app exists: no other style is built
    app = existing or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("PeerHouse")
    # Dialogs come and go between windows (login, lock); quitting is decided explicitly.
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)
    wheel_guard.install(app)  # the wheel scrolls forms instead of changing their fields
    gc_timer.install(app)  # cycles are freed on this thread, never on a worker
    keep_on_screen(app)  # no window larger than its screen (small screens, large scaling)
    install_excepthook()
    start_language()
    return app


def start_language() -> None:
    """The language the windows start in before anyone signs in: English, or the
    developer's `PEERHOUSE_LANGUAGE` (i18n.language.language_from_environment)."""
    code = language_from_environment()
    if code is not None:
        set_default_language(code)
        use_qt_language(code)
