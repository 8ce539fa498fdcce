"""Bit flips across a copy of a demo database: the header, page 1, pages all over the file,
the last page and the write-ahead log. Every flip is either refused at open or reported by
the checks; none ever yields silently different data.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from peerhouse.errors import PeerHouseError
from peerhouse.paths import DB_NAME, DataPaths
from peerhouse.services.actor import Actor
from peerhouse.services.residents import ResidentInput, admit
from peerhouse.store import vault
from peerhouse.store.checks import run_checks
from tests.support.tables import dump

SEED = int.from_bytes(os.urandom(4), "big")
PAGE = 4096


def outcome(paths: DataPaths, key: bytes, reference: dict[str, list[str]]) -> str:
    try:
        store = vault.open_store(paths, key, run_migrations=False)
    except PeerHouseError:
        return "refused"
    try:
        report = run_checks(store)
        if not report.ok:
            return "reported"
        assert dump(store) == reference, "a flip changed the data and every check passed"
        return "harmless"
    finally:
        store.close()


@pytest.fixture
def with_wal(demo: DataPaths, tmp_path: Path) -> tuple[Path, bytes]:
    """A copy of the demo taken while a writer has it open, so its WAL holds frames."""
    key = vault.key_from_keyring(demo)
    store = vault.open_store(demo, key)
    try:
        for i in range(6):
            admit(store, Actor.system(), ResidentInput(first_name=f"Wal{i}", last_name="Frames",
                                                       house_id=1, status="applicant"))
        snapshot = tmp_path / "snapshot"
        snapshot.mkdir()
        for f in (demo.db, demo.keyfile, demo.root / (DB_NAME + "-wal")):
            shutil.copy(f, snapshot / f.name)
    finally:
        store.close()
    return snapshot, key


def test_bit_flips_are_refused_or_reported_never_silent(with_wal, tmp_path):
    snapshot, key = with_wal
    rng = random.Random(SEED)
    reference_store = vault.open_store(_copy(snapshot, tmp_path / "ref"), key,
                                       run_migrations=False)
    try:
        reference = dump(reference_store)
    finally:
        reference_store.close()
    assert any("Wal5" in row for row in reference["resident"])  # the WAL's commits are in

    db_size = (snapshot / DB_NAME).stat().st_size
    wal_size = (snapshot / (DB_NAME + "-wal")).stat().st_size
    assert db_size > 20 * PAGE and wal_size > 32 + PAGE
    targets = [(DB_NAME, o) for o in (0, 7, 15, 16, 18, 21, 28, 40, 60, 99, 1000, PAGE - 1)]
    targets += [(DB_NAME, rng.randrange(PAGE, db_size - PAGE)) for _ in range(24)]
    targets += [(DB_NAME, db_size - d) for d in (1, 48, 80, 2000, PAGE)]
    frame = PAGE + 24
    wal_offsets = [0, 3, 8, 12, 16, 24, 31, 32, 36, 40, 48, 55, 32 + 100, wal_size - 1,
                   wal_size - frame, wal_size - frame + 30]
    wal_offsets += [rng.randrange(32, wal_size) for _ in range(10)]
    targets += [(DB_NAME + "-wal", o) for o in wal_offsets]

    seen: dict[str, int] = {}
    for i, (name, offset) in enumerate(targets):
        paths = _copy(snapshot, tmp_path / f"flip{i}")
        target = paths.root / name
        data = bytearray(target.read_bytes())
        data[offset] ^= rng.randrange(1, 256)
        target.write_bytes(bytes(data))
        try:
            result = outcome(paths, key, reference)
        except AssertionError as exc:
            raise AssertionError(f"{exc}: {name} byte {offset} (seed {SEED})") from None
        seen[result] = seen.get(result, 0) + 1
        if name == DB_NAME:  # the main file is covered by page MACs: never harmless
            assert result != "harmless", f"{name} byte {offset} went unnoticed (seed {SEED})"
    assert seen.get("refused") and seen.get("reported"), seen


def _copy(snapshot: Path, dest: Path) -> DataPaths:
    shutil.copytree(snapshot, dest)
    return DataPaths(dest)
