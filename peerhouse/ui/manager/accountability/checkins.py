"""The Check-ins tab: who has checked in on a day and who asked to talk.

Staff (house seniors) see only whether someone checked in and whether they asked to
talk, and can mark a talk request followed up. Managers also see the answers (mood,
craving, sleep, sponsor contact, note: one audited read per load) and can enter a
check-in on a resident's behalf, e.g. from a paper form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.i18n import _, lazy, ngettext, pgettext
from peerhouse.models.accountability import CheckIn
from peerhouse.services import checkin_answers, checkins
from peerhouse.services import text_limits as limits
from peerhouse.services.checkins import HIGH_CRAVING, CheckInStatus
from peerhouse.services.clock import local_time
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import clock, short_day
from peerhouse.ui.manager.accountability.common import (
    HouseData,
    HouseForm,
    Tab,
    TintedRows,
    button_row,
)
from peerhouse.ui.manager.accountability.pickers import DayPicker
from peerhouse.ui.tablemodels.rows import Column
from peerhouse.ui.widgets.common import button

MOODS = {1: lazy("Very low"), 2: lazy("Low"), 3: lazy("Okay"), 4: lazy("Good"),
         5: lazy("Great")}


@dataclass(frozen=True)
class CheckInRow:
    status: CheckInStatus
    name: str
    answers: CheckIn | None  # only for roles that may read answers
    past_day: bool = False

    @property
    def waiting(self) -> bool:
        return self.status.wants_to_talk and not self.status.talk_followed_up


def checkin_rows(u: Unit, house: HouseData, day: date, answers_visible: bool,
                 ) -> list[CheckInRow]:
    """Who checked in on `day` (with their answers for a role that may read them)."""
    statuses = checkins.checkin_overview(u, house.house_id, day)
    answers: dict[int, CheckIn] = {}
    if answers_visible and any(s.checked_in for s in statuses):
        answers = checkin_answers.answers_for_house(u, house.house_id, day)
    past = day < house.today
    return [CheckInRow(s, house.name(s.resident_id), answers.get(s.resident_id), past)
            for s in statuses]


def _yes(flag: bool) -> str:
    return _("Yes") if flag else _("No")


class CheckInsTab(Tab[CheckInRow]):
    title = lazy("Check-ins")
    row_kind = CheckInRow

    def __init__(self, section: Any) -> None:
        super().__init__(section)
        self.answers_visible = self.ctx.can(Perm.CHECKINS_READ)
        self.can_enter = self.ctx.can(Perm.CHECKINS_MANAGE)
        layout = self.box
        self.day_picker = self.picker = DayPicker()
        self.day_picker.changed.connect(lambda _d: self.reload())
        layout.addLayout(button_row(self.day_picker))
        self.summary = QLabel()
        self.summary.setObjectName("CardTitle")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.model = TintedRows(self._columns(), self._tint)
        self.view, self.proxy, self.pane = self.table(
            self.model, _("Check-ins"), stretch=(self.model.columnCount() - 1,),
            on_select=self._update_buttons, on_open=self._open_resident)
        layout.addWidget(self.pane, 1)

        self.followed_btn = button(_("&Followed up"), "check", on_click=self.mark_followed_up,
                                   tip=_("Someone has talked with this resident"))
        self.enter_btn = button(_("&Enter check-in…"), "edit", on_click=self.open_checkin_dialog,
                                tip=_("Enter or change this resident's check-in for the day"))
        self.enter_btn.setVisible(self.can_enter)
        buttons = button_row(self.followed_btn, self.enter_btn)
        if not self.answers_visible:
            note = QLabel(_("Answers are private to the resident and the house manager."))
            note.setObjectName("Muted")
            buttons.addWidget(note)
        layout.addLayout(buttons)
        self._update_buttons()

    def _columns(self) -> list[Column[CheckInRow]]:
        cols: list[Column[CheckInRow]] = [
            Column(_("Resident"), lambda r: r.name),
            Column(_("Checked in"), self._checked_in_text,
                   sort=lambda r: r.status.at.timestamp() if r.status.at else -1.0),
            Column(_("Asked to talk"), lambda r: (_("Waiting to talk") if r.waiting else
                                                  _("Followed up") if r.status.wants_to_talk
                                                  else ""),
                   sort=lambda r: (2 if r.waiting else 1 if r.status.wants_to_talk else 0)),
        ]
        if self.answers_visible:
            cols += [
                # Translators: a narrow column head over "4 · Good" (the mood, 1 to 5).
                Column(pgettext("column", "Mood"), lambda r: f"{r.answers.mood} · {str(MOODS[r.answers.mood])}"
                       if r.answers else "", sort=lambda r: r.answers.mood if r.answers else -1),
                Column(_("Craving"), lambda r: f"{r.answers.craving} / 10" if r.answers else "",
                       sort=lambda r: r.answers.craving if r.answers else -1, align_right=True),
                Column(_("Slept well"), lambda r: _yes(r.answers.slept_well) if r.answers else ""),
                Column(_("Sponsor contact"),
                       lambda r: _yes(r.answers.sponsor_contact) if r.answers else ""),
                Column(_("Note"), lambda r: r.answers.note if r.answers else "",
                       tooltip=lambda r: r.answers.note if r.answers else ""),
            ]
        return cols

    def _checked_in_text(self, row: CheckInRow) -> str:
        if row.status.at:
            return clock(local_time(row.status.at, self.tz()))
        return _("No check-in") if row.past_day else _("Not yet")

    def _tint(self, row: CheckInRow) -> bool:
        high = row.answers is not None and row.answers.craving >= HIGH_CRAVING
        return row.waiting or high

    # -- loading -------------------------------------------------------------------
    def reload(self) -> None:
        house, answers = self.house, self.answers_visible
        assert house is not None
        # Reading the answers is a disclosure: its audit event commits with the read.
        self.load_picked(lambda day: ReadOp(checkin_rows, house, day, answers, audited=answers),
                         self._show)

    def _show(self, day: date, rows: list[CheckInRow]) -> None:
        assert self.house is not None
        self.model.set_rows(rows)
        done = sum(r.status.checked_in for r in rows)
        waiting = sum(r.waiting for r in rows)
        if not rows:
            self.summary.setText("")
        else:
            n = len(rows)
            if day == self.house.today:
                text = ngettext("{done} of {n} resident checked in today.",
                                "{done} of {n} residents checked in today.", n)
            else:
                text = ngettext("{done} of {n} resident checked in on {day}.",
                                "{done} of {n} residents checked in on {day}.", n)
            text = text.format(done=done, n=n, day=short_day(day))
            if waiting:
                text += " " + ngettext("{n} asked to talk and is waiting.",
                                       "{n} asked to talk and are waiting.", waiting
                                       ).format(n=waiting)
            self.summary.setText(text)
        self.pane.show_rows(len(rows), _("Nobody is living in the house yet, so there are no "
                                         "check-ins to show."))
        self._update_buttons()

    # -- actions -------------------------------------------------------------------
    def _update_buttons(self) -> None:
        row = self.selected()
        self.followed_btn.setEnabled(row is not None and row.waiting)
        self.enter_btn.setEnabled(row is not None)

    def _open_resident(self) -> None:
        row = self.selected()
        if row is not None:
            self.ctx.bus.open_resident.emit(row.status.resident_id)

    def mark_followed_up(self) -> None:
        row = self.selected()
        if row is None or not row.waiting or row.status.checkin_id is None:
            return
        self.write(WriteOp(checkins.mark_talk_followed_up, row.status.checkin_id))

    def open_checkin_dialog(self) -> CheckInDialog | None:
        row = self.selected()
        if row is None or not self.can_enter:
            return None
        return self.open_form(lambda house: CheckInDialog(
            self.ctx, house, row.status.resident_id, row.name, self.day_picker.day(),
            row.answers, self))


class CheckInDialog(HouseForm):
    """A manager enters (or changes) a resident's check-in, e.g. from a paper form."""

    def __init__(self, ctx: AppContext, house: HouseData, resident_id: int, name: str,
                 day: date, existing: CheckIn | None, parent: QWidget | None = None) -> None:
        title = (_("Change {name}'s check-in") if existing else _("Check-in for {name}")
                 ).format(name=name)
        super().__init__(ctx, title, parent=parent)
        self.resident_id = resident_id
        who = QLabel(name)
        who.setObjectName("CardTitle")
        self.form.addRow(_("Resident:"), who)
        self.when = self.add_time(_("&Time:"), house.tz, "time")
        if existing is not None:
            self.when.set_value(existing.at)
        elif day != house.today:
            self.when.set_local(day, time(20, 0))
        self.mood = QComboBox()
        for value, word in MOODS.items():
            self.mood.addItem(f"{value} · {str(word)}", value)
        self.mood.setCurrentIndex((existing.mood if existing else 3) - 1)
        self.add_field(_("&Mood:"), self.mood, "mood")
        self.craving = QSpinBox()
        self.craving.setRange(0, 10)
        self.craving.setSuffix(" / 10")
        self.craving.setValue(existing.craving if existing else 0)
        self.add_field(_("&Craving:"), self.craving, "craving")
        self.slept = QCheckBox(_("Slept well"))
        self.sponsor = QCheckBox(_("Talked with sponsor today"))
        self.talk = QCheckBox(_("Would like to talk to someone"))
        for box, field, value in (
            (self.slept, "slept well", existing.slept_well if existing else False),
            (self.sponsor, "sponsor contact", existing.sponsor_contact if existing else False),
            (self.talk, "wants to talk", existing.wants_to_talk if existing else False),
        ):
            box.setChecked(value)
            box.setAccessibleName(box.text())
            self.form.addRow("", box)
            self.errors.fields[field] = box
        self.note = self.add_line(_("&Note:"), "note", limits.SHORT_NOTE,
                                  _("Goal or gratitude, in the resident's words (optional)"),
                                  existing.note if existing else "")

    def operation(self) -> Any:
        rid = self.resident_id
        at: datetime = self.when.value()
        return WriteOp(checkins.submit_checkin, rid, int(self.mood.currentData()),
                       self.craving.value(), self.slept.isChecked(), self.sponsor.isChecked(),
                       self.note.text(), self.talk.isChecked(), at=at)
