"""Bad input, fuzzed (hypothesis, time-boxed): CSV import and restore from arbitrary files
raise only PeerHouse's own clear errors, never a crash, and never write half of anything."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from peerhouse.errors import PeerHouseError
from peerhouse.models.people import Resident
from peerhouse.services import backups
from peerhouse.services.residents_csv_columns import COLUMNS, INFO_COLUMNS
from peerhouse.services.residents_import import import_residents
from peerhouse.store import audit, backup, backup_file, restore
from peerhouse.store.checks import run_checks

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

CELLS = st.one_of(
    st.text(max_size=24),
    st.sampled_from(["", "Alex", "2024-02-30", "1990-05-01", "yes", "no", "maybe", "active",
                     "applicant", "discharged", "'=SUM(A1)", "=cmd", "Phase 1", "555-0100",
                     "x" * 300, "\x00", "1A"]),
)
HEADERS = st.lists(st.sampled_from([*COLUMNS, *INFO_COLUMNS, "First Name", " LAST-NAME ", "",
                                    "pin", "notes", "first_name"]), max_size=9)


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(draw(HEADERS))
        for row in draw(st.lists(st.lists(CELLS, max_size=11), max_size=7)):
            writer.writerow(row)
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig"]))
        return out.getvalue().encode(encoding, errors="surrogatepass")
    return draw(st.binary(max_size=600))


def _state(store) -> tuple[int, int]:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(Resident)).one(), audit.chain_head(s)[0]


def test_csv_import_of_arbitrary_files_is_all_or_nothing(house, tmp_path):
    target = tmp_path / "residents.csv"

    @FUZZ
    @given(csv_bytes())
    def attempt(data: bytes) -> None:
        target.write_bytes(data)
        residents, events = _state(house.store)
        try:
            result = import_residents(house.store, house.manager, target, house.house_id)
        except PeerHouseError as exc:
            assert str(exc)
            assert _state(house.store) == (residents, events)  # nothing half-saved
        else:
            n = len(result.resident_ids)
            assert n > 0 and _state(house.store)[0] == residents + n

    attempt()


@st.composite
def damaged(draw: st.DrawFn, valid: bytes) -> bytes:
    """A real backup with a few bytes changed, cut short, or with junk put in."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "cut", "insert", "zero"]))
        if how == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif how == "cut":
            del data[at:]
            if not data:
                break
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[at:at + 64] = bytes(len(data[at:at + 64]))
    return bytes(data)


@st.composite
def consistent_but_damaged(draw: st.DrawFn, valid: bytes) -> bytes:
    """A backup whose digests were recomputed after damaging its database or key file, so
    it gets past the digests to the opening and the checks."""
    with zipfile.ZipFile(io.BytesIO(valid)) as zf:
        members = {n: bytearray(zf.read(n)) for n in zf.namelist()}
    name = draw(st.sampled_from([backup_file.DB, backup_file.DB, backup_file.KEYS]))
    data = members[name]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] ^= draw(st.integers(1, 255))
    manifest = json.loads(members[backup_file.MANIFEST])
    manifest["db_sha256"] = hashlib.sha256(members[backup_file.DB]).hexdigest()
    manifest["keys_sha256"] = hashlib.sha256(members[backup_file.KEYS]).hexdigest()
    members[backup_file.MANIFEST] = bytearray(json.dumps(manifest).encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for member, body in members.items():
            zf.writestr(member, bytes(body))
    return out.getvalue()


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and "backups" not in f.parts:
            h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def test_restore_from_arbitrary_files_changes_nothing_unless_it_is_the_backup(house, tmp_path):
    made = backups.back_up(house.store, house.owner).entry.path
    valid, manifest = made.read_bytes(), backup_file.read(made).manifest
    house.store.close()
    root = house.paths.root
    template = tmp_path / "template"
    shutil.copytree(root, template, ignore=shutil.ignore_patterns("backups"))
    before = _digest(root)
    candidate = tmp_path / "candidate.phbackup"

    @FUZZ
    @given(st.one_of(st.binary(max_size=3000), damaged(valid), consistent_but_damaged(valid)))
    def attempt(data: bytes) -> None:
        candidate.write_bytes(data)
        try:
            done = backups.restore(house.paths, house.owner, candidate,
                                   restore.backup_key(house.paths, candidate))
        except PeerHouseError as exc:
            assert str(exc)
            assert _digest(root) == before, "a failed restore changed the data folder"
            return
        # The change touched nothing that matters (free space in the file, spacing in the
        # key file's JSON): the restored records pass every check and the backup says the
        # same as the original about itself, apart from the fingerprints of the bytes.
        try:
            assert run_checks(done.store).ok
            got = backup_file.read(candidate).manifest
            assert replace(got, db_sha256=manifest.db_sha256,
                           keys_sha256=manifest.keys_sha256) == manifest
        finally:
            done.store.close()  # and the next example starts from the original folder again
            for item in root.iterdir():
                if item.name != "backups":
                    shutil.rmtree(item) if item.is_dir() else item.unlink()
            shutil.copytree(template, root, dirs_exist_ok=True)

    attempt()
    assert not list((root / backup.WORK_DIR).iterdir())
