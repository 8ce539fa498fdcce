"""Benchmark: the weekly manager summary (audited read + PDF) of one 16-resident house,
in a one-house demo and in a ten-house demo, both with three years of history.

Baselines measured in the same run: for the read, one audited read of the house row
(the fixed cost of a transaction, an audit event and the chain head); for the PDF, a
one-page report with the same furniture. The ratio that matters most is ten houses
over one: a house's summary should not slow down as the file holds more houses.

Run with `make bench`; numbers go to bench.json under "manager_summary_ms". The test
suite never asserts on time.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from peerhouse.models.houses import House
from peerhouse.reports.common import styles
from peerhouse.reports.document import Furniture, render
from peerhouse.reports.tables import para
from peerhouse.reports.weekly_manager import build_weekly_manager
from peerhouse.services import clock
from peerhouse.services.audit_trail import audited_read
from peerhouse.services.summaries import weekly_summary
from tests.support.bench import write_bench
from tests.support.demo_db import DemoDB, demo_database

YEARS = 3.0
RUNS = 7


def _median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    fn()  # warm the page cache and imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def _measure(db: DemoDB) -> dict[str, float]:
    week = clock.week_start(clock.local_day(clock.now(), db.timezone)) - timedelta(days=7)
    summary = weekly_summary(db.store, db.manager, db.house_id, week)

    def baseline_read() -> None:
        with audited_read(db.store, db.manager, "bench.read", "house", db.house_id) as s:
            s.get(House, db.house_id)

    furniture = Furniture("Benchmark", "house", summary.generated_at, confidential=True)
    one_page = [para("One paragraph on one page.", styles().body)]
    return {
        "residents": len(summary.residents),
        "read": _median_ms(lambda: weekly_summary(db.store, db.manager, db.house_id, week)),
        "baseline_read": _median_ms(baseline_read),
        "pdf": _median_ms(lambda: build_weekly_manager(summary)),
        "baseline_pdf": _median_ms(lambda: render(one_page, furniture, paper="letter")),
    }


def test_manager_summary_one_house_and_ten(tmp_path: Path) -> None:
    results = {}
    for label, scale in (("one_house", 1), ("ten_houses", 10)):
        start = time.perf_counter()
        root = tmp_path / label
        root.mkdir()
        db = demo_database(root, years=YEARS, scale=scale)
        built = time.perf_counter() - start
        try:
            results[label] = {**_measure(db), "database_s": round(built, 1)}
        finally:
            db.store.close()
    one, ten = results["one_house"], results["ten_houses"]
    for r in (one, ten):
        r["ratio_read"] = round(r["read"] / max(r["baseline_read"], 1e-6), 2)
        r["ratio_pdf"] = round(r["pdf"] / max(r["baseline_pdf"], 1e-6), 2)
    result = {**results, "ten_over_one_read": round(ten["read"] / max(one["read"], 1e-6), 2),
              "ten_over_one_total": round((ten["read"] + ten["pdf"])
                                          / max(one["read"] + one["pdf"], 1e-6), 2),
              "baseline": "one audited read of the house row; a one-page PDF with the same "
                          "furniture"}
    print(f"\nWeekly manager summary, {YEARS:g} years of history, median of {RUNS} (ms)")
    print(f"{'':<12}{'residents':>10}{'read':>9}{'base':>8}{'ratio':>7}"
          f"{'pdf':>9}{'base':>8}{'ratio':>7}{'db (s)':>8}")
    for label, r in results.items():
        print(f"{label:<12}{r['residents']:>10}{r['read']:>9.1f}{r['baseline_read']:>8.1f}"
              f"{r['ratio_read']:>7.1f}{r['pdf']:>9.1f}{r['baseline_pdf']:>8.1f}"
              f"{r['ratio_pdf']:>7.1f}{r['database_s']:>8.1f}")
    print(f"ten houses / one house: read {result['ten_over_one_read']}x, "
          f"read + pdf {result['ten_over_one_total']}x")

    write_bench("manager_summary_ms", result)
