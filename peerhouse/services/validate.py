"""Small input checks that name the field and what is expected.

Each refusal is a whole sentence with the field's name as its `{field}` value: `label`, the
words people read for the field (`lazy("First name")`), else the field's code. A form shows
its own on-screen label there instead (errors.ValidationError.text), so pass `label` where
the refusal can reach someone without a form: the kiosk, the command line, a CSV import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

from peerhouse.errors import ValidationError
from peerhouse.i18n import Message, lazy
from peerhouse.services.text_limits import LINE, PHONE, TextLimit

# Unicode's control characters (C0, DEL, C1: category Cc) and lone surrogates (which cannot
# be saved); a note may hold tabs and line breaks.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOTE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

Label = Message | str | None
_FUTURE = lazy("{field} cannot be in the future.")


def refuse(field: str, label: Label, message: Message, **values: object) -> ValidationError:
    """A ValidationError whose sentence names the field (`{field}` in `message`)."""
    return ValidationError(field, message.with_values(field=label or field, **values))


def text(field: str, value: str | None, limit: TextLimit = LINE, *,
         required: bool = False, label: Label = None) -> str:
    """`value` trimmed, checked against its `limit` (see `text_limits`): never longer, and
    never holding control characters (a NUL, an escape, …) that no one means to type;
    a note (`limit.lines`) may hold line breaks (stored as '\\n') and tabs."""
    value = value or ""
    if limit.lines:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.strip()
    if required and not value:
        raise refuse(field, label, lazy("{field} is required."))
    bad = (_NOTE_CONTROL if limit.lines else _CONTROL).search(value)
    if bad is not None:
        if bad.group() in "\n\r\x85":
            raise refuse(field, label, lazy("{field} must be one line, without line breaks."))
        raise refuse(field, label, lazy(
            "{field} cannot contain control characters (a tab, an escape or other invisible "
            "codes); please type it again."))
    if len(value) > limit.max_len:
        raise refuse(field, label, lazy(
            "{field} must be at most {most} characters (it has {count})."),
            most=f"{limit.max_len:,}", count=f"{len(value):,}")
    return value


def choice(field: str, value: str | None, allowed: type[StrEnum] | Iterable[str], *,
           label: Label = None) -> str:
    options = [str(v) for v in allowed]
    if value not in options:
        raise refuse(field, label, lazy("{field} must be one of: {options}."),
                     options=", ".join(options))
    return str(value)


def int_range(field: str, value: object, low: int, high: int, *, label: Label = None) -> int:
    whole = lazy("{field} must be a whole number from {low} to {high}.")
    try:
        n = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise refuse(field, label, whole, low=low, high=high) from None
    if isinstance(value, float) and value != n:
        raise refuse(field, label, whole, low=low, high=high)
    if not low <= n <= high:
        raise refuse(field, label, lazy("{field} must be from {low} to {high}."),
                     low=low, high=high)
    return n


def only_editable(changes: Iterable[str], editable: Iterable[str]) -> None:
    """Refuse a change to a field the form may not change, naming the first such field."""
    unknown = set(changes) - set(editable)
    if unknown:
        first = sorted(unknown)[0]
        raise refuse(first, None, lazy("{field} cannot be changed here."))


def day_range(start: date, end: date) -> None:
    """A span of days [start, end) must hold at least one day."""
    if end <= start:
        raise ValidationError("dates", lazy("The end must be after the start."))


def past_moment(field: str, value: datetime, current: datetime, *,
                label: Label = None) -> datetime:
    """A moment that has happened: with its time zone (so it names one instant), and not
    later than `current`."""
    if value.tzinfo is None:
        raise refuse(field, label, lazy("{field} must include a time zone."))
    if value > current:
        raise refuse(field, label, _FUTURE)
    return value


def not_future(field: str, value: date | None, today: date, *,
               label: Label = None) -> date | None:
    if value is not None and value > today:
        raise refuse(field, label, _FUTURE)
    return value


def parse_date(field: str, value: str | date | None, *, required: bool = False,
               label: Label = None) -> date | None:
    if isinstance(value, date):
        return value
    value = (value or "").strip()
    if not value:
        if required:
            raise refuse(field, label, lazy("{field} is required (YYYY-MM-DD)."))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise refuse(field, label,
                     lazy("{field} must be a date written YYYY-MM-DD.")) from None


def phone(field: str, value: str | None, *, label: Label = None) -> str:
    value = (value or "").strip()
    allowed = set("0123456789+-() .")
    if value and (not set(value) <= allowed or sum(c.isdigit() for c in value) < 3):
        raise refuse(field, label, lazy(
            "{field} must be a phone number (digits, spaces, + - ( ) only)."))
    return text(field, value, PHONE, label=label)
