"""CSV import: possible duplicates are refused unless confirmed, semicolon and tab files
work, files over the limits are refused before they are read, the largest allowed file
goes in all or nothing, and the kiosk can save while a file is being checked."""

from __future__ import annotations

import threading
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from peerhouse.errors import DatabaseBusy, ValidationError
from peerhouse.models import AuditEvent, Resident
from peerhouse.services import checkins, residents
from peerhouse.services.actor import Actor
from peerhouse.services.resident_duplicates import fold
from peerhouse.services.residents_csv_columns import LIMITS_TEXT, MAX_BYTES, MAX_ROWS
from peerhouse.services.residents_csv_read import ImportProblems
from peerhouse.services.residents_import import (
    ImportCancelled,
    PossibleDuplicates,
    import_residents,
)
from peerhouse.store import vault
from peerhouse.store.audit import verify_chain
from peerhouse.store.engine import Store, make_engine
from tests.support.tables import count_rows, written

HEADER = "first_name,last_name,date_of_birth,move_in_date,status\n"


def _import(house, path: Path, **kw):
    return import_residents(house.store, house.manager, path, house.house_id, **kw)


# -- possible duplicates ---------------------------------------------------------------
def _refused_until_confirmed(house, src, problems: list[str], *, before: int,
                             imported: int) -> PossibleDuplicates:
    """The import of `src` is refused naming `problems`, leaving `before` residents; asked
    again with the duplicates allowed, it imports `imported`. The refusal."""
    with pytest.raises(PossibleDuplicates) as info:
        _import(house, src)
    assert info.value.lines() == problems
    assert count_rows(house.store, Resident) == before
    assert len(_import(house, src, allow_duplicates=True).resident_ids) == imported
    return info.value


def test_the_same_person_twice_in_the_file_is_refused_unless_confirmed(house, tmp_path):
    src = written(tmp_path / "in.csv", HEADER
                 + "Ana,Lopez,1990-01-01,,applicant\n"       # row 2
                 + "Ben,Ng,,2025-03-01,applicant\n"          # row 3
                 + "ANA,LÓPEZ,1990-01-01,,applicant\n"       # row 4: row 2 again
                 + "Ben,Ng,1979-05-05,2025-03-01,applicant\n"  # row 5: row 3, same move-in
                 + "Ana,Lopez,1991-01-01,,applicant\n")      # row 6: another Ana Lopez
    refusal = _refused_until_confirmed(house, src, [
        "row 4: ANA LÓPEZ may be the same person as row 2 of the file (same name and date of "
        "birth).",
        "row 5: Ben Ng may be the same person as row 3 of the file (same name and move-in "
        "date).",
    ], before=0, imported=5)
    assert "2 residents in the file may be people already in the house" in str(refusal)


def test_someone_already_in_the_house_is_refused_unless_confirmed(house, tmp_path):
    house.admit("İsmail", "Işık", date_of_birth="1988-08-08", status="applicant")
    house.admit("Zoë", "Ó Briain", move_in_date="2025-02-02", status="applicant")
    src = written(tmp_path / "in.csv", HEADER
                 + "ismail,ISIK,1988-08-08,,applicant\n"
                 + "Zoe,O'Briain,,2025-02-02,applicant\n"
                 + "Zoe,O'Briain,,2025-02-03,applicant\n")   # another day: someone else
    _refused_until_confirmed(house, src, [
        "row 2: ismail ISIK may be the same person as İsmail Işık, already in this house "
        "(same name and date of birth).",
        "row 3: Zoe O'Briain may be the same person as Zoë Ó Briain, already in this house "
        "(same name and move-in date).",
    ], before=2, imported=3)


def test_duplicates_are_listed_with_the_other_problems_in_row_order(house, tmp_path):
    src = written(tmp_path / "in.csv", HEADER + "Ana,Lopez,1990-01-01,,applicant\n"
                 + "Ben,,,,applicant\n" + "Ana,Lopez,1990-01-01,,applicant\n")
    with pytest.raises(ImportProblems) as info:
        _import(house, src)
    assert not isinstance(info.value, PossibleDuplicates)  # confirming would not help
    assert [p.split(":")[0] for p in info.value.lines()] == ["row 3", "row 4"]
    with pytest.raises(ImportProblems) as info:
        _import(house, src, allow_duplicates=True)
    assert info.value.lines() == ["row 3: Last name is required."]


