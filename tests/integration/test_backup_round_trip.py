"""Backup with the real command line, then restore on a "new PC" (a new data dir and an
empty keyring) with the recovery code: identical table contents and a valid audit chain."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from peerhouse.paths import DataPaths
from peerhouse.store import vault
from peerhouse.store.checks import run_checks
from tests.support.tables import dump

ROOT = Path(__file__).resolve().parents[2]


def ph(*args: str, stdin: str = "", env: dict[str, str] | None = None,
       ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peerhouse", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=180,
                          env={**os.environ, **(env or {})})


def test_backup_then_restore_on_a_new_pc_with_the_recovery_code(demo, demo_code, tmp_path,
                                                                monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    made = ph("backup", "--to", str(usb))
    assert made.returncode == 0, made.stderr
    (file,) = usb.iterdir()
    assert f"Backup written and verified: {file}" in made.stdout
    live = vault.open_from_keyring(demo)
    try:
        before = dump(live)
    finally:
        live.close()

    new_pc = {"PEERHOUSE_DATA_DIR": str(tmp_path / "new-pc"),
              "PEERHOUSE_TEST_KEYRING_FILE": str(tmp_path / "new-keyring.json")}
    wrong = ph("restore", str(file), "--recovery-code-stdin", stdin="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF\n",
               env=new_pc)
    assert wrong.returncode == 1 and "does not open this backup" in wrong.stderr
    assert not (tmp_path / "new-pc").exists()  # a wrong code restores nothing at all
    no_secret = ph("restore", str(file), env=new_pc)  # restoring is the owner's: a secret
    assert no_secret.returncode == 2 and "--password-stdin" in no_secret.stderr

    done = ph("restore", str(file), "--recovery-code-stdin", stdin=demo_code + "\n", env=new_pc)
    assert done.returncode == 0, done.stderr
    assert "The key is stored in this computer's keyring." in done.stdout
    checked = ph("check", env=new_pc)  # the keyring of the new PC now opens it
    assert checked.returncode == 0 and "audit chain intact" in checked.stdout, checked.stdout

    monkeypatch.setenv("PEERHOUSE_TEST_KEYRING_FILE", new_pc["PEERHOUSE_TEST_KEYRING_FILE"])
    restored = vault.open_from_keyring(DataPaths(tmp_path / "new-pc"))
    try:
        after = dump(restored)
        assert run_checks(restored).ok
    finally:
        restored.close()
    events_before, events_after = before.pop("auditevent"), after.pop("auditevent")
    before.pop("audithead")
    after.pop("audithead")
    assert after == before  # every table, row for row
    (extra,) = set(events_after) - set(events_before)  # every event kept, one added:
    assert "'backup.restore'" in extra and len(events_after) == len(events_before) + 1
