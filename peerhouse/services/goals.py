"""Resident goals: the resident's own goals, their steps, progress notes and reviews.

Managers set goals up with the resident and review them; a resident reads their own
goals at the kiosk and ticks off their own steps. Staff (house seniors) have no access:
goals are personal. Progress notes are manager-side and are not shown to residents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from peerhouse.clock_text import date_text
from peerhouse.errors import NotFound, ValidationError
from peerhouse.i18n import Message, lazy, lazy_plural
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import GoalArea, GoalStatus, ResidentStatus
from peerhouse.models.growth import Goal, GoalNote, GoalStep
from peerhouse.models.houses import House
from peerhouse.models.people import Resident
from peerhouse.models.types import utcnow
from peerhouse.services import text_limits as limits
from peerhouse.services import validate
from peerhouse.services.clock import local_day, now
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, audited, reads, writes

MAX_STEPS = 20
# A goal is a plan for this stay and the next few years, not a life's horizon.
MAX_YEARS_AHEAD = 5
EDITABLE = {"area", "title", "target_date", "review_date"}
CLOSED = frozenset({GoalStatus.ACHIEVED, GoalStatus.DROPPED})
# A change to the status a goal already has.
_ALREADY = {
    GoalStatus.ACTIVE: lazy("The goal is already active."),
    GoalStatus.ACHIEVED: lazy("The goal is already achieved."),
    GoalStatus.PAUSED: lazy("The goal is already paused."),
    GoalStatus.DROPPED: lazy("The goal is already dropped."),
}
# A step of a closed goal.
_CLOSED_STEPS = {
    GoalStatus.ACHIEVED: lazy("This goal is achieved; its steps can no longer change."),
    GoalStatus.DROPPED: lazy("This goal is dropped; its steps can no longer change."),
}


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


@writes(Perm.GOALS_MANAGE)
def create_goal(
    u: Unit, resident_id: int, area: str, title: str, *,
    steps: Sequence[str] = (), target_date: date | str | None = None,
    review_date: date | str | None = None,
) -> GoalView:
    """Set up a goal with the resident, optionally with its first steps."""
    area = validate.choice("area", area, GoalArea)
    title = validate.text("title", title, limits.LINE, required=True)
    texts = [validate.text("step", s, limits.LONG_LINE, required=True) for s in steps]
    if len(texts) > MAX_STEPS:
        raise ValidationError("steps", too_many_steps())
    session = u.session
    res, tz = _resident_and_zone(session, resident_id)
    if res.status == ResidentStatus.DISCHARGED:
        raise ValidationError("resident", lazy(
            "Goals can only be set for a current resident."))
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
    u.audit(Action.GOAL_CREATE, "goal", goal.id, resident_id=resident_id, steps=len(rows))
    return GoalView(goal, tuple(rows))


@writes(Perm.GOALS_MANAGE)
def edit_goal(u: Unit, goal_id: int, changes: dict[str, object]) -> Goal:
    """Change area, title, target or review date (status has its own use case)."""
    validate.only_editable(changes, EDITABLE)
    clean: dict[str, object] = {}
    if "area" in changes:
        clean["area"] = validate.choice("area", changes["area"], GoalArea)  # type: ignore[arg-type]
    if "title" in changes:
        clean["title"] = validate.text("title", changes["title"], limits.LINE, required=True)  # type: ignore[arg-type]
    goal = _goal(u, goal_id)
    start = _goal_start(u.session, goal)
    for key in ("target_date", "review_date"):
        if key in changes:
            clean[key] = _date_in_window(key.replace("_", " "), changes[key], start)  # type: ignore[arg-type]
    changed = u.apply(goal, clean)
    return _save(u, goal, Action.GOAL_EDIT, fields=changed)


@writes(Perm.GOALS_MANAGE)
def set_status(u: Unit, goal_id: int, status: str) -> Goal:
    """Mark a goal achieved, paused, dropped or active again; the goal is never deleted."""
    status = validate.choice("status", status, GoalStatus)
    goal = _goal(u, goal_id)
    if goal.status == status:
        raise ValidationError("status", _ALREADY[GoalStatus(status)])
    old, goal.status = goal.status, status
    return _save(u, goal, Action.GOAL_STATUS, old=old, new=status)


@writes(Perm.GOALS_MANAGE)
def set_review_date(u: Unit, goal_id: int, review_date: date | str | None) -> Goal:
    """Set (or clear) the next review: after a review the manager books the next one."""
    goal = _goal(u, goal_id)
    today = local_day(now(), _resident_and_zone(u.session, goal.resident_id)[1])
    goal.review_date = _date_in_window("review date", review_date, today)
    return _save(u, goal, Action.GOAL_REVIEW_DATE, cleared=goal.review_date is None)


@writes(Perm.GOALS_MANAGE)
def add_note(u: Unit, goal_id: int, text: str) -> GoalNote:
    """A progress note; the author is kept as an account id, not a name."""
    text = validate.text("note", text, limits.NOTE, required=True)
    _goal(u, goal_id)
    note = GoalNote(goal_id=goal_id, text=text, author=u.actor.audit_name)
    u.session.add(note)
    u.session.flush()
    u.audit(Action.GOAL_NOTE_ADD, "goal", goal_id, note_id=note.id)
    return note


# --- managers: steps -------------------------------------------------------------------


@writes(Perm.GOALS_MANAGE)
def add_step(u: Unit, goal_id: int, text: str) -> GoalStep:
    text = validate.text("step", text, limits.LONG_LINE, required=True)
    _goal(u, goal_id)
    count, last = u.session.exec(
        select(func.count(), func.max(GoalStep.position)).where(GoalStep.goal_id == goal_id)
    ).one()
    if count >= MAX_STEPS:
        raise ValidationError("steps", too_many_steps())
    step = GoalStep(goal_id=goal_id, position=(last or 0) + 1, text=text)
    u.session.add(step)
    u.session.flush()
    u.audit(Action.GOAL_STEP_ADD, "goal_step", step.id, goal_id=goal_id)
    return step


@writes(Perm.GOALS_MANAGE)
def edit_step(u: Unit, step_id: int, text: str) -> GoalStep:
    text = validate.text("step", text, limits.LONG_LINE, required=True)
    step = _step(u, step_id)
    step.text = text
    return _save_step(u, step, Action.GOAL_STEP_EDIT)


@writes(Perm.GOALS_MANAGE)
def remove_step(u: Unit, step_id: int) -> None:
    """Remove a step that no longer fits the plan (a finished step is kept)."""
    step = _step(u, step_id)
    if step.done_at is not None:
        raise ValidationError("step", lazy("A finished step is kept as part of the record."))
    u.session.delete(step)
    u.audit(Action.GOAL_STEP_REMOVE, "goal_step", step_id, goal_id=step.goal_id)


@writes(Perm.GOALS_MANAGE)
def reopen_step(u: Unit, step_id: int) -> GoalStep:
    """Undo a step marked done by mistake."""
    step = _step(u, step_id)
    if step.done_at is None:
        raise ValidationError("step", lazy("This step is not marked done."))
    step.done_at = None
    return _save_step(u, step, Action.GOAL_STEP_REOPEN)


# --- residents and managers ------------------------------------------------------------


@writes(Perm.GOALS_STEP_DONE)
def complete_step(u: Unit, step_id: int) -> GoalStep:
    """Mark a step done: a resident on their own goal (kiosk), or a manager.

    Pressing twice is harmless: a step already done is returned unchanged.
    """
    step = _step(u, step_id)
    goal = _goal(u, step.goal_id)
    u.require(Perm.GOALS_STEP_DONE, resident_id=goal.resident_id)
    if goal.status in CLOSED:
        raise ValidationError("goal", _CLOSED_STEPS[GoalStatus(goal.status)])
    if step.done_at is not None:
        return step
    step.done_at = utcnow()
    return _save_step(u, step, Action.GOAL_STEP_DONE)


@audited(Perm.GOALS_READ, own="resident_id")
def goals_for(u: Unit, resident_id: int, *, include_closed: bool = True) -> list[GoalView]:
    """A resident's goals, newest first, with steps; notes only for managers.

    A manager's read is audited; a resident reading their own goals is not a disclosure.
    """
    stmt = select(Goal).where(Goal.resident_id == resident_id)
    if not include_closed:
        stmt = stmt.where(col(Goal.status).not_in(list(CLOSED)))
    stmt = stmt.order_by(col(Goal.created_at).desc(), col(Goal.id).desc())
    u.disclose(Action.GOAL_READ, "resident", resident_id)
    return _views(u, list(u.session.exec(stmt)))


@audited(Perm.GOALS_READ)
def get_goal(u: Unit, goal_id: int) -> GoalView:
    """One goal with its steps (and notes for managers); audited like `goals_for`."""
    u.disclose(Action.GOAL_READ, "goal", goal_id)
    goal = _goal(u, goal_id)
    u.require(Perm.GOALS_READ, resident_id=goal.resident_id)
    return _views(u, [goal])[0]


@reads(Perm.GOALS_MANAGE)
def goals_due_review(u: Unit, house_id: int, on: date) -> list[GoalDue]:
    """Open goals of the house's current residents whose review date is on or before `on`."""
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
    out = []
    for goal, res, n_done, n_total in u.session.exec(stmt).all():
        assert goal.id is not None and goal.review_date is not None
        out.append(GoalDue(goal.id, goal.resident_id, res.board_name, goal.area, goal.review_date,
                           goal.target_date, goal.status, int(n_done), int(n_total)))
    return out


