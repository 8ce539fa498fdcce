"""Moved to peerhouse.i18n.formats (dates, times, numbers and money in the current
language); these names stay importable from here until each area's imports move."""

from __future__ import annotations

from peerhouse.i18n.formats import (  # noqa: F401
    clock_text,
    date_text,
    date_time_text,
    month_day,
    plural,
    short_day,
    week_of,
    week_span,
)
