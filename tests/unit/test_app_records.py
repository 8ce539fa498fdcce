"""Opening the records: finishing a restore a crash cut short is an explicit first step of
every start (the windows, the kiosk, the command line), never a side effect of reading a
key — which refuses until it is done."""

from __future__ import annotations

import argparse
import os

import pytest
from sqlmodel import func, select

from peerhouse.app import records
from peerhouse.cli.support import run_command
from peerhouse.errors import KeyUnavailable, RestoreUnfinished
from peerhouse.models.people import Resident
from peerhouse.services import backups
from peerhouse.store import restore, restore_journal, vault


def _cut_restore(house) -> None:
    """A restore of a backup made before one more admission, killed mid-swap (the
    journal is written, the key file moved, the database not yet)."""
    made = backups.back_up(house.store, house.owner).entry.path
    house.admit("After", "Backup")
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    real, calls = os.replace, []

    def crash(src, dst):
        if len(calls) == 3:
            raise SystemExit("power cut")
        calls.append(dst)
        real(src, dst)

    with pytest.MonkeyPatch.context() as mp, pytest.raises(SystemExit):
        mp.setattr(restore_journal.os, "replace", crash)
        restore.restore_backup(house.paths, made, key)
    assert house.paths.restore_journal.exists()


def _residents(store) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(Resident)).one()


def test_reading_a_key_has_no_side_effect(house):
    _cut_restore(house)
    names = sorted(p.name for p in house.paths.root.iterdir())
    for read in (vault.key_from_keyring, vault.load_keyfile,
                 lambda p: vault.key_from_secret(p, password="whatever it is")):
        with pytest.raises(RestoreUnfinished, match="start it again"):
            read(house.paths)
    assert sorted(p.name for p in house.paths.root.iterdir()) == names


def test_the_start_of_the_windows_and_the_kiosk_finishes_it_first(house):
    _cut_restore(house)
    key = records.key_at_start(house.paths)
    assert not house.paths.restore_journal.exists()
    store = records.open_records(house.paths, key)
    try:
        assert _residents(store) == 0  # the backup's set, complete
    finally:
        store.close()
    store = records.open_from_keyring(house.paths)  # the kiosk's start
    store.close()


def test_the_command_line_finishes_it_before_any_command(house):
    _cut_restore(house)
    seen = []

    def command(_args: argparse.Namespace, paths) -> int:
        seen.append(paths.restore_journal.exists())
        store = vault.open_from_keyring(paths)
        store.close()
        return 0

    args = argparse.Namespace(data_dir=str(house.paths.root))
    assert run_command(command, args, "test") == 0
    assert seen == [False]


def test_nothing_to_finish_is_no_step(house):
    assert records.finish_restore(house.paths) is False
    assert records.key_at_start(house.paths) == vault.key_from_keyring(house.paths)


def test_forgetting_the_key_leaves_this_computer_unable_to_open_without_a_secret(house):
    key = records.key_at_start(house.paths)
    records.forget_key(house.store)
    with pytest.raises(KeyUnavailable):
        records.key_at_start(house.paths)
    assert records.remember_key(house.paths, key) == ""  # the house fixture's key, back
    assert records.key_at_start(house.paths) == key
