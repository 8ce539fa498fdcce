"""The background-work primitive (after Anki's `aqt.operations`) and its guards.

`run_task` runs a function off the UI thread and delivers its result or its error to
callbacks on the UI thread, so windows never freeze and never touch a half finished
result. Errors that are PeerHouseError go to `on_failure` (or a plain dialog); anything
else goes to the global error handler. The windows' reads and writes of the records do
not call it directly: they are operations (`app/ops.py`) run by `ui/ops_runner.py: run_op`,
which uses it. `run_task` itself is for other background work (opening the records,
rendering or printing a PDF, copying a backup, the watch for other processes' changes) and
for the few writes that are not one unit yet (a password or PIN hashed before the write
lock, the CSV import, the kiosk's own calls): tests/unit/test_ui_changes.py names them.

Work runs on the shared thread pool, or with `serial=True` on the one write thread,
where it runs one piece at a time in the order asked (a second save never overtakes the
first).

Three guards keep late results harmless, here and nowhere else:
- `owner`: a callback whose owner widget was deleted meanwhile is dropped (and `wanted`:
  a result the window no longer wants goes to `on_dropped`);
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
_serial: QThreadPool | None = None


def _write_pool() -> QThreadPool:
    """The one write thread: a pool of one, owned by the application (ended with it)."""
    global _serial
    if _serial is None:
        _serial = QThreadPool(QCoreApplication.instance())
        _serial.setMaxThreadCount(1)
        _serial.destroyed.connect(_forget_write_pool)
    return _serial


def _forget_write_pool() -> None:
    global _serial
    _serial = None


def _pools() -> list[QThreadPool]:
    return [QThreadPool.globalInstance(), *([_serial] if _serial is not None else [])]


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
        self.name = getattr(fn, "__name__", "task")

    def gone(self, owner: QObject | None) -> bool:
        """The result is for nobody now: dropped at log-out, or its owner deleted."""
        if self.dropped:
            return True
        if owner is not None and not shiboken6.isValid(owner):
            log.debug("result of %s dropped: its window is gone", self.name)
            return True
        return False

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
    announce: Callable[[Any], None] | None = None,
    serial: bool = False,
) -> Progress:
    """Run `fn(*args)` off the UI thread; callbacks run on the UI thread.

    `on_progress`: `fn` gets a `progress` argument to call with (percent, text), whose
    `cancelled` it may check. `owner`: callbacks are skipped once it is deleted. `wanted`:
    a result no longer wanted (another house shown now) goes to `on_dropped` instead
    (failures are still reported). `announce` gets every delivered result last, whatever
    became of `owner` or `wanted` (a write's changes). `serial`: on the one write thread,
    after the work asked before it. `bypass_hold` only for the lock screen's password
    check, the backup at close and the watch for other processes' changes (live.py).
    """
    task = _Task(fn, args, with_progress=on_progress is not None)
    _running.add(task)

    def success_call(result: object) -> None:
        if task.dropped:
            return
        try:
            if task.gone(owner):
                return
            if wanted is not None and not wanted():
                log.debug("result of %s dropped: no longer wanted", task.name)
                if on_dropped is not None:
                    on_dropped()
            elif on_success is not None:
                on_success(result)
        finally:
            if announce is not None:
                announce(result)

    def failed_call(exc: BaseException) -> None:
        if task.gone(owner):
            return
        if session_guard.handle(exc):  # the account changed: its session reacts, not the form
            return
        if on_failure is not None:
            on_failure(exc)
        else:
            from peerhouse.ui.errors import report_error

            report_error(exc)

    def arrived(call: Callable[[], None]) -> None:
        _running.discard(task)
        if not task.dropped:
            deliver(call, bypass_hold=bypass_hold)

    task.signals.succeeded.connect(lambda result: arrived(lambda: success_call(result)))
    task.signals.failed.connect(lambda exc: arrived(lambda: failed_call(exc)))
    if on_progress is not None:
        task.signals.progress.connect(
            lambda percent, text: None if task.gone(owner) else on_progress(percent, text))
    (_write_pool() if serial else QThreadPool.globalInstance()).start(task)
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
    """Block until every task has finished, on the pool and the write thread (used at exit
    and by tests)."""
    return all([pool.waitForDone(timeout_ms) for pool in _pools()])


def active() -> int:
    """Threads busy with work right now (on the pool and the write thread)."""
    return sum(pool.activeThreadCount() for pool in _pools())


def finish_tasks(text: str, timeout_ms: int = 120000) -> bool:
    """Wait for running work (a backup, a save) without freezing the screen: it keeps
    painting, ignores clicks and keys, and a small note says why if it takes a moment."""
    if active() == 0:
        return True
    note = QProgressDialog(text, "", 0, 0)
    note.setWindowTitle("PeerHouse")
    note.setCancelButton(None)  # type: ignore[arg-type]
    from PySide6.QtCore import Qt  # not at import: see ui/start.py on start-up time

    note.setWindowModality(Qt.WindowModality.ApplicationModal)
    note.hide()
    start = time.monotonic()
    try:
        while active():
            waited = time.monotonic() - start
            if waited * 1000 > timeout_ms:
                return False
            if waited > 0.3 and not note.isVisible():
                note.show()
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            wait_for_tasks(30)
        return True
    finally:
        note.close()
        note.deleteLater()


def pending() -> int:
    """Tasks started and not yet delivered to their callbacks."""
    return len(_running)
