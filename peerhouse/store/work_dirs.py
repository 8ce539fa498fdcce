"""Private work folders in the data folder (a backup's copy, a backup being verified, a
restore being staged), and tidying what a killed process left in them.

A process using a work folder holds `peerhouse.work-lock` shared for as long as the
folder exists (a backup's `.partial` file lives inside that time too). When a process
starts, and before each backup, the lock is tried exclusively: if nobody holds it,
nobody is backing up or verifying, so every work folder and every `.partial` backup of
this set-up left behind is removed at once, whatever its age. The operating system
frees the lock of a killed process.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from peerhouse.errors import WriteFailed
from peerhouse.files import make_private_dir, open_private
from peerhouse.i18n import lazy
from peerhouse.paths import DataPaths
from peerhouse.store import open_lock

log = logging.getLogger(__name__)
WORK_DIR = ".work"
LOCK_NAME = "peerhouse.work-lock"


@contextlib.contextmanager
def work_dir(paths: DataPaths, purpose: str) -> Iterator[Path]:
    """A private (0700) folder inside `paths.root`, removed afterwards whatever happens."""
    _base(paths)
    with _lock_file(paths) as handle, open_lock.waiting_for(handle, exclusive=False):
        folder = new_work_dir(paths, purpose)
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def new_work_dir(paths: DataPaths, purpose: str) -> Path:
    """A private folder in the work folder (a restore's staging: the restore holds the
    records' exclusive lock, so no other process can be starting and tidying)."""
    base = _base(paths)
    try:
        return Path(tempfile.mkdtemp(prefix=f"{purpose}-", dir=base))
    except OSError as exc:
        raise _cannot(paths, exc) from exc


def _base(paths: DataPaths) -> Path:
    base = paths.root / WORK_DIR
    try:
        make_private_dir(base)
    except OSError as exc:
        raise _cannot(paths, exc) from exc
    return base


def _cannot(paths: DataPaths, exc: OSError) -> WriteFailed:
    return WriteFailed(lazy("PeerHouse could not make a working folder in {folder} "
                            "({problem}).", folder=paths.root,
                            problem=exc.strerror or type(exc).__name__))


def sweep(paths: DataPaths, setup_id: str, folders: Iterable[Path]) -> bool:
    """Remove every work folder, and this set-up's `.partial` backups in `folders`, if no
    process is using a work folder now. True if it could look (nobody was)."""
    if paths.restore_journal.exists():  # its staging folder is still needed
        return False
    try:
        with _lock_file(paths) as handle:
            if not open_lock.try_exclusive(handle):
                return False
            try:
                _remove(paths, setup_id, folders)
            finally:
                open_lock.unlock(handle)
    except OSError as exc:  # tidying only: never keep the records from opening
        log.warning("left-over work files not tidied: %s", type(exc).__name__)
        return False
    return True


def _remove(paths: DataPaths, setup_id: str, folders: Iterable[Path]) -> None:
    base = paths.root / WORK_DIR
    leftovers = list(base.iterdir()) if base.is_dir() else []
    for folder in folders:
        with contextlib.suppress(OSError):
            leftovers += folder.glob(f"peerhouse-backup-{setup_id[:8]}-*.partial")
    for item in leftovers:
        try:
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()
        except OSError as exc:
            log.warning("a left-over work file could not be removed: %s", type(exc).__name__)
    if leftovers:
        log.info("removed %d work files left by an interrupted backup", len(leftovers))


@contextlib.contextmanager
def _lock_file(paths: DataPaths) -> Iterator[object]:
    with open_private(paths.root / LOCK_NAME, "ab") as handle:
        yield handle
