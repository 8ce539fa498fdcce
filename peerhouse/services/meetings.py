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

from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import AttendanceStatus, MeetingKind, MeetingStatus, ResidentStatus
from peerhouse.models.meetings import Attendance, Meeting
from peerhouse.models.people import Resident
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import local_day, now, zone
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads, writes

MAX_SERIES_WEEKS = 52
# The words people read for each field a refusal names (a form shows its own label instead).
LABELS = {"kind": lazy("Kind"), "topic": lazy("Topic"), "facilitator": lazy("Facilitator"),
          "minutes": lazy("Minutes"), "decisions": lazy("Decisions"),
          "attendance": lazy("Attendance"), "note": lazy("Note"),
          "number of weeks": lazy("Number of weeks"), "start time": lazy("Start time"),
          "from": lazy("From"), "to": lazy("To"), "after": lazy("After")}


@dataclass(frozen=True)
class AttendanceRow:
    """One line of a meeting's attendance list; `status` is None when not yet recorded."""

    resident_id: int
    name: str
    board_name: str
    status: str | None
    note: str


@writes(Perm.MEETINGS_MANAGE)
def schedule(u: Unit, house_id: int, starts_at: datetime, *, kind: str = MeetingKind.HOUSE,
             topic: str = "", facilitator: str = "") -> Meeting:
    """Schedule one meeting. A naive `starts_at` is read as house-local time."""
    kind, topic, facilitator = _clean(kind, topic, facilitator)
    house = lookups.house(u.session, house_id)
    meeting = Meeting(house_id=house_id, kind=kind, topic=topic, facilitator=facilitator,
                      starts_at=_to_utc(starts_at, house.timezone))
    u.session.add(meeting)
    u.session.flush()
    u.audit(Action.MEETING_SCHEDULE, "meeting", meeting.id, house_id=house_id, kind=kind)
    return meeting


@writes(Perm.MEETINGS_MANAGE)
def schedule_series(u: Unit, house_id: int, first_day: date, at: time, weeks: int, *,
                    kind: str = MeetingKind.HOUSE, topic: str = "",
                    facilitator: str = "") -> list[Meeting]:
    """Schedule `weeks` weekly meetings on `first_day`'s weekday at local time `at`."""
    weeks = validate.int_range("number of weeks", weeks, 1, MAX_SERIES_WEEKS,
                               label=LABELS["number of weeks"])
    kind, topic, facilitator = _clean(kind, topic, facilitator)
    series_id = str(uuid.uuid4())
    tz = zone(lookups.house(u.session, house_id).timezone)
    out = [
        Meeting(house_id=house_id, kind=kind, topic=topic, facilitator=facilitator,
                series_id=series_id,
                starts_at=datetime.combine(first_day + timedelta(weeks=i), at,
                                           tzinfo=tz).astimezone(UTC))
        for i in range(weeks)
    ]
    u.session.add_all(out)
    u.session.flush()
    u.audit(Action.MEETING_SCHEDULE_SERIES, "meeting", out[0].id,
            house_id=house_id, kind=kind, series_id=series_id, weeks=weeks)
    return out


