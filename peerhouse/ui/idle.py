"""Idle detection by wall-clock time, so a PC that slept for an hour wakes up locked.

Any keyboard, mouse, wheel or touch input in the application counts as activity.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
}


class IdleWatcher(QObject):
    """Emits `idle` once after `timeout_s` seconds without input; `reset()` re-arms it."""

    idle = Signal()

    def __init__(self, timeout_s: float, *, clock: Callable[[], float] = time.time,
                 check_every_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_s = timeout_s
        self._clock = clock
        self._last = clock()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_every_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def reset(self) -> None:
        self._last = self._clock()
        self._fired = False

    def check(self) -> None:
        if not self._fired and self._clock() - self._last >= self.timeout_s:
            self._fired = True
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._fired and event.type() in _ACTIVITY:
            self._last = self._clock()
        return False
