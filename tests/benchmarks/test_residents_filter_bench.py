"""Benchmark: typing into the Residents search box over 10,000 residents.

A fresh encrypted database gets 10,000 residents in one bulk insert; the real
ResidentsSection loads them, then each keystroke (filter + view update + events) is
timed. The baseline, measured in the same run with the same keystrokes, is Qt's own
C++ filtering: a QStringListModel behind a QSortFilterProxyModel. For reference the
generic RowsModel + SearchProxy (Python filterAcceptsRow/lessThan) is timed too. Each
variant types the whole sequence once as a warm-up (kept in the details as `first_pass`),
then again timed; the headline resident_filter_ms is the p95 per keystroke of the section.

Run with `make bench`; the number goes to bench.json as "resident_filter_ms". The test
suite never asserts on time.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget
from sqlalchemy import insert

from peerhouse.models.people import Resident
from peerhouse.paths import DataPaths
from peerhouse.services import houses
from peerhouse.services.accounts import create_account
from peerhouse.services.actor import Actor
from peerhouse.store import vault
from peerhouse.store.engine import Store
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.residents.section import ResidentsSection
from peerhouse.ui.manager.residents.table import COLUMNS, SEARCHED
from peerhouse.ui.tablemodels.rows import RowsModel, SearchProxy
from peerhouse.ui.theme import apply_theme
from peerhouse.ui.workers import wait_for_tasks
from tests.conftest import OWNER_PASSWORD
from tests.support.bench import Collector, percentile
from tests.support.setup_write import setup_write

N = 10_000
# Narrowing and widening (backspace) searches, as a manager looks for someone.
TYPED = ("martin", "lee", "4b", "phase 2", "jo")
FIRST = ("Alex", "Jordan", "Sam", "Riley", "Casey", "Morgan", "Taylor", "Jamie", "Drew", "Robin",
         "Martina", "Joel", "Lee", "Dana", "Chris", "Pat", "Jo", "Kim", "Avery", "Quinn")
LAST = ("Rivera", "Okafor", "Stone", "Martin", "Lee", "Nguyen", "Price", "Johnson", "Garcia",
        "Kowalski", "Brown", "Silva", "Novak", "Haddad", "Murphy", "Larsen", "Martinez", "Leeds")


def _database(root: Path) -> tuple[Store, AppContext]:
    """A fresh encrypted database with one house of N residents, inserted in one go."""
    paths = DataPaths(root)
    store = vault.create_database(paths, OWNER_PASSWORD).store
    system = Actor.system()
    create_account(store, system, "olivia", "Olivia Owner", "owner", OWNER_PASSWORD)
    # The manager's view (every service call reads the account again: its role must be real).
    manager = create_account(store, system, "manny", "Manny Manager", "manager", OWNER_PASSWORD)
    house = houses.create_house(store, system, houses.HouseRules(
        name="Big House", capacity=500, timezone="America/Chicago"))
    assert house.id is not None
    phases = [p.id for p in houses.list_phases(store, system, house.id)]
    rng = random.Random(7)
    today = date.today()
    statuses = ["active"] * 8 + ["applicant"] + ["discharged"]
    rows = []
    for i in range(N):
        status = rng.choice(statuses)
        rows.append(Resident(
            house_id=house.id, first_name=rng.choice(FIRST), last_name=rng.choice(LAST),
            preferred_name=rng.choice(("", "", "", "Jo", "Sunny", "Mo")),
            bed=f"{i // 2 + 1}{'AB'[i % 2]}", status=status,
            move_in_date=today - timedelta(days=rng.randint(1, 2000)),
            move_out_date=today if status == "discharged" else None,
            sobriety_date=today - timedelta(days=rng.randint(0, 4000)),
            phase_id=rng.choice(phases) if phases else None,
        ).model_dump(exclude={"id"}))
    with setup_write(store) as session:
        session.execute(insert(Resident), rows)
    actor = Actor("staff", manager.id, "manager")
    ctx = AppContext(paths=paths, store=store, actor=actor, username="manny",
                     display_name="Manny Manager", house_id=house.id)
    return store, ctx


def _keystrokes() -> list[str]:
    """Each word typed letter by letter, then deleted with backspace."""
    keys: list[str] = []
    for word in TYPED:
        keys += list(word) + ["\b"] * len(word)
    return keys


def _type(app: QApplication, box: QLineEdit, keys: list[str]) -> list[float]:
    """Milliseconds per keystroke: key event, filter, view update, pending events."""
    times = []
    for key in keys:
        start = time.perf_counter()
        if key == "\b":
            QTest.keyClick(box, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(box, key)
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _sorted_view(model) -> QTableView:
    """A table over `model`, sortable and sorted by its first column, as the app shows one."""
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view


def _host(app: QApplication, view: QTableView, connect: Callable[[str], None]) -> tuple[QWidget, QLineEdit]:
    """A window like the section's: a search box over a table, the same size."""
    window = QWidget()
    layout = QVBoxLayout(window)
    box = QLineEdit()
    box.textChanged.connect(connect)
    layout.addWidget(box)
    layout.addWidget(view)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    return window, box


