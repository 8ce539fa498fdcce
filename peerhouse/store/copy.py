"""Encrypted page-by-page copies of the open database (before migrations, for backups).

The copy goes through SQLite's online backup API into a second SQLCipher file keyed
with the same key, so no plaintext ever touches the disk, even while others write.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import sqlcipher3

from peerhouse.files import create_empty, fsync_dir
from peerhouse.store.engine import close_alone, connect_alone
from peerhouse.store.read_only import database_uri

# Pages copied per step when progress is reported (4 MiB of 4 KiB pages).
STEP_PAGES = 1024


def encrypted_copy(source_path: Path, db_key: bytes, dest: Path,
                   progress: Callable[[int, int], None] | None = None, *,
                   read_only: bool = False) -> None:
    """Copy the database at `source_path` to `dest` (written under a temp name, then renamed).

    With `progress`, it is called with (pages done, pages in all) after each step; an
    exception it raises (a cancel) stops the copy and nothing is left at `dest`.
    `read_only`: the source is in a read-only folder (store/read_only.py).
    """
    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        create_empty(tmp)  # private before SQLite writes a page into it
        src = _open(source_path, db_key, read_only=read_only)
        try:
            out = _open(tmp, db_key)
            try:
                if progress is None:
                    src.backup(out)
                else:
                    src.backup(out, pages=STEP_PAGES,
                               progress=lambda _status, left, total: progress(total - left, total))
                out.execute("PRAGMA journal_mode = DELETE")
            finally:
                close_alone(out)
        finally:
            close_alone(src)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except sqlcipher3.OperationalError as exc:
        tmp.unlink(missing_ok=True)
        text = str(exc).lower()
        if "full" in text or "disk i/o" in text or "too large" in text:
            # The disk refused the copy: an OSError like any other refused write.
            raise OSError(errno.ENOSPC, "there is not enough room on the disk") from exc
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(dest.parent)


def _open(path: Path, db_key: bytes, *, read_only: bool = False) -> sqlcipher3.Connection:
    if read_only:
        uri, params = database_uri(path)
        conn = connect_alone(f"{uri}?{urlencode(params)}", uri=True, isolation_level=None)
    else:
        conn = connect_alone(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{db_key.hex()}'\"")
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA temp_store = MEMORY")  # no temporary file, not even an encrypted one
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn
