"""Resident goals: the resident's own goals, their steps, progress notes and reviews.

Managers set goals up with the resident and review them; a resident reads their own
goals at the kiosk and ticks off their own steps. Staff (house seniors) have no access:
goals are personal. Progress notes are manager-side and are not shown to residents.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from peerhouse.clock_text import date_text
from peerhouse.errors import NotFound, ValidationError
from peerhouse.models.enums import GoalArea, GoalStatus, ResidentStatus
from peerhouse.models.growth import Goal, GoalNote, GoalStep
from peerhouse.models.houses import House
from peerhouse.models.people import Resident
from peerhouse.models.types import utcnow
from peerhouse.services import text_limits as limits
from peerhouse.services import validate
from peerhouse.services.actor import Actor
from peerhouse.services.audit_trail import audited_read
from peerhouse.services.clock import local_day, now
from peerhouse.services.permissions import Perm, allowed, require, require_own
from peerhouse.services.unit import read_session, reading, writing
from peerhouse.store.engine import Store

MAX_STEPS = 20
# A goal is a plan for this stay and the next few years, not a life's horizon.
MAX_YEARS_AHEAD = 5
EDITABLE = {"area", "title", "target_date", "review_date"}
CLOSED = frozenset({GoalStatus.ACHIEVED, GoalStatus.DROPPED})


@dataclass(frozen=True)
class GoalView:
    """A goal with its steps (in order) and, for managers only, its progress notes."""

    goal: Goal
    steps: tuple[GoalStep, ...]
    notes: tuple[GoalNote, ...] = ()

    @property
    def steps_done(self) -> int:
        return sum(1 for s in self.steps if s.done_at is not None)


@dataclass(frozen=True)
class GoalDue:
    """One line of the "goals due for review" list on the dashboard."""

    goal_id: int
    resident_id: int
    resident_name: str
    area: str
    review_date: date
    target_date: date | None
    status: str
    steps_done: int
    steps_total: int


# --- managers: goals -------------------------------------------------------------------


def create_goal(
    store: Store, actor: Actor, resident_id: int, area: str, title: str, *,
    steps: Sequence[str] = (), target_date: date | str | None = None,
    review_date: date | str | None = None,
) -> GoalView:
    """Set up a goal with the resident, optionally with its first steps."""
    require(actor, Perm.GOALS_MANAGE)
    area = validate.choice("area", area, GoalArea)
    title = validate.text("title", title, limits.LINE, required=True)
    texts = [validate.text("step", s, limits.LONG_LINE, required=True) for s in steps]
    if len(texts) > MAX_STEPS:
        raise ValidationError("steps", f"a goal can have at most {MAX_STEPS} steps.")
    with writing(store, actor) as u:
        session = u.session
        res, tz = _resident_and_zone(session, resident_id)
        if res.status == ResidentStatus.DISCHARGED:
            raise ValidationError("resident", "goals can only be set for a current resident.")
        today = local_day(now(), tz)
        target = _date_in_window("target date", target_date, today)
        review = _date_in_window("review date", review_date, today)
        goal = Goal(resident_id=resident_id, area=area, title=title, target_date=target,
                    review_date=review, status=GoalStatus.ACTIVE)
        session.add(goal)
        session.flush()
        assert goal.id is not None
        rows = [GoalStep(goal_id=goal.id, position=i, text=t) for i, t in enumerate(texts, 1)]
        session.add_all(rows)
        session.flush()
        # The area (e.g. "health") may hint at health: the log keeps ids and counts only.
        u.audit("goal.create", "goal", goal.id,
                resident_id=resident_id, steps=len(rows))
        return GoalView(goal, tuple(rows))


def edit_goal(store: Store, actor: Actor, goal_id: int, changes: dict[str, object]) -> Goal:
    """Change area, title, target or review date (status has its own use case)."""
    require(actor, Perm.GOALS_MANAGE)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(sorted(unknown)[0], "cannot be changed here.")
    clean: dict[str, object] = {}
    if "area" in changes:
        clean["area"] = validate.choice("area", changes["area"], GoalArea)  # type: ignore[arg-type]
    if "title" in changes:
        clean["title"] = validate.text("title", changes["title"], limits.LINE, required=True)  # type: ignore[arg-type]
    with writing(store, actor) as u:
        session = u.session
        goal = _goal(session, goal_id)
        start = _goal_start(session, goal)
        for key in ("target_date", "review_date"):
            if key in changes:
                clean[key] = _date_in_window(key.replace("_", " "), changes[key], start)  # type: ignore[arg-type]
        changed = sorted(k for k, v in clean.items() if getattr(goal, k) != v)
        for k in changed:
            setattr(goal, k, clean[k])
        session.add(goal)
        u.audit("goal.edit", "goal", goal_id, fields=changed)
        return goal


def set_status(store: Store, actor: Actor, goal_id: int, status: str) -> Goal:
    """Mark a goal achieved, paused, dropped or active again; the goal is never deleted."""
    require(actor, Perm.GOALS_MANAGE)
    status = validate.choice("status", status, GoalStatus)
    with writing(store, actor) as u:
        session = u.session
        goal = _goal(session, goal_id)
        if goal.status == status:
            raise ValidationError("status", f"the goal is already {status}.")
        old, goal.status = goal.status, status
        session.add(goal)
        u.audit("goal.status", "goal", goal_id, old=old, new=status)
        return goal


def set_review_date(store: Store, actor: Actor, goal_id: int, review_date: date | str | None) -> Goal:
    """Set (or clear) the next review: after a review the manager books the next one."""
    require(actor, Perm.GOALS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        goal = _goal(session, goal_id)
        today = _resident_today(session, goal.resident_id)
        goal.review_date = _date_in_window("review date", review_date, today)
        session.add(goal)
        u.audit("goal.review_date", "goal", goal_id,
                cleared=goal.review_date is None)
        return goal


def add_note(store: Store, actor: Actor, goal_id: int, text: str) -> GoalNote:
    """A progress note; the author is kept as an account id, not a name."""
    require(actor, Perm.GOALS_MANAGE)
    text = validate.text("note", text, limits.NOTE, required=True)
    with writing(store, actor) as u:
        session = u.session
        _goal(session, goal_id)
        note = GoalNote(goal_id=goal_id, text=text, author=actor.audit_name)
        session.add(note)
        session.flush()
        u.audit("goal.note.add", "goal", goal_id, note_id=note.id)
        return note


# --- managers: steps -------------------------------------------------------------------


def add_step(store: Store, actor: Actor, goal_id: int, text: str) -> GoalStep:
    require(actor, Perm.GOALS_MANAGE)
    text = validate.text("step", text, limits.LONG_LINE, required=True)
    with writing(store, actor) as u:
        session = u.session
        _goal(session, goal_id)
        count, last = session.exec(
            select(func.count(), func.max(GoalStep.position)).where(GoalStep.goal_id == goal_id)
        ).one()
        if count >= MAX_STEPS:
            raise ValidationError("steps", f"a goal can have at most {MAX_STEPS} steps.")
        step = GoalStep(goal_id=goal_id, position=(last or 0) + 1, text=text)
        session.add(step)
        session.flush()
        u.audit("goal.step.add", "goal_step", step.id, goal_id=goal_id)
        return step


def edit_step(store: Store, actor: Actor, step_id: int, text: str) -> GoalStep:
    require(actor, Perm.GOALS_MANAGE)
    text = validate.text("step", text, limits.LONG_LINE, required=True)
    with writing(store, actor) as u:
        session = u.session
        step = _step(session, step_id)
        step.text = text
        session.add(step)
        u.audit("goal.step.edit", "goal_step", step_id, goal_id=step.goal_id)
        return step


def remove_step(store: Store, actor: Actor, step_id: int) -> None:
    """Remove a step that no longer fits the plan (a finished step is kept)."""
    require(actor, Perm.GOALS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        step = _step(session, step_id)
        if step.done_at is not None:
            raise ValidationError("step", "a finished step is kept as part of the record.")
        goal_id = step.goal_id
        session.delete(step)
        u.audit("goal.step.remove", "goal_step", step_id, goal_id=goal_id)


def reopen_step(store: Store, actor: Actor, step_id: int) -> GoalStep:
    """Undo a step marked done by mistake."""
    require(actor, Perm.GOALS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        step = _step(session, step_id)
        if step.done_at is None:
            raise ValidationError("step", "this step is not marked done.")
        step.done_at = None
        session.add(step)
        u.audit("goal.step.reopen", "goal_step", step_id, goal_id=step.goal_id)
        return step


# --- residents and managers ------------------------------------------------------------


def complete_step(store: Store, actor: Actor, step_id: int) -> GoalStep:
    """Mark a step done: a resident on their own goal (kiosk), or a manager.

    Pressing twice is harmless: a step already done is returned unchanged.
    """
    if actor.kind == "resident":
        require(actor, Perm.GOALS_READ)
    else:
        require(actor, Perm.GOALS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        step = _step(session, step_id)
        goal = _goal(session, step.goal_id)
        if actor.kind == "resident":
            require_own(actor, Perm.GOALS_READ, goal.resident_id)
        if goal.status in CLOSED:
            raise ValidationError("goal", f"this goal is {goal.status}; its steps can no longer change.")
        if step.done_at is not None:
            return step
        step.done_at = utcnow()
        session.add(step)
        u.audit("goal.step.done", "goal_step", step_id, goal_id=goal.id)
        return step


def goals_for(
    store: Store, actor: Actor, resident_id: int, *, include_closed: bool = True
) -> list[GoalView]:
    """A resident's goals, newest first, with steps; notes only for managers.

    A manager's read is audited; a resident reading their own goals is not a disclosure.
    """
    require_own(actor, Perm.GOALS_READ, resident_id)
    stmt = select(Goal).where(Goal.resident_id == resident_id)
    if not include_closed:
        stmt = stmt.where(col(Goal.status).not_in(list(CLOSED)))
    stmt = stmt.order_by(col(Goal.created_at).desc(), col(Goal.id).desc())
    with _reading(store, actor, "resident", resident_id) as session:
        return _views(session, actor, list(session.exec(stmt)))


def get_goal(store: Store, actor: Actor, goal_id: int) -> GoalView:
    """One goal with its steps (and notes for managers); audited like `goals_for`."""
    require(actor, Perm.GOALS_READ)
    with _reading(store, actor, "goal", goal_id) as session:
        goal = _goal(session, goal_id)
        require_own(actor, Perm.GOALS_READ, goal.resident_id)
        return _views(session, actor, [goal])[0]


def goals_due_review(store: Store, actor: Actor, house_id: int, on: date) -> list[GoalDue]:
    """Open goals of the house's current residents whose review date is on or before `on`."""
    require(actor, Perm.GOALS_MANAGE)
    done = func.count(col(GoalStep.done_at))
    stmt = (
        select(Goal, Resident, done, func.count(col(GoalStep.id)))
        .join(Resident, col(Resident.id) == col(Goal.resident_id))
        .outerjoin(GoalStep, col(GoalStep.goal_id) == col(Goal.id))
        .where(Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE,
               col(Goal.status).not_in(list(CLOSED)), col(Goal.review_date).is_not(None),
               col(Goal.review_date) <= on)
        .group_by(col(Goal.id), col(Resident.id))
        .order_by(col(Goal.review_date), col(Resident.last_name), col(Goal.id))
    )
    with reading(store, actor) as u:
        session = u.session
        rows = session.exec(stmt).all()
    out = []
    for goal, res, n_done, n_total in rows:
        assert goal.id is not None and goal.review_date is not None
        out.append(GoalDue(goal.id, goal.resident_id, res.board_name, goal.area, goal.review_date,
                           goal.target_date, goal.status, int(n_done), int(n_total)))
    return out


