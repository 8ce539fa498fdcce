"""Reading the audit trail back in tests, and the test house's today (tests/conftest.py
makes its houses in America/Chicago)."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import col, select

from peerhouse.models.audit import AuditEvent
from peerhouse.services.clock import local_day, now

HOUSE_TZ = "America/Chicago"


def audit_events(store, action: str | None = None) -> list[AuditEvent]:
    """The events (of `action`, or all), oldest first."""
    stmt = select(AuditEvent).order_by(col(AuditEvent.seq))
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    with store.read() as s:
        return list(s.exec(stmt))


def audit_details(store, action: str) -> list[tuple[AuditEvent, dict]]:
    """The events of `action`, oldest first, each with its details read."""
    return [(e, json.loads(e.details)) for e in audit_events(store, action)]


def house_today() -> date:
    """Today in the test house's time zone."""
    return local_day(now(), HOUSE_TZ)
