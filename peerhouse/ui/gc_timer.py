"""Python's garbage collection on the UI thread only (after Anki's aqt.main).

The automatic collector runs on whichever thread happens to allocate when a threshold is
crossed, a worker thread included. Widgets often sit in reference cycles (a window and
the lambdas it connected), and a Qt object freed from a worker thread crashes the process.
So the app turns the automatic collector off and collects on a UI-thread timer instead;
reference counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

INTERVAL_MS = 30_000  # often enough that cycles never pile up; a collection takes ~10 ms


def install(parent: QObject) -> QTimer:
    """Collect now, turn automatic collection off and collect every INTERVAL_MS from the
    UI thread; the timer lives as long as `parent` (the application). Called again (a
    second window's set-up), automatic collection is turned off again, whoever turned it
    back on, and the one timer is kept."""
    gc.collect()
    gc.disable()
    timer = parent.findChild(QTimer, "gc_timer")
    if timer is None:
        timer = QTimer(parent)
        timer.setObjectName("gc_timer")
        timer.timeout.connect(collect)
        timer.start(INTERVAL_MS)
    return timer


def collect() -> None:
    """One collection on the calling (UI) thread."""
    gc.collect()


def release_windows(app: QApplication) -> None:
    """Delete every window still alive and collect, while Qt is still up: the last step
    before the program (or a test session) ends. A window a signal's lambda keeps alive
    (a cycle through Qt) would otherwise be freed by the collector at the interpreter's
    exit, after the application, and crash the process there (exit status 139 once the
    work was done). Not closed first: a close event would run a window's closing steps
    (unsaved-work question, backup) a second time after the program's own shutdown."""
    for window in app.topLevelWidgets():
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