# --- helpers ---------------------------------------------------------------------------


def _reading(
    store: Store, actor: Actor, entity: str, entity_id: int
) -> AbstractContextManager[Session]:
    """A plain read for a resident's own goals, otherwise one audited in the same transaction."""
    if actor.kind == "resident":
        return read_session(store, actor)
    return audited_read(store, actor, "goal.read", entity, entity_id)


def _views(session: Session, actor: Actor, goals: list[Goal]) -> list[GoalView]:
    """Attach steps (and notes for managers) with one query each, not one per goal."""
    ids = [g.id for g in goals]
    if not ids:
        return []
    steps: dict[int, list[GoalStep]] = {i: [] for i in ids if i is not None}
    for s in session.exec(select(GoalStep).where(col(GoalStep.goal_id).in_(ids))
                          .order_by(col(GoalStep.position), col(GoalStep.id))):
        steps[s.goal_id].append(s)
    notes: dict[int, list[GoalNote]] = {i: [] for i in steps}
    if actor.kind != "resident" and allowed(actor, Perm.GOALS_MANAGE):
        for n in session.exec(select(GoalNote).where(col(GoalNote.goal_id).in_(ids))
                              .order_by(col(GoalNote.at), col(GoalNote.id))):
            notes[n.goal_id].append(n)
    return [GoalView(g, tuple(steps[g.id]), tuple(notes[g.id])) for g in goals if g.id is not None]


