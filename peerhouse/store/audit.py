"""The audit chain: every event is HMAC-SHA256(audit key, previous hash + event).

The audit key is derived from the database key, so only someone who can open the
database can extend the chain, and any edit, deletion, reordering or truncation of
past events is detected by `verify_chain`. The head row carries its own MAC so that
cutting events off the end is detected too. Each event also carries the seal of the rows
its transaction wrote (store/seals.py), so the chain vouches for the records as written.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert
from sqlmodel import Session

from peerhouse.i18n import Message, lazy
from peerhouse.models.audit import AuditEvent, AuditHead
from peerhouse.models.audit_actions import Action
from peerhouse.models.types import utcnow
from peerhouse.store import kdf, seal_capture, seals

GENESIS = "0" * 64
_CONTENTS_CHANGED = lazy("its contents were changed")
LAST_EVENT = "ph_last_event"  # session.info: the event this transaction appended last
log = logging.getLogger(__name__)


def audit_key(db_key: bytes) -> bytes:
    """The chain's HMAC key (and the row seals'), derived from the database key."""
    return kdf.subkey(db_key, b"peerhouse audit chain v1")


@dataclass(frozen=True)
class RawEvent:
    """An event as stored, read without the ORM so a damaged row cannot crash the check."""

    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    details: str
    prev_hash: str
    hash: str
    seal: str = ""


def _canonical(ev: AuditEvent | RawEvent) -> bytes:
    at = ev.at.astimezone(UTC).isoformat(timespec="microseconds")
    body: list[object] = [ev.seq, at, ev.actor, ev.action, ev.entity, ev.entity_id, ev.details]
    if ev.seal:  # events from before row seals, and those that wrote no rows, hash as ever
        body.append(ev.seal)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def event_hash(key: bytes, prev_hash: str, ev: AuditEvent | RawEvent) -> str:
    return hmac.new(key, prev_hash.encode("ascii") + _canonical(ev), hashlib.sha256).hexdigest()


def head_mac(key: bytes, seq: int, hash_: str) -> str:
    return hmac.new(key, f"head|{seq}|{hash_}".encode("ascii"), hashlib.sha256).hexdigest()


def append(
    session: Session,
    key: bytes,
    *,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: object = "",
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one event in the caller's transaction (which must hold the write lock); it
    seals the rows the transaction wrote since its previous event."""
    session.flush()  # every change reaches the file (and the triggers) before the seal
    head = session.get(AuditHead, 1)
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS, mac="")
    seal = seal_capture.seal_touched(session.connection(), key, head.seq + 1)
    return _add(session, key, head, actor=actor, action=action, entity=entity,
                entity_id=entity_id, details=details, at=at, seal=seal)


def _add(session: Session, key: bytes, head: AuditHead, *, actor: str, action: str,
         entity: str, entity_id: object, details: dict[str, Any] | None,
         at: datetime | None, seal: str) -> AuditEvent:
    ev = AuditEvent(
        seq=head.seq + 1,
        at=at or utcnow(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id="" if entity_id is None else str(entity_id),
        details=json.dumps(details or {}, sort_keys=True, separators=(",", ":"), default=str),
        prev_hash=head.hash,
        hash="",
        seal=seal,
    )
    ev.hash = event_hash(key, head.hash, ev)
    head.seq, head.hash = ev.seq, ev.hash
    head.mac = head_mac(key, head.seq, head.hash)
    session.add(ev)
    session.add(head)
    session.flush()
    session.info[LAST_EVENT] = ev
    return ev


def append_many(
    session: Session,
    key: bytes,
    *,
    actor: str,
    events: Sequence[tuple[str, str, object, dict[str, Any]]],
    at: datetime | None = None,
) -> int:
    """Add (action, entity, entity_id, details) events by one actor in the caller's
    transaction, chained exactly as `append` chains them, in one statement: a bulk import
    writes thousands of rows while holding the write lock, and one flush per event made
    that take seconds. The rows the transaction wrote are sealed as the last event's.
    Returns the last sequence number."""
    if not events:
        return chain_head(session)[0]
    session.flush()  # every change reaches the file (and the triggers) before the seal
    head = session.get(AuditHead, 1)
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS, mac="")
    when = at or utcnow()
    seal = seal_capture.seal_touched(session.connection(), key, head.seq + len(events))
    rows: list[dict[str, Any]] = []
    seq, prev = head.seq, head.hash
    for n, (action, entity, entity_id, details) in enumerate(events, start=1):
        seq += 1
        ev = RawEvent(seq, when, actor, action, entity, "" if entity_id is None else str(entity_id),
                      json.dumps(details, sort_keys=True, separators=(",", ":"), default=str),
                      prev, "", seal if n == len(events) else "")
        digest = event_hash(key, prev, ev)
        rows.append({"seq": seq, "at": when, "actor": actor, "action": action, "entity": entity,
                     "entity_id": ev.entity_id, "details": ev.details, "prev_hash": prev,
                     "hash": digest, "seal": ev.seal})
        prev = digest
    session.execute(insert(AuditEvent.__table__), rows)  # type: ignore[attr-defined]
    head.seq, head.hash = seq, prev
    head.mac = head_mac(key, head.seq, head.hash)
    session.add(head)
    session.flush()
    return head.seq


