"""House meetings: scheduling (one-off and weekly series), minutes, and attendance.

Times are stored in UTC; a weekly series keeps the same house-local weekday and time,
so a 7 pm meeting stays at 7 pm across daylight-saving changes. Attendance is saved
one click at a time (an upsert) so a facilitator can take it live during the meeting.
Residents may read their own house's schedule, never minutes or anyone's attendance.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.enums import AttendanceStatus, MeetingKind, MeetingStatus, ResidentStatus
from peerhouse.models.meetings import Attendance, Meeting
from peerhouse.models.people import Resident
from peerhouse.services import text_limits as limits
from peerhouse.services import validate
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_day, now, zone
from peerhouse.services.lookups import house as _house
from peerhouse.services.permissions import Perm, require
from peerhouse.services.unit import reading, writing
from peerhouse.store.engine import Store

MAX_SERIES_WEEKS = 52


@dataclass(frozen=True)
class AttendanceRow:
    """One line of a meeting's attendance list; `status` is None when not yet recorded."""

    resident_id: int
    name: str
    board_name: str
    status: str | None
    note: str


def schedule(store: Store, actor: Actor, house_id: int, starts_at: datetime, *,
             kind: str = MeetingKind.HOUSE, topic: str = "", facilitator: str = "") -> Meeting:
    """Schedule one meeting. A naive `starts_at` is read as house-local time."""
    require(actor, Perm.MEETINGS_MANAGE)
    kind, topic, facilitator = _clean(kind, topic, facilitator)
    with writing(store, actor) as u:
        session = u.session
        house = _house(session, house_id)
        meeting = Meeting(house_id=house_id, kind=kind, topic=topic, facilitator=facilitator,
                          starts_at=_to_utc(starts_at, house.timezone))
        session.add(meeting)
        session.flush()
        u.audit("meeting.schedule", "meeting", meeting.id,
                house_id=house_id, kind=kind)
        return meeting


def schedule_series(store: Store, actor: Actor, house_id: int, first_day: date, at: time,
                    weeks: int, *, kind: str = MeetingKind.HOUSE, topic: str = "",
                    facilitator: str = "") -> list[Meeting]:
    """Schedule `weeks` weekly meetings on `first_day`'s weekday at local time `at`."""
    require(actor, Perm.MEETINGS_MANAGE)
    weeks = validate.int_range("number of weeks", weeks, 1, MAX_SERIES_WEEKS)
    kind, topic, facilitator = _clean(kind, topic, facilitator)
    series_id = str(uuid.uuid4())
    with writing(store, actor) as u:
        session = u.session
        house = _house(session, house_id)
        tz = zone(house.timezone)
        out = [
            Meeting(house_id=house_id, kind=kind, topic=topic, facilitator=facilitator,
                    series_id=series_id,
                    starts_at=datetime.combine(first_day + timedelta(weeks=i), at,
                                               tzinfo=tz).astimezone(UTC))
            for i in range(weeks)
        ]
        session.add_all(out)
        session.flush()
        u.audit("meeting.schedule_series", "meeting", out[0].id,
                house_id=house_id, kind=kind, series_id=series_id, weeks=weeks)
        return out


