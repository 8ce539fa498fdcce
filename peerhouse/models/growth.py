"""Goals, their steps and progress notes, and peer mentoring sessions."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from peerhouse.models.types import UTCDateTime, utcnow


class Goal(SQLModel, table=True):
    """A resident's own goal, in their own words."""

    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(foreign_key="resident.id", index=True)
    area: str = Field(max_length=16)
    title: str = Field(max_length=200)
    target_date: date | None = None
    review_date: date | None = None
    status: str = Field(default="active", max_length=12)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GoalStep(SQLModel, table=True):
    """One step towards a goal."""

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    position: int = 1
    text: str = Field(max_length=300)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class GoalNote(SQLModel, table=True):
    """A progress note on a goal."""

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    text: str = Field(max_length=2000)
    author: str = Field(default="", max_length=40)


class MentorSession(SQLModel, table=True):
    """A one-to-one peer mentoring conversation."""

    id: int | None = Field(default=None, primary_key=True)
    mentee_id: int = Field(foreign_key="resident.id", index=True)
    mentor_resident_id: int | None = Field(default=None, foreign_key="resident.id")
    mentor_staff_id: int | None = Field(default=None, foreign_key="staffaccount.id")
    at: datetime = Field(sa_type=UTCDateTime)
    note: str = Field(default="", max_length=2000)
