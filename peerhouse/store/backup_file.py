"""The backup file: one zip (stored, not compressed) holding a manifest, the key file and
the SQLCipher-encrypted database.

A zip so that, in the worst case, any unzip tool can take the two files out and put
them in a data folder by hand. Nothing in it is plaintext resident data: the database
stays encrypted, the key file holds only wrapped keys, and the manifest names the
set-up, the date, sizes and SHA-256 digests. Reading is defensive: whatever a file
holds, the only error that comes out is `BackupInvalid` with a plain sentence.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peerhouse.errors import BackupInvalid, DatabaseDamaged, PeerHouseError, WriteFailed
from peerhouse.files import open_private
from peerhouse.i18n import Message, lazy
from peerhouse.store.keyfile import KeyFile

FORMAT = "peerhouse-backup"
VERSION = 1
SUFFIX = ".phbackup"
MANIFEST, KEYS, DB = "manifest.json", "peerhouse.keys", "peerhouse.db"
MEMBERS = (MANIFEST, KEYS, DB)
_MAX_SMALL = 256 * 1024  # manifest and key file are a few KiB
_CHUNK = 1024 * 1024
_STAMP = "%Y%m%dT%H%M%SZ"
NAME_RE = re.compile(
    r"^peerhouse-backup-(?P<setup>[0-9a-f]{8})-(?P<stamp>\d{8}T\d{6}Z)-(?P<kind>auto|manual)"
    r"(?:-(?P<n>\d{1,3}))?\.phbackup$")
KINDS = ("auto", "manual")
# Everything zipfile and json may raise on a file that is not what it claims to be.
_BAD_FILE = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError,
             TypeError, NotImplementedError, RuntimeError, struct.error, zlib.error,
             OverflowError, IndexError, AttributeError, DatabaseDamaged)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Manifest:
    """What the backup says about itself; checked against its contents on every read."""

    setup_id: str
    created: datetime  # UTC
    kind: str  # "auto" (first open, close, scheduled) or "manual" (never pruned)
    app_version: str
    schema: str
    db_size: int
    db_sha256: str
    keys_sha256: str
    audit_events: int
    audit_head: str
    # False when the records' audit chain was already broken when the backup was made: the
    # backup keeps the records as they were, and a restore must not expect a sound chain.
    audit_chain_ok: bool = True

    def to_bytes(self) -> bytes:
        body: dict[str, Any] = {"format": FORMAT, "version": VERSION, **asdict(self)}
        body["created"] = self.created.astimezone(UTC).isoformat(timespec="seconds")
        return json.dumps(body, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        body = json.loads(data.decode("utf-8"))
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise ValueError("not a PeerHouse manifest")
        if body.get("version") != VERSION:
            raise BackupInvalid(lazy("This backup was made by a newer version of PeerHouse. "
                                     "Install the newer version to restore it."))
        created = datetime.fromisoformat(_text(body, "created"))
        if created.tzinfo is None:
            raise ValueError("created has no time zone")
        kind = _text(body, "kind")
        if kind not in KINDS:
            raise ValueError("unknown kind")
        return cls(setup_id=_text(body, "setup_id"), created=created.astimezone(UTC), kind=kind,
                   app_version=_text(body, "app_version"), schema=_text(body, "schema"),
                   db_size=_count(body, "db_size"), db_sha256=_text(body, "db_sha256"),
                   keys_sha256=_text(body, "keys_sha256"),
                   audit_events=_count(body, "audit_events"), audit_head=_text(body, "audit_head"),
                   audit_chain_ok=_flag(body, "audit_chain_ok"))


def _text(body: dict[str, Any], key: str) -> str:
    value = body[key]
    if not isinstance(value, str):
        raise TypeError(key)
    return value


def _flag(body: dict[str, Any], key: str) -> bool:
    value = body[key]
    if not isinstance(value, bool):
        raise TypeError(key)
    return value


def _count(body: dict[str, Any], key: str) -> int:
    value = body[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError(key)
    return value


# -- names -------------------------------------------------------------------------
def backup_name(setup_id: str, created: datetime, kind: str, n: int = 0) -> str:
    """`peerhouse-backup-<set-up>-<UTC time>-<kind>.phbackup`: sorts by date, says whose."""
    stamp = created.astimezone(UTC).strftime(_STAMP)
    extra = f"-{n}" if n else ""
    return f"peerhouse-backup-{setup_id[:8]}-{stamp}-{kind}{extra}{SUFFIX}"


@dataclass(frozen=True)
class NameParts:
    setup: str  # the first 8 characters of the set-up id
    created: datetime
    kind: str
    n: int  # a second backup within the same second is -1, then -2, …


def parse_name(name: str) -> NameParts | None:
    """The parts of a name PeerHouse wrote, or None for any other file (never touched)."""
    m = NAME_RE.match(name)
    if m is None:
        return None
    try:
        created = datetime.strptime(m["stamp"], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    return NameParts(m["setup"], created, m["kind"], int(m["n"] or 0))


# -- writing -----------------------------------------------------------------------
def _member(name: str, when: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.astimezone(UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o600 << 16
    return info


def write(dest: Path, manifest: Manifest, keys: bytes, db: Path,
          progress: Progress | None = None) -> None:
    """Write a new backup file at `dest` (it must not exist), flushed to the disk.

    A disk that refuses the write (full, file too large, removed) raises WriteFailed
    and the half-written file is removed.
    """
    try:
        with open_private(dest, "xb") as fh:
            with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
                zf.writestr(_member(MANIFEST, manifest.created), manifest.to_bytes())
                zf.writestr(_member(KEYS, manifest.created), keys)
                info = _member(DB, manifest.created)
                info.file_size = manifest.db_size
                with zf.open(info, "w", force_zip64=True) as out, open(db, "rb") as src:
                    done = 0
                    while chunk := src.read(_CHUNK):
                        out.write(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(done, manifest.db_size)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            dest.unlink(missing_ok=True)
        raise WriteFailed(lazy(
            "The backup could not be written to {folder} ({problem}). Nothing was changed; "
            "the records are safe. Free some space or choose another folder.",
            folder=dest.parent, problem=exc.strerror or type(exc).__name__)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            dest.unlink(missing_ok=True)
        raise


# -- reading -----------------------------------------------------------------------
@dataclass(frozen=True)
class BackupContents:
    """A backup whose manifest and key file were read and checked (the database not yet)."""

    path: Path
    manifest: Manifest
    keyfile: KeyFile
    keys: bytes


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Turn whatever a damaged or foreign file makes the readers raise into one message."""
    try:
        yield
    except BackupInvalid:
        raise
    except WriteFailed:
        raise
    except PeerHouseError as exc:
        raise BackupInvalid(lazy("{name} is not a usable PeerHouse backup: {why}",
                                 name=path.name, why=exc)) from None
    except _BAD_FILE as exc:
        raise BackupInvalid(lazy(
            "{name} is not a usable PeerHouse backup: it is damaged, incomplete, or not "
            "a backup file ({problem}). Nothing was changed.",
            name=path.name, problem=type(exc).__name__)) from None
    except OSError as exc:
        raise BackupInvalid(lazy("{name} could not be read ({problem}). Nothing was changed.",
                                 name=path.name, problem=exc.strerror or type(exc).__name__)
                            ) from None


