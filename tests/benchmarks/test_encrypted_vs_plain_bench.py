"""Benchmark: what encryption costs the Today and weekly-summary queries, at scale 10.

The scale-10 file is exported with SQLCipher's sqlcipher_export into a plain SQLite copy
in the test's temp folder (demo data only, and deleted again at the end whatever
happens). A Store over the copy gets an engine like the app's (peerhouse.store.engine):
the same SQLite library (sqlcipher3, no key given), the same pragmas minus the cipher
ones, the same pool and BEGIN handling. On both, the Today read model
(app.today.today_board, with cravings, as the screen's first load) and the weekly
manager summary read (services.summaries.weekly_summary, last week) run warm, alternated
(ABBA) RUNS times; the headline is the encrypted sum of medians over the plain one.

Note: the export is compacted (as after VACUUM) while the encrypted file is as the demo
wrote it, which if anything favours the plain copy.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy import create_engine
from sqlalchemy.pool import QueuePool

from peerhouse.app.today import today_board
from peerhouse.services import clock
from peerhouse.services.summaries import weekly_summary
from peerhouse.store import vault
from peerhouse.store.engine import BUSY_TIMEOUT_MS, PRAGMAS, Store, configure_connections
from tests.support.bench import Collector, summary
from tests.support.demo_db import DemoDB, fast_and_isolated

RUNS = 41


def _plain_engine(path: Path) -> Any:
    """The app's engine set-up (make_engine) for a file without a key."""
    engine = create_engine(f"sqlite:///{path}", module=sqlcipher3, poolclass=QueuePool,
                           pool_size=4, max_overflow=2,
                           connect_args={"check_same_thread": False,
                                         "timeout": BUSY_TIMEOUT_MS / 1000})

    configure_connections(engine, tuple(p for p in PRAGMAS if not p.startswith("PRAGMA cipher")))
    return engine


@pytest.fixture
def plain_store(scale10: DemoDB, tmp_path: Path) -> Iterator[Store]:
    """A plain SQLite copy of the scale-10 file, removed again at the end."""
    plain = tmp_path / "plain-copy.sqlite"
    assert "'" not in str(plain)
    raw = scale10.store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
        cur.execute("SELECT sqlcipher_export('plaintext')")
        cur.execute("DETACH DATABASE plaintext")
    finally:
        raw.close()
    try:
        assert plain.read_bytes()[:16] == b"SQLite format 3\x00"
        with fast_and_isolated(scale10.keyring_file):
            key = vault.key_from_keyring(scale10.paths)
        store = Store(_plain_engine(plain), key, scale10.store.setup_id, plain)
        try:
            yield store
        finally:
            store.close()
    finally:
        for leftover in tmp_path.glob("plain-copy.sqlite*"):
            leftover.unlink()
    assert not list(tmp_path.glob("plain-copy.sqlite*"))


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def test_encrypted_vs_plain(scale10: DemoDB, plain_store: Store, bench: Collector) -> None:
    db = scale10
    day = clock.local_day(clock.now(), db.timezone)
    last_week = clock.week_start(day) - timedelta(days=7)
    queries: dict[str, Callable[[Store], object]] = {
        "today": lambda s: today_board(s, db.manager, db.house_id, with_cravings=True),
        "weekly_summary": lambda s: weekly_summary(s, db.manager, db.house_id, last_week),
        "today_without_cravings": lambda s: today_board(s, db.manager, db.house_id,
                                                        with_cravings=False),
    }
    stores = {"encrypted": db.store, "plain": plain_store}
    a = queries["today"](db.store)
    b = queries["today"](plain_store)
    assert (a.census, a.living) == (b.census, b.living), "the copy holds the same records"
    times: dict[tuple[str, str], list[float]] = {(q, s): [] for q in queries for s in stores}
    for q in queries:  # warm-up
        for s in stores.values():
            queries[q](s)
    for i in range(RUNS):
        order = ("encrypted", "plain") if i % 2 == 0 else ("plain", "encrypted")
        for q, fn in queries.items():
            for name in order:
                times[(q, name)].append(_timed(lambda fn=fn, name=name: fn(stores[name])))
    med = {k: statistics.median(v) for k, v in times.items()}
    headline = ("today", "weekly_summary")
    ratio = (sum(med[(q, "encrypted")] for q in headline)
             / sum(med[(q, "plain")] for q in headline))
    details: dict[str, Any] = {f"{q}_{s}_ms": summary(v) for (q, s), v in times.items()}
    details.update({f"{q}_ratio": round(med[(q, "encrypted")] / med[(q, "plain")], 3)
                    for q in queries})
    with db.store.engine.connect() as conn:
        details["cipher_version"] = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    details.update(runs=RUNS, week=last_week.isoformat(), scale=10,
                   plain_file="exported to the test's temp folder, deleted at the end")
    plain_ms = sum(med[(q, "plain")] for q in headline)
    print(f"\nEncrypted vs plain (scale 10): today {med[('today', 'encrypted')]:.1f} / "
          f"{med[('today', 'plain')]:.1f} ms, weekly summary "
          f"{med[('weekly_summary', 'encrypted')]:.1f} / {med[('weekly_summary', 'plain')]:.1f}"
          f" ms, ratio {ratio:.3f}")
    bench.record("encrypted_vs_plain_ratio", ratio,
                 baseline=f"plain SQLite copy {plain_ms:.1f} ms (today + weekly summary)",
                 details=details)
