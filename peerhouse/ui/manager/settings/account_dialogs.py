"""Dialogs for staff accounts: add an account, change a role, set a password, take over
the key slot. Passwords go straight to the services; nothing keeps them afterwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.app.keys import key_holder_of
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.errors import AuthenticationFailed, ValidationError
from peerhouse.models.enums import Role
from peerhouse.services import accounts
from peerhouse.services import text_limits as limits
from peerhouse.services.accounts import StaffView
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.settings.forms import (
    PASSWORD_POLICY,
    password_field,
    same_passwords,
)
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.widgets.common import muted
from peerhouse.ui.widgets.limits import limited_line
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.styled import note_label

ROLE_LABELS = {
    Role.STAFF.value: ("Staff (house senior)", "Meetings, chores, sign-outs and who has checked in. "
                       "No screens, incidents or private notes."),
    Role.MANAGER.value: ("Manager", "All house work, including screens, incidents and reports."),
    Role.OWNER.value: ("Owner", "Everything, including staff accounts, keys, backups and the "
                       "audit log."),
}
KEY_SLOT_NOTE = (
    "Your password also unlocks the database key (the owner key slot). When you save, "
    "PeerHouse re-locks the key file with the new password, so use the new one if this PC "
    "ever asks for the owner password. The recovery code keeps working."
)


def role_combo(current: str = Role.STAFF.value) -> QComboBox:
    box = QComboBox()
    for value, (label, what) in ROLE_LABELS.items():
        box.addItem(label, value)
        box.setItemData(box.count() - 1, what, Qt.ItemDataRole.ToolTipRole)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def role_help(box: QComboBox) -> QLabel:
    """A line under the role combo saying what the chosen role may do."""
    label = muted("")

    def show(_i: int = 0) -> None:
        label.setText(ROLE_LABELS.get(str(box.currentData()), ("", ""))[1])

    box.currentIndexChanged.connect(show)
    show()
    return label


# A password or the owner key slot changed: the accounts list and Settings › Security show
# who holds what.
ACCOUNTS = Changes.of(RecordKind.ACCOUNTS)

class AddAccountDialog(OperationDialog):
    changes_made = ACCOUNTS
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, "Add a staff account", "&Add account",
                         role="primary", default=True)
        self.build_form("Everyone who uses PeerHouse gets their own account, so the audit log "
                        "shows who did what. Give the password to the person privately.",
                        min_width=500, stretch=True)
        self.ctx = ctx
        self.username = self.add_field(
            "&Username:", limited_line(limits.USERNAME, "e.g. jordan (letters, digits, . - _)"),
            "username")
        self.display_name = self.add_field("&Full name:", limited_line(limits.FULL_NAME),
                                           "display name")
        self.role = self.add_field("&Role:", role_combo(), "role")
        self.form.addRow("", role_help(self.role))
        self.password = self.add_field("&Password:", password_field("Password"), "password")
        self.repeat = self.add_field("Repea&t password:", password_field("Repeat password"),
                                     "repeat password")
        self.form.addRow("", muted(PASSWORD_POLICY))
        self.username.setFocus()

    def operation(self) -> Callable[[], Any]:
        same_passwords(self.password, self.repeat)
        store, actor = self.ctx.store, self.ctx.actor
        args = (self.username.text(), self.display_name.text(), str(self.role.currentData()),
                self.password.text())
        return lambda: accounts.create_account(store, actor, *args)


class RoleDialog(OperationDialog):
    def __init__(self, ctx: AppContext, account: StaffView, parent: QWidget | None = None) -> None:
        super().__init__(parent, "Change role", "&Save", role="primary", default=True)
        self.build_form(f"What may {account.display_name} ({account.username}) do in PeerHouse?",
                        min_width=500, stretch=True)
        self.ctx, self.account = ctx, account
        self.role = self.add_field("&Role:", role_combo(account.role), "role")
        self.form.addRow("", role_help(self.role))

    def operation(self) -> WriteOp[Any]:
        acc_id, role = self.account.id, str(self.role.currentData())
        return WriteOp(accounts.set_account_state, acc_id, role=role)


class PasswordDialog(OperationDialog):
    """Change one's own password (current one required) or, as owner, reset someone's."""

    inline_refusals = (AuthenticationFailed,)
    changes_made = ACCOUNTS

    def __init__(self, ctx: AppContext, account_id: int | None = None, username: str = "",
                 display_name: str = "", parent: QWidget | None = None, *,
                 title: str = "Change my password") -> None:
        own = account_id is None or account_id == ctx.actor.staff_id
        intro = ("Choose a new password for your own account. " if own else
                 f"Set a new password for {display_name} ({username}) and give it to them in "
                 "person; they can change it afterwards under Settings, Change my password. ")
        super().__init__(parent, title if own else "Reset password",
                         "&Change password" if own else "&Reset password",
                         role="primary", default=True)
        self.build_form(intro + PASSWORD_POLICY, min_width=500, stretch=True)
        self.own, self.ctx = own, ctx
        self.account_id = ctx.actor.staff_id if own else account_id
        self.username = ctx.username if own else username
        self.current = None
        if self.own:
            self.current = self.add_field("C&urrent password:", password_field("Current password"),
                                          "current password")
        self.new = self.add_field("&New password:", password_field("New password"), "password")
        self.repeat = self.add_field("Re&peat new password:", password_field("Repeat new password"),
                                     "repeat password")
        self.key_note = note_label("Banner", KEY_SLOT_NOTE if self.own else
                                   "This account's password unlocks the database key, so the "
                                   "key file will be re-locked with the new password as well.",
                                   shown=False)
        self.extra.addWidget(self.key_note)
        (self.current or self.new).setFocus()
        if ctx.actor.role == Role.OWNER or not self.own:
            run_op(self, ReadOp(key_holder_of)).success(self._holder).failure(
                lambda _e: None).run()

    def _holder(self, holder: str) -> None:
        self.key_note.setVisible(bool(holder) and holder == self.username)
        self.adjustSize()

    @property
    def holds_key_slot(self) -> bool:
        return not self.key_note.isHidden()

    def refusal_field(self) -> str:
        return "current password"

    def operation(self) -> Callable[[], Any]:
        if self.account_id is None:
            raise ValidationError("account", "only staff accounts have passwords.")
        same_passwords(self.new, self.repeat)
        store, actor, acc_id = self.ctx.store, self.ctx.actor, self.account_id
        old, new = (self.current.text() if self.current else ""), self.new.text()
        return lambda: accounts.change_password(store, actor, acc_id, old, new)


class TakeOverDialog(OperationDialog):
    """An owner makes their own password the one that unlocks the database key."""

    inline_refusals = (AuthenticationFailed,)
    changes_made = ACCOUNTS

    def __init__(self, ctx: AppContext, holder: str, parent: QWidget | None = None) -> None:
        who = f"{holder}'s password" if holder else "another owner's password"
        super().__init__(parent, "Take over the key slot", "&Take over",
                         role="primary", default=True)
        self.build_form(f"Right now the database key is unlocked by {who}. After this, your "
                        "own password does that instead, and the other owner can be changed "
                        "to another role or deactivated. Type your current password to confirm.",
                        min_width=500, stretch=True)
        self.ctx = ctx
        self.password = self.add_field("Your &password:", password_field("Your password"), "password")
        self.password.setFocus()

    def refusal_field(self) -> str:
        return "password"

    def operation(self) -> Callable[[], Any]:
        store, actor, password = self.ctx.store, self.ctx.actor, self.password.text()
        return lambda: accounts.take_over_key_slot(store, actor, password)
