"""What happens to a chore after it is assigned: done, verified, excused or missed.

A resident marks their own chore done at the kiosk; staff verify (a pending chore may
be verified directly), excuse or mark it missed. Transitions are checked against one
table so a verified chore can never quietly be re-done or marked missed.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select, update

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.enums import ChoreStatus
from peerhouse.models.houses import House
from peerhouse.models.types import utcnow
from peerhouse.services import text_limits as limits
from peerhouse.services import validate
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_day, now
from peerhouse.services.permissions import Perm, require, require_own
from peerhouse.services.unit import writing
from peerhouse.store.engine import Store

S = ChoreStatus
# new status → statuses it may be reached from (anything else is refused).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DONE: frozenset({S.PENDING}),
    S.VERIFIED: frozenset({S.PENDING, S.DONE, S.MISSED}),
    S.MISSED: frozenset({S.PENDING, S.DONE}),
    S.EXCUSED: frozenset({S.PENDING, S.MISSED}),
}


def mark_done(store: Store, actor: Actor, assignment_id: int) -> ChoreAssignment:
    """A resident marks their own chore done (staff may do it for them)."""
    return _move(store, actor, assignment_id, S.DONE, "chore.done")


def verify(store: Store, actor: Actor, assignment_id: int) -> ChoreAssignment:
    """Staff confirm a chore was done (a pending one may be verified directly)."""
    return _move(store, actor, assignment_id, S.VERIFIED, "chore.verify")


def excuse(store: Store, actor: Actor, assignment_id: int, note: str = "") -> ChoreAssignment:
    """Staff excuse a chore (also ahead of its day, e.g. a resident at work or unwell)."""
    return _move(store, actor, assignment_id, S.EXCUSED, "chore.excuse", note)


def mark_missed(store: Store, actor: Actor, assignment_id: int,
                note: str = "") -> ChoreAssignment:
    """Staff record that a chore was not done (from its day on)."""
    return _move(store, actor, assignment_id, S.MISSED, "chore.missed", note)


def mark_overdue_missed(store: Store, actor: Actor, house_id: int, before: date) -> int:
    """Turn the house's pending chores due before `before` into missed; returns how many."""
    require(actor, Perm.CHORES_VERIFY)
    with writing(store, actor) as u:
        session = u.session
        if before > _today(session, house_id):
            raise ValidationError("before", "cannot be later than today.")
        house_chores = select(Chore.id).where(Chore.house_id == house_id)
        result = session.exec(update(ChoreAssignment).where(
            col(ChoreAssignment.chore_id).in_(house_chores), ChoreAssignment.status == S.PENDING,
            ChoreAssignment.due_date < before).values(status=S.MISSED)
            .execution_options(synchronize_session=False))
        count = int(result.rowcount or 0)
        u.audit("chore.mark_overdue_missed", "house", house_id,
                before=before.isoformat(), count=count)
        return count


def _move(store: Store, actor: Actor, assignment_id: int, to: str, action: str,
          note: str | None = None) -> ChoreAssignment:
    """Check permission and the transition, then change the status (one audited write)."""
    if to != S.DONE or actor.kind != "resident":
        require(actor, Perm.CHORES_VERIFY)
        if actor.kind == "resident":
            raise PermissionDenied("Only staff can do this.")
    note = validate.text("note", note, limits.SHORT_NOTE) if note is not None else None
    with writing(store, actor) as u:
        session = u.session
        a = session.get(ChoreAssignment, assignment_id)
        if a is None:
            raise NotFound("That chore assignment no longer exists.")
        if actor.kind == "resident":
            require_own(actor, Perm.CHORES_READ, a.resident_id)
        if a.status not in TRANSITIONS[to]:
            what = "verified" if to == S.VERIFIED else f"marked {to}"
            raise ValidationError("status", f"this chore is already {a.status}, "
                                            f"so it cannot be {what}.")
        house_id = _chore(session, a.chore_id).house_id
        if to != S.EXCUSED and a.due_date > _today(session, house_id):
            raise ValidationError("status", f"a chore cannot be marked {to} "
                                            "before the day it is due.")
        previous, a.status = a.status, to
        if to in (S.DONE, S.VERIFIED):
            a.done_at = a.done_at or utcnow()
        if to == S.VERIFIED:
            a.verified_by, a.verified_at = actor.staff_id, utcnow()
        if note is not None:
            a.note = note
        session.add(a)
        u.audit(action, "chore_assignment", assignment_id,
                chore_id=a.chore_id, resident_id=a.resident_id, previous=previous)
        return a


def _today(session: Session, house_id: int) -> date:
    house = session.get(House, house_id)
    if house is None:
        raise NotFound("That house no longer exists.")
    return local_day(now(), house.timezone)


def _chore(session: Session, chore_id: int) -> Chore:
    chore = session.get(Chore, chore_id)
    if chore is None:
        raise NotFound("That chore no longer exists.")
    return chore
