"""The notice-board data for a house-week: public information only.

Staff print it for the house board, so it holds only what every resident may see:
next week's chores by first name and last initial, this week's meetings, milestones of
residents who chose to celebrate them publicly, and the resources directory. It never
carries screens, incidents, check-ins, notes, goals or phases: the dataclasses below
have no field that could hold them, and resident rows are read with names only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, or_, select

from peerhouse.models.audit_actions import Action
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.directory import Resource
from peerhouse.models.enums import ChoreStatus, MeetingStatus, ResourceKind
from peerhouse.models.meetings import Meeting
from peerhouse.models.people import Resident, Stay
from peerhouse.services import clock, lookups
from peerhouse.services.languages import house_language
from peerhouse.services.milestones import milestones_between
from peerhouse.services.permissions import Perm
from peerhouse.services.resources import LIFELINE_988, is_lifeline
from peerhouse.services.summary_queries import WeekRange, check_week_start, overlapping
from peerhouse.services.unit import Unit, audited

_NAMES = (Resident.first_name, Resident.last_name, Resident.preferred_name)


@dataclass(frozen=True)
class BoardChore:
    day: date
    chore: str
    area: str
    name: str  # first name + last initial


@dataclass(frozen=True)
class BoardMeeting:
    starts_at: datetime  # house-local time
    kind: str
    topic: str
    cancelled: bool


@dataclass(frozen=True)
class BoardMilestone:
    name: str  # first name + last initial
    label: str
    on: date


@dataclass(frozen=True)
class BoardResource:
    name: str
    kind: str
    schedule: str
    address: str
    phone: str
    details: str = ""  # the directory entry's public notes ("Call or text 988, …")

    @property
    def crisis(self) -> bool:
        return self.kind == ResourceKind.CRISIS


@dataclass(frozen=True)
class WeeklyBoard:
    house_id: int
    house_name: str
    week: str
    week_start: date
    chores_week_start: date  # the chores shown are for the week after `week`
    chores: tuple[BoardChore, ...]
    meetings: tuple[BoardMeeting, ...]
    milestones: tuple[BoardMilestone, ...]  # this week and next, opted-in residents only
    resources: tuple[BoardResource, ...]
    generated_at: datetime  # house-local time of the read, printed on the page
    paper: str = "letter"  # the house's paper size, for printing
    language: str = "en"  # the house's language: the board's, unless someone chooses
    bilingual: bool = False  # the house prints both languages on one sheet


@audited(Perm.REPORTS_BOARD)
def weekly_board_data(u: Unit, house_id: int, week_start: date) -> WeeklyBoard:
    """Public data for the notice board of the week starting on Monday `week_start` (audited)."""
    check_week_start(week_start)
    u.audit(Action.REPORT_WEEKLY_BOARD, "house", house_id, house_id=house_id,
            week=clock.iso_week_label(week_start))
    session = u.session
    house = lookups.house(session, house_id)
    week = WeekRange(week_start, house.timezone)
    following = WeekRange(week.end, house.timezone)
    language = house_language(session, house_id)
    return WeeklyBoard(
        house_id=house_id,
        house_name=house.name,
        week=week.label,
        week_start=week.start,
        chores_week_start=following.start,
        chores=_chores(session, house_id, following),
        meetings=_meetings(session, house_id, week),
        milestones=_milestones(session, house_id, week.start, following.end),
        resources=_resources(session, house_id),
        generated_at=clock.now().astimezone(clock.zone(house.timezone)),
        paper=house.paper_size,
        language=language.language,
        bilingual=language.bilingual,
    )


def _chores(session: Session, house_id: int, week: WeekRange) -> tuple[BoardChore, ...]:
    stmt = (
        select(ChoreAssignment.due_date, Chore.name, Chore.area, Resident)
        .join(Chore, col(Chore.id) == col(ChoreAssignment.chore_id))
        .join(Resident, col(Resident.id) == col(ChoreAssignment.resident_id))
        .where(Chore.house_id == house_id, ChoreAssignment.due_date >= week.start,
               ChoreAssignment.due_date < week.end,
               ChoreAssignment.status != ChoreStatus.EXCUSED)
        .options(load_only(*_NAMES))
        .order_by(col(ChoreAssignment.due_date), col(Chore.name))
    )
    return tuple(BoardChore(day, name, area, res.board_name)
                 for day, name, area, res in session.exec(stmt))


def _meetings(session: Session, house_id: int, week: WeekRange) -> tuple[BoardMeeting, ...]:
    stmt = (
        select(Meeting.starts_at, Meeting.kind, Meeting.topic, Meeting.status)
        .where(Meeting.house_id == house_id, Meeting.starts_at >= week.start_utc,
               Meeting.starts_at < week.end_utc)
        .order_by(col(Meeting.starts_at))
    )
    tz = clock.zone(week.tz)
    return tuple(BoardMeeting(at.astimezone(tz), kind, topic, status == MeetingStatus.CANCELLED)
                 for at, kind, topic, status in session.exec(stmt))


def _milestones(
    session: Session, house_id: int, start: date, end: date
) -> tuple[BoardMilestone, ...]:
    """Milestones in [start, end) of residents who opted in, while they live in the house."""
    stmt = (
        select(Stay, Resident)
        .join(Resident, col(Resident.id) == col(Stay.resident_id))
        .where(Stay.house_id == house_id, *overlapping(start, end),
               col(Resident.celebrate_milestones_publicly).is_(True),
               col(Resident.sobriety_date).is_not(None))
        .options(load_only(*_NAMES, Resident.sobriety_date))
    )
    found: set[BoardMilestone] = set()
    for stay, res in session.exec(stmt):
        assert res.sobriety_date is not None
        for m in milestones_between(res.sobriety_date, start, end):
            if stay.moved_in <= m.on and (stay.moved_out is None or m.on < stay.moved_out):
                found.add(BoardMilestone(res.board_name, m.label, m.on))
    return tuple(sorted(found, key=lambda m: (m.on, m.name)))


def _resources(session: Session, house_id: int) -> tuple[BoardResource, ...]:
    """The directory, crisis lines first with 988 at the top (listed even if not stored)."""
    stmt = (
        select(Resource.name, Resource.kind, Resource.schedule, Resource.address, Resource.phone,
               Resource.notes)
        .where(col(Resource.active).is_(True),
               or_(col(Resource.house_id).is_(None), col(Resource.house_id) == house_id))
        .order_by(col(Resource.kind), col(Resource.name))
    )
    found = [BoardResource(*row) for row in session.exec(stmt)]
    if not any(_is_988(r) for r in found):
        line = LIFELINE_988
        found.append(BoardResource(line["name"], line["kind"], line["schedule"], "",
                                   line["phone"], line["notes"]))
    return tuple(sorted(found, key=lambda r: (not r.crisis, not _is_988(r))))


def _is_988(r: BoardResource) -> bool:
    return r.crisis and is_lifeline(r.phone)
