"""Anchors outside the key: a chain rewritten by someone holding the key verifies on its own,
but no longer holds the head printed on a weekly summary or recorded in a backup."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from peerhouse.errors import BackupInvalid, ValidationError
from peerhouse.services import backups, integrity
from peerhouse.services.actor import Actor
from peerhouse.services.unit import record_now
from peerhouse.store import audit
from peerhouse.store.anchors import parse_head
from peerhouse.store.checks import BACKUP_HEADS, HEAD, run_checks


def _head(store) -> str:
    with store.read() as s:
        seq, hash_ = audit.chain_head(s)
    return f"{seq}:{hash_}"


def rewrite_chain_from(store, seq: int) -> None:
    """What a key holder can do: change event `seq` and recompute every hash after it."""
    key = store.audit_key
    with store.engine.begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT seq, at, actor, action, entity, entity_id, details, prev_hash, hash, seal "
            "FROM auditevent ORDER BY seq").fetchall()
        prev = audit.GENESIS
        for row in rows:
            ev = audit._parse(row)
            assert ev is not None
            if ev.seq == seq:
                ev = replace(ev, details='{"forged":true}')
            if ev.seq >= seq:
                ev = replace(ev, prev_hash=prev, hash=audit.event_hash(key, prev, ev))
                conn.exec_driver_sql("UPDATE auditevent SET details = ?, prev_hash = ?, hash = ? "
                                     "WHERE seq = ?", (ev.details, ev.prev_hash, ev.hash, ev.seq))
            prev = ev.hash
        last = rows[-1][0]
        conn.exec_driver_sql("UPDATE audithead SET hash = ?, mac = ?",
                             (prev, audit.head_mac(key, last, prev)))


def _lines(report) -> dict[str, tuple[bool, str]]:
    return {name: (ok, detail) for name, ok, detail in report.lines}


def test_a_head_must_still_be_in_the_chain(house):
    printed = _head(house.store)
    record_now(house.store, house.manager, "test.event", "thing", 1)
    ok = _lines(run_checks(house.store, quick=True, heads=[parse_head(printed)]))
    assert ok[HEAD][0], ok[HEAD]
    too_far = parse_head(f"{int(printed.split(':')[0]) + 50}:{printed.split(':')[1]}")
    got = _lines(run_checks(house.store, quick=True, heads=[too_far]))[HEAD]
    assert not got[0] and "no longer reaches event" in got[1]


def test_a_chain_rewritten_with_the_key_passes_alone_and_fails_against_the_printed_head(house):
    house.admit("Quincy", "Marlowe")
    printed = _head(house.store)
    record_now(house.store, house.manager, "test.event", "thing", 1)
    rewrite_chain_from(house.store, 3)
    alone = run_checks(house.store)
    assert alone.ok, alone.lines  # the key holder's rewrite verifies on its own…
    got = _lines(run_checks(house.store, heads=[parse_head(printed)]))[HEAD]
    assert not got[0]  # … but not against the page
    seq = printed.split(":")[0]
    assert got[1].startswith(f"event {seq} is not the one the head {seq}:")
    assert "rewritten" in got[1]


def test_parse_head_takes_the_printed_line_and_refuses_others():
    head = parse_head(" 12 : ABCDEF0123456789abcdef ")
    assert (head.seq, head.hash, str(head.source)) == (
        12, "abcdef0123456789abcdef", "the head 12:abcdef012345…")
    for bad in ("12", "12:abc", "x:0123456789abcdef0", "", "12:0123456789abcdefg"):
        with pytest.raises(ValidationError, match="weekly manager summary"):
            parse_head(bad)


def test_backups_anchor_the_chain(house, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    done = backups.back_up(house.store, house.owner, folder=folder)
    record_now(house.store, house.manager, "test.event", "thing", 1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(backups, "backup_folder", lambda _store: folder)
        mp.setattr(integrity, "backup_folder", lambda _store: folder)
        ok = _lines(integrity.check_records(house.store, house.owner))
        assert ok[BACKUP_HEADS] == (True, "the chain still holds the head of 1 backup")
        rewrite_chain_from(house.store, 2)
        got = _lines(integrity.check_records(house.store, house.owner))[BACKUP_HEADS]
    assert not got[0] and done.entry.path.name in got[1]


def test_backups_made_before_a_restore_of_an_older_one_are_not_compared(house):
    older = backups.back_up(house.store, house.owner).entry
    record_now(house.store, house.manager, "test.event", "thing", 1)
    backups.back_up(house.store, house.owner)
    house.store.close()
    key = backups.key_for_backup(house.paths, older.path, password="correct-horse-battery")
    done = backups.restore(house.paths, Actor.system(), older.path, key)
    try:
        got = _lines(integrity.check_records(done.store, Actor.system()))[BACKUP_HEADS]
        assert got == (True, "the chain still holds the head of 1 backup; 1 made before a "
                             "restore of an older backup not compared")
        assert run_checks(done.store).ok
    finally:
        done.store.close()


def _with_manifest(src: Path, dest: Path, **changes: object) -> None:
    """A copy of a backup whose manifest says something else (sizes and digests kept)."""
    with zipfile.ZipFile(src) as zin:
        members = {i.filename: (i, zin.read(i)) for i in zin.infolist()}
    body = json.loads(members["manifest.json"][1])
    body.update(changes)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zout:
        for name, (info, data) in members.items():
            zout.writestr(info, json.dumps(body).encode() if name == "manifest.json" else data)
    dest.write_bytes(out.getvalue())


def test_a_backup_whose_chain_does_not_hold_its_manifest_head_is_refused(house, tmp_path):
    made = backups.back_up(house.store, house.owner).entry
    key = backups.key_for_backup(house.paths, made.path, password="correct-horse-battery")
    odd = tmp_path / made.path.name
    _with_manifest(made.path, odd, audit_head="0" * 64)
    with pytest.raises(BackupInvalid, match="its audit chain does not end at the head its "
                                            "manifest recorded"):
        backups.check_backup(house.paths, house.owner, odd, key)
    assert backups.check_backup(house.paths, house.owner, made.path, key).audit_events > 0


def test_the_head_printed_on_the_manager_summary_is_what_check_head_takes(house):
    from datetime import timedelta

    from peerhouse.reports.weekly_manager import build_weekly_manager
    from peerhouse.services import clock
    from peerhouse.services.summaries import weekly_summary
    from tests.support.pdfcheck import text

    house.admit("Quincy", "Marlowe")
    monday = clock.week_start(clock.local_day(clock.now(), "America/Chicago")) - timedelta(7)
    summary = weekly_summary(house.store, house.manager, house.house_id, monday)
    printed = f"{summary.audit_seq}:{summary.audit_hash}"
    body = text(build_weekly_manager(summary))
    assert printed in body and "peerhouse check --head" in " ".join(body.split())
    record_now(house.store, house.manager, "test.event", "thing", 1)
    assert _lines(run_checks(house.store, quick=True, heads=[parse_head(printed)]))[HEAD][0]
    rewrite_chain_from(house.store, summary.audit_seq - 1)
    assert not _lines(run_checks(house.store, quick=True, heads=[parse_head(printed)]))[HEAD][0]
