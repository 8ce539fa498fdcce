"""The Outside meetings tab: AA, NA, SMART… meetings residents went to in a week, with
"slip seen" verification and each resident's count against their phase's requirement.

Residents log their own at the kiosk; staff can log one for a resident (from a
paper slip) and mark a meeting verified once they have seen the attendance slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QWidget,
)

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.i18n import _, lazy, ngettext, pgettext
from peerhouse.models.enums import Fellowship
from peerhouse.models.meetings import OutsideMeeting
from peerhouse.services import outside_meetings
from peerhouse.services import text_limits as limits
from peerhouse.services.outside_meetings import WeekCount
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import month_day, short_day
from peerhouse.ui.manager.accountability.common import (
    HouseData,
    HouseForm,
    Tab,
    button_row,
    chosen_resident,
    pane,
    pydate,
    qdate,
    resident_box,
    side_by_side,
)
from peerhouse.ui.manager.accountability.pickers import WeekPicker
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets import common
from peerhouse.ui.widgets.common import button
from peerhouse.ui.widgets.dates import DateEdit

CHECK = "✓"


def fellowship_label(value: str) -> str:
    # Translators: a fellowship that is not AA, NA, CA, SMART… (the others keep their names).
    return pgettext("fellowship", "Other") if value == Fellowship.OTHER else value


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
        return _("{count} of {needed}").format(count=self.count.total, needed=self.needed) + met



def outside_week(u: Unit, house: HouseData, start: date,
                 ) -> tuple[list[OutsideMeeting], list[CountRow]]:
    """The outside meetings logged in the week from `start`, and each resident's count."""
    rows = outside_meetings.list_for_house(u, house.house_id, start, start + timedelta(days=6))
    counts = outside_meetings.week_counts(u, house.house_id, start)
    by_id = {r.id: r for r in house.residents}
    out = []
    for rid, count in counts.items():
        res = by_id.get(rid)
        phase = house.phases.get(res.phase_id) if res and res.phase_id else None
        out.append(CountRow(rid, house.name(rid), phase.name if phase else "",
                            phase.meetings_per_week if phase else None, count))
    out.sort(key=lambda r: r.name.lower())
    return rows, out

