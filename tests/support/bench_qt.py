"""Waiting for the windows from outside, precisely enough to time them.

`qtbot.waitUntil` polls every ~10 ms, which is the size of what is being measured, so
benchmarks wait here instead: the event loop runs as it does in the app (blocked between
events, the worker threads free to run) and a 1 ms timer checks the condition; or, for
a screen being shown, its Show event stops the clock exactly.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from peerhouse.ui.workers import active, pending

POLL_MS = 1


def wait_until(done: Callable[[], bool], what: str, timeout_s: float = 30.0) -> float:
    """Run the event loop until `done()`; returns perf_counter() at the check that saw it.

    Raises AssertionError naming `what` when it does not happen within `timeout_s`, so
    a screen that never loads fails the benchmark instead of timing the timeout.
    """
    if done():
        return time.perf_counter()
    loop = QEventLoop()
    seen: list[float] = []
    deadline = time.perf_counter() + timeout_s

    def check() -> None:
        if done():
            seen.append(time.perf_counter())
            loop.quit()
        elif time.perf_counter() > deadline:
            loop.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(POLL_MS)
    timer.timeout.connect(check)
    timer.start()
    try:
        loop.exec()
    finally:
        timer.stop()
    if not seen:
        raise AssertionError(f"{what} did not happen within {timeout_s:g} s")
    return seen[0]


def idle() -> bool:
    """No background task running, and every finished one delivered to its callback."""
    return pending() == 0 and active() == 0


def settle(timeout_s: float = 30.0) -> None:
    """Wait until background work is done and its callbacks (and follow-ups) have run."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(2):  # a callback may start a follow-on task
        wait_until(idle, "background work finishing", timeout_s)
        for _ in range(3):
            app.processEvents()



class _Shown(QObject):
    """Notes the moment a widget gets its Show event (sent inside show(), synchronously)."""

    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.at is None:
            self.at = time.perf_counter()
            self.loop.quit()
        return False


def wait_for_show(widget: QWidget, what: str, timeout_s: float = 30.0) -> float:
    """Run the event loop (idle between events, as in the app: no polling) until `widget`
    is shown; returns perf_counter() taken at its Show event."""
    loop = QEventLoop()
    watch = _Shown(loop)
    widget.installEventFilter(watch)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(timeout_s * 1000))
    try:
        loop.exec()
    finally:
        timer.stop()
        widget.removeEventFilter(watch)
    if watch.at is None:
        raise AssertionError(f"{what} did not happen within {timeout_s:g} s")
    return watch.at
