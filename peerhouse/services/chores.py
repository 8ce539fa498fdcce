"""Chores: set-up, the weekly rota, the board, and marking chores done.

The rota for a week comes from the pure fair rotation (rotation.py), fed with counts
rebuilt from every past assignment of the house, so it stays fair however often
the week is generated. Generating is idempotent: a chore already assigned on a day
is never assigned again. Status changes (done, verify, excuse, missed) live in
chore_status.py and are re-exported here, so callers use `chores.mark_done` etc.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, delete, func, or_, select

from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy
from peerhouse.i18n.formats import weekday_name
from peerhouse.models.audit_actions import Action
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.enums import ChoreFrequency, ChoreStatus, ResidentStatus
from peerhouse.models.houses import House
from peerhouse.models.people import Resident, Stay
from peerhouse.services import lookups, rotation, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.chore_status import TRANSITIONS as TRANSITIONS
from peerhouse.services.chore_status import excuse as excuse
from peerhouse.services.chore_status import mark_done as mark_done
from peerhouse.services.chore_status import mark_missed as mark_missed
from peerhouse.services.chore_status import mark_overdue_missed as mark_overdue_missed
from peerhouse.services.chore_status import verify as verify
from peerhouse.services.clock import week_start as house_week_start
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads, writes

# A Monday, from which a weekday's name is made (formats.weekday_name, in the reader's
# language).
A_MONDAY = date(2024, 1, 1)


@dataclass(frozen=True)
class WeekdayName:
    """Weekday `number` (0 = Monday) as a message value: its name is written when the
    sentence is, so it reads in the sentence's language ('Monday', 'lunes')."""

    number: int

    def __format__(self, spec: str) -> str:
        return format(weekday_name(A_MONDAY + timedelta(days=self.number)), spec)
S = ChoreStatus


@dataclass
class ChoreInput:
    """What the chore form collects. `custom_days` may be weekday numbers or '0,2,4'."""

    name: str
    area: str = ""
    instructions: str = ""
    frequency: str = ChoreFrequency.WEEKLY
    weekday: int | None = None
    custom_days: Sequence[int] | str = ()
    rotating: bool = True
    fixed_resident_id: int | None = None


@dataclass(frozen=True)
class BoardCell:
    assignment_id: int
    chore_id: int
    chore: str
    area: str
    status: str


@dataclass(frozen=True)
class BoardRow:
    """One resident's line of the board: one tuple of cells per day of the week."""

    resident_id: int
    name: str
    days: tuple[tuple[BoardCell, ...], ...]


@dataclass(frozen=True)
class WeekBoard:
    house_id: int
    week_start: date
    days: tuple[date, ...]
    rows: tuple[BoardRow, ...]


@dataclass(frozen=True)
class OverdueChore:
    assignment_id: int
    resident_id: int
    name: str
    chore: str
    due_date: date


@dataclass(frozen=True)
class ChoresWeek:
    """The house's active chores and this week's assignments: with none shared out,
    "no chores are overdue" would be false comfort, so the screen says the week has none."""

    chores: int
    assigned: int

    @property
    def shared_out(self) -> bool:
        return self.assigned > 0


@dataclass(frozen=True)
class ResidentChore:
    assignment_id: int
    chore_id: int
    chore: str
    area: str
    instructions: str
    due_date: date
    status: str
    done_at: datetime | None


@writes(Perm.CHORES_CONFIGURE)
def create_chore(u: Unit, house_id: int, data: ChoreInput) -> Chore:
    lookups.house(u.session, house_id)
    chore = Chore(house_id=house_id, **_clean(u.session, house_id, data))
    u.session.add(chore)
    u.session.flush()
    u.audit(Action.CHORE_CREATE, "chore", chore.id, house_id=house_id,
            frequency=chore.frequency, rotating=chore.rotating)
    return chore


@writes(Perm.CHORES_CONFIGURE)
def edit_chore(u: Unit, chore_id: int, data: ChoreInput) -> Chore:
    """Replace a chore's settings; assignments already made are kept."""
    chore = _chore_row(u, chore_id)
    clean = _clean(u.session, chore.house_id, data, exclude=chore_id)
    u.edit(chore, clean, Action.CHORE_EDIT, "chore", chore_id)
    return chore