def _date_in_window(field: str, value: date | str | None, start: date) -> date | None:
    """A target or review date: not before the goal began, not more than 5 years on."""
    day = validate.parse_date(field, value)
    if day is None:
        return None
    if day < start:
        raise ValidationError(field, f"cannot be before {date_text(start)}.")
    if day > start + timedelta(days=366 * MAX_YEARS_AHEAD):
        raise ValidationError(field, f"must be within {MAX_YEARS_AHEAD} years.")
    return day


def _resident_and_zone(session: Session, resident_id: int) -> tuple[Resident, str]:
    row = session.exec(select(Resident, House.timezone)
                       .join(House, col(House.id) == col(Resident.house_id))
                       .where(Resident.id == resident_id)).first()
    if row is None:
        raise NotFound("That resident record no longer exists.")
    return row[0], row[1]


def _resident_today(session: Session, resident_id: int) -> date:
    return local_day(now(), _resident_and_zone(session, resident_id)[1])


def _goal_start(session: Session, goal: Goal) -> date:
    """The house-local day the goal was set: target and review dates count from it."""
    tz = _resident_and_zone(session, goal.resident_id)[1]
    return min(local_day(goal.created_at, tz), local_day(now(), tz))


def _goal(session: Session, goal_id: int) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise NotFound("That goal no longer exists.")
    return goal


def _step(session: Session, step_id: int) -> GoalStep:
    step = session.get(GoalStep, step_id)
    if step is None:
        raise NotFound("That goal step no longer exists.")
    return step

