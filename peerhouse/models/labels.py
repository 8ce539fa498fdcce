"""The words people read for stored codes: one place for the windows, the kiosk and paper.

Stored values stay short codes (enums.py); these are the person-first, plain words shown
for them, so a meeting kind or a reason for moving out never reads two ways. The tables
hold lazy messages (the language is chosen after import); the `*_label` functions give
text in the current language, and code reading a table renders its value with `str()`.
"""

from __future__ import annotations

from peerhouse.i18n import Message, _, lazy
from peerhouse.models.enums import ExitReason, MeetingKind

MEETING_KIND_LABELS: dict[str, Message] = {
    MeetingKind.HOUSE: lazy("House meeting"),
    MeetingKind.PEER_GROUP: lazy("Peer group"),
    MeetingKind.BUSINESS: lazy("Business meeting"),
    MeetingKind.EMERGENCY: lazy("Emergency meeting"),
}

EXIT_REASON_LABELS: dict[str, Message] = {
    ExitReason.COMPLETED: lazy("Completed the program"),
    ExitReason.MOVED_ON: lazy("Moved on"),
    ExitReason.LEFT_VOLUNTARILY: lazy("Left by choice"),
    ExitReason.RETURN_TO_USE: lazy("A return to use"),
    ExitReason.RULE_VIOLATION: lazy("A house-rule matter"),
    ExitReason.OTHER: lazy("Other reason"),
    ExitReason.TRANSFERRED: lazy("Moved to another house"),
}


def meeting_kind_label(kind: str) -> str:
    """The words for a meeting kind; a code this version does not know reads as itself."""
    known = MEETING_KIND_LABELS.get(kind)
    if known is not None:
        return str(known)
    return kind.replace("_", " ").capitalize() or _("Meeting")


def exit_reason_label(reason: str) -> str:
    known = EXIT_REASON_LABELS.get(reason)
    return str(known) if known is not None else reason.replace("_", " ").capitalize()
