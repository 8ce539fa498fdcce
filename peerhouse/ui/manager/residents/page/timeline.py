"""The Timeline tab: everything recorded about the resident, newest first, in one table.

The service decides which sources the role may see (staff never get screens,
incidents, goals or check-in answers); this tab only filters what it was given.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from peerhouse.app import resident_page
from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import ReadOp
from peerhouse.i18n import Message, _, lazy, ngettext
from peerhouse.services import timeline
from peerhouse.services.permissions import Perm
from peerhouse.services.timeline import KIND_LABELS, TimelineItem
from peerhouse.ui.formats import clock
from peerhouse.ui.manager.residents.page.tab import ResidentTab, fmt_day
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.access import clear_button
from peerhouse.ui.widgets.common import make_table, muted

# (label, days back (None = everything on record), the period as a sentence names it)
RANGES: tuple[tuple[Message, int | None, Message], ...] = (
    (lazy("Last 30 days"), 30, lazy("last 30 days")),
    (lazy("Last 90 days"), 90, lazy("last 90 days")),
    (lazy("Last year"), 365, lazy("last year")),
    (lazy("Everything"), None, lazy("everything")))


def _when(item: TimelineItem) -> str:
    day = fmt_day(item.day, weekday=True)
    return _("{day}, {time}").format(day=day, time=clock(item.time)) if item.time else day


def _kind(item: TimelineItem) -> str:
    label = KIND_LABELS.get(item.kind)
    return str(label) if label is not None else item.kind


def columns() -> list[Column[TimelineItem]]:
    """The table's columns, titled in the current language."""
    return [
        Column(_("When"), _when, sort=lambda i: i.sort_key),
        Column(_("What"), _kind),
        Column(_("Details"), lambda i: str(i.summary), tooltip=lambda i: str(i.summary)),
    ]


class TimelineTab(ResidentTab):
    permission = Perm.RESIDENTS_READ
    watches = (RecordKind.RESIDENTS, RecordKind.CHECKINS, RecordKind.MEETINGS,
               RecordKind.OUTSIDE_MEETINGS, RecordKind.CHORES, RecordKind.SIGNOUTS,
               RecordKind.SCREENS, RecordKind.INCIDENTS, RecordKind.GOALS, RecordKind.MENTORING,
               RecordKind.CONSENTS)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        layout = self.column()

        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(_("Show entries of kind"))
        self.kind_box.addItem(_("Everything"), "")
        for kind in timeline.visible_kinds(ctx.actor):
            self.kind_box.addItem(str(KIND_LABELS[kind]), str(kind))
        self.range_box = QComboBox()
        self.range_box.setAccessibleName(_("Period"))
        for label, days, _period in RANGES:
            self.range_box.addItem(str(label), days)
        self.range_box.setCurrentIndex(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search the timeline"))
        self.search.setAccessibleName(_("Search the timeline"))
        clear_button(self.search)
        show_label = QLabel(_("&Show:"))
        show_label.setBuddy(self.kind_box)
        period_label = QLabel(_("&Period:"))
        period_label.setBuddy(self.range_box)
        bar.addWidget(show_label)
        bar.addWidget(self.kind_box)
        bar.addSpacing(8)
        bar.addWidget(period_label)
        bar.addWidget(self.range_box)
        bar.addSpacing(8)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)

        self.model: RowsModel[TimelineItem] = RowsModel(columns(), self)
        self.view, self.proxy = make_table(self.model)
        self.view.setAccessibleName(_("Timeline"))
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.view.setColumnWidth(0, 190)
        self.view.setColumnWidth(1, 130)
        self.body = self.add_body(layout, self.view)
        self.status = muted("")
        layout.addWidget(self.status)
        if not ctx.can(Perm.SCREENS_READ):
            layout.addWidget(muted(_("Screens, incidents, goals and check-in answers are "
                                     "private and shown to managers only.")))

        self.kind_box.currentIndexChanged.connect(self._apply_filter)
        self.search.textChanged.connect(self._search)
        self.range_box.currentIndexChanged.connect(lambda _i: self.refresh())
        # Each load is numbered: a slow "Everything" that returns after a later "Last 30
        # days" must not replace it (only the newest request's result is shown).
        self._request = 0

    def clear(self) -> None:
        self.model.set_rows([])
        self.status.setText("")

    def refresh(self) -> None:
        p = self.profile
        if p is None or p.resident.id is None:
            return
        days = self.range_box.currentData()
        start = None if days is None else p.today - timedelta(days=days - 1)
        self.status.setText(_("Loading…"))
        self._request += 1
        # A confidential source makes the read a disclosure: audited, in a write unit.
        self.fetch(ReadOp(resident_page.timeline_of, p.resident.id, start, None,
                          audited=timeline.confidential(self.ctx.actor)),
                   partial(self._show, request=self._request))

    def _show(self, items: list[TimelineItem], request: int | None = None) -> None:
        if request is not None and request != self._request:
            return  # an older period's result, overtaken by a newer request
        self.model.set_rows(items)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self._update_status()

    def _apply_filter(self) -> None:
        kind = self.kind_box.currentData()
        self.proxy.set_extra_filter((lambda i: i.kind == kind) if kind else None)
        self._update_status()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_status()

    def _update_status(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        period = str(RANGES[max(0, self.range_box.currentIndex())][2])
        self.status.setText("")
        if total == 0:
            self.body.set_empty(_("Nothing recorded for this resident in this period "
                                  "({period}). Choose a longer period to see earlier "
                                  "entries.").format(period=period))
            return
        if shown == 0:
            self.body.set_empty(_("No entries match what you chose. Clear the search, or show "
                                  "everything."))
            return
        self.body.set_empty("")
        if shown == total:
            self.status.setText(ngettext("{n} entry ({period}), newest first.",
                                         "{n} entries ({period}), newest first.",
                                         total).format(n=total, period=period))
        else:
            self.status.setText(ngettext("Showing {shown} of {n} entry ({period}).",
                                         "Showing {shown} of {n} entries ({period}).",
                                         total).format(shown=shown, n=total, period=period))
