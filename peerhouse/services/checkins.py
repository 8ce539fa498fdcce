"""Daily accountability check-ins: the resident's own answers, one per house-local day.

Check-ins are voluntary and the answers are the resident's own: staff (house seniors)
see only *whether* someone checked in and whether they asked to talk, never mood,
craving or note. Managers may read answers, and every such read is audited once per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, and_, col, select

from peerhouse.errors import NotFound, ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.accountability import CheckIn
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ResidentStatus, Source
from peerhouse.models.people import Resident
from peerhouse.models.types import utcnow
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_day, now
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, audited, reads, writes

HIGH_CRAVING = 7
ANSWER_FIELDS = ("mood", "craving", "slept_well", "sponsor_contact", "note", "wants_to_talk")


@dataclass(frozen=True)
class CheckInStatus:
    """One row of the staff overview: done or not, asked to talk or not — never the answers."""

    resident_id: int
    name: str
    checked_in: bool
    checkin_id: int | None
    at: datetime | None
    wants_to_talk: bool
    talk_followed_up: bool


@dataclass(frozen=True)
class TalkRequest:
    """A resident who said "I'd like to talk to someone" and has not been followed up yet."""

    checkin_id: int
    resident_id: int
    name: str
    day: date
    at: datetime


@dataclass(frozen=True)
class HighCraving:
    checkin_id: int
    resident_id: int
    name: str
    day: date
    craving: int


@writes(Perm.CHECKINS_MANAGE, own="resident_id")
def submit_checkin(
    u: Unit,
    resident_id: int,
    mood: int,
    craving: int,
    slept_well: bool = False,
    sponsor_contact: bool = False,
    note: str = "",
    wants_to_talk: bool = False,
    source: str | None = None,
    *,
    at: datetime | None = None,
) -> CheckIn:
    """Save today's check-in; a second one the same house-local day updates the first.

    Residents check in only for themselves at the kiosk; a manager may enter one on a
    resident's behalf (source "staff"), optionally for an earlier time (`at`), e.g. from paper.
    """
    source = _source(u.actor, source)
    values: dict[str, object] = {
        "mood": validate.int_range("mood", mood, 1, 5, label=lazy("Mood")),
        "craving": validate.int_range("craving", craving, 0, 10, label=lazy("Craving")),
        "slept_well": bool(slept_well),
        "sponsor_contact": bool(sponsor_contact),
        "note": validate.text("note", note, limits.SHORT_NOTE, label=lazy("Note")),
        "wants_to_talk": bool(wants_to_talk),
    }
    when = _when(u.actor, at)
    session = u.session
    res = lookups.resident(session, resident_id)
    if res.status != ResidentStatus.ACTIVE:
        raise ValidationError("resident", lazy("Only a current resident can check in."))
    day = local_day(when, lookups.house(session, res.house_id).timezone)
    row = session.exec(
        select(CheckIn).where(CheckIn.resident_id == resident_id, CheckIn.day == day)
    ).first()
    if row is None:
        row = CheckIn(resident_id=resident_id, day=day, at=when, source=source, **values)
        session.add(row)
        session.flush()
        u.audit(Action.CHECKIN_CREATE, "checkin", row.id,
                resident_id=resident_id, day=day.isoformat(), source=source)
        return row
    changed = sorted(k for k, v in values.items() if getattr(row, k) != v)
    if values["wants_to_talk"] and not row.wants_to_talk:
        # A fresh request to talk must show up again even if an earlier one was followed up.
        row.talk_followed_up_at = None
        row.talk_followed_up_by = None
    for key in changed:
        setattr(row, key, values[key])
    row.at, row.source = when, source
    session.add(row)
    u.audit(Action.CHECKIN_UPDATE, "checkin", row.id,
            resident_id=resident_id, day=day.isoformat(), source=source, fields=changed)
    return row


@audited(Perm.CHECKINS_READ, own="resident_id")
def checkins_for_resident(u: Unit, resident_id: int, start: date, end: date) -> list[CheckIn]:
    """A resident's check-ins for house-local days in [start, end), oldest first.

    Managers (audited) or the resident themselves; staff are refused, as the answers are private.
    """
    validate.day_range(start, end)
    u.disclose(Action.CHECKIN_READ, "resident", resident_id, start=start.isoformat(),
               end=end.isoformat())
    return _checkins(u.session, resident_id, start, end)


@reads(Perm.CHECKINS_OVERVIEW)
def checkin_overview(u: Unit, house_id: int, day: date | None = None) -> list[CheckInStatus]:
    """Who has checked in on `day` (default: today in the house) and who asked to talk."""
    day = day or local_day(now(), lookups.house(u.session, house_id).timezone)
    stmt = (
        # Only the columns the overview may show: answers are never loaded here.
        select(Resident, CheckIn.id, CheckIn.at, CheckIn.wants_to_talk,
               CheckIn.talk_followed_up_at)
        .join(CheckIn, and_(CheckIn.resident_id == Resident.id, CheckIn.day == day),
              isouter=True)
        .where(Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE)
        .order_by(col(Resident.last_name), col(Resident.first_name))
    )
    out = []
    for res, cid, at, talk, followed in u.session.exec(stmt):
        assert res.id is not None
        out.append(CheckInStatus(res.id, res.board_name, cid is not None, cid, at, bool(talk),
                                 followed is not None))
    return out


@reads(Perm.CHECKINS_OVERVIEW)
def talk_requests(u: Unit, house_id: int) -> list[TalkRequest]:
    """Open "I'd like to talk" requests of the house's current residents, oldest first."""
    stmt = (
        select(Resident, CheckIn.id, CheckIn.day, CheckIn.at)
        .join(CheckIn, col(CheckIn.resident_id) == Resident.id)
        .where(Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE,
               col(CheckIn.wants_to_talk).is_(True), col(CheckIn.talk_followed_up_at).is_(None))
        .order_by(col(CheckIn.at))
    )
    return [TalkRequest(cid, res.id, res.board_name, day, at)
            for res, cid, day, at in u.session.exec(stmt)]


