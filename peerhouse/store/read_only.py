"""A data folder PeerHouse may not write to: a mounted backup drive, a locked-down PC.

SQLite cannot open a WAL database the normal way there (it needs to create the `-shm`
file), so the file is opened read-only: `immutable=1` when no write-ahead log is left
(every commit was checkpointed, the usual state after a clean close), else `mode=ro`
over the log and its index. `check`, `export` and backing up to another folder then
work; nothing is ever written in the folder.

Signing in and the audited reads record what they do in the same transaction as the
work, and that cannot be kept here. So write transactions run on connections where the
audit trail and the staff accounts are shadowed by private in-memory copies (SQLite's
TEMP tables come before the file's own): signing in and reading work, what they would
record is dropped at the end of the transaction, and any real change — a new row
anywhere else, or a staff account's name, role, password or state — fails with
"the data folder is read-only".
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from peerhouse.errors import ReadOnlyData
from peerhouse.i18n import lazy

MESSAGE = lazy(
    "Nothing was saved: the data folder is read-only (a backup drive, or a folder this "
    "account may not change). Copy the data folder to a place you can write to and "
    "open it there, or ask whoever manages this computer.")
WAL_UNREADABLE = lazy(
    "The data folder is read-only, and the newest changes are still in the "
    "records' write-ahead log (peerhouse.db-wal), which can only be read in a "
    "folder PeerHouse may write to. Copy the whole data folder to a place you can "
    "write to and open it there; nothing was changed.")
NEEDS_UPDATE = lazy(
    "These records were saved by an older version of PeerHouse and must be brought "
    "up to date, which cannot be done in a read-only data folder. Copy the data "
    "folder to a place you can write to and open it there; nothing was changed.")
# The sign-in bookkeeping a read-only store may change in its private copy (and forget).
SHADOWED = ("auditevent", "audithead", "staffaccount")
SIGN_IN_COLUMNS = ("failed_attempts", "locked_until", "last_login_at")
_REFUSE = "SELECT RAISE(ABORT, 'attempt to write a readonly database')"


def writable(root: Path, db: Path) -> bool:
    """Whether this process may write in the data folder and to the database file (a
    read-only file system says no even to an administrator)."""
    return os.access(root, os.W_OK) and (not db.exists() or os.access(db, os.W_OK))


def database_uri(path: Path) -> tuple[str, dict[str, str]]:
    """The SQLite URI (and its parameters) that opens `path` without writing a byte in its
    folder."""
    wal = path.with_name(path.name + "-wal")
    uri = path.absolute().as_uri()
    if not wal.exists() or wal.stat().st_size == 0:
        return uri, {"mode": "ro", "immutable": "1"}
    if not path.with_name(path.name + "-shm").exists():
        raise ReadOnlyData(WAL_UNREADABLE)
    return uri, {"mode": "ro"}


def shadow(dbapi_conn: Any) -> None:
    """On a new write connection: private copies of the tables signing in writes to."""
    cur = dbapi_conn.cursor()
    try:
        for table in SHADOWED:
            row = cur.execute("SELECT sql FROM main.sqlite_master WHERE type = 'table' AND "
                              "name = ?", (table,)).fetchone()
            if row is None:
                continue
            cur.execute(re.sub(r"^\s*CREATE\s+TABLE", "CREATE TEMP TABLE", row[0], count=1,
                               flags=re.I))
            if table != "auditevent":  # the trail's old events are not needed to extend it
                cur.execute(f'INSERT INTO temp."{table}" SELECT * FROM main."{table}"')
        columns = [r[1] for r in cur.execute('PRAGMA main.table_info("staffaccount")')]
        changes = ", ".join(f'"{c}"' for c in columns if c not in SIGN_IN_COLUMNS)
        if changes:
            cur.execute("CREATE TEMP TRIGGER staff_no_change BEFORE UPDATE OF "
                        f"{changes} ON staffaccount BEGIN {_REFUSE}; END")
            for what in ("INSERT", "DELETE"):
                cur.execute(f"CREATE TEMP TRIGGER staff_no_{what.lower()} BEFORE {what} ON "
                            f"staffaccount BEGIN {_REFUSE}; END")
    finally:
        cur.close()


def is_refusal(exc: DBAPIError) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "readonly database" in text or "read-only" in text
