"""Reading the audit trail: the owner's audit log viewer.

Services write their events with `Unit.audit` (services/unit.py), in the transaction of
the work they record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from peerhouse.models.audit import AuditEvent
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads


@dataclass(frozen=True)
class AuditFilter:
    action_prefix: str = ""
    actor: str = ""
    entity: str = ""
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 500


@reads(Perm.AUDIT_READ)
def list_events(u: Unit, flt: AuditFilter = AuditFilter()) -> list[AuditEvent]:
    """Newest first, for the audit log viewer (owner only)."""
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
    return list(u.session.exec(stmt))
