"""Writing and reading the audit trail from services.

`record` is called inside the service's own write transaction, so the change and
its audit event commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from peerhouse.models.audit import AuditEvent
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm, require
from peerhouse.store import audit
from peerhouse.store.engine import Store


def record(
    session: Session,
    store: Store,
    actor: Actor,
    action: str,
    entity: str = "",
    entity_id: object = "",
    **details: Any,
) -> AuditEvent:
    """Append an audit event. Details hold ids and field names only, never names or notes."""
    return audit.append(
        session,
        store.audit_key,
        actor=actor.audit_name,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=details,
    )


def record_many(session: Session, store: Store, actor: Actor,
                events: Sequence[tuple[str, str, object, dict[str, Any]]]) -> int:
    """Many (action, entity, entity_id, details) events at once, as `record` appends them
    one by one (a bulk import). Details hold ids and field names only."""
    return audit.append_many(session, store.audit_key, actor=actor.audit_name, events=events)


def record_now(store: Store, actor: Actor, action: str, entity: str = "", entity_id: object = "", **details: Any) -> None:
    """An event on its own (a login, a report printed, a sensitive read)."""
    with store.write() as session:
        record(session, store, actor, action, entity, entity_id, **details)


@contextmanager
def audited_read(
    store: Store, actor: Actor, action: str, entity: str = "", entity_id: object = "", **details: Any
) -> Iterator[Session]:
    """A session for a sensitive read whose audit event commits in the same transaction.

    If the event cannot be written, the read does not happen either.
    """
    with store.write() as session:
        record(session, store, actor, action, entity, entity_id, **details)
        yield session


@dataclass(frozen=True)
class AuditFilter:
    action_prefix: str = ""
    actor: str = ""
    entity: str = ""
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 500


def list_events(store: Store, actor: Actor, flt: AuditFilter = AuditFilter()) -> list[AuditEvent]:
    """Newest first, for the audit log viewer (owner only)."""
    require(actor, Perm.AUDIT_READ)
    stmt = select(AuditEvent)
    if flt.action_prefix:
        stmt = stmt.where(col(AuditEvent.action).startswith(flt.action_prefix))
    if flt.actor:
        stmt = stmt.where(AuditEvent.actor == flt.actor)
    if flt.entity:
        stmt = stmt.where(AuditEvent.entity == flt.entity)
    if flt.since:
        stmt = stmt.where(AuditEvent.at >= flt.since)
    if flt.until:
        stmt = stmt.where(AuditEvent.at < flt.until)
    stmt = stmt.order_by(col(AuditEvent.seq).desc()).limit(flt.limit)
    with store.read() as session:
        return list(session.exec(stmt))
