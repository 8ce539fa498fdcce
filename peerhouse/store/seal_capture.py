"""Which rows a transaction wrote: per-connection TEMP triggers, and sealing what they noted.

Each writing connection of a `Store` has TEMP triggers on every sealed table that note
(table, rowid) of every insert, update and delete, with the row as it was before the
transaction first touched it, in a temp table. They see bulk `insert()`/`update()`/
`delete()` statements as well as ORM changes, so no service has to list what it touched.
`audit.append` seals what was noted as its event's (`seal_touched`); `audit.finish` makes
sure nothing noted is left unsealed when the transaction commits.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection

from peerhouse.store.seals import (
    CHUNK,
    DIGEST_SIZE,
    TOMBSTONE,
    Entry,
    Table,
    dbapi,
    digest_chunk,
    entries_of,
    pack_ids,
    seal_of,
    sealed_tables,
    split_digests,
    unpack_ids,
    write_entries,
)

TOUCHED = "ph_touched"
TRIGGER_GLOB = "ph_seal_*"
# Connection info of a tracked transaction: the (table, rowid, old) notes sealed so far.
WRITTEN = "ph_written"
# Set by the test suite: a write that changed rows but wrote no audit event is a program
# error there. In use, such rows are sealed by a system event instead (and logged).
STRICT = False


class UnsealedWrite(RuntimeError):
    """A transaction changed rows but wrote no audit event."""


def _tables(conn: Connection) -> tuple[int, dict[str, Table]]:
    """The schema version and the sealed tables, cached on the connection per version."""
    raw = dbapi(conn)
    version = int(raw.execute("PRAGMA main.schema_version").fetchone()[0])
    cached = conn.connection.info.get("ph_seal_tables")
    if cached is None or cached[0] != version:
        cached = (version, {t.name: t for t in sealed_tables(raw)})
        conn.connection.info["ph_seal_tables"] = cached
    return cached


def capture(conn: Connection) -> None:
    """Right after a sealed writer's BEGIN: this connection's triggers cover every table
    of the current schema (re-made when it changed, or when a rolled-back transaction took
    them along), and nothing is noted yet — not even what a write on this connection
    outside a `Store` noted (that write stays unsealed, as it should)."""
    raw = dbapi(conn)
    version, tables = _tables(conn)
    have = raw.execute("SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger' "
                       f"AND name GLOB '{TRIGGER_GLOB}'").fetchone()[0]
    if have != 3 * len(tables) or conn.connection.info.get("ph_seal_version") != version:
        _install(raw, list(tables.values()))
        conn.connection.info["ph_seal_version"] = version
    raw.execute(f"DELETE FROM temp.{TOUCHED}")
    conn.connection.info.pop(WRITTEN, None)


def track(conn: Connection) -> None:
    """Keep the notes of this transaction (on a sealed writer) for `written`, also after
    they are sealed; the next BEGIN forgets them."""
    if capturing(conn):
        conn.connection.info[WRITTEN] = []


def _install(raw: Any, tables: list[Table]) -> None:
    raw.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (tbl TEXT NOT NULL, "
                "rid INTEGER NOT NULL, old TEXT, PRIMARY KEY (tbl, rid)) WITHOUT ROWID")
    old = raw.execute("SELECT name FROM temp.sqlite_master WHERE type = 'trigger' "
                      f"AND name GLOB '{TRIGGER_GLOB}'").fetchall()
    for (name,) in old:
        raw.execute(f'DROP TRIGGER temp."{name}"')
    for i, table in enumerate(tables):
        name = "'" + table.name.replace("'", "''") + "'"
        on = 'main."' + table.name.replace('"', '""') + '"'
        # The first note of a row wins (OR IGNORE): its state before this transaction.
        new = f"INSERT OR IGNORE INTO {TOUCHED} VALUES ({name}, NEW.rowid, NULL);"
        gone = (f"INSERT OR IGNORE INTO {TOUCHED} VALUES ({name}, OLD.rowid, "
                f"{table.rendering(True, 'OLD.')});")
        raw.execute(f"CREATE TEMP TRIGGER ph_seal_{i}_i AFTER INSERT ON {on} BEGIN {new} END")
        raw.execute(f"CREATE TEMP TRIGGER ph_seal_{i}_u AFTER UPDATE ON {on} "
                    f"BEGIN {gone} {new} END")
        raw.execute(f"CREATE TEMP TRIGGER ph_seal_{i}_d AFTER DELETE ON {on} BEGIN {gone} END")


def capturing(conn: Connection) -> bool:
    """Whether this connection notes the rows it writes (a Store's writer does)."""
    return conn.connection.info.get("ph_seal_version") is not None


def pending(conn: Connection) -> int:
    """How many rows were written since the last seal (0 where nothing is noted)."""
    if not capturing(conn):
        return 0
    return int(dbapi(conn).execute(f"SELECT count(*) FROM temp.{TOUCHED}").fetchone()[0])


def _digests_now(raw: Any, key: bytes, table: Table, rids: list[int]) -> list[bytes]:
    """The digests of the noted rows `rids` (ascending) as they are now, TOMBSTONE if gone."""
    found: dict[int, bytes] = {}
    where = f"rowid IN (SELECT rid FROM temp.{TOUCHED} WHERE tbl = ? AND rid BETWEEN ? AND ?)"
    for i in range(0, len(rids), CHUNK):
        part = rids[i:i + CHUNK]
        got, digests, _top = digest_chunk(raw, table, key, where, (table.name, part[0], part[-1]))
        found.update(zip(got, digests, strict=True))
    return [found.get(r, TOMBSTONE) for r in rids]


def seal_touched(conn: Connection, audit_key: bytes, seq: int, *, merge: bool = False) -> str:
    """Seal the rows noted since the last seal as event `seq`'s (the caller flushed first);
    returns the event's seal ('' when it wrote no rows). With `merge`, the event's entries
    exist already (rows changed after it, in its transaction): the rows noted now join them."""
    raw = dbapi(conn)
    earlier = {e.table: e for e in entries_of(raw, seq)} if merge else {}
    if not capturing(conn):
        return seal_of(earlier.values()) if earlier else ""
    previous = raw.text_factory
    raw.text_factory = bytes  # the old rows' texts, byte for byte as SQLite made them
    try:
        noted = raw.execute(f"SELECT tbl, rid, old FROM temp.{TOUCHED} "
                            "ORDER BY tbl, rid").fetchall()
    finally:
        raw.text_factory = previous
    if not noted:
        return seal_of(earlier.values()) if earlier else ""
    kept = conn.connection.info.get(WRITTEN)
    if kept is not None:
        kept.extend(noted)
    tables = _tables(conn)[1]
    entries = dict(earlier)
    for raw_name, group in groupby(noted, key=itemgetter(0)):
        name = raw_name.decode() if isinstance(raw_name, bytes) else str(raw_name)
        rows = list(group)
        entries[name] = _entry(raw, audit_key, tables.get(name), name, rows, earlier.get(name))
    raw.execute(f"DELETE FROM temp.{TOUCHED}")
    if earlier:
        raw.execute("DELETE FROM main.rowseal WHERE seq = ?", (seq,))
    return write_entries(raw, seq, list(entries.values()))


def _entry(raw: Any, audit_key: bytes, table: Table | None, name: str,
           rows: list[tuple[Any, int, bytes | None]], prior: Entry | None) -> Entry:
    rids = [int(r[1]) for r in rows]
    if table is None:  # dropped in this very transaction
        now, before = [TOMBSTONE] * len(rids), [TOMBSTONE] * len(rids)
    else:
        key = table.key(audit_key)
        now = _digests_now(raw, key, table, rids)
        before = [TOMBSTONE if old is None else table.digest_text(key, old)
                  for _t, _r, old in rows]
    if prior is not None:  # merge: the state before the transaction is the event's own
        ids = unpack_ids(prior.rids, len(prior.digests) // DIGEST_SIZE) or []
        known = dict(zip(ids, split_digests(prior.digests), strict=False))
        was = dict(zip(ids, split_digests(prior.prevs) if prior.prevs
                       else [TOMBSTONE] * len(ids), strict=False))
        for rid, d, b in zip(rids, now, before, strict=True):
            known[rid] = d
            was.setdefault(rid, b)
        rids = sorted(known)
        now, before = [known[r] for r in rids], [was[r] for r in rids]
    prevs = b"" if all(b == TOMBSTONE for b in before) else b"".join(before)
    return Entry(name, False, pack_ids(rids), b"".join(now), prevs)


@dataclass(frozen=True)
class Written:
    """A row a tracked transaction wrote: `before` is None for a row it inserted, `after`
    None for a row it deleted; each holds only the columns asked for that the table has."""

    table: str
    rowid: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def written(conn: Connection, columns: Sequence[str]) -> list[Written]:
    """Every row the tracked transaction on `conn` wrote so far (after `track`), with
    `columns` as they were before it and as they are now; [] where nothing is tracked."""
    kept = conn.connection.info.get(WRITTEN)
    if kept is None:
        return []
    raw = dbapi(conn)
    previous = raw.text_factory
    raw.text_factory = bytes
    try:
        pending = raw.execute(f"SELECT tbl, rid, old FROM temp.{TOUCHED}").fetchall()
    finally:
        raw.text_factory = previous
    first: dict[tuple[str, int], bytes | None] = {}
    for name, rid, old in [*kept, *pending]:  # the first note is the row before the transaction
        key = (name.decode() if isinstance(name, bytes) else str(name), int(rid))
        first.setdefault(key, old)
    tables = _tables(conn)[1]
    out = []
    for name, group in groupby(sorted(first), key=itemgetter(0)):
        rids = [rid for _name, rid in group]
        table = tables.get(name)
        cols = [c for c in columns if table is not None and c in table.columns]
        now = _current(raw, name, cols, rids) if table is not None else {}
        for rid in rids:
            out.append(Written(name, rid, _before(table, cols, first[name, rid]), now.get(rid)))
    return out


def _current(raw: Any, name: str, cols: list[str], rids: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    picked = "".join(f', "{c}"' for c in cols)
    for i in range(0, len(rids), CHUNK):
        part = rids[i:i + CHUNK]
        marks = ",".join("?" * len(part))
        for row in raw.execute(f'SELECT rowid{picked} FROM main."{name}" '
                               f"WHERE rowid IN ({marks})", part):
            found[int(row[0])] = dict(zip(cols, row[1:], strict=True))
    return found


def _before(table: Table | None, cols: list[str], old: bytes | None) -> dict[str, Any] | None:
    """The asked columns of a row as noted before the transaction (its canonical text)."""
    if old is None:
        return None
    if table is None or old.startswith(b"Q"):  # a dropped table, or a row holding a BLOB
        return {}
    values = json.loads(old)[1:]
    return {c: values[table.columns.index(c)] for c in cols}
