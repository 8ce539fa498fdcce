"""Waiting for the windows from outside, precisely enough to time them.

`qtbot.waitUntil` polls every ~10 ms, which is the size of what is being measured, so
benchmarks poll here instead: process pending events, then sleep a fraction of a
millisecond (letting the worker threads have the GIL), until the condition holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from peerhouse.ui.workers import pending

POLL_S = 0.0005


def wait_until(done: Callable[[], bool], what: str, timeout_s: float = 30.0) -> float:
    """Process events until `done()`; returns perf_counter() at that moment.

    Raises AssertionError naming `what` when it does not happen within `timeout_s`, so
    a screen that never loads fails the benchmark instead of timing the timeout.
    """
    app = QApplication.instance()
    assert app is not None
    deadline = time.perf_counter() + timeout_s
    while True:
        app.processEvents()
        if done():
            return time.perf_counter()
        if time.perf_counter() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout_s:g} s")
        time.sleep(POLL_S)


def idle() -> bool:
    """No background task running, and every finished one delivered to its callback."""
    return pending() == 0 and QThreadPool.globalInstance().activeThreadCount() == 0


def settle(timeout_s: float = 30.0) -> None:
    """Wait until background work is done and its callbacks (and follow-ups) have run."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(2):  # a callback may start a follow-on task
        wait_until(idle, "background work finishing", timeout_s)
        for _ in range(3):
            app.processEvents()
