"""Residents CSV: export without confidential columns; import all or nothing, row-numbered."""

from __future__ import annotations

import csv

import pytest
from sqlmodel import func, select

from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.models import Resident, Stay
from peerhouse.services import houses, unit
from peerhouse.services.residents_csv import export_residents
from peerhouse.services.residents_csv_read import ImportProblems
from peerhouse.services.residents_import import import_residents
from tests.support.audit_log import audit_events
from tests.support.tables import count_rows, written

HEADER = "first_name,last_name,date_of_birth,bed,sobriety_date,phase,celebrate_milestones_publicly\n"


def _second_house(house, capacity: int = 6) -> int:
    oak = houses.create_house(house.store, house.owner, houses.HouseRules(
        name="Oak House", capacity=capacity, timezone="America/Chicago"))
    assert oak.id is not None
    return oak.id


def test_export_has_no_notes_or_pins_and_is_audited(house, tmp_path):
    house.admit("Alex", "Rivera", bed="1A", notes="private note", sobriety_date="2025-01-02",
                celebrate_milestones_publicly=True)
    house.admit("=cmd", "Formula", bed="1B")
    target = tmp_path / "out.csv"
    assert export_residents(house.store, house.manager, target, house_id=house.house_id) == 2
    text = target.read_text(encoding="utf-8-sig")
    assert "private note" not in text and "pin" not in text.lower() and "notes" not in text
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["first_name"] for r in rows] == ["'=cmd", "Alex"]  # spreadsheet formulas defused
    alex = rows[1]
    assert alex["sobriety_date"] == "2025-01-02" and alex["celebrate_milestones_publicly"] == "yes"
    assert alex["house"] == "Maple House" and alex["phase"].startswith("Phase 1")
    (ev,) = audit_events(house.store, "residents.export")
    assert ev.entity_id == str(house.house_id) and '"count":2' in ev.details
    assert "Alex" not in ev.details
    assert not list(tmp_path.glob("*.tmp"))


def test_export_and_import_need_their_permissions(house, tmp_path):
    res = house.admit()
    with pytest.raises(PermissionDenied):
        export_residents(house.store, house.staff, tmp_path / "x.csv")
    with pytest.raises(PermissionDenied):
        export_residents(house.store, house.resident_actor(res), tmp_path / "x.csv")
    src = written(tmp_path / "in.csv", HEADER + "Jo,March,,2A,,,no\n")
    with pytest.raises(PermissionDenied):
        import_residents(house.store, house.staff, src, house.house_id)
    assert not (tmp_path / "x.csv").exists() and count_rows(house.store, Resident) == 1
    assert not audit_events(house.store, "residents.export")


def test_round_trip_into_another_house(house, tmp_path):
    house.admit("Alex", "Rivera", bed="1A", preferred_name="Al", phone="(312) 555-0101",
                date_of_birth="1990-05-06", sobriety_date="2025-01-02")
    house.admit("=cmd", "Formula", bed="1B", celebrate_milestones_publicly=True)
    target = tmp_path / "out.csv"
    export_residents(house.store, house.manager, target, house_id=house.house_id)
    oak = _second_house(house)
    result = import_residents(house.store, house.manager, target, oak)
    assert len(result.resident_ids) == 2
    with house.store.read() as s:
        moved = {r.first_name: r for r in s.exec(select(Resident).where(Resident.house_id == oak))}
        stays = s.exec(select(func.count()).select_from(Stay).where(Stay.house_id == oak)).one()
    assert set(moved) == {"Alex", "=cmd"} and stays == 2
    alex = moved["Alex"]
    assert (alex.preferred_name, alex.bed, alex.phone) == ("Al", "1A", "(312) 555-0101")
    assert str(alex.date_of_birth) == "1990-05-06" and str(alex.sobriety_date) == "2025-01-02"
    assert moved["=cmd"].celebrate_milestones_publicly is True
    (ev,) = audit_events(house.store, "residents.import")
    assert ev.entity_id == str(oak) and '"count":2' in ev.details
    assert len(audit_events(house.store, "resident.admit")) == 4


