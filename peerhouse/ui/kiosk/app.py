"""`peerhouse kiosk`: open the records with the key kept on this computer and run the kiosk.

The kiosk never asks for the owner password or the recovery code (residents stand at
it): without a key in the keyring it shows a plain screen asking staff to unlock
PeerHouse on this computer first.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from peerhouse.app import records
from peerhouse.app.records import Store
from peerhouse.errors import KeyUnavailable, NoKeyring, PeerHouseError, WrongKey
from peerhouse.i18n import Message, _, lazy
from peerhouse.paths import DataPaths
from peerhouse.ui import gc_timer
from peerhouse.ui.kiosk.widgets import fill_screen, kbutton, kiosk_qss, label
from peerhouse.ui.kiosk.window import KioskWindow
from peerhouse.ui.workers import run_task, wait_for_tasks

log = logging.getLogger(__name__)

NOT_SET_UP = lazy("PeerHouse is not set up on this computer yet.\n\nStaff: open PeerHouse to "
                  "set it up, then start the kiosk again.")
LOCKED = lazy("The kiosk can't open yet.\n\nStaff: please open PeerHouse on this computer and "
              "unlock it with the owner password or the recovery code, then start the kiosk "
              "again.")
UNEXPECTED = lazy("The kiosk can't open the records just now.\n\nStaff: please open "
                  "PeerHouse on this computer; it checks the records and says what is wrong.")
NO_KEYRING = lazy("The kiosk can't open by itself on this computer: it has no keyring to keep "
                  "the key in.\n\nStaff: please open PeerHouse, sign in and press "
                  "\u201cStart kiosk\u201d.")


class NoticeScreen(QWidget):
    """A plain full-screen message for when the kiosk cannot start; staff may close it."""

    def __init__(self, text: str | Message) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("Kiosk")
        self.setWindowTitle(_("PeerHouse kiosk"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(kiosk_qss())
        box = QVBoxLayout(self)
        box.setContentsMargins(80, 60, 80, 60)
        box.addStretch(1)
        self.text = label(str(text), "KioskTitle")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.text)
        box.addSpacing(30)
        close = kbutton(_("Close"), primary=True, on_click=self.close)
        close.setMaximumWidth(320)
        box.addWidget(close, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)


def _open_with_keyring(paths: DataPaths) -> Store:
    return records.open_from_keyring(paths)


class KioskLauncher(QObject):
    """Finds the key, opens the records off the UI thread, then shows the kiosk."""

    def __init__(self, paths: DataPaths, *, full_screen: bool = True) -> None:
        super().__init__()
        self.paths = paths
        self.full_screen = full_screen
        self.store: Store | None = None
        self.window: QWidget | None = None

    def start(self) -> None:
        if not self.paths.db.exists():
            self._notice(NOT_SET_UP)
            return
        # The keyring can be slow (or ask the desktop for permission): not on the UI thread.
        run_task(_open_with_keyring, self.paths, on_success=self._opened,
                 on_failure=self._failed)

    def _opened(self, store: Store) -> None:
        self.store = store
        window = KioskWindow(self.paths, store)
        window.closed.connect(QApplication.quit)
        self.window = window
        if self.full_screen:
            window.open_full_screen()
        else:
            window.resize(1280, 800)
            window.show()

    def _failed(self, exc: BaseException) -> None:
        """Every way the records cannot open gets a plain screen, never a silent exit."""
        if isinstance(exc, NoKeyring):
            self._notice(NO_KEYRING)
        elif isinstance(exc, (KeyUnavailable, WrongKey)):
            self._notice(LOCKED)
        elif isinstance(exc, PeerHouseError):
            self._notice(_("The kiosk can't open the records.\n\n{problem}").format(
                problem=exc))
        else:
            log.error("kiosk could not open the records: %s", type(exc).__name__)
            self._notice(UNEXPECTED)

    def _notice(self, text: str | Message) -> None:
        notice = NoticeScreen(text)
        notice.destroyed.connect(QApplication.quit)
        notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.window = notice
        if self.full_screen:
            fill_screen(notice)
        else:
            notice.resize(1024, 768)
            notice.show()

    def shutdown(self) -> None:
        wait_for_tasks()
        if self.store is not None:
            self.store.close()


def main(paths: DataPaths) -> int:
    from peerhouse.ui.qt_app import prepare_app, setup_logging

    app = prepare_app(paths)
    setup_logging(paths)
    launcher = KioskLauncher(paths)
    launcher.start()
    try:
        return app.exec()
    finally:
        launcher.shutdown()
        gc_timer.release_windows(app)
