"""The OS keyring as a convenience slot: the app opens without a prompt on its own PC.

Only a secure keyring is used: the one the operating system keeps (Windows Credential
Manager, the macOS Keychain, a Secret Service or KWallet on Linux). The `keyring`
library picks a backend by itself, and with `keyrings.alt` installed and no Secret
Service it picks one that writes secrets into a plain file; such a backend, or a
null/failing one, chosen automatically is never used: PeerHouse then behaves as on a
PC with no keyring (it asks for the owner password or the recovery code). A backend the
operator names (PYTHON_KEYRING_BACKEND, or keyring's own configuration file) is used,
with a one-line warning when it keeps secrets in a plain file.

Any keyring failure (none installed, locked, refused) is reported as "no key here",
never as a reason to fall back to storing the key in plaintext.
"""

from __future__ import annotations

import configparser
import contextlib
import logging
import os

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, NoKeyringError

from peerhouse.i18n import Message, lazy

SERVICE = "PeerHouse"
log = logging.getLogger(__name__)
NO_KEYRING = lazy("This computer has no secure keyring to keep the database key in.")
NOT_STORED = lazy("This computer has no secure keyring, so the key was not remembered.")
REFUSED = lazy("The computer's keyring did not take the key, so it was not remembered.")
_DAMAGED = lazy("The keyring entry for PeerHouse is damaged.")
# The keyring library's own backends that are the operating system's stores; its
# others are no store at all (`fail`, `null`) or a combination (`chainer`).
_NOT_STORES = ("keyring.backends.fail", "keyring.backends.null", "keyring.backends.chainer")
_warned: set[str] = set()


def _username(setup_id: str) -> str:
    return f"database-key:{setup_id}"


def _named_by_operator() -> bool:
    """True when the operator chose the backend: the environment or keyring's config file."""
    if os.environ.get("PYTHON_KEYRING_BACKEND", "").strip():
        return True
    from keyring.util import platform_

    config = configparser.RawConfigParser()
    with contextlib.suppress(OSError, configparser.Error):
        config.read(platform_.config_root() / "keyringrc.cfg", encoding="utf-8")
        return bool(config.get("backend", "default-keyring", fallback="").strip())
    return False


def _name(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def is_os_store(backend: KeyringBackend) -> bool:
    name = _name(backend)
    return name.startswith("keyring.backends.") and not name.startswith(_NOT_STORES)


def keeps_plain_file(backend: KeyringBackend) -> bool:
    """A backend that writes secrets into a file anyone who can read it can use."""
    name = type(backend).__qualname__.lower()
    return "plaintext" in name or (hasattr(backend, "file_path") and "encrypt" not in name)


def _is_no_store(backend: KeyringBackend) -> bool:
    return _name(backend).startswith(_NOT_STORES[:2])


def secure_backend() -> KeyringBackend | None:
    """The keyring PeerHouse may keep the key in, or None (behave as with no keyring)."""
    try:
        chosen = keyring.get_keyring()
    except Exception as exc:  # a named backend that cannot load: no keyring here
        log.info("keyring unavailable: %s", type(exc).__name__)
        return None
    if _is_no_store(chosen):
        return None
    if _named_by_operator():
        if keeps_plain_file(chosen) and _name(chosen) not in _warned:
            _warned.add(_name(chosen))
            log.warning("Warning: the keyring named in the settings (%s) keeps the database "
                        "key in a plain file.", type(chosen).__name__)
        return chosen
    if is_os_store(chosen):
        return chosen
    # Several backends chained together: only the operating system's stores among them.
    chained = [b for b in getattr(chosen, "backends", []) if is_os_store(b)]
    if chained:
        return chained[0]
    log.info("no secure keyring: %s is not used", type(chosen).__name__)
    return None


def load_key(setup_id: str) -> tuple[bytes | None, Message | str]:
    """The key from the keyring, or None and a short reason for a person to read."""
    backend = secure_backend()
    if backend is None:
        return None, NO_KEYRING
    try:
        value = backend.get_password(SERVICE, _username(setup_id))
    except (KeyringError, RuntimeError, OSError) as exc:
        log.info("keyring unavailable: %s", type(exc).__name__)
        return None, NO_KEYRING
    if not value:
        return None, lazy("The database key is not stored in this computer's keyring.")
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None, _DAMAGED
    if len(key) != 32:
        return None, _DAMAGED
    return key, ""


def store_key(setup_id: str, db_key: bytes) -> Message | str:
    """Remember the key; returns '' on success or a reason it could not be stored."""
    backend = secure_backend()
    if backend is None:
        return NOT_STORED
    try:
        backend.set_password(SERVICE, _username(setup_id), db_key.hex())
    except (KeyringError, RuntimeError, OSError) as exc:
        log.info("keyring store failed: %s", type(exc).__name__)
        return NOT_STORED if isinstance(exc, NoKeyringError) else REFUSED
    return ""


def forget_key(setup_id: str) -> None:
    backend = secure_backend()
    if backend is not None:
        with contextlib.suppress(KeyringError, RuntimeError, OSError):
            backend.delete_password(SERVICE, _username(setup_id))
