"""The one background-operation helper (after Anki's `aqt.operations`).

`run_task` runs a function on the shared thread pool and delivers its result or its
error to callbacks on the UI thread, so windows never freeze and never touch a half
finished result. Errors that are PeerHouseError go to `on_failure` (or a plain
dialog); anything else goes to the global error handler.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
_running: set[_Task] = set()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progress = Signal(int, str)


class Progress:
    """Handed to a task that wants to report progress (and to see a cancel request)."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self.cancelled = False

    def __call__(self, percent: int, text: str = "") -> None:
        self._signals.progress.emit(int(percent), text)


class _Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], with_progress: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self.progress = Progress(self.signals)
        self._fn, self._args, self._with_progress = fn, args, with_progress

    def run(self) -> None:
        try:
            if self._with_progress:
                result = self._fn(*self._args, progress=self.progress)
            else:
                result = self._fn(*self._args)
        except BaseException as exc:  # delivered to the UI thread, never lost
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, str], None] | None = None,
) -> Progress:
    """Run `fn(*args)` off the UI thread; callbacks run on the UI thread.

    With `on_progress`, `fn` is called with a `progress` keyword argument it can call
    with (percent, text) and whose `cancelled` flag it may check.
    """
    task = _Task(fn, args, with_progress=on_progress is not None)
    _running.add(task)

    def done(result: object) -> None:
        _running.discard(task)
        if on_success is not None:
            on_success(result)

    def failed(exc: object) -> None:
        _running.discard(task)
        assert isinstance(exc, BaseException)
        if on_failure is not None:
            on_failure(exc)
        else:
            from peerhouse.ui.errors import report_error

            report_error(exc)

    task.signals.succeeded.connect(done)
    task.signals.failed.connect(failed)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(task)
    return task.progress


def wait_for_tasks(timeout_ms: int = 10000) -> bool:
    """Block until every task has finished (used at exit and by tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def pending() -> int:
    """Tasks started and not yet delivered to their callbacks."""
    return len(_running)