def _open_zip(path: Path, fh: Any) -> zipfile.ZipFile:
    zf = zipfile.ZipFile(fh)
    infos = zf.infolist()
    names = [i.filename for i in infos]
    if sorted(names) != sorted(MEMBERS):
        raise ValueError("unexpected members")
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
            raise ValueError("compressed or encrypted member")
    return zf


def _small(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > _MAX_SMALL:
        raise ValueError(f"{name} is too large")
    return zf.read(info)


def read(path: Path) -> BackupContents:
    """Open a backup and check its manifest and key file (cheap: no database copy)."""
    path = Path(path)
    with _reading(path), open(path, "rb") as fh, _open_zip(path, fh) as zf:
        manifest = Manifest.from_bytes(_small(zf, MANIFEST))
        keys = _small(zf, KEYS)
        if not hmac.compare_digest(hashlib.sha256(keys).hexdigest(), manifest.keys_sha256):
            raise ValueError("key file digest")
        keyfile = KeyFile.from_json(json.loads(keys.decode("utf-8")))
        if keyfile.setup_id != manifest.setup_id:
            raise ValueError("key file of another set-up")
        if zf.getinfo(DB).file_size != manifest.db_size:
            raise ValueError("database size")
    return BackupContents(path, manifest, keyfile, keys)


def extract_db(contents: BackupContents, dest: Path, progress: Progress | None = None) -> None:
    """Copy the database out of the backup to `dest`, checking its size and SHA-256."""
    path, manifest = contents.path, contents.manifest
    digest = hashlib.sha256()
    with _reading(path), open(path, "rb") as fh, _open_zip(path, fh) as zf, \
            zf.open(DB) as src, _writing(dest) as out:
        done = 0
        while chunk := src.read(_CHUNK):
            done += len(chunk)
            if done > manifest.db_size:
                raise ValueError("database longer than its manifest says")
            digest.update(chunk)
            out(chunk)
            if progress is not None:
                progress(done, manifest.db_size)
        if done != manifest.db_size or not hmac.compare_digest(digest.hexdigest(),
                                                                manifest.db_sha256):
            raise ValueError("database digest")


def cannot_write(folder: Path, exc: OSError) -> Message:
    """What a person reads when the disk refused a write in `folder`."""
    return lazy("PeerHouse could not write in {folder} ({problem}).", folder=folder,
                problem=exc.strerror or type(exc).__name__)


@contextlib.contextmanager
def _writing(dest: Path) -> Iterator[Callable[[bytes], None]]:
    """A writer whose disk errors are WriteFailed, never mistaken for a bad backup."""
    try:
        fh = open_private(dest, "xb")
    except OSError as exc:
        raise WriteFailed(cannot_write(dest.parent, exc)) from exc

    def write_chunk(chunk: bytes) -> None:
        try:
            fh.write(chunk)
        except OSError as exc:
            raise WriteFailed(lazy(
                "PeerHouse could not write in {folder} ({problem}); free some disk space "
                "and try again. Nothing was changed.",
                folder=dest.parent, problem=exc.strerror or type(exc).__name__)) from exc

    try:
        yield write_chunk
        try:
            fh.flush()
            os.fsync(fh.fileno())
        except OSError as exc:
            raise WriteFailed(cannot_write(dest.parent, exc)) from exc
    finally:
        fh.close()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
