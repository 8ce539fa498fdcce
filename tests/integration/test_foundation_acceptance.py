"""The foundation issue's "done when" checks, end to end with the real CLI and real files.

After `demo`: no resident name or note in the database file or its WAL, no SQLite header,
unreadable by the standard `sqlite3` module. `check` passes on a healthy file and fails
after one changed byte, or an edited, deleted or reordered audit event.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from peerhouse.models import Resident
from peerhouse.paths import DataPaths
from peerhouse.services.actor import Actor
from peerhouse.services.residents import ResidentInput, admit
from peerhouse.store import vault

ROOT = Path(__file__).resolve().parents[2]


def ph(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peerhouse", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=300)


def _secrets_in_db(paths: DataPaths) -> list[bytes]:
    store = vault.open_from_keyring(paths)
    try:
        with store.read() as s:
            rows = list(s.exec(select(Resident)))
    finally:
        store.close()
    words = {w for r in rows for w in (r.first_name, r.last_name) if len(w) >= 5}
    words |= {r.notes[:24] for r in rows if len(r.notes) >= 12}
    assert len(words) > 10
    return [w.encode() for w in words]


def test_demo_file_and_wal_hold_no_plaintext(demo):
    needles = _secrets_in_db(demo)
    # Keep a writer open so the WAL holds fresh pages while we look at it.
    store = vault.open_from_keyring(demo)
    try:
        admit(store, Actor.system(), ResidentInput(first_name="Thaddeus", last_name="Wolfenden",
                                                   house_id=1, status="applicant",
                                                   notes="Distinctive private remark"))
        wal = demo.root / "peerhouse.db-wal"
        assert wal.exists() and wal.stat().st_size > 0
        blobs = [demo.db.read_bytes(), wal.read_bytes()]
    finally:
        store.close()
    needles += [b"Thaddeus", b"Wolfenden", b"Distinctive private remark"]
    for blob in blobs:
        for needle in needles:
            assert needle not in blob, needle
    assert not blobs[0].startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(demo.db).execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_check_passes_on_healthy_demo(demo):
    proc = ph("check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "audit chain intact" in proc.stdout


def test_check_fails_after_one_changed_byte_in_the_middle(demo):
    size = demo.db.stat().st_size
    with demo.db.open("r+b") as fh:
        fh.seek(size // 2)
        b = fh.read(1)
        fh.seek(size // 2)
        fh.write(bytes([b[0] ^ 0x01]))
    proc = ph("check")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr


def _tamper(paths: DataPaths, sql: str) -> None:
    store = vault.open_from_keyring(paths)
    try:
        with store.engine.begin() as conn:
            conn.exec_driver_sql(sql)
    finally:
        store.close()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE auditevent SET details = '{\"tampered\":1}' WHERE seq = 2",
        "DELETE FROM auditevent WHERE seq = 2",
        "UPDATE auditevent SET id = (SELECT max(id) + 1 FROM auditevent) WHERE seq = 1",
    ],
    ids=["edited", "deleted", "reordered"],
)
def test_check_fails_after_audit_tampering(demo, sql):
    _tamper(demo, sql)
    proc = ph("check")
    assert proc.returncode != 0
    assert "audit chain broken" in proc.stdout + proc.stderr
