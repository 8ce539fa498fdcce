"""Benchmark: a full `peerhouse check` of the scale-10 demo file, row seals included.

`run_checks` as the command runs it: SQLite's integrity_check, SQLCipher's page MACs, the
audit chain, and every row of every table against the seal of the last audited change
that wrote it (the check of issue 14: rows edited in the file with the key show). The
baseline, in the same run and on the same file, is the same check without the row seals
(`seals=False`, the check as it was before them). Both run RUNS times, alternated (ABBA),
on a warm file; the headline is the median with seals, the target at most 2.5 × the median
without.
"""

from __future__ import annotations

import statistics
import time

from peerhouse.store.checks import RECORDS, run_checks
from tests.support.bench import Collector, summary
from tests.support.demo_db import DemoDB

RUNS = 4


def _timed(db: DemoDB, seals: bool) -> float:
    start = time.perf_counter()
    report = run_checks(db.store, seals=seals)
    took = time.perf_counter() - start
    assert report.ok, report.lines
    assert (RECORDS in {n for n, _ok, _d in report.lines}) == seals
    return took


def test_full_check_with_row_seals(scale10: DemoDB, bench: Collector) -> None:
    _timed(scale10, True)  # warm: the same file, read once, as a scheduled check finds it
    with_seals: list[float] = []
    without: list[float] = []
    for n in range(RUNS):
        order = (True, False) if n % 2 == 0 else (False, True)
        for seals in order:
            (with_seals if seals else without).append(_timed(scale10, seals))
    report = run_checks(scale10.store)
    rows = next(d for n, _ok, d in report.lines if n == RECORDS)
    plain, sealed = statistics.median(without), statistics.median(with_seals)
    print(f"\nFull check at scale 10: {sealed:.2f} s with row seals, {plain:.2f} s without "
          f"({sealed / plain:.2f}×); {rows}")
    bench.record("check_s_scale10_no_seals", plain, details={"runs_s": summary(without)})
    bench.record("check_s_scale10", sealed,
                 baseline=f"same check without row seals {plain:.2f} s; "
                          f"{sealed / plain:.2f} ×",
                 details={"runs_s": summary(with_seals), "ratio": round(sealed / plain, 2),
                          "records": rows, "how": "run_checks as `peerhouse check` runs it, "
                          "ABBA with seals=False"})
