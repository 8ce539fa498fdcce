"""Restoring a backup: find its key, verify it completely, then swap it in atomically.

Nothing in the data dir changes until the backup has been extracted into a private
staging folder there and passed every check; then `restore_journal` swaps the files,
keeping the current database and key file aside under a dated name (a damaged file
included: it is never overwritten). A wrong password or code restores nothing.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from peerhouse.errors import BackupInvalid, KeyUnavailable, PeerHouseError, WrongKey
from peerhouse.files import fsync_dir, make_private_dir, write_atomic
from peerhouse.i18n import lazy
from peerhouse.paths import DB_NAME, KEYFILE_NAME, DataPaths
from peerhouse.store import backup_file, keyring_slot, open_lock, restore_journal
from peerhouse.store.backup import Progress, verify_into
from peerhouse.store.backup_file import BackupContents, Manifest
from peerhouse.store.keyfile import SLOT_OWNER, SLOT_RECOVERY, KeyFile
from peerhouse.store.work_dirs import new_work_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    kept_db: Path | None  # where the previous database now is (None: there was none)


def backup_key(paths: DataPaths, file: Path, *, password: str = "",
               recovery_code: str = "") -> bytes:
    """The key that opens a backup: from the owner password or recovery code, else the
    keyring of this PC (by the backup's own set-up id)."""
    contents = backup_file.read(file)
    kf = contents.keyfile
    if password or recovery_code:
        slot, secret = (SLOT_RECOVERY, recovery_code) if recovery_code else (SLOT_OWNER, password)
        try:
            return kf.unwrap(slot, secret)
        except WrongKey:
            # The code may have been renewed since the backup: the current key file of the
            # same set-up holds the new one, and the database key never changes.
            current = current_keyfile(paths, kf)
            if current is not None:
                with contextlib.suppress(WrongKey):
                    key = current.unwrap(slot, secret)
                    if kf.matches(key):
                        return key
        raise WrongKey(lazy(
            "That recovery code does not open this backup. A backup opens with the recovery "
            "code that was in use when it was made. Nothing was changed.") if recovery_code
            else lazy(
            "That owner password does not open this backup. A backup opens with the owner "
            "password that was in use when it was made. Nothing was changed."))
    key, reason = keyring_slot.load_key(kf.setup_id)
    if key is None or not kf.matches(key):
        why = reason or lazy("This computer's keyring holds a different key.")
        raise KeyUnavailable(lazy("{why} Give the owner password or the recovery code that "
                                  "were in use when the backup was made.", why=why))
    return key


def current_keyfile(paths: DataPaths, other: KeyFile) -> KeyFile | None:
    """The data dir's key file if it belongs to the same set-up as `other` (same key)."""
    try:
        current = KeyFile.load(paths.keyfile)
    except (OSError, PeerHouseError):
        return None
    if current.setup_id != other.setup_id or current.check != other.check:
        return None
    return current


def restore_backup(paths: DataPaths, file: Path, key: bytes,
                   progress: Progress | None = None) -> Restored:
    """Verify `file`, keep the current set aside, put the backup's set in place.

    The database must not be open anywhere (the caller closes its store first).
    """
    make_private_dir(paths.root)
    with open_lock.exclusive(paths.root):  # no kiosk or other window may hold the old file
        return _restore(paths, file, key, progress)


def _restore(paths: DataPaths, file: Path, key: bytes, progress: Progress | None) -> Restored:
    restore_journal.finish(paths, locked=True)  # an earlier interrupted restore comes first
    contents = backup_file.read(file)
    staging = new_work_dir(paths, "restore")
    try:
        verified = verify_into(file, key, staging, progress, contents=contents)
        _keys_to_restore(paths, contents, staging / KEYFILE_NAME)
        for wal in (staging / (DB_NAME + "-wal"), staging / (DB_NAME + "-shm")):
            if wal.exists():  # the verification closed cleanly: no WAL may be left
                raise BackupInvalid(lazy("{name} could not be prepared for restoring.",
                                         name=file.name))
        fsync_dir(staging)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside_db, aside_keys = restore_journal.aside_names(paths, stamp)
        had_db = paths.db.exists()
        plan = restore_journal.Plan(str(staging.relative_to(paths.root)), aside_db, aside_keys)
        restore_journal.run(paths, plan)
    except BaseException:
        if not paths.restore_journal.exists():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("restored a backup; the previous set is kept aside")
    return Restored(verified.manifest, paths.root / aside_db if had_db else None)


def _keys_to_restore(paths: DataPaths, contents: BackupContents, dest: Path) -> None:
    """The backup's key file, but with the recovery slot of the current key file when both
    belong to the same set-up: a recovery code replaced since the backup (perhaps because
    someone saw it) must not start working again, and the code in the safe keeps working.
    The owner slot stays the backup's, matching the owner password in the restored records.
    """
    current = current_keyfile(paths, contents.keyfile)
    dest.unlink(missing_ok=True)
    if current is None or SLOT_RECOVERY not in current.slots:
        write_atomic(dest, contents.keys)
        return
    merged = KeyFile.from_json(contents.keyfile.to_json())
    merged.slots[SLOT_RECOVERY] = current.slots[SLOT_RECOVERY]
    merged.save(dest)
