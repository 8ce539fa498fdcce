"""Opening and creating the encrypted database: find the key, check it, migrate.

Every path that opens a file first proves the key belongs to it (the key file's
`key_check`), so a wrong key is always reported as a wrong key and never as damage,
and nothing is ever written to a file that could not be opened.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError

from peerhouse.errors import (
    AlreadyExists,
    DatabaseDamaged,
    KeyUnavailable,
    NoKeyring,
    ReadOnlyData,
    RestoreUnfinished,
    WrongKey,
)
from peerhouse.files import create_empty, make_private_dir
from peerhouse.i18n import Message, lazy
from peerhouse.models.audit_actions import Action
from peerhouse.paths import KEYFILE_NAME, DataPaths
from peerhouse.store import (
    audit,
    keyring_slot,
    migrate,
    open_lock,
    read_only,
    restore_journal,
    seal,
    work_dirs,
)
from peerhouse.store.engine import Store, make_engine, probe
from peerhouse.store.keyfile import SLOT_OWNER, SLOT_RECOVERY, KeyFile, new_database_key
from peerhouse.store.recovery_code import new_recovery_code

log = logging.getLogger(__name__)
_NOT_THIS_KEY = lazy("That key does not open this database.")
ALREADY_SET_UP = lazy("{folder} already holds a PeerHouse database; it has not been touched.")


@dataclass(frozen=True)
class NewDatabase:
    """A freshly created set-up: the store, and the recovery code to show exactly once."""

    store: Store
    recovery_code: str
    keyring_message: Message | str


def writable(paths: DataPaths) -> bool:
    """False for a read-only data folder (store/read_only.py)."""
    return read_only.writable(paths.root, paths.db)


def finish_restore(paths: DataPaths) -> bool:
    """The first step of opening a data folder: complete a restore a crash cut short
    (store/restore_journal.py), so the database and key file read next are one set. True
    if there was one. Reading keys never does this on its own (`load_keyfile` refuses)."""
    if not paths.restore_journal.exists():
        return False
    if not writable(paths):
        raise ReadOnlyData(lazy(
            "A restore was cut short in this data folder and cannot be finished while the "
            "folder is read-only. Open it where PeerHouse may write; nothing was changed."))
    return restore_journal.finish(paths)


def load_keyfile(paths: DataPaths) -> KeyFile:
    """The key file beside the database; no side effects. A restore cut short must be
    finished first (`finish_restore`): until then the key file may be of either set."""
    if paths.restore_journal.exists():
        raise RestoreUnfinished(lazy(
            "A restore was cut short in this data folder and is not finished yet. Close "
            "PeerHouse and start it again: it finishes the restore as it opens the records."))
    if not paths.db.exists():
        raise KeyUnavailable(lazy("No PeerHouse database in {folder}. Run 'peerhouse init' "
                                  "first.", folder=paths.root))
    try:
        return KeyFile.load(paths.keyfile)
    except FileNotFoundError:
        raise KeyUnavailable(lazy(
            "The key file {name} is missing beside the database; restore it from a backup.",
            name=paths.keyfile.name)) from None


def key_from_keyring(paths: DataPaths) -> bytes:
    """The key remembered on this PC, or KeyUnavailable saying why there is none."""
    kf = load_keyfile(paths)
    key, reason = keyring_slot.load_key(kf.setup_id)
    if key is None:
        kind = NoKeyring if reason == keyring_slot.NO_KEYRING else KeyUnavailable
        raise kind(lazy("{reason} Unlock with the owner password or the recovery code "
                        "('peerhouse unlock').", reason=reason))
    if not kf.matches(key):
        raise WrongKey(lazy(
            "The key in this computer's keyring belongs to a different PeerHouse database. "
            "Unlock with the owner password or the recovery code."))
    return key


def key_from_secret(paths: DataPaths, *, password: str = "", recovery_code: str = "") -> bytes:
    """Unwrap the key with the owner password or the recovery code."""
    kf = load_keyfile(paths)
    if recovery_code:
        return kf.unwrap(SLOT_RECOVERY, recovery_code)
    if password:
        return kf.unwrap(SLOT_OWNER, password)
    raise KeyUnavailable(lazy("Give the owner password or the recovery code."))


def remember_key(paths: DataPaths, db_key: bytes) -> Message | str:
    """Store the key in the keyring; returns '' or why it could not be stored."""
    kf = load_keyfile(paths)
    if not kf.matches(db_key):
        raise WrongKey(lazy("That key does not belong to this database."))
    return keyring_slot.store_key(kf.setup_id, db_key)


def open_store(paths: DataPaths, db_key: bytes, *, run_migrations: bool = True) -> Store:
    """Open an existing database with a key already proven against the key file.

    An empty or truncated file is damage, never a reason to build a new database.
    """
    kf = load_keyfile(paths)
    if not kf.matches(db_key):
        raise WrongKey(_NOT_THIS_KEY)
    if paths.db.stat().st_size == 0:
        raise DatabaseDamaged(lazy("The database file is empty. Restore the newest good "
                                   "backup; the damaged file has been left as it is."))
    with open(paths.db, "rb") as fh:
        if fh.read(16) == b"SQLite format 3\x00":
            raise DatabaseDamaged(lazy(
                "{name} is a plain, unencrypted SQLite file, not a PeerHouse database "
                "(it may have been replaced). It has been left as it is; restore the newest "
                "good backup.", name=paths.db.name))
    ro = not writable(paths)
    lock = open_lock.shared(paths.root, read_only=ro)
    try:
        engine = make_engine(paths.db, db_key, read_only=ro)
    except BaseException:
        lock.release()
        raise
    try:
        try:
            probe(engine)
        except WrongKey:
            # The key is right for the key file (key_check matched), so the database file
            # is damaged, or is another set-up's file put beside this key file.
            raise DatabaseDamaged(lazy(
                "The database file cannot be decrypted with the key from its key file: it is "
                "damaged, or it belongs to another PeerHouse set-up than the key file beside "
                "it. Restore the newest good backup; the file has been left as it is.")
            ) from None
        with _damage_is_damage():
            if migrate.current_revision(engine) is None:
                raise DatabaseDamaged(lazy(
                    "The database file holds no PeerHouse data (it may be truncated). "
                    "Restore the newest good backup; the file has been left as it is."))
            with engine.connect() as conn:  # before migrations add events of their own
                seal.check(conn, seal.read(paths.seal, seal.seal_key(db_key)))
            if run_migrations and not ro:
                migrate.upgrade(engine, paths.db, db_key)
            elif run_migrations and migrate.refuse_newer(engine) != migrate.head_revision():
                raise ReadOnlyData(read_only.NEEDS_UPDATE)
    except BaseException:
        engine.dispose()
        lock.release()
        raise
    if not ro:  # what a killed backup left behind, unless another process is backing up
        work_dirs.sweep(paths, kf.setup_id, [paths.backups])
    return Store(engine, db_key, kf.setup_id, paths.db, lock, read_only=ro)


@contextlib.contextmanager
def _damage_is_damage() -> Iterator[None]:
    """A page that reads as malformed (or fails its MAC: SQLCipher says "out of memory")
    once the file opened is damage, reported as such; busy or locked errors stay what
    they are."""
    try:
        yield
    except OperationalError:
        raise
    except (SQLAlchemyDatabaseError, MemoryError):
        raise DatabaseDamaged(lazy(
            "The database file is damaged: part of it cannot be read. Restore the newest good "
            "backup; the file has been left as it is.")) from None


def keep_lost_changes(paths: DataPaths, db_key: bytes) -> int:
    """Keep records that lost changes as they are: seal them where they now end, so the
    loss is no longer reported (the person chose this over restoring a backup). Returns
    how many changes were missing (0: an unknown number, or none)."""
    kf = load_keyfile(paths)
    if not kf.matches(db_key):
        raise WrongKey(_NOT_THIS_KEY)
    if not writable(paths):
        raise ReadOnlyData(read_only.MESSAGE)
    lock = open_lock.shared(paths.root)
    engine = make_engine(paths.db, db_key)
    try:
        probe(engine)
        key = seal.seal_key(db_key)
        with _damage_is_damage(), engine.connect() as conn:
            seq, hash_ = seal.records_head(conn)
        sealed = seal.read(paths.seal, key)
        seal.reset(paths.seal, key, seq, hash_)
    finally:
        engine.dispose()
        lock.release()
    return max(sealed.seq - seq, 0) if sealed is not None else 0


def open_from_keyring(paths: DataPaths) -> Store:
    return open_store(paths, key_from_keyring(paths))


@contextlib.contextmanager
def _setup_lock(paths: DataPaths) -> Iterator[None]:
    """Only one set-up at a time may create files in a data dir."""
    make_private_dir(paths.root)
    lock = paths.root / "peerhouse.setup-lock"
    try:
        create_empty(lock)
    except FileExistsError:
        raise AlreadyExists(lazy(
            "Another set-up is running in {folder}, or one was interrupted. "
            "If none is running, delete {name} and try again.",
            folder=paths.root, name=lock.name)) from None
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def create_database(paths: DataPaths, owner_password: str, owner_username: str = "") -> NewDatabase:
    """Create the key file and an empty, migrated database. Refuses if either exists.

    If anything fails part-way, the files this call created are removed again.
    """
    with _setup_lock(paths):
        if paths.exists():
            raise AlreadyExists(ALREADY_SET_UP.with_values(folder=paths.root))
        db_key = new_database_key()
        code = new_recovery_code()
        kf = KeyFile.create(db_key, code, owner_password, owner_username)
        try:
            kf.save(paths.keyfile, new=True)
        except FileExistsError:
            raise AlreadyExists(lazy("{folder} already holds a PeerHouse key file.",
                                     folder=paths.root)) from None
        lock = open_lock.shared(paths.root)
        create_empty(paths.db)
        engine = make_engine(paths.db, db_key)
        store = Store(engine, db_key, kf.setup_id, paths.db, lock)
        try:
            migrate.upgrade(engine, paths.db, db_key)
            with store.write() as session:
                # The genesis event: an audit trail can never be legitimately empty.
                audit.append(session, store.audit_key, actor="system",
                             action=Action.DATABASE_CREATE, entity="setup",
                             entity_id=kf.setup_id)
        except BaseException:
            store.close()
            for created in (paths.db, paths.keyfile, paths.seal, *paths.wal_files()):
                created.unlink(missing_ok=True)
            raise
    message = keyring_slot.store_key(kf.setup_id, db_key)
    return NewDatabase(store, code, message)


def keyfile_of(store: Store) -> KeyFile:
    return KeyFile.load(store.path.with_name(KEYFILE_NAME))


def proves_recovery_code(store: Store, code: str) -> None:
    """WrongKey unless `code` is this database's current recovery code."""
    if keyfile_of(store).unwrap(SLOT_RECOVERY, code) != store._db_key:
        raise WrongKey(lazy("That recovery code does not belong to these records."))


