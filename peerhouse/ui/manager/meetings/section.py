"""Meetings: the house's meetings by week, and for the one picked, attendance and minutes.

Attendance clicks are saved one by one and announced to the other sections without
reloading this one (a reload per click would fight the person clicking); scheduling,
editing, cancelling and saving minutes reload the list and keep the same meeting picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.app.ops import ReadOp
from peerhouse.app.reports import minutes_report, sign_in_report
from peerhouse.i18n import lazy
from peerhouse.models.enums import MeetingKind, MeetingStatus
from peerhouse.models.houses import House
from peerhouse.models.meetings import Meeting
from peerhouse.services import houses, meetings
from peerhouse.services.clock import local_day, local_midnight, local_time, now, week_start
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import week_span
from peerhouse.ui.manager.meetings.detail import MeetingDetail
from peerhouse.ui.manager.meetings.dialogs import (
    STATUS_LABELS,
    CancelMeetingDialog,
    MeetingDialog,
    kind_text,
    meeting_when_text,
)
from peerhouse.ui.manager.reports.dialog import ReportDialog
from peerhouse.ui.manager.section import Section, page_layout
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import button, make_table, muted

# The list may narrow to this; below WIDE_LIST its "Week" column is left out (the "When"
# column says the day), so a 1024 px window keeps room for the meeting itself.
LIST_MIN_WIDTH, WIDE_LIST = 300, 420
# label, from / to in weeks relative to this week's start (None: the start / end of today).
RANGES: tuple[tuple[str, int | None, int | None], ...] = (
    ("Recent and upcoming", -4, 27), ("Upcoming", None, 53), ("Past year", -52, None))


@dataclass(frozen=True)
class MeetingsListing:
    house: House
    today: date
    meetings: list[Meeting]


def meetings_listing(u: Unit, house_id: int, first: int | None,
                     last: int | None) -> MeetingsListing:
    """The house's meetings from `first` to `last` weeks after this week's start (None:
    from today; to the end of today)."""
    house = houses.get_house(u, house_id)
    today = local_day(now(), house.timezone)
    this_week = week_start(today, house.week_start_day)
    start = local_midnight(today if first is None else this_week + timedelta(weeks=first),
                           house.timezone)
    end = local_midnight(today + timedelta(days=1) if last is None else
                         this_week + timedelta(weeks=last), house.timezone)
    return MeetingsListing(house, today, meetings.list_meetings(u, house_id, start, end))


def later_in_series(u: Unit, house_id: int, meeting: Meeting) -> int:
    """How many meetings of `meeting`'s series are still scheduled after it."""
    if not meeting.series_id:
        return 0
    rows = meetings.list_meetings(u, house_id, meeting.starts_at + timedelta(seconds=1),
                                  meeting.starts_at + timedelta(weeks=60))
    return sum(1 for m in rows if m.series_id == meeting.series_id
               and m.status == MeetingStatus.SCHEDULED)


