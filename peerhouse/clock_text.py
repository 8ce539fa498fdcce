"""How a time of day, a day and a week read on every screen and every paper: '7:05 PM',
'Mar 3, 2026', 'Tue Mar 3', 'Dec 1, 2026, 1:01 PM', 'Week of Dec 7 – 13'.

Shared by the windows (peerhouse.ui), the services that build display text and the PDFs
(peerhouse.reports), so a meeting time never reads one way on the screen and another on
the notice board. No Qt here. strftime's %I / %p / %-d depend on the platform and locale,
so the text is built by hand (month and weekday names are the C locale's English ones).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


def plural(n: int, word: str, words: str = "") -> str:
    """'1 account', '2 accounts' ('1 entry', '3 entries' with `words`)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def clock_text(at: datetime | time) -> str:
    """'7:05 PM'."""
    return f"{at.hour % 12 or 12}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"


def short_day(day: date, *, year: bool = False) -> str:
    """'Tue Mar 3' (or 'Tue Mar 3, 2026')."""
    text = f"{day:%a} {day:%b} {day.day}"
    return f"{text}, {day.year}" if year else text


def date_text(day: date | None, *, weekday: bool = False, empty: str = "") -> str:
    """'Mar 3, 2026' (or 'Tue Mar 3, 2026'); `empty` when there is no day."""
    if day is None:
        return empty
    text = f"{day:%b} {day.day}, {day.year}"
    return f"{day:%a} {text}" if weekday else text


def month_day(day: date) -> str:
    """'Mar 3' (a chart's axis, a week's span)."""
    return f"{day:%b} {day.day}"


def date_time_text(at: datetime) -> str:
    """'Dec 1, 2026, 1:01 PM' — `at` as it is (convert to the house's zone first)."""
    return f"{date_text(at.date())}, {clock_text(at)}"


def week_span(first: date, *, year: bool = False) -> str:
    """The 7 days from `first`: 'Dec 7 – 13', 'Nov 30 – Dec 6', 'Dec 28 – Jan 3'; with
    `year`, 'Dec 7 – 13, 2026' or 'Dec 28, 2026 – Jan 3, 2027'."""
    last = first + timedelta(days=6)
    if year and first.year != last.year:
        return f"{month_day(first)}, {first.year} – {month_day(last)}, {last.year}"
    end = str(last.day) if last.month == first.month else month_day(last)
    return f"{month_day(first)} – {end}" + (f", {last.year}" if year else "")


def week_of(first: date, *, year: bool = False) -> str:
    """'Week of Dec 7 – 13': a week as people name it. ISO labels ('2026-W50') are for
    file names and the command line only (services.clock.iso_week_label)."""
    return f"Week of {week_span(first, year=year)}"