@pytest.mark.parametrize(("typed", "saved"), [
    ("İSMAİL IŞIK", "ismail isik"), ("Müller", "MULLER"), ("STRASSE", "Straße"),
    ("José María", "jose-maria"), ("O'Neil", "ONEIL"), ("Łukasz Wałęsa", "lukasz walesa"),
    ("ΣΩΚΡΆΤΗΣ", "σωκρατης"), ("Ђорђе", "ђорђе"), ("Nguyễn Văn", "NGUYEN VAN"),
])
def test_names_compare_without_case_accents_or_spacing(typed, saved):
    assert fold(typed) == fold(saved)


def test_different_names_stay_different():
    assert fold("Ana") != fold("Ina") and fold("Lee") != fold("Li") and fold("ß") != fold("b")


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(categories=["Lu", "Ll", "Lt", "Mn", "Nd", "Zs", "Pd", "Po"]),
               max_size=20))
def test_case_and_composition_never_change_a_folded_name(name):
    import unicodedata

    folded = fold(name)
    assert fold(name.casefold()) == folded
    assert fold(unicodedata.normalize("NFC", name)) == folded
    assert fold(unicodedata.normalize("NFD", name)) == folded


# -- separators, help --------------------------------------------------------------------
@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_files_are_read(house, tmp_path, sep):
    rows = [["First name", "Last name", "Status", "Preferred name"],
            ["Ana", "Lopez", "applicant", "Ani; the first"], ["Ben", "Ng", "applicant", ""]]
    text = "\n".join(sep.join(f'"{c}"' if sep in c else c for c in r) for r in rows) + "\n"
    result = _import(house, written(tmp_path / "in.csv", text))
    with house.store.read() as s:
        ana = s.get(Resident, result.resident_ids[0])
    assert (ana.first_name, ana.preferred_name) == ("Ana", "Ani; the first")


def test_a_semicolon_file_with_unknown_columns_says_it_uses_semicolons(house, tmp_path):
    with pytest.raises(ImportProblems) as info:
        _import(house, written(tmp_path / "in.csv", "Vorname;Nachname\nAna;Lopez\n"))
    assert "This file seems to use ';' between columns" in info.value.lines()[0]


# -- the same rules as the forms ---------------------------------------------------------
def test_control_characters_and_over_long_names_are_row_numbered(house, tmp_path):
    src = written(tmp_path / "in.csv", HEADER + "Ana\x1b[2J,Lopez,,,applicant\n"
                 + "Ben," + "N" * 81 + ",,,applicant\n" + "Cy\x00,Young,,,applicant\n")
    with pytest.raises(ImportProblems) as info:
        _import(house, src)
    assert info.value.lines()[0].startswith("row 2: First name cannot contain control")
    assert info.value.lines()[1] == "row 3: Last name must be at most 80 characters (it has 81)."
    assert len(info.value.lines()) == 2 or "row 4" in info.value.lines()[2]
    assert count_rows(house.store, Resident) == 0


# -- limits --------------------------------------------------------------------------------
def _peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak / 1e6


def test_a_huge_file_is_refused_before_it_is_read(house, tmp_path):
    big = tmp_path / "huge.csv"
    with open(big, "wb") as fh:  # 86 MB, as in the report (sparse: nothing is written)
        fh.write(HEADER.encode())
        fh.truncate(86 * 1024 * 1024)

    def attempt() -> None:
        with pytest.raises(ValidationError, match=rf"is 86\.0 MB; PeerHouse imports at most "
                                                  rf"{LIMITS_TEXT} at a time"):
            _import(house, big)

    assert _peak_mb(attempt) < 1


