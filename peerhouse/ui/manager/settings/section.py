"""The Settings section: one tab per area, each shown only to roles allowed to use it.

House rules and the resources directory are readable by everyone (read-only for
staff); staff accounts, security and the audit log are the owner's; backups are the
owner's and the managers' (only the owner restores). Every staff member can change
their own password and their account's language (My account) from the corner of the tab
bar.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QWidget

from peerhouse.app.changes import RecordKind
from peerhouse.i18n import _, lazy
from peerhouse.services.actor import ActorKind
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.section import Section, page_layout
from peerhouse.ui.manager.settings.account_dialogs import MyAccountDialog, PasswordDialog
from peerhouse.ui.manager.settings.accounts import AccountsTab
from peerhouse.ui.manager.settings.audit import AuditTab
from peerhouse.ui.manager.settings.backups import BackupsTab
from peerhouse.ui.manager.settings.house import HouseTab
from peerhouse.ui.manager.settings.resources import ResourcesTab
from peerhouse.ui.manager.settings.security import SecurityTab
from peerhouse.ui.widgets.common import button, muted


class SettingsSection(Section):
    key = "settings"
    title = lazy("Settings")
    icon_name = "settings"
    permission = Perm.HOUSES_READ
    watches = (RecordKind.HOUSES, RecordKind.ACCOUNTS, RecordKind.RESOURCES, RecordKind.SETTINGS,
               RecordKind.LANGUAGES)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dialog: PasswordDialog | MyAccountDialog | None = None
        self.house_tab = HouseTab(ctx, self.load)
        self.accounts_tab = AccountsTab(ctx, self.load) if ctx.can(Perm.ACCOUNTS_MANAGE) else None
        self.resources_tab = ResourcesTab(ctx, self.load) if ctx.can(Perm.RESOURCES_READ) else None
        self.security_tab = SecurityTab(ctx, self.load) if ctx.can(Perm.KEYS_MANAGE) else None
        self.backups_tab = BackupsTab(ctx, self.load) if ctx.can(Perm.BACKUP_CREATE) else None
        self.audit_tab = AuditTab(ctx) if ctx.can(Perm.AUDIT_READ) else None
        # (tab, its title, its name inside a sentence)
        tabs: list[tuple[QWidget | None, str, str]] = [
            # No underlined letters: they took Alt+letter from the fields on every tab
            # (Ctrl+Tab and Ctrl+Page Down go from tab to tab).
            (self.house_tab, _("House"), _("house")),
            (self.accounts_tab, _("Staff accounts"), _("staff accounts")),
            (self.resources_tab, _("Resources"), _("resources")),
            (self.security_tab, _("Security"), _("security")),
            (self.backups_tab, _("Backups"), _("backups")),
            (self.audit_tab, _("Audit log"), _("audit log")),
        ]
        shown = [(w, t, n) for w, t, n in tabs if w is not None]
        names = [n for _w, _t, n in shown]
        listed = (_("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])
                  if len(names) > 1 else names[0])
        layout = page_layout(self, _("Settings"))
        top = QHBoxLayout()
        top.addWidget(muted(_("Here: {tabs}.").format(tabs=listed)), 1)
        if ctx.actor.kind == ActorKind.STAFF:
            top.addWidget(button(_("My account…"), "settings", on_click=self.my_account,
                                 tip=_("The language of your window")))
            top.addWidget(button(_("Change &my password…"), "lock",
                                 on_click=self.change_my_password))
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.tabs.setAccessibleName(_("Settings"))
        for widget, text, _name in shown:
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

    def my_account(self) -> None:
        self.dialog = MyAccountDialog(self.ctx, parent=self)
        self.dialog.open()

    def change_my_password(self) -> None:
        self.dialog = PasswordDialog(self.ctx, parent=self)
        self.dialog.open()
