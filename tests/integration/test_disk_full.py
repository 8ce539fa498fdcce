"""A full disk (a file-size limit on a real child process): the write that does not fit
fails with a plain message, and the database keeps every commit made before it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from peerhouse.errors import WriteFailed
from peerhouse.paths import DB_NAME
from peerhouse.services import backups
from peerhouse.store import backup, vault
from peerhouse.store.checks import run_checks
from tests.support.crash_child import numbered

resource = pytest.importorskip("resource", reason="file-size limits need POSIX")
ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta
    from peerhouse.errors import PeerHouseError
    from peerhouse.paths import DataPaths
    from peerhouse.services import checkins
    from peerhouse.services.actor import Actor
    from peerhouse.store import vault
    store = vault.open_from_keyring(DataPaths.resolve())
    ids, first = [int(x) for x in sys.argv[1].split(",")], datetime.fromisoformat(sys.argv[2])
    n = 0
    try:
        while n < 100000:
            checkins.submit_checkin(store, Actor.system(), ids[n % len(ids)], mood=3, craving=2,
                                    note=f"#{n} " + "x" * 400, at=first - timedelta(days=n // len(ids)))
            print("ok", n, flush=True)
            n += 1
    except PeerHouseError as exc:
        print("error", exc, flush=True)
        sys.exit(3)
    """
)


def _limited(limit: int) -> Callable[[], None]:
    def apply() -> None:
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _largest(paths) -> int:
    return max(f.stat().st_size for f in paths.root.iterdir() if f.is_file())


def test_commits_fail_plainly_when_the_disk_is_full_and_earlier_ones_stay(house):
    ids = [house.admit(f"Full{i}", "Disk").id for i in range(5)]
    first = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    house.store.close()
    limit = _largest(house.paths) + 48 * 1024
    proc = subprocess.run([sys.executable, "-c", WRITER, ",".join(map(str, ids)), first],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          preexec_fn=_limited(limit))
    lines = proc.stdout.splitlines()
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert lines[-1].startswith("error The change could not be saved: the disk is full"), lines[-1]
    assert "Traceback" not in proc.stderr
    reported = {int(line.split()[1]) for line in lines if line.startswith("ok ")}
    assert len(reported) > 10
    store = vault.open_from_keyring(house.paths)
    try:
        assert reported <= numbered(store)
        report = run_checks(store)
        assert report.ok, report.lines
    finally:
        store.close()


def test_backup_to_a_full_disk_fails_plainly_and_leaves_nothing(house, tmp_path):
    for i in range(30):
        house.admit(f"Many{i}", "Rows", status="applicant", notes="n" * 300)
    target = tmp_path / "usb"
    target.mkdir()
    # A first backup tells how large one is; the next may not be written whole.
    size = backups.back_up(house.store, house.owner, folder=target).entry.size
    before = {p.name for p in target.iterdir()}
    house.store.close()
    proc = subprocess.run([sys.executable, "-m", "peerhouse", "backup", "--to", str(target)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          preexec_fn=_limited(size - 100))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("peerhouse: error: ") and "could not be" in last, last
    assert {p.name for p in target.iterdir()} == before  # no half-written file is left
    store = vault.open_from_keyring(house.paths)
    try:
        assert run_checks(store).ok
    finally:
        store.close()
    assert not list((house.paths.root / backup.WORK_DIR).glob("*/" + DB_NAME))


def test_backup_without_room_for_its_work_copy_says_so_and_leaves_nothing(house, tmp_path):
    """The data folder's disk (here: a file-size limit) cannot take the backup's working
    copy of the records: a plain sentence, not 'something unexpected went wrong'."""
    for i in range(40):
        house.admit(f"Many{i}", "Rows", status="applicant", notes="n" * 300)
    house.store.close()
    target = tmp_path / "usb"
    target.mkdir()
    limit = house.paths.db.stat().st_size // 2
    assert limit > 64 * 1024  # room for the WAL of the backup's own audit event
    proc = subprocess.run([sys.executable, "-m", "peerhouse", "backup", "--to", str(target)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          preexec_fn=_limited(limit))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert "unexpected" not in last and "Traceback" not in proc.stderr
    assert last.startswith("peerhouse: error: There is not enough room on the disk of the "
                           "data folder"), last
    assert list(target.iterdir()) == []
    assert not list((house.paths.root / backup.WORK_DIR).glob("*/*"))
    store = vault.open_from_keyring(house.paths)
    try:
        assert run_checks(store).ok
    finally:
        store.close()


def test_backup_checks_for_room_before_copying(house, tmp_path, monkeypatch):
    """Too little free space is found before anything is copied (and named in MB)."""
    import shutil

    real = shutil.disk_usage
    work = house.paths.root / backup.WORK_DIR

    def tiny(path):
        usage = real(path)
        return usage._replace(free=1024) if Path(path).is_relative_to(work) else usage

    monkeypatch.setattr(backup.shutil, "disk_usage", tiny)
    target = tmp_path / "usb"
    target.mkdir()
    with pytest.raises(WriteFailed) as caught:
        backups.back_up(house.store, house.owner, folder=target)
    assert "There is not enough room on the disk of the data folder" in str(caught.value)
    assert "MB" in str(caught.value)
    assert list(target.iterdir()) == [] and not list(work.glob("*/*"))
