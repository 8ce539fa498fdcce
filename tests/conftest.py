"""Shared fixtures: a real encrypted database per test, a fake keyring, cheap KDFs.

Every test gets its own data dir and keyring file (autouse), so no test can touch a
real PeerHouse folder or the OS keyring.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from argon2 import PasswordHasher

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SUPPORT = Path(__file__).parent / "support"
sys.path.insert(0, str(SUPPORT))

from file_keyring import ENV as KEYRING_ENV  # noqa: E402
from file_keyring import FileKeyring  # noqa: E402

from peerhouse.models.people import Resident  # noqa: E402
from peerhouse.paths import ENV_DATA_DIR, DataPaths  # noqa: E402
from peerhouse.services import houses, residents  # noqa: E402
from peerhouse.services import secrets_policy as policy  # noqa: E402
from peerhouse.services.accounts import create_account, login  # noqa: E402
from peerhouse.services.actor import Actor  # noqa: E402
from peerhouse.store import kdf, seal_capture, vault  # noqa: E402
from peerhouse.store.engine import Store  # noqa: E402

OWNER_PASSWORD = "correct-horse-battery"
FAST_KDF = kdf.KdfParams(time_cost=1, memory_cost=1024, parallelism=1)
# A write that changes rows without an audit event fails the test that made it.
seal_capture.STRICT = True


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test: its own data dir and keyring file, and cheap password hashing."""
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "data"))
    monkeypatch.setenv(KEYRING_ENV, str(tmp_path / "keyring.json"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "file_keyring.FileKeyring")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(SUPPORT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setattr(kdf, "DEFAULT_PARAMS", FAST_KDF)
    monkeypatch.setattr(policy, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    """Fail any test that leaves a thread running (napari-style leak check)."""
    import threading

    before = set(threading.enumerate())
    yield
    # Qt's pool threads show up as _DummyThread once Python code there logs; they cannot
    # be joined and are checked by the Qt-side fixture (tests/gui/conftest.py) instead.
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()
              and not isinstance(t, threading._DummyThread)]
    for t in leaked:
        t.join(timeout=2)
    leaked = [t.name for t in leaked if t.is_alive()]
    assert not leaked, f"test leaked threads: {leaked}"


@dataclass
class House:
    """A ready database: the store, an owner, a manager, a staff member and one house."""

    paths: DataPaths
    store: Store
    recovery_code: str
    owner: Actor
    manager: Actor
    staff: Actor
    house_id: int

    def admit(self, first: str = "Alex", last: str = "Rivera", **kw: object) -> Resident:
        data = residents.ResidentInput(first_name=first, last_name=last, house_id=self.house_id, **kw)  # type: ignore[arg-type]
        return residents.admit(self.store, self.manager, data)

    def resident_actor(self, res: Resident) -> Actor:
        assert res.id is not None
        return Actor.resident(res.id, res.house_id)


@pytest.fixture
def house(tmp_path: Path) -> Iterator[House]:
    paths = DataPaths(tmp_path / "data")
    new = vault.create_database(paths, OWNER_PASSWORD, "olivia")
    store = new.store
    system = Actor.system()
    create_account(store, system, "olivia", "Olivia Owner", "owner", OWNER_PASSWORD)
    create_account(store, system, "manny", "Manny Manager", "manager", "manager-pass-123")
    create_account(store, system, "sam", "Sam Staff", "staff", "staff-pass-1234")
    h = houses.create_house(store, system, houses.HouseRules(name="Maple House", capacity=6,
                                                             timezone="America/Chicago"))
    assert h.id is not None
    yield House(paths, store, new.recovery_code, login(store, "olivia", OWNER_PASSWORD),
                login(store, "manny", "manager-pass-123"), login(store, "sam", "staff-pass-1234"), h.id)
    store.close()
