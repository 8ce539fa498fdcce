"""An open window reacts at once when its account changes elsewhere (another PC, another
window of the owner): a deactivated account is signed out with a plain message, a demoted
one loses what the new role may not see, and a resident who moved out loses the kiosk."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from peerhouse.services import accounts, goals, residents
from peerhouse.store import vault
from peerhouse.ui import errors
from peerhouse.ui.app import ManagerApp
from peerhouse.ui.manager.window import MainWindow
from peerhouse.ui.session.login import LoginDialog
from tests.gui.steps import sign_in
from tests.gui.test_kiosk import log_in, resident


@pytest.fixture
def other(house):
    """The owner's own window on another PC: a second handle on the same file."""
    store = vault.open_store(house.paths, vault.key_from_keyring(house.paths))
    yield store
    store.close()


def _signed_in(qtbot, house, username: str, password: str) -> ManagerApp:
    app = ManagerApp(house.paths)
    app.store = house.store
    sign_in(qtbot, app, username, password)
    return app


def _message() -> QMessageBox:
    box = errors.open_error()
    assert box is not None
    return box


def test_a_manager_demoted_elsewhere_gets_a_staff_window_at_its_next_call(
        qtbot, settle, house, other):
    app = _signed_in(qtbot, house, "manny", "manager-pass-123")
    first = app.window
    assert first.section("settings").backups_tab is not None  # a manager backs up
    accounts.set_account_state(other, house.owner, house.manager.id, role="staff")
    first.show_section("residents")  # the window loads the list: the service refuses
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow) and app.window is not first,
                    timeout=15000)
    settle()
    window = app.window
    assert app.ctx is not None and app.ctx.actor.role == "staff"
    assert window.section("settings").backups_tab is None  # gone with the manager role
    box = _message()
    assert "changed your role to staff" in box.text()
    box.done(0)
    app.logout()
    app.dialog.close()


def test_a_deactivated_account_is_signed_out_when_its_window_is_next_used(
        qtbot, settle, house, other):
    app = _signed_in(qtbot, house, "sam", "staff-pass-1234")
    accounts.set_account_state(other, house.owner, house.staff.id, active=False)
    app._app_state(Qt.ApplicationState.ApplicationActive)  # the window gains activity
    qtbot.waitUntil(lambda: app.window is None and isinstance(app.dialog, LoginDialog),
                    timeout=15000)
    settle()
    box = _message()
    assert box.windowTitle() == "Signed out" and "turned off" in box.text()
    box.done(0)
    app.dialog.close()


def test_a_demotion_is_seen_when_the_window_becomes_active_again(qtbot, settle, house, other):
    app = _signed_in(qtbot, house, "manny", "manager-pass-123")
    first = app.window
    accounts.set_account_state(other, house.owner, house.manager.id, role="staff")
    app._app_state(Qt.ApplicationState.ApplicationActive)
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow) and app.window is not first,
                    timeout=15000)
    settle()
    assert app.ctx.actor.role == "staff"
    _message().done(0)
    app.logout()
    app.dialog.close()


def test_a_discharged_residents_kiosk_turn_ends_instead_of_showing_their_goals(
        qtbot, settle, house, other, open_kiosk):  # noqa: F811
    res = resident(house, "Quincy", "Marlowe")
    goals.create_goal(house.store, house.manager, res.id, "health", "Walk every day")
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    assert win.current.key == "home" and win.actor is not None
    residents.discharge(other, house.manager, res.id, "completed")
    win.show_screen("goals")  # loads the goals through the service
    settle()
    assert win.actor is None and win.current.key == "start"
    assert "only for current residents" in win.current.message.text()
    assert "Walk every day" not in " ".join(
        w.text() for w in win.findChildren(type(win.current.message)) if w.isVisible())


def test_a_role_changed_while_locked_keeps_the_window_locked(qtbot, settle, house, other):
    """The live check goes on behind the lock; a demotion it meets must not bring the
    main window back without the password (the unlock rebuilds for the new role)."""
    app = _signed_in(qtbot, house, "manny", "manager-pass-123")
    window = app.window
    app.lock()
    settle()
    lock_dialog = app.dialog
    assert app.locked and not window.isVisible()
    accounts.set_account_state(other, house.owner, house.manager.id, role="staff")
    window.live._look(refresh=True)  # what the poll does when another process saved
    settle()  # its answer (the refusal: RoleChanged) has been handled
    qtbot.wait(200)
    assert app.locked and app.dialog is lock_dialog and lock_dialog.isVisible()
    shown = [w for w in (app.window, window) if w is not None and w.isVisible()]
    assert shown == []
    lock_dialog.password.setText("manager-pass-123")
    lock_dialog.ok_button.click()
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow) and app.window is not window
                    and app.window.isVisible(), timeout=15000)
    settle()
    assert app.ctx is not None and app.ctx.actor.role == "staff"
    app.logout()
    app.dialog.close()


def test_an_account_turned_off_while_locked_leaves_one_sign_in_window(
        qtbot, settle, house, other):
    app = _signed_in(qtbot, house, "sam", "staff-pass-1234")
    window = app.window
    app.lock()
    settle()
    lock_dialog = app.dialog
    accounts.set_account_state(other, house.owner, house.staff.id, active=False)
    window.live._look(refresh=True)
    qtbot.waitUntil(lambda: app.window is None and isinstance(app.dialog, LoginDialog)
                    and app.dialog is not lock_dialog, timeout=15000)
    settle()
    assert not shiboken6.isValid(lock_dialog) or not lock_dialog.isVisible()
    assert not app.locked
    assert [w for w in QApplication.topLevelWidgets()
            if isinstance(w, LoginDialog) and w.isVisible()] == [app.dialog]
    box = _message()
    assert box.windowTitle() == "Signed out"
    box.done(0)
    app.dialog.close()
