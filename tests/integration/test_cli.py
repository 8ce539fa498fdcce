"""The real `peerhouse` command in subprocesses, against real encrypted files.

The child processes inherit the test's data dir and file-backed keyring (see
tests/conftest.py), so the test can open what the CLI created and check it. The
children use the real (slow) Argon2 settings, so each call takes a second or two.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import col, func, select, update

from peerhouse.errors import AlreadyExists, ValidationError
from peerhouse.models import AuditEvent, CheckIn, House, Resident
from peerhouse.paths import DataPaths
from peerhouse.services import houses, residents
from peerhouse.services.accounts import create_account
from peerhouse.services.actor import Actor
from peerhouse.services.residents_csv_columns import LIMITS_TEXT
from peerhouse.services.setup import Owner, new_setup
from peerhouse.store import keyring_slot, vault
from peerhouse.store.audit import chain_head

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
CODE_LINE = re.compile(r"^Recovery code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})$", re.MULTILINE)


def ph(*args: str, stdin: str = "", env: dict[str, str] | None = None,
       ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peerhouse", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=180,
                          env={**os.environ, **env} if env else None)


def failed(proc: subprocess.CompletedProcess[str], needle: str, code: int = 1) -> None:
    """A user error: the given exit status, one `peerhouse: error:` line, no traceback."""
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("peerhouse: error: ") and needle in last, proc.stderr


def init(*extra: str, house: str = "Maple House") -> subprocess.CompletedProcess[str]:
    proc = ph("init", "--house", house, "--owner", "olivia", "--password-stdin", *extra,
              stdin=PASSWORD + "\n")
    assert proc.returncode == 0, proc.stderr
    return proc


def digest(paths: DataPaths) -> str:
    h = hashlib.sha256()
    for f in (paths.db, paths.keyfile, *paths.wal_files()):
        h.update(f.read_bytes() if f.exists() else b"-")
    return h.hexdigest()


def test_init_prints_code_writes_sheet_and_refuses_a_second_time(tmp_path):
    paths = DataPaths.resolve()
    sheet = tmp_path / "sheet.pdf"
    proc = init("--beds", "6", "--timezone", "America/Chicago", "--recovery-sheet", str(sheet))
    (code,) = CODE_LINE.findall(proc.stdout)
    text = " ".join(PdfReader(sheet).pages[0].extract_text().split())
    assert code in text and "Maple House" in text
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert vault.key_from_secret(paths, recovery_code=code) == vault.key_from_keyring(paths)

    store = vault.open_from_keyring(paths)
    with store.read() as s:
        house = s.exec(select(House)).one()
        actions = list(s.exec(select(AuditEvent.action).order_by(col(AuditEvent.seq))))
    store.close()
    assert (house.name, house.capacity, house.timezone) == ("Maple House", 6, "America/Chicago")
    assert actions[:3] == ["database.create", "account.create", "house.create"]

    before = digest(paths)
    again = ph("init", "--house", "Other", "--owner", "olivia", "--password-stdin",
               stdin=PASSWORD + "\n")
    failed(again, "already holds a PeerHouse database")
    assert digest(paths) == before

    # An edited audit event makes `check` fail, naming the audit chain.
    store = vault.open_from_keyring(paths)
    with store.write() as s:
        s.exec(update(AuditEvent).where(AuditEvent.seq == 2).values(action="house.delete"))
    store.close()
    tampered = ph("check")
    assert tampered.returncode == 1 and "FAIL  audit chain" in tampered.stdout, tampered.stdout


def test_check_compares_the_chain_with_a_printed_head():
    init()
    store = vault.open_from_keyring(DataPaths.resolve())
    with store.read() as s:
        seq, head = chain_head(s)
    store.close()
    ok = ph("check", "--head", f"{seq}:{head}")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "ok    printed head: the chain still holds the head of 1 summary page" in ok.stdout
    bad = ph("check", "--head", f"{seq}:{'0' * 64}")
    assert bad.returncode == 1 and f"FAIL  printed head: event {seq} is not the one" in bad.stdout
    gone = ph("check", "--head", f"{seq + 5}:{head[:16]}")
    assert gone.returncode == 1 and "no longer reaches event" in gone.stdout
    failed(ph("check", "--head", "12"), "weekly manager summary")


def test_init_checks_the_password_before_creating_anything():
    paths = DataPaths.resolve()
    proc = ph("init", "--house", "Maple House", "--owner", "olivia", "--password-stdin",
              stdin="short\n")
    failed(proc, "Password must be at least 10 characters long.")
    assert not paths.db.exists() and not paths.keyfile.exists()
    failed(ph("init", "--house", "M", "--owner", "olivia", "--password-stdin", stdin="\n"),
           "No owner password was given")
    assert not paths.exists()


def test_demo_check_and_unlock(tmp_path):
    paths = DataPaths.resolve()
    proc = ph("demo", "--owner", "olivia", "--password-stdin", "--seed", "5", "--years", "0.5",
              "--timezone", "America/Chicago", stdin=PASSWORD + "\n")
    assert proc.returncode == 0, proc.stderr
    (code,) = CODE_LINE.findall(proc.stdout)
    store = vault.open_from_keyring(paths)
    with store.read() as s:
        names = list(s.exec(select(Resident.last_name)))
        active = s.exec(select(func.count()).where(Resident.status == "active")).one()
        checkins = s.exec(select(func.count()).select_from(CheckIn)).one()
        actions = list(s.exec(select(AuditEvent.action).order_by(col(AuditEvent.seq))))
        setup_id = store.setup_id
    store.close()
    assert len(names) > 16 and 8 <= active <= 16 and checkins > 1000
    assert actions == ["database.create", "account.create", "demo.generate"]
    raw = b"".join(f.read_bytes() for f in (paths.db, *paths.wal_files()) if f.exists())
    assert not raw.startswith(b"SQLite format 3")
    assert not [n for n in set(names) if len(n) > 4 and n.encode() in raw]

    failed(ph("demo", "--owner", "olivia", "--password-stdin", stdin=PASSWORD + "\n"),
           "already holds")
    ok = ph("check")
    assert ok.returncode == 0 and "All checks passed." in ok.stdout, ok.stdout + ok.stderr
    assert ok.stdout.count("\nok ") + ok.stdout.startswith("ok ") == 5

    # Without the keyring entry: a message about the key, and the file is not touched.
    keyring_slot.forget_key(setup_id)
    before = digest(paths)
    failed(ph("check"), "not stored in this computer's keyring")
    failed(ph("export", "residents", str(tmp_path / "x.csv"), "--user", "olivia",
              "--password-stdin", stdin=PASSWORD + "\n"), "peerhouse unlock")
    failed(ph("unlock", "--password-stdin", stdin="not-the-password\n"),
           "That owner password does not open this database.")
    failed(ph("unlock", "--recovery-code-stdin", stdin="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF\n"),
           "That recovery code does not open this database.")
    failed(ph("unlock", "--recovery-code-stdin", stdin="hello\n"), "That is not a recovery code")
    failed(ph("unlock"), "one of the arguments --password-stdin --recovery-code-stdin is required",
           code=2)
    assert digest(paths) == before and not (tmp_path / "x.csv").exists()
    # The recovery code, typed carelessly, and a check with the password alone, both work.
    assert ph("check", "--password-stdin", stdin=PASSWORD + "\n").returncode == 0
    unlocked = ph("unlock", "--recovery-code-stdin", stdin=code.lower().replace("-", " ") + "\n")
    assert unlocked.returncode == 0 and "keyring" in unlocked.stdout, unlocked.stderr
    assert ph("check").returncode == 0
    keyring_slot.forget_key(setup_id)
    assert ph("unlock", "--password-stdin", stdin=PASSWORD + "\n").returncode == 0

    # One changed byte in the middle of the file: check fails (and says which check).
    data = bytearray(paths.db.read_bytes())
    data[len(data) // 2] ^= 0xFF
    paths.db.write_bytes(bytes(data))
    bad = ph("check")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "FAIL" in bad.stdout or "damaged" in bad.stderr


def test_without_a_working_keyring_the_password_or_code_is_asked_for():
    no_keyring = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    proc = ph("init", "--house", "Maple House", "--owner", "olivia", "--password-stdin",
              stdin=PASSWORD + "\n", env=no_keyring)
    assert proc.returncode == 0, proc.stderr
    assert CODE_LINE.search(proc.stdout)
    assert "Note: This computer has no secure keyring, so the key was not remembered." in proc.stdout
    failed(ph("check", env=no_keyring), "no secure keyring")
    failed(ph("unlock", "--password-stdin", stdin=PASSWORD + "\n", env=no_keyring),
           "no secure keyring")
    assert ph("check", "--password-stdin", stdin=PASSWORD + "\n", env=no_keyring).returncode == 0


def _setup_for_csv() -> tuple[DataPaths, int]:
    init("--beds", "6")
    paths = DataPaths.resolve()
    store = vault.open_from_keyring(paths)
    system = Actor.system()
    maple = houses.house_by_name(store, system, "Maple House")
    for first, last, bed in (("Ana", "Lopez", "1A"), ("Ben", "Ng", "1B"), ("Cy", "Young", "2A")):
        residents.admit(store, system, residents.ResidentInput(
            first_name=first, last_name=last, house_id=maple.id, bed=bed, notes="private note"))
    oak = houses.create_house(store, system, houses.HouseRules(name="Oak House", capacity=6))
    create_account(store, system, "sam", "Sam Staff", "staff", "staff-pass-1234")
    store.close()
    assert oak.id is not None
    return paths, oak.id


def test_export_then_import_into_a_second_house(tmp_path):
    paths, oak = _setup_for_csv()
    out = tmp_path / "residents.csv"
    exp = ph("export", "residents", str(out), "--house", "Maple House", "--user", "olivia",
             "--password-stdin", stdin=PASSWORD + "\n")
    assert exp.returncode == 0 and "Exported 3 residents" in exp.stdout, exp.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["first_name"] for r in rows] == ["Ana", "Ben", "Cy"]
    assert "notes" not in rows[0] and "private note" not in out.read_text(encoding="utf-8-sig")

    failed(ph("export", "residents", str(tmp_path / "s.csv"), "--user", "sam",
              "--password-stdin", stdin="staff-pass-1234\n"), "permission")
    failed(ph("export", "residents", str(tmp_path / "s.csv"), "--user", "olivia",
              "--password-stdin", stdin="wrong-password-1\n"), "Wrong username or password")
    failed(ph("import", "residents", str(out), "--user", "olivia", "--password-stdin",
              stdin=PASSWORD + "\n"), "choose one with --house")

    imp = ph("import", "residents", str(out), "--house", "Oak House", "--user", "olivia",
             "--password-stdin", stdin=PASSWORD + "\n")
    assert imp.returncode == 0 and "Imported 3 residents into Oak House" in imp.stdout, imp.stderr
    store = vault.open_from_keyring(paths)
    with store.read() as s:
        moved = list(s.exec(select(Resident.first_name, Resident.bed)
                            .where(Resident.house_id == oak).order_by(col(Resident.first_name))))
        actions = list(s.exec(select(AuditEvent.action)))
    store.close()
    assert moved == [("Ana", "1A"), ("Ben", "1B"), ("Cy", "2A")]
    assert actions.count("residents.export") == 1 and actions.count("residents.import") == 1


def test_import_with_errors_in_rows_3_and_5_writes_nothing(tmp_path):
    paths, oak = _setup_for_csv()
    src = tmp_path / "in.csv"
    src.write_text("first_name,last_name,date_of_birth,bed\n"
                   "Dan,Ruiz,1990-01-01,1A\n"
                   "Eve,,1991-02-02,1B\n"
                   "Flo,Hart,1992-03-03,2A\n"
                   "Gus,Ito,31/12/1999,2B\n", encoding="utf-8")
    before = digest(paths)
    proc = ph("import", "residents", str(src), "--house", "Oak House", "--user", "olivia",
              "--password-stdin", stdin=PASSWORD + "\n")
    failed(proc, "Nothing was imported")
    assert "row 3: Last name is required." in proc.stderr
    assert "row 5: Date of birth must be a date written YYYY-MM-DD." in proc.stderr
    assert "row 2" not in proc.stderr and "row 4" not in proc.stderr
    store = vault.open_from_keyring(paths)
    with store.read() as s:
        in_oak = s.exec(select(func.count()).where(Resident.house_id == oak)).one()
        imports = s.exec(select(func.count()).where(AuditEvent.action == "residents.import")).one()
    store.close()
    assert in_oak == 0 and imports == 0
    assert before != digest(paths)  # the login itself is audited, the residents are not saved


def test_import_refuses_possible_duplicates_until_allowed(tmp_path):
    paths, oak = _setup_for_csv()
    src = tmp_path / "in.csv"  # a European spreadsheet's CSV: semicolons
    src.write_text("First name;Last name;Date of birth\n"
                   "Dan;Ruiz;1990-01-01\n"
                   "DAN;RUÍZ;1990-01-01\n", encoding="utf-8")
    args = ("import", "residents", str(src), "--house", "Oak House", "--user", "olivia",
            "--password-stdin")
    proc = ph(*args, stdin=PASSWORD + "\n")
    failed(proc, "run the same command again with --allow-duplicates")
    assert ("row 3: DAN RUÍZ may be the same person as row 2 of the file (same name and date "
            "of birth).") in proc.stderr
    proc = ph(*args, "--allow-duplicates", stdin=PASSWORD + "\n")
    assert proc.returncode == 0 and "Imported 2 residents into Oak House" in proc.stdout
    store = vault.open_from_keyring(paths)
    with store.read() as s:
        assert s.exec(select(func.count()).where(Resident.house_id == oak)).one() == 2
    store.close()


def test_import_help_lists_the_columns():
    for args in (("import", "--help"), ("import", "residents", "--help")):
        shown = ph(*args)
        assert shown.returncode == 0, shown.stderr
        text = " ".join(shown.stdout.split())
        assert "Required: first_name, last_name" in text and "celebrate_milestones_publicly" in text
        assert f"At most {LIMITS_TEXT} at a time" in text and "semicolons" in text


def test_user_errors_are_one_line_without_traceback(tmp_path):
    failed(ph("check"), "No PeerHouse database")
    failed(ph("check", "--data-dir", str(tmp_path / "elsewhere")), "No PeerHouse database")
    failed(ph("init", "--owner", "olivia"), "the following arguments are required", code=2)
    failed(ph("frobnicate"), "invalid choice", code=2)
    failed(ph("demo", "--owner", "olivia", "--password-stdin", "--scale", "0", stdin="x\n"),
           "Scale must be from 1 to 50")
    failed(ph("import", "residents", str(tmp_path / "none.csv"), "--user", "olivia",
              "--password-stdin", stdin=PASSWORD + "\n"), "does not exist")
    shown = ph("--help")
    assert shown.returncode == 0 and "usage: peerhouse" in shown.stdout
    version = ph("--version")
    assert version.returncode == 0 and version.stdout.startswith("peerhouse ")


def test_a_failed_setup_removes_only_what_it_just_created():
    paths = DataPaths.resolve()
    with pytest.raises(ValidationError), new_setup(paths, Owner("olivia", "Olivia", PASSWORD)) as new:
        setup_id = new.store.setup_id
        assert paths.db.exists() and keyring_slot.load_key(setup_id)[0] is not None
        raise ValidationError("years", "must be from 0.05 to 10.")
    assert not paths.exists() and keyring_slot.load_key(setup_id)[0] is None
    with new_setup(paths, Owner("olivia", "Olivia", PASSWORD)):
        pass
    before = digest(paths)
    with pytest.raises(AlreadyExists), new_setup(paths, Owner("olivia", "Olivia", PASSWORD)):
        pass
    assert digest(paths) == before


def test_recover_owner_with_the_recovery_code(tmp_path):
    proc = ph("init", "--house", "Maple House", "--owner", "olivia", "--password-stdin",
              stdin=PASSWORD + "\n")
    assert proc.returncode == 0, proc.stderr
    (code,) = CODE_LINE.findall(proc.stdout)
    failed(ph("recover-owner", "--owner", "olivia", "--recovery-code-stdin",
              stdin="WRONG-CODE-0000-0000-0000-0000\na new owner password\n"), "recovery code")
    failed(ph("recover-owner", "--owner", "olivia", "--recovery-code-stdin",
              stdin=f"{code}\nshort\n"), "at least 10")
    ok = ph("recover-owner", "--owner", "olivia", "--recovery-code-stdin",
            stdin=f"{code}\na new owner password\n")
    assert ok.returncode == 0 and "new password" in ok.stdout, ok.stderr
    export = ph("export", "residents", str(tmp_path / "r.csv"), "--user", "olivia",
                "--password-stdin", stdin="a new owner password\n")
    assert export.returncode == 0, export.stderr
