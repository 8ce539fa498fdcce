"""Checking the records: SQLite structure, SQLCipher page MACs and the audit chain.

The checks themselves live in the store (`peerhouse check` runs them with the key
only); the windows come through here, so the audit viewer's "Verify chain" is the
owner's, and the quick check at open runs as the program itself.
"""

from __future__ import annotations

from peerhouse.paths import DataPaths
from peerhouse.services.actor import Actor
from peerhouse.services.audit_trail import record_now
from peerhouse.services.permissions import Perm, require
from peerhouse.store import vault
from peerhouse.store.checks import CheckReport, run_checks
from peerhouse.store.engine import Store

__all__ = ["CheckReport", "check_records", "keep_records_as_they_are"]


def check_records(store: Store, actor: Actor, *, quick: bool = False) -> CheckReport:
    """Every check (`quick`: SQLite's quick_check, no page MAC walk); reads only."""
    require(actor, Perm.AUDIT_READ)
    return run_checks(store, quick=quick)


def keep_records_as_they_are(paths: DataPaths, key: bytes, how: str) -> Store:
    """Records that lost their last changes (store/seal.py), kept instead of restoring an
    older backup: nothing in the file changes, the loss is no longer reported, and the
    decision is in the audit trail (with `how` it was taken: the window, the command line).
    Returns the opened records."""
    lost = vault.keep_lost_changes(paths, key)
    store = vault.open_store(paths, key)
    try:
        record_now(store, Actor.system(), "records.kept_after_loss", "setup", store.setup_id,
                   lost=lost, how=how)
    except BaseException:
        store.close()
        raise
    return store