def test_too_many_rows_are_refused_after_reading_no_more_than_the_limit(house, tmp_path):
    many = tmp_path / "many.csv"
    row = "A,B,,,applicant\n"
    many.write_text(HEADER + row * ((MAX_BYTES - len(HEADER)) // len(row)))  # under 5 MB
    assert many.stat().st_size <= MAX_BYTES

    def attempt() -> None:
        with pytest.raises(ValidationError, match=f"has more than {MAX_ROWS:,} residents"):
            _import(house, many)

    assert _peak_mb(attempt) < 8  # reading all 300,000 rows took ~100 MB
    assert count_rows(house.store, Resident) == 0


def _largest(path: Path, last: str) -> Path:
    rows = [f"First{i},Last{i},1990-01-{1 + i % 28:02d},,applicant" for i in range(MAX_ROWS - 1)]
    return written(path, HEADER + "\n".join([*rows, last]) + "\n")


def test_the_largest_allowed_file_goes_in_all_or_nothing(house, tmp_path):
    bad = _largest(tmp_path / "bad.csv", "Zed,Last,1990-02-30,,applicant")
    with pytest.raises(ImportProblems) as info:
        _import(house, bad)
    assert info.value.lines() == [f"row {MAX_ROWS + 1}: Date of birth must be a date "
                                   "written YYYY-MM-DD."]
    assert count_rows(house.store, Resident) == 0
    steps: list[int] = []
    good = _largest(tmp_path / "good.csv", "Zed,Last,1990-02-28,,applicant")
    result = _import(house, good, progress=lambda percent, _text="": steps.append(percent))
    assert len(result.resident_ids) == MAX_ROWS == count_rows(house.store, Resident)
    assert steps == sorted(steps) and steps[-1] == 100 and len(steps) > 10
    with house.store.read() as s:
        assert verify_chain(s, house.store.audit_key).ok
        admits = s.exec(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.action == "resident.admit")).one()
        assert admits == MAX_ROWS


# -- the kiosk keeps working ---------------------------------------------------------------
@pytest.fixture
def kiosk_store(house):
    """A second connection to the same file, as the kiosk's, that never waits for a lock:
    if the import held the write lock, its writes would fail at once."""
    key = vault.key_from_keyring(house.paths)
    store = Store(make_engine(house.paths.db, key, busy_timeout_ms=0), key,
                  house.store.setup_id, house.paths.db)
    yield store
    store.close()


def test_the_kiosk_saves_while_a_file_is_checked(house, tmp_path, kiosk_store):
    alex = house.admit("Alex", "Rivera")
    me = Actor.resident(alex.id, house.house_id)
    saved: list[object] = []
    failed: list[BaseException] = []

    def progress(percent: int, text: str = "") -> None:
        if text.startswith("Checking"):
            try:
                saved.append(checkins.submit_checkin(kiosk_store, me, alex.id, 4, 1, True,
                                                     True, "", False))
            except DatabaseBusy as exc:  # pragma: no cover - the failure this guards
                failed.append(exc)

    src = _largest(tmp_path / "in.csv", "Zed,Last,1990-02-28,,applicant")
    assert len(_import(house, src, progress=progress).resident_ids) == MAX_ROWS
    assert failed == [] and len(saved) == MAX_ROWS // 250


def test_a_change_made_while_checking_is_checked_too(house, tmp_path, kiosk_store):
    """Someone admits Ana by hand while the file with Ana is being checked."""
    src = written(tmp_path / "in.csv", HEADER + "Ana,Lopez,1990-01-01,,applicant\n")
    done = threading.Event()

    def progress(_percent: int, text: str = "") -> None:
        if text.startswith("Checking") and not done.is_set():
            done.set()
            residents.admit(kiosk_store, house.manager, residents.ResidentInput(
                "Ana", "Lopez", house.house_id, date_of_birth="1990-01-01", status="applicant"))

    with pytest.raises(PossibleDuplicates):
        _import(house, src, progress=progress)
    assert count_rows(house.store, Resident) == 1


def test_stopping_saves_nothing(house, tmp_path):
    class Stop:
        cancelled = False

        def __call__(self, percent: int, _text: str = "") -> None:
            self.cancelled = percent >= 5

    with pytest.raises(ImportCancelled):
        _import(house, _largest(tmp_path / "in.csv", "Zed,Last,,,applicant"), progress=Stop())
    assert count_rows(house.store, Resident) == 0
