"""The SQLCipher engine and the injectable `Store` handle services work through.

The raw 32-byte key is given as the first statement on every connection (the
pysqlcipher dialect issues `PRAGMA key` from the URL password before anything else),
then the pragmas that make commits durable and encrypted reads fast.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from peerhouse.errors import DatabaseBusy, DatabaseDamaged, ReadOnlyData, WriteFailed, WrongKey
from peerhouse.i18n import lazy
from peerhouse.models.audit import AuditHead
from peerhouse.paths import SEAL_SUFFIX
from peerhouse.store import audit, seal, seal_capture
from peerhouse.store import read_only as read_only_store
from peerhouse.store.open_lock import OpenLock

log = logging.getLogger(__name__)

# Encrypted pages are decrypted on every cache miss: a 64 MiB cache keeps the
# working set decrypted so reads are as fast as plain SQLite.
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
# A file opened read-only keeps the journal mode it has (store/read_only.py).
READ_ONLY_PRAGMAS = tuple(p for p in PRAGMAS if "journal_mode" not in p and "synchronous" not in p)


def make_engine(
    path: Path, db_key: bytes, *, pool_size: int = 4, busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    read_only: bool = False, shadowed: bool = False,
) -> Engine:
    """An engine over the encrypted file at `path`. Nothing is read until first use.

    `read_only` opens it without writing in its folder; `shadowed` (read-only writers)
    gives each connection private copies of the sign-in tables (store/read_only.py)."""
    if len(db_key) != 32:
        raise ValueError("the database key must be 32 bytes")
    connect_args: dict[str, Any] = {"check_same_thread": False,
                                    "timeout": busy_timeout_ms / 1000}
    database, query = str(path), {}
    if read_only:
        database, query = read_only_store.database_uri(path)
        query["uri"] = "true"
    url = URL.create("sqlite+pysqlcipher", password=f"x'{db_key.hex()}'", database=database,
                     query=query)
    engine = create_engine(url, module=sqlcipher3, poolclass=QueuePool, pool_size=pool_size,
                           max_overflow=2, connect_args=connect_args)
    one_open_or_close_at_a_time(engine)
    configure_connections(engine, READ_ONLY_PRAGMAS if read_only else PRAGMAS, busy_timeout_ms)
    if shadowed:
        event.listen(engine, "connect", lambda conn, _record: read_only_store.shadow(conn))
    return engine


# SQLite 3.51's unix layer can deadlock when one thread opens a connection to a file while
# another closes the last one in WAL mode (the open takes its global mutex, then the file's;
# the close, the file's, then the global one). Seen here: a worker thread's query opening a
# pooled connection while the UI thread closed the store hung both for good. Opening and
# closing one at a time in this process rules it out; both are rare and quick.
_OPEN_CLOSE = threading.Lock()


def connect_alone(*args: Any, **kwargs: Any) -> Any:
    """A SQLCipher connection of our own (a backup copy's), opened under the same lock."""
    with _OPEN_CLOSE:
        return sqlcipher3.connect(*args, **kwargs)


def close_alone(conn: Any) -> None:
    """Closes a connection from `connect_alone` under the same lock."""
    with _OPEN_CLOSE:
        conn.close()


def one_open_or_close_at_a_time(engine: Engine) -> None:
    """The engine's pool opens and closes its SQLite connections under one process lock."""

    def _open(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        with _OPEN_CLOSE:
            return dialect.loaded_dbapi.connect(*cargs, **cparams)

    def _close(dbapi_conn: Any) -> None:
        with _OPEN_CLOSE:
            dbapi_conn.close()

    event.listen(engine, "do_connect", _open)
    engine.dialect.do_close = _close  # type: ignore[method-assign]


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
                 lock: OpenLock | None = None, *, read_only: bool = False) -> None:
        self.engine = engine
        self._lock = lock  # the data dir's shared open lock (see open_lock), freed at close
        self.setup_id = setup_id
        self.path = path
        # A read-only data folder (store/read_only.py): writes keep nothing, changes fail.
        self.read_only = read_only
        # A writable store's writer notes every row it writes, for the row seals (seals.py).
        self._writer = (make_engine(path, db_key, read_only=True, shadowed=True) if read_only
                        else engine.execution_options(immediate=True, sealed=True))
        # Kept so the owner slot can be re-wrapped when the owner changes password.
        self._db_key = db_key
        self.audit_key = audit.audit_key(db_key)
        self.seal_path = path.with_name(path.name + SEAL_SUFFIX)
        self._seal_key = seal.seal_key(db_key)
        self._sealed = 0  # the newest event this store sealed

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session (one snapshot for its lifetime); objects stay usable after it closes."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One atomic write: commits on success, rolls back everything on any error.

        Every row it changes is sealed by an audit event before the commit (store/seals.py).
        Read-only, what the body recorded is rolled back too, and a change is ReadOnlyData.
        """
        with Session(self._writer, expire_on_commit=False) as session:
            try:
                yield session
                if self.read_only:
                    session.flush()
                    session.expunge_all()  # objects stay usable, as after a commit
                    session.rollback()
                    return
                audit.finish(session, self.audit_key)
                # In the session already if the write added an event (no query then).
                head = session.get(AuditHead, 1) if session.in_transaction() else None
                session.commit()
            except IntegrityError as exc:  # a read-only store's trigger refusing a change
                session.rollback()
                if self.read_only and read_only_store.is_refusal(exc):
                    raise ReadOnlyData(read_only_store.MESSAGE) from exc
                raise
            except OperationalError as exc:
                session.rollback()
                if read_only_store.is_refusal(exc):
                    raise ReadOnlyData(read_only_store.MESSAGE) from exc
                if _is_busy(exc):
                    raise DatabaseBusy(lazy(
                        "The database is busy (another PeerHouse window is saving). "
                        "Nothing was changed; please try again.")) from exc
                if _is_disk_error(exc):
                    raise WriteFailed(lazy(
                        "The change could not be saved: the disk is full or could not be "
                        "written to. Nothing of this change was saved and earlier records are "
                        "safe; free some disk space (or check the drive) and try again.")
                    ) from exc
                raise
            except BaseException:
                session.rollback()
                raise
        if head is not None:
            self._seal(head.seq, head.hash)
        self.checkpoint()

    def _seal(self, seq: int, hash_: str) -> None:
        """Record outside the database how far the committed audit chain goes (store/seal.py)."""
        if seq <= self._sealed:
            return
        try:
            seal.advance(self.seal_path, self._seal_key, seq, hash_)
            self._sealed = seq
        except OSError as exc:  # the commit itself succeeded: never fail it afterwards
            log.warning("commit seal not written: %s", type(exc).__name__)

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

    def require_writable(self) -> None:
        """ReadOnlyData before writing a file beside the records (the key file)."""
        if self.read_only:
            raise ReadOnlyData(read_only_store.MESSAGE)

    def checkpoint(self) -> None:
        """Copy committed pages from the write-ahead log into the main file straight away.

        A damaged WAL frame silently ends the log (SQLite ignores every frame after it),
        so a commit that lived only in the WAL could vanish without any check noticing.
        Checkpointing after each write keeps the WAL a redundant copy. PASSIVE never
        waits for other processes; what a reader still needs is copied after the next write.
        """
        if self.read_only:
            return
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
        if self.read_only:
            self._writer.dispose()
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
            raise WrongKey(lazy(
                "The database could not be decrypted: the key is wrong or the file is damaged."
            )) from None
        raise DatabaseDamaged(lazy("The database could not be read ({problem}).",
                                   problem=text)) from None
