"""Start-up and the session cycle of the manager window.

first run → set-up wizard → login;  existing file → (unlock if the keyring has no key)
→ open (migrations run off the UI thread) → login → main window ⇄ idle lock → log out.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from peerhouse.errors import KeyUnavailable, PeerHouseError, WrongKey
from peerhouse.paths import DataPaths
from peerhouse.services import houses
from peerhouse.services.actor import Actor
from peerhouse.store import vault
from peerhouse.store.engine import Store
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import install_excepthook, report_error
from peerhouse.ui.idle import IdleWatcher
from peerhouse.ui.login import LoginDialog
from peerhouse.ui.main_window import MainWindow
from peerhouse.ui.setup_wizard import SetupWizard
from peerhouse.ui.theme import apply_theme
from peerhouse.ui.unlock import UnlockDialog
from peerhouse.ui.workers import run_task, wait_for_tasks

log = logging.getLogger(__name__)


class ManagerApp(QObject):
    """Owns the store, the login state and the top-level windows of one manager session."""

    def __init__(self, paths: DataPaths) -> None:
        super().__init__()
        self.paths = paths
        self.store: Store | None = None
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None  # the wizard / unlock / login dialog on screen
        self.idle: IdleWatcher | None = None
        self._hidden: list[QWidget] = []
        self._last_user = ""

    # -- start-up --------------------------------------------------------------
    def start(self) -> None:
        if not self.paths.exists():
            wizard = SetupWizard(self.paths)
            wizard.accepted.connect(lambda: self._set_up(wizard))
            wizard.rejected.connect(QApplication.quit)
            self._show(wizard)
            return
        try:
            key = vault.key_from_keyring(self.paths)
        except (KeyUnavailable, WrongKey) as exc:
            if not self.paths.db.exists() or not self.paths.keyfile.exists():
                self._fatal(exc)
                return
            unlock = UnlockDialog(self.paths, str(exc))
            unlock.accepted.connect(lambda: self._open(unlock.key))
            unlock.rejected.connect(QApplication.quit)
            self._show(unlock)
            return
        except PeerHouseError as exc:
            self._fatal(exc)
            return
        self._open(key)

    def _set_up(self, wizard: SetupWizard) -> None:
        assert wizard.result_ is not None
        self.store = wizard.result_.store
        self._last_user = wizard.owner_page.owner.username if wizard.owner_page.owner else ""
        self.show_login()

    def _open(self, key: bytes | None) -> None:
        assert key is not None
        run_task(vault.open_store, self.paths, key, on_success=self._opened, on_failure=self._fatal)

    def _opened(self, store: Store) -> None:
        self.store = store
        self.show_login()

    def _fatal(self, exc: BaseException) -> None:
        report_error(exc, None, "PeerHouse cannot open the records")
        QApplication.quit()

    # -- login, lock, logout ---------------------------------------------------
    def show_login(self) -> None:
        assert self.store is not None
        names = [h.name for h in houses.list_houses(self.store, Actor.system())]
        dialog = LoginDialog(self.store, house_name=names[0] if len(names) == 1 else "")
        if self._last_user:
            dialog.username.setText(self._last_user)
            dialog.password.setFocus()
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        dialog.rejected.connect(QApplication.quit)
        self._show(dialog)

    def _logged_in(self, dialog: LoginDialog) -> None:
        assert self.store is not None and dialog.actor is not None and dialog.account is not None
        house_list = houses.list_houses(self.store, dialog.actor)
        if not house_list:
            report_error(PeerHouseError("There is no house set up yet."), None)
            return
        self._last_user = dialog.account.username
        self.ctx = AppContext(self.paths, self.store, dialog.actor, dialog.account.username,
                              dialog.account.display_name, house_list[0].id or 0)
        self.window = MainWindow(self.ctx)
        self.window.lock_requested.connect(self.lock)
        self.window.logout_requested.connect(self.logout)
        self.window.closed.connect(self._window_closed)
        self.window.resize(1280, 800)
        self.window.show()
        self.dialog = None
        minutes = float(houses.get_setting(self.store, "manager_idle_minutes") or 10)
        self.idle = IdleWatcher(minutes * 60)
        self.idle.idle.connect(self.lock)
        self.idle.start()

    def lock(self) -> None:
        """Hide every window (unsaved input stays in them) until the same user unlocks."""
        if self.ctx is None or self.store is None or isinstance(self.dialog, LoginDialog):
            return
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for w in self._hidden:
            w.hide()
        dialog = LoginDialog(self.store, username=self.ctx.username)
        dialog.accepted.connect(lambda: self._unlocked(dialog))
        dialog.rejected.connect(self.logout)
        self._show(dialog)

    def _unlocked(self, dialog: LoginDialog) -> None:
        self.dialog = None
        for w in self._hidden:
            w.show()
        self._hidden = []
        if self.idle is not None:
            self.idle.reset()

    def _window_closed(self) -> None:
        if self.window is not None:  # closed by the person, not by logging out
            QApplication.quit()

    def logout(self) -> None:
        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        window, self.window = self.window, None  # first: its closing must not quit the app
        for w in self._hidden:
            w.close()
        self._hidden = []
        if window is not None:
            window.close()
            window.deleteLater()
        self.ctx = None
        self.dialog = None
        self.show_login()

    def shutdown(self) -> None:
        if self.idle is not None:
            self.idle.stop()
        wait_for_tasks()
        if self.store is not None:
            self.store.close()

    def _show(self, widget: QWidget) -> None:
        self.dialog = widget
        widget.show()
        widget.raise_()
        widget.activateWindow()


def setup_logging(paths: DataPaths) -> None:
    """A rotating log in the data dir: record ids and error types only, never names."""
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            paths.logs / "peerhouse.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(paths: DataPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("PeerHouse")
    # Dialogs come and go between windows (login, lock); quitting is decided explicitly.
    app.setQuitOnLastWindowClosed(False)
    setup_logging(paths)
    apply_theme(app)
    install_excepthook()
    manager = ManagerApp(paths)
    manager.start()
    try:
        return app.exec()
    finally:
        manager.shutdown()
