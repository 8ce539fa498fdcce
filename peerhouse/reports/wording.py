"""How stored values read on paper: person-first labels and short, unambiguous dates.

Stored values are plain codes ("return_to_use"); a printed page says "A return to use".
Dates spell the month so a US and a European reader read the same day.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

# Times, days, plurals and weeks read on paper as on screen ('7:00 PM', 'Mon Jun 2',
# 'Week of Jun 2 – 8').
from peerhouse.clock_text import clock_text as time_text  # noqa: F401
from peerhouse.clock_text import plural, week_of, week_span  # noqa: F401
from peerhouse.clock_text import short_day as day_text  # noqa: F401
from peerhouse.i18n.formats import long_date
from peerhouse.models.labels import EXIT_REASON_LABELS, MEETING_KIND_LABELS

# 42 CFR § 2.32(a)(1): the short form of the notice that accompanies every disclosure.
PART2_SHORT = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
# The longer statement (42 CFR § 2.32, as in force before 2024; still an accepted form).
PART2_NOTICE = (
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

EXIT_REASONS = EXIT_REASON_LABELS
MEETING_KINDS = MEETING_KIND_LABELS
RESOURCE_KINDS = {"meeting": "Meetings", "crisis": "Crisis line", "clinic": "Clinic",
                  "job": "Work", "housing": "Housing", "other": "Other"}
INCIDENT_CATEGORIES = {"curfew": "curfew", "use": "use", "conflict": "conflict",
                       "house_rule": "house rule", "safety": "safety",
                       "neighbour_complaint": "neighbors", "grievance": "grievance"}
GOAL_STATUS = {"active": "Working on it", "achieved": "Achieved", "paused": "Paused",
               "dropped": "Set aside"}


def label(table: Mapping[str, object], value: str | None) -> str:
    """The words for a code in the current language (a table's value may be a lazy message)."""
    if not value:
        return ""
    known = table.get(value)
    return str(known) if known is not None else value.replace("_", " ").capitalize()


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
