"""Signing out of the house and back in; who is out now; tonight's curfew and missed curfews.

A resident has at most one open sign-out. Curfew misses are never stored: they are
derived from sign-outs (services/curfew.py), so a corrected sign-out corrects them.
Residents sign themselves out and in; corrections are for staff, so a resident cannot
edit a past sign-out to erase a missed curfew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, or_, select

from peerhouse.errors import ValidationError
from peerhouse.i18n import Message, lazy
from peerhouse.models.accountability import SignOut
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.houses import Phase
from peerhouse.models.people import Resident
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_midnight, now, zone
from peerhouse.services.curfew import (
    MORNING,
    CurfewMiss,
    curfew_misses,
    in_force,
    morning_after,
)
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads, writes

CORRECTABLE = ("out_at", "back_at", "destination", "expected_back_at")
# The words people read for each field a refusal names (a form shows its own label instead).
LABELS = {"destination": lazy("Destination"), "time out": lazy("Time out"),
          "time back": lazy("Time back"), "expected back": lazy("Expected back")}


@dataclass(frozen=True)
class OutNow:
    """A resident who is signed out right now."""

    signout_id: int
    resident_id: int
    name: str
    out_at: datetime
    destination: str
    expected_back_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class TonightCurfew:
    """The curfew a resident must be back by tonight (`at` in UTC, `local` in house time),
    and whose it is ("Phase 1 – Orientation's curfew", "the weekend curfew", …)."""

    resident_id: int
    night: date
    at: datetime
    local: datetime
    whose: Message | None = None


@writes(Perm.SIGNOUTS_MANAGE, own="resident_id")
def sign_out(
    u: Unit,
    resident_id: int,
    destination: str,
    expected_back: datetime | None = None,
    *,
    at: datetime | None = None,
) -> SignOut:
    """Sign a resident out; refused while they already have an open sign-out."""
    destination = validate.text("destination", destination, limits.LINE, required=True,
                                label=LABELS["destination"])
    when = _when(u.actor, at, "time out")
    if expected_back is not None:
        _aware("expected back", expected_back)
        if expected_back <= when:
            raise _after_out()
    session = u.session
    res = lookups.resident(session, resident_id)
    if res.status != ResidentStatus.ACTIVE:
        raise ValidationError("resident", lazy("Only a current resident can sign out."))
    if _open(session, resident_id) is not None:
        raise ValidationError("sign-out",
                              lazy("You are already signed out. Please sign in first."))
    _refuse_overlap(session, resident_id, when, None)
    row = SignOut(resident_id=resident_id, out_at=when, destination=destination,
                  expected_back_at=expected_back, source=str(u.actor.source))
    session.add(row)
    session.flush()
    u.audit(Action.SIGNOUT_OUT, "signout", row.id, resident_id=resident_id, source=row.source)
    return row


@writes(Perm.SIGNOUTS_MANAGE, own="resident_id")
def sign_in(u: Unit, resident_id: int, *, at: datetime | None = None) -> SignOut:
    """Close the resident's open sign-out: they are back."""
    when = _when(u.actor, at, "time back")
    lookups.resident(u.session, resident_id)
    row = _open(u.session, resident_id)
    if row is None:
        raise ValidationError("sign-in", lazy("You are not signed out right now."))
    if when < row.out_at:
        raise _back_before_out()
    row.back_at = when
    u.session.add(row)
    u.audit(Action.SIGNOUT_IN, "signout", row.id, resident_id=resident_id)
    return row


@writes(Perm.SIGNOUTS_CORRECT)
def correct_signout(u: Unit, signout_id: int, changes: dict[str, Any]) -> SignOut:
    """Staff correct a sign-out (times, destination) or close one left open; audited by field."""
    return _correct(u, signout_id, changes, must_be_open=False)


@writes(Perm.SIGNOUTS_CORRECT)
def close_signout(u: Unit, signout_id: int, back_at: datetime | None = None) -> SignOut:
    """Staff close a sign-out someone forgot to close (default: back now)."""
    return _correct(u, signout_id, {"back_at": back_at or now()}, must_be_open=True)


def _correct(u: Unit, signout_id: int, changes: dict[str, Any], *,
             must_be_open: bool) -> SignOut:
    validate.only_editable(changes, CORRECTABLE)
    clean = dict(changes)
    if "destination" in clean:
        clean["destination"] = validate.text("destination", clean["destination"], limits.LINE,
                                             required=True, label=LABELS["destination"])
    if "out_at" in clean and clean["out_at"] is None:
        raise validate.refuse("time out", LABELS["time out"], lazy("{field} is required."))
    current = now()
    for key, field in (("out_at", "time out"), ("back_at", "time back"),
                       ("expected_back_at", "expected back")):
        if clean.get(key) is not None:
            _aware(field, clean[key])
            if key != "expected_back_at" and clean[key] > current:
                raise _future(field)
    row = u.get(SignOut, signout_id, lazy("That sign-out no longer exists."))
    if must_be_open and row.back_at is not None:
        raise ValidationError("sign-out", lazy("This sign-out is already closed."))
    out_at = clean.get("out_at", row.out_at)
    back_at = clean.get("back_at", row.back_at)
    expected = clean.get("expected_back_at", row.expected_back_at)
    if back_at is not None and back_at < out_at:
        raise _back_before_out()
    if expected is not None and expected <= out_at:
        raise _after_out()
    _refuse_overlap(u.session, row.resident_id, out_at, back_at, exclude=signout_id)
    u.edit(row, clean, Action.SIGNOUT_CORRECT, "signout", signout_id,
           resident_id=row.resident_id)
    return row


