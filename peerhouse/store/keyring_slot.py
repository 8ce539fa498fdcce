"""The OS keyring as a convenience slot: the app opens without a prompt on its own PC.

Any keyring failure (none installed, locked, refused) is reported as "no key here",
never as a reason to fall back to storing the key in plaintext.
"""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.errors import KeyringError

SERVICE = "PeerHouse"
log = logging.getLogger(__name__)
NO_KEYRING = "The system keyring is not available on this computer."


def _username(setup_id: str) -> str:
    return f"database-key:{setup_id}"


def load_key(setup_id: str) -> tuple[bytes | None, str]:
    """The key from the keyring, or None and a short reason for a person to read."""
    try:
        value = keyring.get_password(SERVICE, _username(setup_id))
    except (KeyringError, RuntimeError, OSError) as exc:
        log.info("keyring unavailable: %s", type(exc).__name__)
        return None, NO_KEYRING
    if not value:
        return None, "The database key is not stored in this computer's keyring."
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None, "The keyring entry for PeerHouse is damaged."
    if len(key) != 32:
        return None, "The keyring entry for PeerHouse is damaged."
    return key, ""


def store_key(setup_id: str, db_key: bytes) -> str:
    """Remember the key; returns '' on success or a reason it could not be stored."""
    try:
        keyring.set_password(SERVICE, _username(setup_id), db_key.hex())
    except (KeyringError, RuntimeError, OSError) as exc:
        log.info("keyring store failed: %s", type(exc).__name__)
        return "The system keyring is not available, so the key was not remembered."
    return ""


def forget_key(setup_id: str) -> None:
    with contextlib.suppress(KeyringError, RuntimeError, OSError):
        keyring.delete_password(SERVICE, _username(setup_id))
