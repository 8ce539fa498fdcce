"""The words people read for stored codes: one place for the windows, the kiosk and paper.

Stored values stay short codes (enums.py); these are the person-first, plain words shown
for them, so a meeting kind or a reason for moving out never reads two ways. The tables
hold lazy messages (the language is chosen after import); the `*_label` functions give
text in the current language, and code reading a table renders its value with `str()`.
"""

from __future__ import annotations

from peerhouse.i18n import Message, _, lazy
from peerhouse.models.enums import ExitReason, GoalArea, MeetingKind

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


# A goal's area, as a label (the kiosk, the goal dialog, the progress report).
GOAL_AREA_LABELS: dict[str, Message] = {
    GoalArea.RECOVERY: lazy("Recovery"), GoalArea.WORK: lazy("Work"),
    GoalArea.EDUCATION: lazy("Education"), GoalArea.HEALTH: lazy("Health"),
    GoalArea.HOUSING: lazy("Housing"), GoalArea.FAMILY: lazy("Family"),
    GoalArea.MONEY: lazy("Money"),
}


def goal_area_label(area: str) -> str:
    """A goal's area code ("work", …) as a label in the current language."""
    known = GOAL_AREA_LABELS.get(area)
    return str(known) if known is not None else area.capitalize()


def meeting_kind_label(kind: str) -> str:
    """The words for a meeting kind; a code this version does not know reads as itself."""
    known = MEETING_KIND_LABELS.get(kind)
    if known is not None:
        return str(known)
    return kind.replace("_", " ").capitalize() or _("Meeting")


def exit_reason_label(reason: str) -> str:
    known = EXIT_REASON_LABELS.get(reason)
    return str(known) if known is not None else reason.replace("_", " ").capitalize()


# The words PeerHouse writes into the crisis lines it seeds (services/resources.DEFAULTS):
# stored in English, shown in the reader's language while nobody has changed them.
ALWAYS = lazy("24 hours a day, 7 days a week")
# Translators: the 988 line answers in Spanish when the caller presses 2; say so.
LIFELINE_988_NOTES = lazy(
    "Call or text 988, or chat at 988lifeline.org. Free and confidential.")
SAMHSA_NOTES = lazy(
    "Free, confidential treatment referral and information, in English and Spanish.")
SEEDED_WORDS: dict[str, Message] = {m.msgid: m for m in (ALWAYS, LIFELINE_988_NOTES,
                                                         SAMHSA_NOTES)}


def seeded_text(text: str, language: str | None = None) -> str:
    """A directory entry's schedule or notes as people read them: the words PeerHouse
    seeded, while unchanged, in `language` (default: the current one); anything a manager
    typed as it is."""
    seeded = SEEDED_WORDS.get(text)
    return text if seeded is None else seeded.render(language)
