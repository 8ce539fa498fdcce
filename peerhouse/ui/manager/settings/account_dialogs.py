"""Dialogs for staff accounts: add an account, change a role and language, set a password,
take over the key slot, and one's own account (its language). Passwords go straight to the
services; nothing keeps them afterwards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.app.keys import key_holder_of
from peerhouse.app.languages import own_language
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.errors import AuthenticationFailed, ValidationError
from peerhouse.i18n import ENGLISH, _, lazy
from peerhouse.models.enums import Role
from peerhouse.services import accounts, languages
from peerhouse.services import text_limits as limits
from peerhouse.services.accounts import StaffView
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.settings.forms import (
    PASSWORD_POLICY,
    password_field,
    same_passwords,
)
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.widgets.choices import language_box
from peerhouse.ui.widgets.common import muted
from peerhouse.ui.widgets.limits import limited_line
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.styled import note_label

ROLE_LABELS = {
    Role.STAFF.value: (lazy("Staff (house senior)"), lazy(
        "Meetings, chores, sign-outs and who has checked in. "
        "No screens, incidents or private notes.")),
    Role.MANAGER.value: (lazy("Manager"),
                         lazy("All house work, including screens, incidents and reports.")),
    Role.OWNER.value: (lazy("Owner"), lazy("Everything, including staff accounts, keys, backups "
                                           "and the audit log.")),
}
KEY_SLOT_NOTE = lazy(
    "Your password also unlocks the database key (the owner key slot). When you save, "
    "PeerHouse re-locks the key file with the new password, so use the new one if this PC "
    "ever asks for the owner password. The recovery code keeps working."
)


def role_combo(current: str = Role.STAFF.value) -> QComboBox:
    box = QComboBox()
    for value, (label, what) in ROLE_LABELS.items():
        box.addItem(str(label), value)
        box.setItemData(box.count() - 1, str(what), Qt.ItemDataRole.ToolTipRole)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def role_help(box: QComboBox) -> QLabel:
    """A line under the role combo saying what the chosen role may do."""
    label = muted("")

    def show(_i: int = 0) -> None:
        label.setText(str(ROLE_LABELS.get(str(box.currentData()), ("", ""))[1]))

    box.currentIndexChanged.connect(show)
    show()
    return label


# A password or the owner key slot changed: the accounts list and Settings › Security show
# who holds what.
ACCOUNTS = Changes.of(RecordKind.ACCOUNTS)

class AddAccountDialog(OperationDialog):
    changes_made = ACCOUNTS
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Add a staff account"), _("&Add account"),
                         role="primary", default=True)
        self.build_form(_("Everyone who uses PeerHouse gets their own account, so the audit "
                          "log shows who did what. Give the password to the person privately."),
                        min_width=500, stretch=True)
        self.ctx = ctx
        self.username = self.add_field(
            _("&Username:"), limited_line(limits.USERNAME,
                                          _("e.g. jordan (letters, digits, . - _)")),
            "username")
        self.display_name = self.add_field(_("&Full name:"), limited_line(limits.FULL_NAME),
                                           "display name")
        self.role = self.add_field(_("&Role:"), role_combo(), "role")
        self.form.addRow("", role_help(self.role))
        self.password = self.add_field(_("&Password:"), password_field(_("Password")),
                                       "password")
        self.repeat = self.add_field(_("Repea&t password:"), password_field(_("Repeat password")),
                                     "repeat password")
        self.form.addRow("", muted(str(PASSWORD_POLICY)))
        self.username.setFocus()

    def operation(self) -> Callable[[], Any]:
        same_passwords(self.password, self.repeat)
        store, actor = self.ctx.store, self.ctx.actor
        args = (self.username.text(), self.display_name.text(), str(self.role.currentData()),
                self.password.text())
        return lambda: accounts.create_account(store, actor, *args)


def save_role_and_language(u: Unit, account_id: int, role: str, language: str) -> StaffView:
    """An account's role and the language of its window, in one unit of work."""
    view = accounts.set_account_state(u, account_id, role=role)
    languages.set_staff_language(u, account_id, language)
    return view


class RoleDialog(OperationDialog):
    """The owner sets what an account may do and the language of its window."""

    def __init__(self, ctx: AppContext, account: StaffView, parent: QWidget | None = None, *,
                 language: str = ENGLISH) -> None:
        super().__init__(parent, _("Role and language"), _("&Save"), role="primary",
                         default=True)
        self.build_form(_("What may {name} ({username}) do in PeerHouse, and in which language "
                          "should their window be?").format(name=account.display_name,
                                                            username=account.username),
                        min_width=500, stretch=True)
        self.ctx, self.account = ctx, account
        self.role = self.add_field(_("&Role:"), role_combo(account.role), "role")
        self.form.addRow("", role_help(self.role))
        self.language = self.add_field(_("&Language:"), language_box(language), "language")

    def operation(self) -> WriteOp[Any]:
        acc_id, role = self.account.id, str(self.role.currentData())
        return WriteOp(save_role_and_language, acc_id, role, str(self.language.currentData()))


