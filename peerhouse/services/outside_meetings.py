"""Outside fellowship meetings (AA, NA, SMART, …) residents go to.

Residents log their own at the kiosk; staff may log one for a resident and verify
a meeting once they have seen the attendance slip. Counts per week feed the weekly
summary (outside meetings against the phase's requirement).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Integer, cast
from sqlmodel import Session, col, func, select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.enums import Fellowship, ResidentStatus, Source
from peerhouse.models.houses import House
from peerhouse.models.meetings import OutsideMeeting
from peerhouse.models.people import Resident
from peerhouse.services import text_limits as limits
from peerhouse.services import validate
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_day, now
from peerhouse.services.lookups import resident as _resident
from peerhouse.services.permissions import Perm, require, require_own
from peerhouse.services.unit import reading, writing
from peerhouse.store.engine import Store

# How far back a resident may log a meeting at the kiosk (staff may go further back).
KIOSK_DAYS_BACK = 14


@dataclass(frozen=True)
class WeekCount:
    """Outside meetings one resident logged in the 7 days from `week_start`."""

    resident_id: int
    week_start: date
    total: int
    verified: int


def log(store: Store, actor: Actor, resident_id: int, on_date: date | str, fellowship: str,
        name: str = "", place: str = "") -> OutsideMeeting:
    """Log a meeting: at the kiosk for oneself (source "kiosk"), or by staff ("staff")."""
    require_own(actor, Perm.OUTSIDE_MEETINGS_MANAGE, resident_id)
    day = validate.parse_date("date", on_date, required=True)
    assert day is not None
    fellowship = validate.choice("fellowship", fellowship, Fellowship)
    name = validate.text("meeting name", name, limits.LINE)
    place = validate.text("place", place, limits.LINE)
    source = Source.KIOSK if actor.kind == "resident" else Source.STAFF
    with writing(store, actor) as u:
        session = u.session
        res = _resident(session, resident_id)
        today = _today(session, res.house_id)
        validate.not_future("date", day, today)
        if source == Source.KIOSK and day < today - timedelta(days=KIOSK_DAYS_BACK):
            raise ValidationError("date", f"can be at most {KIOSK_DAYS_BACK} days ago; "
                                          "please ask staff to add older meetings.")
        row = OutsideMeeting(resident_id=resident_id, on_date=day, fellowship=fellowship,
                             name=name, place=place, source=source)
        session.add(row)
        session.flush()
        # Which fellowship someone attends says what they are recovering from: not logged.
        u.audit("outside_meeting.log", "outside_meeting", row.id,
                resident_id=resident_id, source=source)
        return row


def verify(store: Store, actor: Actor, meeting_id: int, verified: bool = True) -> OutsideMeeting:
    """Staff mark that they have seen the slip (or undo it)."""
    _staff(actor, Perm.OUTSIDE_MEETINGS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        row = _get(session, meeting_id)
        row.verified = bool(verified)
        session.add(row)
        u.audit("outside_meeting.verify", "outside_meeting", meeting_id,
                resident_id=row.resident_id, verified=row.verified)
        return row


def remove(store: Store, actor: Actor, meeting_id: int) -> None:
    """Remove a meeting logged by mistake. Residents may remove their own unverified ones."""
    require(actor, Perm.OUTSIDE_MEETINGS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        row = _get(session, meeting_id)
        require_own(actor, Perm.OUTSIDE_MEETINGS_MANAGE, row.resident_id)
        if actor.kind == "resident" and row.verified:
            raise ValidationError("meeting", "has been verified by staff; "
                                             "please ask them to change it.")
        session.delete(row)
        u.audit("outside_meeting.remove", "outside_meeting", meeting_id,
                resident_id=row.resident_id)


def list_for_resident(store: Store, actor: Actor, resident_id: int, start: date,
                      end: date) -> list[OutsideMeeting]:
    """One resident's meetings on days start..end (inclusive), newest first."""
    _can_read(actor, resident_id)
    _range(start, end)
    with reading(store, actor) as u:
        session = u.session
        return list(session.exec(select(OutsideMeeting).where(
            OutsideMeeting.resident_id == resident_id, OutsideMeeting.on_date >= start,
            OutsideMeeting.on_date <= end).order_by(col(OutsideMeeting.on_date).desc(),
                                                   col(OutsideMeeting.id).desc())))


