"""The manager window's start-up: a window on screen first, the rest of the program after.

Importing the database layer, the services and the screens takes about a second on an
old PC. So only Qt, the theme and the sign-in dialog load before the first window is
shown; the database layer and services are imported on the shared worker thread while
the person reads the window and types, the window modules after them on the UI thread,
then the session cycle (`peerhouse.ui.app`) takes the dialog over.

The modules on that first path (this one, qt_app, theme, errors, workers, login) import no more
than they need: not even PySide's `Qt` namespace at module level, whose enums take
~20 ms to load, about a sixth of what a bare Qt window needs to appear
(tests/benchmarks measure the ratio).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from peerhouse.i18n import _, set_default_language
from peerhouse.paths import DataPaths
from peerhouse.ui import gc_timer
from peerhouse.ui.errors import report_error
from peerhouse.ui.qt_app import prepare_app, setup_logging
from peerhouse.ui.qt_language import use_qt_language
from peerhouse.ui.workers import run_task, wait_for_tasks

if TYPE_CHECKING:
    from peerhouse.ui.app import ManagerApp
    from peerhouse.ui.session.login import LoginDialog

# What the session needs and the first window does not (imported after its first paint).
SESSION_MODULE = "peerhouse.ui.app"
# The Qt-free bulk of it (database layer, models, services): most of the import time.
QT_FREE_MODULES = (
    "peerhouse.models", "peerhouse.app.records", "peerhouse.services.accounts",
    "peerhouse.services.houses", "peerhouse.app.today", "peerhouse.services.kiosk",
    "peerhouse.services.backups", "peerhouse.services.integrity",
)


def load_qt_free_code() -> None:
    """Runs on the worker thread: modules that never touch Qt.

    The modules defining windows are imported on the UI thread instead (`load_windows`):
    loading Qt's extension modules and plugins off it crashed the frozen program now and
    then (`make dist-check`).
    """
    for name in QT_FREE_MODULES:
        importlib.import_module(name)


def load_windows() -> ModuleType:
    """On the UI thread: the session cycle and every screen's module (class definitions
    only, no widgets), so that signing in only has widgets left to build."""
    module = importlib.import_module(SESSION_MODULE)
    from peerhouse.ui.manager.window import section_classes

    section_classes()
    return module


def first_window(paths: DataPaths) -> LoginDialog | None:
    """The sign-in dialog, on screen at once while the records open (None on a first
    run: the set-up wizard comes first there)."""
    if not paths.exists():
        return None
    from peerhouse.ui.session.login import LoginDialog
    from peerhouse.ui.session.login_language import remember

    dialog = LoginDialog(None)
    dialog.rejected.connect(QApplication.quit)  # Quit before the session took over
    dialog.language_chosen.connect(lambda code: remember(paths, code))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


class _AfterFirstPaint(QObject):
    """Calls `then` once, just after `widget` was first painted (or after `latest_ms`
    whatever happens), so the work it starts does not slow the first window down."""

    def __init__(self, widget: QWidget | None, then: Callable[[], None],
                 latest_ms: int = 500) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        if widget is None:
            QTimer.singleShot(0, self._fire)
            return
        widget.installEventFilter(self)
        QTimer.singleShot(latest_ms, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._fire)  # once this paint is done
        return False

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def after_first_paint(widget: QWidget | None, then: Callable[[], None]) -> None:
    """Run `then` once the first window is on screen (at once when there is none)."""
    _AfterFirstPaint(widget, then)


def sign_in_language(paths: DataPaths) -> None:
    """The manager's sign-in starts in what its switch last chose on this PC (unless
    `PEERHOUSE_LANGUAGE` chose already); the kiosk keeps its own start."""
    from peerhouse.ui.session.login_language import remembered

    code = remembered(paths)
    if code is not None and "PEERHOUSE_LANGUAGE" not in os.environ:
        set_default_language(code)
        use_qt_language(code)


def main(paths: DataPaths) -> int:
    app = prepare_app(paths)
    sign_in_language(paths)
    opening = first_window(paths)
    session: list[ManagerApp] = []

    def loaded(module: ModuleType) -> None:
        manager = module.ManagerApp(paths, opening=opening)
        session.append(manager)
        manager.start()

    def failed(exc: BaseException) -> None:
        report_error(exc, None, _("PeerHouse could not start"), wait=True)
        QApplication.quit()

    def load_the_rest() -> None:
        setup_logging(paths)
        def windows(_none: None) -> None:
            try:
                module = load_windows()
            except Exception as exc:  # a damaged install: say so instead of "Opening…" forever
                failed(exc)
                return
            loaded(module)

        run_task(load_qt_free_code, on_success=windows, on_failure=failed)

    after_first_paint(opening, load_the_rest)
    try:
        return app.exec()
    finally:
        if session:
            session[0].shutdown()
        else:
            wait_for_tasks()
        gc_timer.release_windows(app)
