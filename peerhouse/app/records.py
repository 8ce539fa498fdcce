"""Opening the records: what the windows and the command line do at start-up, in order.

1. Finish a restore a crash cut short (`finish_restore`): explicit, first, so the key file
   and database read next are one set (reading keys never does it on its own).
2. Find the key: this computer's keyring, or the owner password or recovery code.
3. Open: the key proven against the key file, damage and lost changes reported as such,
   migrations run (`open_records`).

The types the windows name (the open records, a backup's entry and manifest, the watch for
changes saved by another process) are named here too, so a window needs nothing from
`peerhouse.store`.
"""

from __future__ import annotations

from peerhouse.paths import DataPaths
from peerhouse.store import keyring_slot, vault
from peerhouse.store.backup import BackupEntry
from peerhouse.store.backup_file import Manifest
from peerhouse.store.changes import ChangeWatch
from peerhouse.store.engine import Store

__all__ = ["BackupEntry", "ChangeWatch", "Manifest", "Store", "finish_restore", "forget_key",
           "key_at_start", "key_from_secret", "keep_lost_changes", "open_from_keyring",
           "open_records", "remember_key"]

finish_restore = vault.finish_restore
key_from_secret = vault.key_from_secret
remember_key = vault.remember_key
open_records = vault.open_store
keep_lost_changes = vault.keep_lost_changes


def key_at_start(paths: DataPaths) -> bytes:
    """Start-up's first steps: finish a restore cut short, then the key this computer's
    keyring remembers (KeyUnavailable / NoKeyring / WrongKey saying why there is none)."""
    finish_restore(paths)
    return vault.key_from_keyring(paths)


def forget_key(store: Store) -> None:
    """This computer's keyring forgets the key of `store`'s records: for throw-away records
    (the screenshot makers' demo set-up) that must leave nothing behind on the PC."""
    keyring_slot.forget_key(store.setup_id)


def open_from_keyring(paths: DataPaths) -> Store:
    """The records opened with the key this computer remembers (the kiosk's start)."""
    return open_records(paths, key_at_start(paths))
