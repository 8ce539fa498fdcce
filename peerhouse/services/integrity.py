"""Checking the records: SQLite structure, SQLCipher page MACs and the audit chain.

The checks themselves live in the store (`peerhouse check` runs them with the key
only); the windows come through here, so the audit viewer's "Verify chain" is the
owner's, and the quick check at open runs as the program itself.
"""

from __future__ import annotations

from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm, require
from peerhouse.store.checks import CheckReport, run_checks
from peerhouse.store.engine import Store

__all__ = ["CheckReport", "check_records"]


def check_records(store: Store, actor: Actor, *, quick: bool = False) -> CheckReport:
    """Every check (`quick`: SQLite's quick_check, no page MAC walk); reads only."""
    require(actor, Perm.AUDIT_READ)
    return run_checks(store, quick=quick)
