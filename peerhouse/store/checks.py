"""Integrity checks: SQLite structure, SQLCipher page MACs and the audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field

from peerhouse.store.audit import verify_chain
from peerhouse.store.engine import Store


@dataclass
class CheckReport:
    """What `peerhouse check` prints: one line per check, `ok` only if all hold."""

    lines: list[tuple[str, bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(passed for _, passed, _ in self.lines)

    def add(self, name: str, passed: bool, detail: str) -> None:
        self.lines.append((name, passed, detail))


def _pragma_rows(store: Store, pragma: str) -> list[str]:
    with store.scan() as conn:
        return [str(r[0]) for r in conn.exec_driver_sql(pragma).fetchall()]


def run_checks(store: Store, *, quick: bool = False) -> CheckReport:
    """Run every check; `quick` uses SQLite's quick_check and skips the page MAC walk."""
    report = CheckReport()
    # Each check runs on its own: a damaged page (SQLCipher may even surface it as
    # MemoryError) fails that check and the report still has every line.
    try:
        rows = _pragma_rows(store, "PRAGMA quick_check" if quick else "PRAGMA integrity_check")
        report.add("integrity", rows == ["ok"], "ok" if rows == ["ok"] else "; ".join(rows[:5]))
    except Exception as exc:
        report.add("integrity", False, f"could not run ({_why(exc)})")
    if not quick:
        try:
            rows = _pragma_rows(store, "PRAGMA cipher_integrity_check")
            report.add("cipher integrity", not rows, "ok" if not rows else "; ".join(rows[:5]))
        except Exception as exc:
            report.add("cipher integrity", False, f"could not run ({_why(exc)})")
    try:
        with store.read() as session:
            chain = verify_chain(session, store.audit_key)
        report.add("audit chain", chain.ok, chain.describe())
    except Exception as exc:
        report.add("audit chain", False, f"could not be read ({_why(exc)})")
    return report


def _why(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig) if orig is not None else type(exc).__name__
