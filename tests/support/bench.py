"""Where benchmarks leave their numbers: one table at the end of `make bench`, and bench.json.

Each benchmark records its headline number under one of the keys of METRICS (with a
baseline where there is one, and a `details` dict). At the end of the session the
collector prints one table (metric, value, target, met, baseline) and writes bench.json at
the top of the tree: the flat keys as numbers, `details` per metric, `machine` and `date`.
Nothing here asserts on time: a benchmark measures, the issue's targets are only compared.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH_FILE = Path(__file__).resolve().parents[2] / "bench.json"

Values = Mapping[str, float]


def _at_most(key: str, limit: float) -> Callable[[Values], bool | None]:
    return lambda v: None if key not in v else v[key] <= limit


def _today_scale10(v: Values) -> bool | None:
    if "today_ms_scale10" not in v or "today_ms_scale1" not in v:
        return None
    return v["today_ms_scale10"] <= 300 and v["today_ms_scale10"] <= 2 * v["today_ms_scale1"]


def _check_scale10(v: Values) -> bool | None:
    if "check_s_scale10" not in v or "check_s_scale10_no_seals" not in v:
        return None
    return v["check_s_scale10"] <= 2.5 * v["check_s_scale10_no_seals"]


def _pdf_scale10(v: Values) -> bool | None:
    if "manager_pdf_ms_scale10" not in v or "manager_pdf_ms_scale1" not in v:
        return None
    return v["manager_pdf_ms_scale10"] <= 2 * v["manager_pdf_ms_scale1"]


@dataclass(frozen=True)
class MetricSpec:
    key: str
    unit: str
    target: str  # as the issue words it; "—" where it sets none
    met: Callable[[Values], bool | None]


# The metrics, in the order of the table, with its "done when" targets (2 cores).
METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("first_window_ratio", "x", "≤ 1.6", _at_most("first_window_ratio", 1.6)),
    MetricSpec("today_ms_scale1", "ms", "—", lambda _v: None),
    MetricSpec("today_ms_scale10", "ms", "≤ 300 and ≤ 2 × scale 1", _today_scale10),
    MetricSpec("checkin_commit_ms_p95", "ms", "≤ 30", _at_most("checkin_commit_ms_p95", 30)),
    MetricSpec("manager_pdf_ms_scale1", "ms", "≤ 500", _at_most("manager_pdf_ms_scale1", 500)),
    MetricSpec("manager_pdf_ms_scale10", "ms", "≤ 2 × scale 1", _pdf_scale10),
    MetricSpec("board_pdf_ms", "ms", "—", lambda _v: None),
    MetricSpec("resident_filter_ms", "ms", "≤ 50", _at_most("resident_filter_ms", 50)),
    MetricSpec("encrypted_vs_plain_ratio", "x", "≤ 1.15",
               _at_most("encrypted_vs_plain_ratio", 1.15)),
    MetricSpec("peak_rss_mb_scale10", "MB", "≤ 250", _at_most("peak_rss_mb_scale10", 250)),
    MetricSpec("csv_import_lock_ms", "ms", "≤ 1000", _at_most("csv_import_lock_ms", 1000)),
    MetricSpec("check_s_scale10_no_seals", "s", "—", lambda _v: None),
    MetricSpec("check_s_scale10", "s", "≤ 2.5 × without row seals", _check_scale10),
)
SPECS = {m.key: m for m in METRICS}


# -- statistics -------------------------------------------------------------------------
def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 40 values is the 38th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: Sequence[float], digits: int = 2) -> dict[str, float]:
    """Median, p95, min, max and count of a list of timings."""
    return {"n": len(values), "median": round(statistics.median(values), digits),
            "p95": round(percentile(values, 95), digits), "min": round(min(values), digits),
            "max": round(max(values), digits)}


# -- the machine --------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    """What ran the benchmarks: the same numbers mean little on another machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count() or 0
    import PySide6
    import sqlcipher3
    from PySide6.QtCore import qVersion

    return {"cpu": cpu, "cores": os.cpu_count(), "cores_usable": usable,
            "python": platform.python_version(), "qt": qVersion(), "pyside6": PySide6.__version__,
            "sqlite": sqlcipher3.sqlite_version, "os": platform.platform(),
            "qt_platform": os.environ.get("QT_QPA_PLATFORM", "")}


# -- the collector ------------------------------------------------------------------------
@dataclass
class Recorded:
    value: float
    baseline: str
    details: dict[str, Any]


@dataclass
class Collector:
    """The numbers of one `make bench` run, printed and written once at the end."""

    results: dict[str, Recorded] = field(default_factory=dict)

    def record(self, key: str, value: float, *, baseline: str = "",
               details: Mapping[str, Any] | None = None) -> None:
        if key not in SPECS:
            raise KeyError(f"{key} is not one of the issue's metrics")
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"{key}: {value} is not a measurement")
        self.results[key] = Recorded(round(value, 2), baseline, dict(details or {}))

    def values(self) -> dict[str, float]:
        return {k: r.value for k, r in self.results.items()}

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        values = self.values()
        rows = []
        for spec in METRICS:
            got = self.results.get(spec.key)
            met = spec.met(values)
            rows.append((spec.key, f"{got.value:g} {spec.unit}" if got else "not measured",
                         spec.target, "—" if met is None else ("yes" if met else "NO"),
                         got.baseline if got else ""))
        return rows

    def table(self) -> list[str]:
        head = ("metric", "value", "target", "met", "baseline (same run)")
        rows = [head, *self.rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines = []
        for i, r in enumerate(rows):
            lines.append("  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True))
                         + "  " + r[4])
            if i == 0:
                lines.append("-" * (sum(widths) + 2 * 4 + len(head[4])))
        return lines

    def document(self) -> dict[str, Any]:
        values = self.values()
        details = {}
        for spec in METRICS:
            got = self.results.get(spec.key)
            if got is not None:
                met = spec.met(values)
                details[spec.key] = {**got.details, "baseline": got.baseline,
                                     "target": spec.target, "met": met}
        doc: dict[str, Any] = {s.key: values[s.key] for s in METRICS if s.key in values}
        missing = [s.key for s in METRICS if s.key not in values]
        if missing:
            doc["not_measured"] = missing
        doc.update(details=details, machine=machine(),
                   date=datetime.now().astimezone().isoformat(timespec="seconds"))
        return doc

    def write(self, path: Path = BENCH_FILE) -> Path:
        path.write_text(json.dumps(self.document(), indent=2, ensure_ascii=False) + "\n",
                        "utf-8")
        return path


COLLECTOR = Collector()
