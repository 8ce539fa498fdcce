"""The Settings section: one tab per area, each shown only to roles allowed to use it.

House rules and the resources directory are readable by everyone (read-only for
staff); staff accounts, security and the audit log are the owner's; backups are the
owner's and the managers' (only the owner restores). Every staff member can change
their own password from the corner of the tab bar.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QWidget

from peerhouse.app.changes import RecordKind
from peerhouse.services.actor import ActorKind
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.section import Section, page_layout
from peerhouse.ui.manager.settings.account_dialogs import PasswordDialog
from peerhouse.ui.manager.settings.accounts import AccountsTab
from peerhouse.ui.manager.settings.audit import AuditTab
from peerhouse.ui.manager.settings.backups import BackupsTab
from peerhouse.ui.manager.settings.house import HouseTab
from peerhouse.ui.manager.settings.resources import ResourcesTab
from peerhouse.ui.manager.settings.security import SecurityTab
from peerhouse.ui.widgets.common import button, muted


class SettingsSection(Section):
    key = "settings"
    title = "Settings"
    icon_name = "settings"
    permission = Perm.HOUSES_READ
    watches = (RecordKind.HOUSES, RecordKind.ACCOUNTS, RecordKind.RESOURCES, RecordKind.SETTINGS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dialog: PasswordDialog | None = None
        self.house_tab = HouseTab(ctx, self.load)
        self.accounts_tab = AccountsTab(ctx, self.load) if ctx.can(Perm.ACCOUNTS_MANAGE) else None
        self.resources_tab = ResourcesTab(ctx, self.load) if ctx.can(Perm.RESOURCES_READ) else None
        self.security_tab = SecurityTab(ctx, self.load) if ctx.can(Perm.KEYS_MANAGE) else None
        self.backups_tab = BackupsTab(ctx, self.load) if ctx.can(Perm.BACKUP_CREATE) else None
        self.audit_tab = AuditTab(ctx) if ctx.can(Perm.AUDIT_READ) else None
        tabs: list[tuple[QWidget | None, str]] = [
            # No underlined letters: they took Alt+letter from the fields on every tab
            # (Ctrl+Tab and Ctrl+Page Down go from tab to tab).
            (self.house_tab, "House"), (self.accounts_tab, "Staff accounts"),
            (self.resources_tab, "Resources"), (self.security_tab, "Security"),
            (self.backups_tab, "Backups"), (self.audit_tab, "Audit log"),
        ]
        shown = [(w, t) for w, t in tabs if w is not None]
        names = [t.replace("&", "").lower() for _, t in shown]
        layout = page_layout(self, "Settings")
        top = QHBoxLayout()
        top.addWidget(muted("Here: " + ", ".join(names[:-1]) + f" and {names[-1]}."), 1)
        if ctx.actor.kind == ActorKind.STAFF:
            top.addWidget(button("Change &my password…", "lock", on_click=self.change_my_password))
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.tabs.setAccessibleName("Settings")
        for widget, text in shown:
            self.tabs.addTab(widget, text)
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addWidget(self.tabs, 1)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i).replace("&", "") for i in range(self.tabs.count())]

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    def has_unsaved_changes(self) -> bool:
        """Edited house rules or lock times, or a new recovery code whose sheet is not saved."""
        return self.house_tab.has_unsaved_changes() or (
            self.security_tab is not None and self.security_tab.has_unsaved_changes())

    def refresh(self) -> None:
        for tab in (self.house_tab, self.accounts_tab, self.resources_tab, self.security_tab,
                    self.backups_tab):
            if tab is not None:
                tab.refresh()
        if self.audit_tab is not None and self.tabs.currentWidget() is self.audit_tab:
            self.audit_tab.refresh()

    def _tab_shown(self, _index: int) -> None:
        # The audit log grows with everything anyone does, and automatic backups come and
        # go: reload them whenever they are opened.
        shown = self.tabs.currentWidget()
        if shown is not None and shown in (self.audit_tab, self.backups_tab):
            shown.refresh()  # type: ignore[attr-defined]

    def change_my_password(self) -> None:
        self.dialog = PasswordDialog(self.ctx, parent=self)
        self.dialog.open()
