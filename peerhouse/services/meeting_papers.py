"""What a meeting's printed papers need: the sign-in sheet and the minutes.

Staff run meetings, so staff may print the sign-in sheet; the minutes say who came and
what was said about people in recovery, so printing them is for managers and owners,
like every confidential report (DESIGN §5). Residents may print neither. Each print is
audited in the same transaction as its read ("report.sign_in_sheet",
"report.meeting_minutes").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peerhouse.errors import NotFound
from peerhouse.models.meetings import Meeting
from peerhouse.services import clock
from peerhouse.services.actor import Actor
from peerhouse.services.audit_trail import audited_read
from peerhouse.services.lookups import house as _house
from peerhouse.services.meetings import attendance_rows
from peerhouse.services.permissions import Perm, require
from peerhouse.store.engine import Store


@dataclass(frozen=True)
class PaperPerson:
    name: str  # first (or preferred) name and last name
    status: str | None  # attendance as recorded, None when not yet taken


@dataclass(frozen=True)
class MeetingPaper:
    meeting_id: int
    house_name: str
    kind: str
    starts_at: datetime  # house-local
    topic: str
    facilitator: str
    status: str
    people: tuple[PaperPerson, ...]
    minutes: str
    decisions: str
    generated_at: datetime  # house-local
    paper: str


def sign_in_sheet(store: Store, actor: Actor, meeting_id: int) -> MeetingPaper:
    """The meeting and the names to sign against (current residents and anyone recorded)."""
    require(actor, Perm.REPORTS_BOARD)  # staff and up; never a resident
    return _paper(store, actor, meeting_id, "report.sign_in_sheet", with_minutes=False)


def meeting_minutes(store: Store, actor: Actor, meeting_id: int) -> MeetingPaper:
    """The meeting, who came, and its minutes and decisions (managers and owners)."""
    require(actor, Perm.REPORTS_CONFIDENTIAL)
    return _paper(store, actor, meeting_id, "report.meeting_minutes", with_minutes=True)


def _paper(store: Store, actor: Actor, meeting_id: int, action: str, *,
           with_minutes: bool) -> MeetingPaper:
    require(actor, Perm.MEETINGS_READ)
    with audited_read(store, actor, action, "meeting", meeting_id) as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("That meeting no longer exists.")
        house = _house(session, meeting.house_id)
        rows = attendance_rows(session, meeting)
        tz = clock.zone(house.timezone)
        return MeetingPaper(
            meeting_id=meeting_id, house_name=house.name, kind=meeting.kind,
            starts_at=meeting.starts_at.astimezone(tz), topic=meeting.topic,
            facilitator=meeting.facilitator, status=meeting.status,
            people=tuple(PaperPerson(r.name, r.status) for r in rows),
            minutes=meeting.minutes if with_minutes else "",
            decisions=meeting.decisions if with_minutes else "",
            generated_at=clock.now().astimezone(tz), paper=house.paper_size,
        )
