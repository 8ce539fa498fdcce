"""Small input checks that name the field and what is expected."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from peerhouse.errors import ValidationError


def text(field: str, value: str | None, *, required: bool = False, max_len: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(field, "is required.")
    if len(value) > max_len:
        raise ValidationError(field, f"must be at most {max_len} characters.")
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
    return text(field, value, max_len=40)
