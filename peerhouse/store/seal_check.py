"""Checking the records against their seals: every row as the last audited change wrote it.

For each table, the seals since its last full seal are replayed in event order (the last
event to write a row decides what it must be), then every row is read and its digest
compared. Reported: a row that differs from its seal, a row no audited change wrote, a
row that is gone though no audited change deleted it (a whole table too), and seals that
do not add up to the `seal` their event carries (which the chain's HMAC covers). Rows are
named by table and id only, never by anything they hold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from sqlalchemy import Connection

from peerhouse.store import seals
from peerhouse.store.seals import TOMBSTONE, Entry, Table


@dataclass(frozen=True)
class RowsReport:
    """The outcome: `ok`, how many rows were compared, and the first problem if any."""

    ok: bool
    rows: int
    bad: int = 0
    first: str = ""
    note: str = ""

    def describe(self) -> str:
        if self.ok:
            return self.note or f"all {self.rows:,} records match their audited changes"
        more = f" ({self.bad:,} problems in all)" if self.bad > 1 else ""
        return f"{self.first}{more}"


@dataclass
class _Findings:
    """Problems found: a count, and the first by table order and then id."""

    count: int = 0
    first: tuple[int, int, str, str] | None = None  # (table order, id, label, what)
    seals: list[str] = field(default_factory=list)

    def row(self, order: int, rid: int, label: str, what: str) -> None:
        self.count += 1
        if self.first is None or (order, rid) < self.first[:2]:
            self.first = (order, rid, label, what)


def verify_rows(conn: Connection, audit_key: bytes) -> RowsReport:
    """Compare every row of every sealed table with its seal (reads only)."""
    raw = seals.dbapi(conn)
    if raw.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'table' "
                   "AND name = 'rowseal'").fetchone() is None:
        return RowsReport(True, 0, note="not sealed yet: this file predates row seals "
                                        "(they are added when PeerHouse next opens it)")
    needed, parts = _entries(raw)
    found = _Findings()
    _check_event_seals(raw, parts, found)
    current = {t.name: t for t in seals.sealed_tables(raw)}
    names = sorted(set(current) | set(needed))
    rows = 0
    for order, name in enumerate(names):
        table = current.get(name) or Table(name, (), True)
        expected = _replay(needed.get(name, []), table, order, found)
        if name not in current:
            for rid, digest in expected.items():
                if digest != TOMBSTONE:
                    found.row(order, rid, table.label(rid), "missing: the whole table is gone, "
                                                            "and no audited change removed it")
            continue
        rows += _compare(raw, audit_key, table, order, expected, found)
    if found.count == 0 and not found.seals:
        return RowsReport(True, rows)
    if found.seals:  # the seals themselves were changed: that comes first
        return RowsReport(False, rows, found.count + len(found.seals), found.seals[0])
    assert found.first is not None
    order, rid, label, what = found.first
    seq = _last_event(needed.get(names[order], []), rid)
    last = f" (last audited change: event {seq})" if seq is not None and "event" not in what \
        else ""
    return RowsReport(False, rows, found.count, f"{label}: {what}{last}")


def _entries(raw: Any) -> tuple[dict[str, list[tuple[int, Entry]]], dict[int, list[Entry]]]:
    """Read every seal entry once: per table the entries it still needs (since its last
    full seal), and per event its entries (to check against the event's seal)."""
    last_full = {str(t): int(s) for t, s in raw.execute(
        "SELECT tbl, max(seq) FROM main.rowseal WHERE full GROUP BY tbl")}
    parts: dict[int, list[Entry]] = defaultdict(list)
    needed: dict[str, list[tuple[int, Entry]]] = defaultdict(list)
    for tbl, seq, full, rids, digests, prevs in raw.execute(
            "SELECT tbl, seq, full, rids, digests, prevs FROM main.rowseal ORDER BY tbl, seq"):
        entry = Entry(str(tbl), bool(full), str(rids), bytes(digests), bytes(prevs))
        parts[int(seq)].append(entry)
        if int(seq) >= last_full.get(entry.table, -1):
            needed[entry.table].append((int(seq), entry))
    return needed, parts


def _check_event_seals(raw: Any, parts: dict[int, list[Entry]], found: _Findings) -> None:
    events = {int(s): str(v) for s, v in raw.execute(
        "SELECT seq, seal FROM main.auditevent WHERE seal != ''")}
    for seq in sorted(set(events) | set(parts)):
        if seq not in events:
            found.seals.append(f"row seals under event {seq}, which does not exist or "
                               "carries no seal")
        elif seq not in parts or seals.seal_of(parts[seq]) != events[seq]:
            found.seals.append(f"the row seals of event {seq} were changed")


def _ids(entry: Entry) -> list[int] | None:
    rids = seals.unpack_ids(entry.rids, len(entry.digests) // seals.DIGEST_SIZE)
    if rids is None or len(rids) * seals.DIGEST_SIZE != len(entry.digests):
        return None
    if entry.prevs and len(entry.prevs) != len(entry.digests):
        return None
    return rids


def _replay(entries: list[tuple[int, Entry]], table: Table, order: int,
            found: _Findings) -> dict[int, bytes]:
    """What each row must be (the seal of the last event that wrote it). Each change must
    also start from the row as the change before it left it: a row edited outside
    PeerHouse and then changed by the program is found here."""
    expected: dict[int, bytes] = {}
    for seq, entry in entries:
        rids = _ids(entry)
        if rids is None:
            found.seals.append(f"the row seals of event {seq} are damaged")
            continue
        if not entry.full:
            before = seals.split_digests(entry.prevs) if entry.prevs else \
                [TOMBSTONE] * len(rids)
            was = list(map(expected.get, rids, repeat(TOMBSTONE)))
            if was != before:
                for rid, w, b in zip(rids, was, before, strict=True):
                    if w != b:
                        found.row(order, rid, table.label(rid), _before(w, b, seq))
        expected.update(zip(rids, seals.split_digests(entry.digests), strict=True))
    return expected


def _before(was: bytes, before: bytes, seq: int) -> str:
    """Why a change did not start from the row its previous change left."""
    if before == TOMBSTONE:
        return f"removed outside PeerHouse before event {seq} wrote this id anew"
    if was == TOMBSTONE:
        return f"added outside PeerHouse before event {seq} changed it"
    return f"changed outside PeerHouse before event {seq} changed it"


def _last_event(entries: list[tuple[int, Entry]], rid: int) -> int | None:
    """The last event that sealed row `rid` (only asked for the one row a report names)."""
    for seq, entry in reversed(entries):
        if rid in (_ids(entry) or ()):
            return seq
    return None


def _compare(raw: Any, audit_key: bytes, table: Table, order: int, expected: dict[int, bytes],
             found: _Findings) -> int:
    """Every row of `table` against `expected` (emptied as it goes); rows compared."""
    count = 0
    for rids, digests in seals.table_digests(raw, audit_key, table):
        count += len(rids)
        want = list(map(expected.pop, rids, repeat(None)))
        if want == digests:
            continue
        for rid, w, d in zip(rids, want, digests, strict=True):
            if w == d:
                continue
            if w is None:
                what = "no audited change wrote it"
            elif w == TOMBSTONE:
                what = "it is there, though its last audited change deleted it"
            else:
                what = "changed outside PeerHouse: it differs from what its last audited " \
                       "change wrote"
            found.row(order, rid, table.label(rid), what)
    for rid, want_digest in expected.items():
        if want_digest != TOMBSTONE:
            found.row(order, rid, table.label(rid), "missing, and no audited change deleted it")
    return count
