"""Outside fellowship meetings (AA, NA, SMART, …) residents go to.

Residents log their own at the kiosk; staff may log one for a resident and verify
a meeting once they have seen the attendance slip. Counts per week feed the weekly
summary (outside meetings against the phase's requirement).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Integer, cast
from sqlmodel import col, func, select

from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy, lazy_plural
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import Fellowship, ResidentStatus, Source
from peerhouse.models.meetings import OutsideMeeting
from peerhouse.models.people import Resident
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads, writes

# How far back a resident may log a meeting at the kiosk (staff may go further back).
KIOSK_DAYS_BACK = 14


@dataclass(frozen=True)
class WeekCount:
    """Outside meetings one resident logged in the 7 days from `week_start`."""

    resident_id: int
    week_start: date
    total: int
    verified: int


@writes(Perm.OUTSIDE_MEETINGS_MANAGE, own="resident_id")
def log(u: Unit, resident_id: int, on_date: date | str, fellowship: str, name: str = "",
        place: str = "") -> OutsideMeeting:
    """Log a meeting: at the kiosk for oneself (source "kiosk"), or by staff ("staff")."""
    when = lazy("Date")
    day = validate.parse_date("date", on_date, required=True, label=when)
    assert day is not None
    fellowship = validate.choice("fellowship", fellowship, Fellowship, label=lazy("Fellowship"))
    name = validate.text("meeting name", name, limits.LINE, label=lazy("Meeting name"))
    place = validate.text("place", place, limits.LINE, label=lazy("Place"))
    source = u.actor.source
    today = lookups.today(u.session, lookups.resident(u.session, resident_id).house_id)
    validate.not_future("date", day, today, label=when)
    if source == Source.KIOSK and day < today - timedelta(days=KIOSK_DAYS_BACK):
        raise ValidationError("date", lazy_plural(
            "The date can be at most {n} day ago; please ask staff to add older meetings.",
            "The date can be at most {n} days ago; please ask staff to add older meetings.",
            KIOSK_DAYS_BACK))
    row = OutsideMeeting(resident_id=resident_id, on_date=day, fellowship=fellowship,
                         name=name, place=place, source=source)
    u.session.add(row)
    u.session.flush()
    # Which fellowship someone attends says what they are recovering from: not logged.
    u.audit(Action.OUTSIDE_MEETING_LOG, "outside_meeting", row.id,
            resident_id=resident_id, source=source)
    return row


@writes(Perm.OUTSIDE_MEETINGS_VERIFY)
def verify(u: Unit, meeting_id: int, verified: bool = True) -> OutsideMeeting:
    """Staff mark that they have seen the slip (or undo it)."""
    row = _get(u, meeting_id)
    row.verified = bool(verified)
    u.session.add(row)
    u.audit(Action.OUTSIDE_MEETING_VERIFY, "outside_meeting", meeting_id,
            resident_id=row.resident_id, verified=row.verified)
    return row


@writes(Perm.OUTSIDE_MEETINGS_MANAGE)
def remove(u: Unit, meeting_id: int) -> None:
    """Remove a meeting logged by mistake. Residents may remove their own unverified ones."""
    row = _get(u, meeting_id)
    u.require(Perm.OUTSIDE_MEETINGS_MANAGE, resident_id=row.resident_id)
    if row.verified and not u.allowed(Perm.OUTSIDE_MEETINGS_VERIFY):
        raise ValidationError("meeting", lazy(
            "This meeting has been verified by staff; please ask them to change it."))
    u.session.delete(row)
    u.audit(Action.OUTSIDE_MEETING_REMOVE, "outside_meeting", meeting_id,
            resident_id=row.resident_id)


@reads(Perm.OUTSIDE_MEETINGS_READ, own="resident_id")
def list_for_resident(u: Unit, resident_id: int, start: date,
                      end: date) -> list[OutsideMeeting]:
    """One resident's meetings on days start..end (inclusive), newest first."""
    _range(start, end)
    return list(u.session.exec(select(OutsideMeeting).where(
        OutsideMeeting.resident_id == resident_id, OutsideMeeting.on_date >= start,
        OutsideMeeting.on_date <= end).order_by(col(OutsideMeeting.on_date).desc(),
                                               col(OutsideMeeting.id).desc())))


@reads(Perm.OUTSIDE_MEETINGS_READ)
def list_for_house(u: Unit, house_id: int, start: date, end: date) -> list[OutsideMeeting]:
    """Meetings of the house's current residents on days start..end (inclusive). Staff only."""
    _range(start, end)
    return list(u.session.exec(select(OutsideMeeting).join(
        Resident, col(Resident.id) == OutsideMeeting.resident_id).where(
        Resident.house_id == house_id, OutsideMeeting.on_date >= start,
        OutsideMeeting.on_date <= end).order_by(col(OutsideMeeting.on_date),
                                               col(OutsideMeeting.id))))


@reads(Perm.OUTSIDE_MEETINGS_READ)
def week_counts(u: Unit, house_id: int, week_start: date) -> dict[int, WeekCount]:
    """Per resident of the house: meetings in [week_start, week_start + 7 days).

    Every active resident is listed (0 when none); residents who moved out but logged
    meetings that week are listed too.
    """
    end = week_start + timedelta(days=7)
    active = u.session.exec(select(Resident.id).where(
        Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE)).all()
    rows = u.session.exec(
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


@reads(Perm.OUTSIDE_MEETINGS_READ, own="resident_id")
def resident_week_counts(u: Unit, resident_id: int, first_week: date,
                         weeks: int = 1) -> list[WeekCount]:
    """One resident's count for each of `weeks` 7-day weeks from `first_week` (own or staff)."""
    weeks = validate.int_range("weeks", weeks, 1, 520, label=lazy("Weeks"))
    end = first_week + timedelta(weeks=weeks)
    rows = u.session.exec(select(OutsideMeeting.on_date, OutsideMeeting.verified).where(
        OutsideMeeting.resident_id == resident_id, OutsideMeeting.on_date >= first_week,
        OutsideMeeting.on_date < end)).all()
    totals = [[0, 0] for _ in range(weeks)]
    for day, verified in rows:
        slot = totals[(day - first_week).days // 7]
        slot[0] += 1
        slot[1] += int(verified)
    return [WeekCount(resident_id, first_week + timedelta(weeks=i), t, v)
            for i, (t, v) in enumerate(totals)]


def _range(start: date, end: date) -> None:
    if end < start:
        raise validate.refuse("to", lazy("To"), lazy("{field} must not be before the first day."))


def _get(u: Unit, meeting_id: int) -> OutsideMeeting:
    return u.get(OutsideMeeting, meeting_id, lazy("That meeting record no longer exists."))