@writes(Perm.CHORES_CONFIGURE)
def deactivate_chore(u: Unit, chore_id: int) -> Chore:
    """Stop a chore; its pending assignments from today on are removed, history is kept."""
    chore = _chore_row(u, chore_id)
    today = lookups.today(u.session, chore.house_id)
    chore.active = False
    u.session.add(chore)
    gone = u.session.exec(delete(ChoreAssignment).where(
        col(ChoreAssignment.chore_id) == chore_id, col(ChoreAssignment.status) == S.PENDING,
        col(ChoreAssignment.due_date) >= today).execution_options(synchronize_session=False))
    u.audit(Action.CHORE_DEACTIVATE, "chore", chore_id, removed=int(gone.rowcount or 0))
    return chore


@reads(Perm.CHORES_READ, house="house_id")
def list_chores(u: Unit, house_id: int, *, include_inactive: bool = False) -> list[Chore]:
    stmt = select(Chore).where(Chore.house_id == house_id)
    if not include_inactive:
        stmt = stmt.where(col(Chore.active).is_(True))
    return list(u.session.exec(stmt.order_by(col(Chore.name))))


def due_days(chore: Chore, week_start: date) -> list[date]:
    """The days of the 7-day week from `week_start` on which `chore` is due."""
    days = [week_start + timedelta(days=i) for i in range(7)]
    if chore.frequency == ChoreFrequency.DAILY:
        return days
    if chore.frequency == ChoreFrequency.WEEKLY:
        return [d for d in days if d.weekday() == chore.weekday]
    wanted = {int(x) for x in chore.custom_days.split(",") if x.strip()}
    return [d for d in days if d.weekday() in wanted]


def house_week(session: Session, house_id: int, week_start: date) -> House:
    """The house, once `week_start` is checked to be the day its weeks start."""
    house = lookups.house(session, house_id)
    if week_start.weekday() != house.week_start_day:
        raise validate.refuse("week start", lazy("Week start"), lazy(
            "{field} must be a {weekday}, the day this house's weeks start."),
            weekday=WeekdayName(house.week_start_day))
    return house


@writes(Perm.CHORES_CONFIGURE)
def generate_week(u: Unit, house_id: int, week_start: date, *,
                  include_past: bool = False) -> list[ChoreAssignment]:
    """Create the week's assignments; returns only the new ones.

    Days before today are skipped unless `include_past` (a resident should never be
    marked missed for a chore they were never shown).
    """
    session = u.session
    house = house_week(session, house_id, week_start)
    end = week_start + timedelta(days=7)
    first = week_start if include_past else max(week_start, lookups.today(session, house_id))
    chores = session.exec(select(Chore).where(Chore.house_id == house_id,
                                              col(Chore.active).is_(True))).all()
    existing = session.exec(select(ChoreAssignment).join(
        Chore, col(Chore.id) == ChoreAssignment.chore_id).where(
        Chore.house_id == house_id, ChoreAssignment.due_date >= week_start,
        ChoreAssignment.due_date < end)).all()
    already = {rotation.Slot(a.due_date, a.chore_id): a.resident_id for a in existing}
    people = session.exec(select(Resident.id, Resident.move_in_date).where(
        Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE)).all()
    moved_in = {rid: d for rid, d in people if rid is not None and (d is None or d < end)}
    fixed: dict[rotation.Slot, int] = {}
    rotating: list[rotation.Slot] = []
    for chore in chores:
        assert chore.id is not None
        for day in due_days(chore, week_start):
            slot = rotation.Slot(day, chore.id)
            if day < first or slot in already:
                continue
            owner = chore.fixed_resident_id
            if not chore.rotating and owner in moved_in and (moved_in[owner] or day) <= day:
                fixed[slot] = owner  # type: ignore[assignment]
            else:  # rotating, or the fixed resident is not here: share it out
                rotating.append(slot)
    history = _history(session, house, {s.chore_id for s in rotating}, week_start)
    plan = rotation.assign_week(
        rotating, list(moved_in), history, week_start.toordinal() // 7,
        already={**already, **fixed},
        available_from={r: d for r, d in moved_in.items() if d and d > week_start})
    new = [ChoreAssignment(chore_id=s.chore_id, resident_id=r, due_date=s.day)
           for s, r in sorted({**fixed, **plan.assignments}.items())]
    session.add_all(new)
    session.flush()
    u.audit(Action.CHORE_GENERATE_WEEK, "house", house_id,
            week_start=week_start.isoformat(), created=len(new))
    return new


