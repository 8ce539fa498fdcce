"""`peerhouse kiosk`: open the records with the key kept on this computer and run the kiosk.

The kiosk never asks for the owner password or the recovery code (residents stand at
it): without a key in the keyring it shows a plain screen asking staff to unlock
PeerHouse on this computer first.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from peerhouse.errors import KeyUnavailable, PeerHouseError, WrongKey
from peerhouse.paths import DataPaths
from peerhouse.store import keyring_slot, vault
from peerhouse.store.engine import Store
from peerhouse.ui.kiosk.widgets import fill_screen, kbutton, kiosk_qss, label
from peerhouse.ui.kiosk.window import KioskWindow
from peerhouse.ui.workers import run_task, wait_for_tasks

NOT_SET_UP = ("PeerHouse is not set up on this computer yet.\n\nStaff: open PeerHouse to set "
              "it up, then start the kiosk again.")
LOCKED = ("The kiosk can't open yet.\n\nStaff: please open PeerHouse on this computer and "
          "unlock it with the owner password or the recovery code, then start the kiosk again.")
NO_KEYRING = ("The kiosk can't open by itself on this computer: it has no keyring to keep "
              "the key in.\n\nStaff: please open PeerHouse, sign in and press "
              "\u201cStart kiosk\u201d.")


class NoticeScreen(QWidget):
    """A plain full-screen message for when the kiosk cannot start; staff may close it."""

    def __init__(self, text: str) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("Kiosk")
        self.setWindowTitle("PeerHouse kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(kiosk_qss())
        box = QVBoxLayout(self)
        box.setContentsMargins(80, 60, 80, 60)
        box.addStretch(1)
        self.text = label(text, "KioskTitle")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.text)
        box.addSpacing(30)
        close = kbutton("Close", primary=True, on_click=self.close)
        close.setMaximumWidth(320)
        box.addWidget(close, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)


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
        try:
            key = vault.key_from_keyring(self.paths)
        except (KeyUnavailable, WrongKey) as exc:
            self._notice(NO_KEYRING if keyring_slot.NO_KEYRING in str(exc) else LOCKED)
            return
        run_task(vault.open_store, self.paths, key, on_success=self._opened,
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
        text = str(exc) if isinstance(exc, PeerHouseError) else LOCKED
        self._notice(f"The kiosk can't open the records.\n\n{text}")

    def _notice(self, text: str) -> None:
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
    from peerhouse.ui.app import prepare_app

    app = prepare_app(paths)
    launcher = KioskLauncher(paths)
    launcher.start()
    try:
        return app.exec()
    finally:
        launcher.shutdown()
