"""Writing and reading the audit trail from services.

`record` is called inside the service's own write transaction, so the change and
its audit event commit together or not at all; it, `audited_read` and `record_now` live
with the unit of work (services/unit.py) and are named here too for the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from peerhouse.models.audit import AuditEvent
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm, require
from peerhouse.services.unit import audited_read, reading, record, record_now
from peerhouse.store.engine import Store

__all__ = ["AuditFilter", "audited_read", "list_events", "record", "record_now"]


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
    with reading(store, actor) as u:
        return list(u.session.exec(stmt))