@writes(Perm.CHECKINS_OVERVIEW)
def mark_talk_followed_up(u: Unit, checkin_id: int) -> None:
    """Someone has talked with the resident: the request leaves the open list."""
    row = u.get(CheckIn, checkin_id, lazy("That check-in no longer exists."))
    if not row.wants_to_talk:
        raise ValidationError("talk request", lazy("This check-in did not ask to talk."))
    if row.talk_followed_up_at is not None:
        raise ValidationError("talk request", lazy("Someone has already followed up on this."))
    row.talk_followed_up_at = utcnow()
    row.talk_followed_up_by = u.actor.staff_id
    u.session.add(row)
    u.audit(Action.CHECKIN_TALK_FOLLOWED_UP, "checkin", checkin_id, resident_id=row.resident_id)


@audited(Perm.CHECKINS_READ)
def high_cravings(
    u: Unit, house_id: int, day: date | None = None, threshold: int = HIGH_CRAVING,
) -> list[HighCraving]:
    """Check-ins on `day` with craving at or above `threshold` (managers only, audited)."""
    threshold = validate.int_range("craving threshold", threshold, 0, 10,
                                   label=lazy("Craving threshold"))
    session = u.session
    day = day or local_day(now(), lookups.house(session, house_id).timezone)
    # The event and the read share one transaction: no read without its audit record.
    u.audit(Action.CHECKIN_HIGH_CRAVINGS_READ, "house", house_id, day=day.isoformat(),
            threshold=threshold)
    lookups.house(session, house_id)
    rows = session.exec(
        select(Resident, CheckIn.id, CheckIn.craving)
        .join(CheckIn, col(CheckIn.resident_id) == Resident.id)
        .where(Resident.house_id == house_id, CheckIn.day == day, CheckIn.craving >= threshold)
        .order_by(col(CheckIn.craving).desc(), col(Resident.last_name)))
    return [HighCraving(cid, res.id, res.board_name, day, craving) for res, cid, craving in rows]


def _source(actor: Actor, source: str | None) -> str:
    """Where the check-in came from; it must match who is entering it."""
    expected = actor.source
    if source is None:
        return str(expected)
    source = validate.choice("source", source, Source, label=lazy("Source"))
    if not actor.is_program and source != expected:
        raise validate.refuse("source", lazy("Source"), lazy(
            "{field} must be '{expected}' when entered by this account."), expected=str(expected))
    return source


def _when(actor: Actor, at: datetime | None) -> datetime:
    current = now()
    if at is None:
        return current
    if actor.at_kiosk:
        raise ValidationError("time", lazy("A check-in at the kiosk is always for right now."))
    return validate.past_moment("time", at, current, label=lazy("Time"))


def _checkins(session: Session, resident_id: int, start: date, end: date) -> list[CheckIn]:
    if session.get(Resident, resident_id) is None:
        raise NotFound(lazy("That resident record no longer exists."))
    return list(session.exec(
        select(CheckIn)
        .where(CheckIn.resident_id == resident_id, CheckIn.day >= start, CheckIn.day < end)
        .order_by(col(CheckIn.day))
    ))
