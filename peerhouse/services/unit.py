"""The unit of work every service call runs in: one transaction that re-reads who acts.

A window keeps the `Actor` captured when someone signed in, but the owner may demote or
turn off that account, or a resident may move out, while the window stays open. So a
service opens its transaction here: the acting staff account or resident is read again
in that same transaction, and the permission (and a resident's ownership of the record)
is checked against the permission table with the role as it is now. Nothing a stale
window asks for is done with powers the account no longer has:

- an account turned off, or a resident who no longer lives in the house → AccountInactive
  (the window signs out, or the kiosk ends the resident's turn);
- an account whose role is not the one its window was built for → RoleChanged (the
  window rebuilds its sections for the new role), whatever the call was;
- a role that simply lacks the permission → PermissionDenied, as before.

The services keep their early `require(actor, …)` with the signed-in role: since any
change of role ends in RoleChanged here, a permission decided with that role is the one the
account's current role gives. `perm` (and `own`) check inside the transaction instead, for
code that moves its permission check into the unit.

The audit event of the work is written with `audit()` in the same transaction, so the
work, the check and the event commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session

from peerhouse.errors import AccountInactive, PermissionDenied, RoleChanged
from peerhouse.models.audit import AuditEvent
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.people import Resident, StaffAccount
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm, require
from peerhouse.store import audit
from peerhouse.store.engine import Store

SIGNED_OUT = ("Your account has been turned off, so you have been signed out. "
              "Ask the owner if you need it again.")
MOVED_OUT = "This is only for current residents of the house. Please talk to staff."


def record(session: Session, store: Store, actor: Actor, action: str, entity: str = "",
           entity_id: object = "", **details: Any) -> AuditEvent:
    """Append an audit event in `session`'s transaction (a service's, or a helper's that
    runs inside one). Details hold ids and field names only, never names or notes."""
    return audit.append(session, store.audit_key, actor=actor.audit_name, action=action,
                        entity=entity, entity_id=entity_id, details=details)


def record_many(session: Session, store: Store, actor: Actor,
                events: Sequence[tuple[str, str, object, dict[str, Any]]]) -> int:
    """Many (action, entity, entity_id, details) events at once, chained as `record` would
    chain them one by one (a bulk import); the rows written are sealed by the last."""
    return audit.append_many(session, store.audit_key, actor=actor.audit_name, events=events)


@dataclass(frozen=True)
class Unit:
    """One service call's transaction, with the actor as it is now."""

    session: Session
    store: Store
    actor: Actor

    def audit(self, action: str, entity: str = "", entity_id: object = "",
              **details: Any) -> AuditEvent:
        """The call's audit event, in its transaction (ids and field names only)."""
        return record(self.session, self.store, self.actor, action, entity, entity_id,
                      **details)

    def audit_many(self, events: Sequence[tuple[str, str, object, dict[str, Any]]]) -> int:
        """Many events of the call at once (a bulk import), in its transaction."""
        return record_many(self.session, self.store, self.actor, events)


def current_actor(session: Session, actor: Actor) -> Actor:
    """`actor` as the records say now: AccountInactive if it may no longer act at all;
    a staff actor comes back with the role its account has now."""
    if actor.kind == "staff":
        account = session.get(StaffAccount, actor.id) if actor.id is not None else None
        if account is None or not account.active:
            raise AccountInactive(SIGNED_OUT)
        return actor if account.role == actor.role else replace(actor, role=account.role)
    if actor.kind == "resident":
        res = session.get(Resident, actor.id) if actor.id is not None else None
        if res is None or res.status != ResidentStatus.ACTIVE or (
                actor.house_id is not None and res.house_id != actor.house_id):
            raise AccountInactive(MOVED_OUT)
    return actor


def role_changed_text(role: str) -> str:
    return (f"The owner changed your role to {role}. PeerHouse now shows what that role may "
            "use; anything not saved yet was not kept.")


