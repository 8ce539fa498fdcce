"""The reads behind the weekly summary: one query per table for a whole house-week.

Every query is bounded by the week first (a local-date range, or the same span as UTC
instants) and by the house or its residents, so the (resident, day) and (house, time)
indexes keep a summary fast however many years of history the file holds. Nothing here
loops over residents: rows come back as small tuples and summaries.py assembles them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, func, or_, select

from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.accountability import CheckIn, Incident, IncidentResident, Screen, SignOut
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.enums import MeetingKind, MeetingStatus
from peerhouse.models.houses import House, Phase
from peerhouse.models.meetings import Attendance, Meeting, OutsideMeeting
from peerhouse.models.people import Resident, Stay
from peerhouse.services import clock
from peerhouse.services.curfew import morning_after

# A sign-out still open (or closed inside the week) that began more than this long before
# the week is not a curfew question any more; the bound keeps the query on its index.
SIGNOUT_LOOKBACK = timedelta(days=31)


def check_week_start(week_start: date) -> None:
    if week_start.weekday() != 0:
        raise ValidationError("week", lazy(
            "The week must start on a Monday (ISO weeks run Monday to Sunday)."))


@dataclass(frozen=True)
class WeekRange:
    """One house-local ISO week: local days [start, end) and the same span in UTC."""

    start: date
    tz: str

    @property
    def end(self) -> date:
        return self.start + timedelta(days=7)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=i) for i in range(7))

    @property
    def start_utc(self) -> datetime:
        return clock.local_midnight(self.start, self.tz)

    @property
    def end_utc(self) -> datetime:
        # 167 or 169 hours in a daylight-saving week: local midnights, never start + 7 days.
        return clock.local_midnight(self.end, self.tz)

    @property
    def label(self) -> str:
        return clock.iso_week_label(self.start)

    def local_day(self, at: datetime) -> date:
        return clock.local_day(at, self.tz)


class WeekCheckInRow(NamedTuple):
    resident_id: int
    day: date
    mood: int
    craving: int
    wants_to_talk: bool
    followed_up: bool


class DayCount(NamedTuple):
    resident_id: int
    day: date
    count: int


class WeekAttendanceRow(NamedTuple):
    meeting_id: int
    starts_at: datetime
    resident_id: int | None
    status: str | None


class ChoreRow(NamedTuple):
    resident_id: int
    due_date: date
    status: str
    count: int


class ScreenRow(NamedTuple):
    screen_id: int
    resident_id: int
    at: datetime
    method: str
    reason: str
    result: str


class IncidentRow(NamedTuple):
    incident_id: int
    at: datetime
    category: str
    resident_id: int | None


class TalkRow(NamedTuple):
    resident_id: int
    day: date


@dataclass(frozen=True)
class SummaryWeekData:
    """Everything the confidential summary needs, read in one snapshot."""

    stays: list[Stay]
    residents: dict[int, Resident]
    phases: dict[int, Phase]
    checkins: list[WeekCheckInRow]
    open_talks: list[TalkRow]
    outside: list[DayCount]
    attendance: list[WeekAttendanceRow]
    chores: list[ChoreRow]
    screens: list[ScreenRow]
    incidents: list[IncidentRow]
    signouts: list[SignOut]


def overlapping(start: date, end: date) -> tuple[object, object]:
    """Stay conditions: lived in the house on some day of [start, end) (move-out day counts)."""
    return col(Stay.moved_in) < end, or_(col(Stay.moved_out).is_(None), col(Stay.moved_out) >= start)


def week_stays(session: Session, house_id: int, start: date, end: date) -> list[Stay]:
    """This house's stays overlapping the span, and the same residents' stays elsewhere
    in it (so a transfer can name the other house)."""
    here = select(Stay.resident_id).where(Stay.house_id == house_id, *overlapping(start, end))
    stmt = select(Stay).where(col(Stay.resident_id).in_(here), *overlapping(start, end))
    return list(session.exec(stmt.order_by(col(Stay.moved_in))))


def load_week(session: Session, house: House, week: WeekRange) -> SummaryWeekData:
    """Read one house-week: its stays, then everything about the residents who had them."""
    assert house.id is not None
    stays = week_stays(session, house.id, week.start, week.end)
    ids = {s.resident_id for s in stays if s.house_id == house.id}
    # Names, phase and sobriety date only: notes and PIN hashes are never read for a report.
    res_stmt = select(Resident).where(col(Resident.id).in_(ids)).options(load_only(
        Resident.first_name, Resident.last_name, Resident.preferred_name, Resident.phase_id,
        Resident.sobriety_date))
    residents = {r.id: r for r in session.exec(res_stmt) if r.id is not None}
    phase_ids = {r.phase_id for r in residents.values() if r.phase_id is not None}
    phases = {p.id: p for p in session.exec(select(Phase).where(col(Phase.id).in_(phase_ids)))
              if p.id is not None}
    return SummaryWeekData(
        stays=stays,
        residents=residents,
        phases=phases,
        checkins=_checkins(session, ids, week),
        open_talks=_open_talks(session, ids, week.end),
        outside=_outside(session, ids, week),
        attendance=_attendance(session, house.id, week),
        chores=_chores(session, house.id, ids, week),
        screens=_screens(session, ids, week),
        incidents=_incidents(session, house.id, week),
        signouts=_signouts(session, house, ids, week),
    )


def _checkins(session: Session, ids: Collection[int], week: WeekRange) -> list[WeekCheckInRow]:
    stmt = select(
        CheckIn.resident_id, CheckIn.day, CheckIn.mood, CheckIn.craving, CheckIn.wants_to_talk,
        col(CheckIn.talk_followed_up_at).is_not(None),
    ).where(col(CheckIn.resident_id).in_(ids), CheckIn.day >= week.start, CheckIn.day < week.end)
    return [WeekCheckInRow(*row) for row in session.exec(stmt)]


def _open_talks(session: Session, ids: Collection[int], before: date) -> list[TalkRow]:
    """Requests to talk not yet followed up, from any week up to this one."""
    stmt = select(CheckIn.resident_id, CheckIn.day).where(
        col(CheckIn.resident_id).in_(ids), CheckIn.day < before,
        col(CheckIn.wants_to_talk).is_(True), col(CheckIn.talk_followed_up_at).is_(None),
    ).order_by(col(CheckIn.day))
    return [TalkRow(*row) for row in session.exec(stmt)]


def _outside(session: Session, ids: Collection[int], week: WeekRange) -> list[DayCount]:
    stmt = (
        select(OutsideMeeting.resident_id, OutsideMeeting.on_date, func.count())
        .where(col(OutsideMeeting.resident_id).in_(ids), OutsideMeeting.on_date >= week.start,
               OutsideMeeting.on_date < week.end)
        .group_by(col(OutsideMeeting.resident_id), col(OutsideMeeting.on_date))
    )
    return [DayCount(*row) for row in session.exec(stmt)]


def _attendance(session: Session, house_id: int, week: WeekRange) -> list[WeekAttendanceRow]:
    """Held house meetings of the week, each with its attendance rows (or one empty row).
    Business, peer-group and emergency meetings are not house meetings: the column and
    its count would say one thing and mean another."""
    stmt = (
        select(Meeting.id, Meeting.starts_at, Attendance.resident_id, Attendance.status)
        .select_from(Meeting)
        .outerjoin(Attendance, col(Attendance.meeting_id) == col(Meeting.id))
        .where(Meeting.house_id == house_id, Meeting.status == MeetingStatus.HELD,
               Meeting.kind == MeetingKind.HOUSE,
               Meeting.starts_at >= week.start_utc, Meeting.starts_at < week.end_utc)
    )
    return [WeekAttendanceRow(*row) for row in session.exec(stmt)]


def _chores(
    session: Session, house_id: int, ids: Collection[int], week: WeekRange
) -> list[ChoreRow]:
    stmt = (
        select(ChoreAssignment.resident_id, ChoreAssignment.due_date, ChoreAssignment.status,
               func.count())
        .join(Chore, col(Chore.id) == col(ChoreAssignment.chore_id))
        .where(Chore.house_id == house_id, col(ChoreAssignment.resident_id).in_(ids),
               ChoreAssignment.due_date >= week.start, ChoreAssignment.due_date < week.end)
        .group_by(col(ChoreAssignment.resident_id), col(ChoreAssignment.due_date),
                  col(ChoreAssignment.status))
    )
    return [ChoreRow(*row) for row in session.exec(stmt)]


def _screens(session: Session, ids: Collection[int], week: WeekRange) -> list[ScreenRow]:
    stmt = (
        select(Screen.id, Screen.resident_id, Screen.at, Screen.method, Screen.reason,
               Screen.result)
        .where(col(Screen.resident_id).in_(ids), Screen.at >= week.start_utc,
               Screen.at < week.end_utc)
        .order_by(col(Screen.at))
    )
    return [ScreenRow(*row) for row in session.exec(stmt)]


def _incidents(session: Session, house_id: int, week: WeekRange) -> list[IncidentRow]:
    stmt = (
        select(Incident.id, Incident.at, Incident.category, IncidentResident.resident_id)
        .select_from(Incident)
        .outerjoin(IncidentResident, col(IncidentResident.incident_id) == col(Incident.id))
        .where(Incident.house_id == house_id, Incident.at >= week.start_utc,
               Incident.at < week.end_utc)
        .order_by(col(Incident.at))
    )
    return [IncidentRow(*row) for row in session.exec(stmt)]


def _signouts(
    session: Session, house: House, ids: Collection[int], week: WeekRange
) -> list[SignOut]:
    """Sign-outs that can overlap a curfew of the week (Monday night to Monday 06:00)."""
    until = morning_after(house, week.last_day)
    stmt = select(SignOut).where(
        col(SignOut.resident_id).in_(ids),
        SignOut.out_at >= week.start_utc - SIGNOUT_LOOKBACK, SignOut.out_at < until,
        or_(col(SignOut.back_at).is_(None), col(SignOut.back_at) > week.start_utc),
    )
    return list(session.exec(stmt))
