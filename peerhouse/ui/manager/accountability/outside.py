"""The Outside meetings tab: AA, NA, SMART… meetings residents went to in a week, with
"slip seen" verification and each resident's count against their phase's requirement.

Residents log their own at the kiosk; staff can log one for a resident (from a
paper slip) and mark a meeting verified once they have seen the attendance slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from peerhouse.models.enums import Fellowship
from peerhouse.models.meetings import OutsideMeeting
from peerhouse.services import outside_meetings
from peerhouse.services import text_limits as limits
from peerhouse.services.outside_meetings import WeekCount
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import month_day, short_day
from peerhouse.ui.manager.accountability.common import (
    HouseData,
    Tab,
    button_row,
    chosen_resident,
    heading,
    picked,
    pydate,
    qdate,
    resident_box,
)
from peerhouse.ui.manager.accountability.pickers import WeekPicker
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets import common
from peerhouse.ui.widgets.common import button
from peerhouse.ui.widgets.dates import DateEdit
from peerhouse.ui.widgets.limits import limit_text
from peerhouse.ui.widgets.operation_dialog import OperationDialog

CHECK = "✓"


def fellowship_label(value: str) -> str:
    return "Other" if value == Fellowship.OTHER else value


@dataclass(frozen=True)
class CountRow:
    resident_id: int
    name: str
    phase: str
    needed: int | None
    count: WeekCount

    @property
    def logged(self) -> str:
        """'3 of 4', with a tick once the phase's weekly number is reached."""
        if self.needed is None:
            return str(self.count.total)
        met = f" {CHECK}" if self.count.total >= self.needed else ""
        return f"{self.count.total} of {self.needed}{met}"


