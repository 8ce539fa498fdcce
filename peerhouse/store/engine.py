"""The SQLCipher engine and the injectable `Store` handle services work through.

The raw 32-byte key is given as the first statement on every connection (the
pysqlcipher dialect issues `PRAGMA key` from the URL password before anything else),
then the pragmas that make commits durable and encrypted reads fast.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from peerhouse.errors import DatabaseBusy, DatabaseDamaged, WriteFailed, WrongKey
from peerhouse.store import audit, seal_capture
from peerhouse.store.open_lock import OpenLock

log = logging.getLogger(__name__)

# Encrypted pages are decrypted on every cache miss: a 64 MiB cache keeps the
# working set decrypted so reads are as fast as plain SQLite (DESIGN §4).
CACHE_KIB = 64 * 1024
# A whole-file walk (integrity checks) reads every page once: a small cache does it as
# fast, and a file's worth of decrypted pages never stays in memory afterwards.
SCAN_CACHE_KIB = 2 * 1024
BUSY_TIMEOUT_MS = 5000

PRAGMAS = (
    # SQLCipher would otherwise print decryption errors to stderr; we report them ourselves.
    "PRAGMA cipher_log_level = NONE",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    # A REPLACE that removes a conflicting row fires its delete trigger (the row seals see it).
    "PRAGMA recursive_triggers = ON",
    f"PRAGMA cache_size = -{CACHE_KIB}",
)


def make_engine(
    path: Path, db_key: bytes, *, pool_size: int = 4, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Engine:
    """An engine over the encrypted file at `path`. Nothing is read until first use."""
    if len(db_key) != 32:
        raise ValueError("the database key must be 32 bytes")
    url = URL.create(
        "sqlite+pysqlcipher",
        password=f"x'{db_key.hex()}'",
        database=str(path),
    )
    engine = create_engine(
        url,
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=2,
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
    )
    configure_connections(engine, PRAGMAS, busy_timeout_ms)
    return engine


def configure_connections(engine: Engine, pragmas: tuple[str, ...],
                          busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Every new connection gets `pragmas` and the busy timeout, and transactions begin
    the way `_on_begin` says (one place, so benchmarks compare like with like)."""

    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # The driver must not open transactions by itself: `_on_begin` decides how.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            for pragma in pragmas:
                cur.execute(pragma)
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        finally:
            cur.close()

    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)


def _on_begin(conn: Any) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE) so that two processes
    # never both read the audit chain head and then race to extend it.
    options = conn.get_execution_options()
    mode = "IMMEDIATE" if options.get("immediate") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")
    if options.get("sealed"):  # a Store's writer notes every row it writes (store/seals.py)
        seal_capture.capture(conn)


class Store:
    """An open, unlocked database: the one handle services receive (injectable in tests)."""

    def __init__(self, engine: Engine, db_key: bytes, setup_id: str, path: Path,
                 lock: OpenLock | None = None) -> None:
        self.engine = engine
        self._lock = lock  # the data dir's shared open lock (see open_lock), freed at close
        self.setup_id = setup_id
        self.path = path
        self._writer = engine.execution_options(immediate=True, sealed=True)
        # Kept so the owner slot can be re-wrapped when the owner changes password.
        self._db_key = db_key
        self.audit_key = audit.audit_key(db_key)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session (one snapshot for its lifetime); objects stay usable after it closes."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One atomic write: commits on success, rolls back everything on any error.

        Every row it changes is sealed by an audit event before the commit (store/seals.py).
        """
        with Session(self._writer, expire_on_commit=False) as session:
            try:
                yield session
                audit.finish(session, self.audit_key)
                session.commit()
            except OperationalError as exc:
                session.rollback()
                if _is_busy(exc):
                    raise DatabaseBusy(
                        "The database is busy (another PeerHouse window is saving). "
                        "Nothing was changed; please try again."
                    ) from exc
                if _is_disk_error(exc):
                    raise WriteFailed(
                        "The change could not be saved: the disk is full or could not be "
                        "written to. Nothing of this change was saved and earlier records are "
                        "safe; free some disk space (or check the drive) and try again."
                    ) from exc
                raise
            except BaseException:
                session.rollback()
                raise
        self.checkpoint()

    @contextmanager
    def scan(self) -> Iterator[Connection]:
        """A connection for reading the whole file once (the integrity checks).

        Its page cache is small for the walk and emptied afterwards: with the screens'
        64 MiB cache, one check of a large file would keep ~64 MiB of decrypted pages in
        memory for as long as the program runs.
        """
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA cache_size = -{SCAN_CACHE_KIB}")
            try:
                yield conn
            finally:
                with contextlib.suppress(Exception):  # the result stands; this is tidying
                    conn.exec_driver_sql("PRAGMA shrink_memory")
                    conn.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")

    def checkpoint(self) -> None:
        """Copy committed pages from the write-ahead log into the main file straight away.

        A damaged WAL frame silently ends the log (SQLite ignores every frame after it),
        so a commit that lived only in the WAL could vanish without any check noticing.
        Checkpointing after each write keeps the WAL a redundant copy. PASSIVE never
        waits for other processes; what a reader still needs is copied after the next write.
        """
        try:
            raw = self.engine.raw_connection()
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            finally:
                raw.close()
        except Exception as exc:  # the commit itself succeeded: never fail it afterwards
            log.warning("checkpoint after commit skipped: %s", type(exc).__name__)

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _is_busy(exc: OperationalError) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "locked" in text or "busy" in text


def _is_disk_error(exc: OperationalError) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "disk is full" in text or "disk i/o error" in text


def probe(engine: Engine) -> None:
    """Read the schema once, turning SQLCipher's failures into plain errors."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except (DatabaseError, OperationalError) as exc:
        text = str(getattr(exc, "orig", exc)).lower()
        if "not a database" in text or "encrypted" in text:
            raise WrongKey(
                "The database could not be decrypted: the key is wrong or the file is damaged."
            ) from None
        raise DatabaseDamaged(f"The database could not be read ({text}).") from None
