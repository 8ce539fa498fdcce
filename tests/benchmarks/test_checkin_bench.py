"""Benchmark: a kiosk check-in, from the tap on "Save my check-in" to the durable commit.

The real KioskWindow runs in-process over an encrypted copy of the scale-1 file (the copy
takes the writes, so the other benchmarks see the demo data as built). Every current
resident of the house gets a PIN; then, round after round, each one taps their name,
enters the PIN, taps "Check in" (or "Update my check-in": the demo has check-ins earlier
today, and a second one the same day updates the first), taps the answers, and taps Save.
The clock runs from that tap until the kiosk shows its thank-you screen, which it does
from the worker's success callback: the transaction with its audit event is committed
(synchronous=FULL) and the WAL checkpoint after it is done. Two warm-up check-ins, then
at least CHECKINS timed; the headline is their p95.

Baseline (same run): the disk's floor for one durable commit, a one-row insert + commit +
PASSIVE checkpoint into a scratch plain SQLite file (WAL, synchronous=FULL) holding nothing
but a counter. The service call alone (checkins.submit_checkin) is in the details too.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from peerhouse.paths import DataPaths
from peerhouse.services import checkins, clock, kiosk, pins
from peerhouse.services.actor import Actor
from peerhouse.store import vault
from peerhouse.store.copy import encrypted_copy
from peerhouse.store.engine import Store
from peerhouse.ui.kiosk.screens_checkin import CheckInScreen
from peerhouse.ui.kiosk.screens_login import StartScreen
from peerhouse.ui.kiosk.window import KioskWindow
from tests.support.bench import Collector, summary
from tests.support.bench_qt import idle, settle, wait_for_show, wait_until
from tests.support.demo_db import DemoDB, fast_and_isolated

CHECKINS = 32
WARM_UP = 2
PIN = "402917"


@pytest.fixture
def copy_store(scale1: DemoDB, tmp_path: Path) -> Iterator[tuple[DataPaths, Store]]:
    """An encrypted copy of the scale-1 file (same key), with a PIN for every resident."""
    with fast_and_isolated(scale1.keyring_file):
        key = vault.key_from_keyring(scale1.paths)
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir(mode=0o700)
    encrypted_copy(scale1.paths.db, key, paths.db)
    paths.keyfile.write_bytes(scale1.paths.keyfile.read_bytes())
    store = vault.open_store(paths, key)
    for entry in kiosk.roster(store, scale1.house_id):
        pins.reset_pin(store, scale1.manager, entry.resident_id, "583920")
        pins.choose_pin(store, Actor.resident(entry.resident_id, scale1.house_id), PIN)
    yield paths, store
    store.close()


def _tap(button: QWidget) -> None:
    assert button.isVisible() and button.isEnabled(), button.accessibleName()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _check_in(win: KioskWindow, index: int, n: int) -> tuple[float, bool]:
    """Resident `index` of the roster checks in; (ms from Save to the thank-you, updated)."""
    start = win.screens["start"]
    assert isinstance(start, StartScreen)
    wait_until(lambda: win.current.key == "start" and len(start.names.tiles) > index
               and idle(), "the roster on the start screen")
    _tap(start.names.tiles[index])
    wait_until(lambda: win.current.key == "pin", "the PIN screen")
    for digit in PIN:
        _tap(win.current.pad.keys[digit])  # type: ignore[attr-defined]
    wait_until(lambda: win.current.key == "home" and idle(), "the resident's home screen")
    _tap(win.current.tiles["check"])  # type: ignore[attr-defined]
    wait_until(lambda: win.current.key == "checkin" and idle(), "the check-in screen")
    settle()
    screen = win.current
    assert isinstance(screen, CheckInScreen)
    updating = screen.updating
    mood = (screen.mood.value() or n) % 5 + 1  # an update changes the mood at least
    _tap(screen.mood.buttons[mood])
    _tap(screen.craving.buttons[n % 11])
    _tap(screen.slept.buttons[n % 2 == 0])
    _tap(screen.sponsor.buttons[n % 3 == 0])
    QApplication.processEvents()
    begin = time.perf_counter()
    _tap(screen.save)
    # The success callback ends by showing the thank-you screen.
    done = wait_for_show(win.screens["done"], "the thank-you after saving")
    took = (done - begin) * 1000
    text = win.current.text.text()  # type: ignore[attr-defined]
    assert text.startswith("Thanks,") and ("updated" if updating else "saved") in text, text
    win.end_session()
    settle()
    return took, updating


def _commit_floor_ms(folder: Path, runs: int = 30) -> dict[str, float]:
    """One-row durable commits into a scratch plain file: what the disk itself costs."""
    path = folder / "commit-floor.sqlite"
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        for pragma in ("journal_mode = WAL", "synchronous = FULL"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("CREATE TABLE counter (n INTEGER)")
        times = []
        for i in range(runs + 1):
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO counter VALUES (?)", (i,))
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            if i:
                times.append((time.perf_counter() - start) * 1000)
    finally:
        conn.close()
        for leftover in folder.glob("commit-floor.sqlite*"):
            leftover.unlink()
    return summary(times)


def _service_ms(store: Store, residents: list[int], house_id: int) -> dict[str, float]:
    """The kiosk's own service call, straight (each resident updates today's check-in)."""
    times = []
    for n, rid in enumerate(residents * math.ceil(CHECKINS / len(residents))):
        start = time.perf_counter()
        checkins.submit_checkin(store, Actor.resident(rid, house_id), rid, n % 5 + 1, n % 11,
                                n % 2 == 0, n % 3 == 0, "", False)
        times.append((time.perf_counter() - start) * 1000)
    return summary(times)


def test_kiosk_check_in(themed_app: QApplication, scale1: DemoDB,
                        copy_store: tuple[DataPaths, Store], bench: Collector,
                        tmp_path: Path) -> None:
    paths, store = copy_store
    roster = kiosk.roster(store, scale1.house_id)
    assert roster, "nobody lives in the demo house"
    win = KioskWindow(paths, store, house_id=scale1.house_id)
    win.resize(1280, 800)
    win.show()
    settle()
    created: list[float] = []
    updated: list[float] = []
    try:
        for n in range(WARM_UP + CHECKINS):
            took, was_update = _check_in(win, n % len(roster), n)
            if n >= WARM_UP:
                (updated if was_update else created).append(took)
    finally:
        win.leave_kiosk()
        settle()
    day = clock.local_day(clock.now(), scale1.timezone)
    saved = [c for e in roster for c in checkins.checkins_for_resident(
        store, scale1.manager, e.resident_id, day, day + timedelta(days=1))]
    assert len(saved) == len(roster), "every resident's check-in is in the records"
    both = created + updated
    s = summary(both)
    floor = _commit_floor_ms(tmp_path)
    service = _service_ms(store, [e.resident_id for e in roster], scale1.house_id)
    details: dict[str, Any] = {
        "tap_to_commit_ms": s, "created_ms": summary(created) if created else None,
        "updated_ms": summary(updated) if updated else None, "residents": len(roster),
        "service_call_ms": service, "commit_floor_ms": floor, "warm_up": WARM_UP,
        "how": "real KioskWindow widgets; Save tap → thank-you screen (worker success callback)",
    }
    print(f"\nKiosk check-in, tap → durable commit: median {s['median']} ms, p95 {s['p95']} ms "
          f"over {s['n']} ({len(created)} new, {len(updated)} updates); service alone median "
          f"{service['median']} ms; commit floor median {floor['median']} ms")
    bench.record("checkin_commit_ms_p95", s["p95"],
                 baseline=f"1-row durable commit {floor['median']:g} ms (median); "
                          f"median here {statistics.median(both):.1f} ms",
                 details=details)
