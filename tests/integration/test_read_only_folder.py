"""A read-only data folder (a mounted backup drive, a locked-down PC): `check`, `export` and
`backup --to` another folder work, signing in works, every change says "the data folder
is read-only", and not one byte in the folder changes.

Tests may run as an administrator, whom file modes do not stop: the in-process tests
tell PeerHouse the folder is read-only (the one check it makes, `read_only.writable`)
and compare the folder byte for byte afterwards; the command-line test runs PeerHouse as
an unprivileged account over a folder it really cannot write to.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from peerhouse.errors import AuthenticationFailed, ReadOnlyData
from peerhouse.paths import DataPaths
from peerhouse.services import accounts, backups, residents_csv, security
from peerhouse.services.residents import ResidentInput, admit
from peerhouse.store import backup, read_only, vault
from peerhouse.store.checks import run_checks
from tests.conftest import OWNER_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = ROOT / "tests" / "support"


def state(folder: Path) -> dict[str, tuple[str, float, int]]:
    """Every file's digest, modification time and mode: any write shows."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                          p.stat().st_mtime, p.stat().st_mode)
            for p in sorted(folder.rglob("*")) if p.is_file()} | {
        ".": ("", folder.stat().st_mtime, folder.stat().st_mode)}


@pytest.fixture
def read_only_data(house, monkeypatch) -> Iterator[DataPaths]:
    house.admit("Alex", "Rivera")
    house.store.close()
    root = house.paths.root
    real = read_only.writable
    monkeypatch.setattr(read_only, "writable",
                        lambda folder, db: Path(folder) != root and real(folder, db))
    yield house.paths


def _changes_refused(store, house) -> None:
    for attempt in (
        lambda: admit(store, house.manager, ResidentInput(first_name="New", last_name="Person",
                                                          house_id=house.house_id)),
        lambda: accounts.change_password(store, house.owner, house.owner.id, OWNER_PASSWORD,
                                         "another-good-password"),
        lambda: accounts.set_account_state(store, house.owner, house.staff.id, active=False),
        lambda: security.new_recovery_code(store, house.owner),
        lambda: backups.back_up(store, house.owner),  # into the data folder's backups/
    ):
        with pytest.raises(ReadOnlyData) as caught:
            attempt()
        assert "the data folder is read-only" in str(caught.value).lower()


def test_check_sign_in_export_and_backup_elsewhere_work_and_nothing_is_written(
        read_only_data, house, tmp_path):
    paths = read_only_data
    before = state(paths.root)
    out = tmp_path / "usb"
    out.mkdir()
    store = vault.open_from_keyring(paths)
    try:
        assert store.read_only
        assert run_checks(store).ok
        owner = accounts.login(store, "olivia", OWNER_PASSWORD)
        for _ in range(accounts.LOCK_AFTER + 1):  # nothing counts, nothing locks
            with pytest.raises(AuthenticationFailed):
                accounts.login(store, "manny", "not-the-password")
        accounts.login(store, "manny", "manager-pass-123")
        assert residents_csv.export_residents(store, owner, out / "residents.csv") == 1
        assert "Rivera" in (out / "residents.csv").read_text("utf-8-sig")
        made = backups.back_up(store, owner, folder=out).entry.path
        _changes_refused(store, house)
    finally:
        store.close()
    assert state(paths.root) == before
    backup.verify_backup(DataPaths(tmp_path / "elsewhere"), made,
                         vault.key_from_keyring(paths))
    assert sorted(p.name for p in out.iterdir()) == [made.name, "residents.csv"]


