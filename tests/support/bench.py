"""Where benchmarks leave their numbers: bench.json at the top of the tree, one key each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BENCH_FILE = Path(__file__).resolve().parents[2] / "bench.json"


def write_bench(key: str, result: dict[str, Any]) -> None:
    """Store `result` under `key`, keeping what other benchmarks wrote."""
    data: dict[str, Any] = {}
    if BENCH_FILE.exists():
        try:
            data = json.loads(BENCH_FILE.read_text("utf-8"))
        except ValueError:
            data = {}
    data[key] = result
    BENCH_FILE.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