@reads(Perm.CHORES_READ, house="house_id")
def week_board(u: Unit, house_id: int, week_start: date) -> WeekBoard:
    """Residents × days for the chore board (first name and last initial only), in the
    order of the names shown: a preferred name sorts where it reads, not by the legal one."""
    days = tuple(week_start + timedelta(days=i) for i in range(7))
    rows = u.session.exec(
        select(ChoreAssignment, Chore.name, Chore.area)
        .join(Chore, col(Chore.id) == ChoreAssignment.chore_id)
        .where(Chore.house_id == house_id, ChoreAssignment.due_date >= days[0],
               ChoreAssignment.due_date <= days[-1])
        .order_by(col(ChoreAssignment.due_date), col(Chore.name))).all()
    assigned = {a.resident_id for a, _, _ in rows}
    people = u.session.exec(select(Resident).where(or_(
        col(Resident.id).in_(assigned),
        (Resident.house_id == house_id) & (Resident.status == ResidentStatus.ACTIVE)))).all()
    people = sorted(people, key=lambda r: (r.board_name.casefold(), r.id or 0))
    cells: dict[tuple[int, date], list[BoardCell]] = defaultdict(list)
    for a, name, area in rows:
        assert a.id is not None
        cells[a.resident_id, a.due_date].append(BoardCell(a.id, a.chore_id, name, area, a.status))
    return WeekBoard(house_id, week_start, days, tuple(
        BoardRow(r.id, r.board_name, tuple(tuple(cells[r.id, d]) for d in days))
        for r in people if r.id is not None))


@reads(Perm.CHORES_READ, own="resident_id")
def resident_chores(u: Unit, resident_id: int, first_day: date,
                    last_day: date | None = None) -> list[ResidentChore]:
    """A resident's chores on days first_day..last_day (one day when last_day is None)."""
    last_day = last_day or first_day
    if last_day < first_day:
        raise validate.refuse("to", lazy("To"), lazy("{field} must not be before the first day."))
    rows = u.session.exec(
        select(ChoreAssignment, Chore)
        .join(Chore, col(Chore.id) == ChoreAssignment.chore_id)
        .where(ChoreAssignment.resident_id == resident_id,
               ChoreAssignment.due_date >= first_day, ChoreAssignment.due_date <= last_day)
        .order_by(col(ChoreAssignment.due_date), col(Chore.name))).all()
    return [ResidentChore(a.id, c.id, c.name, c.area, c.instructions, a.due_date, a.status,
                          a.done_at) for a, c in rows if a.id is not None and c.id is not None]


def _clean(session: Session, house_id: int, data: ChoreInput,
           exclude: int | None = None) -> dict[str, object]:
    out = {f.name: getattr(data, f.name) for f in fields(data)}
    out["name"] = validate.text("chore name", data.name, limits.TITLE, required=True,
                                label=lazy("Chore name"))
    out["area"] = validate.text("area", data.area, limits.TITLE, label=lazy("Area"))
    out["instructions"] = validate.text("instructions", data.instructions, limits.NOTE,
                                        label=lazy("Instructions"))
    freq = out["frequency"] = validate.choice("frequency", data.frequency, ChoreFrequency,
                                              label=lazy("How often"))
    out["weekday"], out["custom_days"] = None, ""
    if freq == ChoreFrequency.WEEKLY:
        weekday = lazy("Weekday")
        if data.weekday is None:
            raise validate.refuse("weekday", weekday,
                                  lazy("{field} is required for a weekly chore."))
        out["weekday"] = validate.int_range("weekday", data.weekday, 0, 6, label=weekday)
    elif freq == ChoreFrequency.CUSTOM:
        raw = data.custom_days
        parts = [p for p in raw.split(",") if p.strip()] if isinstance(raw, str) else list(raw)
        days = sorted({validate.int_range("days", p, 0, 6, label=lazy("Days")) for p in parts})
        if not days:
            raise ValidationError("days", lazy("Pick at least one day for a custom chore."))
        out["custom_days"] = ",".join(map(str, days))
    out["rotating"] = bool(data.rotating)
    if out["rotating"]:
        out["fixed_resident_id"] = None
    else:
        res = session.get(Resident, data.fixed_resident_id) if data.fixed_resident_id else None
        if res is None or res.house_id != house_id or res.status != ResidentStatus.ACTIVE:
            raise ValidationError("resident", lazy(
                "A chore not in the rotation needs a current resident of this house."))
    clash = select(Chore.id).where(Chore.house_id == house_id, Chore.name == out["name"],
                                   col(Chore.active).is_(True))
    if exclude is not None:
        clash = clash.where(Chore.id != exclude)
    if session.exec(clash).first() is not None:
        raise ValidationError("chore name", lazy("A chore called '{name}' already exists.",
                                                 name=out["name"]))
    return out


