"""Benchmark: the weekly reports of one house, read from the database and built as PDF bytes
the way the Reports screen does (peerhouse/app/reports.py), over three years of history.

- manager_pdf_ms_scale1 / _scale10: the confidential weekly manager summary of the first
  house for last week, in the one-house file and in the ten-house file. The ratio that
  matters is ten over one: a house's summary must not slow down as the file holds more.
- board_pdf_ms: the public house board of the same house for the week under way (scale 1).

Baselines measured in the same run: one audited read of the house row (the fixed cost of a
transaction, an audit event and the chain head) plus a one-page PDF with the same
furniture. Each timing is the median of RUNS after one warm-up; the read and the PDF
build are also timed apart, for the details.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from peerhouse.app.reports import weekly_board_report, weekly_manager_report
from peerhouse.models.houses import House
from peerhouse.reports.common import styles
from peerhouse.reports.document import Furniture, render
from peerhouse.reports.tables import para
from peerhouse.reports.weekly_manager import build_weekly_manager
from peerhouse.services import clock, houses
from peerhouse.services.summaries import weekly_summary
from peerhouse.services.unit import writing
from tests.support.bench import Collector, summary
from tests.support.demo_db import DemoDB

RUNS = 9


def _times(fn: Callable[[], object], runs: int = RUNS) -> list[float]:
    fn()  # warm-up: page cache, imports, fonts
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _weeks(db: DemoDB) -> tuple[date, date]:
    """The week under way (the board's default) and the last full week (the summary's)."""
    house = houses.get_house(db.store, db.manager, db.house_id)
    this_week = clock.week_start(clock.local_day(clock.now(), house.timezone),
                                 house.week_start_day)
    return this_week, this_week - timedelta(days=7)


def _baseline_ms(db: DemoDB) -> float:
    def read() -> None:
        with writing(db.store, db.manager) as u:
            u.audit("bench.read", "house", db.house_id)
            u.session.get(House, db.house_id)

    furniture = Furniture("Benchmark", "house", clock.now(), confidential=True)
    page = [para("One paragraph on one page.", styles().body)]
    return (statistics.median(_times(read))
            + statistics.median(_times(lambda: render(page, furniture, paper="letter"))))


def _manager_summary(db: DemoDB) -> dict[str, Any]:
    _, last_week = _weeks(db)
    report = weekly_manager_report(db.store, db.manager, db.house_id, last_week)
    assert report.pdf.startswith(b"%PDF") and report.confidential
    whole = _times(lambda: weekly_manager_report(db.store, db.manager, db.house_id, last_week))
    read = _times(lambda: weekly_summary(db.store, db.manager, db.house_id, last_week))
    data = weekly_summary(db.store, db.manager, db.house_id, last_week)
    build = _times(lambda: build_weekly_manager(data))
    return {"whole_ms": summary(whole), "read_ms": summary(read), "pdf_build_ms": summary(build),
            "residents": len(data.residents), "week": last_week.isoformat(),
            "pdf_bytes": len(report.pdf)}


def test_weekly_manager_summary(scale1: DemoDB, scale10: DemoDB, bench: Collector) -> None:
    one, ten = _manager_summary(scale1), _manager_summary(scale10)
    base1, base10 = _baseline_ms(scale1), _baseline_ms(scale10)
    for label, r, base in (("scale 1", one, base1), ("scale 10", ten, base10)):
        print(f"\nWeekly manager summary, {label}: whole {r['whole_ms']['median']} ms (read "
              f"{r['read_ms']['median']}, pdf {r['pdf_build_ms']['median']}), "
              f"{r['residents']} residents; baseline {base:.1f} ms")
    ten_over_one = ten["whole_ms"]["median"] / one["whole_ms"]["median"]
    bench.record("manager_pdf_ms_scale1", one["whole_ms"]["median"],
                 baseline=f"audited row read + 1-page PDF {base1:.1f} ms",
                 details={**one, "baseline_ms": round(base1, 2), "runs": RUNS})
    bench.record("manager_pdf_ms_scale10", ten["whole_ms"]["median"],
                 baseline=f"audited row read + 1-page PDF {base10:.1f} ms; "
                          f"{ten_over_one:.2f} × scale 1",
                 details={**ten, "baseline_ms": round(base10, 2), "runs": RUNS,
                          "ten_over_one": round(ten_over_one, 2)})


def test_weekly_board(scale1: DemoDB, bench: Collector) -> None:
    this_week, _ = _weeks(scale1)
    report = weekly_board_report(scale1.store, scale1.manager, scale1.house_id, this_week)
    assert report.pdf.startswith(b"%PDF") and not report.confidential
    whole = _times(lambda: weekly_board_report(scale1.store, scale1.manager, scale1.house_id,
                                               this_week))
    base = _baseline_ms(scale1)
    s = summary(whole)
    print(f"\nWeekly house board, scale 1: {s['median']} ms; baseline {base:.1f} ms")
    bench.record("board_pdf_ms", s["median"],
                 baseline=f"audited row read + 1-page PDF {base:.1f} ms",
                 details={"whole_ms": s, "week": this_week.isoformat(), "runs": RUNS,
                          "baseline_ms": round(base, 2), "pdf_bytes": len(report.pdf)})
