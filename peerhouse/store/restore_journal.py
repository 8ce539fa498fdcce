"""Putting a restored database and key file in place so a crash never leaves a mix.

Two files cannot be renamed at once, so a restore writes a small journal first (after
the new files were verified and flushed in a staging folder), then moves the current
set aside and the new set in, the database last. Every step can be repeated: if the
process dies half-way, the next open finds the journal and finishes the same steps, so
afterwards either the old set (nothing moved yet) or the new one is complete, and the
old one is always kept under its dated name. The journal is read before anything else
opens the data dir (`vault.finish_restore`, the first step of opening; reading the key
file refuses while a journal is there).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from peerhouse.errors import DatabaseDamaged, WriteFailed
from peerhouse.files import fsync_dir, write_atomic
from peerhouse.i18n import lazy
from peerhouse.paths import DB_NAME, KEYFILE_NAME, DataPaths
from peerhouse.store import open_lock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Plan:
    """Names inside the data dir: the staging folder and where the current set goes."""

    staging: str  # relative to the data dir
    aside_db: str
    aside_keys: str

    def to_bytes(self) -> bytes:
        return json.dumps({"restore": 1, **asdict(self)}).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Plan:
        body = json.loads(data.decode("utf-8"))
        plan = cls(str(body["staging"]), str(body["aside_db"]), str(body["aside_keys"]))
        for name in (plan.aside_db, plan.aside_keys):
            if Path(name).name != name:
                raise ValueError("names must stay in the data dir")
        staging = Path(plan.staging)
        if staging.is_absolute() or ".." in staging.parts or not staging.parts:
            raise ValueError("the staging folder must be inside the data dir")
        return plan


def run(paths: DataPaths, plan: Plan) -> None:
    """Swap the sets. A failure (not a crash) before the database moved puts the old set back."""
    write_atomic(paths.restore_journal, plan.to_bytes())
    try:
        _apply(paths, plan)
    except OSError as exc:
        committed = not (paths.root / plan.staging / DB_NAME).exists()
        if committed:  # the new set is in place; only tidying failed
            log.warning("restore tidy-up failed: %s", type(exc).__name__)
            return
        _undo(paths, plan)
        raise WriteFailed(lazy(
            "The restore could not put the files in place ({problem}; is PeerHouse open on "
            "another screen?). The current records were left as they were.",
            problem=exc.strerror or type(exc).__name__)) from exc


def finish(paths: DataPaths, *, locked: bool = False) -> bool:
    """Complete a restore that was interrupted. True if there was one.

    The files are swapped only while no other process has the records open (the
    data dir's exclusive lock; `locked` when the caller already holds it).
    """
    journal = paths.restore_journal
    if not journal.exists():
        return False
    if not locked:
        with open_lock.exclusive(paths.root):
            return finish(paths, locked=True)
    try:
        plan = Plan.from_bytes(journal.read_bytes())
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DatabaseDamaged(lazy(
            "An interrupted restore left {name} in {folder} and it cannot be read. "
            "Nothing was changed; ask for help before deleting anything.",
            name=journal.name, folder=paths.root)) from exc
    log.info("finishing an interrupted restore")
    try:
        _apply(paths, plan)
    except FileNotFoundError:
        if journal.exists():  # not another process finishing the same restore just now
            raise
    return True


def aside_names(paths: DataPaths, stamp: str) -> tuple[str, str]:
    """`peerhouse.before-restore-<stamp>.db` / `.keys`, never an existing name."""
    for n in range(100):
        base = f"peerhouse.before-restore-{stamp}" + (f"-{n}" if n else "")
        names = (base + ".db", base + ".keys")
        if not any((paths.root / x).exists() for x in names):
            return names
    raise WriteFailed(lazy("Too many earlier restores named {stamp} in {folder}.",
                           stamp=stamp, folder=paths.root))


def _apply(paths: DataPaths, plan: Plan) -> None:
    root = paths.root
    staging = root / plan.staging
    staged_db, staged_keys = staging / DB_NAME, staging / KEYFILE_NAME
    aside_db, aside_keys = root / plan.aside_db, root / plan.aside_keys
    if staged_db.exists():
        # The new database is not in place yet, so what is live now is the old set.
        _set_aside(paths.db, aside_db)
        # An old WAL must never meet the new database, nor the old set's commit seal
        # (the restored records end earlier: that is no loss).
        for wal in _beside_db(paths):
            _set_aside(wal, aside_db.with_name(aside_db.name + wal.name[len(DB_NAME):]))
        if staged_keys.exists():
            _set_aside(paths.keyfile, aside_keys)
            os.replace(staged_keys, paths.keyfile)
        fsync_dir(root)
        os.replace(staged_db, paths.db)  # the moment the new set becomes the live one
        fsync_dir(root)
    shutil.rmtree(staging, ignore_errors=True)
    paths.restore_journal.unlink(missing_ok=True)
    fsync_dir(root)


def _beside_db(paths: DataPaths) -> list[Path]:
    """The files that belong to one database file: its WAL, shared memory and commit seal."""
    return [*paths.wal_files(), paths.seal]


def _set_aside(live: Path, aside: Path) -> None:
    """Move `live` to `aside`; never over something already kept there."""
    if not live.exists():
        return
    target, n = aside, 1
    while target.exists():
        target = aside.with_name(f"{aside.stem}-{n}{aside.suffix}")
        n += 1
    os.replace(live, target)


def _undo(paths: DataPaths, plan: Plan) -> None:
    """Put the old set back after a failed (not crashed) swap; the new set stays staged."""
    root = paths.root
    staging = root / plan.staging
    aside_db, aside_keys = root / plan.aside_db, root / plan.aside_keys
    try:
        if aside_keys.exists():
            if paths.keyfile.exists() and not (staging / KEYFILE_NAME).exists():
                os.replace(paths.keyfile, staging / KEYFILE_NAME)
            os.replace(aside_keys, paths.keyfile)
        if aside_db.exists() and not paths.db.exists():
            os.replace(aside_db, paths.db)
        for wal in _beside_db(paths):
            kept = aside_db.with_name(aside_db.name + wal.name[len(DB_NAME):])
            if kept.exists() and not wal.exists():
                os.replace(kept, wal)
        paths.restore_journal.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        fsync_dir(root)
    except OSError:
        log.error("could not put the old set back after a failed restore; the journal stays")