def _checked(session: Session, actor: Actor, perm: Perm | None, own: int | None) -> Actor:
    fresh = current_actor(session, actor)
    if fresh.role != actor.role:
        raise RoleChanged(role_changed_text(fresh.role), fresh.role)
    return _allowed(fresh, perm, own)


def _allowed(fresh: Actor, perm: Perm | None, own: int | None) -> Actor:
    if perm is not None:
        require(fresh, perm)
    if own is not None and fresh.kind == "resident" and fresh.id != own:
        raise PermissionDenied("You can only see and change your own records.")
    return fresh


# The snapshot a read model made of many services' reads runs in (`one_snapshot`), with
# the actor its caller passed. Per thread (and task): a worker never joins another's.
_SNAPSHOT: ContextVar[tuple[Unit, Actor] | None] = ContextVar("peerhouse_snapshot",
                                                              default=None)


@contextmanager
def one_snapshot(store: Store, actor: Actor) -> Iterator[Unit]:
    """One read transaction for a screen assembled from many service calls (Today):
    every `reading` inside it, by the same actor on the same store, joins it instead of
    opening its own. The account is read again once, not once per part, and all parts
    see the same moment. Each joined read still checks its own permission; `writing`
    (an audited read included) never joins and commits on its own, as always."""
    if _SNAPSHOT.get() is not None:
        raise RuntimeError("one_snapshot does not nest")
    with reading(store, actor) as unit:
        token = _SNAPSHOT.set((unit, actor))
        try:
            yield unit
        finally:
            _SNAPSHOT.reset(token)


@contextmanager
def reading(store: Store, actor: Actor, perm: Perm | None = None, *,
            own: int | None = None) -> Iterator[Unit]:
    """A read (one snapshot) as `actor` is now, after checking `perm` (and, for a
    resident, that `own` is their own record)."""
    joined = _SNAPSHOT.get()
    if joined is not None and joined[0].store is store and joined[1] == actor:
        unit = joined[0]
        yield replace(unit, actor=_allowed(unit.actor, perm, own))
        return
    with store.read() as session:
        yield Unit(session, store, _checked(session, actor, perm, own))


@contextmanager
def writing(store: Store, actor: Actor, perm: Perm | None = None, *,
            own: int | None = None) -> Iterator[Unit]:
    """A write (or an audited read) as `actor` is now: committed with its audit event
    when the block ends, rolled back on any error."""
    with store.write() as session:
        yield Unit(session, store, _checked(session, actor, perm, own))


@contextmanager
def read_session(store: Store, actor: Actor) -> Iterator[Session]:
    """`reading` when only its session is wanted (beside `audited_read`, which is the same
    for a read that must be audited)."""
    with reading(store, actor) as u:
        yield u.session


@contextmanager
def audited_read(store: Store, actor: Actor, action: str, entity: str = "",
                 entity_id: object = "", **details: Any) -> Iterator[Session]:
    """A session for a sensitive read whose audit event commits in the same transaction
    (written first: if it cannot be written, the read does not happen either)."""
    with writing(store, actor) as u:
        u.audit(action, entity, entity_id, **details)
        yield u.session


def record_now(store: Store, actor: Actor, action: str, entity: str = "",
               entity_id: object = "", **details: Any) -> None:
    """An event on its own (a report printed, a refusal), by `actor` as it is now."""
    with writing(store, actor) as u:
        u.audit(action, entity, entity_id, **details)


def confirm(store: Store, actor: Actor) -> None:
    """For work that runs outside a transaction (checking the whole file): the actor may
    still act, with the role its window has (AccountInactive / RoleChanged otherwise)."""
    with reading(store, actor):
        pass


def refresh(store: Store, actor: Actor) -> Actor:
    """The signed-in actor as it is now (the windows ask when they become active again):
    AccountInactive if it may no longer act; otherwise the actor with its current role."""
    with store.read() as session:
        return current_actor(session, actor)
