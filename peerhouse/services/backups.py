"""Backups and restore as the windows and the command line use them: who may, where
backups go, and the audit trail.

The `backup.create` event is written before the copy is taken, so every backup holds
the event that made it and its chain is complete; a failure adds `backup.failed` to
the live trail. A restore writes `backup.restore` into the restored records, so their
chain tells when they came back and from which file.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import col, func, select

from peerhouse.errors import PeerHouseError, ReadOnlyData, ValidationError
from peerhouse.files import make_private_dir
from peerhouse.i18n import Message, lazy
from peerhouse.models.audit import AuditEvent
from peerhouse.models.audit_actions import Action
from peerhouse.models.houses import AppSetting
from peerhouse.paths import DataPaths
from peerhouse.services.actor import Actor
from peerhouse.services.houses import get_setting
from peerhouse.services.permissions import Perm, require
from peerhouse.services.unit import Unit, record_now, writes
from peerhouse.store import backup, backup_file, retention, vault
from peerhouse.store import restore as restore_store
from peerhouse.store.backup import BackupEntry, Progress
from peerhouse.store.backup_file import Manifest
from peerhouse.store.engine import Store

log = logging.getLogger(__name__)
FOLDER_SETTING = "backup_folder"


@dataclass(frozen=True)
class BackupDone:
    entry: BackupEntry
    pruned: tuple[Path, ...]


@dataclass(frozen=True)
class RestoreDone:
    """The restored records (open: the caller closes them) and what happened to the old."""

    store: Store
    manifest: Manifest
    kept_db: Path | None
    keyring_note: Message | str


def size_text(size: int) -> str:
    """A file size as people read it: 950 bytes, 12.4 KB, 3.1 MB."""
    value = float(size)
    for unit in ("bytes", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


# -- the folder ----------------------------------------------------------------------
def data_paths(store: Store) -> DataPaths:
    return DataPaths(store.path.parent)


def backup_folder(store: Store) -> Path:
    """Where backups go: the folder the owner chose, else `backups/` in the data dir."""
    try:
        chosen = get_setting(store, FOLDER_SETTING)
    except Exception:  # damaged records: the default folder is still worth looking in
        chosen = ""
    return Path(chosen) if chosen else data_paths(store).backups


def uses_default_folder(store: Store) -> bool:
    return backup_folder(store) == data_paths(store).backups


@writes(Perm.BACKUP)
def set_backup_folder(u: Unit, folder: Path | None) -> None:
    """Choose where backups go (None: back to the default folder). Owner only."""
    value = ""
    if folder is not None:
        folder = Path(folder).expanduser()
        if not folder.is_absolute() or not folder.is_dir():
            raise ValidationError("backup folder", lazy("{folder} is not a folder that exists.",
                                                        folder=folder))
        if not os.access(folder, os.W_OK):
            raise ValidationError("backup folder", lazy("PeerHouse cannot write in {folder}.",
                                                        folder=folder))
        value = str(folder)
    u.session.merge(AppSetting(key=FOLDER_SETTING, value=value))
    # The path may hold a person's name: the trail says only whether it is the default.
    u.audit(Action.BACKUP_FOLDER, "setting", FOLDER_SETTING, default=not value)


def _ready_folder(store: Store, folder: Path) -> Path:
    if store.read_only and folder.absolute().is_relative_to(data_paths(store).root.absolute()):
        raise ReadOnlyData(lazy(
            "The data folder is read-only, so no backup can be written inside it. Choose a "
            "folder on another drive to back up to; nothing was changed."))
    if folder == data_paths(store).backups:
        make_private_dir(folder)
    if not folder.is_dir():
        raise PeerHouseError(lazy("The backup folder {folder} is not available (is the USB "
                                  "drive plugged in?). Nothing was changed.", folder=folder))
    return folder


# -- backing up ----------------------------------------------------------------------
def back_up(store: Store, actor: Actor, *, folder: Path | None = None, kind: str = "manual",
            reason: str = "now", progress: Progress | None = None) -> BackupDone:
    """Make one verified backup. Another folder than the chosen one is the owner's call."""
    require(actor, Perm.BACKUP_CREATE if folder is None else Perm.BACKUP)
    if kind not in backup_file.KINDS:
        raise ValidationError("kind", lazy("The kind of backup must be auto or manual."))
    default = folder is None and uses_default_folder(store)
    target = _ready_folder(store, Path(folder) if folder is not None else backup_folder(store))
    created = datetime.now(UTC)
    name = backup.plan_name(target, store, created, kind)
    record_now(store, actor, Action.BACKUP_CREATE, "backup", name, kind=kind, reason=reason,
               folder="default" if default else "chosen")
    try:
        entry = backup.create_backup(store, target, kind, name, created, progress)
    except BaseException as exc:
        try:
            record_now(store, actor, Action.BACKUP_FAILED, "backup", name, error=type(exc).__name__)
        except Exception as inner:  # the failure itself is what the person must see
            log.warning("backup.failed not recorded: %s", type(inner).__name__)
        raise
    pruned: list[Path] = []
    if kind == "auto":
        pruned = retention.prune(target, store.setup_id, entry.path)
        if pruned:
            record_now(store, actor, Action.BACKUP_PRUNE, "backup", entry.path.name,
                       removed=[p.name for p in pruned])
    log.info("backup %s written (%d bytes)", entry.path.name, entry.size)
    return BackupDone(entry, tuple(pruned))


