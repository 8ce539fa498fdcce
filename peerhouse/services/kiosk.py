"""What the resident kiosk shows: the roster before login, and a resident's own screens.

The roster is the one read that needs no login: active residents of a house as ids and
board names (first name + last initial) only, nothing confidential, so it is not audited
(it shows no more than the house notice board). Everything after login takes the
resident's own actor: the services called here check ownership, and a resident reading
their own records is not a disclosure. The chore board on the kiosk shows board names only
(first name + last initial, as on the printed house board), so two residents with the same
first name can tell their lines apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import col, select

from peerhouse.errors import PermissionDenied
from peerhouse.i18n import ENGLISH, Message, lazy
from peerhouse.models.accountability import CheckIn
from peerhouse.models.audit_actions import Action
from peerhouse.models.directory import Resource
from peerhouse.models.enums import ChoreStatus, ResidentStatus, ResourceKind
from peerhouse.models.houses import House
from peerhouse.models.people import Resident
from peerhouse.services import (
    checkins,
    chores,
    languages,
    lookups,
    meetings,
    milestones,
    resources,
    signouts,
)
from peerhouse.services.actor import Actor, ActorKind
from peerhouse.services.clock import local_day, now, week_start, zone
from peerhouse.services.unit import Unit, reads, writes
from peerhouse.store.engine import Store

SCHEDULE_DAYS = 14


@dataclass(frozen=True)
class KioskHouse:
    house_id: int
    name: str
    name_mode: str  # "initials": tap your name; "type": type your first name
    timezone: str = "UTC"  # the house's own clock (header time, like curfew and days)
    language: str = ENGLISH  # the start screen's language (a bilingual house: its first)


@dataclass(frozen=True)
class RosterEntry:
    """One name on the start screen: an id and a board name, nothing else."""

    resident_id: int
    name: str


@dataclass(frozen=True)
class KioskHome:
    """The resident's own home screen."""

    resident_id: int
    name: str
    house_name: str
    today: date
    sober_time: Message | None  # "1 year, 3 months"; None when no sobriety date is recorded
    next_milestone: Message | None  # "90 days"
    next_milestone_on: date | None
    milestone_today: Message | None  # the milestone reached today, if any
    signed_out: bool
    destination: str
    curfew: datetime  # tonight's curfew in house-local time
    checked_in_today: bool
    chores_left_today: int
    curfew_whose: str | Message = ""  # "Phase 1 – Orientation's curfew", "the weekend …"
    language: str = ENGLISH  # the resident's: every kiosk screen of their turn is in it

    @property
    def days_to_next(self) -> int | None:
        return (self.next_milestone_on - self.today).days if self.next_milestone_on else None


@dataclass(frozen=True)
class MyChores:
    today: date
    week: tuple[date, ...]
    items: tuple[chores.ResidentChore, ...]


@dataclass(frozen=True)
class MeetingLine:
    kind: str  # a MeetingKind code: the screen shows its label in the reader's language
    starts: datetime  # house-local
    topic: str


@dataclass(frozen=True)
class BoardLine:
    """One person's line of the chore board: board name, and per day (chore, done)."""

    name: str  # first (or preferred) name + last initial, as on the printed board
    days: tuple[tuple[tuple[str, bool], ...], ...]


@dataclass(frozen=True)
class HouseSchedule:
    today: date
    meetings: tuple[MeetingLine, ...]
    days: tuple[date, ...]
    board: tuple[BoardLine, ...]


@dataclass(frozen=True)
class CrisisLine:
    name: str
    phone: str
    schedule: str
    notes: str


# --- before login ------------------------------------------------------------------------


def kiosk_houses(store: Store) -> list[KioskHouse]:
    """Houses a kiosk can serve (names only), by name."""
    with store.read() as session:
        rows = session.exec(select(House).order_by(col(House.name))).all()
        return [KioskHouse(h.id, h.name, h.kiosk_name_mode, h.timezone,
                           languages.house_language(session, h.id).language)
                for h in rows if h.id is not None]


def roster(store: Store, house_id: int) -> list[RosterEntry]:
    """Active residents of the house as (id, first name + last initial), by that name."""
    with store.read() as session:
        lookups.house(session, house_id)
        rows = session.exec(select(Resident).where(
            Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE)).all()
    entries = [RosterEntry(r.id, r.board_name) for r in rows if r.id is not None]
    return sorted(entries, key=lambda e: (e.name.casefold(), e.resident_id))


def find_by_first_name(store: Store, house_id: int, typed: str) -> list[RosterEntry]:
    """For houses that hide the roster: the active residents whose first (or preferred)
    name is exactly `typed`. Exact matches only, so typing a letter lists nobody."""
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return []
    with store.read() as session:
        lookups.house(session, house_id)
        rows = session.exec(select(Resident).where(
            Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE)).all()
    found = [RosterEntry(r.id, r.board_name) for r in rows if r.id is not None
             and wanted in (r.first_name.strip().casefold(), r.preferred_name.strip().casefold())]
    return sorted(found, key=lambda e: (e.name.casefold(), e.resident_id))


def crisis_help(store: Store, house_id: int | None) -> list[CrisisLine]:
    """Crisis lines anyone at the kiosk may see, 988 first (a public directory, no login)."""
    lines = resources.crisis_lines(store, Actor.system(), house_id=house_id)
    return [CrisisLine(r.name, r.phone, r.schedule, r.notes) for r in lines]


