"""Garbage collection runs on the UI thread only (ui/gc_timer.py)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QTimer

from peerhouse.ui import gc_timer
from peerhouse.ui.start import prepare_app


def test_the_app_collects_on_a_ui_thread_timer_and_never_automatically(qapp, tmp_path):
    from peerhouse.paths import DataPaths

    gc.enable()
    app = prepare_app(DataPaths(tmp_path / "data"))
    timer = app.findChild(QTimer, "gc_timer")
    assert timer is not None and timer.isActive()
    assert not gc.isenabled(), "a worker thread could free a widget"
    prepare_app(DataPaths(tmp_path / "data"))
    assert len(app.findChildren(QTimer, "gc_timer")) == 1


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
