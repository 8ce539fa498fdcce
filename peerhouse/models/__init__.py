"""SQLModel tables. Importing this package registers every table on the metadata."""

from peerhouse.models.accountability import (
    CheckIn,
    Incident,
    IncidentResident,
    Screen,
    ScreenDraw,
    SignOut,
)
from peerhouse.models.audit import AuditEvent, AuditHead, RowSeal
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.consent import Consent
from peerhouse.models.directory import Resource
from peerhouse.models.growth import Goal, GoalNote, GoalStep, MentorSession
from peerhouse.models.houses import AppSetting, House, Phase
from peerhouse.models.languages import LanguageChoice
from peerhouse.models.meetings import Attendance, Meeting, OutsideMeeting
from peerhouse.models.people import Resident, SobrietyDateChange, StaffAccount, Stay
from peerhouse.models.types import UTCDateTime, utcnow

__all__ = [
    "AppSetting", "Attendance", "AuditEvent", "AuditHead", "CheckIn", "Chore",
    "ChoreAssignment", "Consent", "Goal", "GoalNote", "GoalStep", "House", "Incident",
    "IncidentResident", "LanguageChoice", "Meeting", "MentorSession", "OutsideMeeting", "Phase", "Resident",
    "Resource", "RowSeal", "Screen", "ScreenDraw", "SignOut", "SobrietyDateChange", "StaffAccount",
    "Stay", "UTCDateTime", "utcnow",
]
