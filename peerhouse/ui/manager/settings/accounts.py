"""The Staff accounts tab (owner only): who can log in, with which role.

Accounts are deactivated, never deleted, so the audit log keeps pointing at a real
account; a deactivated account can be turned back on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QWidget

from peerhouse.app.keys import key_holder
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.services import accounts, houses
from peerhouse.services.accounts import StaffView
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import plural
from peerhouse.ui.manager.settings.account_dialogs import (
    AddAccountDialog,
    PasswordDialog,
    RoleDialog,
)
from peerhouse.ui.manager.settings.forms import fit_columns, local_text
from peerhouse.ui.manager.settings.tab import Loader, SettingsTab
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import button, confirm, make_table, muted, selected_row
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.pages import tab_layout
from peerhouse.ui.widgets.styled import restyle


@dataclass(frozen=True)
class AccountRow:
    acc: StaffView
    tz: str
    holds_key: bool


def account_rows(u: Unit, house_id: int) -> list[AccountRow]:
    """Every staff account, with the house's time zone and who holds the database key."""
    tz = houses.get_house(u, house_id).timezone
    holder = key_holder(u.store)
    return [AccountRow(a, tz, a.username == holder) for a in accounts.list_accounts(u)]


def _status(r: AccountRow) -> str:
    if not r.acc.active:
        return "Deactivated"
    return "Locked" if r.acc.locked else "Active"


COLUMNS: list[Column[AccountRow]] = [
    Column("Username", lambda r: r.acc.username),
    Column("Name", lambda r: r.acc.display_name),
    Column("Role", lambda r: r.acc.role.capitalize() + (" · holds the key" if r.holds_key else ""),
           tooltip=lambda r: "This owner's password unlocks the database key." if r.holds_key else ""),
    Column("Active", lambda r: "Yes" if r.acc.active else "No"),
    Column("Locked", lambda r: "Locked" if r.acc.locked else "—",
           tooltip=lambda r: "Too many wrong passwords; use Unlock." if r.acc.locked else ""),
    Column("Last login", lambda r: local_text(r.acc.last_login_at, r.tz),  # type: ignore[arg-type]
           sort=lambda r: r.acc.last_login_at.isoformat() if r.acc.last_login_at else ""),  # type: ignore[attr-defined]
]


class AccountsTab(SettingsTab):
    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(ctx, load, parent)
        self.dialog: OperationDialog | None = None
        layout = tab_layout(
            self, "Each person who uses PeerHouse needs their own account. Staff see meetings, "
            "chores and who has checked in; managers do all house work; owners also manage "
            "accounts, keys, backups and the audit log. Accounts are deactivated rather than "
            "deleted.")
        self.model: RowsModel[AccountRow] = RowsModel(COLUMNS, self)
        self.view, self.proxy = make_table(self.model)
        self.view.setAccessibleName("Staff accounts")
        self.view.doubleClicked.connect(lambda _i: self.change_role())
        self.view.selectionModel().selectionChanged.connect(self._selected)
        layout.addWidget(self.view, 1)
        self.note = muted("")
        layout.addWidget(self.note)

        row = QHBoxLayout()
        self.add_btn = button("&Add account…", primary=True, on_click=self.add_account)
        self.role_btn = button("Change &role…", "edit", on_click=self.change_role)
        self.reset_btn = button("Reset pass&word…", "lock", on_click=self.reset_password)
        self.unlock_btn = button("&Unlock", "refresh", on_click=self.unlock,
                                 tip="Let a locked account try again")
        self.active_btn = button("&Deactivate…", danger=True, on_click=self.toggle_active)
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
        fit_columns(self.view, len(COLUMNS) - 1)
        active = sum(r.acc.active for r in rows)
        self.note.setText(f"{plural(active, 'active account')}, "
                          f"{len(rows) - active} deactivated.")
        if keep is not None:
            self.select(keep.id)
        self._selected()

    def current(self) -> StaffView | None:
        row = selected_row(self.view, self.proxy)
        return row.acc if row is not None else None

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
        self.active_btn.setText("Re&activate" if reactivate else "&Deactivate…")
        self.active_btn.setAccessibleName("Reactivate" if reactivate else "Deactivate")
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
            self._open(RoleDialog(self.ctx, acc, self))

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
            if not confirm(self, "Deactivate account",
                           f"Deactivate {acc.display_name} ({acc.username})? They will no longer "
                           "be able to log in. Their past work stays in the records and the "
                           "audit log, and you can reactivate the account later.",
                           yes="Deactivate"):
                return
            self._update(acc.id, active=False)
        else:
            self._update(acc.id, active=True)

    def _update(self, account_id: int, **changes: Any) -> None:
        run_op(self, WriteOp(accounts.set_account_state, account_id, **changes)).run()
