"""The Staff accounts tab (owner only): who can log in, with which role and language.

Accounts are deactivated, never deleted, so the audit log keeps pointing at a real
account; a deactivated account can be turned back on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QWidget

from peerhouse.app.keys import key_holder
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.i18n import ENGLISH, _, ngettext
from peerhouse.models.enums import Role
from peerhouse.services import accounts, houses
from peerhouse.services.accounts import StaffView
from peerhouse.services.languages import staff_languages
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.settings.account_dialogs import (
    AddAccountDialog,
    PasswordDialog,
    RoleDialog,
)
from peerhouse.ui.manager.settings.forms import fit_columns, local_text
from peerhouse.ui.manager.settings.tab import Loader, SettingsTab
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.choices import LANGUAGE_NAMES
from peerhouse.ui.widgets.common import button, confirm, make_table, muted, selected_row
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.pages import tab_layout
from peerhouse.ui.widgets.styled import restyle


@dataclass(frozen=True)
class AccountRow:
    acc: StaffView
    tz: str
    holds_key: bool
    language: str = ENGLISH  # of the account's window


def account_rows(u: Unit, house_id: int) -> list[AccountRow]:
    """Every staff account, with the house's time zone, who holds the database key and
    each account's language."""
    tz = houses.get_house(u, house_id).timezone
    holder = key_holder(u.store)
    spoken = staff_languages(u.session)
    return [AccountRow(a, tz, a.username == holder, spoken.get(a.id, ENGLISH))
            for a in accounts.list_accounts(u)]


def role_word(role: str) -> str:
    """An account's role as the table shows it."""
    words = {Role.STAFF.value: _("Staff"), Role.MANAGER.value: _("Manager"),
             Role.OWNER.value: _("Owner")}
    return words.get(role, role)


def _role(r: AccountRow) -> str:
    return (_("{role} · holds the key").format(role=role_word(r.acc.role)) if r.holds_key
            else role_word(r.acc.role))


def columns() -> list[Column[AccountRow]]:
    """The table's columns, in the current language."""
    return [
        Column(_("Username"), lambda r: r.acc.username),
        Column(_("Name"), lambda r: r.acc.display_name),
        Column(_("Role"), _role, tooltip=lambda r: _(
            "This owner's password unlocks the database key.") if r.holds_key else ""),
        Column(_("Language"), lambda r: LANGUAGE_NAMES.get(r.language, r.language)),
        Column(_("Active"), lambda r: _("Yes") if r.acc.active else _("No")),
        Column(_("Locked"), lambda r: _("Locked") if r.acc.locked else "—",
               tooltip=lambda r: _("Too many wrong passwords; use Unlock.") if r.acc.locked
               else ""),
        Column(_("Last login"), lambda r: local_text(r.acc.last_login_at, r.tz),  # type: ignore[arg-type]
               sort=lambda r: r.acc.last_login_at.isoformat() if r.acc.last_login_at else ""),  # type: ignore[attr-defined]
    ]


class AccountsTab(SettingsTab):
    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(ctx, load, parent)
        self.dialog: OperationDialog | None = None
        layout = tab_layout(
            self, _("Each person who uses PeerHouse needs their own account. Staff see "
                    "meetings, chores and who has checked in; managers do all house work; "
                    "owners also manage accounts, keys, backups and the audit log. Accounts "
                    "are deactivated rather than deleted."))
        self.columns = columns()
        self.model: RowsModel[AccountRow] = RowsModel(self.columns, self)
        self.view, self.proxy = make_table(self.model)
        self.view.setAccessibleName(_("Staff accounts"))
        self.view.doubleClicked.connect(lambda _i: self.change_role())
        self.view.selectionModel().selectionChanged.connect(self._selected)
        layout.addWidget(self.view, 1)
        self.note = muted("")
        layout.addWidget(self.note)

        row = QHBoxLayout()
        self.add_btn = button(_("&Add account…"), primary=True, on_click=self.add_account)
        self.role_btn = button(_("Role and &language…"), "edit", on_click=self.change_role)
        self.reset_btn = button(_("Reset pass&word…"), "lock", on_click=self.reset_password)
        self.unlock_btn = button(_("&Unlock"), "refresh", on_click=self.unlock,
                                 tip=_("Let a locked account try again"))
        self.active_btn = button(_("&Deactivate…"), danger=True, on_click=self.toggle_active)
        row.addWidget(self.add_btn)
        row.addStretch(1)
        for b in (self.role_btn, self.reset_btn, self.unlock_btn, self.active_btn):
            row.addWidget(b)
        layout.addLayout(row)
        self._selected()

    # -- data ------------------------------------------------------------------
    def refresh(self) -> None:
        self._load(ReadOp(account_rows, self.ctx.house_id), self._apply)

    def _apply(self, rows: list[AccountRow]) -> None:
        keep = self.current()
        self.model.set_rows(rows)
        fit_columns(self.view, len(self.columns) - 1)
        active = sum(r.acc.active for r in rows)
        self.note.setText(ngettext("{n} active account, {off} deactivated.",
                                   "{n} active accounts, {off} deactivated.",
                                   active).format(n=active, off=len(rows) - active))
        if keep is not None:
            self.select(keep.id)
        self._selected()

    def current(self) -> StaffView | None:
        row = selected_row(self.view, self.proxy)
        return row.acc if row is not None else None

    def current_language(self) -> str:
        row = selected_row(self.view, self.proxy)
        return row.language if row is not None else ENGLISH

    def select(self, account_id: int) -> None:
        for i in range(self.proxy.rowCount()):
            if self.proxy.row_at(i).acc.id == account_id:
                self.view.selectRow(i)
                return

    def _selected(self, *_args: object) -> None:
        acc = self.current()
        for b in (self.role_btn, self.reset_btn, self.active_btn):
            b.setEnabled(acc is not None)
        self.unlock_btn.setEnabled(acc is not None and acc.locked)
        reactivate = acc is not None and not acc.active
        self.active_btn.setText(_("Re&activate") if reactivate else _("&Deactivate…"))
        self.active_btn.setAccessibleName(_("Reactivate") if reactivate else _("Deactivate"))
        restyle(self.active_btn, "danger", acc is not None and not reactivate)

    # -- actions ---------------------------------------------------------------
    def _open(self, dialog: OperationDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def add_account(self) -> None:
        self._open(AddAccountDialog(self.ctx, self))

    def change_role(self) -> None:
        acc = self.current()
        if acc is not None:
            self._open(RoleDialog(self.ctx, acc, self, language=self.current_language()))

    def reset_password(self) -> None:
        acc = self.current()
        if acc is not None:
            self._open(PasswordDialog(self.ctx, acc.id, acc.username, acc.display_name, self))

    def unlock(self) -> None:
        acc = self.current()
        if acc is not None:
            self._update(acc.id, unlock=True)

    def toggle_active(self) -> None:
        acc = self.current()
        if acc is None:
            return
        if acc.active:
            if not confirm(self, _("Deactivate account"),
                           _("Deactivate {name} ({username})? They will no longer be able to "
                             "log in. Their past work stays in the records and the audit log, "
                             "and you can reactivate the account later.").format(
                                 name=acc.display_name, username=acc.username),
                           yes=_("Deactivate")):
                return
            self._update(acc.id, active=False)
        else:
            self._update(acc.id, active=True)

    def _update(self, account_id: int, **changes: Any) -> None:
        run_op(self, WriteOp(accounts.set_account_state, account_id, **changes)).run()
