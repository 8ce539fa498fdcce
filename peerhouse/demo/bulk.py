"""The demo generator's working state and its bulk insert.

Rows are built as plain dicts with ids assigned up front (the demo only ever writes
into a fresh database inside one transaction per house), then inserted table by
table with one executemany each: tens of thousands of rows in a second or two.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic_core import PydanticUndefined
from sqlalchemy import func, insert, select
from sqlmodel import Session, SQLModel

import peerhouse.models as m
from peerhouse.services.curfew import curfew_rule

# Parents before children, so every foreign key points at a row already inserted.
INSERT_ORDER: tuple[type[SQLModel], ...] = (
    m.House, m.Phase, m.Resident, m.Stay, m.SobrietyDateChange, m.Meeting, m.Attendance,
    m.OutsideMeeting, m.CheckIn, m.SignOut, m.Chore, m.ChoreAssignment, m.ScreenDraw, m.Screen,
    m.Incident, m.IncidentResident, m.Goal, m.GoalStep, m.GoalNote, m.MentorSession, m.Consent,
    m.Resource,
)


def _template(model: type[SQLModel]) -> dict[str, Any]:
    """Every column's default, so each row dict names every column (executemany needs it)."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            out[name] = info.default_factory()  # type: ignore[call-arg]
        elif info.default is not PydanticUndefined:
            out[name] = info.default
    return out


@dataclass(frozen=True)
class PhaseInfo:
    id: int
    position: int
    min_days: int
    curfew: time | None
    meetings_per_week: int
    screens_per_month: int


@dataclass
class DemoPerson:
    """A resident as the simulation sees them: the row plus traits that shape their days."""

    id: int
    move_in: date
    move_out: date | None  # first day no longer living in the house; None = still there
    exit_reason: str | None
    bed: str
    diligence: float
    mood_base: float
    craving_base: float
    has_sponsor: bool
    fellowship: str
    substance: str
    relapse_day: date | None = None  # a return to use during the stay (date reset, stayed)
    board_name: str = ""

    def present(self, day: date) -> bool:
        return self.move_in <= day and (self.move_out is None or day < self.move_out)

    def days_in(self, day: date) -> int:
        return (day - self.move_in).days

    def last_day(self, today: date) -> date:
        return today if self.move_out is None else self.move_out - timedelta(days=1)


@dataclass
class Ctx:
    """Everything one house's generation shares: randomness, clock, ids and the rows."""

    rng: random.Random
    tz: ZoneInfo
    today: date
    now: datetime
    start: date
    owner_id: int
    house_id: int
    curfew_weeknight: time
    curfew_weekend: time
    phases: list[PhaseInfo] = field(default_factory=list)
    people: list[DemoPerson] = field(default_factory=list)
    rows: dict[type[SQLModel], list[dict[str, Any]]] = field(default_factory=dict)
    next_ids: dict[type[SQLModel], int] = field(default_factory=dict)
    _present: dict[date, list[DemoPerson]] = field(default_factory=dict)

    def new_id(self, model: type[SQLModel]) -> int:
        n = self.next_ids[model]
        self.next_ids[model] = n + 1
        return n

    def add(self, model: type[SQLModel], **values: Any) -> int:
        """Queue a row; returns its id (assigned now when the table has an integer id)."""
        if "id" in model.model_fields and "id" not in values:
            values["id"] = self.new_id(model)
        self.rows.setdefault(model, []).append(values)
        return int(values.get("id", 0) or 0)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """The UTC instant of a house-local wall-clock time."""
        local = datetime.combine(day, time(hour % 24, minute % 60), tzinfo=self.tz)
        return local.astimezone(UTC)

    def days(self, first: date, last: date) -> list[date]:
        """Days from `first` to `last` inclusive, clipped to the history window."""
        first = max(first, self.start)
        last = min(last, self.today)
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def phase_on(self, person: DemoPerson, day: date) -> PhaseInfo:
        days = person.days_in(day)
        current = self.phases[0]
        for ph in self.phases:
            if days >= ph.min_days:
                current = ph
        return current

    def curfew(self, person: DemoPerson, day: date) -> datetime:
        rule = curfew_rule(self.curfew_weeknight, self.curfew_weekend,
                           self.phase_on(person, day).curfew)
        return rule.at(day, self.tz.key)

    def present_on(self, day: date) -> list[DemoPerson]:
        """Residents living in the house on `day` (cached: asked for every day, many times)."""
        found = self._present.get(day)
        if found is None:
            found = self._present[day] = [p for p in self.people if p.present(day)]
        return found

    def pick(self, weighted: Sequence[tuple[str, int]]) -> str:
        return self.rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


def next_ids(session: Session) -> dict[type[SQLModel], int]:
    """The first free id of every table the demo fills (one query per table)."""
    out: dict[type[SQLModel], int] = {}
    for model in INSERT_ORDER:
        table = model.__table__  # type: ignore[attr-defined]
        if "id" in table.c:
            out[model] = int(session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    return out


def insert_all(session: Session, rows: dict[type[SQLModel], list[dict[str, Any]]]) -> dict[str, int]:
    """Insert every queued row, parents first; returns the row count per table."""
    counts: dict[str, int] = {}
    for model in INSERT_ORDER:
        batch = rows.get(model)
        if not batch:
            continue
        base = _template(model)
        table = model.__table__  # type: ignore[attr-defined]
        unknown = set().union(*batch) - set(table.c.keys())
        if unknown:  # a typo in the generator would otherwise be dropped silently
            raise ValueError(f"demo rows for {table.name} name unknown columns: {sorted(unknown)}")
        session.execute(insert(table), [{**base, **r} for r in batch])
        counts[table.name] = len(batch)
    return counts
