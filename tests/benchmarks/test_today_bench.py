"""Benchmark: signing in → the Today screen fully populated, at scale 1 and scale 10.

The real ManagerApp runs in-process over the open demo file: its LoginDialog gets the
manager's username and password and its Sign in button is clicked; the clock starts at
the click and stops once Today shows the board of the manager's house — the window exists
and is visible, TodaySection.board is set for that house, the status line no longer says
"Loading…", no background task is left (login, session facts, the house picker, the
board) and the events after that (layout and paint of the cards) have been processed.
Each repeat signs out (ManagerApp.logout: the window closes) and signs in again, so every
repeat builds a new MainWindow; one warm-up first, the median of RUNS is the headline.

Baseline (same run): the Today read model alone, app.today.today_board, as the
screen calls it the first time (with cravings).
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from peerhouse.app.today import today_board
from peerhouse.ui.app import ManagerApp
from peerhouse.ui.manager.today.section import TodaySection
from peerhouse.ui.session.login import LoginDialog
from tests.support.bench import Collector, summary
from tests.support.bench_qt import idle, settle, wait_until
from tests.support.demo_db import MANAGER_PASSWORD, DemoDB

RUNS = 7


def _today_shown(app: ManagerApp, house_id: int) -> bool:
    window = app.window
    if window is None or not window.isVisible() or not idle():
        return False
    section = window.sections.get("today")
    assert isinstance(section, TodaySection)
    return (section.isVisible() and section.board is not None
            and section.board.house_id == house_id and not section.busy
            and section.status.text() != "Loading…")


def _sign_in(qapp: QApplication, app: ManagerApp, house_id: int) -> float:
    """One sign-in, from the click on Sign in to Today on screen (ms)."""
    dialog = app.dialog
    assert isinstance(dialog, LoginDialog) and dialog.isVisible()
    dialog.username.setText("manny")
    dialog.password.setText(MANAGER_PASSWORD)
    settle()
    start = time.perf_counter()
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: _today_shown(app, house_id), "Today after signing in", 60)
    qapp.processEvents()  # the filled cards laid out and painted
    took = (time.perf_counter() - start) * 1000
    assert dialog.error.isHidden(), dialog.error.text()
    return took


def _measure(qapp: QApplication, db: DemoDB) -> dict[str, Any]:
    app = ManagerApp(db.paths)
    app.store = db.store  # the records are open already: start at the sign-in window
    app.show_login()
    times = []
    try:
        for i in range(RUNS + 1):
            took = _sign_in(qapp, app, db.house_id)
            if i:  # the first one is the warm-up
                times.append(took)
            window = app.window
            assert window is not None
            board = window.sections["today"].board  # type: ignore[attr-defined]
            cards = sum(card.isVisible() for card in window.sections["today"].cards.values())  # type: ignore[attr-defined]
            app.logout()  # closes the window (a new one at the next sign-in)
            settle()
    finally:
        dialog = app.dialog
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()
        settle()
    read = []
    for i in range(RUNS + 1):
        start = time.perf_counter()
        today_board(db.store, db.manager, db.house_id, with_cravings=True)
        if i:
            read.append((time.perf_counter() - start) * 1000)
    return {"sign_in_to_today_ms": summary(times, 1), "each_ms": [round(t, 1) for t in times],
            "today_board_ms": summary(read, 1),
            "runs": RUNS, "visible_cards": cards, "living": board.living,
            "house": board.house_id}


def test_today_after_sign_in(themed_app: QApplication, scale1: DemoDB, scale10: DemoDB,
                             bench: Collector) -> None:
    for key, db in (("today_ms_scale1", scale1), ("today_ms_scale10", scale10)):
        r = _measure(themed_app, db)
        took, read = r["sign_in_to_today_ms"]["median"], r["today_board_ms"]["median"]
        print(f"\n{key}: sign in → Today {took} ms (median of {RUNS}), "
              f"today_board() alone {read} ms, {r['living']} living in the house")
        bench.record(key, took, baseline=f"today_board() alone {read:g} ms", details=r)
