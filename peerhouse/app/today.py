"""The manager's *Today* board: what needs attention in one house right now.

A loader: it reads, in one snapshot, from the services that already compute each part
(residents, check-in overview, talk requests, cravings, curfew, who is out, overdue chores,
screens due, next meeting), so permission checks and audit events stay where they are.
Every part is a fixed number of queries, never one per resident. A part the acting user
may not see is None (staff never get cravings or screens).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peerhouse.i18n import Message
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.people import Resident
from peerhouse.services import checkins, chores, houses, meetings, residents, screens, signouts
from peerhouse.services.actor import Actor
from peerhouse.services.checkins import CheckInStatus, HighCraving, TalkRequest
from peerhouse.services.chores import ChoresWeek, OverdueChore
from peerhouse.services.clock import local_day, now, week_start
from peerhouse.services.milestones import milestones_between
from peerhouse.services.permissions import Perm, allowed
from peerhouse.services.screens import ScreenDue
from peerhouse.services.signouts import OutNow
from peerhouse.services.unit import Unit, reading, writing
from peerhouse.store.engine import Store

__all__ = ["ChoresWeek", "OverdueChore", "TodayBoard", "board", "today_board"]


@dataclass(frozen=True)
class BedCensus:
    """Beds filled out of the house's capacity, and applicants waiting for a bed."""

    filled: int
    capacity: int
    applicants: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.filled)


@dataclass(frozen=True)
class MissedCurfew:
    resident_id: int
    name: str
    night: date
    curfew_at: datetime
    back_at: datetime | None  # None: still out
    signout_id: int


@dataclass(frozen=True)
class MilestoneThisWeek:
    resident_id: int
    name: str
    label: Message  # '30 days', read in the reader's language
    on: date


@dataclass(frozen=True)
class UpcomingMeeting:
    meeting_id: int
    kind: str
    topic: str
    starts_at: datetime  # UTC


@dataclass(frozen=True)
class NextMeeting:
    """The next-meeting part; `meeting` is None when nothing is scheduled."""

    meeting: UpcomingMeeting | None


@dataclass(frozen=True)
class TodayBoard:
    house_id: int
    house_name: str
    timezone: str
    day: date
    week_start: date
    census: BedCensus | None
    not_checked_in: tuple[CheckInStatus, ...] | None
    talk_requests: tuple[TalkRequest, ...] | None
    high_cravings: tuple[HighCraving, ...] | None
    curfew_misses: tuple[MissedCurfew, ...] | None
    out_now: tuple[OutNow, ...] | None
    overdue_chores: tuple[OverdueChore, ...] | None
    screens_due: tuple[ScreenDue, ...] | None
    milestones: tuple[MilestoneThisWeek, ...] | None
    next_meeting: NextMeeting | None
    # How many residents live in the house today: with none, "everyone is up to date"
    # would be a false comfort, so the screen says plainly that nobody lives there.
    living: int
    # Which check-ins exist today and when each was last saved (ids and times only, no
    # answers): when it changes, the screen reads the confidential cravings again.
    checkins_mark: frozenset[tuple[int, datetime | None]] = frozenset()
    chores_week: ChoresWeek | None = None  # None: this role may not see chores


def today_board(store: Store, actor: Actor, house_id: int, day: date | None = None,
                with_cravings: bool = True) -> TodayBoard:
    """Everything the Today screen shows for `house_id` on `day` (default: today in the house).

    "Last night" is the evening of the day before `day`; "this week" is the house week
    containing `day`. Reading cravings writes the same audit event as everywhere else (so
    the snapshot is then a write transaction); an automatic refresh passes
    `with_cravings=False` (cravings stay None, no audit event) and keeps the cravings it
    read when a person asked.
    """
    cravings = with_cravings and allowed(actor, Perm.CHECKINS_READ)
    with (writing if cravings else reading)(store, actor, Perm.CHECKINS_OVERVIEW) as u:
        return board(u, house_id, day, cravings)


def board(u: Unit, house_id: int, day: date | None, cravings: bool) -> TodayBoard:
    """The board read in the running unit `u` (a writing one when `cravings`)."""
    house = houses.get_house(u, house_id)
    day = day or local_day(now(), house.timezone)
    first = week_start(day, house.week_start_day)
    can = u.allowed

    active: list[Resident] | None = None
    census = None
    if can(Perm.RESIDENTS_READ):
        active = residents.list_residents(u, house_id=house_id)
        waiting = residents.list_residents(u, house_id=house_id, status=ResidentStatus.APPLICANT)
        census = BedCensus(len(active), house.capacity, len(waiting))
    names = {r.id: r.board_name for r in active or ()}

    meeting = None
    if can(Perm.MEETINGS_READ):
        found = meetings.next_meeting(u, house_id)
        meeting = NextMeeting(None if found is None or found.id is None else UpcomingMeeting(
            found.id, found.kind, found.topic, found.starts_at))

    overview = checkins.checkin_overview(u, house_id, day)
    return TodayBoard(
        house_id=house_id,
        house_name=house.name,
        timezone=house.timezone,
        day=day,
        week_start=first,
        census=census,
        not_checked_in=tuple(s for s in overview if not s.checked_in),
        checkins_mark=frozenset((s.checkin_id, s.at) for s in overview
                                if s.checkin_id is not None),
        talk_requests=tuple(checkins.talk_requests(u, house_id)),
        high_cravings=tuple(checkins.high_cravings(u, house_id, day)) if cravings else None,
        curfew_misses=(_last_night(u, house_id, day, names)
                       if can(Perm.SIGNOUTS_READ) and active is not None else None),
        out_now=tuple(signouts.who_is_out(u, house_id)) if can(Perm.SIGNOUTS_READ) else None,
        overdue_chores=chores.overdue(u, house_id, day) if can(Perm.CHORES_READ) else None,
        chores_week=chores.chores_week(u, house_id, first) if can(Perm.CHORES_READ) else None,
        screens_due=(tuple(screens.screens_due(u, house_id, day))
                     if can(Perm.SCREENS_READ) else None),
        milestones=_milestones(active, first) if active is not None else None,
        next_meeting=meeting,
        living=len(overview),
    )


def _last_night(u: Unit, house_id: int, day: date,
                names: dict[int | None, str]) -> tuple[MissedCurfew, ...]:
    """Curfews missed on the night before `day`, by current residents only."""
    night = day - timedelta(days=1)
    misses = signouts.curfew_misses_for_house(u, house_id, night, day)
    return tuple(MissedCurfew(m.resident_id, names[m.resident_id], m.night, m.curfew_at,
                              m.back_at, m.signout_id)
                 for m in misses if m.resident_id in names)


def _milestones(active: list[Resident], first: date) -> tuple[MilestoneThisWeek, ...]:
    """Milestones of current residents in the house week starting `first`, by date."""
    end = first + timedelta(days=7)
    found = [MilestoneThisWeek(r.id, r.board_name, m.message, m.on)
             for r in active if r.id is not None and r.sobriety_date is not None
             for m in milestones_between(r.sobriety_date, first, end)]
    return tuple(sorted(found, key=lambda m: (m.on, m.name)))
