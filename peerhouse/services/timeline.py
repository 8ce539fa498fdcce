"""Read models for the resident page: the timeline, the mood series, mentor names.

The timeline merges everything recorded about one resident — check-ins, meetings,
chores, sign-outs, screens, incidents, goals, mentoring, consents, sobriety-date
changes and stays — with one query per source, and only the sources the acting role
may see: staff (house seniors) get no screens, incidents, goals, notes or check-in
answers. When any confidential source is included, the whole read is one audited
sensitive read (the event and the queries share one transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlmodel import Session, col, func, select

from peerhouse.errors import NotFound, ValidationError
from peerhouse.i18n import Message, lazy
from peerhouse.models.accountability import CheckIn
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.houses import House
from peerhouse.models.people import Resident, StaffAccount
from peerhouse.services import lookups, validate
from peerhouse.services import timeline_sources as src
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_day, local_midnight, now
from peerhouse.services.permissions import Perm, allowed, require
from peerhouse.services.timeline_sources import Kind, TimelineItem, Window
from peerhouse.services.unit import Service, Unit, audited, reads, unit_for
from peerhouse.store.engine import Store

__all__ = ["KIND_LABELS", "Kind", "MentorChoice", "MoodPoint", "TimelineItem", "mentor_choices",
           "mentor_names", "mood_series", "resident_timeline", "visible_kinds"]

KIND_LABELS: dict[str, Message] = {
    Kind.CHECKIN: lazy("Check-in"), Kind.HOUSE_MEETING: lazy("House meeting"),
    Kind.OUTSIDE_MEETING: lazy("Outside meeting"), Kind.CHORE: lazy("Chore"),
    Kind.SIGNOUT: lazy("Sign-out"), Kind.SCREEN: lazy("Screen"), Kind.INCIDENT: lazy("Incident"),
    Kind.GOAL: lazy("Goal"), Kind.MENTORING: lazy("Mentoring"), Kind.CONSENT: lazy("Consent"),
    Kind.SOBRIETY: lazy("Sobriety date"), Kind.STAY: lazy("Move in / out"),
}
MAX_SERIES_DAYS = 366


@dataclass(frozen=True)
class _Source:
    group: str  # sources sharing a group are alternatives: the first one allowed is used
    kind: Kind
    perm: Perm
    confidential: bool
    load: Callable[[Window], list[TimelineItem]]


SOURCES: tuple[_Source, ...] = (
    _Source("checkin", Kind.CHECKIN, Perm.CHECKINS_READ, True, src.checkin_answers),
    _Source("checkin", Kind.CHECKIN, Perm.CHECKINS_OVERVIEW, False, src.checkin_status),
    _Source("meetings", Kind.HOUSE_MEETING, Perm.MEETINGS_READ, False, src.house_meetings),
    _Source("outside", Kind.OUTSIDE_MEETING, Perm.OUTSIDE_MEETINGS_READ, False,
            src.outside_meetings),
    _Source("chores", Kind.CHORE, Perm.CHORES_READ, False, src.chores),
    _Source("signouts", Kind.SIGNOUT, Perm.SIGNOUTS_READ, False, src.signouts),
    _Source("screens", Kind.SCREEN, Perm.SCREENS_READ, True, src.screens),
    _Source("incidents", Kind.INCIDENT, Perm.INCIDENTS_READ, True, src.incidents),
    _Source("goals", Kind.GOAL, Perm.GOALS_READ, True, src.goals_set),
    _Source("goal_steps", Kind.GOAL, Perm.GOALS_READ, True, src.goal_steps),
    _Source("goal_notes", Kind.GOAL, Perm.GOALS_MANAGE, True, src.goal_notes),
    _Source("mentoring", Kind.MENTORING, Perm.MENTORING_READ, True, src.mentoring),
    _Source("consents", Kind.CONSENT, Perm.CONSENTS_READ, True, src.consents),
    _Source("sobriety", Kind.SOBRIETY, Perm.RESIDENTS_NOTES, True, src.sobriety_changes),
    _Source("stays", Kind.STAY, Perm.RESIDENTS_NOTES, True, src.stays_with_reasons),
    _Source("stays", Kind.STAY, Perm.RESIDENTS_READ, False, src.stays_plain),
)


class MoodPoint(NamedTuple):
    """One house-local day of the mood chart; None where there was no check-in."""

    day: date
    mood: float | None
    craving: int | None


@dataclass(frozen=True)
class MentorChoice:
    """Someone who can be a peer mentor: a resident of the same house or a staff member."""

    resident_id: int | None
    staff_id: int | None
    name: str


def _sources(actor: Actor, kinds: Iterable[str] | None = None) -> list[_Source]:
    """The sources this actor may see (first allowed of each group), optionally by kind."""
    wanted = None if kinds is None else {validate.choice("kind", k, Kind) for k in kinds}
    seen: set[str] = set()
    out = []
    for s in SOURCES:
        if s.group in seen or not allowed(actor, s.perm):
            continue
        seen.add(s.group)
        if wanted is None or s.kind in wanted:
            out.append(s)
    return out


def visible_kinds(actor: Actor) -> list[Kind]:
    """The kinds of timeline entries this role sees, in a fixed order (for filters)."""
    kinds = {s.kind for s in _sources(actor)}
    return [k for k in Kind if k in kinds]


def resident_timeline(
    store: Store, actor: Actor, resident_id: int, start: date | str | None = None,
    end: date | str | None = None, *, kinds: Iterable[str] | None = None,
) -> list[TimelineItem]:
    """Everything recorded about a resident on house-local days [start, end), newest first.

    Either end may be open. `kinds` narrows the sources (default: all the role may see).
    Whether the read is a disclosure depends on the sources chosen, so it is decided here,
    before the unit opens: audited when any confidential source is included.
    """
    require(actor, Perm.RESIDENTS_READ)
    first, last = span(start, end)
    service, chosen = reader(actor, kinds)
    with unit_for(store, actor, service) as u:
        return service(u, resident_id, first, last, chosen)


def span(start: date | str | None, end: date | str | None) -> tuple[date | None, date | None]:
    """The days asked for, checked: either end may be open, the end after the start."""
    first = validate.parse_date("from", start, label=lazy("From"))
    last = validate.parse_date("to", end, label=lazy("To"))
    if first is not None and last is not None and last <= first:
        raise ValidationError("to", lazy("The end date must be after the start date."))
    return first, last


def reader(actor: Actor, kinds: Iterable[str] | None = None,
           ) -> tuple[Service[..., list[TimelineItem]], list[_Source]]:
    """The service that reads the sources `actor` sees (of `kinds`), audited when one of
    them is confidential, and those sources: run it as `service(u, resident, first, last,
    sources)` inside a unit (app/resident_page.py does, for the resident page)."""
    chosen = _sources(actor, kinds)
    return _service(chosen), chosen


def confidential(actor: Actor, kinds: Iterable[str] | None = None) -> bool:
    """Whether the timeline `actor` sees holds a confidential source: reading it is then a
    disclosure, audited in a write unit (a window's `ReadOp(timeline_of, …, audited=…)`)."""
    return any(s.confidential for s in _sources(actor, kinds))


def _service(chosen: list[_Source]) -> Service[..., list[TimelineItem]]:
    return _timeline_audited if any(s.confidential for s in chosen) else _timeline


@reads(Perm.RESIDENTS_READ)
def _timeline(u: Unit, resident_id: int, first: date | None, last: date | None,
              chosen: list[_Source]) -> list[TimelineItem]:
    tz = _zone_of(u.session, resident_id)
    window = Window(u.session, resident_id, tz,
                    local_midnight(first, tz) if first else None,
                    local_midnight(last, tz) if last else None,
                    first, last, local_day(now(), tz))
    items = [item for s in chosen for item in s.load(window)]
    items.sort(key=lambda i: i.sort_key, reverse=True)
    return items


@audited(Perm.RESIDENTS_READ)
def _timeline_audited(u: Unit, resident_id: int, first: date | None, last: date | None,
                      chosen: list[_Source]) -> list[TimelineItem]:
    u.audit(Action.TIMELINE_READ, "resident", resident_id, start=_iso(first), end=_iso(last),
            kinds=sorted({s.kind for s in chosen if s.confidential}))
    return _timeline(u, resident_id, first, last, chosen)


@audited(Perm.CHECKINS_READ)
def mood_series(u: Unit, resident_id: int, days: int) -> list[MoodPoint]:
    """Mood (average) and craving (highest) per day for the last `days` days, oldest first.

    Managers only; the read of check-in answers is audited like any other.
    """
    days = validate.int_range("days", days, 1, MAX_SERIES_DAYS)
    u.audit(Action.CHECKIN_READ, "resident", resident_id, days=days)
    today = local_day(now(), _zone_of(u.session, resident_id))
    first = today - timedelta(days=days - 1)
    rows = u.session.exec(
        select(CheckIn.day, func.avg(CheckIn.mood), func.max(CheckIn.craving))
        .where(CheckIn.resident_id == resident_id, CheckIn.day >= first, CheckIn.day <= today)
        .group_by(CheckIn.day))
    found = {d: (float(m), int(c)) for d, m, c in rows}
    out = []
    for n in range(days):
        day = first + timedelta(days=n)
        mood, craving = found.get(day, (None, None))
        out.append(MoodPoint(day, mood, craving))
    return out


@reads(Perm.MENTORING_MANAGE)
def mentor_choices(u: Unit, mentee_id: int) -> list[MentorChoice]:
    """Current residents of the mentee's house (not the mentee) and active staff accounts."""
    mentee = lookups.resident(u.session, mentee_id)
    peers = u.session.exec(
        select(Resident).where(Resident.house_id == mentee.house_id,
                               Resident.status == ResidentStatus.ACTIVE,
                               Resident.id != mentee_id)
        .order_by(col(Resident.last_name), col(Resident.first_name))).all()
    staff = u.session.exec(select(StaffAccount.id, StaffAccount.display_name)
                           .where(col(StaffAccount.active).is_(True))
                           .order_by(col(StaffAccount.display_name))).all()
    return ([MentorChoice(r.id, None, _full_name(r)) for r in peers]
            + [MentorChoice(None, sid, name) for sid, name in staff])


@reads(Perm.MENTORING_READ)
def mentor_names(
    u: Unit, resident_ids: Sequence[int], staff_ids: Sequence[int]
) -> dict[tuple[str, int], str]:
    """Names of mentors (residents and staff, current or former), keyed ("resident"|"staff", id).

    A resident who no longer lives in a house is named "(moved out)", so a pairing that
    outlived the stay stands out.
    """
    out: dict[tuple[str, int], str] = {}
    if resident_ids:
        for r in u.session.exec(select(Resident).where(col(Resident.id).in_(set(resident_ids)))):
            assert r.id is not None
            gone = r.status == ResidentStatus.DISCHARGED
            name = _full_name(r)
            out["resident", r.id] = str(lazy("{name} (moved out)", name=name)) if gone else name
    if staff_ids:
        for sid, name in u.session.exec(select(StaffAccount.id, StaffAccount.display_name)
                                        .where(col(StaffAccount.id).in_(set(staff_ids)))):
            out["staff", int(sid)] = name  # type: ignore[arg-type]
    return out


def _full_name(r: Resident) -> str:
    return f"{r.display_name} {r.last_name}".strip()


def _zone_of(session: Session, resident_id: int) -> str:
    tz = session.exec(select(House.timezone).join(Resident, col(Resident.house_id) == House.id)
                      .where(Resident.id == resident_id)).first()
    if tz is None:
        raise NotFound(lazy("That resident record no longer exists."))
    return tz


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
