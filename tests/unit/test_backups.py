"""Backups and restore on real encrypted files: verified files, who may do what, the audit
trail, retention, the restore swap and its journal, and what happens to the old set."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from peerhouse.errors import (
    BackupInvalid,
    DatabaseDamaged,
    PeerHouseError,
    PermissionDenied,
    RestoreUnfinished,
    ValidationError,
    WriteFailed,
    WrongKey,
)
from peerhouse.models.audit import AuditEvent
from peerhouse.models.people import Resident
from peerhouse.paths import DataPaths
from peerhouse.services import backups, security
from peerhouse.store import backup, backup_file, restore, restore_journal, retention, vault
from peerhouse.store.backup import BackupEntry, Cancelled
from peerhouse.store.checks import run_checks


def _digest(*files: Path) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes() if f.exists() else b"-")
    return h.hexdigest()


def _residents(store) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(Resident)).one()


def _actions(store) -> list[str]:
    with store.read() as s:
        return list(s.exec(select(AuditEvent.action).order_by(col(AuditEvent.seq))))


def test_a_backup_is_verified_and_holds_the_event_that_made_it(house):
    house.admit()
    done = backups.back_up(house.store, house.manager)  # managers may back up now
    entry = done.entry
    assert entry.path.parent == house.paths.backups and entry.kind == "manual"
    assert backup_file.parse_name(entry.path.name).setup == house.store.setup_id[:8]
    manifest = backup.verify_backup(house.paths, entry.path, vault.key_from_keyring(house.paths))
    with zipfile.ZipFile(entry.path) as zf:
        assert sorted(zf.namelist()) == sorted(backup_file.MEMBERS)
        assert not zf.read(backup_file.DB).startswith(b"SQLite format 3")  # still encrypted
    # The copy's chain ends with its own backup.create event (seq = the manifest's head).
    with house.store.read() as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.seq == manifest.audit_events)).one()
    assert (ev.action, ev.entity_id) == ("backup.create", entry.path.name)
    assert json.loads(ev.details)["folder"] == "default"
    assert not list((house.paths.root / backup.WORK_DIR).iterdir())  # nothing left behind


def test_who_may_back_up_choose_the_folder_and_restore(house, tmp_path):
    with pytest.raises(PermissionDenied):
        backups.back_up(house.store, house.staff)
    with pytest.raises(PermissionDenied):
        backups.back_up(house.store, house.manager, folder=tmp_path)
    with pytest.raises(PermissionDenied):
        backups.set_backup_folder(house.store, house.manager, tmp_path)
    with pytest.raises(PermissionDenied):
        backups.restore(house.paths, house.manager, tmp_path / "x", b"0" * 32)
    with pytest.raises(ValidationError, match="not a folder"):
        backups.set_backup_folder(house.store, house.owner, tmp_path / "missing")
    usb = tmp_path / "usb"
    usb.mkdir()
    backups.set_backup_folder(house.store, house.owner, usb)
    assert backups.backup_folder(house.store) == usb
    assert backups.back_up(house.store, house.manager).entry.path.parent == usb
    with house.store.read() as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "backup.folder")).one()
    assert str(usb) not in ev.details  # a path can hold a name: never in the trail
    shutil.rmtree(usb)
    with pytest.raises(PeerHouseError, match="not available"):  # the USB drive was pulled out
        backups.back_up(house.store, house.manager)
    backups.set_backup_folder(house.store, house.owner, None)
    assert backups.uses_default_folder(house.store)


def _entry(folder: Path, setup: str, when: datetime, kind: str = "auto") -> BackupEntry:
    path = folder / backup_file.backup_name(setup, when, kind)
    path.write_bytes(b"x")
    return BackupEntry(path, when, kind, 1)


def test_retention_keeps_14_days_8_weeks_12_months_and_all_manual(tmp_path):
    setup = "abcdef12-0000"
    newest = datetime(2025, 3, 31, 12, tzinfo=UTC)
    entries = [_entry(tmp_path, setup, newest - timedelta(days=d)) for d in range(500)]
    entries += [_entry(tmp_path, setup, newest - timedelta(days=d, hours=3), "manual")
                for d in (3, 200, 450)]
    gone = {e.path for e in retention.expired(entries, UTC)}
    kept = [e for e in entries if e.path not in gone]
    autos = [e.created for e in kept if e.kind == "auto"]
    assert all(e.kind == "auto" for e in entries if e.path in gone)
    assert len([e for e in kept if e.kind == "manual"]) == 3
    assert {newest - timedelta(days=d) for d in range(14)} <= set(autos)
    weeks = {w.isocalendar()[:2] for w in autos}
    assert len({(newest - timedelta(weeks=w)).isocalendar()[:2] for w in range(8)} - weeks) == 0
    months = {(w.year, w.month) for w in autos}
    assert {(2025, m) for m in (1, 2, 3)} | {(2024, m) for m in range(4, 13)} <= months
    assert min(autos) >= datetime(2024, 4, 1, tzinfo=UTC)
    assert len(autos) <= 14 + 8 + 12
    # Within a kept month, only its newest backup is kept for the month.
    assert datetime(2024, 6, 30, 12, tzinfo=UTC) in autos
    assert datetime(2024, 6, 29, 12, tzinfo=UTC) not in autos


def test_prune_deletes_only_its_own_expired_files(tmp_path):
    setup = "abcdef12-0000"
    now = datetime.now(UTC)
    old = [_entry(tmp_path, setup, now - timedelta(days=d)) for d in range(20, 40)]
    newest = _entry(tmp_path, setup, now)
    manual = _entry(tmp_path, setup, now - timedelta(days=300), "manual")
    foreign = [tmp_path / "notes.txt", tmp_path / "peerhouse-backup-x.phbackup",
               tmp_path / backup_file.backup_name("99999999-other", now - timedelta(days=90), "auto"),
               tmp_path / (backup_file.backup_name(setup, now - timedelta(days=90), "auto") + ".old")]
    for f in foreign:
        f.write_bytes(b"keep me")
    gone = retention.prune(tmp_path, setup, newest.path)
    assert gone and all(p in {e.path for e in old} for p in gone)
    assert newest.path.exists() and manual.path.exists() and all(f.exists() for f in foreign)
    assert retention.prune(tmp_path, setup, tmp_path / "not-there.phbackup") == []


def test_automatic_backups_first_open_of_the_day_and_close_when_changed(house):
    first = backups.automatic_backup(house.store, "first_open")
    assert first is not None and first.entry.kind == "auto"
    assert backups.automatic_backup(house.store, "first_open") is None  # once a day
    assert backups.automatic_backup(house.store, "close") is None  # nothing changed since
    house.admit()
    closing = backups.automatic_backup(house.store, "close")
    assert closing is not None
    assert _actions(house.store).count("backup.create") == 2


def _leftovers(house) -> list[Path]:
    """What a backup killed half-way leaves: its work folder and its `.partial` file."""
    folder = house.paths.backups
    folder.mkdir()
    partial = folder / (backup_file.backup_name(house.store.setup_id, datetime.now(UTC),
                                                "auto") + ".partial")
    work = house.paths.root / backup.WORK_DIR / "backup-killed"
    work.mkdir(parents=True)
    for f in (partial, work / "peerhouse.db"):
        f.write_bytes(b"partial")
    return [partial, work]


def test_what_a_killed_backup_left_is_removed_at_the_next_start(house):
    """At once, not only after an hour, unless another process is backing up right now."""
    left = _leftovers(house)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys
            from peerhouse.paths import DataPaths
            from peerhouse.store.work_dirs import work_dir
            with work_dir(DataPaths.resolve(), "backup") as folder:
                print(folder, flush=True)
                sys.stdin.readline()
            """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        busy = Path(holder.stdout.readline().strip())  # another process is backing up
        assert busy.is_dir()
        house.store.close()
        key = vault.key_from_keyring(house.paths)
        vault.open_store(house.paths, key).close()
        assert all(p.exists() for p in left) and busy.exists()  # nothing of anyone's touched
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0 and not busy.exists()
    vault.open_store(house.paths, key).close()  # the next start, nobody backing up
    assert not any(p.exists() for p in left)
    assert list((house.paths.root / backup.WORK_DIR).iterdir()) == []


