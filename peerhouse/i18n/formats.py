"""How a time, a day, a week, a count and an amount of money read, in the current language:
'7:05 PM', 'Mar 3, 2026', 'Tue Mar 3', 'Week of Dec 7 – 13', '1,234', '$1,234.50' — and in
Spanish '7:05 p.m.', '3 mar 2026', 'mar, 3 mar', 'Semana del 7 – 13 dic'.

One module for the windows, the services that build display text and the PDFs, so a
meeting time never reads one way on screen and another on the notice board. Month and
weekday names, day periods, digits and plural rules come from CLDR through Babel for the
*current language* (peerhouse.i18n.language), never from the PC's locale: strftime's %a/%b
follow whatever locale Qt set from LANG, which printed 'mar dic 8' under es_ES. The
patterns are fixed here per language. English keeps the shapes PeerHouse always printed
(CLDR's own 'Tue, Mar 3' and its narrow no-break space before 'PM' would change every
screen and paper); Spanish uses the shapes of CLDR es_419 (day before month, no 'de' in
short dates). Spaces are plain spaces in both, so every PDF font draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from peerhouse.i18n.catalog import gettext_ as _
from peerhouse.i18n.language import CLDR_LOCALES, ENGLISH, SPANISH, current_language

CURRENCY = "USD"
DASH = " – "


@dataclass(frozen=True)
class _Style:
    """One language's date and time patterns (CLDR pattern syntax)."""

    clock: str
    day: str  # with the year
    weekday_day: str  # with the weekday and the year
    short: str  # weekday, month and day
    month_day: str
    long_day: str  # weekday and month spelled out
    long_date: str  # month spelled out, with the year
    # A week's first and last day: in one month, across months, each with the year too,
    # and across years.
    same_month: tuple[str, str]
    other_month: tuple[str, str]
    same_month_year: tuple[str, str]
    other_month_year: tuple[str, str]
    other_year: tuple[str, str]


_STYLES = {
    ENGLISH: _Style(
        clock="h:mm a", day="MMM d, y", weekday_day="EEE MMM d, y", short="EEE MMM d",
        month_day="MMM d", long_day="EEEE, MMMM d", long_date="MMMM d, y",
        same_month=("MMM d", "d"), other_month=("MMM d", "MMM d"),
        same_month_year=("MMM d", "d, y"), other_month_year=("MMM d", "MMM d, y"),
        other_year=("MMM d, y", "MMM d, y")),
    SPANISH: _Style(
        clock="h:mm a", day="d MMM y", weekday_day="EEE, d MMM y", short="EEE, d MMM",
        month_day="d MMM", long_day="EEEE, d 'de' MMMM", long_date="d 'de' MMMM 'de' y",
        same_month=("d", "d MMM"), other_month=("d MMM", "d MMM"),
        same_month_year=("d", "d MMM y"), other_month_year=("d MMM", "d MMM y"),
        other_year=("d MMM y", "d MMM y")),
}


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(CLDR_LOCALES[code])


def _style() -> tuple[_Style, Locale]:
    code = current_language()
    return _STYLES[code], _locale(code)


def _plain(text: str) -> str:
    """CLDR's thin and narrow no-break spaces as plain ones (see the module's doc)."""
    return text.replace("\u202f", " ").replace("\u2009", " ")


def _day(day: date, pattern: str, locale: Locale) -> str:
    if isinstance(day, datetime):
        day = day.date()
    return _plain(format_date(day, pattern, locale=locale))


def plural(n: int, word: str, words: str = "") -> str:
    """'1 account', '2 accounts' ('1 entry', '3 entries' with `words`): the form is chosen
    by the current language's plural rule. The words are the caller's: new text uses
    `ngettext` so the words are translated too."""
    one = _style()[1].plural_form(n) == "one"
    return f"{n} {word if one else (words or word + 's')}"


def clock_text(at: datetime | time) -> str:
    """'7:05 PM' ('7:05 p.m.'): `at`'s own hour and minute, no time-zone conversion."""
    style, locale = _style()
    return _plain(format_time(time(at.hour, at.minute), style.clock, locale=locale))


def short_day(day: date, *, year: bool = False) -> str:
    """'Tue Mar 3' (or 'Tue Mar 3, 2026')."""
    style, locale = _style()
    return _day(day, style.weekday_day if year else style.short, locale)


def date_text(day: date | None, *, weekday: bool = False, empty: str = "") -> str:
    """'Mar 3, 2026' (or 'Tue Mar 3, 2026'); `empty` when there is no day."""
    if day is None:
        return empty
    style, locale = _style()
    return _day(day, style.weekday_day if weekday else style.day, locale)


def month_day(day: date) -> str:
    """'Mar 3' (a chart's axis, a week's span)."""
    style, locale = _style()
    return _day(day, style.month_day, locale)


def long_day(day: date) -> str:
    """'Tuesday, March 3' ('martes, 3 de marzo')."""
    style, locale = _style()
    return _day(day, style.long_day, locale)


def long_date(day: date) -> str:
    """'March 3, 2026' ('3 de marzo de 2026'): a date in a sentence or a letter."""
    style, locale = _style()
    return _day(day, style.long_date, locale)


def weekday_name(day: date, *, short: bool = False) -> str:
    """'Tuesday' ('Tue'); 'martes' ('mar')."""
    return _day(day, "EEE" if short else "EEEE", _style()[1])


def date_time_text(at: datetime) -> str:
    """'Dec 1, 2026, 1:01 PM' — `at` as it is (convert to the house's zone first)."""
    return f"{date_text(at.date())}, {clock_text(at)}"


def week_span(first: date, *, year: bool = False) -> str:
    """The 7 days from `first`: 'Dec 7 – 13', 'Nov 30 – Dec 6', 'Dec 28 – Jan 3'; with
    `year`, 'Dec 7 – 13, 2026' or 'Dec 28, 2026 – Jan 3, 2027'."""
    style, locale = _style()
    last = first + timedelta(days=6)
    if year and first.year != last.year:
        patterns = style.other_year
    elif last.month == first.month:
        patterns = style.same_month_year if year else style.same_month
    else:
        patterns = style.other_month_year if year else style.other_month
    return _day(first, patterns[0], locale) + DASH + _day(last, patterns[1], locale)


def week_of(first: date, *, year: bool = False) -> str:
    """'Week of Dec 7 – 13': a week as people name it. ISO labels ('2026-W50') are for
    file names and the command line only (services.clock.iso_week_label)."""
    return _("Week of {span}").format(span=week_span(first, year=year))


def number(n: int) -> str:
    """A whole number with the language's grouping: '1,234'."""
    return _plain(format_decimal(n, locale=_style()[1]))


def money(cents: int) -> str:
    """An amount kept as integer cents, in dollars: '$1,234.50', '-$5.00'."""
    amount = Decimal(cents).scaleb(-2)
    return _plain(format_currency(amount, CURRENCY, locale=_style()[1]))
