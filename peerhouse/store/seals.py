"""Row seals: every audited change carries a digest of the rows it wrote.

The audit chain alone vouches for the events, not for the records: someone holding the key
could edit a row straight in the file. So each event also seals the rows its transaction
wrote (which rows: store/seal_capture.py), and `check` (store/seal_check.py) compares every
row with the seal of the last event that wrote it.

An event's seals are kept in `rowseal`, one entry per table: the row ids, a 16-byte digest
of each row as written (all zero: the row is gone) and of each row as it was before (so a
row edited outside PeerHouse and later changed by the program still shows). They are summed
up in the event's `seal`, which the chain's HMAC covers. Migrations that rewrite rows
re-seal whole tables (`seal_all`, `full` entries: earlier seals of the table stop counting).

A row's digest is BLAKE2b (16 bytes) of SQLite's `json_array(rowid, every column)` — a
canonical text made inside SQLite, which keeps a full check quick — keyed per table with the
audit key, the table's name and its column names. A row holding a BLOB (PeerHouse writes
none) is rendered with `quote()` instead, as JSON cannot hold one.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlcipher3
from sqlalchemy import Connection

from peerhouse.i18n import Message, lazy

# Tables the seals leave out: the chain vouches for its own two, `rowseal` is the seals.
UNSEALED = frozenset({"alembic_version", "auditevent", "audithead", "rowseal"})
DIGEST_SIZE = 16
TOMBSTONE = bytes(DIGEST_SIZE)
CHUNK = 4000
_DB_ERRORS = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Table:
    """A sealed table: its name, its columns in order, and whether `id` is its rowid."""

    name: str
    columns: tuple[str, ...]
    has_id: bool

    def key(self, audit_key: bytes) -> bytes:
        """The digest key: a row copied to another table, or read under changed columns,
        never matches its seal."""
        label = f"peerhouse row seal v1|{self.name}|{','.join(self.columns)}".encode()
        return hashlib.blake2b(label, key=audit_key, digest_size=32).digest()

    def rendering(self, blob_safe: bool, row: str = "") -> str:
        """The SQL expression of a row's canonical text (`row`: 'OLD.' inside a trigger)."""
        cols = [f"{row}{_q(c)}" for c in self.columns]
        plain = f"json_array({row}rowid,{','.join(cols)})"
        if not blob_safe:
            return plain
        blob = " OR ".join(f"typeof({c})='blob'" for c in cols)
        quoted = "||','||".join(f"quote({c})" for c in cols)
        return f"iif({blob}, 'Q'||{row}rowid||','||{quoted}, {plain})"

    def digest_text(self, key: bytes, text: bytes) -> bytes:
        """The digest of one row's canonical text (`key`: this table's `key`)."""
        return hashlib.blake2b(text, digest_size=DIGEST_SIZE, key=key).digest()

    def label(self, rid: int) -> Message:
        """How a report names a row: by table and id, never by anything in it."""
        if self.has_id:
            return lazy("table {table}, id {id}", table=self.name, id=rid)
        return lazy("table {table}, row {id}", table=self.name, id=rid)


def dbapi(conn: Connection) -> Any:
    """The driver connection under `conn` (same transaction), for the bulk reads here."""
    return conn.connection.dbapi_connection


def sealed_tables(raw: Any) -> list[Table]:
    """Every table of the main schema the seals cover, by name."""
    names = [str(r[0]) for r in raw.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' ORDER BY name")
        if not str(r[0]).startswith("sqlite_") and str(r[0]) not in UNSEALED
        and "WITHOUT ROWID" not in str(r[1]).upper()]
    out = []
    for name in names:
        info = raw.execute(f"PRAGMA main.table_info({_q(name)})").fetchall()
        pks = [c for c in info if c[5]]
        has_id = len(pks) == 1 and pks[0][1] == "id" and str(pks[0][2]).upper() == "INTEGER"
        out.append(Table(name, tuple(str(c[1]) for c in info), has_id))
    return out


# -- digests --------------------------------------------------------------------------
def digest_chunk(raw: Any, table: Table, key: bytes, where: str,
                  params: Sequence[Any]) -> tuple[list[int], list[bytes], int | None]:
    """(row ids, digests, the largest id) of the rows matching `where` (one query)."""
    for blob_safe in (False, True):
        sql = (f"SELECT max(r), group_concat(r, ','), group_concat(j, char(30)) FROM "
               f"(SELECT rowid AS r, {table.rendering(blob_safe)} AS j "
               f"FROM main.{_q(table.name)} WHERE {where})")
        previous = raw.text_factory
        raw.text_factory = bytes  # no decoding: the digest is of SQLite's own bytes
        try:
            top, rids, texts = raw.execute(sql, tuple(params)).fetchone()
        except _DB_ERRORS as exc:
            if blob_safe or "BLOB" not in str(exc):
                raise
            continue
        finally:
            raw.text_factory = previous
        break
    if top is None:
        return [], [], None
    b2 = hashlib.blake2b
    digests = [b2(t, digest_size=DIGEST_SIZE, key=key).digest() for t in texts.split(b"\x1e")]
    return list(map(int, rids.split(b","))), digests, int(top)


