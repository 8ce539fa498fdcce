"""Anchors outside the key: chain heads written down elsewhere, which a rewritten chain
cannot match.

Whoever holds the key can recompute every HMAC, so the chain alone cannot show that it was
rewritten from some point on. A head recorded outside the file can: the one printed on each
weekly manager summary (`peerhouse check --head SEQ:HASH`) and the one in each backup's
manifest. The chain must still hold that exact event at that position.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from peerhouse.errors import BackupInvalid, ValidationError
from peerhouse.i18n import Message, lazy, lazy_plural
from peerhouse.store import backup_file

MIN_HASH = 16  # hex digits of a head that count as an anchor (the summary prints all 64)
_HEAD = re.compile(r"^\s*(\d{1,12})\s*:\s*([0-9a-fA-F]{16,64})\s*$")


@dataclass(frozen=True)
class Anchor:
    """Event `seq` must have a hash starting with `hash` (lower-case hex)."""

    seq: int
    hash: str
    source: Message  # what recorded it, as a report names it
    made: datetime | None = None  # a backup's time (UTC)


def parse_head(text: str) -> Anchor:
    """`SEQ:HASH` as printed on the weekly manager summary."""
    m = _HEAD.match(text or "")
    if m is None:
        raise ValidationError("--head", lazy(
            "--head: give the event number and its hash as printed on the weekly manager "
            "summary, e.g. 1234:5f2a… (at least {n} characters of the hash).", n=MIN_HASH))
    head = f"{m[1]}:{m[2][:12].lower()}"
    return Anchor(int(m[1]), m[2].lower(), lazy("the head {head}…", head=head))


def backup_anchors(folders: list[Path], setup_id: str) -> list[Anchor]:
    """The head in the manifest of every backup of this set-up in `folders` (cheap: only the
    manifests are read). A file that cannot be read is left out: `restore` reports it."""
    from peerhouse.store import backup  # backup → checks → here: imported when used

    found: dict[Path, Anchor] = {}
    for folder in folders:
        for entry in backup.list_backups(folder, setup_id):
            try:
                manifest = backup_file.read(entry.path).manifest
            except BackupInvalid:
                continue
            if manifest.setup_id == setup_id and manifest.audit_events > 0:
                found[entry.path] = Anchor(manifest.audit_events, manifest.audit_head,
                                           lazy("backup {name}", name=entry.path.name),
                                           manifest.created)
    return [found[path] for path in sorted(found, key=lambda p: (found[p].seq, p.name))]


@dataclass(frozen=True)
class AnchorReport:
    ok: bool
    checked: int
    problems: tuple[Message, ...] = ()
    skipped: int = 0  # backups from before a restore of an older backup

    def describe(self, *, backups: bool) -> Message:
        """One line: the first problem, or what was compared (the heads of backups, or
        those printed on summary pages)."""
        if not self.ok:
            if len(self.problems) > 1:
                return lazy("{first} ({n} in all)", first=self.problems[0],
                            n=len(self.problems))
            return self.problems[0]
        if not self.checked and not self.skipped:
            return lazy("no backups to compare") if backups else \
                lazy("no summary pages to compare")
        text = lazy_plural("the chain still holds the head of {n} backup",
                           "the chain still holds the head of {n} backups", self.checked) \
            if backups else \
            lazy_plural("the chain still holds the head of {n} summary page",
                        "the chain still holds the head of {n} summary pages", self.checked)
        if self.skipped:
            return lazy_plural(
                "{compared}; {n} made before a restore of an older backup not compared",
                "{compared}; {n} made before a restore of an older backup not compared",
                self.skipped, compared=text)
        return text


def check_anchors(session: Session, anchors: list[Anchor]) -> AnchorReport:
    """Each anchor's event must still be in the chain, with its hash. A backup made before
    a restore of an older backup, and past the restored head, belongs to records that the
    restore replaced: it is counted, not compared."""
    conn = session.connection()
    restores = _restores(session)
    problems: list[Message] = []
    checked = skipped = 0
    for anchor in anchors:
        if anchor.made is not None and any(anchor.made < at and anchor.seq > head
                                           for at, head in restores):
            skipped += 1
            continue
        checked += 1
        got = conn.exec_driver_sql("SELECT hash FROM auditevent WHERE seq = ?",
                                   (anchor.seq,)).scalar()
        if got is None:
            problems.append(lazy("the audit chain no longer reaches event {seq}, which "
                                 "{source} recorded", seq=anchor.seq, source=anchor.source))
        elif not str(got).startswith(anchor.hash):
            problems.append(lazy("event {seq} is not the one {source} recorded: the audit "
                                 "chain was rewritten from there or earlier",
                                 seq=anchor.seq, source=anchor.source))
    return AnchorReport(not problems, checked, tuple(problems), skipped)


def _restores(session: Session) -> list[tuple[datetime, int]]:
    """(when, the restored head's event) of each restore in the chain."""
    out = []
    rows = session.connection().exec_driver_sql(
        "SELECT seq, at, details FROM auditevent WHERE action = 'backup.restore'")
    for seq, at, details in rows:
        try:
            when = datetime.fromisoformat(str(at)).replace(tzinfo=UTC)
            head = int(json.loads(details).get("from_seq", int(seq) - 1))
        except (TypeError, ValueError, AttributeError):
            continue
        out.append((when, head))
    return out
