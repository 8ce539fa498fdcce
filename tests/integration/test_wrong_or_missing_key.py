"""Wrong or missing keys, through the real command line: each case gets its own plain
message, a non-zero exit, no traceback, and the files are left byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from peerhouse.paths import DataPaths
from peerhouse.store import keyring_slot, vault
from peerhouse.store.keyfile import new_database_key
from tests.conftest import OWNER_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _digest(paths: DataPaths) -> str:
    h = hashlib.sha256()
    for f in sorted(paths.root.rglob("*")):
        if f.is_file():
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _wrong_key(house, tmp_path) -> dict[str, str]:
    keyring_slot.store_key(house.store.setup_id, new_database_key())
    return {}


def _other_databases_key(house, tmp_path) -> dict[str, str]:
    other = DataPaths(tmp_path / "other")
    vault.create_database(other, OWNER_PASSWORD).store.close()
    keyring_slot.store_key(house.store.setup_id, vault.key_from_keyring(other))
    return {}


def _other_databases_file(house, tmp_path) -> dict[str, str]:
    other = vault.create_database(DataPaths(tmp_path / "other"), OWNER_PASSWORD)
    other.store.close()
    house.paths.db.write_bytes(other.store.path.read_bytes())
    return {}


def _plain_sqlite(house, tmp_path) -> dict[str, str]:
    house.paths.db.unlink()
    conn = sqlite3.connect(house.paths.db)
    conn.execute("CREATE TABLE resident (id INTEGER PRIMARY KEY, first_name TEXT)")
    conn.commit()
    conn.close()
    return {}


def _empty_keyring(house, tmp_path) -> dict[str, str]:
    keyring_slot.forget_key(house.store.setup_id)
    return {}


def _no_keyring_backend(house, tmp_path) -> dict[str, str]:
    return {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


CASES = {
    "wrong key": (_wrong_key, "belongs to a different PeerHouse database"),
    "key of another database": (_other_databases_key, "belongs to a different PeerHouse database"),
    "file of another database": (_other_databases_file, "belongs to another PeerHouse set-up"),
    "plain SQLite file": (_plain_sqlite, "plain, unencrypted SQLite file"),
    "empty keyring": (_empty_keyring, "not stored in this computer's keyring"),
    "no keyring backend": (_no_keyring_backend, "no secure keyring"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_wrong_or_missing_key_gets_its_message_and_touches_nothing(house, tmp_path, case):
    make, needle = CASES[case]
    house.store.close()
    env = make(house, tmp_path)
    before = _digest(house.paths)
    for command in (["check"], ["backup"]):
        proc = subprocess.run([sys.executable, "-m", "peerhouse", *command], capture_output=True,
                              text=True, timeout=120, cwd=ROOT, env={**os.environ, **env})
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr
        last = proc.stderr.strip().splitlines()[-1]
        assert last.startswith("peerhouse: error: ") and needle in last, last
        assert _digest(house.paths) == before, f"{command[0]} changed a file"


def test_wrong_password_or_code_is_refused_and_touches_nothing(house):
    house.store.close()
    before = _digest(house.paths)
    for option, secret, needle in (("--password-stdin", "not-the-password", "owner password"),
                                   ("--recovery-code-stdin", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF",
                                    "recovery code")):
        proc = subprocess.run([sys.executable, "-m", "peerhouse", "check", option],
                              input=secret + "\n", capture_output=True, text=True, timeout=120,
                              cwd=ROOT)
        assert proc.returncode == 1
        assert f"That {needle} does not open this database." in proc.stderr
    assert _digest(house.paths) == before
