"""Disclosure consents: nothing confidential leaves the house without one."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from peerhouse.models.types import UTCDateTime, utcnow


class Consent(SQLModel, table=True):
    """A resident's written consent to disclose named information to one recipient."""

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True)
    recipient: str = Field(max_length=200)
    purpose: str = Field(max_length=500)
    information: str = Field(max_length=1000)
    signed_on: date
    expires_on: date
    revoked_on: date | None = None
    recorded_by: int | None = Field(default=None, foreign_key="staffaccount.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
