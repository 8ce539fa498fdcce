"""The unit of work every service runs in: one transaction that re-reads who acts.

A window keeps the `Actor` captured when someone signed in, but the owner may demote or
turn off that account, or a resident may move out, while the window stays open. So a
unit opens its transaction and reads the acting staff account or resident again in it;
the permission (with the resident and house the call concerns) is checked against the
permission table with the role as it is now. Nothing a stale window asks for is done with
powers the account no longer has:

- an account turned off, or a resident who no longer lives in the house → AccountInactive
  (the window signs out, or the kiosk ends the resident's turn);
- an account whose role is not the one its window was built for → RoleChanged (the
  window rebuilds its sections for the new role), whatever the call was;
- a role that simply lacks the permission → PermissionDenied.

A service is a function of a `Unit`, declared once with what it does and the permission
it needs:

    @writes(Perm.RESIDENTS_MANAGE)
    def admit(u: Unit, data: ResidentInput) -> Resident: ...

Called as `admit(store, actor, data)` it opens its own unit (one call, one transaction);
called as `admit(u, data)` inside a running unit it joins that transaction, so several
services compose into one atomic piece of work. The audit event of the work is written
with `u.audit()` in the same transaction, so the work, the check and the event commit
together or not at all.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, overload

from sqlmodel import Session, SQLModel

from peerhouse.errors import AccountInactive, NotFound, RoleChanged
from peerhouse.i18n import Message, lazy
from peerhouse.models.audit import AuditEvent
from peerhouse.models.enums import ResidentStatus, Role
from peerhouse.models.people import Resident, StaffAccount
from peerhouse.services import permissions
from peerhouse.services.actor import Actor, ActorKind
from peerhouse.services.permissions import Perm
from peerhouse.store import audit, seal_capture
from peerhouse.store.engine import Store

SIGNED_OUT = lazy("Your account has been turned off, so you have been signed out. "
                  "Ask the owner if you need it again.")
MOVED_OUT = lazy("This is only for current residents of the house. Please talk to staff.")
# The role's name inside role_changed_text's sentence.
ROLE_WORDS: dict[str, Message] = {
    Role.OWNER: lazy("owner"),
    Role.MANAGER: lazy("manager"),
    Role.STAFF: lazy("staff"),
}

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
M = TypeVar("M", bound=SQLModel)


@dataclass(frozen=True)
class Unit:
    """One transaction, with the actor as it is now and the house it may see."""

    session: Session
    store: Store
    actor: Actor
    writable: bool = True
    # The rows the transaction wrote, noted for `written()` (the app layer's Changes).
    tracked: bool = field(default=False, repr=False)

    @property
    def house_scope(self) -> int | None:
        """The one house this actor may see (a resident's own), or None for every house."""
        return permissions.house_scope(self.actor)

    @property
    def discloses(self) -> bool:
        """Whether reading a resident's records here is a disclosure (to be audited)."""
        return permissions.discloses(self.actor)

    def allowed(self, perm: Perm, *, resident_id: int | None = None,
                house_id: int | None = None) -> bool:
        return permissions.allowed(self.actor, perm, resident_id=resident_id,
                                   house_id=house_id)

    def require(self, perm: Perm, *, resident_id: int | None = None,
                house_id: int | None = None) -> None:
        """PermissionDenied unless the actor (as it is now) may, for that resident/house."""
        permissions.require(self.actor, perm, resident_id=resident_id, house_id=house_id)

    def get(self, model: type[M], key: object, missing: str | Message) -> M:
        """The row `key` of `model`, or NotFound saying `missing`."""
        row = self.session.get(model, key)
        if row is None:
            raise NotFound(missing)
        return row

    def apply(self, row: SQLModel, values: dict[str, Any]) -> list[str]:
        """Set on `row` those of `values` that differ and save it in this transaction; the
        names of the fields that changed, sorted (what an edit's audit event lists)."""
        changed = sorted(k for k, v in values.items() if getattr(row, k) != v)
        for key in changed:
            setattr(row, key, values[key])
        self.session.add(row)
        return changed

    def edit(self, row: SQLModel, values: dict[str, Any], action: str, entity: str,
             entity_id: object, **details: Any) -> list[str]:
        """`apply` an edit and record it: the event names the fields that changed."""
        changed = self.apply(row, values)
        self.audit(action, entity, entity_id, **details, fields=changed)
        return changed

    def audit(self, action: str, entity: str = "", entity_id: object = "",
              **details: Any) -> AuditEvent:
        """The call's audit event, in its transaction (ids and field names only)."""
        self._need_write()
        return audit.append(self.session, self.store.audit_key, actor=self.actor.audit_name,
                            action=action, entity=entity, entity_id=entity_id,
                            details=details)

    def audit_many(self, events: Sequence[tuple[str, str, object, dict[str, Any]]]) -> int:
        """Many (action, entity, entity_id, details) events at once (a bulk import), chained
        as one by one; the rows written are sealed by the last."""
        self._need_write()
        return audit.append_many(self.session, self.store.audit_key,
                                 actor=self.actor.audit_name, events=events)

    def disclose(self, action: str, entity: str = "", entity_id: object = "",
                 **details: Any) -> None:
        """The audit event of a sensitive read — unless a resident reads their own."""
        if self.discloses:
            self.audit(action, entity, entity_id, **details)

    def written(self, columns: Sequence[str]) -> list[seal_capture.Written]:
        """Every row this unit's transaction wrote so far, with `columns` before and after
        (only in a unit opened with `track=True`)."""
        if not self.tracked:
            raise RuntimeError("this unit does not note what it writes (track=True)")
        self.session.flush()
        return seal_capture.written(self.session.connection(), columns)

    def _need_write(self) -> None:
        if not self.writable:
            raise RuntimeError("a read unit cannot write (open it with writing())")


def current_actor(session: Session, actor: Actor) -> Actor:
    """`actor` as the records say now: AccountInactive if it may no longer act at all;
    a staff actor comes back with the role its account has now."""
    if actor.kind is ActorKind.STAFF:
        account = session.get(StaffAccount, actor.id) if actor.id is not None else None
        if account is None or not account.active:
            raise AccountInactive(SIGNED_OUT)
        return actor if account.role == actor.role else replace(actor, role=account.role)
    if actor.kind is ActorKind.RESIDENT:
        res = session.get(Resident, actor.id) if actor.id is not None else None
        if res is None or res.status != ResidentStatus.ACTIVE or (
                actor.house_id is not None and res.house_id != actor.house_id):
            raise AccountInactive(MOVED_OUT)
    return actor


def role_changed_text(role: str) -> Message:
    return lazy("The owner changed your role to {role}. PeerHouse now shows what that role "
                "may use; anything not saved yet was not kept.",
                role=ROLE_WORDS.get(role, role))


def _fresh(session: Session, actor: Actor) -> Actor:
    fresh = current_actor(session, actor)
    if fresh.role != actor.role:
        raise RoleChanged(role_changed_text(fresh.role), fresh.role)
    return fresh


@contextmanager
def reading(store: Store, actor: Actor, perm: Perm | None = None, *,
            own: int | None = None, house: int | None = None) -> Iterator[Unit]:
    """A read (one snapshot) as `actor` is now, after checking `perm` (for resident `own`'s
    records, in `house`)."""
    with store.read() as session:
        u = Unit(session, store, _fresh(session, actor), writable=False)
        if perm is not None:
            u.require(perm, resident_id=own, house_id=house)
        yield u


@contextmanager
def writing(store: Store, actor: Actor, perm: Perm | None = None, *,
            own: int | None = None, house: int | None = None,
            track: bool = False) -> Iterator[Unit]:
    """A write (or an audited read) as `actor` is now: committed with its audit event when
    the block ends, rolled back on any error. With `track`, the unit notes the rows it
    writes (`Unit.written`)."""
    with store.write() as session:
        u = Unit(session, store, _fresh(session, actor), tracked=track)
        if track:
            seal_capture.track(session.connection())
        if perm is not None:
            u.require(perm, resident_id=own, house_id=house)
        yield u


# --- services: functions of a Unit -----------------------------------------------------

class Mode(Enum):
    """What a service does with the records, which decides the transaction it needs."""

    READ = "read"  # one snapshot, no lock
    WRITE = "write"  # the write lock; commits with its audit event
    AUDITED = "audited"  # a sensitive read: its audit event commits with it (a write)


@dataclass(frozen=True)
class Spec:
    """How a service was declared: its mode, permission and which arguments name the
    resident (`own`) and house (`house`) the call concerns."""

    mode: Mode
    perm: Perm | None
    own: str | None
    house: str | None
    only_for: Perm | None = None  # AUDITED: a disclosure only for actors holding this


class Service(Protocol[P, R_co]):
    """A service: called with a running Unit, or with (store, actor) to open its own."""

    spec: Spec

    @overload
    def __call__(self, u: Unit, /, *args: P.args, **kwargs: P.kwargs) -> R_co: ...

    @overload
    def __call__(self, store: Store, actor: Actor, /, *args: P.args,
                 **kwargs: P.kwargs) -> R_co: ...


def _needs_write(spec: Spec, actor: Actor) -> bool:
    if spec.mode is not Mode.AUDITED:
        return spec.mode is Mode.WRITE
    return permissions.discloses(actor) and (
        spec.only_for is None or permissions.allowed(actor, spec.only_for))


Declare = Callable[[Callable[Concatenate[Unit, P], R]], Service[P, R]]


def _declare(spec: Spec) -> Declare:
    """The callable `reads`/`writes`/`audited` make of a function of a Unit."""
    perm, own, house = spec.perm, spec.own, spec.house

    def declare(fn: Callable[Concatenate[Unit, P], R]) -> Service[P, R]:
        params = list(inspect.signature(fn).parameters)[1:]  # after the Unit
        where = {name: params.index(name) for name in (own, house) if name is not None}

        def arg(name: str | None, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
            if name is None:
                return None
            i = where[name]
            return args[i] if i < len(args) else kwargs.get(name)

        @functools.wraps(fn)
        def service(first: Unit | Store, *args: Any, **kwargs: Any) -> R:
            if isinstance(first, Unit):  # composed into a running unit
                if perm is not None:
                    first.require(perm, resident_id=arg(own, args, kwargs),
                                  house_id=arg(house, args, kwargs))
                if _needs_write(spec, first.actor) and not first.writable:
                    raise RuntimeError(f"{fn.__name__} writes: call it in a writing() unit")
                return fn(first, *args, **kwargs)
            actor, args = args[0], args[1:]
            resident_id, house_id = arg(own, args, kwargs), arg(house, args, kwargs)
            if perm is not None:  # with the signed-in role first: refused without a lock
                permissions.require(actor, perm, resident_id=resident_id, house_id=house_id)
            opener = writing if _needs_write(spec, actor) else reading
            with opener(first, actor, perm, own=resident_id, house=house_id) as u:
                return fn(u, *args, **kwargs)

        service.spec = spec  # type: ignore[attr-defined]
        return service  # type: ignore[return-value]
    return declare


def reads(perm: Perm | None = None, *, own: str | None = None,
          house: str | None = None) -> Declare:
    """A service that reads (one snapshot). `own`/`house` name the arguments holding the
    resident and house the call concerns, checked against the permission table."""
    return _declare(Spec(Mode.READ, perm, own, house))


def writes(perm: Perm | None = None, *, own: str | None = None,
           house: str | None = None) -> Declare:
    """A service that changes records: one write transaction with its audit event."""
    return _declare(Spec(Mode.WRITE, perm, own, house))


def audited(perm: Perm | None = None, *, own: str | None = None, house: str | None = None,
            only_for: Perm | None = None) -> Declare:
    """A sensitive read: its audit event (`u.disclose`) commits in the same transaction,
    so there is no read without its record. A resident reading their own records is not a
    disclosure, nor (with `only_for`) a read by someone who does not hold that permission
    (they are shown less): those run as plain reads."""
    return _declare(Spec(Mode.AUDITED, perm, own, house, only_for))


def unit_for(store: Store, actor: Actor, *services: Service[..., object],
             ) -> AbstractContextManager[Unit]:
    """The unit for work composed of `services` (a screen's loader): a write when any of
    them writes or, for this actor, discloses; otherwise one read snapshot."""
    write = any(_needs_write(s.spec, actor) for s in services)
    return (writing if write else reading)(store, actor)


# --- for work outside a service -----------------------------------------------------------

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
