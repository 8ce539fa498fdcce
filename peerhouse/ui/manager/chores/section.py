"""Chores: the weekly board (residents × days) and the house's chore list.

The two tabs live in their own modules (week, chore_list); this section holds
them and loads both. Their saves run as operations, so the other sections hear when a
chore changed (Today shows overdue chores, the resident page each resident's chores).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from peerhouse.app.changes import RecordKind
from peerhouse.i18n import lazy
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.chores.chore_list import ChoreListTab
from peerhouse.ui.manager.chores.week import WeekTab
from peerhouse.ui.manager.section import Section, page_layout
from peerhouse.ui.theme import icon


class ChoresSection(Section):
    key = "chores"
    title = lazy("Chores")
    permission = Perm.CHORES_READ
    watches = (RecordKind.CHORES, RecordKind.RESIDENTS)
    house_bound = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Chores", "Who does what this week, the fair rotation, "
                                             "and the house's chore list.")
        self.week_tab = WeekTab(ctx, self.load)
        self.list_tab = ChoreListTab(ctx, self.load)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.tabs.addTab(self.week_tab, icon("chores"), "This week")
        self.tabs.addTab(self.list_tab, icon("edit"), "Chore list")
        self.tabs.setAccessibleName("Chores")
        layout.addWidget(self.tabs, 1)


    def refresh(self) -> None:
        self.week_tab.refresh()
        self.list_tab.refresh()
