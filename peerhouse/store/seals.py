"""Row seals: every audited change carries a digest of the rows it wrote.

The audit chain alone vouches for the events, not for the records: someone holding the key
could edit a row straight in the file. So each event also seals the rows its transaction
wrote, and `check` (store/seal_check.py) compares every row with the seal of the last event
that wrote it.

How the rows are caught: each writing connection of a `Store` has TEMP triggers on every
table that note (table, rowid) of every insert, update and delete in a temp table; they
see bulk `insert()`/`update()`/`delete()` statements as well as ORM changes, so no service
code has to list what it touched. `audit.append` turns what was noted into the event's
seals: per table, the row ids and a 16-byte digest of each row as it is now (all zero: the
row is gone), kept in `rowseal` and summed up in the event's `seal`, which the chain's HMAC
covers. Migrations that rewrite rows re-seal whole tables (`seal_all`, `full` entries).

A row's digest is BLAKE2b (16 bytes) of SQLite's `json_array(rowid, every column)` — a
canonical text made inside SQLite, which keeps a full check quick — keyed per table with the
audit key, the table's name and its column names. A row holding a BLOB (PeerHouse writes
none) is rendered with `quote()` instead, as JSON cannot hold one.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

import sqlcipher3
from sqlalchemy import Connection

TOUCHED = "ph_touched"
TRIGGER_GLOB = "ph_seal_*"
# Tables the seals leave out: the chain vouches for its own two, `rowseal` is the seals.
UNSEALED = frozenset({"alembic_version", "auditevent", "audithead", "rowseal"})
DIGEST_SIZE = 16
TOMBSTONE = bytes(DIGEST_SIZE)
CHUNK = 4000
# Set by the test suite: a write that changed rows but wrote no audit event is a program
# error there. In use, such rows are sealed by a system event instead (and logged).
STRICT = False
_DB_ERRORS = (sqlcipher3.DatabaseError, sqlite3.DatabaseError)


class UnsealedWrite(RuntimeError):
    """A transaction changed rows but wrote no audit event."""


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

    def rendering(self, blob_safe: bool) -> str:
        cols = ",".join(_q(c) for c in self.columns)
        plain = f"json_array(rowid,{cols})"
        if not blob_safe:
            return plain
        blob = " OR ".join(f"typeof({_q(c)})='blob'" for c in self.columns)
        quoted = "||','||".join(f"quote({_q(c)})" for c in self.columns)
        return f"iif({blob}, 'Q'||rowid||','||{quoted}, {plain})"

    def label(self, rid: int) -> str:
        """How a report names a row: by table and id, never by anything in it."""
        return f"table {self.name}, {'id' if self.has_id else 'row'} {rid}"


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
def _digest_chunk(raw: Any, table: Table, key: bytes, where: str,
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
        rids, digests, top = _digest_chunk(raw, table, key, where, params)
        if top is None:
            return
        yield rids, digests
        where, params = f"rowid > ? ORDER BY rowid LIMIT {CHUNK}", (top,)


def _touched_digests(raw: Any, audit_key: bytes, table: Table, rids: list[int]) -> list[bytes]:
    """The digests of the noted rows `rids` (ascending), TOMBSTONE for those now gone."""
    key = table.key(audit_key)
    found: dict[int, bytes] = {}
    where = f"rowid IN (SELECT rid FROM temp.{TOUCHED} WHERE tbl = ? AND rid BETWEEN ? AND ?)"
    for i in range(0, len(rids), CHUNK):
        part = rids[i:i + CHUNK]
        got, digests, _top = _digest_chunk(raw, table, key, where, (table.name, part[0], part[-1]))
        found.update(zip(got, digests, strict=True))
    return [found.get(r, TOMBSTONE) for r in rids]


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
    """The seals of one event in one table (a row of `rowseal`)."""

    table: str
    full: bool
    rids: str
    digests: bytes

    def digest(self) -> bytes:
        h = hashlib.sha256(f"{self.table}\n{int(self.full)}\n{self.rids}\n".encode())
        h.update(self.digests)
        return h.digest()


def seal_of(entries: Iterable[Entry]) -> str:
    """What the event carries (and the chain covers): one SHA-256 over its entries."""
    h = hashlib.sha256()
    for entry in sorted(entries, key=lambda e: e.table):
        h.update(entry.digest())
    return h.hexdigest()


def _write(raw: Any, seq: int, entries: list[Entry]) -> str:
    raw.executemany("INSERT INTO main.rowseal (tbl, seq, full, rids, digests) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(e.table, seq, int(e.full), e.rids, e.digests) for e in entries])
    return seal_of(entries)


def entries_of(raw: Any, seq: int) -> list[Entry]:
    rows = raw.execute("SELECT tbl, full, rids, digests FROM main.rowseal WHERE seq = ?", (seq,))
    return [Entry(str(t), bool(f), str(r), bytes(d)) for t, f, r, d in rows]


# -- catching the rows a transaction writes -------------------------------------------
def _tables(conn: Connection) -> dict[str, Table]:
    """The sealed tables, cached on the connection for its schema version."""
    raw = dbapi(conn)
    version = raw.execute("PRAGMA main.schema_version").fetchone()[0]
    cached = conn.connection.info.get("ph_seal_tables")
    if cached is None or cached[0] != version:
        cached = (version, {t.name: t for t in sealed_tables(raw)})
        conn.connection.info["ph_seal_tables"] = cached
    return cached[1]


def capture(conn: Connection) -> None:
    """Right after a sealed writer's BEGIN: this connection's triggers cover every table
    of the current schema (they are re-made when it changed, or when a rolled-back
    transaction took them along), and nothing is noted yet."""
    raw = dbapi(conn)
    tables = _tables(conn)
    have = raw.execute("SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger' "
                       f"AND name GLOB '{TRIGGER_GLOB}'").fetchone()[0]
    version = raw.execute("PRAGMA main.schema_version").fetchone()[0]
    if have != 3 * len(tables) or conn.connection.info.get("ph_seal_version") != version:
        _install(raw, list(tables.values()))
        conn.connection.info["ph_seal_version"] = version
    raw.execute(f"DELETE FROM temp.{TOUCHED}")


def _install(raw: Any, tables: list[Table]) -> None:
    raw.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (tbl TEXT NOT NULL, "
                "rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid)) WITHOUT ROWID")
    old = raw.execute("SELECT name FROM temp.sqlite_master WHERE type = 'trigger' "
                      f"AND name GLOB '{TRIGGER_GLOB}'").fetchall()
    for (name,) in old:
        raw.execute(f"DROP TRIGGER temp.{_q(name)}")
    for i, table in enumerate(tables):
        name = "'" + table.name.replace("'", "''") + "'"
        on = f"main.{_q(table.name)}"

        def note(row: str, name: str = name) -> str:
            return f"INSERT OR IGNORE INTO {TOUCHED} VALUES ({name}, {row}.rowid);"

        raw.execute(f"CREATE TEMP TRIGGER ph_seal_{i}_i AFTER INSERT ON {on} "
                    f"BEGIN {note('NEW')} END")
        raw.execute(f"CREATE TEMP TRIGGER ph_seal_{i}_u AFTER UPDATE ON {on} "
                    f"BEGIN {note('OLD')} {note('NEW')} END")
        raw.execute(f"CREATE TEMP TRIGGER ph_seal_{i}_d AFTER DELETE ON {on} "
                    f"BEGIN {note('OLD')} END")


def capturing(conn: Connection) -> bool:
    """Whether this connection notes the rows it writes (a Store's writer does)."""
    return conn.connection.info.get("ph_seal_version") is not None


def pending(conn: Connection) -> int:
    """How many rows were written since the last seal (0 where nothing is noted)."""
    if not capturing(conn):
        return 0
    return int(dbapi(conn).execute(f"SELECT count(*) FROM temp.{TOUCHED}").fetchone()[0])


def seal_touched(conn: Connection, audit_key: bytes, seq: int,
                 merge_into: list[Entry] | None = None) -> str:
    """Seal the rows noted since the last seal as event `seq`'s (the caller flushed first);
    returns the event's seal ('' when it wrote no rows). With `merge_into` (the event's
    earlier entries), the rows noted now are added to them and the entries rewritten."""
    if not capturing(conn):
        return seal_of(merge_into) if merge_into else ""
    raw = dbapi(conn)
    noted = raw.execute(f"SELECT tbl, rid FROM temp.{TOUCHED} ORDER BY tbl, rid").fetchall()
    earlier = {e.table: e for e in merge_into or []}
    if not noted:
        return seal_of(earlier.values()) if earlier else ""
    tables = _tables(conn)
    entries = dict(earlier)
    for name, group in groupby(noted, key=itemgetter(0)):
        rids = [int(r) for _t, r in group]
        table = tables.get(str(name))
        digests = _touched_digests(raw, audit_key, table, rids) if table else \
            [TOMBSTONE] * len(rids)
        if (prior := earlier.get(str(name))) is not None:
            known = dict(zip(unpack_ids(prior.rids, len(prior.digests)) or [],
                             split_digests(prior.digests), strict=False))
            known.update(zip(rids, digests, strict=True))
            rids = sorted(known)
            digests = [known[r] for r in rids]
        entries[str(name)] = Entry(str(name), False, pack_ids(rids), b"".join(digests))
    raw.execute(f"DELETE FROM temp.{TOUCHED}")
    if earlier:
        raw.execute("DELETE FROM main.rowseal WHERE seq = ?", (seq,))
    return _write(raw, seq, list(entries.values()))


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
    if capturing(conn):
        raw.execute(f"DELETE FROM temp.{TOUCHED} WHERE tbl IN "
                    "(SELECT value FROM json_each(?))", (json.dumps([e.table for e in entries]),))
    return _write(raw, seq, entries), count
