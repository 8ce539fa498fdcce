"""House meetings, attendance and outside (fellowship) meetings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from peerhouse.models.types import UTCDateTime, utcnow


class Meeting(SQLModel, table=True):
    """A meeting held in the house (house, peer group, business or emergency)."""

    __table_args__ = (Index("ix_meeting_house_start", "house_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    house_id: int = Field(foreign_key="house.id")
    kind: str = Field(default="house", max_length=16)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    facilitator: str = Field(default="", max_length=120)
    topic: str = Field(default="", max_length=200)
    minutes: str = Field(default="", max_length=20000)
    decisions: str = Field(default="", max_length=10000)
    status: str = Field(default="scheduled", max_length=16)
    # Meetings created together as a weekly series share this id.
    series_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Attendance(SQLModel, table=True):
    """Whether a resident came to a house meeting."""

    __table_args__ = (
        UniqueConstraint("meeting_id", "resident_id", name="uq_attendance_meeting_resident"),
        Index("ix_attendance_resident", "resident_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    resident_id: int = Field(foreign_key="resident.id")
    status: str = Field(max_length=16)
    note: str = Field(default="", max_length=500)


class OutsideMeeting(SQLModel, table=True):
    """A fellowship meeting (AA, NA, SMART, …) a resident went to outside the house."""

    __table_args__ = (Index("ix_outside_resident_date", "resident_id", "on_date"),)

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id")
    on_date: date
    fellowship: str = Field(max_length=32)
    name: str = Field(default="", max_length=200)
    place: str = Field(default="", max_length=200)
    source: str = Field(default="kiosk", max_length=8)
    verified: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