class OutsideMeetingsTab(Tab[OutsideMeeting]):
    title = lazy("Outside meetings")
    row_kind = OutsideMeeting

    def __init__(self, section: Any) -> None:
        super().__init__(section)
        self.week = self.picker = WeekPicker()
        self.week.changed.connect(lambda _d: self.reload())
        self.box.addLayout(button_row(self.week))
        self.box.addWidget(side_by_side(self._build_meetings(), self._build_counts(),
                                        (660, 380)), 1)
        self._update_buttons()

    def _build_meetings(self) -> QWidget:
        left, lbox = pane(_("Meetings logged this week"), left=True)
        self.model: RowsModel[OutsideMeeting] = RowsModel([
            Column(_("Day"), lambda m: short_day(m.on_date),
                   sort=lambda m: m.on_date.toordinal()),
            Column(_("Resident"), lambda m: self.name(m.resident_id)),
            Column(_("Fellowship"), lambda m: fellowship_label(m.fellowship)),
            Column(_("Meeting"), lambda m: ", ".join(x for x in (m.name, m.place) if x),
                   tooltip=lambda m: ", ".join(x for x in (m.name, m.place) if x)),
            Column(_("By"), lambda m: _("Kiosk") if m.source == "kiosk" else _("Staff"),
                   tooltip=lambda m: _("Logged by the resident at the kiosk")
                   if m.source == "kiosk" else _("Logged by staff")),
            Column(_("Slip"), lambda m: CHECK if m.verified else "", sort=lambda m: m.verified,
                   tooltip=lambda m: _("Slip seen by staff") if m.verified
                   else _("Slip not seen yet")),
        ])
        self.view, self.proxy, self.pane = self.table(
            self.model, _("Outside meetings this week"), stretch=(3,),
            on_select=self._update_buttons, on_open=self.toggle_verified)
        lbox.addWidget(self.pane, 1)
        self.verify_btn = button(_("&Slip seen"), "check", on_click=self.toggle_verified,
                                 tip=_("You have seen the attendance slip for this meeting"))
        self.remove_btn = button(_("&Remove…"), danger=True, on_click=self.remove_selected,
                                 tip=_("Remove a meeting logged by mistake"))
        lbox.addLayout(button_row(
            button(_("&Log a meeting…"), "add", primary=True, on_click=self.open_log_dialog),
            self.verify_btn, self.remove_btn))
        return left

    def _build_counts(self) -> QWidget:
        right, rbox = pane(_("Each resident this week"), left=False)
        self.count_model: RowsModel[CountRow] = RowsModel([
            Column(_("Resident"), lambda r: r.name),
            Column(_("Logged"), lambda r: r.logged, sort=lambda r: r.count.total,
                   tooltip=self._needed_text),
            Column(_("Slips"), lambda r: str(r.count.verified), sort=lambda r: r.count.verified,
                   align_right=True, tooltip=lambda r: _("Meetings with the slip seen by staff")),
        ])
        self.count_view, self.count_proxy, self.count_pane = self.table(
            self.count_model, _("Outside meetings per resident"), stretch=(0,))
        rbox.addWidget(self.count_pane, 1)
        return right

    @staticmethod
    def _needed_text(row: CountRow) -> str:
        if not row.phase:
            return _("No phase set")
        return ngettext("{phase} asks for {n} a week", "{phase} asks for {n} a week",
                        row.needed or 0).format(phase=row.phase, n=row.needed)

    # -- loading -------------------------------------------------------------------
    def reload(self) -> None:
        house = self.house
        assert house is not None

        self.load_picked(lambda start: ReadOp(outside_week, house, start), self._show)

    def _show(self, _start: date, result: tuple[list[OutsideMeeting], list[CountRow]]) -> None:
        rows, counts = result
        self.model.set_rows(rows)
        self.pane.show_rows(len(rows), _("No outside meetings logged for this week yet. "
                                         "Residents log them at the kiosk, or use “Log a "
                                         "meeting”."))
        self.count_model.set_rows(counts)
        self.count_pane.show_rows(len(counts), _("Nobody is living in the house this week."))
        self._update_buttons()

    # -- actions -------------------------------------------------------------------
    def _update_buttons(self) -> None:
        row = self.selected()
        self.verify_btn.setEnabled(row is not None)
        self.remove_btn.setEnabled(row is not None)
        self.verify_btn.setText(_("Undo &slip seen") if row is not None and row.verified
                                else _("&Slip seen"))

    def toggle_verified(self) -> None:
        row = self.selected()
        if row is None or row.id is None:
            return
        self.write(WriteOp(outside_meetings.verify, row.id, not row.verified))

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None or row.id is None:
            return
        question = _("Remove the {fellowship} meeting on {day} logged for {name}? Only do "
                     "this if it was logged by mistake.").format(
            fellowship=fellowship_label(row.fellowship), day=month_day(row.on_date),
            name=self.name(row.resident_id))
        if not common.confirm(self, _("Remove meeting"), question, yes=_("Remove")):
            return
        self.write(WriteOp(outside_meetings.remove, row.id))

    def open_log_dialog(self) -> OutsideMeetingDialog | None:
        current = self.selected()
        return self.open_form(lambda house: OutsideMeetingDialog(
            self.ctx, house, current.resident_id if current else None, self))


class OutsideMeetingDialog(HouseForm):
    """Log a meeting for a resident, e.g. from an attendance slip they handed in."""

    def __init__(self, ctx: AppContext, house: HouseData, resident_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Log an outside meeting"), parent=parent)
        self.resident = resident_box(house.active, resident_id)
        self.add_field(_("&Resident:"), self.resident, "resident")
        self.day = DateEdit(house.today)
        self.day.setMaximumDate(qdate(house.today))
        self.add_field(_("&Date:"), self.day, "date")
        self.fellowship = QComboBox()
        for value in Fellowship:
            self.fellowship.addItem(fellowship_label(value), str(value))
        self.add_field(_("&Fellowship:"), self.fellowship, "fellowship")
        self.name = self.add_line(_("&Meeting name:"), "meeting name", limits.LINE,
                                  _("e.g. Tuesday Night Big Book (optional)"))
        self.place = self.add_line(_("&Place:"), "place", limits.LINE,
                                   _("e.g. St. Mark's church hall (optional)"))

    def operation(self) -> Any:
        rid = chosen_resident(self.resident)
        return WriteOp(outside_meetings.log, int(rid),
                       pydate(self.day.date()), str(self.fellowship.currentData()),
                       self.name.text(), self.place.text())
