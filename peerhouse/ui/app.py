"""Start-up and the session cycle of the manager window, moved along one state table.

first run → set-up wizard → login;  existing file → the sign-in dialog at once, while
(unlock if the keyring has no key) → open (migrations run off the UI thread) → quick
check (damaged: offer the newest good backup) → signing in works → main window ⇄ idle
lock → log out. A restore from the Backups tab signs everyone out and starts again from
the top; closing makes an automatic backup. The states and the moves allowed between them
are `peerhouse.app.startup`; the kiosk hand-off (`app_kiosk`) and the damage and restore
steps (`app_restore`) are small objects this one holds.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from peerhouse.app import records
from peerhouse.app.records import Store
from peerhouse.app.session_facts import SessionFacts, session_facts
from peerhouse.app.startup import Machine, State
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
from peerhouse.i18n import _, default_language
from peerhouse.models.houses import House
from peerhouse.paths import DataPaths
from peerhouse.services import houses, unit
from peerhouse.services.actor import Actor
from peerhouse.ui import session_guard, workers
from peerhouse.ui.app_kiosk import KioskMode
from peerhouse.ui.app_lock import LockScreen
from peerhouse.ui.app_restore import RestoreSteps
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import log_problem, report_error, show_message
from peerhouse.ui.idle import IdleWatcher
from peerhouse.ui.manager.window import MainWindow
from peerhouse.ui.session import open_check
from peerhouse.ui.session.language_switch import choose
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.session.login_language import remember
from peerhouse.ui.session.setup_wizard import SetupWizard
from peerhouse.ui.session.unlock import UnlockDialog
from peerhouse.ui.start import first_window
from peerhouse.ui.window_place import place_and_show
from peerhouse.ui.workers import run_task, wait_for_tasks

log = logging.getLogger(__name__)


class ManagerApp(QObject):
    """Owns the store, the login state and the top-level windows of one manager session."""

    def __init__(self, paths: DataPaths, opening: LoginDialog | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.machine = Machine()  # every step below moves it (peerhouse/app/startup.py)
        # The sign-in dialog shown while the records open (ui/start.py may have put it on
        # screen before this module was even imported); it gets the store once they are.
        self._opening = opening
        self.store: Store | None = None
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None  # the wizard / unlock / login dialog on screen
        self.idle: IdleWatcher | None = None
        self._last_user = ""
        self._rebuilt_note = ""  # why the window was rebuilt for another role
        self.lock_screen = LockScreen(self)
        self.kiosk = KioskMode(self)
        self.restore = RestoreSteps(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._app_state)

    @property
    def state(self) -> State:
        return self.machine.state

    @property
    def locked(self) -> bool:
        return self.machine.state is State.LOCKED

    # -- start-up --------------------------------------------------------------
    def start(self) -> None:
        if not self.paths.exists():
            self.machine.go(State.SETTING_UP)
            wizard = SetupWizard(self.paths)
            wizard.accepted.connect(lambda: self._set_up(wizard))
            wizard.rejected.connect(QApplication.quit)
            wizard.restore_wanted.connect(lambda: self.restore.instead_of_set_up(wizard))
            wizard.language_chosen.connect(lambda _code: self._set_up_again(wizard))
            self.show_window(wizard)
            return
        self.machine.go(State.OPENING)
        self._opening = self._opening or first_window(self.paths)
        if self._opening is not None:
            self.show_window(self._opening)
        # The keyring can be slow (or ask the desktop for permission): not on the UI thread.
        run_task(records.key_at_start, self.paths, on_success=self._open,
                 on_failure=self._no_key)

    def _set_up_again(self, wizard: SetupWizard) -> None:
        """The language switched on the wizard's first page: the wizard again, in it."""
        wizard.rejected.disconnect(QApplication.quit)
        wizard.hide()
        wizard.deleteLater()
        self.start()

    def _no_key(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseDamaged) or (isinstance(exc, KeyUnavailable) and (
                not self.paths.db.exists() or not self.paths.keyfile.exists())):
            self.restore.cannot_open(str(exc))  # a damaged or missing file: offer a backup
            return
        if not isinstance(exc, (KeyUnavailable, WrongKey)):
            self.fatal(exc)
            return
        self.machine.go(State.NO_KEY)
        # Without a secure keyring there is nowhere to remember the key: no such offer.
        unlock = UnlockDialog(self.paths, str(exc), offer_remember=not isinstance(exc, NoKeyring))
        unlock.accepted.connect(lambda: self._unlocked_with(unlock.key))
        unlock.rejected.connect(QApplication.quit)
        self.show_window(unlock)

    def _unlocked_with(self, key: bytes | None) -> None:
        """The owner password or the recovery code gave the key: open with it."""
        self.machine.go(State.OPENING)
        self._open(key)

    def _set_up(self, wizard: SetupWizard) -> None:
        assert wizard.result_ is not None
        self.store = wizard.result_.store
        self._last_user = wizard.owner_page.owner.username if wizard.owner_page.owner else ""
        self.show_login()

    def _open(self, key: bytes | None) -> None:
        assert key is not None
        run_task(records.open_records, self.paths, key,
                 on_success=lambda s: self.opened(s, key),
                 on_failure=lambda exc: self.restore.damaged(
                     str(exc), key, lost=isinstance(exc, ChangesLost))
                 if isinstance(exc, DatabaseDamaged) else self.fatal(exc))

    def opened(self, store: Store, key: bytes) -> None:
        """The records are open: the quick check, then the sign-in (or the damage message)."""
        self.store = store
        open_check.check_at_open(store, self.show_login,
                                 lambda why, folders: self.restore.damaged(why, key, folders))

    def fatal(self, exc: BaseException) -> None:
        report_error(exc, None, _("PeerHouse cannot open the records"), wait=True)
        QApplication.quit()

    # -- login -----------------------------------------------------------------
    def show_login(self) -> None:
        assert self.store is not None
        self.machine.go(State.SIGNED_OUT)
        dialog, self._opening = self._opening, None
        if dialog is None or not shiboken6.isValid(dialog):
            dialog = LoginDialog(self.store)
            dialog.rejected.connect(QApplication.quit)
            dialog.language_chosen.connect(lambda code: remember(self.paths, code))
        if self._last_user:
            dialog.username.setText(self._last_user)
            dialog.password.setFocus()
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        self.show_window(dialog)
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

        def ready(facts: SessionFacts) -> None:
            if not facts.houses:
                report_error(PeerHouseError(_("There is no house set up yet.")), None)
                self.show_login()
                return
            choose(facts.language)
            self._start_session(actor, account.username, account.display_name,
                                facts.houses[0].id or 0, facts.idle_minutes)

        def failed(exc: BaseException) -> None:
            report_error(exc, None)
            self.show_login()

        run_task(session_facts, self.store, actor, on_success=ready, on_failure=failed)

    def _start_session(self, actor: Actor, username: str, display_name: str, house_id: int,
                       minutes: float) -> None:
        """A fresh context (and bus) per login: nothing of an earlier session can fire."""
        assert self.store is not None
        self.machine.go(State.SIGNED_IN)
        self._last_user = username
        self.ctx = AppContext(self.paths, self.store, actor, username, display_name, house_id)
        self.window = MainWindow(self.ctx)
        self.window.lock_requested.connect(self.lock)
        self.window.logout_requested.connect(self.logout)
        self.window.kiosk_requested.connect(self.kiosk.start)
        self.window.closed.connect(self._window_closed)
        self.ctx.bus.restore_requested.connect(self.restore.from_backups_tab)
        self.ctx.bus.language_changed.connect(self.rebuild_for_language)
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
                QMessageBox.Icon.Information, _("Your role changed"), note, window)
                if shiboken6.isValid(window) and window.isVisible() else None)

    # -- the account changing under an open window ----------------------------------------
    def _account_changed(self, exc: AccountChanged) -> None:
        """A service found the signed-in account turned off (sign out, saying why) or its
        role changed (the window is rebuilt with the sections the new role may see)."""
        if self.ctx is None:
            return
        if self.locked:
            if isinstance(exc, RoleChanged):
                # Behind the lock nothing may come back without the password: the unlock
                # compares the role and rebuilds the window for it.
                log.info("role changed while locked: rebuilt at unlock")
                return
            self.lock_screen.dismiss()  # one sign-in window, not the lock's as well
        ctx = self.ctx
        hidden = self.lock_screen.take_hidden()
        if isinstance(exc, RoleChanged):
            log.info("role changed in an open window: the window is rebuilt")
            self._rebuilt_note = str(exc)  # said over the new window, once it is up
            self.rebuild_for_role(replace(ctx.actor, role=exc.role), ctx.display_name, hidden)
            return
        log.info("account turned off in an open window: signed out")
        self.end_session(hidden)
        self.show_login()
        show_message(QMessageBox.Icon.Warning, _("Signed out"), str(exc), self.dialog)

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
        """Put the windows away behind the lock screen (`app_lock.LockScreen`)."""
        self.lock_screen.lock()

    def rebuild_for_role(self, actor: Actor, display_name: str, hidden: list[QWidget],
                         section: str = "") -> None:
        """The account's role changed (while locked, or under the open window): the window
        was built for the old role, so it is rebuilt to show only what the new role may see.
        Also the path of a language change; `section`: the one to show again."""
        assert self.ctx is not None
        ctx = self.ctx
        log.info("the window is rebuilt")
        self.end_session(hidden)

        def ready(facts: SessionFacts) -> None:
            ids = [h.id or 0 for h in facts.houses]
            if not ids:
                self.show_login()
                return
            choose(facts.language)
            house_id = ctx.house_id if ctx.house_id in ids else ids[0]
            self._start_session(actor, ctx.username, display_name, house_id,
                                facts.idle_minutes)
            if section and self.window is not None and section in self.window.section_keys:
                self.window.show_section(section)

        run_task(session_facts, ctx.store, actor, on_success=ready,
                 on_failure=lambda _exc: self.logout())

    def rebuild_for_language(self, code: str) -> None:
        """The staff member chose another language for their window (Settings, My
        account): rebuilt in it, back on the section they were on. The choice is saved
        already; the dialog that saved it has closed (this runs after it, on the bus)."""
        if self.ctx is None or self.window is None or code == default_language():
            return
        window, ctx = self.window, self.ctx
        page = window.current_section()
        section = page.key if page is not None else ""

        def rebuild() -> None:
            if self.ctx is ctx and not self.locked:
                self.rebuild_for_role(ctx.actor, ctx.display_name,
                                      self.lock_screen.take_hidden(), section)

        def ask_first() -> None:  # after the dialog that saved the choice has closed
            if self.window is not window or not shiboken6.isValid(window):
                return
            titles = window.unsaved_work()
            if not titles:
                rebuild()
                return
            window.ask_to_leave(titles, _("&Switch language now"), rebuild)

        QTimer.singleShot(0, ask_first)

    # -- log out -----------------------------------------------------------------
    def _window_closed(self) -> None:
        if self.window is not None:  # closed by the person, not by logging out
            QApplication.quit()

    def end_session(self, hidden: list[QWidget] | None = None) -> None:
        """Close the session's windows once no background result can reach them (`hidden`:
        what the lock put away, taken from the lock when not given)."""
        if hidden is None:
            hidden = self.lock_screen.take_hidden()
        session_guard.clear_handler(self._account_changed)
        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        window, self.window = self.window, None  # first: its closing must not quit the app
        ctx, self.ctx = self.ctx, None
        # Nothing may finish into a deleted window (the screen keeps painting meanwhile;
        # results arriving are held, then dropped) …
        workers.hold()
        workers.finish_tasks(_("Finishing what is being saved…"))
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
        self.end_session()
        self.show_login()

    def shutdown(self) -> None:
        if self.machine.state is State.CLOSED:
            return
        self.machine.go(State.CLOSED)
        if self.idle is not None:
            self.idle.stop()
        wait_for_tasks()
        workers.discard_pending()
        workers.release()  # closing while locked: nothing may wait for an unlock any more
        if self.store is not None:
            open_check.backup_on_close(self.store)
            self.store.close()

    def show_window(self, widget: QWidget) -> None:
        """`widget` becomes the one window on screen (the early sign-in dialog goes)."""
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