@writes(Perm.MEETINGS_MANAGE)
def edit(u: Unit, meeting_id: int, *, topic: str | None = None,
         facilitator: str | None = None, starts_at: datetime | None = None,
         kind: str | None = None) -> Meeting:
    """Change the topic, facilitator, kind or time; fields left as None are kept."""
    meeting = _get(u, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("meeting", lazy(
            "This meeting is canceled and can no longer be changed."))
    changes: dict[str, object] = {}
    if topic is not None:
        changes["topic"] = validate.text("topic", topic, limits.LINE, label=LABELS["topic"])
    if facilitator is not None:
        changes["facilitator"] = validate.text("facilitator", facilitator, limits.FULL_NAME,
                                               label=LABELS["facilitator"])
    if kind is not None:
        changes["kind"] = validate.choice("kind", kind, MeetingKind, label=LABELS["kind"])
    if starts_at is not None:
        changes["starts_at"] = _to_utc(starts_at,
                                       lookups.house(u.session, meeting.house_id).timezone)
    u.edit(meeting, changes, Action.MEETING_EDIT, "meeting", meeting_id)
    return meeting


@writes(Perm.MEETINGS_MANAGE)
def cancel(u: Unit, meeting_id: int, *, rest_of_series: bool = False) -> list[Meeting]:
    """Cancel a scheduled meeting (and, if asked, the later scheduled ones of its series)."""
    meeting = _get(u, meeting_id)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError("meeting", lazy(
            "This meeting was already held and cannot be canceled.")
            if meeting.status == MeetingStatus.HELD else
            lazy("This meeting is already canceled and cannot be canceled again."))
    targets = [meeting]
    if rest_of_series and meeting.series_id:
        targets += u.session.exec(select(Meeting).where(
            Meeting.series_id == meeting.series_id, Meeting.id != meeting_id,
            Meeting.starts_at > meeting.starts_at,
            Meeting.status == MeetingStatus.SCHEDULED)).all()
    for m in targets:
        m.status = MeetingStatus.CANCELLED
        u.session.add(m)
    u.audit(Action.MEETING_CANCEL, "meeting", meeting_id, cancelled=[m.id for m in targets])
    return sorted(targets, key=lambda m: m.starts_at)


def has_started(meeting: Meeting, at: datetime | None = None) -> bool:
    """Whether the meeting's start time has come: only then can it have been held."""
    return meeting.starts_at <= (at or now())


@writes(Perm.MEETINGS_MANAGE)
def save_minutes(u: Unit, meeting_id: int, minutes: str = "", decisions: str = "") -> Meeting:
    """Save a meeting's minutes and decisions (again, if need be), from its day on.

    Saving once the meeting has started marks it held. Saved earlier (the agenda typed
    at 9 AM for a 7 PM meeting) they are kept and the meeting stays scheduled: a meeting
    that has not started cannot have been held, and the summary counts held meetings.
    """
    minutes = validate.text("minutes", minutes, limits.LONG_NOTE, label=LABELS["minutes"])
    decisions = validate.text("decisions", decisions, limits.LONG_NOTE,
                              label=LABELS["decisions"])
    meeting = _get(u, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("meeting", lazy(
            "This meeting was canceled, so it cannot be marked held."))
    tz = lookups.house(u.session, meeting.house_id).timezone
    if local_day(meeting.starts_at, tz) > local_day(now(), tz):
        raise ValidationError("meeting", lazy(
            "A meeting's minutes cannot be saved before the day it takes place."))
    status = MeetingStatus.HELD if has_started(meeting) else meeting.status
    changed = [k for k, v in (("status", status), ("minutes", minutes),
                              ("decisions", decisions)) if getattr(meeting, k) != v]
    meeting.status, meeting.minutes, meeting.decisions = status, minutes, decisions
    u.session.add(meeting)
    action = Action.MEETING_HELD if status == MeetingStatus.HELD else Action.MEETING_MINUTES
    u.audit(action, "meeting", meeting_id, fields=changed)
    return meeting


@writes(Perm.MEETINGS_MANAGE)
def set_attendance(u: Unit, meeting_id: int, resident_id: int, status: str,
                   note: str = "") -> Attendance:
    """Record (or change) one resident's attendance: one call per click."""
    status = validate.choice("attendance", status, AttendanceStatus,
                             label=LABELS["attendance"])
    note = validate.text("note", note, limits.SHORT_NOTE, label=LABELS["note"])
    session = u.session
    meeting = _open_for_attendance(u, meeting_id)
    res = session.get(Resident, resident_id)
    if res is None or res.house_id != meeting.house_id:
        raise ValidationError("resident", lazy(
            "That person is not a resident of this meeting's house."))
    row = session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id,
                                                Attendance.resident_id == resident_id)).first()
    if row is None:
        row = Attendance(meeting_id=meeting_id, resident_id=resident_id, status=status, note=note)
    else:
        row.status, row.note = status, note
    session.add(row)
    session.flush()
    u.audit(Action.MEETING_ATTENDANCE, "attendance", row.id,
            meeting_id=meeting_id, resident_id=resident_id, status=status)
    return row