def automatic_backup(store: Store, reason: str,
                     progress: Progress | None = None) -> BackupDone | None:
    """At the first open of a day, and at close when anything changed since the newest backup."""
    folder = backup_folder(store)
    entries = backup.list_backups(folder, store.setup_id)
    if reason == "first_open":
        today = datetime.now().astimezone().date()
        if any(e.kind == "auto" and e.created.astimezone().date() == today for e in entries):
            return None
    elif reason == "close" and entries and not _changed_since(store, entries[0]):
        return None
    return back_up(store, Actor.system(), kind="auto", reason=reason, progress=progress)


def _changed_since(store: Store, newest: BackupEntry) -> bool:
    try:
        seen = backup_file.read(newest.path).manifest.audit_events
    except PeerHouseError:
        return True
    with store.read() as session:
        later = session.exec(select(func.count()).select_from(AuditEvent).where(
            col(AuditEvent.seq) > seen, col(AuditEvent.action).notlike("backup.%"))).one()
    return bool(later)


def list_backups(store: Store, actor: Actor) -> list[BackupEntry]:
    """This set-up's backups in the chosen folder, newest first."""
    require(actor, Perm.BACKUP_CREATE)
    return backup.list_backups(backup_folder(store), store.setup_id)


@dataclass(frozen=True)
class BackupsView:
    """What the Backups tab shows."""

    folder: Path
    default: bool
    available: bool  # False: the chosen folder is not there (a USB drive not plugged in)
    entries: tuple[BackupEntry, ...]


def backups_view(store: Store, actor: Actor) -> BackupsView:
    require(actor, Perm.BACKUP_CREATE)
    folder = backup_folder(store)
    default = folder == data_paths(store).backups
    return BackupsView(folder, default, default or folder.is_dir(),
                       tuple(backup.list_backups(folder, store.setup_id)))


# -- restoring -----------------------------------------------------------------------
def check_backup(paths: DataPaths, actor: Actor, file: Path, key: bytes,
                 progress: Progress | None = None) -> Manifest:
    """Verify a backup completely without changing anything (before asking to restore)."""
    require(actor, Perm.BACKUP)
    return backup.verify_backup(paths, Path(file), key, progress)


def key_for_backup(paths: DataPaths, file: Path, *, password: str = "",
                   recovery_code: str = "") -> bytes:
    """The key that opens a backup: this PC's keyring, or the owner password or recovery
    code that were in use when it was made."""
    return restore_store.backup_key(paths, Path(file), password=password,
                                    recovery_code=recovery_code)


def restore(paths: DataPaths, actor: Actor, file: Path, key: bytes,
            progress: Progress | None = None, *, reason: str = "") -> RestoreDone:
    """Restore `file` (the store must be closed). The previous set is kept aside."""
    require(actor, Perm.BACKUP)
    done = restore_store.restore_backup(paths, Path(file), key, progress)
    store = vault.open_store(paths, key)  # an older backup is migrated (after its own copy)
    try:
        with store.write() as session:
            # The restored records' accounts are not the caller's to re-read: the event
            # names who restored them as they are in the records replaced. from_seq: the
            # restored head; backups made before this restore and past that head belong to
            # the records it replaced (store/anchors.py).
            Unit(session, store, actor).audit(
                Action.BACKUP_RESTORE, "backup", Path(file).name,
                made=done.manifest.created.isoformat(timespec="seconds"),
                from_seq=done.manifest.audit_events,
                kept_as=done.kept_db.name if done.kept_db else "", reason=reason)
        note = vault.remember_key(paths, key)
    except BaseException:
        store.close()
        raise
    return RestoreDone(store, done.manifest, done.kept_db, note)


@dataclass(frozen=True)
class GoodBackup:
    entry: BackupEntry
    manifest: Manifest


def newest_good_backup(paths: DataPaths, key: bytes, folders: list[Path],
                       progress: Progress | None = None) -> GoodBackup | None:
    """The newest backup in `folders` that this key opens and that passes every check."""
    seen: set[Path] = set()
    entries: list[BackupEntry] = []
    for folder in folders:
        for entry in backup.list_backups(folder):
            if entry.path not in seen:
                seen.add(entry.path)
                entries.append(entry)
    entries.sort(key=lambda e: e.order, reverse=True)
    for entry in entries:
        try:
            manifest = backup.verify_backup(paths, entry.path, key, progress)
        except PeerHouseError as exc:
            log.info("backup %s not usable: %s", entry.path.name, type(exc).__name__)
            continue
        return GoodBackup(entry, manifest)
    return None
