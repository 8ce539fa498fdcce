"""Security settings: a new recovery code (and sheet), audited, owner only."""

from __future__ import annotations

from peerhouse.models.audit_actions import Action
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, writes
from peerhouse.store import vault
from peerhouse.store.engine import Store


@writes(Perm.KEYS_MANAGE)
def new_recovery_code(u: Unit) -> str:
    """Replace the recovery code. Returns the new code, to be shown once and printed.

    The audit event commits only if the key file was re-wrapped.
    """
    u.audit(Action.KEYS_RECOVERY_CODE, "setup", u.store.setup_id)
    u.session.flush()
    return vault.rotate_recovery_code(u.store)


def setup_id(store: Store) -> str:
    return store.setup_id
