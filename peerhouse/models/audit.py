"""The append-only audit trail and its chain head."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary, Text
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
    # SHA-256 of the row seals this event wrote (its `RowSeal` entries), '' if none; part
    # of what `hash` covers, so the chain vouches for the rows as they were written.
    seal: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})


class AuditHead(SQLModel, table=True):
    """The newest event's sequence and hash, authenticated, so truncation is detected."""

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(default="", max_length=64)
    mac: str = Field(default="", max_length=64)


class RowSeal(SQLModel, table=True):
    """The digests of the rows one audited event wrote in one table (store/seals.py).

    `rids` lists the row ids (ranges such as 1:40,42), `digests` holds 16 bytes per id in
    that order (all zero: the event deleted the row), `prevs` the same for each row as it
    was before (empty: every row is new). `full`: the entry lists every row the table had,
    so earlier seals of the table no longer count (migrations re-seal this way).
    """

    tbl: str = Field(primary_key=True, max_length=64)
    seq: int = Field(primary_key=True)
    full: bool = False
    rids: str = Field(sa_column=Column(Text, nullable=False))
    digests: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    prevs: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
