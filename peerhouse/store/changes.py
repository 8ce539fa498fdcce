"""Noticing, cheaply, that another process has saved something (a kiosk check-in, a CLI
import), so an open window can show it.

SQLite's `PRAGMA data_version` changes when a connection other than the one asking has
committed since that connection last asked. It is answered from the shared WAL index (a
few microseconds, no page decrypted while nothing changed), but only per connection: it
must be asked on one connection that stays open, never on a pooled one (each pooled
connection keeps its own count). That connection sees this process's own commits (made
through the pool) as "other" commits too, and also a checkpoint that restarts the WAL.
So when it changes, the audit events written since are read (every change writes one in
its own transaction): only events this process did not write mean a change from
elsewhere. The events this process writes are noted as they are inserted, before their
commit, so a watch can never see one of them before knowing it is its own.

Asking writes nothing: polling leaves the file and the audit trail as they are.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from sqlalchemy import event
from sqlalchemy.pool import Pool

from peerhouse.models.audit import AuditEvent
from peerhouse.store.engine import Store

# The watches of each store's pool: an audit event inserted through the pool is theirs.
_WATCHES: weakref.WeakKeyDictionary[Pool, weakref.WeakSet[ChangeWatch]] = (
    weakref.WeakKeyDictionary())
MAX_EVENTS = 1000  # more new events than this at once: something else surely wrote


@event.listens_for(AuditEvent, "after_insert")
def _note_own_event(_mapper: Any, connection: Any, target: AuditEvent) -> None:
    for watch in list(_WATCHES.get(connection.engine.pool, ())):
        watch.note_own(target.hash)


class ChangeWatch:
    """`changed_elsewhere()`: has another process saved something since the last call?

    Holds one connection of its own (not from the pool) until `close()`. Calls may come
    from any thread, one at a time.
    """

    def __init__(self, store: Store) -> None:
        raw = store.engine.raw_connection()
        raw.detach()  # ours alone, and the pool may open another in its place
        self._conn: Any = raw
        self._lock = threading.Lock()
        self._own: set[str] = set()
        _WATCHES.setdefault(store.engine.pool, weakref.WeakSet()).add(self)
        self._version = self._data_version()
        self._seq = self._conn.execute("SELECT coalesce(max(seq), 0) FROM auditevent").fetchone()[0]

    def note_own(self, event_hash: str) -> None:
        with self._lock:
            self._own.add(event_hash)

    def changed_elsewhere(self) -> bool:
        with self._lock:
            if self._conn is None:
                return False
            version = self._data_version()
            if version == self._version:
                return False
            self._version = version
            rows = self._conn.execute(
                "SELECT seq, hash FROM auditevent WHERE seq > ? ORDER BY seq LIMIT ?",
                (self._seq, MAX_EVENTS)).fetchall()
            if not rows:
                return False  # a checkpoint, or a change nobody audited
            self._seq = rows[-1][0]
            hashes = {h for _seq, h in rows}
            foreign = bool(hashes - self._own) or len(rows) == MAX_EVENTS
            self._own -= hashes
            return foreign

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
