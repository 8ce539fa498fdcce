"""House-local time: which day, which week, which curfew.

Times are stored in UTC; a house's own time zone decides what "today", "this week"
and "tonight's curfew" mean, including across daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from peerhouse.errors import ValidationError


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("time zone", f"'{name}' is not a known time zone (e.g. America/Chicago).") from None


def local_time(at: datetime, tz: str) -> datetime:
    """`at` on the house's own clock (its time zone decides the day and the hour shown)."""
    return at.astimezone(zone(tz))


def local_day(at: datetime, tz: str) -> date:
    """The house-local calendar day of an instant."""
    return at.astimezone(zone(tz)).date()


def local_midnight(day: date, tz: str) -> datetime:
    """The UTC instant when `day` starts in the house's time zone."""
    return datetime.combine(day, time(0), tzinfo=zone(tz)).astimezone(UTC)


def day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """[start, end) of a house-local day as UTC instants (23 or 25 hours across DST)."""
    return local_midnight(day, tz), local_midnight(day + timedelta(days=1), tz)


def iso_week_start(year: int, week: int) -> date:
    """The Monday of ISO week `year`-W`week`."""
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationError("week", f"{year}-W{week:02d} is not a valid ISO week.") from None


def parse_iso_week(text: str) -> date:
    """'2026-W07' → the Monday of that week."""
    try:
        year_s, week_s = text.strip().upper().split("-W")
        return iso_week_start(int(year_s), int(week_s))
    except ValueError:
        raise ValidationError("week", "must be written YYYY-Www, for example 2026-W07.") from None


def iso_week_label(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def week_start(day: date, start_weekday: int = 0) -> date:
    """The first day of the house week containing `day` (0 = Monday)."""
    return day - timedelta(days=(day.weekday() - start_weekday) % 7)


WEEKEND_NIGHTS = (4, 5)  # Friday and Saturday evenings keep the weekend curfew


def curfew_at(day: date, tz: str, weeknight: time, weekend: time) -> datetime:
    """The curfew instant for the evening of house-local `day`, in UTC (which curfew a
    resident keeps is services/curfew.curfew_rule's to say).

    Friday and Saturday nights use the weekend curfew. A curfew earlier than 06:00
    means after midnight, i.e. on the next calendar day.
    """
    cur = weekend if day.weekday() in WEEKEND_NIGHTS else weeknight
    when_day = day + timedelta(days=1) if cur < time(6, 0) else day
    local = datetime.combine(when_day, cur, tzinfo=zone(tz))
    # Normalise non-existent (spring-forward) local times through UTC.
    return local.astimezone(UTC)


def now() -> datetime:
    return datetime.now(UTC)
