"""Making and verifying backups.

A backup is made from a page-by-page encrypted copy of the live file (SQLite's backup
API), checked, written under a temporary name, flushed, then verified exactly as a
restore verifies it: opened in a private folder inside the data dir and put through
every check. Only then is it renamed to its final name, so a half-written backup never
looks like a backup. Nothing is ever written to the system temp folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
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
from peerhouse.files import fsync_dir, open_private
from peerhouse.i18n import Message, lazy, pgettext
from peerhouse.paths import DB_NAME, KEYFILE_NAME, DataPaths
from peerhouse.store import backup_file, migrate, work_dirs
from peerhouse.store.audit import chain_head
from peerhouse.store.backup_file import BackupContents, Manifest
from peerhouse.store.checks import TAMPER, CheckLines, run_checks
from peerhouse.store.copy import encrypted_copy
from peerhouse.store.engine import Store
from peerhouse.store.keyfile import KeyFile
from peerhouse.store.work_dirs import WORK_DIR, work_dir

log = logging.getLogger(__name__)
AUDIT = "audit chain"  # the name of that check in CheckReport
CANCELED = lazy("The backup was canceled; nothing was saved.")
_NO_ROOM = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}

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


def _report(progress: Progress | None, start: int, end: int,
            text: Message) -> Callable[[int, int], None]:
    """Map (done, total) of one step onto [start, end] percent, honouring a cancel."""

    def step(done: int, total: int) -> None:
        if progress is None:
            return
        if getattr(progress, "cancelled", False):
            raise Cancelled(CANCELED)
        share = done / total if total else 1.0
        progress(start + int((end - start) * min(share, 1.0)), str(text))

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
        raise WrongKey(lazy("That key does not open this backup."))
    backup_file.extract_db(contents, folder / DB_NAME,
                           _report(progress, 0, 50, lazy("Reading")))
    _write_new(folder / KEYFILE_NAME, contents.keys)
    name = contents.path.name
    try:
        store = vault.open_store(DataPaths(folder), key, run_migrations=False)
    except (DatabaseDamaged, WrongKey):
        raise BackupInvalid(lazy("{name} cannot be used: the database inside it is damaged (it "
                                 "cannot be decrypted or read). Nothing was changed.",
                                 name=name)) from None
    try:
        migrate.refuse_newer(store.engine, "backup")
        _report(progress, 50, 60, lazy("Checking"))(0, 1)
        report = run_checks(store, seals=seals)
        failed = [(n, d) for n, passed, d in report.lines if not passed
                  and (n not in TAMPER or contents.manifest.audit_chain_ok)]
        if failed:
            raise BackupInvalid(lazy("{name} cannot be used: it failed its checks ({failed}). "
                                     "Nothing was changed.", name=name,
                                     failed=CheckLines(tuple(failed))))
        with store.read() as session:
            seq, head = chain_head(session)
    except MemoryError:  # SQLCipher reports a page that fails its MAC as out of memory
        raise BackupInvalid(lazy("{name} cannot be used: part of it cannot be decrypted.",
                                 name=name)) from None
    finally:
        store.close()
    if (seq, head) != (contents.manifest.audit_events, contents.manifest.audit_head):
        raise BackupInvalid(lazy(
            "{name} cannot be used: its audit chain does not end at the head its manifest "
            "recorded (event {event}), so its records are not the ones that were backed up.",
            name=name, event=contents.manifest.audit_events))
    _report(progress, 60, 100, lazy("Checked"))(1, 1)
    return Verified(contents, folder)


def verify_backup(paths: DataPaths, file: Path, key: bytes,
                  progress: Progress | None = None) -> Manifest:
    """Verify a backup in a private folder that is removed afterwards."""
    with work_dir(paths, "verify") as folder:
        return verify_into(file, key, folder, progress).manifest


def _write_new(path: Path, data: bytes) -> None:
    try:
        with open_private(path, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise WriteFailed(backup_file.cannot_write(path.parent, exc)) from exc


# -- making a backup -----------------------------------------------------------------
def plan_name(folder: Path, store: Store, created: datetime, kind: str) -> str:
    """A file name not yet used in `folder` (a second backup in the same second gets -1…)."""
    for n in range(1000):
        name = backup_file.backup_name(store.setup_id, created, kind, n)
        if not (folder / name).exists() and not (folder / (name + ".partial")).exists():
            return name
    raise WriteFailed(lazy("Too many backups in {folder} for one second.", folder=folder))


def create_backup(store: Store, folder: Path, kind: str, name: str, created: datetime,
                  progress: Progress | None = None) -> BackupEntry:
    """Write one verified backup of `store` as `folder/name`.

    Its work copies go in a private folder in the data folder, or in `folder` when the data
    folder is read-only."""
    paths = DataPaths(folder if store.read_only else store.path.parent)
    key = store._db_key
    final = folder / name
    partial = folder / (name + ".partial")
    work_dirs.sweep(paths, store.setup_id, [folder])  # what a killed backup left, if nobody's
    with work_dir(paths, "backup") as work:
        copy = work / DB_NAME
        needed = _room_needed(store.path)
        try:
            if shutil.disk_usage(work).free < needed:
                raise OSError(errno.ENOSPC, "not enough room")
            encrypted_copy(store.path, key, copy, _report(progress, 0, 35, lazy("Copying")),
                           read_only=store.read_only)
        except OSError as exc:
            if exc.errno not in _NO_ROOM:
                raise WriteFailed(lazy(
                    "The records could not be copied for the backup ({problem}). Nothing was "
                    "changed; free some disk space and try again.",
                    problem=exc.strerror or type(exc).__name__)) from exc
            raise WriteFailed(lazy(
                "There is not enough room on the disk of the data folder ({folder}) for "
                "the backup's working copy of the records: it needs about {size} free. "
                "Nothing was changed and the records are safe; free some space on that disk "
                "and try again.", folder=paths.root, size=_megabytes(needed))) from exc
        keys = store.path.with_name(KEYFILE_NAME).read_bytes()
        if not _parse_keys(keys).matches(key):
            raise WrongKey(lazy(
                "The key file beside the database belongs to another database."))
        _write_new(work / KEYFILE_NAME, keys)
        manifest = _manifest(store, work, key, keys, kind, created, progress)
        try:
            backup_file.write(partial, manifest, keys, copy,
                              _report(progress, 40, 70, lazy("Writing")))
            with work_dir(paths, "verify") as check:
                verify_into(partial, key, check,
                            _Scaled(progress, 70, 99, lazy("Verifying")), seals=False)
            os.replace(partial, final)
            fsync_dir(folder)
        except BackupInvalid as exc:
            raise WriteFailed(lazy("The backup written to {folder} did not read back "
                                   "correctly ({why}). Try another folder or drive.",
                                   folder=folder, why=exc)) from exc
        finally:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
    if store.read_only:  # the work folder was in `folder`: leave nothing of it there
        for leftover in (folder / WORK_DIR, folder / work_dirs.LOCK_NAME):
            with contextlib.suppress(OSError):
                leftover.rmdir() if leftover.is_dir() else leftover.unlink()
    if progress is not None:
        progress(100, pgettext("progress", "Done"))
    return BackupEntry(final, created, kind, final.stat().st_size)


def _room_needed(db: Path) -> int:
    """Free space a backup's work copies need beside the records: the copy, and the copy
    read back out of the backup to verify it, each as large as the file and its WAL."""
    size = sum(p.stat().st_size for p in (db, db.with_name(db.name + "-wal")) if p.exists())
    return 2 * size + size // 10 + 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{max(size / 1024 / 1024, 0.1):.1f} MB"


def _parse_keys(data: bytes) -> KeyFile:
    try:
        return KeyFile.from_json(json.loads(data.decode("utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise DatabaseDamaged(lazy("The key file {name} is damaged, so no backup was made. "
                                   "Restore it from a backup.", name=KEYFILE_NAME)) from exc


def _manifest(store: Store, work: Path, key: bytes, keys: bytes, kind: str, created: datetime,
              progress: Progress | None) -> Manifest:
    """Check the copy (a backup of damaged records helps nobody) and describe it."""
    from peerhouse.store import vault

    copy = vault.open_store(DataPaths(work), key, run_migrations=False)
    try:
        _report(progress, 35, 40, lazy("Checking"))(0, 1)
        report = run_checks(copy)
        if any(not passed for n, passed, _d in report.lines if n not in TAMPER):
            raise DatabaseDamaged(lazy(
                "No backup was made: the records file itself failed its checks, and a copy of "
                "damaged records would not help. Run 'peerhouse check' and restore the newest "
                "good backup."))
        # A broken audit chain, or rows that differ from their seals, cannot be mended (the
        # chain is append-only): the records are still backed up, and the backup says so.
        chain_ok = all(passed for n, passed, _d in report.lines if n in TAMPER)
        with copy.read() as session:
            seq, head = chain_head(session)
        schema = migrate.current_revision(copy.engine) or ""
    except MemoryError:
        raise DatabaseDamaged(lazy("No backup was made: part of the records file cannot be "
                                   "decrypted. Restore the newest good backup.")) from None
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

    def __init__(self, progress: Progress | None, start: int, end: int,
                 text: Message) -> None:
        self._progress, self._start, self._end, self._text = progress, start, end, text

    @property
    def cancelled(self) -> bool:
        return bool(getattr(self._progress, "cancelled", False))

    def __call__(self, percent: int, _text: str = "") -> None:
        if self._progress is not None:
            if self.cancelled:
                raise Cancelled(CANCELED)
            self._progress(self._start + (self._end - self._start) * percent // 100,
                           str(self._text))


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
