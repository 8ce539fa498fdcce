"""Checking the records: SQLite structure, SQLCipher page MACs, the audit chain, the rows
against their seals and the chain against the heads recorded in the backups.

The checks themselves live in the store (`peerhouse check` runs them with the key
only); the windows come through here, so the audit viewer's "Verify chain" is the
owner's, and the quick check at open runs as the program itself.
"""

from __future__ import annotations

from peerhouse.models.audit_actions import Action
from peerhouse.paths import DataPaths
from peerhouse.services.actor import Actor
from peerhouse.services.backups import backup_folder, data_paths
from peerhouse.services.permissions import Perm, require
from peerhouse.services.unit import confirm, record_now
from peerhouse.store import vault
from peerhouse.store.anchors import Anchor, backup_anchors
from peerhouse.store.checks import CheckReport, run_checks
from peerhouse.store.engine import Store

__all__ = ["CheckReport", "backup_heads", "check_records", "keep_records_as_they_are"]


def backup_heads(store: Store) -> list[Anchor]:
    """The chain head in the manifest of each backup of these records, in the data folder's
    backups/ and the folder chosen in Settings (a USB drive: outside the key's reach)."""
    folders = list(dict.fromkeys([data_paths(store).backups, backup_folder(store)]))
    return backup_anchors(folders, store.setup_id)


def check_records(store: Store, actor: Actor, *, quick: bool = False) -> CheckReport:
    """Every check (`quick`: SQLite's quick_check, no page MAC walk, no row seals and no
    backup heads); reads only."""
    require(actor, Perm.AUDIT_READ)
    confirm(store, actor)
    return run_checks(store, quick=quick, backups=None if quick else backup_heads(store))


def keep_records_as_they_are(paths: DataPaths, key: bytes, how: str) -> Store:
    """Records that lost their last changes (store/seal.py), kept instead of restoring an
    older backup: nothing in the file changes, the loss is no longer reported, and the
    decision is in the audit trail (with `how` it was taken: the window, the command line).
    Returns the opened records."""
    lost = vault.keep_lost_changes(paths, key)
    store = vault.open_store(paths, key)
    try:
        record_now(store, Actor.system(), Action.RECORDS_KEPT_AFTER_LOSS, "setup", store.setup_id,
                   lost=lost, how=how)
    except BaseException:
        store.close()
        raise
    return store
