"""Rows of the tables, for tests: every row of every table (to compare two databases
exactly), how many rows one table holds, and a file of rows to import."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def dump(store: Any) -> dict[str, list[str]]:
    """Every row of every table, as text, in a fixed order."""
    with store.engine.connect() as conn:
        tables = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(repr(tuple(r)) for r in conn.exec_driver_sql(f'SELECT * FROM "{t}"'))
                for t in tables}


def count_rows(store: Any, model: type) -> int:
    """How many rows the table of `model` holds."""
    from sqlmodel import func, select

    with store.read() as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def written(path: Path, text: str) -> Path:
    """`path`, holding `text` (a CSV file to import, say)."""
    path.write_text(text, encoding="utf-8")
    return path
