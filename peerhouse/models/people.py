"""Staff accounts, residents, their stays and sobriety-date history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from peerhouse.models.types import UTCDateTime, utcnow


class StaffAccount(SQLModel, table=True):
    """Someone who logs in to the manager window: owner, manager or staff."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=60)
    display_name: str = Field(max_length=120)
    role: str = Field(max_length=16)
    password_hash: str = Field(max_length=200)
    failed_attempts: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    active: bool = Field(default=True)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Resident(SQLModel, table=True):
    """A person living in (or applying to) a house."""

    __table_args__ = (
        Index("ix_resident_house_status", "house_id", "status"),
        Index("ix_resident_names", "last_name", "first_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    house_id: int = Field(foreign_key="house.id")
    first_name: str = Field(max_length=80)
    last_name: str = Field(max_length=80)
    preferred_name: str = Field(default="", max_length=80)
    date_of_birth: date | None = None
    phone: str = Field(default="", max_length=40)
    bed: str = Field(default="", max_length=20)
    status: str = Field(default="active", max_length=16)
    move_in_date: date | None = None
    move_out_date: date | None = None
    exit_reason: str | None = Field(default=None, max_length=24)
    sobriety_date: date | None = None
    phase_id: int | None = Field(default=None, foreign_key="phase.id")
    emergency_contact_name: str = Field(default="", max_length=120)
    emergency_contact_phone: str = Field(default="", max_length=40)
    sponsor_name: str = Field(default="", max_length=120)
    sponsor_phone: str = Field(default="", max_length=40)
    mentor_resident_id: int | None = Field(default=None, foreign_key="resident.id")
    mentor_staff_id: int | None = Field(default=None, foreign_key="staffaccount.id")
    pin_hash: str | None = Field(default=None, max_length=200)
    pin_failed_attempts: int = Field(default=0)
    pin_locked: bool = Field(default=False)
    pin_must_change: bool = Field(default=True)
    celebrate_milestones_publicly: bool = Field(default=False)
    notes: str = Field(default="", max_length=20000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def display_name(self) -> str:
        """The name to greet someone by: preferred name first."""
        return self.preferred_name or self.first_name

    @property
    def board_name(self) -> str:
        """First name + last initial, as on the notice board and kiosk."""
        initial = self.last_name[:1].upper()
        return f"{self.display_name} {initial}." if initial else self.display_name


class Stay(SQLModel, table=True):
    """One continuous stay in one house: census, move-ins and move-outs come from stays."""

    __table_args__ = (Index("ix_stay_house_dates", "house_id", "moved_in", "moved_out"),)

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True)
    house_id: int = Field(foreign_key="house.id")
    moved_in: date
    moved_out: date | None = None
    exit_reason: str | None = Field(default=None, max_length=24)


class SobrietyDateChange(SQLModel, table=True):
    """A change of sobriety date and why: the date is never overwritten silently."""

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True)
    old_date: date | None = None
    new_date: date | None = None
    reason: str = Field(max_length=500)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    changed_by: int | None = Field(default=None, foreign_key="staffaccount.id")
