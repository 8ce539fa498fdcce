"""Benchmark: process start → first window on screen, `peerhouse gui` over the scale-1 file.

Baseline, measured in the same run and alternated with it: a bare PySide6 program showing
one QWidget. Both run under tests/support/first_window_probe.py, which prints the wall
clock of the first Expose of any window and exits; the time counted is from just before
the parent starts the process to that moment (interpreter start, imports, Qt start-up and
whatever the program does before it shows something). The headline is the median of the
per-pair ratios gui / bare.

Today's automatic backup is made once beforehand, so every run is a "later open of the
day" (the first open of a day also starts a backup, which would be killed mid-way here).
"""

from __future__ import annotations

import ast
import re
import statistics
import time
from pathlib import Path

from peerhouse.services import backups
from tests.support.bench import Collector, summary
from tests.support.bench_child import child_env, run_child
from tests.support.demo_db import DemoDB

PAIRS = 9
PROBE = "first_window_probe.py"
SHOWN = re.compile(r"^FIRST_WINDOW (\d+\.\d+) (.*)$", re.MULTILINE)


def _launch(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    """Milliseconds from launch to the first exposed window, and that window's title."""
    start = time.time()
    proc = run_child(PROBE, args, env, cwd, timeout_s=120)
    shown = SHOWN.search(proc.stdout)
    assert shown is not None, f"{args[0]}: exited without showing a window:\n{proc.stderr[-3000:]}"
    return (float(shown[1]) - start) * 1000, ast.literal_eval(shown[2])


def test_first_window(scale1: DemoDB, bench: Collector, tmp_path: Path) -> None:
    backups.automatic_backup(scale1.store, "first_open")
    env = child_env(scale1.keyring_file)
    gui = ["gui", "--data-dir", str(scale1.paths.root)]
    for args in (["bare"], gui):  # warm-up: bytecode caches, page cache, fonts
        _launch(args, env, tmp_path)
    bare_ms: list[float] = []
    gui_ms: list[float] = []
    titles: set[str] = set()
    for _ in range(PAIRS):
        bare_ms.append(_launch(["bare"], env, tmp_path)[0])
        took, title = _launch(gui, env, tmp_path)
        gui_ms.append(took)
        titles.add(title)
    ratios = [g / b for g, b in zip(gui_ms, bare_ms, strict=True)]
    ratio = statistics.median(ratios)
    s_gui, s_bare = summary(gui_ms, 1), summary(bare_ms, 1)
    print(f"\nFirst window: gui median {s_gui['median']} ms ({sorted(titles)}), "
          f"bare median {s_bare['median']} ms, median ratio {ratio:.2f}")
    bench.record("first_window_ratio", ratio,
                 baseline=f"bare PySide6 window {s_bare['median']:g} ms; gui {s_gui['median']:g} ms",
                 details={"gui_ms": s_gui, "bare_ms": s_bare, "pairs": PAIRS,
                          "ratio_of_medians": round(s_gui["median"] / s_bare["median"], 2),
                          "pair_ratios": [round(r, 2) for r in ratios],
                          "first_window_titles": sorted(titles),
                          "command": "first_window_probe.py gui --data-dir <scale-1 data dir>",
                          "note": "today's automatic backup made beforehand"})
