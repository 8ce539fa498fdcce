"""The Accountability section: check-ins, sign-outs and curfew, outside meetings, and —
for managers only — screens (with the random draw) and incidents.

Tabs a role may not use are never built, so a staff login cannot reach screens or
incidents even by keyboard. Only the tab on screen loads; the others reload when
they are next shown, so a confidential read (audited) happens only when someone looks.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import ReadOp
from peerhouse.i18n import lazy
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.accountability.checkins import CheckInsTab
from peerhouse.ui.manager.accountability.common import HouseData, Tab, load_house
from peerhouse.ui.manager.accountability.incidents import IncidentsTab
from peerhouse.ui.manager.accountability.outside import OutsideMeetingsTab
from peerhouse.ui.manager.accountability.screens import ScreensTab
from peerhouse.ui.manager.accountability.signouts import SignOutsTab
from peerhouse.ui.manager.section import Section, page_layout


class AccountabilitySection(Section):
    key = "accountability"
    title = lazy("Accountability")
    permission = Perm.CHECKINS_OVERVIEW
    watches = (RecordKind.CHECKINS, RecordKind.SIGNOUTS, RecordKind.OUTSIDE_MEETINGS,
               RecordKind.SCREENS, RecordKind.INCIDENTS, RecordKind.RESIDENTS)
    house_bound = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        private = ctx.can(Perm.SCREENS_READ) or ctx.can(Perm.INCIDENTS_READ)
        layout = page_layout(
            self, "Accountability",
            "Daily check-ins, sign-outs and curfew, and outside meetings"
            + (", screens and incidents." if private else ".")
            + " The house supports each resident's recovery; these records help staff "
              "notice who could use a hand.")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.tabs.setAccessibleName("Accountability tabs")
        self.checkins = CheckInsTab(self)
        self.signouts = SignOutsTab(self)
        self.outside = OutsideMeetingsTab(self)
        self.screens = ScreensTab(self) if ctx.can(Perm.SCREENS_READ) else None
        self.incidents = IncidentsTab(self) if ctx.can(Perm.INCIDENTS_READ) else None
        for tab in self.all_tabs():
            self.tabs.addTab(tab, tab.title)
        self.tabs.currentChanged.connect(lambda _i: self._show_current())
        layout.addWidget(self.tabs, 1)
        self.house: HouseData | None = None

    def all_tabs(self) -> list[Tab]:
        tabs: list[Tab | None] = [self.checkins, self.signouts, self.outside, self.screens,
                                  self.incidents]
        return [t for t in tabs if t is not None]

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def show_tab(self, tab: Tab) -> None:
        self.tabs.setCurrentWidget(tab)


    def refresh(self) -> None:
        for tab in self.all_tabs():
            tab.stale = True
        self.load(ReadOp(load_house, self.ctx.house_id), self._house_loaded)

    def _house_loaded(self, house: HouseData) -> None:
        if house.house_id != self.ctx.house_id:
            return
        self.house = house
        for tab in self.all_tabs():
            tab.set_house(house)
            tab.stale = True  # a tab opened meanwhile loaded with the previous house's names
        self._show_current()

    def _show_current(self) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, Tab) and tab.stale and self.house is not None:
            tab.refresh()