class MyAccountDialog(OperationDialog):
    """One's own account: the language of one's manager window (saved, then the window is
    rebuilt in it)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("My account"), _("&Save"), role="primary", default=True)
        self.build_form(_("Signed in as {name} ({username}). The window is shown in the language "
                          "you choose here, on any PC you sign in to.").format(
                              name=ctx.display_name, username=ctx.username),
                        min_width=460, stretch=True)
        self.ctx = ctx
        self.language = self.add_field(_("&Language:"), language_box(), "language")
        self.language.setEnabled(False)  # until the saved choice is shown
        run_op(self, ReadOp(own_language)).success(self._show).run()

    def _show(self, code: str) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(code)))
        self.language.setEnabled(True)
        self.language.setFocus()
        self.mark_clean()  # the saved choice, not something the person typed

    @property
    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def operation(self) -> WriteOp[Any]:
        return WriteOp(languages.choose_own_language, self.chosen_language)

    def _done(self, result: Any) -> None:
        code, bus = self.chosen_language, self.ctx.bus
        super()._done(result)
        bus.language_changed.emit(code)  # the app rebuilds the window in it


class PasswordDialog(OperationDialog):
    """Change one's own password (current one required) or, as owner, reset someone's."""

    inline_refusals = (AuthenticationFailed,)
    changes_made = ACCOUNTS

    def __init__(self, ctx: AppContext, account_id: int | None = None, username: str = "",
                 display_name: str = "", parent: QWidget | None = None, *,
                 title: str = "") -> None:
        own = account_id is None or account_id == ctx.actor.staff_id
        intro = (_("Choose a new password for your own account.") if own else
                 _("Set a new password for {name} ({username}) and give it to them in "
                   "person; they can change it afterwards under Settings, Change my "
                   "password.").format(name=display_name, username=username))
        super().__init__(parent, (title or _("Change my password")) if own
                         else _("Reset password"),
                         _("&Change password") if own else _("&Reset password"),
                         role="primary", default=True)
        self.build_form(f"{intro} {PASSWORD_POLICY}", min_width=500, stretch=True)
        self.own, self.ctx = own, ctx
        self.account_id = ctx.actor.staff_id if own else account_id
        self.username = ctx.username if own else username
        self.current = None
        if self.own:
            self.current = self.add_field(_("C&urrent password:"),
                                          password_field(_("Current password")),
                                          "current password")
        self.new = self.add_field(_("&New password:"), password_field(_("New password")),
                                  "password")
        self.repeat = self.add_field(_("Re&peat new password:"),
                                     password_field(_("Repeat new password")),
                                     "repeat password")
        self.key_note = note_label("Banner", str(KEY_SLOT_NOTE) if self.own else
                                   _("This account's password unlocks the database key, so the "
                                     "key file will be re-locked with the new password as "
                                     "well."),
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
            raise ValidationError("account", lazy("Only staff accounts have passwords."))
        same_passwords(self.new, self.repeat)
        store, actor, acc_id = self.ctx.store, self.ctx.actor, self.account_id
        old, new = (self.current.text() if self.current else ""), self.new.text()
        return lambda: accounts.change_password(store, actor, acc_id, old, new)


class TakeOverDialog(OperationDialog):
    """An owner makes their own password the one that unlocks the database key."""

    inline_refusals = (AuthenticationFailed,)
    changes_made = ACCOUNTS

    def __init__(self, ctx: AppContext, holder: str, parent: QWidget | None = None) -> None:
        who = (_("Right now the database key is unlocked by {name}'s password.").format(
            name=holder) if holder else
            _("Right now the database key is unlocked by another owner's password."))
        super().__init__(parent, _("Take over the key slot"), _("&Take over"),
                         role="primary", default=True)
        self.build_form(who + " " + _(
            "After this, your own password does that instead, and the other owner can be "
            "changed to another role or deactivated. Type your current password to confirm."),
            min_width=500, stretch=True)
        self.ctx = ctx
        self.password = self.add_field(_("Your &password:"), password_field(_("Your password")),
                                       "password")
        self.password.setFocus()

    def refusal_field(self) -> str:
        return "password"

    def operation(self) -> Callable[[], Any]:
        store, actor, password = self.ctx.store, self.ctx.actor, self.password.text()
        return lambda: accounts.take_over_key_slot(store, actor, password)
