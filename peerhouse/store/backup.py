"""Making and verifying backups.

A backup is made from a page-by-page encrypted copy of the live file (SQLite's backup
API), checked, written under a temporary name, flushed, then verified exactly as a
restore verifies it: opened in a private folder inside the data dir and put through
every check. Only then is it renamed to its final name, so a half-written backup never
looks like a backup. Nothing is ever written to the system temp folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peerhouse import __version__
from peerhouse.errors import (
    BackupInvalid,
    DatabaseDamaged,
    PeerHouseError,
    WriteFailed,
    WrongKey,
)
from peerhouse.paths import DB_NAME, KEYFILE_NAME, DataPaths
from peerhouse.store import backup_file, migrate
from peerhouse.store.audit import chain_head
from peerhouse.store.backup_file import BackupContents, Manifest
from peerhouse.store.checks import TAMPER, run_checks
from peerhouse.store.copy import encrypted_copy
from peerhouse.store.engine import Store
from peerhouse.store.keyfile import KeyFile, _fsync_dir

log = logging.getLogger(__name__)
WORK_DIR = ".work"
STALE_SECONDS = 3600  # a work folder or partial file this old was left by a crash

# Called with (percent, text); it may carry a `cancelled` flag (the UI's Progress does).
Progress = Callable[..., Any]


class Cancelled(PeerHouseError):
    """The person stopped the backup; nothing was written."""


@dataclass(frozen=True)
class BackupEntry:
    """One backup file PeerHouse wrote, as a list shows it."""

    path: Path
    created: datetime  # UTC
    kind: str
    size: int
    n: int = 0  # the same-second counter in the name: orders backups made within a second

    @property
    def order(self) -> tuple[datetime, int]:
        return self.created, self.n


# -- private work folders ------------------------------------------------------------
@contextlib.contextmanager
def work_dir(paths: DataPaths, purpose: str) -> Iterator[Path]:
    """A private (0700) folder inside the data dir, removed afterwards whatever happens."""
    folder = new_work_dir(paths, purpose)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def new_work_dir(paths: DataPaths, purpose: str) -> Path:
    base = paths.root / WORK_DIR
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        clear_stale(base, lambda p: p.is_dir())
        return Path(tempfile.mkdtemp(prefix=f"{purpose}-", dir=base))
    except OSError as exc:
        raise WriteFailed(f"PeerHouse could not make a working folder in {paths.root} "
                          f"({exc.strerror or type(exc).__name__}).") from exc


def clear_stale(folder: Path, which: Callable[[Path], bool], pattern: str = "*") -> None:
    """Remove what a crashed backup or restore left behind (old enough to be nobody's)."""
    now = time.time()
    for item in folder.glob(pattern):
        try:
            if which(item) and now - item.stat().st_mtime > STALE_SECONDS:
                if item.is_dir():
                    shutil.rmtree(item, ignore_errors=True)
                else:
                    item.unlink()
        except OSError:
            continue


def _report(progress: Progress | None, start: int, end: int, text: str) -> Callable[[int, int], None]:
    """Map (done, total) of one step onto [start, end] percent, honouring a cancel."""

    def step(done: int, total: int) -> None:
        if progress is None:
            return
        if getattr(progress, "cancelled", False):
            raise Cancelled("The backup was canceled; nothing was saved.")
        share = done / total if total else 1.0
        progress(start + int((end - start) * min(share, 1.0)), text)

    return step


# -- verifying -----------------------------------------------------------------------
@dataclass(frozen=True)
class Verified:
    """A backup whose database was extracted into `folder` and passed every check."""

    contents: BackupContents
    folder: Path

    @property
    def manifest(self) -> Manifest:
        return self.contents.manifest


def verify_into(file: Path, key: bytes, folder: Path, progress: Progress | None = None,
                *, contents: BackupContents | None = None, seals: bool = True) -> Verified:
    """Check a backup completely, leaving its two files in `folder` (for a restore).

    `seals=False` skips comparing its rows with their seals: for a backup just written,
    whose database is byte for byte (SHA-256) the copy `_manifest` checked."""
    from peerhouse.store import vault  # vault → restore journal; imported late to stay light

    contents = contents or backup_file.read(file)
    if not contents.keyfile.matches(key):
        raise WrongKey("That key does not open this backup.")
    backup_file.extract_db(contents, folder / DB_NAME, _report(progress, 0, 50, "Reading"))
    _write_new(folder / KEYFILE_NAME, contents.keys)
    name = contents.path.name
    try:
        store = vault.open_store(DataPaths(folder), key, run_migrations=False)
    except (DatabaseDamaged, WrongKey):
        raise BackupInvalid(f"{name} cannot be used: the database inside it is damaged (it "
                            "cannot be decrypted or read). Nothing was changed.") from None
    try:
        migrate.refuse_newer(store.engine, "backup")
        _report(progress, 50, 60, "Checking")(0, 1)
        report = run_checks(store, seals=seals)
        failed = [f"{n}: {d}" for n, passed, d in report.lines if not passed
                  and (n not in TAMPER or contents.manifest.audit_chain_ok)]
        if failed:
            raise BackupInvalid(f"{name} cannot be used: it failed its checks "
                                f"({'; '.join(failed)}). Nothing was changed.")
        with store.read() as session:
            seq, head = chain_head(session)
    except MemoryError:  # SQLCipher reports a page that fails its MAC as out of memory
        raise BackupInvalid(f"{name} cannot be used: part of it cannot be decrypted.") from None
    finally:
        store.close()
    if (seq, head) != (contents.manifest.audit_events, contents.manifest.audit_head):
        raise BackupInvalid(f"{name} cannot be used: its audit chain does not end at the head "
                            f"its manifest recorded (event {contents.manifest.audit_events}), so "
                            "its records are not the ones that were backed up.")
    _report(progress, 60, 100, "Checked")(1, 1)
    return Verified(contents, folder)


def verify_backup(paths: DataPaths, file: Path, key: bytes,
                  progress: Progress | None = None) -> Manifest:
    """Verify a backup in a private folder that is removed afterwards."""
    with work_dir(paths, "verify") as folder:
        return verify_into(file, key, folder, progress).manifest


def _write_new(path: Path, data: bytes) -> None:
    try:
        with open(path, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise WriteFailed(f"PeerHouse could not write in {path.parent} "
                          f"({exc.strerror or type(exc).__name__}).") from exc


# -- making a backup -----------------------------------------------------------------
def plan_name(folder: Path, store: Store, created: datetime, kind: str) -> str:
    """A file name not yet used in `folder` (a second backup in the same second gets -1…)."""
    for n in range(1000):
        name = backup_file.backup_name(store.setup_id, created, kind, n)
        if not (folder / name).exists() and not (folder / (name + ".partial")).exists():
            return name
    raise WriteFailed(f"Too many backups in {folder} for one second.")


def create_backup(store: Store, folder: Path, kind: str, name: str, created: datetime,
                  progress: Progress | None = None) -> BackupEntry:
    """Write one verified backup of `store` as `folder/name`."""
    paths = DataPaths(store.path.parent)
    key = store._db_key
    final = folder / name
    partial = folder / (name + ".partial")
    with contextlib.suppress(OSError):
        clear_stale(folder, lambda _p: True, f"peerhouse-backup-{store.setup_id[:8]}-*.partial")
    with work_dir(paths, "backup") as work:
        copy = work / DB_NAME
        try:
            encrypted_copy(store.path, key, copy, _report(progress, 0, 35, "Copying"))
        except OSError as exc:
            raise WriteFailed(f"The records could not be copied for the backup "
                              f"({exc.strerror or type(exc).__name__}). Nothing was changed; "
                              "free some disk space and try again.") from exc
        keys = store.path.with_name(KEYFILE_NAME).read_bytes()
        if not _parse_keys(keys).matches(key):
            raise WrongKey("The key file beside the database belongs to another database.")
        _write_new(work / KEYFILE_NAME, keys)
        manifest = _manifest(store, work, key, keys, kind, created, progress)
        try:
            backup_file.write(partial, manifest, keys, copy, _report(progress, 40, 70, "Writing"))
            with work_dir(paths, "verify") as check:
                verify_into(partial, key, check, _Scaled(progress, 70, 99, "Verifying"),
                            seals=False)
            if os.name == "posix":  # on a shared disk, only this account can read it
                os.chmod(partial, 0o600)
            os.replace(partial, final)
            _fsync_dir(folder)
        except BackupInvalid as exc:
            raise WriteFailed(f"The backup written to {folder} did not read back correctly "
                              f"({exc}). Try another folder or drive.") from exc
        finally:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
    if progress is not None:
        progress(100, "Done")
    return BackupEntry(final, created, kind, final.stat().st_size)


def _parse_keys(data: bytes) -> KeyFile:
    try:
        return KeyFile.from_json(json.loads(data.decode("utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise DatabaseDamaged(f"The key file {KEYFILE_NAME} is damaged, so no backup was made. "
                              "Restore it from a backup.") from exc


def _manifest(store: Store, work: Path, key: bytes, keys: bytes, kind: str, created: datetime,
              progress: Progress | None) -> Manifest:
    """Check the copy (a backup of damaged records helps nobody) and describe it."""
    from peerhouse.store import vault

    copy = vault.open_store(DataPaths(work), key, run_migrations=False)
    try:
        _report(progress, 35, 40, "Checking")(0, 1)
        report = run_checks(copy)
        if any(not passed for n, passed, _d in report.lines if n not in TAMPER):
            raise DatabaseDamaged(
                "No backup was made: the records file itself failed its checks, and a copy of "
                "damaged records would not help. Run 'peerhouse check' and restore the newest "
                "good backup.")
        # A broken audit chain, or rows that differ from their seals, cannot be mended (the
        # chain is append-only): the records are still backed up, and the backup says so.
        chain_ok = all(passed for n, passed, _d in report.lines if n in TAMPER)
        with copy.read() as session:
            seq, head = chain_head(session)
        schema = migrate.current_revision(copy.engine) or ""
    except MemoryError:
        raise DatabaseDamaged("No backup was made: part of the records file cannot be "
                              "decrypted. Restore the newest good backup.") from None
    finally:
        copy.close()
    db = work / DB_NAME
    return Manifest(setup_id=store.setup_id, created=created.astimezone(UTC), kind=kind,
                    app_version=__version__, schema=schema, db_size=db.stat().st_size,
                    db_sha256=backup_file.file_sha256(db),
                    keys_sha256=hashlib.sha256(keys).hexdigest(),
                    audit_events=seq, audit_head=head, audit_chain_ok=chain_ok)


class _Scaled:
    """Progress of a sub-step (0-100) shown as [start, end] of the whole."""

    def __init__(self, progress: Progress | None, start: int, end: int, text: str) -> None:
        self._progress, self._start, self._end, self._text = progress, start, end, text

    @property
    def cancelled(self) -> bool:
        return bool(getattr(self._progress, "cancelled", False))

    def __call__(self, percent: int, _text: str = "") -> None:
        if self._progress is not None:
            if self.cancelled:
                raise Cancelled("The backup was canceled; nothing was saved.")
            self._progress(self._start + (self._end - self._start) * percent // 100, self._text)


# -- listing -------------------------------------------------------------------------
def list_backups(folder: Path, setup_id: str | None = None) -> list[BackupEntry]:
    """Backups PeerHouse wrote in `folder` (of one set-up, if given), newest first."""
    found: list[BackupEntry] = []
    try:
        items = list(folder.iterdir())
    except OSError:
        return []
    for item in items:
        parts = backup_file.parse_name(item.name)
        if parts is None or (setup_id is not None and parts.setup != setup_id[:8]):
            continue
        try:
            size = item.stat().st_size
        except OSError:
            continue
        found.append(BackupEntry(item, parts.created, parts.kind, size, parts.n))
    found.sort(key=lambda e: e.order, reverse=True)
    return found
