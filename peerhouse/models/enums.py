"""Value sets stored as plain strings.

Plain strings (not database enums) keep migrations simple when a house asks for a new
value; services validate against these sets and name the allowed values in errors.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    STAFF = "staff"


class ResidentStatus(StrEnum):
    APPLICANT = "applicant"
    ACTIVE = "active"
    DISCHARGED = "discharged"


class ExitReason(StrEnum):
    COMPLETED = "completed"
    MOVED_ON = "moved_on"
    LEFT_VOLUNTARILY = "left_voluntarily"
    RETURN_TO_USE = "return_to_use"
    RULE_VIOLATION = "rule_violation"
    OTHER = "other"
    # Not an exit from the programme: the resident moved to another house.
    TRANSFERRED = "transferred"


class MeetingKind(StrEnum):
    HOUSE = "house"
    PEER_GROUP = "peer_group"
    BUSINESS = "business"
    EMERGENCY = "emergency"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    ABSENT = "absent"


class Fellowship(StrEnum):
    AA = "AA"
    NA = "NA"
    CA = "CA"
    SMART = "SMART"
    LIFERING = "LifeRing"
    REFUGE = "Refuge Recovery"
    CELEBRATE = "Celebrate Recovery"
    OTHER = "other"


class Source(StrEnum):
    KIOSK = "kiosk"
    STAFF = "staff"


class ChoreFrequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    CUSTOM = "custom"


class ChoreStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    VERIFIED = "verified"
    MISSED = "missed"
    EXCUSED = "excused"


class ScreenMethod(StrEnum):
    URINE = "urine"
    BREATH = "breath"
    SALIVA = "saliva"


class ScreenReason(StrEnum):
    RANDOM = "random"
    SCHEDULED = "scheduled"
    SUSPICION = "suspicion"
    ADMISSION = "admission"


class ScreenResult(StrEnum):
    NEGATIVE = "negative"
    POSITIVE = "positive"
    DILUTE = "dilute"
    REFUSED = "refused"
    INVALID = "invalid"


class IncidentCategory(StrEnum):
    CURFEW = "curfew"
    USE = "use"
    CONFLICT = "conflict"
    HOUSE_RULE = "house_rule"
    SAFETY = "safety"
    NEIGHBOUR = "neighbour_complaint"
    GRIEVANCE = "grievance"


class GoalArea(StrEnum):
    RECOVERY = "recovery"
    WORK = "work"
    EDUCATION = "education"
    HEALTH = "health"
    HOUSING = "housing"
    FAMILY = "family"
    MONEY = "money"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"
    DROPPED = "dropped"


class ResourceKind(StrEnum):
    MEETING = "meeting"
    CRISIS = "crisis"
    CLINIC = "clinic"
    JOB = "job"
    HOUSING = "housing"
    OTHER = "other"
