"""Integrity checks: SQLite structure, SQLCipher page MACs, the audit chain, the records
against their row seals, and the chain against heads recorded outside the file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from peerhouse.i18n import Message, lazy
from peerhouse.store.anchors import Anchor, check_anchors
from peerhouse.store.audit import verify_chain
from peerhouse.store.engine import Store
from peerhouse.store.seal_check import verify_rows

AUDIT = "audit chain"
RECORDS = "records"
HEAD = "printed head"
BACKUP_HEADS = "backup heads"
INTEGRITY = "integrity"
CIPHER = "cipher integrity"
# Lines that show tampering (not damage): the file itself reads fine.
TAMPER = frozenset({AUDIT, RECORDS, HEAD, BACKUP_HEADS})
# What a person reads for each check (the codes above stay English: TAMPER and the tests
# match them).
CHECK_NAMES: dict[str, Message] = {
    INTEGRITY: lazy("integrity"), CIPHER: lazy("cipher integrity"),
    AUDIT: lazy("audit chain"), RECORDS: lazy("records"), HEAD: lazy("printed head"),
    BACKUP_HEADS: lazy("backup heads"),
}


def check_name(code: str) -> str:
    """The check's name in the current language."""
    name = CHECK_NAMES.get(code)
    return str(name) if name is not None else code


@dataclass(frozen=True)
class CheckLines:
    """Failed checks as one phrase ('audit chain: …; records: …'), in the language it is
    shown in."""

    lines: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        return "; ".join(f"{check_name(name)}: {detail}" for name, detail in self.lines)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@dataclass
class CheckReport:
    """What `peerhouse check` prints: one line per check, `ok` only if all hold. A line's
    name is the check's code (`check_name` gives its words); its detail is text in the
    language current when the check ran (the command line's, or the window's staff member's:
    a worker thread runs in the process default)."""

    lines: list[tuple[str, bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(passed for _, passed, _ in self.lines)

    def add(self, name: str, passed: bool, detail: Message | str) -> None:
        self.lines.append((name, passed, str(detail)))

    def shown(self) -> list[tuple[str, bool, str]]:
        """The lines as a person reads them, in the current language."""
        return [(check_name(name), passed, detail) for name, passed, detail in self.lines]


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

    def pragma(sql: str, ok: Callable[[list[str]], bool]) -> tuple[bool, Message | str]:
        rows = _pragma_rows(store, sql)
        return ok(rows), lazy("ok") if ok(rows) else "; ".join(rows[:5])

    def chain() -> tuple[bool, Message]:
        with store.read() as session:
            found = verify_chain(session, store.audit_key)
        return found.ok, found.describe()

    def rows() -> tuple[bool, Message | str]:
        with store.scan() as conn:
            found = verify_rows(conn, store.audit_key)
        return found.ok, found.describe()

    def anchored(anchors: Sequence[Anchor], *, backups: bool) -> tuple[bool, Message]:
        with store.read() as session:
            found = check_anchors(session, list(anchors))
        return found.ok, found.describe(backups=backups)

    not_run = lazy("could not run ({why})")
    not_read = lazy("could not be read ({why})")
    _line(report, INTEGRITY, not_run, lambda: pragma(
        "PRAGMA quick_check" if quick else "PRAGMA integrity_check", lambda r: r == ["ok"]))
    if not quick:
        _line(report, CIPHER, not_run,
              lambda: pragma("PRAGMA cipher_integrity_check", lambda r: not r))
    _line(report, AUDIT, not_read, chain)
    if seals if seals is not None else not quick:
        _line(report, RECORDS, not_read, rows)
    if heads:
        _line(report, HEAD, not_read, lambda: anchored(heads, backups=False))
    if backups is not None:
        _line(report, BACKUP_HEADS, not_read, lambda: anchored(backups, backups=True))
    return report


def _line(report: CheckReport, name: str, failed: Message,
          check: Callable[[], tuple[bool, Message | str]]) -> None:
    """One check on its own: a damaged page (SQLCipher may even surface it as MemoryError)
    fails that check, and the report still has every line."""
    try:
        passed, detail = check()
    except Exception as exc:
        report.add(name, False, failed.with_values(why=_why(exc)))
        return
    report.add(name, passed, detail)


def _why(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig) if orig is not None else type(exc).__name__
