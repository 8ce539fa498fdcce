"""ChangeWatch: another process's commits are noticed, this process's own are not, and
asking writes nothing.

The other process is real (a child Python process opening the same encrypted file), as a
kiosk or a command-line import would be.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
from sqlmodel import func, select

from peerhouse.models.audit import AuditEvent
from peerhouse.services import houses
from peerhouse.store.changes import ChangeWatch

ADMIT = textwrap.dedent(
    """
    import sys
    from peerhouse.paths import DataPaths
    from peerhouse.services import residents
    from peerhouse.services.accounts import login
    from peerhouse.store import vault
    store = vault.open_from_keyring(DataPaths.resolve())
    me = login(store, "manny", "manager-pass-123")
    residents.admit(store, me, residents.ResidentInput(
        first_name="From", last_name="Elsewhere", house_id=int(sys.argv[1])))
    store.close()
    """
)


def other_process_admits(house) -> None:
    subprocess.run([sys.executable, "-c", ADMIT, str(house.house_id)], check=True,
                   capture_output=True, timeout=120)


def audit_count(house) -> int:
    with house.store.read() as s:
        return s.exec(select(func.count()).select_from(AuditEvent)).one()


@pytest.fixture
def watch(house) -> Iterator[ChangeWatch]:
    made = ChangeWatch(house.store)
    yield made
    made.close()


def test_another_process_saving_is_noticed_once(house, watch):
    assert not watch.changed_elsewhere()
    other_process_admits(house)
    assert watch.changed_elsewhere()
    assert not watch.changed_elsewhere()  # once per change


def test_this_processs_own_saves_are_not_changes_from_elsewhere(house, watch):
    house.admit("Own", "Process")
    houses.set_setting(house.store, house.manager, "kiosk_idle_seconds", "90")
    assert not watch.changed_elsewhere()
    with house.store.scan() as conn:  # a checkpoint that restarts the log changes
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # data_version too
    assert not watch.changed_elsewhere()


def test_a_change_from_elsewhere_among_our_own_is_still_noticed(house, watch):
    house.admit("Own", "Before")
    other_process_admits(house)
    house.admit("Own", "After")
    assert watch.changed_elsewhere()
    house.admit("Own", "Again")
    assert not watch.changed_elsewhere()


def test_asking_writes_nothing(house, watch):
    before = audit_count(house)
    mtime = house.paths.db.stat().st_mtime_ns
    for _ in range(50):
        assert not watch.changed_elsewhere()
    assert audit_count(house) == before
    assert house.paths.db.stat().st_mtime_ns == mtime
    watch.close()
    assert not watch.changed_elsewhere()  # closed: nothing more to say