@reads(Perm.SIGNOUTS_READ, own="resident_id")
def open_signout(u: Unit, resident_id: int) -> SignOut | None:
    """The resident's open sign-out, if any (the kiosk shows Sign in or Sign out from this)."""
    return _open(u.session, resident_id)


@reads(Perm.SIGNOUTS_READ, own="resident_id")
def signouts_for_resident(u: Unit, resident_id: int, start: date, end: date) -> list[SignOut]:
    """Sign-outs overlapping house-local days [start, end), oldest first."""
    session = u.session
    house_id = lookups.resident(session, resident_id).house_id
    lo, hi = lookups.house_span(session, house_id, start, end)
    return list(session.exec(
        select(SignOut)
        .where(SignOut.resident_id == resident_id, SignOut.out_at < hi,
               or_(col(SignOut.back_at).is_(None), col(SignOut.back_at) > lo))
        .order_by(col(SignOut.out_at))
    ))


@reads(Perm.SIGNOUTS_READ)
def who_is_out(u: Unit, house_id: int) -> list[OutNow]:
    """Residents of the house signed out right now, longest out first."""
    current = now()
    rows = u.session.exec(
        select(SignOut, Resident)
        .join(Resident, col(Resident.id) == SignOut.resident_id)
        .where(Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE,
               col(SignOut.back_at).is_(None))
        .order_by(col(SignOut.out_at))
    )
    return [
        OutNow(so.id, so.resident_id, res.board_name, so.out_at, so.destination,
               so.expected_back_at,
               so.expected_back_at is not None and so.expected_back_at < current)
        for so, res in rows
    ]


@reads(Perm.SIGNOUTS_READ, own="resident_id")
def tonight_curfew(u: Unit, resident_id: int, *, at: datetime | None = None) -> TonightCurfew:
    """The resident's curfew tonight, from their phase (weekend nights use the house's).

    Before 06:00 house time it is still "last night", so a resident out at 01:00 sees
    the curfew that has just passed rather than tomorrow evening's.
    """
    when = at or now()
    session = u.session
    res = lookups.resident(session, resident_id)
    house = lookups.house(session, res.house_id)
    phase = session.get(Phase, res.phase_id) if res.phase_id is not None else None
    local = when.astimezone(zone(house.timezone))
    night = local.date() - timedelta(days=1) if local.time() < MORNING else local.date()
    rule = in_force(house, phase)
    due = rule.at(night, house.timezone)
    return TonightCurfew(resident_id, night, due, due.astimezone(zone(house.timezone)),
                         rule.whose(night))


@reads(Perm.SIGNOUTS_READ)
def curfew_misses_for_house(
    u: Unit, house_id: int, start: date, end: date, *, at: datetime | None = None,
) -> list[CurfewMiss]:
    """Missed curfews for house-local nights in [start, end): one query per table, not per row."""
    validate.day_range(start, end)
    session = u.session
    house = lookups.house(session, house_id)
    lo = local_midnight(start, house.timezone)
    hi = morning_after(house, end - timedelta(days=1))
    outs = list(session.exec(
        select(SignOut)
        .join(Resident, col(Resident.id) == SignOut.resident_id)
        .where(Resident.house_id == house_id, SignOut.out_at < hi,
               or_(col(SignOut.back_at).is_(None), col(SignOut.back_at) > lo))
    ))
    phases: dict[int, time | None] = {
        rid: cur for rid, cur in session.exec(
            select(Resident.id, Phase.curfew)
            .join(Phase, col(Phase.id) == Resident.phase_id)
            .where(Resident.house_id == house_id)
        ) if rid is not None
    }
    return curfew_misses(house, outs, start, end, at or now(), phases)


def _aware(field: str, value: datetime) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise validate.refuse(field, LABELS[field],
                              lazy("{field} must be a date and time with a time zone."))


def _future(field: str) -> ValidationError:
    return validate.refuse(field, LABELS[field], lazy("{field} cannot be in the future."))


def _after_out() -> ValidationError:
    return validate.refuse("expected back", LABELS["expected back"],
                           lazy("{field} must be after the time out."))


def _back_before_out() -> ValidationError:
    return validate.refuse("time back", LABELS["time back"],
                           lazy("{field} cannot be before the time out."))


def _when(actor: Actor, at: datetime | None, field: str) -> datetime:
    current = now()
    if at is None:
        return current
    if actor.at_kiosk:
        raise ValidationError(field, lazy("At the kiosk this is always right now."))
    _aware(field, at)
    if at > current:
        raise _future(field)
    return at


def _open(session: Session, resident_id: int) -> SignOut | None:
    return session.exec(
        select(SignOut).where(SignOut.resident_id == resident_id, col(SignOut.back_at).is_(None))
    ).first()


def _refuse_overlap(
    session: Session, resident_id: int, out_at: datetime, back_at: datetime | None,
    exclude: int | None = None,
) -> None:
    """A resident cannot be out twice at once (a back-dated entry must not overlap another)."""
    stmt = select(SignOut.id).where(
        SignOut.resident_id == resident_id,
        or_(col(SignOut.back_at).is_(None), col(SignOut.back_at) > out_at),
    )
    if back_at is not None:
        stmt = stmt.where(SignOut.out_at < back_at)
    if exclude is not None:
        stmt = stmt.where(SignOut.id != exclude)
    if session.exec(stmt).first() is not None:
        raise validate.refuse("time out", LABELS["time out"],
                              lazy("{field} overlaps another sign-out of this resident."))
