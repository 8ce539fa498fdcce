"""Benchmark: peak memory of the manager window at scale 10 (ten houses, three years).

A child process (tests/support/rss_child.py, offscreen, the file keyring) starts the real
ManagerApp over the scale-10 data dir, signs the manager in, waits for Today, visits every
section once (waiting for each to load), opens a resident's page, and reports its peak
resident set size after each stage, in MiB: VmHWM from /proc/self/status, because Linux
carries getrusage's ru_maxrss over exec from the parent (pytest), so in a child it reads
at least the parent's size; ru_maxrss is kept in the details for comparison. It runs twice: the first
is the first open of the day, which also makes the day's automatic backup in the
background; the second is a later open. The headline is the larger peak.

Baseline (same run): the same measure for a bare PySide6 program showing one window.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.bench import Collector
from tests.support.bench_child import child_env, run_child
from tests.support.demo_db import MANAGER_PASSWORD, DemoDB

SCRIPT = "rss_child.py"


def _report(args: list[str], env: dict[str, str], cwd: Path, stdin: str = "") -> dict[str, Any]:
    proc = run_child(SCRIPT, args, env, cwd, stdin=stdin, timeout_s=600)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RSS ")]
    assert len(lines) == 1, f"no memory report:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return json.loads(lines[0][4:])


def test_peak_rss_manager_window(scale10: DemoDB, bench: Collector, tmp_path: Path) -> None:
    env = child_env(scale10.keyring_file)
    runs = [_report(["manager", str(scale10.paths.root), "manny"], env, tmp_path,
                    MANAGER_PASSWORD + "\n") for _ in range(2)]
    bare = _report(["bare"], env, tmp_path)
    for r in runs:
        assert "today" in r["sections"] and len(r["sections"]) >= 5, r["sections"]
    peak = max(r["peak"] for r in runs)
    print(f"\nPeak RSS, manager window at scale 10: {[r['peak'] for r in runs]} MiB "
          f"(stages of the first run: {runs[0]['stages']}); bare window {bare['peak']} MiB")
    bench.record("peak_rss_mb_scale10", peak, baseline=f"bare PySide6 window {bare['peak']:g} MB",
                 details={"first_open_of_the_day": runs[0], "later_open": runs[1],
                          "bare": bare, "unit": "MiB (VmHWM / 1024)"})
