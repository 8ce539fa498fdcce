"""Bit flips across a copy of a demo database: the header, page 1, pages all over the file,
the last page and the write-ahead log — also while a reader held a snapshot, so the newest
commits lived only in the log. Every flip is either refused at open or reported by the
checks; none ever yields silently different data.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from peerhouse.errors import ChangesLost, PeerHouseError
from peerhouse.paths import DB_NAME, DataPaths
from peerhouse.services.actor import Actor
from peerhouse.services.residents import ResidentInput, admit
from peerhouse.store import vault
from peerhouse.store.checks import run_checks
from tests.support.tables import dump

SEED = int.from_bytes(os.urandom(4), "big")
PAGE = 4096


def outcome(paths: DataPaths, key: bytes, reference: dict[str, list[str]],
            lost: list[ChangesLost] | None = None) -> str:
    try:
        store = vault.open_store(paths, key, run_migrations=False)
    except ChangesLost as exc:
        if lost is not None:
            lost.append(exc)
        return "refused"
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


def _snapshot(demo: DataPaths, tmp_path: Path, name: str, commits: int, *,
              reader: bool) -> tuple[Path, bytes]:
    """Commit applicants `name`0… and copy the files while the writer (and, with `reader`,
    a connection holding a read snapshot from before the commits) still has them open."""
    key = vault.key_from_keyring(demo)
    store = vault.open_store(demo, key)
    held = sqlcipher3.connect(str(demo.db), isolation_level=None)
    try:
        if reader:
            held.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            held.execute("BEGIN")
            held.execute("SELECT count(*) FROM resident").fetchall()  # holds its snapshot
        for i in range(commits):
            admit(store, Actor.system(), ResidentInput(first_name=f"{name}{i}",
                                                       last_name="Frames", house_id=1,
                                                       status="applicant"))
        snapshot = tmp_path / "snapshot"
        snapshot.mkdir()
        for f in (demo.db, demo.keyfile, demo.root / (DB_NAME + "-wal"), demo.seal):
            shutil.copy(f, snapshot / f.name)
    finally:
        held.close()
        store.close()
    return snapshot, key


@pytest.fixture
def with_wal(demo: DataPaths, tmp_path: Path) -> tuple[Path, bytes]:
    """A copy of the demo taken while a writer has it open, so its WAL holds frames."""
    return _snapshot(demo, tmp_path, "Wal", 6, reader=False)


def test_bit_flips_are_refused_or_reported_never_silent(with_wal, tmp_path):
    snapshot, key = with_wal
    rng = random.Random(SEED)
    reference = _reference(snapshot, key, tmp_path)
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


@pytest.fixture
def wal_behind_reader(demo: DataPaths, tmp_path: Path) -> tuple[Path, bytes]:
    """A copy taken while a reader (a backup copying, the kiosk reading) held a snapshot:
    the checkpoint after each of the five commits could not copy them into the main file,
    so they live only in the WAL's frames."""
    return _snapshot(demo, tmp_path, "Late", 5, reader=True)


def test_wal_flips_while_a_reader_held_a_snapshot_are_never_silent(wal_behind_reader,
                                                                    tmp_path):
    """Before the seal, 100 of 100 such flips dropped acknowledged commits with every
    check passing; now the shortfall against the sealed commit count is refused at open."""
    snapshot, key = wal_behind_reader
    rng = random.Random(SEED)
    reference = _reference(snapshot, key, tmp_path)
    assert any("Late4" in row for row in reference["resident"])
    # The main file alone lacks the five commits: they are in the WAL's frames only.
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(snapshot / DB_NAME, alone / DB_NAME)
    main = sqlcipher3.connect(str(alone / DB_NAME))
    try:
        main.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        late = "SELECT count(*) FROM resident WHERE first_name LIKE 'Late%'"
        assert main.execute(late).fetchone() == (0,)
    finally:
        main.close()
    wal = snapshot / (DB_NAME + "-wal")
    wal_size = wal.stat().st_size
    frame = PAGE + 24
    frames = (wal_size - 32) // frame
    assert frames >= 5
    # The WAL header, each frame's header and page, the very last byte, and more at random.
    offsets = [0, 12, 20, 28, wal_size - 1]
    for n in range(frames):
        start = 32 + n * frame
        offsets += [start + 4, start + 24 + rng.randrange(PAGE)]
    offsets += [rng.randrange(32, wal_size) for _ in range(8)]
    seen: dict[str, int] = {}
    lost: list[ChangesLost] = []
    for i, offset in enumerate(offsets):
        paths = _copy(snapshot, tmp_path / f"flip{i}")
        target = paths.root / (DB_NAME + "-wal")
        data = bytearray(target.read_bytes())
        data[offset] ^= 1 << rng.randrange(8)
        target.write_bytes(bytes(data))
        try:
            result = outcome(paths, key, reference, lost)
        except AssertionError as exc:
            raise AssertionError(f"{exc}: WAL byte {offset} (seed {SEED})") from None
        seen[result] = seen.get(result, 0) + 1
    # Every frame holds part of the five commits: a flip in any of them loses some.
    assert seen.get("refused", 0) >= frames, seen
    assert lost and all(exc.count >= 1 for exc in lost)
    assert all(f"the last {exc.count} change" in str(exc) and "newest good backup" in str(exc)
               for exc in lost), str(lost[0])


def _reference(snapshot: Path, key: bytes, tmp_path: Path) -> dict[str, list[str]]:
    """Every row of the snapshot as it reads undamaged (its WAL's commits included)."""
    store = vault.open_store(_copy(snapshot, tmp_path / "ref"), key, run_migrations=False)
    try:
        return dump(store)
    finally:
        store.close()


def _copy(snapshot: Path, dest: Path) -> DataPaths:
    shutil.copytree(snapshot, dest)
    return DataPaths(dest)
