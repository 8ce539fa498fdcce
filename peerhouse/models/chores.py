"""Chores and who does them when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from peerhouse.models.types import UTCDateTime


class Chore(SQLModel, table=True):
    """A household task, either rotating among residents or fixed to one."""

    id: int | None = Field(default=None, primary_key=True)
    house_id: int = Field(foreign_key="house.id", index=True)
    name: str = Field(max_length=120)
    area: str = Field(default="", max_length=120)
    instructions: str = Field(default="", max_length=2000)
    frequency: str = Field(default="weekly", max_length=8)
    # For weekly chores, the weekday (0 = Monday); for custom, a comma list of weekdays.
    weekday: int | None = Field(default=None, ge=0, le=6)
    custom_days: str = Field(default="", max_length=20)
    rotating: bool = Field(default=True)
    fixed_resident_id: int | None = Field(default=None, foreign_key="resident.id")
    active: bool = Field(default=True)


class ChoreAssignment(SQLModel, table=True):
    """One chore due on one day, assigned to one resident."""

    __table_args__ = (
        UniqueConstraint("chore_id", "due_date", name="uq_assignment_chore_day"),
        Index("ix_assignment_resident_due", "resident_id", "due_date"),
        Index("ix_assignment_due_status", "due_date", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chore_id: int = Field(foreign_key="chore.id")
    resident_id: int = Field(foreign_key="resident.id")
    due_date: date
    status: str = Field(default="pending", max_length=16)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    verified_by: int | None = Field(default=None, foreign_key="staffaccount.id")
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str = Field(default="", max_length=500)