def _stats(times: list[float]) -> dict[str, float]:
    return {"mean": round(statistics.fmean(times), 2), "p95": round(percentile(times, 95), 2),
            "max": round(max(times), 2)}


def _warm_then_type(app: QApplication, box: QLineEdit, keys: list[str]) -> tuple[list[float],
                                                                                 list[float]]:
    first = _type(app, box, keys)
    return first, _type(app, box, keys)


def test_resident_filter_keystrokes(qapp: QApplication, tmp_path: Path, bench: Collector) -> None:
    apply_theme(qapp)
    t0 = time.perf_counter()
    store, ctx = _database(tmp_path / "bench")
    build_s = time.perf_counter() - t0
    keys = _keystrokes()
    try:
        # -- PeerHouse: the real section over the real encrypted database.
        section = ResidentsSection(ctx)
        section.resize(1280, 800)
        start = time.perf_counter()
        section.show()
        while section.data is None:
            wait_for_tasks(50)
            qapp.processEvents()
        load_ms = (time.perf_counter() - start) * 1000
        section.filter.setCurrentIndex(section.filter.findData("all"))
        qapp.processEvents()
        assert section.model.rowCount() == N
        first_pass, ours = _warm_then_type(qapp, section.search, keys)
        assert section.model.rowCount() == N  # every search was deleted again
        texts = [" ".join(COLUMNS[c].text(r) for c in SEARCHED) for r in section.model.all_rows]
        section.close()

        # -- Baseline: Qt's C++ model and proxy, same strings, same keystrokes.
        base_model = QStringListModel(texts)
        base_proxy = QSortFilterProxyModel()
        base_proxy.setSourceModel(base_model)
        base_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        base_view = _sorted_view(base_proxy)
        window, box = _host(qapp, base_view, base_proxy.setFilterFixedString)
        baseline = _warm_then_type(qapp, box, keys)[1]
        window.close()

        # -- Reference: the generic RowsModel + SearchProxy over the same rows.
        generic = RowsModel(COLUMNS)
        generic.set_rows(section.model.all_rows)
        proxy = SearchProxy()
        proxy.setSourceModel(generic)
        view = _sorted_view(proxy)
        window, box = _host(qapp, view, proxy.set_search)
        generic_times = _warm_then_type(qapp, box, keys)[1]
        window.close()
        qapp.processEvents()
    finally:
        wait_for_tasks(15000)
        store.close()

    s_ours, s_base, s_generic = _stats(ours), _stats(baseline), _stats(generic_times)
    result = {
        "rows": N,
        "keystrokes": len(keys),
        "mean": s_ours["mean"],
        "p95": s_ours["p95"],
        "max": s_ours["max"],
        "baseline_mean": s_base["mean"],
        "baseline_p95": s_base["p95"],
        "ratio_mean": round(s_ours["mean"] / max(s_base["mean"], 1e-6), 2),
        "ratio_p95": round(s_ours["p95"] / max(s_base["p95"], 1e-6), 2),
        "generic_proxy_mean": s_generic["mean"],
        "generic_proxy_p95": s_generic["p95"],
        "load_ms": round(load_ms, 1),
        "first_pass": _stats(first_pass),
        "baseline": "QStringListModel + QSortFilterProxyModel (C++ filter), same keystrokes",
    }
    print(f"\nResidents search, {N:,} residents, {len(keys)} keystrokes "
          f"(database built in {build_s:.1f} s, section loaded in {load_ms:.0f} ms)")
    print(f"{'per keystroke (ms)':<44}{'mean':>8}{'p95':>8}{'max':>8}")
    for label, s in (("Residents section (ResidentsModel)", s_ours),
                     ("baseline: Qt C++ string model + proxy", s_base),
                     ("reference: generic RowsModel + SearchProxy", s_generic)):
        print(f"{label:<44}{s['mean']:>8.2f}{s['p95']:>8.2f}{s['max']:>8.2f}")
    print(f"ratio to baseline: mean {result['ratio_mean']}x, p95 {result['ratio_p95']}x")

    bench.record("resident_filter_ms", s_ours["p95"],
                 baseline=f"Qt C++ string model + proxy p95 {s_base['p95']:g} ms", details=result)
