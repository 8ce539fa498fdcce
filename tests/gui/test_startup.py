"""Start-up flows through the real windows: first run, unlock, login, lockout, idle lock."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWizard
from sqlmodel import select

from peerhouse.app.startup import State
from peerhouse.models import AuditEvent, House, StaffAccount
from peerhouse.paths import DataPaths
from peerhouse.store import keyring_slot, vault
from peerhouse.ui.app import ManagerApp
from peerhouse.ui.manager.window import MainWindow
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.session.setup_wizard import SetupWizard
from peerhouse.ui.session.unlock import UnlockDialog
from tests.gui.steps import fill_owner
from tests.support.setup_write import setup_write


def _actions(store) -> list[str]:
    with store.read() as s:
        return list(s.exec(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _sign_in(qtbot, app: ManagerApp, password: str) -> MainWindow:
    dialog = app.dialog
    assert isinstance(dialog, LoginDialog)
    dialog.password.setText(password)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: app.window is not None, timeout=15000)
    assert app.window is not None
    qtbot.addWidget(app.window)
    return app.window


def test_first_run_wizard_sets_up_and_logs_in(qtbot, tmp_path):
    paths = DataPaths.resolve()
    app = ManagerApp(paths)
    app.start()
    wizard = app.dialog
    assert isinstance(wizard, SetupWizard)
    qtbot.addWidget(wizard)
    wizard.next()  # welcome
    wizard.house_page.name.setText("Cedar House")
    wizard.house_page.beds.setValue(10)
    wizard.house_page.timezone.setCurrentText("America/Denver")
    wizard.next()
    owner = wizard.owner_page
    fill_owner(owner, "dana", "Dana Owner", "short")
    wizard.next()
    assert wizard.currentPage() is owner and "at least 10" in owner.error.text()
    assert not paths.exists()
    owner.password.setText("a calm morning walk")
    owner.confirm.setText("a calm morning walk")
    wizard.next()
    assert wizard.currentPage() is wizard.create_page
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=30000)
    code = wizard.recovery_page.code.text()
    assert len(code) == 29
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # the code must be acknowledged first
    wizard.reject()  # cannot walk away from an unacknowledged code
    assert wizard.isVisible()
    sheet = tmp_path / "sheet.pdf"
    wizard.recovery_page.save_sheet_to(sheet)
    qtbot.waitUntil(lambda: wizard.recovery_page.sheet_path is not None, timeout=15000)
    assert code in "".join(p.extract_text() for p in PdfReader(sheet).pages)
    wizard.recovery_page.ack.setChecked(True)
    assert finish.isEnabled()
    finish.click()
    login = app.dialog
    assert isinstance(login, LoginDialog) and login.username.text() == "dana"
    qtbot.addWidget(login)
    window = _sign_in(qtbot, app, "a calm morning walk")
    assert window.isVisible() and "today" in window.sections
    with app.store.read() as s:
        house = s.exec(select(House)).one()
        acc = s.exec(select(StaffAccount)).one()
    assert (house.name, house.capacity, house.timezone) == ("Cedar House", 10, "America/Denver")
    assert (acc.username, acc.role) == ("dana", "owner")
    acts = _actions(app.store)
    assert acts[:2] == ["database.create", "account.create"] and "login.success" in acts
    assert vault.key_from_secret(paths, recovery_code=code) == vault.key_from_secret(
        paths, password="a calm morning walk")
    app.logout()
    app.dialog.close()
    app.shutdown()


def test_unlock_with_recovery_code_then_login(qtbot, house):
    keyring_slot.forget_key(house.store.setup_id)
    house.store.close()
    app = ManagerApp(house.paths)
    app.start()  # the keyring is read off the UI thread
    qtbot.waitUntil(lambda: isinstance(app.dialog, UnlockDialog), timeout=15000)
    unlock = app.dialog
    assert isinstance(unlock, UnlockDialog)
    qtbot.addWidget(unlock)
    assert "not stored" in unlock.why.text()
    unlock.use_code.setChecked(True)
    unlock.secret.setText("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    unlock.ok_button.click()
    qtbot.waitUntil(lambda: unlock.error.isVisible(), timeout=15000)
    assert "does not open" in unlock.error.text() and app.store is None
    unlock.secret.setText(house.recovery_code.lower())
    unlock.ok_button.click()
    qtbot.waitUntil(lambda: isinstance(app.dialog, LoginDialog), timeout=15000)
    qtbot.addWidget(app.dialog)
    assert vault.key_from_keyring(house.paths)  # remembered again
    app.dialog.username.setText("manny")
    _sign_in(qtbot, app, "manager-pass-123")
    app.logout()
    app.dialog.close()
    app.shutdown()


def test_login_messages_and_lockout(qtbot, house):
    dialog = LoginDialog(house.store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("sam")
    dialog.password.setText("not-my-password")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible() and dialog.ok_button.isEnabled(), timeout=15000)
    assert dialog.error.text() == "Wrong username or password." and dialog.password.text() == ""
    with setup_write(house.store) as s:
        s.exec(select(StaffAccount).where(StaffAccount.username == "sam")).one().failed_attempts = 10
    dialog.password.setText("staff-pass-1234")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "locked" in dialog.error.text(), timeout=15000)
    assert dialog.actor is None and "Ask the owner" in dialog.error.text()
    assert "login.refused" in _actions(house.store)


def test_idle_lock_keeps_unsaved_input(qtbot, house):
    app = ManagerApp(house.paths)
    app.store = house.store
    app.show_login()
    qtbot.addWidget(app.dialog)
    app.dialog.username.setText("manny")
    window = _sign_in(qtbot, app, "manager-pass-123")
    now = [1000.0]
    app.idle._clock = lambda: now[0]
    app.idle.reset()
    draft = QLineEdit(window)
    draft.setText("half-typed minutes")
    now[0] += 9 * 60
    app.idle.check()
    assert window.isVisible()
    now[0] += 61
    app.idle.check()  # 10 minutes of wall-clock time, even if the PC slept through them
    lock = app.dialog
    assert isinstance(lock, LoginDialog) and not window.isVisible()
    qtbot.addWidget(lock)
    assert lock.username.text() == "manny" and lock.username.isReadOnly()
    lock.reject()  # Escape does not log out
    assert lock.isVisible() or app.dialog is lock
    lock.password.setText("manager-pass-123")
    lock.ok_button.click()
    qtbot.waitUntil(window.isVisible, timeout=15000)
    assert draft.text() == "half-typed minutes" and app.window is window
    assert _actions(house.store).count("login.success") >= 3
    app.logout()
    app.dialog.close()


def test_sign_in_lock_unlock_and_sign_out_move_through_the_named_states(qtbot, house):
    """The whole cycle as a person walks it, by its buttons; the app's state machine sees
    every step in order (and never a move its table does not allow: that would raise)."""
    app = ManagerApp(house.paths)
    seen: list[State] = []
    app.machine.on_move = lambda _before, after: seen.append(after)
    app.start()
    qtbot.waitUntil(lambda: app.state is State.SIGNED_OUT, timeout=15000)
    qtbot.addWidget(app.dialog)
    app.dialog.username.setText("manny")
    window = _sign_in(qtbot, app, "manager-pass-123")
    assert app.state is State.SIGNED_IN

    def press(parent, text: str) -> None:
        [b] = [b for b in parent.findChildren(QAbstractButton) if b.text() == text]
        qtbot.mouseClick(b, Qt.MouseButton.LeftButton)

    press(window, "Lock")
    lock = app.dialog
    assert isinstance(lock, LoginDialog) and app.state is State.LOCKED and app.locked
    qtbot.addWidget(lock)
    lock.password.setText("manager-pass-123")
    press(lock, "&Unlock")
    qtbot.waitUntil(window.isVisible, timeout=15000)
    assert app.state is State.SIGNED_IN and not app.locked
    press(window, "Log out")
    assert isinstance(app.dialog, LoginDialog) and app.window is None
    assert seen == [State.OPENING, State.SIGNED_OUT, State.SIGNED_IN, State.LOCKED,
                    State.SIGNED_IN, State.SIGNED_OUT]
    app.dialog.close()
    app.shutdown()
    assert seen[-1] is State.CLOSED and app.store is not None


def test_forgot_the_owner_password_sets_a_new_one_with_the_recovery_code(qtbot, house):
    dialog = LoginDialog(house.store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("olivia")
    assert dialog.recover_button is not None and dialog.recover_button.isVisible()
    recover = dialog.recover_owner()
    qtbot.addWidget(recover)
    assert recover.owner.text() == "olivia"
    recover.code.setText("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    recover.new.setText("a fresh start at last")
    recover.repeat.setText("a fresh start at last")
    recover.ok_button.click()
    qtbot.waitUntil(lambda: not recover.saving, timeout=15000)
    assert recover.isVisible() and "not the recovery code" in recover.errors.label.text()
    recover.code.setText(house.recovery_code)
    recover.ok_button.click()
    qtbot.waitUntil(lambda: not recover.isVisible(), timeout=15000)
    assert "new owner password is set" in dialog.error.text()
    assert dialog.password.hasFocus() or dialog.username.text() == "olivia"
    dialog.password.setText("a fresh start at last")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.actor is not None, timeout=15000)
    assert dialog.actor.role == "owner" and "account.recover" in _actions(house.store)
    assert LoginDialog(house.store, username="olivia").recover_button is None  # not at the lock
