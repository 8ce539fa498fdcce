"""The reads behind a resident progress report: one query per table, bounded by the period.

Each query takes one resident and the period, and selects only the columns the report
may show: the days of check-ins (never the answers), attendance marks, chore statuses,
screen results and goal titles with step counts (never notes).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, or_, select

from peerhouse.models.accountability import CheckIn, Screen
from peerhouse.models.chores import ChoreAssignment
from peerhouse.models.enums import MeetingStatus
from peerhouse.models.growth import Goal, GoalStep
from peerhouse.models.meetings import Attendance, Meeting, OutsideMeeting
from peerhouse.models.people import Stay
from peerhouse.services import clock


@dataclass(frozen=True)
class Period:
    """House-local days first..last (inclusive), and the same span as UTC instants."""

    first: date
    last: date
    today: date
    tz: str

    @property
    def stop(self) -> date:
        return self.last + timedelta(days=1)

    @property
    def start_utc(self) -> datetime:
        return clock.local_midnight(self.first, self.tz)

    @property
    def stop_utc(self) -> datetime:
        return clock.local_midnight(self.stop, self.tz)

    def local_day(self, at: datetime) -> date:
        return clock.local_day(at, self.tz)

    def nights(self, stays: list[Stay]) -> set[date]:
        """Days of the period the resident lived in a house (move-out day excluded)."""
        days = (self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1))
        return {d for d in days if any(
            s.moved_in <= d and (s.moved_out is None or d < s.moved_out) for s in stays)}


@dataclass(frozen=True)
class ProgressScreen:
    day: date
    method: str
    reason: str
    result: str


@dataclass(frozen=True)
class ProgressGoal:
    area: str
    title: str
    status: str
    target_date: date | None
    steps_done: int
    steps_total: int


def stays(session: Session, rid: int, p: Period) -> list[Stay]:
    stmt = select(Stay).where(
        Stay.resident_id == rid, col(Stay.moved_in) < p.stop,
        or_(col(Stay.moved_out).is_(None), col(Stay.moved_out) > p.first))
    return list(session.exec(stmt.order_by(col(Stay.moved_in))))


def checkin_days(session: Session, rid: int, p: Period) -> set[date]:
    stmt = select(CheckIn.day).where(CheckIn.resident_id == rid, CheckIn.day >= p.first,
                                     CheckIn.day <= p.last)
    return set(session.exec(stmt))


def house_meetings(
    session: Session, rid: int, house_ids: Collection[int], p: Period
) -> tuple[dict[int, date], dict[int, str]]:
    """Held meetings of the resident's houses in the period (id → local day), and the
    resident's marks at them (id → status)."""
    stmt = select(Meeting.id, Meeting.starts_at).where(
        col(Meeting.house_id).in_(list(house_ids)), Meeting.status == MeetingStatus.HELD,
        Meeting.starts_at >= p.start_utc, Meeting.starts_at < p.stop_utc)
    held = {mid: p.local_day(at) for mid, at in session.exec(stmt) if mid is not None}
    if not held:
        return {}, {}
    marks = session.exec(select(Attendance.meeting_id, Attendance.status).where(
        Attendance.resident_id == rid, col(Attendance.meeting_id).in_(list(held))))
    return held, dict(marks.all())


def outside(session: Session, rid: int, p: Period) -> list[tuple[date, str]]:
    stmt = select(OutsideMeeting.on_date, OutsideMeeting.fellowship).where(
        OutsideMeeting.resident_id == rid, OutsideMeeting.on_date >= p.first,
        OutsideMeeting.on_date <= p.last)
    return [(d, f) for d, f in session.exec(stmt)]


def chores(session: Session, rid: int, p: Period) -> list[tuple[date, str, int]]:
    stmt = (select(ChoreAssignment.due_date, ChoreAssignment.status, func.count())
            .where(ChoreAssignment.resident_id == rid, ChoreAssignment.due_date >= p.first,
                   ChoreAssignment.due_date <= p.last)
            .group_by(col(ChoreAssignment.due_date), col(ChoreAssignment.status)))
    return [(d, st, int(n)) for d, st, n in session.exec(stmt)]


def screens(session: Session, rid: int, p: Period) -> tuple[ProgressScreen, ...]:
    stmt = (select(Screen.at, Screen.method, Screen.reason, Screen.result)
            .where(Screen.resident_id == rid, Screen.at >= p.start_utc, Screen.at < p.stop_utc)
            .order_by(col(Screen.at)))
    return tuple(ProgressScreen(p.local_day(at), method, reason, result)
                 for at, method, reason, result in session.exec(stmt))


def goals(session: Session, rid: int, p: Period) -> tuple[ProgressGoal, ...]:
    """Goals set before the end of the period, with how many of their steps are done."""
    done = func.count(col(GoalStep.done_at))
    stmt = (select(Goal.area, Goal.title, Goal.status, Goal.target_date, done,
                   func.count(col(GoalStep.id)))
            .select_from(Goal)
            .outerjoin(GoalStep, col(GoalStep.goal_id) == col(Goal.id))
            .where(Goal.resident_id == rid, Goal.created_at < p.stop_utc)
            .group_by(col(Goal.id))
            .order_by(col(Goal.created_at), col(Goal.id)))
    return tuple(ProgressGoal(area, title, status, target, int(n_done), int(n_total))
                 for area, title, status, target, n_done, n_total in session.exec(stmt))
