"""kill -9 at random moments: while committing check-ins, during a backup, during a real
migration and during a restore. Nothing reported as done is ever lost, every check
passes afterwards, and a half-finished backup, migration or restore leaves the previous
state intact (a restore: the old set or the new one, complete).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from peerhouse.models.accountability import CheckIn
from peerhouse.paths import DataPaths
from peerhouse.services import backups, checkins
from peerhouse.services.actor import Actor
from peerhouse.store import backup, migrate, vault
from peerhouse.store.checks import run_checks
from tests.support import crash_child
from tests.support.crash_child import numbered, run_and_kill, run_to_end
from tests.support.extra_revision import REVISION, extra_revision_scripts

pytestmark = pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                                reason="needs fork (POSIX)")
SEED = int.from_bytes(os.urandom(4), "big")


def _key(house) -> str:
    return vault.key_from_keyring(house.paths).hex()


def _residents(house, n: int = 5) -> list[int]:
    return [house.admit(f"Res{i}", "Crash").id for i in range(n)]


def _all_checks_pass(paths: DataPaths, key: bytes) -> None:
    store = vault.open_store(paths, key, run_migrations=False)
    try:
        report = run_checks(store)
        assert report.ok, report.lines
    finally:
        store.close()


def test_kill9_while_committing_and_backing_up(house):
    rng = random.Random(SEED)
    ids, key = _residents(house), _key(house)
    base = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    house.store.close()
    root = str(house.paths.root)
    reported: set[int] = set()
    during_backup = 0
    # 30 kills at any moment of a stream of commits with a backup every fifth one …
    for _ in range(30):
        msgs = run_and_kill(crash_child.checkin_child, (root, key, ids, base, 5), after=b"c",
                            delay=rng.uniform(0, 0.25))
        reported |= {int(m[1:]) for m in msgs if m.startswith(b"c")}
    # … and 10 aimed at backups: killed at a random point after one has started (more, and
    # sooner, if none of them landed inside one on a fast machine).
    for i in range(30):
        if i >= 10 and during_backup:
            break
        msgs = run_and_kill(crash_child.checkin_child, (root, key, ids, base, 3), after=b"b",
                            delay=rng.uniform(0, 0.04 if i < 10 else 0.004))
        reported |= {int(m[1:]) for m in msgs if m.startswith(b"c")}
        during_backup += msgs[-1] == b"b"
    assert during_backup >= 1, f"no kill landed inside a backup (seed {SEED})"
    # On a busy machine every random kill can land before a backup ends: one more run is
    # killed only once a backup has finished, so a completed one always exists to verify.
    msgs = run_and_kill(crash_child.checkin_child, (root, key, ids, base, 5), after=b"B", delay=0)
    reported |= {int(m[1:]) for m in msgs if m.startswith(b"c")}

    store = vault.open_store(house.paths, bytes.fromhex(key))
    try:
        present = numbered(store)
        missing = reported - present
        assert not missing, f"reported check-ins lost: {sorted(missing)[:10]} (seed {SEED})"
        assert len(reported) > 40
        report = run_checks(store)
        assert report.ok, report.lines
        made = backup.list_backups(house.paths.backups)
    finally:
        store.close()
    # Every file with a backup's name is a complete, verified backup; what killed ones left
    # (a `.partial` file, a work folder) was removed when the records were next opened.
    assert made
    for entry in made:
        backup.verify_backup(house.paths, entry.path, bytes.fromhex(key))
    leftovers = [p for p in house.paths.backups.iterdir() if not backup.backup_file.parse_name(p.name)]
    assert not leftovers, leftovers
    assert not list((house.paths.root / backup.WORK_DIR).iterdir())


def test_kill9_during_a_real_migration(house, tmp_path, monkeypatch):
    """The first-schema file is upgraded by a test-only extra revision that rebuilds the
    check-in table; the process is killed at random points of the copy and the upgrade."""
    rng = random.Random(SEED + 1)
    ids = _residents(house)
    for n, rid in enumerate(ids * 20):
        checkins.submit_checkin(house.store, Actor.system(), rid, mood=3, craving=1, note=f"#{n}",
                                at=datetime.now(UTC) - timedelta(days=1 + n // len(ids)))
    key = bytes.fromhex(_key(house))
    house.store.close()
    template = tmp_path / "template"
    shutil.copytree(house.paths.root, template)
    scripts = str(extra_revision_scripts(tmp_path, table="checkin"))
    expected = _count(DataPaths(template), key)

    def fresh(i: int) -> DataPaths:
        target = tmp_path / f"round{i}"
        shutil.copytree(template, target)
        return DataPaths(target)

    length = run_to_end(crash_child.migration_child, (str(fresh(99).root), key.hex(), scripts),
                        b"d")
    finished: list[bool] = []
    for i in range(30):
        if i >= 10 and not all(finished):
            break
        paths = fresh(i)
        delay = rng.uniform(0, length * (1.5 if i < 10 else 0.3))  # sooner if none was cut
        msgs = run_and_kill(crash_child.migration_child, (str(paths.root), key.hex(), scripts),
                            after=b"s", delay=delay)
        store = vault.open_store(paths, key, run_migrations=False)
        try:
            revision = migrate.current_revision(store.engine)
            finished.append(b"d" in msgs)
            assert revision in (migrate.head_revision(), REVISION)
            with store.read() as s:
                assert s.exec(select(func.count()).select_from(CheckIn)).one() == expected
            assert run_checks(store).ok
        finally:
            store.close()
        for copy in paths.root.glob("peerhouse.pre-migration-*.db"):
            # A copy under its final name is complete: it opens at the old revision.
            copy_paths = DataPaths(tmp_path / f"copy{i}")
            copy_paths.root.mkdir()
            shutil.copy(copy, copy_paths.db)
            shutil.copy(paths.keyfile, copy_paths.keyfile)
            _all_checks_pass(copy_paths, key)
            assert _count(copy_paths, key) == expected
            assert _revision(copy_paths, key) == migrate.head_revision()
        # The next open (with the new revision known) finishes the job.
        with monkeypatch.context() as m:
            m.setattr(migrate, "MIGRATIONS_DIR", Path(scripts))
            store = vault.open_store(paths, key)
            assert migrate.current_revision(store.engine) == REVISION
            store.close()
        _all_checks_pass(paths, key)
    assert not all(finished), f"no kill landed in the migration (seed {SEED})"


def _revision(paths: DataPaths, key: bytes) -> str | None:
    store = vault.open_store(paths, key, run_migrations=False)
    try:
        return migrate.current_revision(store.engine)
    finally:
        store.close()


def _count(paths: DataPaths, key: bytes) -> int:
    store = vault.open_store(paths, key, run_migrations=False)
    try:
        with store.read() as s:
            return s.exec(select(func.count()).select_from(CheckIn)).one()
    finally:
        store.close()


def test_kill9_during_restore_leaves_old_or_new_set(house, tmp_path):
    rng = random.Random(SEED + 2)
    ids = _residents(house, 3)
    made = backups.back_up(house.store, house.owner).entry.path  # the "new" set: 3 residents
    for i in range(2):
        house.admit(f"Later{i}", "Crash", status="applicant")
    key = bytes.fromhex(_key(house))
    house.store.close()
    template = tmp_path / "template"
    shutil.copytree(house.paths.root, template)
    old_n, new_n = len(ids) + 2, len(ids)

    def residents_in(paths: DataPaths) -> int:
        from peerhouse.models.people import Resident

        vault.finish_restore(paths)  # opening's first step: finishes a cut restore
        store = vault.open_store(paths, key, run_migrations=False)
        try:
            assert run_checks(store).ok
            with store.read() as s:
                return s.exec(select(func.count()).select_from(Resident)).one()
        finally:
            store.close()

    def fresh(i: int) -> DataPaths:
        target = tmp_path / f"round{i}"
        shutil.copytree(template, target)
        return DataPaths(target)

    length = run_to_end(crash_child.restore_child, (str(fresh(99).root), key.hex(), str(made)),
                        b"d")
    for i in range(8):
        paths = fresh(i)
        run_and_kill(crash_child.restore_child, (str(paths.root), key.hex(), str(made)),
                     after=b"s", delay=rng.uniform(0, length * 1.2))
        count = residents_in(paths)
        assert count in (old_n, new_n), f"mixed set after a cut restore (seed {SEED})"
        assert not paths.restore_journal.exists()
        if count == new_n:  # the old set is kept aside, complete
            (aside,) = paths.root.glob("peerhouse.before-restore-*.db")
            kept = DataPaths(tmp_path / f"kept{i}")
            kept.root.mkdir()
            shutil.copy(aside, kept.db)
            shutil.copy(aside.with_suffix(".keys"), kept.keyfile)
            assert residents_in(kept) == old_n
