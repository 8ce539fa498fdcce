"""A house, its rules and its phases."""

from __future__ import annotations

from datetime import datetime, time

from sqlmodel import Field, SQLModel

from peerhouse.models.types import UTCDateTime, utcnow


class House(SQLModel, table=True):
    """One recovery residence; its rules drive curfews, weeks and the weekly summary."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=120)
    address: str = Field(default="", max_length=300)
    capacity: int = Field(default=8, ge=1)
    timezone: str = Field(default="UTC", max_length=64)
    curfew_weeknight: time = Field(default=time(22, 0))
    curfew_weekend: time = Field(default=time(23, 59))
    # 0 = Monday … 6 = Sunday; ISO weeks start on Monday.
    week_start_day: int = Field(default=0, ge=0, le=6)
    checkin_required_daily: bool = Field(default=True)
    chores_per_week: int = Field(default=3, ge=0)
    # "initials": the kiosk shows first name + last initial; "type": residents type their name.
    kiosk_name_mode: str = Field(default="initials", max_length=16)
    paper_size: str = Field(default="letter", max_length=8)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Phase(SQLModel, table=True):
    """A step of the house's phase system, with the privileges and duties it carries."""

    id: int | None = Field(default=None, primary_key=True)
    house_id: int = Field(foreign_key="house.id", index=True)
    position: int = Field(default=1)
    name: str = Field(max_length=60)
    min_days: int = Field(default=0, ge=0)
    curfew: time | None = Field(default=None)
    meetings_per_week: int = Field(default=3, ge=0)
    screens_per_month: int = Field(default=2, ge=0)


class AppSetting(SQLModel, table=True):
    """Small program-wide settings (idle timeouts, …) kept in the encrypted file."""

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="", max_length=1000)
