"""The append-only audit trail and its chain head."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from peerhouse.models.types import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    """One audited action; `hash` chains it to every event before it (HMAC-SHA256)."""

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(max_length=40)
    action: str = Field(max_length=60, index=True)
    entity: str = Field(default="", max_length=40)
    entity_id: str = Field(default="", max_length=40)
    # JSON of ids and field names only, never names or clinical text.
    details: str = Field(default="{}", max_length=4000)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """The newest event's sequence and hash, authenticated, so truncation is detected."""

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(default="", max_length=64)
    mac: str = Field(default="", max_length=64)
