"""The store's pool opens and closes its SQLite connections one at a time in the process
(store/engine.py): SQLite 3.51's unix layer deadlocked an open on a worker thread against
the close of the last WAL connection on the UI thread (seen once in a full test run: both
threads waiting on each other's mutex for good). The hang itself is too rare to reproduce
in a test; this checks that every open and close goes through the lock."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text

from peerhouse.store import engine as store_engine


class _Watched:
    """Stands in for the lock and notes each time it is taken and let go."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def __enter__(self) -> None:
        self.seen.append("in")

    def __exit__(self, *exc: object) -> None:
        self.seen.append("out")


def _watch_the_lock(monkeypatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(store_engine, "_OPEN_CLOSE", _Watched(seen))
    return seen


def test_the_pool_opens_and_closes_through_the_lock(tmp_path: Path, monkeypatch):
    seen = _watch_the_lock(monkeypatch)
    eng = store_engine.make_engine(tmp_path / "y.db", os.urandom(32), pool_size=1)
    with eng.connect() as conn:
        conn.execute(text("SELECT 1"))
    eng.dispose()
    assert seen == ["in", "out", "in", "out"]  # one open, one close


def test_a_backup_copy_opens_and_closes_its_connections_through_the_lock(tmp_path: Path,
                                                                         monkeypatch):
    """The copy opens the live file beside the pool's connections: the same lock."""
    from peerhouse.store import copy

    key = os.urandom(32)
    eng = store_engine.make_engine(tmp_path / "live.db", key, pool_size=1)
    with eng.begin() as conn:
        conn.execute(text("CREATE TABLE t (x)"))
    eng.dispose()
    seen = _watch_the_lock(monkeypatch)
    copy.encrypted_copy(tmp_path / "live.db", key, tmp_path / "copy.db")
    assert seen == ["in", "out"] * 4  # source and copy opened, then both closed
