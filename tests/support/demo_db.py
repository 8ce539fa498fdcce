"""A small demo database built once per test module (a few months of one 16-bed house).

Module-scoped fixtures cannot use the per-test keyring and cheap-KDF patches of
tests/conftest.py, so `demo_database` sets up its own for the time it runs; the file
keyring it writes lives beside the database and is used by CLI children too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from argon2 import PasswordHasher
from file_keyring import ENV as KEYRING_ENV
from file_keyring import FileKeyring

from peerhouse.demo import generate as demo
from peerhouse.paths import DataPaths
from peerhouse.services import houses
from peerhouse.services import secrets_policy as policy
from peerhouse.services.accounts import create_account, login
from peerhouse.services.actor import Actor
from peerhouse.store import kdf, vault
from peerhouse.store.engine import Store

OWNER_PASSWORD = "correct-horse-battery"
MANAGER_PASSWORD = "manager-pass-123"
STAFF_PASSWORD = "staff-pass-1234"


@dataclass
class DemoDB:
    paths: DataPaths
    keyring_file: Path
    store: Store
    owner: Actor
    manager: Actor
    staff: Actor
    house_id: int
    timezone: str


@contextmanager
def fast_and_isolated(keyring_file: Path) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(KEYRING_ENV, str(keyring_file))
        # Named, as an operator would: a file keyring picked by itself is never used.
        mp.setenv("PYTHON_KEYRING_BACKEND", "file_keyring.FileKeyring")
        mp.setattr(kdf, "DEFAULT_PARAMS", kdf.KdfParams(time_cost=1, memory_cost=1024,
                                                         parallelism=1))
        mp.setattr(policy, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024,
                                                    parallelism=1))
        previous = keyring.get_keyring()
        keyring.set_keyring(FileKeyring())
        try:
            yield
        finally:
            keyring.set_keyring(previous)


def demo_database(root: Path, *, years: float = 0.3, seed: int = 3, scale: int = 1) -> DemoDB:
    """Demo houses (`scale` of them) ending today, so consents and weeks are current, with
    an owner, a manager and a staff account; `house_id` is the first house."""
    paths = DataPaths(root / "data")
    keyring_file = root / "keyring.json"
    with fast_and_isolated(keyring_file):
        store = vault.create_database(paths, OWNER_PASSWORD, "olivia").store
        system = Actor.system()
        owner = create_account(store, system, "olivia", "Olivia Owner", "owner", OWNER_PASSWORD)
        create_account(store, system, "manny", "Manny Manager", "manager", MANAGER_PASSWORD)
        create_account(store, system, "sam", "Sam Staff", "staff", STAFF_PASSWORD)
        demo.generate(store, system, owner_id=owner.id, seed=seed, years=years, scale=scale,
                      timezone="America/Chicago")
        house = houses.list_houses(store, system)[0]
        assert house.id is not None
        return DemoDB(paths, keyring_file, store, login(store, "olivia", OWNER_PASSWORD),
                      login(store, "manny", MANAGER_PASSWORD), login(store, "sam", STAFF_PASSWORD),
                      house.id, house.timezone)
