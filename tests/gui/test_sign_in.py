"""The sign-in and lock dialogs as people use them: typing, Tab, Enter, after mistakes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from peerhouse.errors import LockedOut
from peerhouse.services.accounts import BACKOFF_AFTER, LOCKED_FOR_GOOD
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.session.recover_owner import RecoverOwnerDialog


def _recover_dialogs() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, RecoverOwnerDialog) and w.isVisible()]


def _shown(qtbot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def _type_and_enter(qtbot, dialog: LoginDialog, user: str, password: str) -> None:
    """Username, Tab, password, Enter — keys only, as a person signs in."""
    dialog.username.setFocus()
    qtbot.keyClicks(dialog.username, user)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


@pytest.mark.parametrize("password", ["manager-pass-123", "not-the-password"])
def test_enter_after_the_password_signs_in_and_never_opens_the_recovery_form(
        qtbot, house, settle, password):
    dialog = LoginDialog(house.store, house_name="Maple House")
    _shown(qtbot, dialog)
    _type_and_enter(qtbot, dialog, "manny", password)
    settle()
    assert _recover_dialogs() == []
    if password == "manager-pass-123":
        assert dialog.actor is not None and dialog.result() == LoginDialog.DialogCode.Accepted
    else:
        assert dialog.actor is None and dialog.isVisible()
        assert dialog.error.text() == "Wrong username or password."
        # and again, with the message on screen: still Sign in
        qtbot.keyClicks(dialog.password, "manager-pass-123")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        settle()
        assert _recover_dialogs() == [] and dialog.actor is not None


def test_enter_on_the_lock_screen_unlocks_and_never_logs_out(qtbot, house, settle):
    dialog = LoginDialog(house.store, username="manny", unsaved=lambda: ["Residents"])
    logged_out: list[bool] = []
    dialog.rejected.connect(lambda: logged_out.append(True))
    _shown(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    settle()
    assert dialog.error.text() == "Wrong username or password." and not logged_out
    qtbot.keyClicks(dialog.password, "manager-pass-123")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Enter)  # the keypad's Enter too
    settle()
    assert dialog.actor is not None and not logged_out


def _link_is_whole_and_reachable(qtbot, dialog: LoginDialog) -> None:
    """At the dialog's minimum size, the link is drawn at its full height, inside the
    dialog, over nothing else, and Tab from the password reaches it."""
    link = dialog.recover_button
    assert link is not None
    QApplication.processEvents()  # the layout settles after the last change
    dialog.resize(dialog.minimumSize())
    QApplication.processEvents()
    assert dialog.size() == dialog.minimumSize()
    assert link.isVisible() and link.isEnabled()

    assert link.height() >= link.sizeHint().height(), (link.height(), dialog.error.text())
    box = link.geometry()
    assert dialog.rect().contains(box)
    for other in (dialog.error, dialog.buttons, dialog.password, dialog.hint):
        if other.isVisible():
            assert not box.intersects(other.geometry()), other.objectName()
    assert dialog.error.height() >= dialog.error.heightForWidth(dialog.error.width())
    dialog.password.setFocus()
    seen = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is link:
            break
    assert link in seen


def test_forgot_the_owner_password_stays_after_every_message(qtbot, house, settle, themed):
    dialog = LoginDialog(None)  # as at start-up: on screen while the records open
    _shown(qtbot, dialog)
    dialog.set_store(house.store)
    dialog.set_house_name("Maple House")
    _link_is_whole_and_reachable(qtbot, dialog)

    dialog.ok_button.click()  # nothing typed
    assert dialog.error.text() == "Enter your username and password."
    _link_is_whole_and_reachable(qtbot, dialog)

    dialog.username.setText("manny")
    for attempt in range(BACKOFF_AFTER + 1):  # wrong, … then "Try again in … seconds"
        dialog.password.setText(f"wrong-{attempt}")
        dialog.ok_button.click()
        settle()
        _link_is_whole_and_reachable(qtbot, dialog)
    assert "Try again in" in dialog.error.text()

    dialog._failed(LockedOut(LOCKED_FOR_GOOD))  # what the check reports at the tenth
    assert dialog.error.text() == str(LOCKED_FOR_GOOD)
    _link_is_whole_and_reachable(qtbot, dialog)

    link = dialog.recover_button
    assert link is not None
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton, pos=QPoint(link.width() // 2,
                                                                  link.height() // 2))
    qtbot.waitUntil(lambda: len(_recover_dialogs()) == 1)
    _recover_dialogs()[0].close()
