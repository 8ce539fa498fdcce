"""The commit seal (store/seal.py): how far the audit chain had come at the last commit,
kept outside the database. Records that end before it lost changes; records restored
from a backup, a seal cut short or two processes writing never look like a loss."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlmodel import select

from peerhouse.errors import ChangesLost
from peerhouse.models.audit import AuditEvent
from peerhouse.paths import DataPaths
from peerhouse.services import backups
from peerhouse.services.integrity import keep_records_as_they_are
from peerhouse.store import seal, vault
from peerhouse.store.audit import chain_head

ROOT = Path(__file__).resolve().parents[2]


def sealed(paths: DataPaths) -> seal.Sealed | None:
    return seal.read(paths.seal, seal.seal_key(vault.key_from_keyring(paths)))


def head(store) -> tuple[int, str]:
    with store.read() as session:
        return chain_head(session)


def older_copy(house, tmp_path: Path) -> Path:
    """The database file as it is now (no WAL: every commit was checkpointed)."""
    copy = tmp_path / "older.db"
    shutil.copy(house.paths.db, copy)
    return copy


def lose_last_changes(house, tmp_path: Path, n: int) -> tuple[bytes, int]:
    """Admit `n` residents, then put the file from before them back (as if the WAL that
    held them had been cut short). Returns the key and how many events went missing."""
    older = older_copy(house, tmp_path)
    start = head(house.store)[0]
    for i in range(n):
        house.admit(f"Late{i}", "Changes")
    lost = head(house.store)[0] - start
    house.store.close()
    shutil.copy(older, house.paths.db)
    return vault.key_from_keyring(house.paths), lost


def test_every_commit_seals_the_chain_head(house):
    before = head(house.store)
    assert sealed(house.paths) == seal.Sealed(*before)
    house.admit("Alex", "Rivera")
    now = head(house.store)
    assert now[0] > before[0]
    assert sealed(house.paths) == seal.Sealed(*now)
    assert house.paths.seal.stat().st_size == seal.SIZE


def test_records_that_end_before_the_seal_are_refused_as_lost_changes(house, tmp_path):
    key, lost = lose_last_changes(house, tmp_path, 3)
    before = house.paths.db.read_bytes()
    with pytest.raises(ChangesLost) as caught:
        vault.open_store(house.paths, key)
    assert caught.value.count == lost
    assert f"the last {lost} changes saved on this computer were lost" in str(caught.value)
    assert before == house.paths.db.read_bytes()  # nothing was changed


def test_records_of_another_history_at_the_sealed_event_are_refused(house, tmp_path):
    older = older_copy(house, tmp_path)
    house.admit("Kept", "Here")
    house.store.close()
    shutil.copy(older, house.paths.db)
    key = vault.key_from_keyring(house.paths)
    kept = sealed(house.paths)
    assert kept is not None
    # The older file, then written to elsewhere, reaches the sealed number with other events.
    other = DataPaths(tmp_path / "elsewhere")
    other.root.mkdir()
    shutil.copy(older, other.db)
    shutil.copy(house.paths.keyfile, other.keyfile)
    store = vault.open_store(other, key)
    try:
        while head(store)[0] < kept.seq + 2:
            backups.set_backup_folder(store, house.owner, None)
    finally:
        store.close()
    shutil.copy(other.db, house.paths.db)
    with pytest.raises(ChangesLost) as caught:
        vault.open_store(house.paths, key)
    assert caught.value.count == 0 and "replaced by an older copy" in str(caught.value)


def test_a_seal_behind_the_records_or_cut_short_is_no_loss(house):
    key = seal.seal_key(vault.key_from_keyring(house.paths))
    first = head(house.store)
    house.admit("One", "More")
    second = head(house.store)
    # Another process sealing an older event afterwards never moves the seal back.
    seal.advance(house.paths.seal, key, *first)
    assert sealed(house.paths) == seal.Sealed(*second)
    # A write cut short damages one slot: the other (older) one still counts.
    data = bytearray(house.paths.seal.read_bytes())
    newest = max(seal.SLOTS, key=lambda o: int.from_bytes(data[o + 8:o + 16], "big"))
    data[newest + 20] ^= 0xFF
    house.paths.seal.write_bytes(bytes(data))
    assert sealed(house.paths) is not None and sealed(house.paths).seq < second[0]
    house.store.close()
    vault.open_store(house.paths, vault.key_from_keyring(house.paths)).close()


def test_a_restored_older_backup_is_not_a_loss(house, tmp_path):
    made = backups.back_up(house.store, house.owner, folder=tmp_path).entry.path
    for i in range(3):
        house.admit(f"After{i}", "Backup")
    house.store.close()
    key = vault.key_from_keyring(house.paths)
    done = backups.restore(house.paths, house.owner, made, key)
    try:
        assert sealed(house.paths) == seal.Sealed(*head(done.store))
    finally:
        done.store.close()
    vault.open_store(house.paths, key).close()
    # The seal of the set put aside went with it.
    assert done.kept_db is not None
    assert done.kept_db.with_name(done.kept_db.name + "-seal").exists()


def test_keeping_records_that_lost_changes_is_audited_and_ends_the_report(house, tmp_path):
    key, _lost = lose_last_changes(house, tmp_path, 1)
    with pytest.raises(ChangesLost) as caught:
        vault.open_store(house.paths, key)
    store = keep_records_as_they_are(house.paths, key, "test")
    try:
        with store.read() as session:
            event = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None and event.action == "records.kept_after_loss"
        assert f'"lost":{caught.value.count}' in event.details
    finally:
        store.close()
    vault.open_store(house.paths, key).close()


def test_two_processes_writing_at_once_leave_the_seal_at_the_newest_event(house):
    writer = textwrap.dedent("""
        import sys
        from peerhouse.paths import DataPaths
        from peerhouse.services import backups
        from peerhouse.services.actor import Actor
        from peerhouse.store import vault
        store = vault.open_from_keyring(DataPaths.resolve())
        for _ in range(25):
            backups.set_backup_folder(store, Actor.system(), None)
        store.close()
        """)
    house.store.close()
    procs = [subprocess.Popen([sys.executable, "-c", writer], cwd=ROOT) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    store = vault.open_from_keyring(house.paths)
    try:
        assert sealed(house.paths) == seal.Sealed(*head(store))
    finally:
        store.close()