def table_digests(raw: Any, audit_key: bytes, table: Table) -> Iterator[tuple[list[int], list[bytes]]]:
    """Every row of `table` in id order, a chunk at a time: (ids, digests)."""
    key = table.key(audit_key)
    where, params = f"1 ORDER BY rowid LIMIT {CHUNK}", ()
    while True:
        rids, digests, top = digest_chunk(raw, table, key, where, params)
        if top is None:
            return
        yield rids, digests
        where, params = f"rowid > ? ORDER BY rowid LIMIT {CHUNK}", (top,)


# -- the seal entries -------------------------------------------------------------------
def pack_ids(rids: Sequence[int]) -> str:
    """Ascending ids as text, runs as ranges: [1, 2, 3, 7] → '1:3,7'."""
    parts: list[str] = []
    i = 0
    while i < len(rids):
        j = i
        while j + 1 < len(rids) and rids[j + 1] == rids[j] + 1:
            j += 1
        parts.append(str(rids[i]) if i == j else f"{rids[i]}:{rids[j]}")
        i = j + 1
    return ",".join(parts)


def unpack_ids(text: str, limit: int) -> list[int] | None:
    """The ids of `pack_ids` text; None if it is malformed or lists more than `limit`."""
    out: list[int] = []
    try:
        for part in text.split(",") if text else ():
            first, _, last = part.partition(":")
            lo = int(first)
            hi = int(last) if last else lo
            if hi < lo or len(out) + hi - lo + 1 > limit:
                return None
            out.extend(range(lo, hi + 1))
    except ValueError:
        return None
    return out


def split_digests(blob: bytes) -> list[bytes]:
    return [blob[i:i + DIGEST_SIZE] for i in range(0, len(blob), DIGEST_SIZE)]


@dataclass(frozen=True)
class Entry:
    """The seals of one event in one table (a row of `rowseal`). `prevs`: per row, the
    digest of the row as it was before the change (TOMBSTONE: it did not exist), so a
    row edited outside PeerHouse and then changed by the program still shows; b'' when
    every row is new (inserts, full entries)."""

    table: str
    full: bool
    rids: str
    digests: bytes
    prevs: bytes = b""

    def digest(self) -> bytes:
        h = hashlib.sha256(f"{self.table}\n{int(self.full)}\n{self.rids}\n".encode())
        h.update(self.digests)
        h.update(b"\n")
        h.update(self.prevs)
        return h.digest()


def seal_of(entries: Iterable[Entry]) -> str:
    """What the event carries (and the chain covers): one SHA-256 over its entries."""
    h = hashlib.sha256()
    for entry in sorted(entries, key=lambda e: e.table):
        h.update(entry.digest())
    return h.hexdigest()


def write_entries(raw: Any, seq: int, entries: list[Entry]) -> str:
    """Store event `seq`'s entries; returns the seal the event carries."""
    raw.executemany("INSERT INTO main.rowseal (tbl, seq, full, rids, digests, prevs) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(e.table, seq, int(e.full), e.rids, e.digests, e.prevs) for e in entries])
    return seal_of(entries)


def entries_of(raw: Any, seq: int) -> list[Entry]:
    rows = raw.execute("SELECT tbl, full, rids, digests, prevs FROM main.rowseal "
                       "WHERE seq = ?", (seq,))
    return [Entry(str(t), bool(f), str(r), bytes(d), bytes(p)) for t, f, r, d, p in rows]


def seal_all(conn: Connection, audit_key: bytes, seq: int,
             only: Iterable[str] | None = None) -> tuple[str, int]:
    """Seal every row of every table (or of the tables `only`) as event `seq`'s, as
    `full` entries: earlier seals of those tables stop counting. A table that had seals
    and is gone gets an empty full entry. Returns (the event's seal, rows sealed)."""
    raw = dbapi(conn)
    wanted = None if only is None else set(only)
    tables = [t for t in sealed_tables(raw) if wanted is None or t.name in wanted]
    present = {t.name for t in sealed_tables(raw)}
    gone = sorted({str(r[0]) for r in raw.execute("SELECT DISTINCT tbl FROM main.rowseal")}
                  - present)
    entries, count = [], 0
    for table in tables:
        rids: list[int] = []
        digests: list[bytes] = []
        for part_ids, part_digests in table_digests(raw, audit_key, table):
            rids += part_ids
            digests += part_digests
        count += len(rids)
        entries.append(Entry(table.name, True, pack_ids(rids), b"".join(digests)))
    entries += [Entry(name, True, "", b"") for name in gone
                if wanted is None or name in wanted]
    return write_entries(raw, seq, entries), count