def owner_slot_holder(store: Store) -> str:
    """The username whose password wraps the owner slot ('' if none is recorded)."""
    return keyfile_of(store).owner_holder


def rewrap_owner_slot(store: Store, new_password: str, holder: str) -> None:
    """Re-wrap the owner slot under `holder`'s new password (the recovery slot is unchanged)."""
    store.require_writable()
    kf = keyfile_of(store)
    kf.set_slot(SLOT_OWNER, new_password, store._db_key)
    kf.owner_holder = holder
    kf.save(store.path.with_name(KEYFILE_NAME))


def rotate_recovery_code(store: Store) -> str:
    """Wrap the key under a brand-new recovery code; the old code stops working.

    The code itself is never stored, so "re-saving the recovery sheet" means making a
    new code and printing it.
    """
    store.require_writable()
    code = new_recovery_code()
    kf = keyfile_of(store)
    kf.set_slot(SLOT_RECOVERY, code, store._db_key)
    kf.save(store.path.with_name(KEYFILE_NAME))
    return code


def change_owner_password(paths: DataPaths, db_key: bytes, new_password: str) -> None:
    """Re-wrap the owner slot under a new password (the recovery slot is unchanged)."""
    kf = load_keyfile(paths)
    if not kf.matches(db_key):
        raise WrongKey(_NOT_THIS_KEY)
    kf.set_slot(SLOT_OWNER, new_password, db_key)
    kf.save(paths.keyfile)
