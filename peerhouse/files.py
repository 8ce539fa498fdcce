"""Creating the files and folders that hold names or secrets: private to this account.

Every file PeerHouse writes (the database and its key file, backups and their `.partial`
files, work copies, PDFs, CSV exports, logs) is created here, 0600, and every folder it
makes 0700 — whatever the umask, which only ever removes bits and may be 000 on a shared
PC. On Windows the per-user folders are private already and the modes are not used.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import IO, Any

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_BINARY = getattr(os, "O_BINARY", 0)
# "r+" here creates a missing file (to read and update one in place, the commit seal).
_FLAGS = {"x": os.O_CREAT | os.O_EXCL | os.O_WRONLY, "w": os.O_CREAT | os.O_TRUNC | os.O_WRONLY,
          "a": os.O_CREAT | os.O_APPEND | os.O_WRONLY, "r": os.O_CREAT | os.O_RDWR}


def make_private_dir(path: Path) -> None:
    """Create a folder only its owner can open. An existing folder is left as it is: its
    owner may have shared it with a kiosk account on purpose."""
    if path.is_dir():
        return
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if os.name == "posix":
        os.chmod(path, PRIVATE_DIR)


def open_private(path: Path, mode: str = "xb", **kw: Any) -> IO[Any]:
    """`open(path, mode)` for "x", "w", "a" or "r+" (binary or text), the file made 0600.

    A file that already exists is made private too (a CSV exported over an old one).
    """
    if mode[0] == "r" and "+" not in mode:
        raise ValueError("open_private is for writing")
    flags = _FLAGS[mode[0]] | (_BINARY if "b" in mode else 0)
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        if os.name == "posix":
            os.fchmod(fd, PRIVATE_FILE)
        return os.fdopen(fd, mode, **kw)
    except BaseException:
        os.close(fd)
        raise


def create_empty(path: Path) -> None:
    """A new, empty private file (SQLite then makes its database in it, with this mode,
    and gives the write-ahead log the same one)."""
    open_private(path, "xb").close()


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False,
                 keep_mode: bool = False) -> None:
    """Write `data` under a unique temporary name, flush it, then move it into place: a
    crash leaves the old file or the new one. With `exclusive`, never replace an existing
    file. With `keep_mode`, a replaced file keeps its mode (a key file shared on purpose)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    kept = path.stat().st_mode & 0o777 if keep_mode and path.exists() else None
    try:
        with open_private(tmp, "xb") as fh:
            if kept is not None and os.name == "posix":
                os.fchmod(fh.fileno(), kept)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if exclusive:
            try:
                os.link(tmp, path)  # fails if `path` exists: never replaces it
            except FileExistsError:
                raise
            except OSError:
                if path.exists():
                    raise FileExistsError(str(path)) from None
                os.replace(tmp, path)
        else:
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private_log_handler(path: Path, max_bytes: int, backup_count: int) -> Any:
    """A rotating log whose files (the rotated ones too) are created private."""
    from logging.handlers import RotatingFileHandler  # slow to import: only when logging starts

    class PrivateRotatingFileHandler(RotatingFileHandler):
        def _open(self) -> IO[Any]:
            return open_private(Path(self.baseFilename), "a", encoding=self.encoding,
                                errors=self.errors)

    make_private_dir(path.parent)
    return PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backup_count,
                                      encoding="utf-8")
