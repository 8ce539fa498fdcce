"""Security settings: a new recovery code (and sheet), audited, owner only."""

from __future__ import annotations

from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm, require
from peerhouse.services.unit import writing
from peerhouse.store import vault
from peerhouse.store.engine import Store


def new_recovery_code(store: Store, actor: Actor) -> str:
    """Replace the recovery code. Returns the new code, to be shown once and printed.

    The audit event commits only if the key file was re-wrapped.
    """
    require(actor, Perm.KEYS_MANAGE)
    with writing(store, actor) as u:
        session = u.session
        u.audit("keys.recovery_code", "setup", store.setup_id)
        session.flush()
        return vault.rotate_recovery_code(store)


def setup_id(store: Store) -> str:
    return store.setup_id
