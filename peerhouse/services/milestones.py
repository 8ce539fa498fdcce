"""Sobriety milestones, derived from the sobriety date (never stored).

24 hours, 7, 30, 60 and 90 days, 6 and 9 months, 1 year, 18 months, then every year.
Month steps clamp to the month's last day (31 Jan + 1 month = 28/29 Feb).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from peerhouse.i18n import Message, lazy_plural


@dataclass(frozen=True)
class Milestone:
    """`message` names the milestone ('30 days') for whoever reads it; `label` is that
    name in the current language."""

    message: Message
    on: date

    @property
    def label(self) -> str:
        return str(self.message)


def _days(n: int) -> Message:
    return lazy_plural("{n} day", "{n} days", n)


def _months(n: int) -> Message:
    return lazy_plural("{n} month", "{n} months", n)


def _years(n: int) -> Message:
    return lazy_plural("{n} year", "{n} years", n)


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _fixed(sobriety: date) -> list[Milestone]:
    return [
        Milestone(lazy_plural("{n} hour", "{n} hours", 24), sobriety + timedelta(days=1)),
        Milestone(_days(7), sobriety + timedelta(days=7)),
        Milestone(_days(30), sobriety + timedelta(days=30)),
        Milestone(_days(60), sobriety + timedelta(days=60)),
        Milestone(_days(90), sobriety + timedelta(days=90)),
        Milestone(_months(6), add_months(sobriety, 6)),
        Milestone(_months(9), add_months(sobriety, 9)),
        Milestone(_years(1), add_months(sobriety, 12)),
        Milestone(_months(18), add_months(sobriety, 18)),
    ]


def _yearly(sobriety: date, years: int) -> Milestone:
    return Milestone(_years(years), add_months(sobriety, 12 * years))


def milestones_between(sobriety: date, start: date, end: date) -> list[Milestone]:
    """Milestones falling on days in [start, end), in order."""
    out = [m for m in _fixed(sobriety) if start <= m.on < end]
    years = max(2, (start.year - sobriety.year) - 1)
    while True:
        m = _yearly(sobriety, years)
        if m.on >= end:
            break
        if m.on >= start:
            out.append(m)
        years += 1
    return out


def next_milestone(sobriety: date, today: date) -> Milestone:
    """The next milestone on or after `today` (today's counts: it is celebrated today)."""
    for m in _fixed(sobriety):
        if m.on >= today:
            return m
    years = max(2, today.year - sobriety.year - 1)
    while _yearly(sobriety, years).on < today:
        years += 1
    return _yearly(sobriety, years)


def sober_days(sobriety: date, today: date) -> int:
    return max(0, (today - sobriety).days)


def sober_time(sobriety: date, today: date) -> Message:
    """'1 year, 3 months' / '45 days': how a counter reads, in its reader's language."""
    days = sober_days(sobriety, today)
    if days < 90:
        return _days(days)
    months = (today.year - sobriety.year) * 12 + today.month - sobriety.month
    if add_months(sobriety, months) > today:
        months -= 1
    years, months = divmod(months, 12)
    if years and months:
        # Translators: sober time of a year or more, e.g. "1 year, 3 months".
        return lazy_plural("{years}, {n} month", "{years}, {n} months", months,
                           years=_years(years))
    return _years(years) if years else _months(months)


def sober_time_text(sobriety: date, today: date) -> str:
    """`sober_time` in the current language."""
    return str(sober_time(sobriety, today))