def list_for_house(store: Store, actor: Actor, house_id: int, start: date,
                   end: date) -> list[OutsideMeeting]:
    """Meetings of the house's current residents on days start..end (inclusive). Staff only."""
    _staff(actor, Perm.OUTSIDE_MEETINGS_READ)
    _range(start, end)
    with reading(store, actor) as u:
        session = u.session
        return list(session.exec(select(OutsideMeeting).join(
            Resident, col(Resident.id) == OutsideMeeting.resident_id).where(
            Resident.house_id == house_id, OutsideMeeting.on_date >= start,
            OutsideMeeting.on_date <= end).order_by(col(OutsideMeeting.on_date),
                                                   col(OutsideMeeting.id))))


def week_counts(store: Store, actor: Actor, house_id: int,
                week_start: date) -> dict[int, WeekCount]:
    """Per resident of the house: meetings in [week_start, week_start + 7 days).

    Every active resident is listed (0 when none); residents who moved out but logged
    meetings that week are listed too.
    """
    _staff(actor, Perm.OUTSIDE_MEETINGS_READ)
    end = week_start + timedelta(days=7)
    with reading(store, actor) as u:
        session = u.session
        active = session.exec(select(Resident.id).where(
            Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE)).all()
        rows = session.exec(
            select(OutsideMeeting.resident_id, func.count(),
                   func.sum(cast(col(OutsideMeeting.verified), Integer)))
            .join(Resident, col(Resident.id) == OutsideMeeting.resident_id)
            .where(Resident.house_id == house_id, OutsideMeeting.on_date >= week_start,
                   OutsideMeeting.on_date < end)
            .group_by(col(OutsideMeeting.resident_id))).all()
    out = {rid: WeekCount(rid, week_start, 0, 0) for rid in active if rid is not None}
    for rid, total, verified in rows:
        out[rid] = WeekCount(rid, week_start, int(total), int(verified or 0))
    return out


def resident_week_counts(store: Store, actor: Actor, resident_id: int, first_week: date,
                         weeks: int = 1) -> list[WeekCount]:
    """One resident's count for each of `weeks` 7-day weeks from `first_week` (own or staff)."""
    _can_read(actor, resident_id)
    weeks = validate.int_range("weeks", weeks, 1, 520)
    end = first_week + timedelta(weeks=weeks)
    with reading(store, actor) as u:
        session = u.session
        rows = session.exec(select(OutsideMeeting.on_date, OutsideMeeting.verified).where(
            OutsideMeeting.resident_id == resident_id, OutsideMeeting.on_date >= first_week,
            OutsideMeeting.on_date < end)).all()
    totals = [[0, 0] for _ in range(weeks)]
    for day, verified in rows:
        slot = totals[(day - first_week).days // 7]
        slot[0] += 1
        slot[1] += int(verified)
    return [WeekCount(resident_id, first_week + timedelta(weeks=i), t, v)
            for i, (t, v) in enumerate(totals)]


def _can_read(actor: Actor, resident_id: int) -> None:
    """Residents read their own log (they hold MANAGE for it); staff need READ."""
    if actor.kind == "resident":
        require_own(actor, Perm.OUTSIDE_MEETINGS_MANAGE, resident_id)
    else:
        require(actor, Perm.OUTSIDE_MEETINGS_READ)


def _staff(actor: Actor, perm: Perm) -> None:
    require(actor, perm)
    if actor.kind == "resident":
        raise PermissionDenied("Only staff can do this.")


def _range(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("to", "must not be before the first day.")



def _today(session: Session, house_id: int) -> date:
    house = session.get(House, house_id)
    if house is None:
        raise NotFound("That house no longer exists.")
    return local_day(now(), house.timezone)


def _get(session: Session, meeting_id: int) -> OutsideMeeting:
    row = session.get(OutsideMeeting, meeting_id)
    if row is None:
        raise NotFound("That meeting record no longer exists.")
    return row