def start(store: Store, actor: Actor, house_id: int) -> None:
    """A staff member turns the manager PC into the kiosk: recorded in the audit trail."""
    if actor.kind is not ActorKind.STAFF:
        raise PermissionDenied(lazy("Only staff can start the kiosk."))
    _kiosk_event(store, actor, Action.KIOSK_OPEN, house_id)


def leave(store: Store, actor: Actor, house_id: int | None) -> None:
    """A staff member closes the kiosk (after a password check): recorded in the audit trail."""
    if actor.kind is not ActorKind.STAFF:
        raise PermissionDenied(lazy("Only staff can close the kiosk."))
    _kiosk_event(store, actor, Action.KIOSK_CLOSE, house_id)


@writes()
def _kiosk_event(u: Unit, action: str, house_id: int | None) -> None:
    if action == Action.KIOSK_OPEN and house_id is not None:
        lookups.house(u.session, house_id)
    u.audit(action, "house", house_id or "")


# --- the resident's own screens ----------------------------------------------------------


@reads()
def home(u: Unit) -> KioskHome:
    """Greeting, sobriety time, next milestone, sign-out state, today's check-in and chores
    (one snapshot)."""
    rid = _own(u)
    session = u.session
    res = lookups.resident(session, rid)
    house = lookups.house(session, res.house_id)
    today = local_day(now(), house.timezone)
    checked_in = session.exec(select(CheckIn.id).where(
        CheckIn.resident_id == rid, CheckIn.day == today)).first() is not None
    sober: Message | None = None
    nxt: Message | None = None
    celebrate: Message | None = None
    nxt_on: date | None = None
    if res.sobriety_date is not None and res.sobriety_date <= today:
        sober = milestones.sober_time(res.sobriety_date, today)
        upcoming = milestones.next_milestone(res.sobriety_date, today)
        if upcoming.on == today:
            celebrate = upcoming.message
            upcoming = milestones.next_milestone(res.sobriety_date, today + timedelta(days=1))
        nxt, nxt_on = upcoming.message, upcoming.on
    out = signouts.open_signout(u, rid)
    curfew = signouts.tonight_curfew(u, rid)
    todays = chores.resident_chores(u, rid, today)
    left = sum(1 for c in todays if c.status == ChoreStatus.PENDING)
    return KioskHome(rid, res.display_name, house.name, today, sober, nxt, nxt_on, celebrate,
                     out is not None, out.destination if out else "", curfew.local, checked_in,
                     left, curfew.whose, languages.resident_language(session, rid))


@reads()
def today_checkin(u: Unit) -> CheckIn | None:
    """The resident's own check-in for today, to show and update it."""
    rid = _own(u)
    today = _today(u, rid)
    rows = checkins.checkins_for_resident(u, rid, today, today + timedelta(days=1))
    return rows[0] if rows else None


@writes()
def ask_to_talk(u: Unit, mood: int | None = None, craving: int | None = None) -> CheckIn | None:
    """"I'd like to talk to someone": mark today's check-in, keeping its answers.

    With no check-in yet today a new one needs at least how the resident feels: without
    `mood` and `craving` nothing is saved and None comes back (the kiosk then asks).
    """
    rid = _own(u)
    current = today_checkin(u)
    if current is not None:
        return checkins.submit_checkin(
            u, rid, current.mood, current.craving, current.slept_well,
            current.sponsor_contact, current.note, wants_to_talk=True)
    if mood is None or craving is None:
        return None
    return checkins.submit_checkin(u, rid, mood, craving, wants_to_talk=True)


@reads()
def my_chores(u: Unit) -> MyChores:
    """The resident's chores for this house week (today's first on the screen)."""
    rid = _own(u)
    house = lookups.house(u.session, lookups.resident(u.session, rid).house_id)
    today = local_day(now(), house.timezone)
    first = week_start(today, house.week_start_day)
    week = tuple(first + timedelta(days=i) for i in range(7))
    items = chores.resident_chores(u, rid, week[0], week[-1])
    return MyChores(today, week, tuple(items))


@reads()
def meeting_places(u: Unit) -> list[Resource]:
    """Outside meetings from the resources directory, to pick one instead of typing."""
    _own(u)
    return resources.list_resources(u, kind=ResourceKind.MEETING)


@reads()
def house_schedule(u: Unit) -> HouseSchedule:
    """Meetings in the next two weeks and this week's chore board (board names only, in
    the order they read)."""
    rid = _own(u)
    house = lookups.house(u.session, lookups.resident(u.session, rid).house_id)
    assert house.id is not None
    tz = zone(house.timezone)
    current = now()
    today = local_day(current, house.timezone)
    found = meetings.list_meetings(u, house.id, current,
                                   current + timedelta(days=SCHEDULE_DAYS),
                                   include_cancelled=False)
    lines = tuple(MeetingLine(m.kind, m.starts_at.astimezone(tz), m.topic) for m in found)
    board = chores.week_board(u, house.id, week_start(today, house.week_start_day))
    done = {ChoreStatus.DONE, ChoreStatus.VERIFIED}
    out = tuple(
        BoardLine(row.name, tuple(tuple((c.chore, c.status in done) for c in day)
                                  for day in row.days))
        for row in board.rows if any(row.days))
    return HouseSchedule(today, lines, board.days, out)


# --- helpers -----------------------------------------------------------------------------


def _own(u: Unit) -> int:
    """The resident at the kiosk: these screens are theirs alone."""
    if u.actor.kind is not ActorKind.RESIDENT or u.actor.id is None:
        raise PermissionDenied(lazy("This screen is for residents at the kiosk."))
    return u.actor.id


def _today(u: Unit, resident_id: int) -> date:
    return lookups.today(u.session, lookups.resident(u.session, resident_id).house_id)
