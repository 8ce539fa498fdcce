"""The one background-operation helper (after Anki's `aqt.operations`).

`run_task` runs a function on the shared thread pool and delivers its result or its
error to callbacks on the UI thread, so windows never freeze and never touch a half
finished result. Errors that are PeerHouseError go to `on_failure` (or a plain
dialog); anything else goes to the global error handler.

Three guards keep late results harmless:
- `owner`: a callback whose owner widget was deleted meanwhile is dropped;
- `hold()` / `release()`: while the window is locked, results are queued and replayed
  in order after unlock, so nothing pops up over the lock screen;
- `discard_pending()`: at log-out, results still on their way are dropped.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog

from peerhouse.ui import session_guard

log = logging.getLogger(__name__)
_running: set[_Task] = set()
_held = False
_queue: deque[Callable[[], None]] = deque()
_replaying = False


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
        self.dropped = False  # set at log-out: the result is no longer wanted
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
    owner: QObject | None = None,
    bypass_hold: bool = False,
    wanted: Callable[[], bool] | None = None,
    on_dropped: Callable[[], None] | None = None,
) -> Progress:
    """Run `fn(*args)` off the UI thread; callbacks run on the UI thread.

    With `on_progress`, `fn` is called with a `progress` keyword argument it can call
    with (percent, text) and whose `cancelled` flag it may check. With `owner`, the
    callbacks are skipped if the owner has been deleted by the time the result
    arrives. With `wanted`, a result that is no longer wanted when it arrives (the window
    now shows another house, the report's options changed) goes to `on_dropped` instead
    of `on_success` (a failure is still reported). `bypass_hold` is for the lock screen's own password check, the backup
    at close and the watch for other processes' changes (ui/manager/live.py: it shows
    nothing over the lock but a notice without names) only.
    """
    task = _Task(fn, args, with_progress=on_progress is not None)
    _running.add(task)

    def gone() -> bool:
        if task.dropped:
            return True
        if owner is not None and not shiboken6.isValid(owner):
            log.debug("result of %s dropped: its window is gone", getattr(fn, "__name__", "task"))
            return True
        return False

    def success_call(result: object) -> None:
        if gone():
            return
        if wanted is not None and not wanted():
            log.debug("result of %s dropped: no longer wanted", getattr(fn, "__name__", "task"))
            if on_dropped is not None:
                on_dropped()
        elif on_success is not None:
            on_success(result)

    def failed_call(exc: BaseException) -> None:
        if gone():
            return
        if session_guard.handle(exc):  # the account changed: its session reacts, not the form
            return
        if on_failure is not None:
            on_failure(exc)
        else:
            from peerhouse.ui.errors import report_error

            report_error(exc)

    def done(result: object) -> None:
        _running.discard(task)
        if not task.dropped:
            deliver(lambda: success_call(result), bypass_hold=bypass_hold)

    def failed(exc: object) -> None:
        _running.discard(task)
        assert isinstance(exc, BaseException)
        if not task.dropped:
            deliver(lambda: failed_call(exc), bypass_hold=bypass_hold)

    task.signals.succeeded.connect(done)
    task.signals.failed.connect(failed)
    if on_progress is not None:
        task.signals.progress.connect(
            lambda percent, text: None if gone() else on_progress(percent, text))
    QThreadPool.globalInstance().start(task)
    return task.progress


# -- holding results while the window is locked --------------------------------------
def hold() -> None:
    """Queue every result from now on instead of delivering it (the window is locked)."""
    global _held
    _held = True


def release() -> None:
    """Deliver the queued results in the order they arrived, then deliver as usual."""
    global _held, _replaying
    _held = False
    if _replaying:  # release() from inside a replayed callback: the outer loop goes on
        return
    _replaying = True
    try:
        while _queue and not _held:
            call = _queue.popleft()
            try:
                call()
            except Exception:  # one broken callback must not keep the others queued
                sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        _replaying = False


def is_held() -> bool:
    return _held


def held() -> int:
    """How many results are waiting for the window to be unlocked."""
    return len(_queue)


def deliver(call: Callable[[], None], *, bypass_hold: bool = False) -> None:
    """Run `call` now, or after `release()` while results are held (keeping their order)."""
    if not bypass_hold and (_held or _replaying):
        _queue.append(call)
        return
    call()


def discard_pending() -> None:
    """Forget results not yet delivered (log-out): ask running tasks to stop, drop the rest."""
    for task in _running:
        task.dropped = True
        task.progress.cancelled = True
    _running.clear()
    _queue.clear()


def wait_for_tasks(timeout_ms: int = 10000) -> bool:
    """Block until every task has finished (used at exit and by tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def finish_tasks(text: str, timeout_ms: int = 120000) -> bool:
    """Wait for running work (a backup, a save) without freezing the screen: it keeps
    painting, ignores clicks and keys, and a small note says why if it takes a moment."""
    pool = QThreadPool.globalInstance()
    if pool.activeThreadCount() == 0:
        return True
    note = QProgressDialog(text, "", 0, 0)
    note.setWindowTitle("PeerHouse")
    note.setCancelButton(None)  # type: ignore[arg-type]
    from PySide6.QtCore import Qt  # not at import: see ui/start.py on start-up time

    note.setWindowModality(Qt.WindowModality.ApplicationModal)
    note.hide()
    start = time.monotonic()
    try:
        while pool.activeThreadCount():
            waited = time.monotonic() - start
            if waited * 1000 > timeout_ms:
                return False
            if waited > 0.3 and not note.isVisible():
                note.show()
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            pool.waitForDone(30)
        return True
    finally:
        note.close()
        note.deleteLater()


def pending() -> int:
    """Tasks started and not yet delivered to their callbacks."""
    return len(_running)