def test_a_write_ahead_log_left_behind_is_read_too(house, monkeypatch):
    """A folder copied while PeerHouse had it open: its WAL and index are read, not replayed
    into the file (a SQLite 'immutable' open would silently skip them)."""
    house.store.close()
    child = textwrap.dedent("""
        import os
        import sqlcipher3
        from peerhouse.paths import DataPaths
        from peerhouse.services.actor import Actor
        from peerhouse.services.residents import ResidentInput, admit
        from peerhouse.store import vault
        paths = DataPaths.resolve()
        key = vault.key_from_keyring(paths)
        store = vault.open_store(paths, key)
        reader = sqlcipher3.connect(str(paths.db), isolation_level=None)
        reader.execute(f"PRAGMA key = \\"x'{key.hex()}'\\"")
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM resident").fetchall()  # the commit stays in the WAL
        admit(store, Actor.system(), ResidentInput(first_name="Still", last_name="InTheLog",
                                                   house_id=1))
        os._exit(0)  # no close: the WAL and its index stay behind
        """)
    subprocess.run([sys.executable, "-c", child], check=True, cwd=ROOT, timeout=120)
    assert all(p.exists() for p in house.paths.wal_files())
    root = house.paths.root
    monkeypatch.setattr(read_only, "writable", lambda folder, db: Path(folder) != root)
    before = state(root)
    store = vault.open_from_keyring(house.paths)
    try:
        assert store.read_only and run_checks(store).ok
        owner = accounts.login(store, "olivia", OWNER_PASSWORD)
        from peerhouse.services.residents import list_residents

        assert "InTheLog" in {r.last_name for r in list_residents(store, owner)}
    finally:
        store.close()
    # SQLite writes the log's index (-shm) where it may (here: as an administrator); in a
    # folder it really cannot write, it keeps the index in memory instead.
    after = state(root)
    assert after.pop("peerhouse.db-shm") and before.pop("peerhouse.db-shm")
    assert after == before
    # Without its index the log cannot be read in a read-only folder: said plainly.
    os.unlink(root / "peerhouse.db-shm")
    with pytest.raises(ReadOnlyData, match="write-ahead log"):
        vault.open_from_keyring(house.paths)


def _unprivileged() -> list[str] | None:
    """How to run a command as an account that cannot write the folder (None: no way)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] if setpriv else None


@pytest.mark.skipif(os.name != "posix" or _unprivileged() is None,
                    reason="needs POSIX permissions and a way to drop privileges")
def test_the_command_line_on_a_folder_it_really_cannot_write(house):
    house.admit("Alex", "Rivera")
    house.store.close()
    base = Path(tempfile.mkdtemp(prefix="peerhouse-ro-"))
    try:
        data, out = base / "data", base / "out"
        shutil.copytree(house.paths.root, data)
        keyring = base / "keyring.json"
        shutil.copy(os.environ["PEERHOUSE_TEST_KEYRING_FILE"], keyring)
        out.mkdir()
        (base / "new.csv").write_text("first_name,last_name\nNew,Person\n")
        for p in [data, *data.rglob("*")]:
            os.chmod(p, 0o555 if p.is_dir() else 0o444)
        for p, m in ((base, 0o755), (keyring, 0o644), (base / "new.csv", 0o644), (out, 0o777)):
            os.chmod(p, m)
        before = state(data)
        env = {**os.environ, "PEERHOUSE_DATA_DIR": str(data),
               "PEERHOUSE_TEST_KEYRING_FILE": str(keyring), "PYTHONPATH": str(SUPPORT),
               "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(base)}

        def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
            return subprocess.run([*_unprivileged(), sys.executable, "-m", "peerhouse", *args],
                                  input=stdin, text=True, capture_output=True, cwd=ROOT,
                                  env=env, timeout=120)

        checked = run("check")
        assert checked.returncode == 0, checked.stderr
        assert "All checks passed." in checked.stdout
        exported = run("export", "residents", str(out / "r.csv"), "--user", "olivia",
                       "--password-stdin", stdin=OWNER_PASSWORD + "\n")
        assert exported.returncode == 0, exported.stderr
        assert "not in its audit log" in exported.stdout
        backed_up = run("backup", "--to", str(out))
        assert backed_up.returncode == 0, backed_up.stderr
        # A writing command (the other kinds are refused in-process above).
        refused = run("import", "residents", str(base / "new.csv"), "--user", "olivia",
                      "--password-stdin", stdin=OWNER_PASSWORD + "\n")
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "the data folder is read-only" in refused.stderr.lower(), refused.stderr
        assert "Traceback" not in refused.stderr
        assert state(data) == before
        assert len([p for p in out.iterdir() if p.suffix == ".phbackup"]) == 1
        assert not (out / backup.WORK_DIR).exists() or not any((out / backup.WORK_DIR).iterdir())
    finally:
        for p in [base, *base.rglob("*")]:
            if p.is_dir():
                os.chmod(p, 0o700)
        shutil.rmtree(base)