def test_a_backup_first_removes_what_a_killed_one_left_in_its_folder(house, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    name = backup_file.backup_name(house.store.setup_id, datetime.now(UTC), "manual")
    (usb / f"{name}.partial").write_bytes(b"partial")
    other = usb / f"peerhouse-backup-0000beef-{name[26:]}.partial"  # another set-up's
    other.write_bytes(b"partial")
    made = backups.back_up(house.store, house.owner, folder=usb).entry.path
    assert sorted(p.name for p in usb.iterdir()) == sorted([made.name, other.name])


def test_cancelled_backup_leaves_nothing(house):
    class Stop:
        cancelled = True

        def __call__(self, percent: int, text: str = "") -> None:
            pass

    with pytest.raises(Cancelled):
        backups.back_up(house.store, house.owner, progress=Stop())
    assert backups.list_backups(house.store, house.owner) == []
    assert not list(house.paths.backups.iterdir())
    assert _actions(house.store)[-1] == "backup.failed"


def test_damaged_records_are_not_backed_up(house):
    for i in range(25):
        house.admit(f"F{i}", "L", status="applicant", notes="x" * 400)
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    size = house.paths.db.stat().st_size
    with house.paths.db.open("r+b") as fh:
        fh.seek(size - 3000)
        fh.write(b"\xff" * 8)
    store = vault.open_store(house.paths, key, run_migrations=False)
    try:
        with pytest.raises(DatabaseDamaged, match="No backup was made"):
            backup.create_backup(store, _mkdir(house.paths.backups), "manual", "x.phbackup",
                                 datetime.now(UTC))
    finally:
        store.close()
    assert not list(house.paths.backups.iterdir())


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_restore_keeps_the_current_set_aside_byte_for_byte(house):
    made = backups.back_up(house.store, house.owner).entry.path
    house.admit("After", "Backup")
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    before = _digest(house.paths.db, house.paths.keyfile)
    done = backups.restore(house.paths, house.owner, made, key)
    try:
        assert _residents(done.store) == 0
        assert _actions(done.store)[-1] == "backup.restore"
        assert run_checks(done.store).ok
    finally:
        done.store.close()
    assert done.kept_db is not None and done.kept_db.name.startswith("peerhouse.before-restore-")
    assert _digest(done.kept_db, done.kept_db.with_suffix(".keys")) == before
    assert not house.paths.restore_journal.exists()


def test_wrong_secret_restores_nothing(house, tmp_path):
    made = backups.back_up(house.store, house.owner).entry.path
    house.store.close()
    before = _digest(house.paths.db, house.paths.keyfile)
    with pytest.raises(WrongKey, match="owner password does not open this backup"):
        restore.backup_key(house.paths, made, password="not the password at all")
    with pytest.raises(WrongKey):
        backups.restore(house.paths, house.owner, made, os.urandom(32))
    assert _digest(house.paths.db, house.paths.keyfile) == before
    assert [p.name for p in house.paths.root.glob("peerhouse.before-restore-*")] == []
    new_pc = DataPaths(tmp_path / "new")
    key = restore.backup_key(new_pc, made, recovery_code=house.recovery_code)
    assert key == restore.backup_key(new_pc, made, password="correct-horse-battery")


def test_a_renewed_recovery_code_opens_old_backups_and_stays_the_only_code(house):
    made = backups.back_up(house.store, house.owner).entry.path
    new_code = security.new_recovery_code(house.store, house.owner)
    house.store.close()
    key = restore.backup_key(house.paths, made, recovery_code=new_code)
    backups.restore(house.paths, house.owner, made, key).store.close()
    assert vault.key_from_secret(house.paths, recovery_code=new_code) == key
    with pytest.raises(WrongKey):  # the replaced code must not start working again
        vault.key_from_secret(house.paths, recovery_code=house.recovery_code)


def test_a_failed_swap_puts_the_old_set_back(house, monkeypatch):
    made = backups.back_up(house.store, house.owner).entry.path
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    before = _digest(house.paths.db, house.paths.keyfile)
    real, failed = os.replace, []

    def failing(src, dst):
        if Path(dst) == house.paths.db and not failed:  # the new database moving in
            failed.append(dst)
            raise PermissionError(13, "The file is in use")
        real(src, dst)

    monkeypatch.setattr(restore_journal.os, "replace", failing)
    with pytest.raises(WriteFailed, match="left as they were"):
        restore.restore_backup(house.paths, made, key)
    monkeypatch.undo()
    assert _digest(house.paths.db, house.paths.keyfile) == before
    assert not house.paths.restore_journal.exists()
    assert not list((house.paths.root / backup.WORK_DIR).iterdir())


@pytest.mark.parametrize("crash_at", range(6))
def test_a_restore_cut_short_leaves_the_old_set_or_is_finished_at_the_next_open(
        house, monkeypatch, crash_at):
    """A crash at each file move (the staged key file, the journal, each move of the swap)."""
    made = backups.back_up(house.store, house.owner).entry.path
    house.admit("After", "Backup")
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    before = _digest(house.paths.db, house.paths.keyfile)
    real, calls = os.replace, []

    def crash(src, dst):
        if len(calls) == crash_at:
            raise SystemExit("power cut")  # not an OSError: nothing is undone, as in a crash
        calls.append(dst)
        real(src, dst)

    monkeypatch.setattr(restore_journal.os, "replace", crash)
    with pytest.raises(SystemExit):
        restore.restore_backup(house.paths, made, key)
    monkeypatch.undo()
    started = house.paths.restore_journal.exists()
    assert started == (crash_at >= 2)  # the journal is written by the second move
    if not started:
        assert _digest(house.paths.db, house.paths.keyfile) == before
    if started:  # reading the key file has no side effect: it waits for the explicit step
        with pytest.raises(RestoreUnfinished):
            vault.open_store(house.paths, key)
        assert house.paths.restore_journal.exists()
    assert vault.finish_restore(house.paths) == started  # opening's first step
    store = vault.open_store(house.paths, key)
    try:
        assert _residents(store) == (0 if started else 1) and run_checks(store).ok
    finally:
        store.close()
    assert not house.paths.restore_journal.exists()
    if started:
        (kept,) = house.paths.root.glob("peerhouse.before-restore-*.db")
        old = DataPaths(house.paths.root / "old")
        old.root.mkdir()
        os.replace(kept, old.db)
        os.replace(kept.with_suffix(".keys"), old.keyfile)
        assert _digest(old.db, old.keyfile) == before
        store = vault.open_store(old, key)
        assert _residents(store) == 1
        store.close()


def test_newest_good_backup_skips_damaged_and_foreign_files(house, tmp_path):
    older = backups.back_up(house.store, house.owner).entry
    newer = backups.back_up(house.store, house.owner).entry
    data = bytearray(newer.path.read_bytes())
    data[len(data) // 2] ^= 0x10
    newer.path.write_bytes(bytes(data))
    key = vault.key_from_keyring(house.paths)
    found = backups.newest_good_backup(house.paths, key, [house.paths.backups, tmp_path])
    assert found is not None and found.entry.path == older.path
    with pytest.raises(BackupInvalid):
        backup.verify_backup(house.paths, newer.path, key)


def test_a_backup_from_a_newer_peerhouse_is_refused(house, tmp_path):
    made = backups.back_up(house.store, house.owner).entry.path
    with zipfile.ZipFile(made) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members[backup_file.MANIFEST])
    manifest["version"] = 2
    members[backup_file.MANIFEST] = json.dumps(manifest).encode()
    changed = tmp_path / made.name
    with zipfile.ZipFile(changed, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with pytest.raises(BackupInvalid, match="newer version of PeerHouse"):
        backup_file.read(changed)


def test_a_newer_automatic_backup_of_the_same_day_replaces_the_older(house):
    first = backups.back_up(house.store, house.owner, kind="auto").entry
    second = backups.back_up(house.store, house.owner, kind="auto")  # within the same second
    assert second.pruned == (first.path,) and not first.path.exists()
    assert second.entry.path.exists()
    with house.store.read() as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "backup.prune")).one()
    assert json.loads(ev.details) == {"removed": [first.path.name]}


def test_records_with_a_broken_audit_chain_are_still_backed_up_and_say_so(house):
    with house.store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE auditevent SET details = '{\"x\":1}' WHERE seq = 2")
    made = backups.back_up(house.store, house.owner).entry.path
    manifest = backup.verify_backup(house.paths, made, vault.key_from_keyring(house.paths))
    assert manifest.audit_chain_ok is False