class MeetingsSection(Section):
    key = "meetings"
    title = lazy("Meetings")
    permission = Perm.MEETINGS_READ
    watches = (RecordKind.MEETINGS, RecordKind.RESIDENTS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tz, self.today, self.week_day = "UTC", date.today(), 0
        self.selected_id: int | None = None
        self.dialog: Any = None
        layout = page_layout(self, "Meetings", "Schedule house meetings, take attendance with "
                                               "one click per resident, and keep the minutes.")
        bar = QHBoxLayout()
        show = QLabel("Sho&w:")
        self.range_box = QComboBox()
        self.range_box.setAccessibleName("Which meetings to show")
        for label, *_ in RANGES:
            self.range_box.addItem(label)
        show.setBuddy(self.range_box)
        self.range_box.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(show)
        bar.addWidget(self.range_box)
        self.count = muted("")
        bar.addWidget(self.count, 1)
        self.schedule_button = button("&Schedule meeting…", "add", primary=True,
                                      on_click=self.schedule, tip="Schedule a meeting (Ctrl+N)")
        self.schedule_button.setShortcut(QKeySequence("Ctrl+N"))
        self.schedule_button.setVisible(ctx.can(Perm.MEETINGS_MANAGE))
        bar.addWidget(self.schedule_button)
        layout.addLayout(bar)

        self.model: RowsModel[Meeting] = RowsModel([
            Column("Week", self._week_text, sort=lambda m: m.starts_at),
            Column("When", lambda m: meeting_when_text(m.starts_at, self.tz), sort=lambda m: m.starts_at),
            Column("Status", self._status_text),
            Column("Meeting", self._meeting_text,
                   tooltip=lambda m: kind_text(m) + (f": {m.topic}" if m.topic else "")),
        ])
        self.table, self.proxy = make_table(self.model)
        self.table.setAccessibleName("Meetings")
        self.table.setMinimumWidth(LIST_MIN_WIDTH)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._picked())

        self.detail = MeetingDetail(ctx)
        self.detail.edit_requested.connect(self.edit)
        self.detail.cancel_requested.connect(self.cancel)
        self.detail.print_requested.connect(self.print_paper)
        self.empty = muted("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.detail)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([450, 610])
        self.split = split
        split.splitterMoved.connect(lambda _pos, _i: self._fit_list())
        layout.addWidget(split, 1)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_list()

    def _fit_list(self) -> None:
        narrow = self.table.width() < WIDE_LIST
        if self.table.isColumnHidden(0) != narrow:
            self.table.setColumnHidden(0, narrow)

    # -- loading ---------------------------------------------------------------
    def refresh(self) -> None:
        _label, first, last = RANGES[self.range_box.currentIndex()]
        self.load(ReadOp(meetings_listing, self.ctx.house_id, first, last), self._fill)

    def has_unsaved_changes(self) -> bool:
        """Minutes typed and not saved yet (asked before closing or logging out)."""
        return self.detail.minutes.has_unsaved_changes()

    def _fill(self, listing: MeetingsListing) -> None:
        if listing.house.id != self.ctx.house_id:
            return  # loaded for the house shown before a switch: the new house's list follows
        self.tz, self.today = listing.house.timezone, listing.today
        self.week_day = listing.house.week_start_day
        newest_first = RANGES[self.range_box.currentIndex()][2] is None
        self.model.set_rows(listing.meetings)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder if newest_first
                                else Qt.SortOrder.AscendingOrder)
        for col, width in ((0, 108), (1, 142), (2, 96)):
            self.table.setColumnWidth(col, width)
        self._fit_list()
        n = len(listing.meetings)
        self.count.setText(f"{n} meeting{'s' if n != 1 else ''}" if n else "")
        self.empty.setText("No meetings in this period yet." + (
            " Use “Schedule meeting…” to add one, or a weekly series."
            if self.ctx.can(Perm.MEETINGS_MANAGE) else ""))
        self._select(self._default_row())

    def _default_row(self) -> int:
        """The meeting picked before; else today's, else one of the last few days still
        awaiting minutes, else the next one, else the latest."""
        rows = [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]
        for i, m in enumerate(rows):
            if m.id == self.selected_id:
                return i
        days = [local_time(m.starts_at, self.tz).date() for m in rows]
        live = [i for i, m in enumerate(rows) if m.status != MeetingStatus.CANCELLED]
        today = [i for i in live if days[i] == self.today]
        recent = [i for i in live if rows[i].status == MeetingStatus.SCHEDULED
                  and self.today - timedelta(days=6) <= days[i] < self.today]
        upcoming = [i for i in live if days[i] > self.today]
        for group, pick in ((today, min), (recent, max), (upcoming, min)):
            if group:
                return pick(group, key=lambda i: rows[i].starts_at)
        return max(range(len(rows)), key=lambda i: rows[i].starts_at, default=-1)

    def _select(self, row: int) -> None:
        if row < 0:
            self.selected_id = None
            self.right.setCurrentWidget(self.empty)
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._picked()

    def _picked(self) -> None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return
        meeting: Meeting = self.proxy.row_at(index.row())
        assert meeting.id is not None
        same = meeting.id == self.selected_id and self.detail.meeting is not None
        self.selected_id = meeting.id
        self.right.setCurrentWidget(self.detail)
        # Keep the old list on screen while the new one loads, unless it was another meeting.
        self.detail.show_meeting(meeting, self.tz, self.today, None if same else [])
        meeting_id = meeting.id

        def apply(rows: list[meetings.AttendanceRow]) -> None:
            if self.selected_id == meeting_id:
                self.detail.show_meeting(meeting, self.tz, self.today, rows)

        self.load(ReadOp(meetings.attendance, meeting_id), apply)

    # -- columns ---------------------------------------------------------------
    def _week_text(self, m: Meeting) -> str:
        this_week = week_start(self.today, self.week_day)
        week = week_start(local_time(m.starts_at, self.tz).date(), self.week_day)
        offset = (week - this_week).days // 7
        names = {0: "This week", 1: "Next week", -1: "Last week"}
        return names.get(offset, week_span(week))  # under the "Week" header

    @staticmethod
    def _meeting_text(m: Meeting) -> str:
        """The topic first (most meetings are house meetings); other kinds say so."""
        if not m.topic:
            return kind_text(m)
        if m.kind == MeetingKind.HOUSE:
            return m.topic
        return f"{kind_text(m).removesuffix(' meeting')}: {m.topic}"

    def _status_text(self, m: Meeting) -> str:
        day = local_time(m.starts_at, self.tz).date()
        if m.status == MeetingStatus.SCHEDULED:
            if day < self.today:
                return "Minutes due"
            if day == self.today:
                return "Today"
        return STATUS_LABELS.get(m.status, m.status)

    # -- actions ---------------------------------------------------------------
    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if initiator is self.detail.attendance:
            return  # a click saved: the other sections reload, this one keeps its place
        super()._on_changed(changes, initiator)

    def _open(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, result: Any) -> None:
        """Pick the meeting saved (the write's change then reloads the list)."""
        first = result[0] if isinstance(result, list) and result else result
        if isinstance(first, Meeting) and first.id is not None:
            self.selected_id = first.id
            if first.starts_at > now() and RANGES[self.range_box.currentIndex()][2] is None:
                self.range_box.setCurrentIndex(0)

    def schedule(self) -> None:
        if self.ctx.can(Perm.MEETINGS_MANAGE):
            self._open(MeetingDialog(self.ctx, self.tz, parent=self))

    def edit(self) -> None:
        if self.detail.meeting is not None:
            self._open(MeetingDialog(self.ctx, self.tz, self.detail.meeting, parent=self))

    def cancel(self) -> None:
        meeting = self.detail.meeting
        if meeting is None or meeting.status != MeetingStatus.SCHEDULED:
            return
        self.load(ReadOp(later_in_series, self.ctx.house_id, meeting), lambda n: self._open(
            CancelMeetingDialog(self.ctx, self.tz, meeting, n, parent=self)))

    def print_paper(self, kind: str) -> None:
        """Preview, save or print the sign-in sheet or the minutes of the meeting shown."""
        meeting = self.detail.meeting
        if meeting is None or meeting.id is None:
            return
        store, actor, meeting_id = self.ctx.store, self.ctx.actor, meeting.id
        if kind == "meeting_minutes":
            title, make = "Meeting minutes", lambda: minutes_report(store, actor, meeting_id)
        else:
            title, make = "Sign-in sheet", lambda: sign_in_report(store, actor, meeting_id)
        self.dialog = ReportDialog(self.ctx, title, make, parent=self)
        self.dialog.open()
