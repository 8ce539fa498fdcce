"""Small input checks that name the field and what is expected."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

from peerhouse.errors import ValidationError
from peerhouse.services.text_limits import LINE, PHONE, TextLimit

# Unicode's control characters (C0, DEL, C1: category Cc) and lone surrogates (which cannot
# be saved); a note may hold tabs and line breaks.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOTE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def text(field: str, value: str | None, limit: TextLimit = LINE, *,
         required: bool = False) -> str:
    """`value` trimmed, checked against its `limit` (see `text_limits`): never longer, and
    never holding control characters (a NUL, an escape, …) that no one means to type;
    a note (`limit.lines`) may hold line breaks (stored as '\\n') and tabs."""
    value = value or ""
    if limit.lines:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.strip()
    if required and not value:
        raise ValidationError(field, "is required.")
    bad = (_NOTE_CONTROL if limit.lines else _CONTROL).search(value)
    if bad is not None:
        if bad.group() in "\n\r\x85":
            raise ValidationError(field, "must be one line, without line breaks.")
        raise ValidationError(field, "cannot contain control characters (a tab, an escape "
                                     "or other invisible codes); please type it again.")
    if len(value) > limit.max_len:
        raise ValidationError(field, f"must be at most {limit.max_len:,} characters "
                                     f"(it has {len(value):,}).")
    return value


def choice(field: str, value: str | None, allowed: type[StrEnum] | Iterable[str]) -> str:
    options = [str(v) for v in allowed]
    if value not in options:
        raise ValidationError(field, f"must be one of: {', '.join(options)}.")
    return str(value)


def int_range(field: str, value: object, low: int, high: int) -> int:
    try:
        n = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationError(field, f"must be a whole number from {low} to {high}.") from None
    if isinstance(value, float) and value != n:
        raise ValidationError(field, f"must be a whole number from {low} to {high}.")
    if not low <= n <= high:
        raise ValidationError(field, f"must be from {low} to {high}.")
    return n


def only_editable(changes: Iterable[str], editable: Iterable[str]) -> None:
    """Refuse a change to a field the form may not change, naming the first such field."""
    unknown = set(changes) - set(editable)
    if unknown:
        raise ValidationError(sorted(unknown)[0], "cannot be changed here.")


def day_range(start: date, end: date) -> None:
    """A span of days [start, end) must hold at least one day."""
    if end <= start:
        raise ValidationError("dates", "the end must be after the start.")


def past_moment(field: str, value: datetime, current: datetime) -> datetime:
    """A moment that has happened: with its time zone (so it names one instant), and not
    later than `current`."""
    if value.tzinfo is None:
        raise ValidationError(field, "must include a time zone.")
    if value > current:
        raise ValidationError(field, "cannot be in the future.")
    return value


def not_future(field: str, value: date | None, today: date) -> date | None:
    if value is not None and value > today:
        raise ValidationError(field, "cannot be in the future.")
    return value


def parse_date(field: str, value: str | date | None, *, required: bool = False) -> date | None:
    if isinstance(value, date):
        return value
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError(field, "is required (YYYY-MM-DD).")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field, "must be a date written YYYY-MM-DD.") from None


def phone(field: str, value: str | None) -> str:
    value = (value or "").strip()
    allowed = set("0123456789+-() .")
    if value and (not set(value) <= allowed or sum(c.isdigit() for c in value) < 3):
        raise ValidationError(field, "must be a phone number (digits, spaces, + - ( ) only).")
    return text(field, value, PHONE)
