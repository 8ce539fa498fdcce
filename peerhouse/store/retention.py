"""Which automatic backups to keep: the newest of each of the last 14 days, 8 weeks and
12 months that have one (days, weeks and months in this computer's local time).

Only automatic backups of one set-up, matched by the exact names PeerHouse gives them,
are ever deleted; manual backups and every other file are never touched, and the
newest backup (the one just made and verified) is always kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from datetime import datetime, tzinfo
from pathlib import Path

from peerhouse.store.backup import BackupEntry, list_backups

log = logging.getLogger(__name__)
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 14, 8, 12


def _periods(tz: tzinfo | None) -> list[tuple[Callable[[datetime], Hashable], int]]:
    def local(when: datetime) -> datetime:
        return when.astimezone(tz)

    return [
        (lambda w: local(w).date(), KEEP_DAILY),
        (lambda w: local(w).isocalendar()[:2], KEEP_WEEKLY),
        (lambda w: (local(w).year, local(w).month), KEEP_MONTHLY),
    ]


def expired(entries: list[BackupEntry], tz: tzinfo | None = None) -> list[BackupEntry]:
    """The automatic backups the rule no longer keeps (newest first in, any order out)."""
    autos = sorted((e for e in entries if e.kind == "auto"), key=lambda e: e.order, reverse=True)
    keep: set[Path] = {autos[0].path} if autos else set()
    for period, count in _periods(tz):
        seen: set[Hashable] = set()
        for entry in autos:
            bucket = period(entry.created)
            if bucket not in seen and len(seen) < count:
                seen.add(bucket)
                keep.add(entry.path)
    return [e for e in autos if e.path not in keep]


def prune(folder: Path, setup_id: str, just_made: Path, tz: tzinfo | None = None) -> list[Path]:
    """Delete expired automatic backups in `folder` (never `just_made`). Returns what went."""
    entries = list_backups(folder, setup_id)
    if just_made not in {e.path for e in entries}:
        return []  # the new backup is not where expected: delete nothing
    gone: list[Path] = []
    for entry in expired(entries, tz):
        if entry.path == just_made:
            continue
        try:
            entry.path.unlink()
            gone.append(entry.path)
        except OSError as exc:
            log.warning("could not remove an old backup: %s", type(exc).__name__)
    return gone