@writes(Perm.MEETINGS_MANAGE)
def mark_all_present(u: Unit, meeting_id: int) -> int:
    """Mark every current resident not yet recorded as present; returns how many were marked."""
    meeting = _open_for_attendance(u, meeting_id)
    recorded = select(Attendance.resident_id).where(Attendance.meeting_id == meeting_id)
    ids = u.session.exec(select(Resident.id).where(
        Resident.house_id == meeting.house_id, Resident.status == ResidentStatus.ACTIVE,
        col(Resident.id).not_in(recorded))).all()
    u.session.add_all(Attendance(meeting_id=meeting_id, resident_id=rid,
                                 status=AttendanceStatus.PRESENT) for rid in ids)
    u.audit(Action.MEETING_ATTENDANCE_ALL_PRESENT, "meeting", meeting_id, residents=sorted(ids))
    return len(ids)


@reads(Perm.MEETINGS_READ)
def get_meeting(u: Unit, meeting_id: int) -> Meeting:
    meeting = _get(u, meeting_id)
    u.require(Perm.MEETINGS_READ, house_id=meeting.house_id)
    return _for(u, meeting)


@reads(Perm.MEETINGS_READ, house="house_id")
def list_meetings(u: Unit, house_id: int, start: datetime, end: datetime, *,
                  include_cancelled: bool = True) -> list[Meeting]:
    """Meetings of a house starting in [start, end) (UTC instants), earliest first."""
    start, end = _aware("from", start), _aware("to", end)
    if end < start:
        raise validate.refuse("to", LABELS["to"],
                              lazy("{field} must not be before the start of the range."))
    stmt = select(Meeting).where(Meeting.house_id == house_id, Meeting.starts_at >= start,
                                 Meeting.starts_at < end)
    if not include_cancelled:
        stmt = stmt.where(Meeting.status != MeetingStatus.CANCELLED)
    rows = u.session.exec(stmt.order_by(col(Meeting.starts_at), col(Meeting.id))).all()
    return [_for(u, m) for m in rows]


@reads(Perm.MEETINGS_READ, house="house_id")
def next_meeting(u: Unit, house_id: int, after: datetime | None = None) -> Meeting | None:
    """The next scheduled meeting starting at or after `after` (default: now)."""
    after = _aware("after", after) if after is not None else now()
    meeting = u.session.exec(select(Meeting).where(
        Meeting.house_id == house_id, Meeting.status == MeetingStatus.SCHEDULED,
        Meeting.starts_at >= after).order_by(col(Meeting.starts_at))).first()
    return _for(u, meeting) if meeting else None


@reads(Perm.MEETING_RECORDS_READ)
def attendance(u: Unit, meeting_id: int) -> list[AttendanceRow]:
    """Every current resident of the house (unrecorded ones with status None), plus anyone
    recorded who has since moved out; sorted by name. Staff only."""
    return attendance_rows(u.session, _get(u, meeting_id))


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
    return (validate.choice("kind", kind, MeetingKind, label=LABELS["kind"]),
            validate.text("topic", topic, limits.LINE, label=LABELS["topic"]),
            validate.text("facilitator", facilitator, limits.FULL_NAME,
                          label=LABELS["facilitator"]))


def _to_utc(at: datetime, tz: str) -> datetime:
    if not isinstance(at, datetime):
        raise validate.refuse("start time", LABELS["start time"],
                              lazy("{field} must be a date and time."))
    if at.tzinfo is None:
        at = at.replace(tzinfo=zone(tz))
    return at.astimezone(UTC)


def _aware(field: str, at: datetime) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise validate.refuse(field, LABELS[field],
                              lazy("{field} must be a date and time with a time zone."))
    return at


def _get(u: Unit, meeting_id: int) -> Meeting:
    return u.get(Meeting, meeting_id, lazy("That meeting no longer exists."))


def _open_for_attendance(u: Unit, meeting_id: int) -> Meeting:
    meeting = _get(u, meeting_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("meeting", lazy(
            "This meeting was canceled, so attendance cannot be taken."))
    return meeting


def _for(u: Unit, meeting: Meeting) -> Meeting:
    """A detached copy; the kiosk sees the schedule, never minutes or decisions."""
    data = meeting.model_dump()
    if not u.allowed(Perm.MEETING_RECORDS_READ):
        data.update(minutes="", decisions="")
    return Meeting(**data)
