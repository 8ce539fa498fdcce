"""The key file beside the database: the database key wrapped in key slots.

Each slot wraps the same 32-byte database key with AES-256-GCM under a key derived
(Argon2id) from the recovery code or the owner password. GCM's tag tells a wrong
password from a damaged file, and `key_check` tells a wrong database key (from a
keyring, say) from a damaged database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2.exceptions import HashingError
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from peerhouse.errors import DatabaseDamaged, KeyUnavailable, WrongKey
from peerhouse.files import write_atomic
from peerhouse.i18n import lazy
from peerhouse.store import kdf
from peerhouse.store.recovery_code import normalise_code

FORMAT = 1
SLOT_RECOVERY = "recovery"
SLOT_OWNER = "owner_password"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def key_check(db_key: bytes) -> str:
    """A short fingerprint of the key: confirms a key belongs to this set-up."""
    return hmac.new(db_key, b"peerhouse key check v1", hashlib.sha256).hexdigest()[:32]


def new_database_key() -> bytes:
    return secrets.token_bytes(32)


@dataclass
class KeyFile:
    """The parsed key file. `setup_id` names this house set-up (keyring entry, backups)."""

    setup_id: str
    created: str
    check: str
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The owner account whose password wraps the owner slot: its password changes re-wrap it.
    owner_holder: str = ""

    # -- creation and slots -------------------------------------------------
    @classmethod
    def create(
        cls, db_key: bytes, recovery_code: str, owner_password: str, owner_holder: str = ""
    ) -> KeyFile:
        kf = cls(
            setup_id=str(uuid.uuid4()),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            check=key_check(db_key),
            owner_holder=owner_holder,
        )
        kf.set_slot(SLOT_RECOVERY, normalise_code(recovery_code), db_key)
        kf.set_slot(SLOT_OWNER, owner_password, db_key)
        return kf

    def set_slot(self, kind: str, secret: str, db_key: bytes) -> None:
        """(Re)wrap the database key under `secret` in slot `kind`."""
        if not secret:
            raise ValueError("empty secret for key slot")
        params = kdf.DEFAULT_PARAMS
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        wrapping = kdf.derive_key(secret, salt, params)
        ct = AESGCM(wrapping).encrypt(nonce, db_key, self._aad(kind))
        self.slots[kind] = {
            "kdf": {"name": "argon2id", **params.to_json(), "salt": _b64(salt)},
            "nonce": _b64(nonce),
            "wrapped": _b64(ct),
        }

    def unwrap(self, kind: str, secret: str) -> bytes:
        """The database key from slot `kind`, or WrongKey if `secret` does not open it."""
        slot = self.slots.get(kind)
        if slot is None:
            raise DatabaseDamaged(lazy("The key file has no {slot} slot.",
                                       slot=kind.replace("_", " ")))
        if kind == SLOT_RECOVERY:
            secret = normalise_code(secret)
            if not secret:
                raise WrongKey(lazy(
                    "That is not a recovery code: it has 24 letters and digits."))
        try:
            params = kdf.KdfParams.from_json(slot["kdf"])
            wrapping = kdf.derive_key(secret, _unb64(slot["kdf"]["salt"]), params)
            db_key = AESGCM(wrapping).decrypt(
                _unb64(slot["nonce"]), _unb64(slot["wrapped"]), self._aad(kind)
            )
        except InvalidTag:
            raise WrongKey(lazy("That recovery code does not open this database.")
                           if kind == SLOT_RECOVERY else
                           lazy("That owner password does not open this database.")) from None
        except (KeyError, ValueError, TypeError, HashingError) as exc:
            raise DatabaseDamaged(lazy("The key file is damaged and cannot be read.")) from exc
        if not hmac.compare_digest(key_check(db_key), self.check):
            raise DatabaseDamaged(lazy("The key file is damaged: its slots do not agree."))
        return db_key

    def matches(self, db_key: bytes) -> bool:
        return hmac.compare_digest(key_check(db_key), self.check)

    def _aad(self, kind: str) -> bytes:
        return f"peerhouse|{self.setup_id}|{kind}".encode()

    # -- files --------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "format": FORMAT,
            "setup_id": self.setup_id,
            "created": self.created,
            "key_check": self.check,
            "owner_holder": self.owner_holder,
            "slots": self.slots,
        }
        body["checksum"] = _checksum(body)
        return body

    @classmethod
    def from_json(cls, data: Any) -> KeyFile:
        """Parse a key file; any damage (even one flipped bit) is reported as damage,
        so that it is never mistaken for a wrong password."""
        if not isinstance(data, dict):
            raise ValueError("not an object")
        if data.get("format") != FORMAT:
            raise DatabaseDamaged(lazy("The key file is from an unknown version of PeerHouse."))
        body = {k: v for k, v in data.items() if k != "checksum"}
        if not hmac.compare_digest(str(data.get("checksum", "")), _checksum(body)):
            raise ValueError("checksum mismatch")
        slots = data["slots"]
        if not isinstance(slots, dict) or not all(isinstance(v, dict) for v in slots.values()):
            raise ValueError("bad slots")
        return cls(
            setup_id=str(data["setup_id"]),
            created=str(data["created"]),
            check=str(data["key_check"]),
            slots=dict(slots),
            owner_holder=str(data.get("owner_holder", "")),
        )

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls.from_json(data)
        except FileNotFoundError:
            raise
        except DatabaseDamaged:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise DatabaseDamaged(lazy(
                "The key file {name} is damaged. Restore it from a backup "
                "(a backup holds the key file too).", name=path.name)) from exc
        except OSError as exc:
            raise KeyUnavailable(lazy("The key file {name} cannot be read ({problem}).",
                                      name=path.name, problem=exc.strerror)) from exc

    def save(self, path: Path, *, new: bool = False) -> None:
        """Write atomically: a crash leaves either the old file or the new one.

        With `new`, refuse to replace an existing key file (another set-up's).
        """
        write_atomic(path, json.dumps(self.to_json(), indent=2).encode("utf-8"), exclusive=new,
                     keep_mode=True)


def _checksum(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
