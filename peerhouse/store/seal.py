"""The commit seal: how far the audit chain had come at the last commit, kept beside the
database but outside it and its write-ahead log.

While another connection holds a read snapshot (a backup copying, the kiosk reading),
the checkpoint after a commit cannot copy the newest pages into the main file, so for a
while they live only in the WAL. SQLite ends the WAL at its first damaged frame, so one
flipped bit there would drop those commits without any check noticing: the records
would simply be older. Every event in the audit chain has a number, and every change
and audited read appends one; so after each commit its number and hash are written
here, sealed with a key derived from the database key, and flushed to the disk. At open
a chain that ends before the sealed event is reported as lost changes.

The file holds two slots, written in turn, so a write cut short leaves the other slot
valid; the newest valid slot counts. Two processes writing at once take a file lock and
the seal only ever moves forward. A seal behind the records is harmless (a crash between
a commit and its seal); only records behind the seal mean loss.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import Connection

from peerhouse.errors import ChangesLost
from peerhouse.files import open_private
from peerhouse.i18n import lazy, lazy_plural
from peerhouse.store import kdf, open_lock

log = logging.getLogger(__name__)
MAGIC = b"PHSEAL01"
_SLOT = struct.Struct(">8sQ64s32s")  # magic, event number, event hash, MAC
SLOTS = (64, 192)  # byte 0 is where the lock sits (Windows locks ranges, not files)
SIZE = SLOTS[-1] + _SLOT.size


def seal_key(db_key: bytes) -> bytes:
    return kdf.subkey(db_key, b"peerhouse commit seal v1")


@dataclass(frozen=True)
class Sealed:
    """The newest event of the audit chain when it was sealed."""

    seq: int
    hash: str


def _mac(key: bytes, seq: int, hash_: bytes) -> bytes:
    return hmac.new(key, MAGIC + seq.to_bytes(8, "big") + hash_, hashlib.sha256).digest()


def _slots(data: bytes, key: bytes) -> list[tuple[int, Sealed]]:
    """The valid slots as (offset, seal); a torn or damaged slot is left out."""
    found = []
    for offset in SLOTS:
        raw = data[offset:offset + _SLOT.size]
        if len(raw) < _SLOT.size:
            continue
        magic, seq, hash_, mac = _SLOT.unpack(raw)
        if magic == MAGIC and hmac.compare_digest(mac, _mac(key, seq, hash_)):
            try:
                found.append((offset, Sealed(seq, hash_.decode("ascii"))))
            except UnicodeDecodeError:
                continue
    return found


def _newest(slots: list[tuple[int, Sealed]]) -> tuple[int, Sealed] | None:
    return max(slots, key=lambda s: s[1].seq, default=None)


def read(path: Path, key: bytes) -> Sealed | None:
    """The sealed head, or None where nothing was sealed yet (or nothing readable is left:
    both slots damaged, or a seal made with another key)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(SIZE)
    except FileNotFoundError:
        return None
    except OSError as exc:  # another account's file: the records still open, unchecked
        log.warning("the commit seal cannot be read: %s", type(exc).__name__)
        return None
    newest = _newest(_slots(data, key))
    if newest is None:
        log.warning("the commit seal cannot be read; it starts again at the next commit")
        return None
    return newest[1]


def advance(path: Path, key: bytes, seq: int, hash_: str) -> None:
    """Seal event `seq` as the newest, unless a later one is sealed already (another process)."""
    with open_private(path, "r+b") as fh, open_lock.waiting_for(fh):
        fh.seek(0)
        newest = _newest(_slots(fh.read(SIZE), key))
        if newest is not None and newest[1].seq >= seq:
            return
        # Never over the newest valid slot: if this write is cut short, that one still counts.
        offset = SLOTS[1] if newest is not None and newest[0] == SLOTS[0] else SLOTS[0]
        _write(fh, key, offset, seq, hash_)
        fh.flush()
        os.fsync(fh.fileno())


def reset(path: Path, key: bytes, seq: int, hash_: str) -> None:
    """Seal event `seq` whatever was sealed before (the owner keeps records that lost changes)."""
    with open_private(path, "r+b") as fh, open_lock.waiting_for(fh):
        for offset in SLOTS:
            _write(fh, key, offset, seq, hash_)
        fh.flush()
        os.fsync(fh.fileno())


def _write(fh: IO[bytes], key: bytes, offset: int, seq: int, hash_: str) -> None:
    raw = hash_.encode("ascii")
    fh.seek(offset)
    fh.write(_SLOT.pack(MAGIC, seq, raw, _mac(key, seq, raw)))


def records_head(conn: Connection) -> tuple[int, str]:
    """The audit chain head as the records hold it now ((0, '') before the first event)."""
    row = conn.exec_driver_sql("SELECT seq, hash FROM audithead WHERE id = 1").first()
    return (int(row[0]), str(row[1])) if row is not None else (0, "")


def check(conn: Connection, sealed: Sealed | None) -> None:
    """ChangesLost if the records end before the sealed event, or hold another one there."""
    if sealed is None:
        return
    seq, hash_ = records_head(conn)
    if seq < sealed.seq:
        n = sealed.seq - seq
        raise ChangesLost(lazy_plural(
            "The records file is damaged: the last {n} change saved on this computer was lost "
            "(part of its write-ahead log could not be read). Restore the newest good backup, "
            "or keep the records as they are; the file has been left as it is.",
            "The records file is damaged: the last {n} changes saved on this computer were "
            "lost (part of its write-ahead log could not be read). Restore the newest good "
            "backup, or keep the records as they are; the file has been left as it is.", n), n)
    if seq > sealed.seq:
        row = conn.exec_driver_sql("SELECT hash FROM auditevent WHERE seq = ?",
                                   (sealed.seq,)).first()
        hash_ = str(row[0]) if row is not None else ""
    if not hmac.compare_digest(hash_, sealed.hash):
        raise ChangesLost(lazy(
            "The records file is not the one last saved on this computer: changes saved here "
            "are missing from it (it may have been replaced by an older copy). Restore the "
            "newest good backup, or keep the records as they are; the file has been left as "
            "it is."), 0)
