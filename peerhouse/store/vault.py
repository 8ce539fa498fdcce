"""Opening and creating the encrypted database: find the key, check it, migrate.

Every path that opens a file first proves the key belongs to it (the key file's
`key_check`), so a wrong key is always reported as a wrong key and never as damage,
and nothing is ever written to a file that could not be opened.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import DatabaseError

from peerhouse.errors import (
    AlreadyExists,
    DatabaseDamaged,
    KeyUnavailable,
    WrongKey,
)
from peerhouse.paths import DataPaths
from peerhouse.store import keyring_slot, migrate
from peerhouse.store.engine import Store, make_engine, probe
from peerhouse.store.keyfile import SLOT_OWNER, SLOT_RECOVERY, KeyFile, new_database_key
from peerhouse.store.recovery_code import new_recovery_code

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewDatabase:
    """A freshly created set-up: the store, and the recovery code to show exactly once."""

    store: Store
    recovery_code: str
    keyring_message: str


def load_keyfile(paths: DataPaths) -> KeyFile:
    if not paths.db.exists():
        raise KeyUnavailable(f"No PeerHouse database in {paths.root}. Run 'peerhouse init' first.")
    try:
        return KeyFile.load(paths.keyfile)
    except FileNotFoundError:
        raise KeyUnavailable(
            f"The key file {paths.keyfile.name} is missing beside the database; "
            "restore it from a backup."
        ) from None


def key_from_keyring(paths: DataPaths) -> bytes:
    """The key remembered on this PC, or KeyUnavailable saying why there is none."""
    kf = load_keyfile(paths)
    key, reason = keyring_slot.load_key(kf.setup_id)
    if key is None:
        raise KeyUnavailable(
            f"{reason} Unlock with the owner password or the recovery code "
            "('peerhouse unlock')."
        )
    if not kf.matches(key):
        raise WrongKey(
            "The key in this computer's keyring belongs to a different PeerHouse database. "
            "Unlock with the owner password or the recovery code."
        )
    return key


def key_from_secret(paths: DataPaths, *, password: str = "", recovery_code: str = "") -> bytes:
    """Unwrap the key with the owner password or the recovery code."""
    kf = load_keyfile(paths)
    if recovery_code:
        return kf.unwrap(SLOT_RECOVERY, recovery_code)
    if password:
        return kf.unwrap(SLOT_OWNER, password)
    raise KeyUnavailable("Give the owner password or the recovery code.")


def remember_key(paths: DataPaths, db_key: bytes) -> str:
    """Store the key in the keyring; returns '' or why it could not be stored."""
    kf = load_keyfile(paths)
    if not kf.matches(db_key):
        raise WrongKey("That key does not belong to this database.")
    return keyring_slot.store_key(kf.setup_id, db_key)


def open_store(paths: DataPaths, db_key: bytes, *, run_migrations: bool = True) -> Store:
    """Open an existing database with a key already proven against the key file."""
    kf = load_keyfile(paths)
    if not kf.matches(db_key):
        raise WrongKey("That key does not open this database.")
    engine = make_engine(paths.db, db_key)
    try:
        try:
            probe(engine)
        except WrongKey:
            # The key is right (key_check matched), so the file itself is damaged.
            raise DatabaseDamaged(
                "The database file is damaged and cannot be decrypted. "
                "Restore the newest good backup; the damaged file has been left as it is."
            ) from None
        if run_migrations:
            migrate.upgrade(engine, paths.db, db_key)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, db_key, kf.setup_id, paths.db)


def open_from_keyring(paths: DataPaths) -> Store:
    return open_store(paths, key_from_keyring(paths))


def create_database(paths: DataPaths, owner_password: str) -> NewDatabase:
    """Create the key file and an empty, migrated database. Refuses if either exists."""
    if paths.exists():
        raise AlreadyExists(
            f"{paths.root} already holds a PeerHouse database; it has not been touched."
        )
    paths.root.mkdir(parents=True, exist_ok=True)
    db_key = new_database_key()
    code = new_recovery_code()
    kf = KeyFile.create(db_key, code, owner_password)
    kf.save(paths.keyfile)
    engine = make_engine(paths.db, db_key)
    try:
        migrate.upgrade(engine, paths.db, db_key)
    except (DatabaseError, OSError):
        engine.dispose()
        raise
    message = keyring_slot.store_key(kf.setup_id, db_key)
    return NewDatabase(Store(engine, db_key, kf.setup_id, paths.db), code, message)


def change_owner_password(paths: DataPaths, db_key: bytes, new_password: str) -> None:
    """Re-wrap the owner slot under a new password (the recovery slot is unchanged)."""
    kf = load_keyfile(paths)
    if not kf.matches(db_key):
        raise WrongKey("That key does not open this database.")
    kf.set_slot(SLOT_OWNER, new_password, db_key)
    kf.save(paths.keyfile)