def _history(session: Session, house: House, chore_ids: set[int],
             before: date) -> rotation.Counts:
    """Effective counts per resident and chore, replayed from every past assignment.

    A resident counts as present in a past week from their first assignment of a stay
    until the stay ends (a resident admitted after later weeks were already generated
    was not part of those weeks, so must not be counted there with zero chores).
    """
    if not chore_ids:
        return {}
    past = session.exec(select(ChoreAssignment.due_date, ChoreAssignment.chore_id,
                               ChoreAssignment.resident_id).where(
        col(ChoreAssignment.chore_id).in_(chore_ids), ChoreAssignment.due_date < before)).all()
    stays = session.exec(select(Stay.resident_id, Stay.moved_in, Stay.moved_out).where(
        Stay.house_id == house.id)).all()
    weeks: dict[date, dict[rotation.Slot, int]] = defaultdict(dict)
    for day, chore_id, resident_id in past:
        week = house_week_start(day, house.week_start_day)
        weeks[week][rotation.Slot(day, chore_id)] = resident_id
    order = sorted(weeks)
    seen: dict[int, list[date]] = defaultdict(list)  # resident → weeks with an assignment
    for week in order:
        for r in set(weeks[week].values()):
            seen[r].append(week)
    spans = []
    for r, moved_in, moved_out in stays:
        i = bisect_left(seen[r], house_week_start(moved_in, house.week_start_day))
        if i < len(seen[r]) and (moved_out is None or seen[r][i] <= moved_out):
            spans.append((r, seen[r][i], moved_out))
    return rotation.replay(
        ([r for r, first, out in spans if first <= week and (out is None or out >= week)],
         weeks[week]) for week in order)


@reads(Perm.CHORES_READ, house="house_id")
def overdue(u: Unit, house_id: int, day: date) -> tuple[OverdueChore, ...]:
    """Current residents' chores still pending after their day (newest first): one query."""
    stmt = (
        select(ChoreAssignment.id, ChoreAssignment.due_date, Chore.name, Resident)
        .join(Chore, col(Chore.id) == ChoreAssignment.chore_id)
        .join(Resident, col(Resident.id) == ChoreAssignment.resident_id)
        .where(Chore.house_id == house_id, ChoreAssignment.status == ChoreStatus.PENDING,
               ChoreAssignment.due_date < day, Resident.status == ResidentStatus.ACTIVE)
        .order_by(col(ChoreAssignment.due_date).desc(), col(Chore.name))
    )
    return tuple(OverdueChore(aid, res.id, res.board_name, chore, due)
                 for aid, due, chore, res in u.session.exec(stmt)
                 if aid is not None and res.id is not None)


@reads(Perm.CHORES_READ, house="house_id")
def chores_week(u: Unit, house_id: int, first: date) -> ChoresWeek:
    """Active chores, and assignments due in the house week from `first`: two counts."""
    defined = u.session.exec(select(func.count()).select_from(Chore).where(
        Chore.house_id == house_id, col(Chore.active).is_(True))).one()
    assigned = u.session.exec(
        select(func.count()).select_from(ChoreAssignment)
        .join(Chore, col(Chore.id) == ChoreAssignment.chore_id)
        .where(Chore.house_id == house_id, ChoreAssignment.due_date >= first,
               ChoreAssignment.due_date < first + timedelta(days=7))).one()
    return ChoresWeek(int(defined), int(assigned))


def _chore_row(u: Unit, chore_id: int) -> Chore:
    return u.get(Chore, chore_id, lazy("That chore no longer exists."))
