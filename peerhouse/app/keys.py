"""The database key as the Settings windows see it: which account's password unlocks it.

Changing a password or the recovery code goes through the services (`services.accounts`,
`services.security`), which re-lock the key file in the same step as their audit event; the
windows only need to know who holds the key, to mark that account and to say that a new
password for it re-locks the key file too.
"""

from __future__ import annotations

from peerhouse.services.unit import Unit
from peerhouse.store import vault
from peerhouse.store.engine import Store

__all__ = ["key_holder", "key_holder_of"]


def key_holder(store: Store) -> str:
    """The username whose password unlocks the database key ('' if none is recorded)."""
    return vault.owner_slot_holder(store)


def key_holder_of(u: Unit) -> str:
    """`key_holder` as a window's read (`ReadOp(key_holder_of)`): as someone still signed in."""
    return key_holder(u.store)