def edit(store: Store, actor: Actor, meeting_id: int, *, topic: str | None = None,
         facilitator: str | None = None, starts_at: datetime | None = None,
         kind: str | None = None) -> Meeting:
    """Change the topic, facilitator, kind or time; fields left as None are kept."""
    require(actor, Perm.MEETINGS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        meeting = _get(session, meeting_id)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError("meeting", "is canceled and can no longer be changed.")
        changes: dict[str, object] = {}
        if topic is not None:
            changes["topic"] = validate.text("topic", topic, limits.LINE)
        if facilitator is not None:
            changes["facilitator"] = validate.text("facilitator", facilitator, limits.FULL_NAME)
        if kind is not None:
            changes["kind"] = validate.choice("kind", kind, MeetingKind)
        if starts_at is not None:
            changes["starts_at"] = _to_utc(starts_at, _house(session, meeting.house_id).timezone)
        changed = sorted(k for k, v in changes.items() if getattr(meeting, k) != v)
        for k in changed:
            setattr(meeting, k, changes[k])
        session.add(meeting)
        u.audit("meeting.edit", "meeting", meeting_id, fields=changed)
        return meeting


def cancel(store: Store, actor: Actor, meeting_id: int, *,
           rest_of_series: bool = False) -> list[Meeting]:
    """Cancel a scheduled meeting (and, if asked, the later scheduled ones of its series)."""
    require(actor, Perm.MEETINGS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        meeting = _get(session, meeting_id)
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ValidationError("meeting",
                                  f"is already {'held' if meeting.status == MeetingStatus.HELD else 'canceled'} "
                                  "and cannot be canceled.")
        targets = [meeting]
        if rest_of_series and meeting.series_id:
            targets += session.exec(select(Meeting).where(
                Meeting.series_id == meeting.series_id, Meeting.id != meeting_id,
                Meeting.starts_at > meeting.starts_at,
                Meeting.status == MeetingStatus.SCHEDULED)).all()
        for m in targets:
            m.status = MeetingStatus.CANCELLED
            session.add(m)
        u.audit("meeting.cancel", "meeting", meeting_id,
                cancelled=[m.id for m in targets])
        return sorted(targets, key=lambda m: m.starts_at)


def has_started(meeting: Meeting, at: datetime | None = None) -> bool:
    """Whether the meeting's start time has come: only then can it have been held."""
    return meeting.starts_at <= (at or now())


def save_minutes(store: Store, actor: Actor, meeting_id: int, minutes: str = "",
                 decisions: str = "") -> Meeting:
    """Save a meeting's minutes and decisions (again, if need be), from its day on.

    Saving once the meeting has started marks it held. Saved earlier (the agenda typed
    at 9 AM for a 7 PM meeting) they are kept and the meeting stays scheduled: a meeting
    that has not started cannot have been held, and the summary counts held meetings.
    """
    require(actor, Perm.MEETINGS_MANAGE)
    minutes = validate.text("minutes", minutes, limits.LONG_NOTE)
    decisions = validate.text("decisions", decisions, limits.LONG_NOTE)
    with writing(store, actor) as u:
        session = u.session
        meeting = _get(session, meeting_id)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError("meeting", "was canceled, so it cannot be marked held.")
        tz = _house(session, meeting.house_id).timezone
        if local_day(meeting.starts_at, tz) > local_day(now(), tz):
            raise ValidationError("meeting", "its minutes cannot be saved before the day it "
                                             "takes place.")
        status = MeetingStatus.HELD if has_started(meeting) else meeting.status
        changed = [k for k, v in (("status", status), ("minutes", minutes),
                                  ("decisions", decisions)) if getattr(meeting, k) != v]
        meeting.status, meeting.minutes, meeting.decisions = status, minutes, decisions
        session.add(meeting)
        action = "meeting.held" if status == MeetingStatus.HELD else "meeting.minutes"
        u.audit(action, "meeting", meeting_id, fields=changed)
        return meeting


def set_attendance(store: Store, actor: Actor, meeting_id: int, resident_id: int, status: str,
                   note: str = "") -> Attendance:
    """Record (or change) one resident's attendance: one call per click."""
    require(actor, Perm.MEETINGS_MANAGE)
    status = validate.choice("attendance", status, AttendanceStatus)
    note = validate.text("note", note, limits.SHORT_NOTE)
    with writing(store, actor) as u:
        session = u.session
        meeting = _open_for_attendance(session, meeting_id)
        res = session.get(Resident, resident_id)
        if res is None or res.house_id != meeting.house_id:
            raise ValidationError("resident", "is not a resident of this meeting's house.")
        row = session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id,
                                                    Attendance.resident_id == resident_id)).first()
        if row is None:
            row = Attendance(meeting_id=meeting_id, resident_id=resident_id, status=status,
                             note=note)
        else:
            row.status, row.note = status, note
        session.add(row)
        session.flush()
        u.audit("meeting.attendance", "attendance", row.id,
                meeting_id=meeting_id, resident_id=resident_id, status=status)
        return row