# --- helpers ---------------------------------------------------------------------------


def _save(u: Unit, goal: Goal, action: str, **details: object) -> Goal:
    u.session.add(goal)
    u.audit(action, "goal", goal.id, **details)
    return goal


def _save_step(u: Unit, step: GoalStep, action: str) -> GoalStep:
    u.session.add(step)
    u.audit(action, "goal_step", step.id, goal_id=step.goal_id)
    return step


def _views(u: Unit, goals: list[Goal]) -> list[GoalView]:
    """Attach steps (and notes for managers) with one query each, not one per goal."""
    session = u.session
    ids = [g.id for g in goals]
    if not ids:
        return []
    steps: dict[int, list[GoalStep]] = {i: [] for i in ids if i is not None}
    for s in session.exec(select(GoalStep).where(col(GoalStep.goal_id).in_(ids))
                          .order_by(col(GoalStep.position), col(GoalStep.id))):
        steps[s.goal_id].append(s)
    notes: dict[int, list[GoalNote]] = {i: [] for i in steps}
    if u.allowed(Perm.GOALS_MANAGE):  # progress notes are the managers' own
        for n in session.exec(select(GoalNote).where(col(GoalNote.goal_id).in_(ids))
                              .order_by(col(GoalNote.at), col(GoalNote.id))):
            notes[n.goal_id].append(n)
    return [GoalView(g, tuple(steps[g.id]), tuple(notes[g.id])) for g in goals if g.id is not None]


