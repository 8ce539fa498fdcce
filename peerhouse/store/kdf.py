"""Argon2id key derivation for the key slots.

Parameters are stored with each slot so that stronger settings later never lock
out an older key file.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost settings (memory in KiB)."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 2

    def to_json(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, int]) -> KdfParams:
        return cls(int(data["time_cost"]), int(data["memory_cost"]), int(data["parallelism"]))


# Module-level so tests can swap in cheap parameters; production keeps these.
DEFAULT_PARAMS = KdfParams()


def subkey(db_key: bytes, purpose: bytes) -> bytes:
    """A key for one purpose (the audit chain, the commit seal), derived from the database
    key: whoever holds the records' key can check them, and no one else."""
    return hmac.new(db_key, purpose, hashlib.sha256).digest()


def derive_key(secret: str, salt: bytes, params: KdfParams) -> bytes:
    """A 32-byte wrapping key from a password or recovery code."""
    return hash_secret_raw(
        secret=secret.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )
