"""Integrity checks: SQLite structure, SQLCipher page MACs, the audit chain, the records
against their row seals, and the chain against heads recorded outside the file."""

from __future__ import annotations

from collections.abc import Sequence
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
        report.add(AUDIT, chain.ok, chain.describe())
    except Exception as exc:
        report.add(AUDIT, False, f"could not be read ({_why(exc)})")
    if seals if seals is not None else not quick:
        try:
            with store.scan() as conn:
                found = verify_rows(conn, store.audit_key)
            report.add(RECORDS, found.ok, found.describe())
        except Exception as exc:
            report.add(RECORDS, False, f"could not be read ({_why(exc)})")
    for name, anchors, nouns in ((HEAD, heads, ("summary page", "summary pages")),
                                 (BACKUP_HEADS, backups, ("backup", "backups"))):
        if anchors is None or (name == HEAD and not anchors):
            continue
        try:
            with store.read() as session:
                got = check_anchors(session, list(anchors))
            report.add(name, got.ok, got.describe(*nouns))
        except Exception as exc:
            report.add(name, False, f"could not be read ({_why(exc)})")
    return report


def _why(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig) if orig is not None else type(exc).__name__
