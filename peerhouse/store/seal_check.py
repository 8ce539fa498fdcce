"""Checking the records against their seals: every row as the last audited change wrote it.

For each table, the seals since its last full seal are replayed in event order (the last
event to write a row decides what it must be), then every row is read and its digest
compared. Reported: a row that differs from its seal, a row no audited change wrote, a
row that is gone though no audited change deleted it (a whole table too), and seals that
do not add up to the `seal` their event carries (which the chain's HMAC covers). Rows are
named by table and id only, never by anything they hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from sqlalchemy import Connection

from peerhouse.i18n import Message, lazy
from peerhouse.store import seals
from peerhouse.store.seals import DIGEST_SIZE, TOMBSTONE, Entry, Table


@dataclass(frozen=True)
class RowsReport:
    """The outcome: `ok`, how many rows were compared, and the first problem if any."""

    ok: bool
    rows: int
    bad: int = 0
    first: Message | str = ""
    note: Message | str = ""

    def describe(self) -> Message | str:
        rows, bad = f"{self.rows:,}", f"{self.bad:,}"
        if self.ok:
            return self.note or lazy("all {rows} records match their audited changes", rows=rows)
        if self.bad > 1:
            return lazy("{first} ({bad} problems in all)", first=self.first, bad=bad)
        return self.first


@dataclass
class _Findings:
    """Problems found: a count, and the first by table order and then id."""

    count: int = 0
    first: tuple[int, int, Message, Message] | None = None  # (table order, id, label, what)
    seals: list[Message] = field(default_factory=list)

    def row(self, order: int, rid: int, label: Message, what: Message) -> None:
        self.count += 1
        if self.first is None or (order, rid) < self.first[:2]:
            self.first = (order, rid, label, what)


def verify_rows(conn: Connection, audit_key: bytes) -> RowsReport:
    """Compare every row of every sealed table with its seal (reads only).

    The seals are read one event, then one table, at a time, never all at once: a file
    with years of records holds hundreds of thousands of them, and this check also runs in
    the background (on a backup's copy) while someone works."""
    raw = seals.dbapi(conn)
    if raw.execute("SELECT 1 FROM main.sqlite_master WHERE type = 'table' "
                   "AND name = 'rowseal'").fetchone() is None:
        return RowsReport(True, 0, note=lazy("not sealed yet: this file predates row seals "
                                             "(they are added when PeerHouse next opens it)"))
    found = _Findings()
    _check_event_seals(raw, found)
    last_full = {str(t): int(q) for t, q in raw.execute(
        "SELECT tbl, max(seq) FROM main.rowseal WHERE full GROUP BY tbl")}
    current = {t.name: t for t in seals.sealed_tables(raw)}
    sealed = {str(t) for (t,) in raw.execute("SELECT DISTINCT tbl FROM main.rowseal")}
    names = sorted(set(current) | sealed)
    rows = 0
    for order, name in enumerate(names):
        table = current.get(name) or Table(name, (), True)
        entries = _needed(raw, name, last_full.get(name, -1)) if name in sealed else []
        expected = _replay(entries, table, order, found)
        del entries
        if name not in current:
            for rid, digest in expected.items():
                if digest != TOMBSTONE:
                    found.row(order, rid, table.label(rid), lazy(
                        "missing: the whole table is gone, and no audited change removed it"))
            continue
        rows += _compare(raw, audit_key, table, order, expected, found)
    if found.count == 0 and not found.seals:
        return RowsReport(True, rows)
    if found.seals:  # the seals themselves were changed: that comes first
        return RowsReport(False, rows, found.count + len(found.seals), found.seals[0])
    assert found.first is not None
    order, rid, label, what = found.first
    name = names[order]
    seq = _last_event(_needed(raw, name, last_full.get(name, -1)), rid)
    if seq is not None and "seq" not in what.params:
        first = lazy("{label}: {what} (last audited change: event {seq})", label=label,
                     what=what, seq=seq)
    else:
        first = lazy("{label}: {what}", label=label, what=what)
    return RowsReport(False, rows, found.count, first)


def _needed(raw: Any, table: str, since: int) -> list[tuple[int, Entry]]:
    """The seal entries of `table` that still count: from its last full seal on."""
    return [(int(seq), Entry(table, bool(full), str(rids), bytes(digests), bytes(prevs)))
            for seq, full, rids, digests, prevs in raw.execute(
                "SELECT seq, full, rids, digests, prevs FROM main.rowseal "
                "WHERE tbl = ? AND seq >= ? ORDER BY seq", (table, since))]


def _check_event_seals(raw: Any, found: _Findings) -> None:
    """Each event's entries add up to the seal it carries, read one event at a time; the
    problems in event order."""
    events = {int(q): str(v) for q, v in raw.execute(
        "SELECT seq, seal FROM main.auditevent WHERE seal != ''")}
    problems: list[tuple[int, Message]] = []
    sealed: set[int] = set()

    def one(seq: int, entries: list[Entry]) -> None:
        sealed.add(seq)
        if seq not in events:
            problems.append((seq, lazy("row seals under event {seq}, which does not exist or "
                                       "carries no seal", seq=seq)))
        elif seals.seal_of(entries) != events[seq]:
            problems.append((seq, _seals_changed(seq)))

    seq_now, entries = -1, []
    for tbl, seq, full, rids, digests, prevs in raw.execute(
            "SELECT tbl, seq, full, rids, digests, prevs FROM main.rowseal ORDER BY seq, tbl"):
        if int(seq) != seq_now and entries:
            one(seq_now, entries)
            entries = []
        seq_now = int(seq)
        entries.append(Entry(str(tbl), bool(full), str(rids), bytes(digests), bytes(prevs)))
    if entries:
        one(seq_now, entries)
    problems += [(seq, _seals_changed(seq)) for seq in set(events) - sealed]
    found.seals.extend(text for _seq, text in sorted(problems, key=lambda p: p[0]))


def _seals_changed(seq: int) -> Message:
    return lazy("the row seals of event {seq} were changed", seq=seq)


def _ids(entry: Entry) -> list[int] | None:
    rids = seals.unpack_ids(entry.rids, len(entry.digests) // seals.DIGEST_SIZE)
    if rids is None or len(rids) * seals.DIGEST_SIZE != len(entry.digests):
        return None
    if entry.prevs and len(entry.prevs) != len(entry.digests):
        return None
    return rids


# Row ids above this are kept apart (in a dict): a damaged or forged seal naming a huge id
# must not make the check allocate memory for every id below it.
DENSE_IDS = 1 << 24


class _Expected:
    """What each row must be: its digest, by row id. SQLite's row ids count up, so the
    digests sit in one bytearray indexed by id, with a byte per id saying whether it is
    set: about 17 bytes a row instead of ~150 in a dict of bytes objects. (The check also
    runs on a backup's copy while someone works: at ten houses and three years a dict
    added ~30 MB to the window's memory.)"""

    def __init__(self) -> None:
        self._digests = bytearray()
        self._set = bytearray()
        self._apart: dict[int, bytes] = {}

    def get(self, rid: int, default: bytes | None = None) -> bytes | None:
        if 0 <= rid < DENSE_IDS:
            if rid < len(self._set) and self._set[rid]:
                at = rid * DIGEST_SIZE
                return bytes(self._digests[at:at + DIGEST_SIZE])
            return default
        return self._apart.get(rid, default)

    def put(self, rids: list[int], blob: bytes) -> None:
        """Row `rids[i]` must be `blob`'s i-th digest."""
        for i, rid in enumerate(rids):
            digest = blob[i * DIGEST_SIZE:(i + 1) * DIGEST_SIZE]
            if 0 <= rid < DENSE_IDS:
                if rid >= len(self._set):
                    size = min(DENSE_IDS, max(rid + 1, 2 * len(self._set), 1024))
                    self._set.extend(bytes(size - len(self._set)))
                    self._digests.extend(bytes(size * DIGEST_SIZE - len(self._digests)))
                self._set[rid] = 1
                self._digests[rid * DIGEST_SIZE:(rid + 1) * DIGEST_SIZE] = digest
            else:
                self._apart[rid] = digest

    def pop(self, rid: int, default: bytes | None = None) -> bytes | None:
        found = self.get(rid)
        if found is None:
            return default
        if 0 <= rid < DENSE_IDS:
            self._set[rid] = 0
        else:
            del self._apart[rid]
        return found

    def items(self) -> Iterator[tuple[int, bytes]]:
        rid = self._set.find(1)
        while rid >= 0:
            at = rid * DIGEST_SIZE
            yield rid, bytes(self._digests[at:at + DIGEST_SIZE])
            rid = self._set.find(1, rid + 1)
        yield from self._apart.items()


def _replay(entries: list[tuple[int, Entry]], table: Table, order: int,
            found: _Findings) -> _Expected:
    """What each row must be (the seal of the last event that wrote it). Each change must
    also start from the row as the change before it left it: a row edited outside
    PeerHouse and then changed by the program is found here."""
    expected = _Expected()
    for seq, entry in entries:
        rids = _ids(entry)
        if rids is None:
            found.seals.append(lazy("the row seals of event {seq} are damaged", seq=seq))
            continue
        if not entry.full:
            before = seals.split_digests(entry.prevs) if entry.prevs else \
                [TOMBSTONE] * len(rids)
            was = list(map(expected.get, rids, repeat(TOMBSTONE)))
            if was != before:
                for rid, w, b in zip(rids, was, before, strict=True):
                    if w != b:
                        found.row(order, rid, table.label(rid), _before(w, b, seq))
        expected.put(rids, entry.digests)
    return expected


def _before(was: bytes, before: bytes, seq: int) -> Message:
    """Why a change did not start from the row its previous change left."""
    if before == TOMBSTONE:
        return lazy("removed outside PeerHouse before event {seq} wrote this id anew", seq=seq)
    if was == TOMBSTONE:
        return lazy("added outside PeerHouse before event {seq} changed it", seq=seq)
    return lazy("changed outside PeerHouse before event {seq} changed it", seq=seq)


def _last_event(entries: list[tuple[int, Entry]], rid: int) -> int | None:
    """The last event that sealed row `rid` (only asked for the one row a report names)."""
    for seq, entry in reversed(entries):
        if rid in (_ids(entry) or ()):
            return seq
    return None


def _compare(raw: Any, audit_key: bytes, table: Table, order: int, expected: _Expected,
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
                what = lazy("no audited change wrote it")
            elif w == TOMBSTONE:
                what = lazy("it is there, though its last audited change deleted it")
            else:
                what = lazy("changed outside PeerHouse: it differs from what its last audited "
                            "change wrote")
            found.row(order, rid, table.label(rid), what)
    for rid, want_digest in expected.items():
        if want_digest != TOMBSTONE:
            found.row(order, rid, table.label(rid),
                      lazy("missing, and no audited change deleted it"))
    return count