def test_errors_in_rows_3_and_5_are_listed_and_nothing_is_saved(house, tmp_path):
    src = written(tmp_path / "in.csv", HEADER
                 + "Ana,Lopez,1990-01-01,1A,,,yes\n"         # row 2: fine
                 + "Ben,,1985-02-02,1B,,,no\n"               # row 3: no last name
                 + "Cy,Young,1980-03-03,2A,,,\n"             # row 4: fine
                 + "Dee,Park,03/04/1999,2B,,,no\n")          # row 5: not an ISO date
    with pytest.raises(ImportProblems) as info:
        import_residents(house.store, house.manager, src, house.house_id)
    assert info.value.lines() == [
        "row 3: Last name is required.",
        "row 5: Date of birth must be a date written YYYY-MM-DD.",
    ]
    assert "Nothing was imported" in str(info.value)
    assert count_rows(house.store, Resident) == 0 and not audit_events(house.store, "residents.import")
    assert not audit_events(house.store, "resident.admit")


def test_rows_are_checked_against_each_other_and_the_house(house, tmp_path):
    # Two rows want bed 1A; a phase that is not this house's; a bad yes/no; and one over capacity.
    rows = ["Ana,Lopez,,1A,,,", "Ben,Ng,,1A,,,", "Cy,Young,,2A,,Phase 9,", "Dee,Park,,2B,,,maybe"]
    rows += [f"P{i},Q{i},,{i}C,,," for i in range(6)]
    src = written(tmp_path / "in.csv", HEADER + "\n".join(rows) + "\n")
    with pytest.raises(ImportProblems) as info:
        import_residents(house.store, house.manager, src, house.house_id)
    problems = info.value.lines()
    assert problems[0] == "row 3: Bed 1A is already taken."
    assert problems[1].startswith("row 4: phase must be one of this house's phases")
    assert problems[2] == "row 5: celebrate_milestones_publicly must be yes or no."
    assert problems[3].startswith("row ") and "is full" in problems[3]
    assert count_rows(house.store, Resident) == 0


def test_header_problems_are_row_1_and_friendly_headers_work(house, tmp_path):
    bad = written(tmp_path / "bad.csv", "First name,Frist_name,bed\nAna,x,1A\n")
    with pytest.raises(ImportProblems) as info:
        import_residents(house.store, house.manager, bad, house.house_id)
    assert info.value.lines()[0].startswith("row 1: The column 'Frist_name' is not a column")
    assert "row 1: The column last_name is required." in info.value.lines()
    good = written(tmp_path / "good.csv", "First Name,Last Name,Status\nAna,Lopez,applicant\n\n")
    (rid,) = import_residents(house.store, house.manager, good, house.house_id).resident_ids
    with house.store.read() as s:
        assert s.get(Resident, rid).status == "applicant"
    with pytest.raises(ValidationError, match="empty"):
        import_residents(house.store, house.manager, written(tmp_path / "e.csv", ""), house.house_id)
    with pytest.raises(ValidationError, match="no residents"):
        import_residents(house.store, house.manager, written(tmp_path / "h.csv", HEADER),
                         house.house_id)


def test_export_status_filter_and_missing_folder(house, tmp_path):
    from peerhouse.services import residents

    r = house.admit("Alex", "Rivera")
    house.admit("Bo", "Diaz")
    residents.discharge(house.store, house.manager, r.id, "completed")
    assert export_residents(house.store, house.manager, tmp_path / "a.csv", status="all") == 2
    assert export_residents(house.store, house.manager, tmp_path / "d.csv", status="discharged") == 1
    assert "completed" in (tmp_path / "d.csv").read_text(encoding="utf-8-sig")
    with pytest.raises(ValidationError, match="(?i)status"):
        export_residents(house.store, house.manager, tmp_path / "x.csv", status="gone")
    with pytest.raises(ValidationError, match="does not exist"):
        export_residents(house.store, house.manager, tmp_path / "nope" / "x.csv")


def test_no_export_file_is_left_when_its_audit_event_cannot_be_saved(house, tmp_path,
                                                                     monkeypatch):
    from peerhouse.errors import WriteFailed

    house.admit("Alex", "Rivera")

    def disk_full(*_a, **_k):
        raise WriteFailed("The change could not be saved: the disk is full.")

    monkeypatch.setattr(unit.Unit, "audit", disk_full)  # the unit of work writes the event
    target = tmp_path / "residents.csv"
    with pytest.raises(WriteFailed):
        export_residents(house.store, house.manager, target, house_id=house.house_id)
    assert not target.exists()