def finish(session: Session, key: bytes) -> None:
    """Before a write commits: rows changed after the transaction's last event join that
    event's seals; rows changed by a transaction that wrote no event at all are an error
    under `seal_capture.STRICT` (the tests), else sealed by a system event and logged."""
    if not session.in_transaction():
        return
    session.flush()
    conn = session.connection()
    if not seal_capture.pending(conn):
        return
    last: AuditEvent | None = session.info.get(LAST_EVENT)
    if last is not None:
        head = session.get(AuditHead, 1)
        assert head is not None and head.seq == last.seq  # the lock is ours: it is the head
        last.seal = seal_capture.seal_touched(conn, key, last.seq, merge=True)
        last.hash = event_hash(key, last.prev_hash, last)
        head.hash, head.mac = last.hash, head_mac(key, head.seq, last.hash)
        session.add_all([last, head])
        session.flush()
        return
    if seal_capture.STRICT:
        raise seal_capture.UnsealedWrite("a transaction changed rows without writing an audit event")
    log.warning("rows changed without an audit event: sealed by a system event")
    append(session, key, actor="system", action=Action.RECORDS_SEAL, details={"why": "unaudited"})


def reseal(conn: Connection, key: bytes, reason: str,
           tables: Iterable[str] | None = None) -> int:
    """Seal every row of `tables` (default: all) anew as one system event, for migrations
    that rewrite rows. Returns how many rows; nothing happens before the first event (a new
    file is being built: it has no rows yet)."""
    with Session(bind=conn) as session:
        head = session.get(AuditHead, 1)
        if head is None:
            return 0
        seal, count = seals.seal_all(conn, key, head.seq + 1, tables)
        _add(session, key, head, actor="system", action=Action.RECORDS_SEAL, entity="",
             entity_id="", details={"why": reason, "rows": count}, at=None, seal=seal)
        session.flush()
    return count


@dataclass(frozen=True)
class ChainReport:
    """The outcome of verifying the chain: `ok`, or the first bad event and why."""

    ok: bool
    events: int
    head_hash: str
    bad_seq: int | None = None
    problem: Message | str = ""

    def describe(self) -> Message:
        if self.ok:
            return lazy("audit chain intact: {events} events, head {head}", events=self.events,
                        head=self.head_hash[:16])
        if self.bad_seq is not None:
            return lazy("audit chain broken at event {seq}: {problem}", seq=self.bad_seq,
                        problem=self.problem)
        return lazy("audit chain broken: {problem}", problem=self.problem)


def verify_events(
    key: bytes, events: Iterable[RawEvent | None], head: AuditHead | None
) -> ChainReport:
    """Walk the chain. A `None` event stands for a row that could not even be parsed."""
    prev, expected_seq, count = GENESIS, 1, 0
    for ev in events:
        if ev is None:
            return ChainReport(False, count, prev, expected_seq, _CONTENTS_CHANGED)
        if ev.seq != expected_seq:
            problem = lazy("an event is missing") if ev.seq > expected_seq else \
                lazy("events are out of order")
            return ChainReport(False, count, prev, expected_seq, problem)
        if ev.prev_hash != prev:
            return ChainReport(False, count, prev, ev.seq,
                               lazy("it does not follow the event before it"))
        if not hmac.compare_digest(event_hash(key, prev, ev), ev.hash):
            return ChainReport(False, count, prev, ev.seq, _CONTENTS_CHANGED)
        prev, expected_seq, count = ev.hash, expected_seq + 1, count + 1
    if head is None:
        # Every database starts with a genesis event, so an empty trail was wiped.
        return ChainReport(False, count, prev, None, lazy("the chain head is missing"))
    if not hmac.compare_digest(head_mac(key, head.seq, head.hash), head.mac):
        return ChainReport(False, count, prev, None, lazy("the chain head was changed"))
    if head.seq != count or head.hash != prev:
        return ChainReport(False, count, prev, count + 1,
                           lazy("events were removed from the end"))
    return ChainReport(True, count, prev)


def _parse(row: Sequence[Any]) -> RawEvent | None:
    try:
        seq, at, actor, action, entity, entity_id, details, prev_hash, hash_, seal = row
        when = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        return RawEvent(int(seq), when.replace(tzinfo=UTC), str(actor), str(action), str(entity),
                        str(entity_id), str(details), str(prev_hash), str(hash_), str(seal or ""))
    except (TypeError, ValueError):
        return None


def verify_chain(session: Session, key: bytes) -> ChainReport:
    """Walk every event in insertion order (by row id, so reordering shows)."""
    conn = session.connection()
    # A file from before row seals (a backup, or `check` without migrating) has no seal column.
    columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(auditevent)")}
    seal = "seal" if "seal" in columns else "''"
    rows = conn.exec_driver_sql(
        "SELECT seq, at, actor, action, entity, entity_id, details, prev_hash, hash, "
        f"{seal} FROM auditevent ORDER BY id"
    )
    head_row = conn.exec_driver_sql("SELECT id, seq, hash, mac FROM audithead WHERE id = 1").first()
    head = None
    if head_row is not None:
        head = AuditHead(id=1, seq=int(head_row[1]), hash=str(head_row[2]), mac=str(head_row[3]))
    return verify_events(key, (_parse(r) for r in rows), head)


def chain_head(session: Session) -> tuple[int, str]:
    head = session.get(AuditHead, 1)
    return (head.seq, head.hash) if head else (0, GENESIS)