def mark_all_present(store: Store, actor: Actor, meeting_id: int) -> int:
    """Mark every current resident not yet recorded as present; returns how many were marked."""
    require(actor, Perm.MEETINGS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        meeting = _open_for_attendance(session, meeting_id)
        recorded = select(Attendance.resident_id).where(Attendance.meeting_id == meeting_id)
        ids = session.exec(select(Resident.id).where(
            Resident.house_id == meeting.house_id, Resident.status == ResidentStatus.ACTIVE,
            col(Resident.id).not_in(recorded))).all()
        session.add_all(Attendance(meeting_id=meeting_id, resident_id=rid,
                                   status=AttendanceStatus.PRESENT) for rid in ids)
        u.audit("meeting.attendance_all_present", "meeting", meeting_id,
                residents=sorted(ids))
        return len(ids)


def get_meeting(store: Store, actor: Actor, meeting_id: int) -> Meeting:
    require(actor, Perm.MEETINGS_READ)
    with reading(store, actor) as u:
        session = u.session
        meeting = _get(session, meeting_id)
    _check_house(actor, meeting.house_id)
    return _for(actor, meeting)


def list_meetings(store: Store, actor: Actor, house_id: int, start: datetime, end: datetime, *,
                  include_cancelled: bool = True) -> list[Meeting]:
    """Meetings of a house starting in [start, end) (UTC instants), earliest first."""
    require(actor, Perm.MEETINGS_READ)
    _check_house(actor, house_id)
    start, end = _aware("from", start), _aware("to", end)
    if end < start:
        raise ValidationError("to", "must not be before the start of the range.")
    stmt = select(Meeting).where(Meeting.house_id == house_id, Meeting.starts_at >= start,
                                 Meeting.starts_at < end)
    if not include_cancelled:
        stmt = stmt.where(Meeting.status != MeetingStatus.CANCELLED)
    with reading(store, actor) as u:
        session = u.session
        rows = session.exec(stmt.order_by(col(Meeting.starts_at), col(Meeting.id))).all()
    return [_for(actor, m) for m in rows]


def next_meeting(store: Store, actor: Actor, house_id: int,
                 after: datetime | None = None) -> Meeting | None:
    """The next scheduled meeting starting at or after `after` (default: now)."""
    require(actor, Perm.MEETINGS_READ)
    _check_house(actor, house_id)
    after = _aware("after", after) if after is not None else now()
    with reading(store, actor) as u:
        session = u.session
        meeting = session.exec(select(Meeting).where(
            Meeting.house_id == house_id, Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at >= after).order_by(col(Meeting.starts_at))).first()
    return _for(actor, meeting) if meeting else None


def attendance(store: Store, actor: Actor, meeting_id: int) -> list[AttendanceRow]:
    """Every current resident of the house (unrecorded ones with status None), plus anyone
    recorded who has since moved out; sorted by name. Staff only."""
    require(actor, Perm.MEETINGS_READ)
    if actor.kind == "resident":
        raise PermissionDenied("Attendance lists are for staff only.")
    with reading(store, actor) as u:
        session = u.session
        return attendance_rows(session, _get(session, meeting_id))


def attendance_rows(session: Session, meeting: Meeting) -> list[AttendanceRow]:
    """`attendance` inside a caller's session (the sign-in sheet reads it in its own)."""
    recorded = {a.resident_id: a for a in session.exec(
        select(Attendance).where(Attendance.meeting_id == meeting.id))}
    people = session.exec(select(Resident).where(
        (col(Resident.id).in_(list(recorded)))
        | ((Resident.house_id == meeting.house_id) & (Resident.status == ResidentStatus.ACTIVE))
    ).order_by(Resident.last_name, Resident.first_name)).all()
    out = []
    for r in people:
        assert r.id is not None
        a = recorded.get(r.id)
        out.append(AttendanceRow(r.id, f"{r.display_name} {r.last_name}".strip(), r.board_name,
                                 a.status if a else None, a.note if a else ""))
    return out


def _clean(kind: str, topic: str, facilitator: str) -> tuple[str, str, str]:
    return (validate.choice("kind", kind, MeetingKind), validate.text("topic", topic, limits.LINE),
            validate.text("facilitator", facilitator, limits.FULL_NAME))


def _to_utc(at: datetime, tz: str) -> datetime:
    if not isinstance(at, datetime):
        raise ValidationError("start time", "must be a date and time.")
    if at.tzinfo is None:
        at = at.replace(tzinfo=zone(tz))
    return at.astimezone(UTC)


def _aware(field: str, at: datetime) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise ValidationError(field, "must be a date and time with a time zone.")
    return at


def _get(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("That meeting no longer exists.")
    return meeting


def _open_for_attendance(session: Session, meeting_id: int) -> Meeting:
    meeting = _get(session, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("meeting", "was canceled, so attendance cannot be taken.")
    return meeting


def _check_house(actor: Actor, house_id: int) -> None:
    if actor.kind == "resident" and actor.house_id != house_id:
        raise PermissionDenied("You can only see your own house's meetings.")


def _for(actor: Actor, meeting: Meeting) -> Meeting:
    """A detached copy; residents see the schedule, never minutes or decisions."""
    data = meeting.model_dump()
    if actor.kind == "resident":
        data.update(minutes="", decisions="")
    return Meeting(**data)
