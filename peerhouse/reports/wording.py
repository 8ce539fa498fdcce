"""How stored values read on paper: person-first labels and short, unambiguous dates.

Stored values are plain codes ("return_to_use"); a printed page says "A return to use".
Dates spell the month so a US and a European reader read the same day.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

# Times, days and weeks read on paper as on screen ('7:00 PM', 'Mon Jun 2',
# 'Week of Jun 2 – 8').
from peerhouse.clock_text import clock_text as time_text  # noqa: F401
from peerhouse.clock_text import short_day as day_text  # noqa: F401
from peerhouse.clock_text import week_of, week_span  # noqa: F401
from peerhouse.i18n import ENGLISH, SPANISH, Message, lazy
from peerhouse.i18n.formats import long_date
from peerhouse.models.labels import EXIT_REASON_LABELS, GOAL_AREA_LABELS, MEETING_KIND_LABELS

# The 42 CFR Part 2 notice is legal text: it is printed in English on every paper, and on
# a Spanish paper its translation follows, marked as one (`part2_texts`).
# 42 CFR § 2.32(a)(1): the short form of the notice that accompanies every disclosure.
PART2_SHORT_MESSAGE = lazy(
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records.")
PART2_SHORT = PART2_SHORT_MESSAGE.msgid
# The longer statement (42 CFR § 2.32, as in force before 2024; still an accepted form).
PART2_MESSAGE = lazy(
    "This information has been disclosed to you from records protected by federal "
    "confidentiality rules (42 CFR part 2). The federal rules prohibit you from making any "
    "further disclosure of information in this record that identifies a patient as having or "
    "having had a substance use disorder either directly, by reference to publicly available "
    "information, or through verification of such identification by another person unless "
    "further disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed or as otherwise permitted by 42 CFR part 2. A general "
    "authorization for the release of medical or other information is NOT sufficient for this "
    "purpose (see § 2.31). The federal rules restrict any use of the information to investigate "
    "or prosecute with regard to a crime any patient with a substance use disorder, except as "
    "provided at §§ 2.12(c)(5) and 2.65."
)
PART2_NOTICE = PART2_MESSAGE.msgid
# Translators: printed above the Spanish translation of the 42 CFR Part 2 notice, which
# follows the English legal text. Say plainly that the English text is the one that counts.
TRANSLATION_NOTE = lazy("Translation: the English text above is the one that governs.")

EXIT_REASONS = EXIT_REASON_LABELS
MEETING_KINDS = MEETING_KIND_LABELS
RESOURCE_KINDS = {"meeting": lazy("Meetings"), "crisis": lazy("Crisis line"),
                  "clinic": lazy("Clinic"), "job": lazy("Work"), "housing": lazy("Housing"),
                  "other": lazy("Other")}
# Translators: kinds of incident, in a list after a count on the manager summary
# ("2 · curfew, conflict"), lower case.
INCIDENT_CATEGORIES = {"curfew": lazy("curfew"), "use": lazy("use"),
                       "conflict": lazy("conflict"), "house_rule": lazy("house rule"),
                       "safety": lazy("safety"), "neighbour_complaint": lazy("neighbors"),
                       "grievance": lazy("grievance")}
GOAL_STATUS = {"active": lazy("Working on it"), "achieved": lazy("Achieved"),
               "paused": lazy("Paused"), "dropped": lazy("Set aside")}
GOAL_AREAS = GOAL_AREA_LABELS
# What a screen's stored codes read as on paper (method, reason, result).
SCREEN_WORDS = {"urine": lazy("Urine"), "saliva": lazy("Saliva"), "breath": lazy("Breath"),
                "random": lazy("Random"), "scheduled": lazy("Scheduled"),
                "suspicion": lazy("Suspicion"), "admission": lazy("Admission"),
                "negative": lazy("Negative"), "positive": lazy("Positive"),
                "dilute": lazy("Dilute"), "refused": lazy("Refused"),
                "invalid": lazy("Invalid")}
# The same results, lower case, after a count or a weekday ("Mon negative").
SCREEN_RESULTS = {"negative": lazy("negative"), "positive": lazy("positive"),
                  "dilute": lazy("dilute"), "refused": lazy("refused"),
                  "invalid": lazy("invalid")}


def label(table: dict[str, str] | dict[str, Message], value: str | None) -> str:
    """How a stored code reads, in the paper's language (the code itself, made readable,
    when the table does not know it)."""
    if not value:
        return ""
    found = table.get(value)
    return str(found) if found is not None else value.replace("_", " ").capitalize()


def part2_texts(message: Message, languages: tuple[str, ...]) -> list[str]:
    """The notice in English and, when the paper is (also) in Spanish, the note saying the
    Spanish that follows is a translation, and the translation."""
    texts = [message.render(ENGLISH)]
    if SPANISH in languages:
        texts += [TRANSLATION_NOTE.render(SPANISH), message.render(SPANISH)]
    return texts


def long_day(d: date) -> str:
    """'June 2, 2025'."""
    return long_date(d)


def number(value: Fraction | int | None, digits: int = 1) -> str:
    """An exact value rounded once, half up, as a reader expects (3.25 → '3.3'); '–' for none.

    Rounded from the exact fraction with Decimal: a float (3.25 is exact, 3.45 is not) and
    Python's round-half-to-even would each print some averages a tenth low."""
    if value is None:
        return "–"
    exact = Fraction(value)
    with localcontext() as ctx:
        ctx.prec = 50  # a tie ends in exactly 5, so its quotient is exact; others are far off
        quotient = Decimal(exact.numerator) / Decimal(exact.denominator)
        return str(quotient.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
