"""Sobriety milestones, derived from the sobriety date (never stored).

24 hours, 7, 30, 60 and 90 days, 6 and 9 months, 1 year, 18 months, then every year.
Month steps clamp to the month's last day (31 Jan + 1 month = 28/29 Feb).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Milestone:
    label: str
    on: date


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _fixed(sobriety: date) -> list[Milestone]:
    return [
        Milestone("24 hours", sobriety + timedelta(days=1)),
        Milestone("7 days", sobriety + timedelta(days=7)),
        Milestone("30 days", sobriety + timedelta(days=30)),
        Milestone("60 days", sobriety + timedelta(days=60)),
        Milestone("90 days", sobriety + timedelta(days=90)),
        Milestone("6 months", add_months(sobriety, 6)),
        Milestone("9 months", add_months(sobriety, 9)),
        Milestone("1 year", add_months(sobriety, 12)),
        Milestone("18 months", add_months(sobriety, 18)),
    ]


def _yearly(sobriety: date, years: int) -> Milestone:
    return Milestone(f"{years} years", add_months(sobriety, 12 * years))


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


def sober_time_text(sobriety: date, today: date) -> str:
    """'1 year, 3 months' / '45 days': how a counter reads."""
    days = sober_days(sobriety, today)
    if days < 90:
        return f"{days} day" + ("" if days == 1 else "s")
    months = (today.year - sobriety.year) * 12 + today.month - sobriety.month
    if add_months(sobriety, months) > today:
        months -= 1
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year" + ("" if years == 1 else "s"))
    if months:
        parts.append(f"{months} month" + ("" if months == 1 else "s"))
    return ", ".join(parts)
