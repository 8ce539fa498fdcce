"""What happens to a chore after it is assigned: done, verified, excused or missed.

A resident marks their own chore done at the kiosk; staff verify (a pending chore may
be verified directly), excuse or mark it missed. Transitions are checked against one
table so a verified chore can never quietly be re-done or marked missed.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select, update

from peerhouse.errors import ValidationError
from peerhouse.i18n import Message, lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.enums import ChoreStatus
from peerhouse.models.types import utcnow
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, writes

S = ChoreStatus
# new status → statuses it may be reached from (anything else is refused).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DONE: frozenset({S.PENDING}),
    S.VERIFIED: frozenset({S.PENDING, S.DONE, S.MISSED}),
    S.MISSED: frozenset({S.PENDING, S.DONE}),
    S.EXCUSED: frozenset({S.PENDING, S.MISSED}),
}
# (status now, new status) → why the move is refused: whole sentences, one per pair that
# TRANSITIONS refuses, so each reads naturally in every language.
REFUSED: dict[tuple[str, str], Message] = {
    (S.DONE, S.DONE): lazy("This chore is already done, so it cannot be marked done."),
    (S.VERIFIED, S.DONE): lazy("This chore is already verified, so it cannot be marked done."),
    (S.MISSED, S.DONE): lazy("This chore is already missed, so it cannot be marked done."),
    (S.EXCUSED, S.DONE): lazy("This chore is already excused, so it cannot be marked done."),
    (S.VERIFIED, S.VERIFIED): lazy("This chore is already verified, so it cannot be verified."),
    (S.EXCUSED, S.VERIFIED): lazy("This chore is already excused, so it cannot be verified."),
    (S.VERIFIED, S.MISSED): lazy(
        "This chore is already verified, so it cannot be marked missed."),
    (S.MISSED, S.MISSED): lazy("This chore is already missed, so it cannot be marked missed."),
    (S.EXCUSED, S.MISSED): lazy("This chore is already excused, so it cannot be marked missed."),
    (S.DONE, S.EXCUSED): lazy("This chore is already done, so it cannot be marked excused."),
    (S.VERIFIED, S.EXCUSED): lazy(
        "This chore is already verified, so it cannot be marked excused."),
    (S.EXCUSED, S.EXCUSED): lazy(
        "This chore is already excused, so it cannot be marked excused."),
}
NOT_YET: dict[str, Message] = {
    S.DONE: lazy("A chore cannot be marked done before the day it is due."),
    S.VERIFIED: lazy("A chore cannot be marked verified before the day it is due."),
    S.MISSED: lazy("A chore cannot be marked missed before the day it is due."),
}


@writes(Perm.CHORES_DONE)
def mark_done(u: Unit, assignment_id: int) -> ChoreAssignment:
    """A resident marks their own chore done (staff may do it for them)."""
    return _move(u, assignment_id, S.DONE, Action.CHORE_DONE)


@writes(Perm.CHORES_VERIFY)
def verify(u: Unit, assignment_id: int) -> ChoreAssignment:
    """Staff confirm a chore was done (a pending one may be verified directly)."""
    return _move(u, assignment_id, S.VERIFIED, Action.CHORE_VERIFY)


@writes(Perm.CHORES_VERIFY)
def excuse(u: Unit, assignment_id: int, note: str = "") -> ChoreAssignment:
    """Staff excuse a chore (also ahead of its day, e.g. a resident at work or unwell)."""
    return _move(u, assignment_id, S.EXCUSED, Action.CHORE_EXCUSE, note)


@writes(Perm.CHORES_VERIFY)
def mark_missed(u: Unit, assignment_id: int, note: str = "") -> ChoreAssignment:
    """Staff record that a chore was not done (from its day on)."""
    return _move(u, assignment_id, S.MISSED, Action.CHORE_MISSED, note)


@writes(Perm.CHORES_VERIFY)
def mark_overdue_missed(u: Unit, house_id: int, before: date) -> int:
    """Turn the house's pending chores due before `before` into missed; returns how many."""
    if before > lookups.today(u.session, house_id):
        raise validate.refuse("before", lazy("Before"),
                              lazy("{field} cannot be later than today."))
    house_chores = select(Chore.id).where(Chore.house_id == house_id)
    result = u.session.exec(update(ChoreAssignment).where(
        col(ChoreAssignment.chore_id).in_(house_chores), ChoreAssignment.status == S.PENDING,
        ChoreAssignment.due_date < before).values(status=S.MISSED)
        .execution_options(synchronize_session=False))
    count = int(result.rowcount or 0)
    u.audit(Action.CHORE_MARK_OVERDUE_MISSED, "house", house_id,
            before=before.isoformat(), count=count)
    return count


def _move(u: Unit, assignment_id: int, to: str, action: str,
          note: str | None = None) -> ChoreAssignment:
    """Check the resident it is for and the transition, then change the status."""
    note = (validate.text("note", note, limits.SHORT_NOTE, label=lazy("Note"))
            if note is not None else None)
    a = u.get(ChoreAssignment, assignment_id, lazy("That chore assignment no longer exists."))
    u.require(Perm.CHORES_DONE if to == S.DONE else Perm.CHORES_VERIFY,
              resident_id=a.resident_id)
    if a.status not in TRANSITIONS[to]:
        raise ValidationError("status", REFUSED[a.status, to])
    house_id = u.get(Chore, a.chore_id, lazy("That chore no longer exists.")).house_id
    if to != S.EXCUSED and a.due_date > lookups.today(u.session, house_id):
        raise ValidationError("status", NOT_YET[to])
    previous, a.status = a.status, to
    if to in (S.DONE, S.VERIFIED):
        a.done_at = a.done_at or utcnow()
    if to == S.VERIFIED:
        a.verified_by, a.verified_at = u.actor.staff_id, utcnow()
    if note is not None:
        a.note = note
    u.session.add(a)
    u.audit(action, "chore_assignment", assignment_id,
            chore_id=a.chore_id, resident_id=a.resident_id, previous=previous)
    return a
