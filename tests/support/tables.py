"""Every row of every table, for tests that compare two databases exactly."""

from __future__ import annotations

from typing import Any


def dump(store: Any) -> dict[str, list[str]]:
    """Every row of every table, as text, in a fixed order."""
    with store.engine.connect() as conn:
        tables = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(repr(tuple(r)) for r in conn.exec_driver_sql(f'SELECT * FROM "{t}"'))
                for t in tables}
