"""Who has the records open: a shared lock per open store, an exclusive one to restore.

Every process that opens the database (the manager window, the kiosk, a scheduled
`peerhouse backup`) holds a shared lock on `peerhouse.lock` in the data dir for as long
as its store is open. A restore swaps the files underneath, so it first needs the lock
for itself: while a kiosk still has the old file open its later check-ins would land in
the file set aside (POSIX) or make the swap fail (Windows). The lock is advisory and
held by the operating system, so a crashed process never leaves it behind.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from peerhouse.errors import DatabaseBusy
from peerhouse.files import make_private_dir, open_private
from peerhouse.i18n import lazy

log = logging.getLogger(__name__)
LOCK_NAME = "peerhouse.lock"

IN_USE = lazy("PeerHouse is open somewhere else on this computer (the kiosk, another manager "
              "window or a scheduled backup). Close it there first, then try again. Nothing "
              "was changed.")
RESTORING = lazy("A backup is being restored on this computer right now. Wait until it has "
                 "finished, then open PeerHouse again.")


class OpenLock:
    """A held lock on the data dir's lock file; `release()` (or process exit) frees it."""

    def __init__(self, handle: IO[bytes] | None) -> None:
        self._handle: IO[bytes] | None = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                _unlock(handle)
            handle.close()


def shared(root: Path, *, read_only: bool = False) -> OpenLock:
    """Hold the records open (many processes at once). DatabaseBusy while a restore runs.

    In a read-only data folder the lock file is only read (and locked) if it is there."""
    lock = _take_read_only(root) if read_only else _take(root, exclusive=False)
    if lock is None:
        raise DatabaseBusy(RESTORING)
    return lock


@contextlib.contextmanager
def exclusive(root: Path) -> Iterator[None]:
    """Nobody else may have the records open meanwhile; DatabaseBusy if someone has."""
    lock = _take(root, exclusive=True)
    if lock is None:
        raise DatabaseBusy(IN_USE)
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def waiting_for(handle: IO[bytes], *, exclusive: bool = True) -> Iterator[None]:
    """Wait for the lock on the first byte of `handle`'s file: exclusive for a short update
    that two processes must not interleave (store/seal.py), shared while using something
    another process must not tidy away (store/work_dirs.py). Freed at the end, or when the
    process dies."""
    try:
        _lock(handle, exclusive, wait=True)
    except OSError as exc:  # a file system without locks: the update still happens
        log.warning("file lock unavailable: %s", type(exc).__name__)
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            _unlock(handle)


def try_exclusive(handle: IO[bytes]) -> bool:
    """The exclusive lock on `handle`'s file if nobody holds it now (free it with `unlock`)."""
    return _lock(handle, True)


def unlock(handle: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        _unlock(handle)


def _take_read_only(root: Path) -> OpenLock | None:
    try:
        handle = open(root / LOCK_NAME, "rb")  # noqa: SIM115 (held for the store's lifetime)
    except FileNotFoundError:
        return OpenLock(None)  # nobody who may write here has had the records open
    try:
        if _lock(handle, False):
            return OpenLock(handle)
    except OSError as exc:
        log.warning("data dir lock unavailable: %s", type(exc).__name__)
        return OpenLock(handle)
    handle.close()
    return None


def _take(root: Path, *, exclusive: bool) -> OpenLock | None:
    make_private_dir(root)
    handle = open_private(root / LOCK_NAME, "ab")  # held for the store's lifetime
    try:
        if _lock(handle, exclusive):
            return OpenLock(handle)
    except OSError as exc:  # a file system without locks: never keep the records closed
        log.warning("data dir lock unavailable: %s", type(exc).__name__)
        return OpenLock(handle)
    handle.close()
    return None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [("Internal", ctypes.c_void_p), ("InternalHigh", ctypes.c_void_p),
                    ("Offset", wintypes.DWORD), ("OffsetHigh", wintypes.DWORD),
                    ("hEvent", wintypes.HANDLE)]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _LOCK_EXCLUSIVE, _FAIL_IMMEDIATELY = 0x2, 0x1
    _LOCK_VIOLATION = 33

    def _lock(handle: IO[bytes], exclusive: bool, wait: bool = False) -> bool:
        flags = (0 if wait else _FAIL_IMMEDIATELY) | (_LOCK_EXCLUSIVE if exclusive else 0)
        os_handle = wintypes.HANDLE(msvcrt.get_osfhandle(handle.fileno()))
        overlapped = _Overlapped()
        if _kernel32.LockFileEx(os_handle, flags, 0, 1, 0, ctypes.byref(overlapped)):
            return True
        error = ctypes.get_last_error()
        if error == _LOCK_VIOLATION:
            return False
        raise OSError(error, "LockFileEx failed")

    def _unlock(handle: IO[bytes]) -> None:
        os_handle = wintypes.HANDLE(msvcrt.get_osfhandle(handle.fileno()))
        overlapped = _Overlapped()
        _kernel32.UnlockFileEx(os_handle, 0, 1, 0, ctypes.byref(overlapped))

else:
    import fcntl

    def _lock(handle: IO[bytes], exclusive: bool, wait: bool = False) -> bool:
        try:
            fcntl.flock(handle.fileno(), (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
                        | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
