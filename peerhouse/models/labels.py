"""The words people read for stored codes: one place for the windows, the kiosk and paper.

Stored values stay short codes (enums.py); these are the person-first, plain words shown
for them, so a meeting kind or a reason for moving out never reads two ways.
"""

from __future__ import annotations

from peerhouse.models.enums import ExitReason, MeetingKind

MEETING_KIND_LABELS: dict[str, str] = {
    MeetingKind.HOUSE: "House meeting",
    MeetingKind.PEER_GROUP: "Peer group",
    MeetingKind.BUSINESS: "Business meeting",
    MeetingKind.EMERGENCY: "Emergency meeting",
}

EXIT_REASON_LABELS: dict[str, str] = {
    ExitReason.COMPLETED: "Completed the program",
    ExitReason.MOVED_ON: "Moved on",
    ExitReason.LEFT_VOLUNTARILY: "Left by choice",
    ExitReason.RETURN_TO_USE: "A return to use",
    ExitReason.RULE_VIOLATION: "A house-rule matter",
    ExitReason.OTHER: "Other reason",
    ExitReason.TRANSFERRED: "Moved to another house",
}


def meeting_kind_label(kind: str) -> str:
    return MEETING_KIND_LABELS.get(kind, kind.replace("_", " ").capitalize() or "Meeting")


def exit_reason_label(reason: str) -> str:
    return EXIT_REASON_LABELS.get(reason, reason.replace("_", " ").capitalize())
