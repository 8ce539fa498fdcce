"""Child processes for the kill -9 tests, and the helper that starts and kills them.

Children are forked from a multiprocessing forkserver that has PeerHouse imported
already, so each of the many killed children costs milliseconds instead of a fresh
interpreter. They are real processes with their own connections, killed with SIGKILL.
A child reports over a pipe only after the call it reports has returned; a report is
one small write, so a kill never leaves half a message.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sqlmodel import select

from peerhouse.models.accountability import CheckIn
from peerhouse.paths import DataPaths
from peerhouse.services import backups, checkins
from peerhouse.services.actor import Actor
from peerhouse.store import migrate, vault
from peerhouse.store import restore as restore_store


def numbered(store: Any) -> set[int]:
    """The numbers of the test's check-ins (their note starts with `#n`)."""
    with store.read() as session:
        notes = session.exec(select(CheckIn.note)).all()
    return {int(n[1:].split()[0]) for n in notes if n.startswith("#")}


def checkin_child(root: str, key_hex: str, ids: list[int], base: str, backup_every: int,
                  out: Connection) -> None:
    """Commit numbered check-ins for ever (one per resident and day), now and then a backup."""
    store = vault.open_store(DataPaths(Path(root)), bytes.fromhex(key_hex))
    n = max(numbered(store), default=0) + 1
    first_day = datetime.fromisoformat(base)
    me = Actor.system()
    while True:
        at = first_day - timedelta(days=n // len(ids))
        checkins.submit_checkin(store, me, ids[n % len(ids)], mood=1 + n % 5, craving=n % 11,
                                note=f"#{n}", at=at)
        out.send_bytes(b"c%d" % n)
        if backup_every and n % backup_every == 0:
            out.send_bytes(b"b")
            backups.back_up(store, me, kind="auto", reason="test")
            out.send_bytes(b"B")
        n += 1


def migration_child(root: str, key_hex: str, scripts: str, out: Connection) -> None:
    migrate.MIGRATIONS_DIR = Path(scripts)
    out.send_bytes(b"s")
    vault.open_store(DataPaths(Path(root)), bytes.fromhex(key_hex)).close()
    out.send_bytes(b"d")


def restore_child(root: str, key_hex: str, file: str, out: Connection) -> None:
    out.send_bytes(b"s")
    restore_store.restore_backup(DataPaths(Path(root)), Path(file), bytes.fromhex(key_hex))
    out.send_bytes(b"d")


def context() -> Any:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["crash_child"])
    return ctx


def run_and_kill(target: Callable[..., None], args: tuple[Any, ...], *, after: bytes | None,
                 delay: float, timeout: float = 30.0) -> list[bytes]:
    """Start `target(*args, pipe)`, wait for the message `after` (if any), sleep `delay`,
    SIGKILL the child, and return every message it sent. A child that dies by itself
    (an exception) fails the test, with its exit code."""
    ctx = context()
    reader, writer = ctx.Pipe(duplex=False)
    child = ctx.Process(target=target, args=(*args, writer), daemon=True)
    child.start()
    writer.close()
    messages: list[bytes] = []
    deadline = time.monotonic() + timeout
    if after is not None:
        while not any(m.startswith(after) for m in messages):
            if not reader.poll(max(0.0, deadline - time.monotonic())):
                child.kill()
                raise AssertionError(f"child never said {after!r} (exit {child.exitcode})")
            messages.append(reader.recv_bytes())
    if delay:
        time.sleep(delay)
    alive = child.is_alive()
    child.kill()
    child.join(10)
    while True:
        try:
            messages.append(reader.recv_bytes())
        except EOFError:
            break
    reader.close()
    if not alive and child.exitcode not in (0, -9):
        raise AssertionError(f"child failed by itself (exit {child.exitcode}): {messages[-3:]}")
    return messages


def run_to_end(target: Callable[..., None], args: tuple[Any, ...], done: bytes) -> float:
    """Run a child until it says `done`; returns the seconds from its first message."""
    ctx = context()
    reader, writer = ctx.Pipe(duplex=False)
    child = ctx.Process(target=target, args=(*args, writer), daemon=True)
    child.start()
    writer.close()
    start = None
    try:
        while True:
            if not reader.poll(60):
                raise AssertionError("child did not finish")
            msg = reader.recv_bytes()
            start = start or time.monotonic()
            if msg == done:
                return time.monotonic() - start
    finally:
        child.kill()
        child.join(10)
        reader.close()