def too_many_steps() -> Message:
    return lazy_plural("A goal can have at most {n} step.", "A goal can have at most {n} steps.",
                       MAX_STEPS)


_DATE_LABELS = {"target date": lazy("Target date"), "review date": lazy("Review date")}


def _date_in_window(field: str, value: date | str | None, start: date) -> date | None:
    """A target or review date: not before the goal began, not more than 5 years on."""
    label = _DATE_LABELS.get(field, field)
    day = validate.parse_date(field, value, label=label)
    if day is None:
        return None
    if day < start:
        raise ValidationError(field, lazy("{field} cannot be before {day}.", field=label,
                                          day=date_text(start)))
    if day > start + timedelta(days=366 * MAX_YEARS_AHEAD):
        raise ValidationError(field, lazy_plural(
            "{field} must be within {n} year.", "{field} must be within {n} years.",
            MAX_YEARS_AHEAD, field=label))
    return day


def _resident_and_zone(session: Session, resident_id: int) -> tuple[Resident, str]:
    row = session.exec(select(Resident, House.timezone)
                       .join(House, col(House.id) == col(Resident.house_id))
                       .where(Resident.id == resident_id)).first()
    if row is None:
        raise NotFound(lazy("That resident record no longer exists."))
    return row[0], row[1]


def _goal_start(session: Session, goal: Goal) -> date:
    """The house-local day the goal was set: target and review dates count from it."""
    tz = _resident_and_zone(session, goal.resident_id)[1]
    return min(local_day(goal.created_at, tz), local_day(now(), tz))


def _goal(u: Unit, goal_id: int) -> Goal:
    return u.get(Goal, goal_id, lazy("That goal no longer exists."))


def _step(u: Unit, step_id: int) -> GoalStep:
    return u.get(GoalStep, step_id, lazy("That goal step no longer exists."))

