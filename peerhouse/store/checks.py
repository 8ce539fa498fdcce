"""Integrity checks: SQLite structure, SQLCipher page MACs, the audit chain, the records
against their row seals, and the chain against heads recorded outside the file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from peerhouse.store.anchors import Anchor, check_anchors
from peerhouse.store.audit import verify_chain
from peerhouse.store.engine import Store
from peerhouse.store.seal_check import verify_rows

AUDIT = "audit chain"
RECORDS = "records"
HEAD = "printed head"
BACKUP_HEADS = "backup heads"
# Lines that show tampering (not damage): the file itself reads fine.
TAMPER = frozenset({AUDIT, RECORDS, HEAD, BACKUP_HEADS})


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


def run_checks(store: Store, *, quick: bool = False, seals: bool | None = None,
               heads: Sequence[Anchor] = (), backups: Sequence[Anchor] | None = None
               ) -> CheckReport:
    """Run every check; `quick` uses SQLite's quick_check and skips the page MAC walk and
    (unless `seals`) the row seals. `heads` (given by a person) and `backups` (from backup
    manifests; None: not looked for) are anchors the chain must still hold."""
    report = CheckReport()

    def pragma(sql: str, ok: Callable[[list[str]], bool]) -> tuple[bool, str]:
        rows = _pragma_rows(store, sql)
        return ok(rows), "ok" if ok(rows) else "; ".join(rows[:5])

    def chain() -> tuple[bool, str]:
        with store.read() as session:
            found = verify_chain(session, store.audit_key)
        return found.ok, found.describe()

    def rows() -> tuple[bool, str]:
        with store.scan() as conn:
            found = verify_rows(conn, store.audit_key)
        return found.ok, found.describe()

    def anchored(anchors: Sequence[Anchor], one: str, many: str) -> tuple[bool, str]:
        with store.read() as session:
            found = check_anchors(session, list(anchors))
        return found.ok, found.describe(one, many)

    _line(report, "integrity", "could not run", lambda: pragma(
        "PRAGMA quick_check" if quick else "PRAGMA integrity_check", lambda r: r == ["ok"]))
    if not quick:
        _line(report, "cipher integrity", "could not run",
              lambda: pragma("PRAGMA cipher_integrity_check", lambda r: not r))
    _line(report, AUDIT, "could not be read", chain)
    if seals if seals is not None else not quick:
        _line(report, RECORDS, "could not be read", rows)
    if heads:
        _line(report, HEAD, "could not be read",
              lambda: anchored(heads, "summary page", "summary pages"))
    if backups is not None:
        _line(report, BACKUP_HEADS, "could not be read",
              lambda: anchored(backups, "backup", "backups"))
    return report


def _line(report: CheckReport, name: str, failed: str,
          check: Callable[[], tuple[bool, str]]) -> None:
    """One check on its own: a damaged page (SQLCipher may even surface it as MemoryError)
    fails that check, and the report still has every line."""
    try:
        passed, detail = check()
    except Exception as exc:
        report.add(name, False, f"{failed} ({_why(exc)})")
        return
    report.add(name, passed, detail)


def _why(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig) if orig is not None else type(exc).__name__
