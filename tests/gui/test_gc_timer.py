"""Garbage collection runs on the UI thread only (ui/gc_timer.py)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QTimer

from peerhouse.ui import gc_timer
from peerhouse.ui.qt_app import prepare_app


def test_the_app_collects_on_a_ui_thread_timer_and_never_automatically(qapp, tmp_path):
    """Whether or not an earlier set-up (another window, another test) installed the
    timer, the app's set-up leaves automatic collection off and one timer running."""
    from peerhouse.paths import DataPaths

    try:
        for _ in range(2):
            gc.enable()  # whatever turned it on meanwhile
            app = prepare_app(DataPaths(tmp_path / "data"))
            assert not gc.isenabled(), "a worker thread could free a widget"
            [timer] = app.findChildren(QTimer, "gc_timer")
            assert timer.isActive() and timer.interval() == gc_timer.INTERVAL_MS
    finally:
        gc.disable()  # as the GUI tests run (tests/gui/conftest.py)


def test_a_collection_happens_on_the_thread_that_asks(qapp):
    seen: list[threading.Thread] = []

    def note(phase: str, _info: dict) -> None:
        if phase == "start":
            seen.append(threading.current_thread())

    gc.callbacks.append(note)
    try:
        gc_timer.collect()
    finally:
        gc.callbacks.remove(note)
    assert seen == [threading.main_thread()]
