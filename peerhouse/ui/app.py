"""Start-up and the session cycle of the manager window.

first run → set-up wizard → login;  existing file → the sign-in dialog at once, while
(unlock if the keyring has no key) → open (migrations run off the UI thread) → quick
check (damaged: offer the newest good backup) → signing in works → main window ⇄ idle
lock → log out. A restore from the Backups tab signs everyone out and starts again from
the top; closing makes an automatic backup.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from peerhouse.app import records
from peerhouse.errors import (
    AccountChanged,
    ChangesLost,
    DatabaseDamaged,
    KeyUnavailable,
    NoKeyring,
    PeerHouseError,
    RoleChanged,
    WrongKey,
)
from peerhouse.models.houses import House
from peerhouse.paths import DataPaths
from peerhouse.services import houses, unit
from peerhouse.services.actor import Actor
from peerhouse.store import vault
from peerhouse.store.engine import Store
from peerhouse.ui import session_guard, workers
from peerhouse.ui.app_kiosk import KioskHandoff
from peerhouse.ui.app_restore import RestoreCycle
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import log_problem, report_error, show_message
from peerhouse.ui.idle import IdleWatcher
from peerhouse.ui.lock_hiding import put_away, show_again
from peerhouse.ui.manager.window import MainWindow
from peerhouse.ui.session import open_check
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.session.setup_wizard import SetupWizard
from peerhouse.ui.session.unlock import UnlockDialog
from peerhouse.ui.start import first_window
from peerhouse.ui.window_place import place_and_show
from peerhouse.ui.workers import run_task, wait_for_tasks

log = logging.getLogger(__name__)


def _session_facts(store: Store, actor: Actor) -> tuple[list[House], float]:
    """Runs off the UI thread: the houses this person may see and the idle-lock minutes."""
    minutes = float(houses.get_setting(store, "manager_idle_minutes") or 10)
    return houses.list_houses(store, actor), minutes


class ManagerApp(RestoreCycle, KioskHandoff, QObject):
    """Owns the store, the login state and the top-level windows of one manager session."""

    def __init__(self, paths: DataPaths, opening: LoginDialog | None = None) -> None:
        super().__init__()
        self.paths = paths
        # The sign-in dialog shown while the records open (ui/start.py may have put it on
        # screen before this module was even imported); it gets the store once they are.
        self._opening = opening
        self.store: Store | None = None
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None  # the wizard / unlock / login dialog on screen
        self.idle: IdleWatcher | None = None
        self.locked = False
        self._hidden: list[QWidget] = []  # what the lock put away, to show again on unlock
        self._last_user = ""
        self.kiosk_window: QWidget | None = None  # the kiosk, when started from here
        self.kiosk_full_screen = True
        self._pending: QWidget | None = None  # a dialog of a restore on its way
        self._rebuilt_note = ""  # why the window was rebuilt for another role
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._app_state)

    # -- start-up --------------------------------------------------------------
    def start(self) -> None:
        if not self.paths.exists():
            wizard = SetupWizard(self.paths)
            wizard.accepted.connect(lambda: self._set_up(wizard))
            wizard.rejected.connect(QApplication.quit)
            wizard.restore_wanted.connect(lambda: self._restore_instead(wizard))
            self._show(wizard)
            return
        self._opening = self._opening or first_window(self.paths)
        if self._opening is not None:
            self._show(self._opening)
        # The keyring can be slow (or ask the desktop for permission): not on the UI thread.
        run_task(records.key_at_start, self.paths, on_success=self._open,
                 on_failure=self._no_key)

    def _no_key(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseDamaged) or (isinstance(exc, KeyUnavailable) and (
                not self.paths.db.exists() or not self.paths.keyfile.exists())):
            self._cannot_open(str(exc))  # a damaged or missing file: offer a backup
            return
        if not isinstance(exc, (KeyUnavailable, WrongKey)):
            self._fatal(exc)
            return
        # Without a secure keyring there is nowhere to remember the key: no such offer.
        unlock = UnlockDialog(self.paths, str(exc), offer_remember=not isinstance(exc, NoKeyring))
        unlock.accepted.connect(lambda: self._open(unlock.key))
        unlock.rejected.connect(QApplication.quit)
        self._show(unlock)

    def _set_up(self, wizard: SetupWizard) -> None:
        assert wizard.result_ is not None
        self.store = wizard.result_.store
        self._last_user = wizard.owner_page.owner.username if wizard.owner_page.owner else ""
        self.show_login()

    def _open(self, key: bytes | None) -> None:
        assert key is not None
        run_task(vault.open_store, self.paths, key, on_success=lambda s: self._opened(s, key),
                 on_failure=lambda exc: self._damaged(
                     str(exc), key, lost=isinstance(exc, ChangesLost))
                 if isinstance(exc, DatabaseDamaged) else self._fatal(exc))

    def _opened(self, store: Store, key: bytes) -> None:
        self.store = store
        open_check.check_at_open(store, self.show_login,
                                 lambda why, folders: self._damaged(why, key, folders))

    def _fatal(self, exc: BaseException) -> None:
        report_error(exc, None, "PeerHouse cannot open the records", wait=True)
        QApplication.quit()

    # -- login -----------------------------------------------------------------
    def show_login(self) -> None:
        assert self.store is not None
        dialog, self._opening = self._opening, None
        if dialog is None or not shiboken6.isValid(dialog):
            dialog = LoginDialog(self.store)
            dialog.rejected.connect(QApplication.quit)
        if self._last_user:
            dialog.username.setText(self._last_user)
            dialog.password.setFocus()
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        self._show(dialog)
        if dialog.store is None:
            dialog.set_store(self.store)  # may sign in at once: everything is connected

        def name_house(found: list[House]) -> None:
            dialog.set_house_name(found[0].name if len(found) == 1 else "")

        run_task(houses.list_houses, self.store, Actor.system(), on_success=name_house,
                 on_failure=lambda exc: log.warning("house name not shown: %s",
                                                    type(exc).__name__), owner=dialog)

    def _logged_in(self, dialog: LoginDialog) -> None:
        assert self.store is not None and dialog.actor is not None and dialog.account is not None
        actor, account = dialog.actor, dialog.account

        def ready(facts: tuple[list[House], float]) -> None:
            house_list, minutes = facts
            if not house_list:
                report_error(PeerHouseError("There is no house set up yet."), None)
                self.show_login()
                return
            self._start_session(actor, account.username, account.display_name,
                                house_list[0].id or 0, minutes)

        def failed(exc: BaseException) -> None:
            report_error(exc, None)
            self.show_login()

        run_task(_session_facts, self.store, actor, on_success=ready, on_failure=failed)

    def _start_session(self, actor: Actor, username: str, display_name: str, house_id: int,
                       minutes: float) -> None:
        """A fresh context (and bus) per login: nothing of an earlier session can fire."""
        assert self.store is not None
        self._last_user = username
        self.ctx = AppContext(self.paths, self.store, actor, username, display_name, house_id)
        self.window = MainWindow(self.ctx)
        self.window.lock_requested.connect(self.lock)
        self.window.logout_requested.connect(self.logout)
        self.window.kiosk_requested.connect(self.start_kiosk)
        self.window.closed.connect(self._window_closed)
        self.ctx.bus.restore_requested.connect(self._restore)
        place_and_show(self.window, self.paths)
        self.dialog = None
        self.idle = IdleWatcher(minutes * 60)
        self.idle.idle.connect(self.lock)
        self.idle.start()
        session_guard.set_handler(self._account_changed)
        note, self._rebuilt_note = self._rebuilt_note, ""
        if note:  # over the new window once it is on screen (a box shown with it stays blank)
            window = self.window
            QTimer.singleShot(0, lambda: show_message(
                QMessageBox.Icon.Information, "Your role changed", note, window)
                if shiboken6.isValid(window) and window.isVisible() else None)

    # -- the account changing under an open window ----------------------------------------
    def _account_changed(self, exc: AccountChanged) -> None:
        """A service found the signed-in account turned off (sign out, saying why) or its
        role changed (the window is rebuilt with the sections the new role may see)."""
        if self.ctx is None:
            return
        ctx = self.ctx
        hidden, self._hidden = self._hidden, []
        if isinstance(exc, RoleChanged):
            log.info("role changed in an open window: the window is rebuilt")
            self._rebuilt_note = str(exc)  # said over the new window, once it is up
            self._role_changed(replace(ctx.actor, role=exc.role), ctx.display_name, hidden)
            return
        log.info("account turned off in an open window: signed out")
        self._end_session(hidden)
        self.show_login()
        show_message(QMessageBox.Icon.Warning, "Signed out", str(exc), self.dialog)

    def recheck_account(self) -> None:
        """When the window becomes active again: is the account still on, with the role
        the window was built for? (Every service call checks too; this reacts at once.)"""
        if self.ctx is None or self.store is None or self.locked:
            return
        ctx = self.ctx

        def compare(fresh: Actor) -> None:
            if self.ctx is ctx and fresh.role != ctx.actor.role:
                self._account_changed(RoleChanged(unit.role_changed_text(fresh.role),
                                                  fresh.role))

        run_task(unit.refresh, self.store, ctx.actor, on_success=compare,
                 on_failure=lambda exc: log_problem("account re-check failed", exc))

    def _app_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.recheck_account()

    # -- idle lock ---------------------------------------------------------------
    def lock(self) -> None:
        """Hide the windows (unsaved input stays in them) until the same user unlocks.

        Results of background work arriving meanwhile wait (`workers.hold`), so no
        message or form pops up over the lock screen. Question boxes are closed: their
        question counts as answered "Cancel" and is never shown again.
        """
        if self.ctx is None or self.store is None or self.locked:
            return
        self.locked = True
        workers.hold()
        self._hidden = []
        for w in QApplication.topLevelWidgets():
            if w.isVisible():
                try:
                    self._put_away(w)
                except Exception as exc:  # hiding must go on whatever one widget does
                    log_problem("could not put a window away at lock", exc)
                    w.hide()
        dialog = LoginDialog(self.store, username=self.ctx.username, unsaved=self._unsaved_work)
        dialog.accepted.connect(lambda: self._unlocked(dialog))
        dialog.rejected.connect(self.logout)
        self._show(dialog)

    def _put_away(self, w: QWidget) -> None:
        put_away(w, self._hidden, self._hidden_dialog_finished)

    def _hidden_dialog_finished(self, _result: int) -> None:
        """A hidden dialog closed (its save finished, say): it must not come back."""
        sender = self.sender()
        self._hidden = [w for w in self._hidden if w is not sender]

    def _unlocked(self, dialog: LoginDialog) -> None:
        self.dialog = None
        self.locked = False
        hidden, self._hidden = self._hidden, []
        try:
            for w in hidden:
                if isinstance(w, QDialog) and shiboken6.isValid(w):
                    w.finished.disconnect(self._hidden_dialog_finished)
            actor, account = dialog.actor, dialog.account
            if self.ctx is not None and actor is not None and actor != self.ctx.actor:
                if account is not None and actor.role != self.ctx.actor.role:
                    self._role_changed(actor, account.display_name, hidden)
                    return
                self.ctx.actor = actor  # the freshly logged-in account
            show_again(self.window, hidden)
        finally:
            if self.idle is not None:
                self.idle.reset()
            workers.release()  # the held results, in order, now over the unlocked window

    def _role_changed(self, actor: Actor, display_name: str, hidden: list[QWidget]) -> None:
        """The account's role changed while locked: the window was built for the old
        role, so it is rebuilt to show only what the new role may see."""
        assert self.ctx is not None
        ctx = self.ctx
        log.info("role changed while locked: the window is rebuilt")
        self._end_session(hidden)

        def ready(facts: tuple[list[House], float]) -> None:
            ids = [h.id or 0 for h in facts[0]]
            if not ids:
                self.show_login()
                return
            house_id = ctx.house_id if ctx.house_id in ids else ids[0]
            self._start_session(actor, ctx.username, display_name, house_id, facts[1])

        run_task(_session_facts, ctx.store, actor, on_success=ready,
                 on_failure=lambda _exc: self.logout())

    # -- log out -----------------------------------------------------------------
    def _unsaved_work(self) -> list[str]:
        if self.window is None or not shiboken6.isValid(self.window):
            return []
        return self.window.unsaved_work([w for w in self._hidden if shiboken6.isValid(w)])

    def _window_closed(self) -> None:
        if self.window is not None:  # closed by the person, not by logging out
            QApplication.quit()

    def _end_session(self, hidden: list[QWidget]) -> None:
        """Close the session's windows once no background result can reach them."""
        session_guard.clear_handler(self._account_changed)
        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        window, self.window = self.window, None  # first: its closing must not quit the app
        ctx, self.ctx = self.ctx, None
        self.locked = False
        # Nothing may finish into a deleted window (the screen keeps painting meanwhile;
        # results arriving are held, then dropped) …
        workers.hold()
        workers.finish_tasks("Finishing what is being saved…")
        workers.discard_pending()  # … and results already on their way are dropped
        workers.release()
        if ctx is not None:
            ctx.bus.blockSignals(True)  # old lambdas connected to it can never fire
            ctx.bus.deleteLater()
        for w in hidden:
            if shiboken6.isValid(w) and w is not window:
                if isinstance(w, QDialog):
                    w.done(QDialog.DialogCode.Rejected)
                else:
                    w.close()
        if window is not None and shiboken6.isValid(window):
            window.discard_and_close()
            window.deleteLater()
        self.dialog = None

    def logout(self) -> None:
        hidden, self._hidden = self._hidden, []
        self._end_session(hidden)
        self.show_login()

    def shutdown(self) -> None:
        if self.idle is not None:
            self.idle.stop()
        wait_for_tasks()
        workers.discard_pending()
        workers.release()  # closing while locked: nothing may wait for an unlock any more
        if self.store is not None:
            open_check.backup_on_close(self.store)
            self.store.close()

    def _show(self, widget: QWidget) -> None:
        opening = self._opening
        if opening is not None and widget is not opening:
            # The records could not be opened as they are: the unlock or damaged-file
            # dialog replaces the sign-in dialog (whose Quit must not end the program now).
            self._opening = None
            if shiboken6.isValid(opening):
                opening.rejected.disconnect(QApplication.quit)
                opening.hide()
                opening.deleteLater()
        self.dialog = widget
        widget.show()
        widget.raise_()
        widget.activateWindow()
