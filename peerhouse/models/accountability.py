"""Daily check-ins, sign-outs, drug/alcohol screens and incidents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from peerhouse.models.types import UTCDateTime, utcnow


class CheckIn(SQLModel, table=True):
    """A resident's daily accountability check-in; one per resident per house-local day."""

    __table_args__ = (
        UniqueConstraint("resident_id", "day", name="uq_checkin_resident_day"),
        Index("ix_checkin_day", "day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id")
    day: date
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    mood: int = Field(ge=1, le=5)
    craving: int = Field(ge=0, le=10)
    slept_well: bool = False
    sponsor_contact: bool = False
    note: str = Field(default="", max_length=500)
    wants_to_talk: bool = False
    talk_followed_up_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    talk_followed_up_by: int | None = Field(default=None, foreign_key="staffaccount.id")
    source: str = Field(default="kiosk", max_length=8)


class SignOut(SQLModel, table=True):
    """A resident leaving the house and (later) coming back; curfew misses are derived."""

    __table_args__ = (
        Index("ix_signout_resident_out", "resident_id", "out_at"),
        Index("ix_signout_out", "out_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id")
    out_at: datetime = Field(sa_type=UTCDateTime)
    destination: str = Field(default="", max_length=200)
    expected_back_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    back_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    source: str = Field(default="kiosk", max_length=8)


class ScreenDraw(SQLModel, table=True):
    """A logged random draw of residents to screen: seed and pool make it reproducible."""

    id: int | None = Field(default=None, primary_key=True)
    house_id: int = Field(foreign_key="house.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    seed: str = Field(max_length=64)
    count: int
    pool: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    picked: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    drawn_by: int | None = Field(default=None, foreign_key="staffaccount.id")


class Screen(SQLModel, table=True):
    """A drug or alcohol screen and its result."""

    __table_args__ = (Index("ix_screen_resident_at", "resident_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id")
    at: datetime = Field(sa_type=UTCDateTime)
    method: str = Field(max_length=8)
    reason: str = Field(max_length=12)
    result: str = Field(max_length=12)
    substances: str = Field(default="", max_length=200)
    administered_by: int | None = Field(default=None, foreign_key="staffaccount.id")
    draw_id: int | None = Field(default=None, foreign_key="screendraw.id")
    notes: str = Field(default="", max_length=2000)


class Incident(SQLModel, table=True):
    """Something that happened in the house and what was done about it."""

    __table_args__ = (Index("ix_incident_house_at", "house_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    house_id: int = Field(foreign_key="house.id")
    at: datetime = Field(sa_type=UTCDateTime)
    category: str = Field(max_length=24)
    description: str = Field(max_length=10000)
    action_taken: str = Field(default="", max_length=5000)
    reported_by: int | None = Field(default=None, foreign_key="staffaccount.id")


class IncidentResident(SQLModel, table=True):
    """A resident involved in an incident."""

    incident_id: int = Field(foreign_key="incident.id", primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", primary_key=True, index=True)
