"""How days and times read on every manager and kiosk screen, in one place.

One style everywhere ("Tue Mar 3", "Mar 3, 2026", "7:05 PM"), in the current language and
the same whatever the PC's locale (never strftime's %a/%b), so a date is never read as
another one and two screens never disagree about how a time looks.
"""

from __future__ import annotations

from datetime import date, datetime

from peerhouse.i18n import _
from peerhouse.i18n.formats import (
    clock_text,
    date_text,
    long_date,
    long_day,
    month_day,
    plural,
    short_day,
    week_of,
    week_span,
    weekday_name,
)
from peerhouse.services.clock import zone

# The day and time texts themselves live in peerhouse.i18n.formats (no Qt), so the services
# and the PDFs write them the same way; these names are what the screens import.
clock = clock_text  # '7:05 PM'
__all__ = ["clock", "date_text", "local_when", "long_date", "long_day", "month_day", "plural",
           "relative_day", "short_day", "week_of", "week_span", "weekday_name"]


def relative_day(day: date, today: date, *, capital: bool = True) -> str | None:
    """'Today', 'Tomorrow' or 'Yesterday' (lower case without `capital`); else None."""
    word = {0: _("Today"), 1: _("Tomorrow"), -1: _("Yesterday")}.get((day - today).days)
    if word is None:
        return None
    return word if capital else word.lower()


def local_when(at: datetime, tz: str, today: date | None = None, *, weekday: bool = True,
               year: bool = False) -> str:
    """A stored (UTC) instant in the house's time: 'Today 9:40 PM' (when `today` is
    given), else 'Mon Mar 16, 9:40 PM' ('Mar 16, 9:40 PM' without the weekday)."""
    here = at.astimezone(zone(tz))
    if today is not None and here.date() == today:
        return f"Today {clock(here)}"
    if weekday:
        day = short_day(here.date(), year=year)
    else:
        day = date_text(here.date()) if year else month_day(here.date())
    return f"{day}, {clock(here)}"