class OutsideMeetingsTab(Tab):
    title = "Outside meetings"

    def __init__(self, section: Any) -> None:
        super().__init__(section)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        top = QHBoxLayout()
        self.week = self.picker = WeekPicker()
        self.week.changed.connect(lambda _d: self.reload())
        top.addWidget(self.week)
        top.addStretch(1)
        layout.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self._build_meetings())
        split.addWidget(self._build_counts())
        split.setSizes([660, 380])
        layout.addWidget(split, 1)
        self._update_buttons()

    def _build_meetings(self) -> QWidget:
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.setContentsMargins(0, 0, 8, 0)
        lbox.addWidget(heading("Meetings logged this week"))
        self.model: RowsModel[OutsideMeeting] = RowsModel([
            Column("Day", lambda m: short_day(m.on_date),
                   sort=lambda m: m.on_date.toordinal()),
            Column("Resident", lambda m: self.name(m.resident_id)),
            Column("Fellowship", lambda m: fellowship_label(m.fellowship)),
            Column("Meeting", lambda m: ", ".join(x for x in (m.name, m.place) if x),
                   tooltip=lambda m: ", ".join(x for x in (m.name, m.place) if x)),
            Column("By", lambda m: "Kiosk" if m.source == "kiosk" else "Staff",
                   tooltip=lambda m: "Logged by the resident at the kiosk" if m.source == "kiosk"
                   else "Logged by staff"),
            Column("Slip", lambda m: CHECK if m.verified else "", sort=lambda m: m.verified,
                   tooltip=lambda m: "Slip seen by staff" if m.verified else "Slip not seen yet"),
        ])
        self.view, self.proxy, self.pane = self.table(
            self.model, "Outside meetings this week", stretch=(3,),
            on_select=self._update_buttons, on_open=self.toggle_verified)
        lbox.addWidget(self.pane, 1)
        self.verify_btn = button("&Slip seen", "check", on_click=self.toggle_verified,
                                 tip="You have seen the attendance slip for this meeting")
        self.remove_btn = button("&Remove…", danger=True, on_click=self.remove_selected,
                                 tip="Remove a meeting logged by mistake")
        lbox.addLayout(button_row(
            button("&Log a meeting…", "add", primary=True, on_click=self.open_log_dialog),
            self.verify_btn, self.remove_btn))
        return left

    def _build_counts(self) -> QWidget:
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(8, 0, 0, 0)
        rbox.addWidget(heading("Each resident this week"))
        self.count_model: RowsModel[CountRow] = RowsModel([
            Column("Resident", lambda r: r.name),
            Column("Logged", lambda r: r.logged, sort=lambda r: r.count.total,
                   tooltip=lambda r: f"{r.phase} asks for {r.needed} a week" if r.phase
                   else "No phase set"),
            Column("Slips", lambda r: str(r.count.verified), sort=lambda r: r.count.verified,
                   align_right=True, tooltip=lambda r: "Meetings with the slip seen by staff"),
        ])
        self.count_view, self.count_proxy, self.count_pane = self.table(
            self.count_model, "Outside meetings per resident", stretch=(0,))
        rbox.addWidget(self.count_pane, 1)
        return right

    # -- loading -------------------------------------------------------------------
    def reload(self) -> None:
        ctx, house = self.ctx, self.house
        assert house is not None

        def fetch(start: date) -> tuple[list[OutsideMeeting], list[CountRow]]:
            rows = outside_meetings.list_for_house(ctx.store, ctx.actor, ctx.house_id, start,
                                                   start + timedelta(days=6))
            counts = outside_meetings.week_counts(ctx.store, ctx.actor, ctx.house_id, start)
            by_id = {r.id: r for r in house.residents}
            out = []
            for rid, count in counts.items():
                res = by_id.get(rid)
                phase = house.phases.get(res.phase_id) if res and res.phase_id else None
                out.append(CountRow(rid, house.name(rid), phase.name if phase else "",
                                    phase.meetings_per_week if phase else None, count))
            out.sort(key=lambda r: r.name.lower())
            return rows, out

        self.load_picked(fetch, self._show)

    def _show(self, _start: date, result: tuple[list[OutsideMeeting], list[CountRow]]) -> None:
        rows, counts = result
        self.model.set_rows(rows)
        self.pane.show_rows(len(rows), "No outside meetings logged for this week yet. Residents "
                                       "log them at the kiosk, or use “Log a meeting”.")
        self.count_model.set_rows(counts)
        self.count_pane.show_rows(len(counts), "Nobody is living in the house this week.")
        self._update_buttons()

    # -- actions -------------------------------------------------------------------
    def selected(self) -> OutsideMeeting | None:
        return picked(self.view, self.proxy, OutsideMeeting)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.verify_btn.setEnabled(row is not None)
        self.remove_btn.setEnabled(row is not None)
        self.verify_btn.setText("Undo &slip seen" if row is not None and row.verified
                                else "&Slip seen")

    def toggle_verified(self) -> None:
        row = self.selected()
        if row is None or row.id is None:
            return
        ctx, mid, flag = self.ctx, row.id, not row.verified
        self.write(lambda: outside_meetings.verify(ctx.store, ctx.actor, mid, flag),
                   "outside_meetings")

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or row.id is None:
            return
        if not common.confirm(self, "Remove meeting",
                              f"Remove the {fellowship_label(row.fellowship)} meeting on "
                              f"{month_day(row.on_date)} logged for "
                              f"{self.name(row.resident_id)}? Only do this if it was logged "
                              "by mistake.", yes="Remove"):
            return
        ctx, mid = self.ctx, row.id
        self.write(lambda: outside_meetings.remove(ctx.store, ctx.actor, mid), "outside_meetings")

    def open_log_dialog(self) -> OutsideMeetingDialog | None:
        current = self.selected()
        return self.open_form(lambda house: OutsideMeetingDialog(
            self.ctx, house, current.resident_id if current else None, self), "outside_meetings")


class OutsideMeetingDialog(OperationDialog):
    """Log a meeting for a resident, e.g. from an attendance slip they handed in."""

    def __init__(self, ctx: AppContext, house: HouseData, resident_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, "Log an outside meeting", "Save", save_button=True, default=True)
        self.ctx = ctx
        self.build_form(min_width=460, look="plain")
        self.resident = resident_box(house.active, resident_id)
        self.add_field("&Resident:", self.resident, "resident")
        self.day = DateEdit(house.today)
        self.day.setMaximumDate(qdate(house.today))
        self.add_field("&Date:", self.day, "date")
        self.fellowship = QComboBox()
        for value in Fellowship:
            self.fellowship.addItem(fellowship_label(value), str(value))
        self.add_field("&Fellowship:", self.fellowship, "fellowship")
        self.name = QLineEdit()
        limit_text(self.name, limits.LINE)
        self.name.setPlaceholderText("e.g. Tuesday Night Big Book (optional)")
        self.add_field("&Meeting name:", self.name, "meeting name")
        self.place = QLineEdit()
        limit_text(self.place, limits.LINE)
        self.place.setPlaceholderText("e.g. St. Mark's church hall (optional)")
        self.add_field("&Place:", self.place, "place")

    def operation(self) -> Any:
        rid = chosen_resident(self.resident)
        return partial(outside_meetings.log, self.ctx.store, self.ctx.actor, int(rid),
                       pydate(self.day.date()), str(self.fellowship.currentData()),
                       self.name.text(), self.place.text())
