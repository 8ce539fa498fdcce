"""Disclosure consents: nothing confidential leaves the house without one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlmodel import Field, SQLModel

from peerhouse.i18n import Message, lazy
from peerhouse.models.types import UTCDateTime, utcnow

# The parts of a progress report a resident can agree to share, in report order, in the
# plain words used on screen, on paper and in refusals. 42 CFR Part 2 asks a consent to
# name the kind and amount of information: a report holds to exactly these.
REPORT_PARTS: dict[str, Message] = {
    "attendance": lazy("meeting attendance"),
    "checkins": lazy("daily check-ins"),
    "chores": lazy("chores"),
    "screens": lazy("drug and alcohol screens"),
    "goals": lazy("goals"),
}


def part_words(keys: Iterable[str]) -> str:
    """'meeting attendance, daily check-ins': the parts among `keys`, in report order and
    the current language ('' for none)."""
    chosen = set(keys)
    return ", ".join(str(words) for key, words in REPORT_PARTS.items() if key in chosen)


class Consent(SQLModel, table=True):
    """A resident's written consent to disclose named information to one recipient.

    `information` is the form's own words; `parts` is what the app holds a report to:
    keys of REPORT_PARTS, comma-separated in report order. It is empty only for
    consents recorded before parts were kept, and those cover no report at all.
    """

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True)
    recipient: str = Field(max_length=200)
    purpose: str = Field(max_length=500)
    information: str = Field(max_length=1000)
    parts: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    signed_on: date
    expires_on: date
    revoked_on: date | None = None
    recorded_by: int | None = Field(default=None, foreign_key="staffaccount.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def part_keys(self) -> tuple[str, ...]:
        """The parts agreed, in report order (unknown keys, from nowhere, are ignored)."""
        given = {p.strip() for p in self.parts.split(",")}
        return tuple(k for k in REPORT_PARTS if k in given)
