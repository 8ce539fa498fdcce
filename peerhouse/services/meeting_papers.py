"""What a meeting's printed papers need: the sign-in sheet and the minutes.

Staff run meetings, so staff may print the sign-in sheet; the minutes say who came and
what was said about people in recovery, so printing them is for managers and owners,
like every confidential report. Residents may print neither. Each print is
audited in the same transaction as its read (Action.REPORT_SIGN_IN_SHEET,
Action.REPORT_MEETING_MINUTES).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peerhouse.i18n import lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.meetings import Meeting
from peerhouse.services import clock, lookups
from peerhouse.services.languages import house_language
from peerhouse.services.meetings import attendance_rows
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, audited


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
    language: str = "en"  # the house's language: the papers', unless someone chooses
    bilingual: bool = False  # the house prints both languages on one sheet


@audited(Perm.REPORTS_BOARD)  # staff and up; never a resident
def sign_in_sheet(u: Unit, meeting_id: int) -> MeetingPaper:
    """The meeting and the names to sign against (current residents and anyone recorded)."""
    return _paper(u, meeting_id, Action.REPORT_SIGN_IN_SHEET, with_minutes=False)


@audited(Perm.REPORTS_CONFIDENTIAL)
def meeting_minutes(u: Unit, meeting_id: int) -> MeetingPaper:
    """The meeting, who came, and its minutes and decisions (managers and owners)."""
    return _paper(u, meeting_id, Action.REPORT_MEETING_MINUTES, with_minutes=True)


def _paper(u: Unit, meeting_id: int, action: str, *, with_minutes: bool) -> MeetingPaper:
    u.require(Perm.MEETINGS_READ)
    u.audit(action, "meeting", meeting_id)
    meeting = u.get(Meeting, meeting_id, lazy("That meeting no longer exists."))
    house = lookups.house(u.session, meeting.house_id)
    rows = attendance_rows(u.session, meeting)
    tz = clock.zone(house.timezone)
    language = house_language(u.session, meeting.house_id)
    return MeetingPaper(
        meeting_id=meeting_id, house_name=house.name, kind=meeting.kind,
        starts_at=meeting.starts_at.astimezone(tz), topic=meeting.topic,
        facilitator=meeting.facilitator, status=meeting.status,
        people=tuple(PaperPerson(r.name, r.status) for r in rows),
        minutes=meeting.minutes if with_minutes else "",
        decisions=meeting.decisions if with_minutes else "",
        generated_at=clock.now().astimezone(tz), paper=house.paper_size,
        language=language.language, bilingual=language.bilingual,
    )
