"""Residents: admit, edit, discharge, move house, sobriety-date history, visibility."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.audit import AuditEvent
from peerhouse.models.people import Stay
from peerhouse.services import houses, residents


def _audit(house, action):
    with house.store.read() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)))


def test_admit_sets_first_phase_stay_and_audit(house):
    r = house.admit(sobriety_date="2026-01-02", phone="(555) 010-2000", bed="2A")
    assert r.phase_id is not None and r.status == "active" and r.sobriety_date == date(2026, 1, 2)
    stays = residents.stays(house.store, house.manager, r.id)
    assert len(stays) == 1 and stays[0].moved_out is None
    ev = _audit(house, "resident.admit")
    assert ev and ev[0].entity_id == str(r.id) and "Alex" not in ev[0].details


@pytest.mark.parametrize(
    ("fields", "field_name"),
    [({"first": ""}, "first name"), ({"sobriety_date": "2999-01-01"}, "sobriety date"),
     ({"sobriety_date": "01/02/2026"}, "sobriety date"), ({"phone": "call me"}, "phone"),
     ({"status": "discharged"}, "status"), ({"date_of_birth": "1800-01-01"}, "date of birth")],
)
def test_admit_validation_names_the_field(house, fields, field_name):
    first = fields.pop("first", "Alex")
    with pytest.raises(ValidationError) as err:
        house.admit(first, "Rivera", **fields)
    assert err.value.field == field_name
    assert residents.list_residents(house.store, house.manager) == []


def test_capacity_and_bed_conflicts(house):
    house.admit("A", "One", bed="1")
    with pytest.raises(ValidationError, match="Bed 1 is already taken"):
        house.admit("B", "Two", bed="1")
    for i in range(5):
        house.admit(f"P{i}", "Full")
    with pytest.raises(ValidationError, match="is full"):
        house.admit("Late", "Arrival")
    # Applicants do not take a bed.
    assert house.admit("Wait", "List", status="applicant").status == "applicant"


def test_edit_changes_only_named_fields_and_audits_field_names(house):
    r = house.admit()
    residents.edit(house.store, house.manager, r.id, {"preferred_name": "Al", "notes": "secret"})
    got = residents.get(house.store, house.manager, r.id)
    assert got.preferred_name == "Al" and got.display_name == "Al" and got.board_name == "Al R."
    ev = _audit(house, "resident.edit")[-1]
    assert "notes" in ev.details and "secret" not in ev.details
    with pytest.raises(ValidationError, match="cannot be changed here"):
        residents.edit(house.store, house.manager, r.id, {"status": "discharged"})
    with pytest.raises(PermissionDenied):
        residents.edit(house.store, house.staff, r.id, {"preferred_name": "X"})


def test_discharge_keeps_record_and_closes_stay(house):
    r = house.admit()
    with pytest.raises(ValidationError, match="(?i)exit reason"):
        residents.discharge(house.store, house.manager, r.id, "kicked_out")
    out = residents.discharge(house.store, house.manager, r.id, "return_to_use")
    assert out.status == "discharged" and out.exit_reason == "return_to_use"
    stay = residents.stays(house.store, house.manager, r.id)[0]
    assert stay.moved_out == out.move_out_date and stay.exit_reason == "return_to_use"
    seen_by_staff = residents.get(house.store, house.staff, r.id)
    assert seen_by_staff.status == "discharged" and seen_by_staff.exit_reason is None
    assert residents.stays(house.store, house.staff, r.id)[0].exit_reason is None
    assert "return_to_use" not in _audit(house, "resident.discharge")[0].details
    with pytest.raises(ValidationError, match="already moved out"):
        residents.discharge(house.store, house.manager, r.id, "completed")
    assert residents.list_residents(house.store, house.manager) == []
    assert len(residents.list_residents(house.store, house.manager, status=None)) == 1
    back = residents.activate(house.store, house.manager, r.id)
    assert back.status == "active" and len(residents.stays(house.store, house.manager, r.id)) == 2


def test_move_house_records_transfer(house):
    other = houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak House", timezone="UTC"))
    r = house.admit()
    moved = residents.move_house(house.store, house.manager, r.id, other.id, bed="3")
    assert moved.house_id == other.id
    with house.store.read() as s:
        stays = list(s.exec(select(Stay).where(Stay.resident_id == r.id).order_by(Stay.id)))
    assert [(st.house_id, st.exit_reason) for st in stays] == [(house.house_id, "transferred"), (other.id, None)]
    with pytest.raises(NotFound):
        residents.move_house(house.store, house.manager, r.id, 999, on=date.today())
    assert residents.get(house.store, house.manager, r.id).phase_id in {
        p.id for p in houses.list_phases(house.store, house.manager, other.id)}


def test_sobriety_date_history_is_never_silent(house):
    r = house.admit(sobriety_date="2025-05-01")
    with pytest.raises(ValidationError, match="(?i)reason"):
        residents.change_sobriety_date(house.store, house.manager, r.id, date(2025, 9, 1), "")
    residents.change_sobriety_date(house.store, house.manager, r.id, date(2025, 9, 1), "Resident asked")
    hist = residents.sobriety_history(house.store, house.manager, r.id)
    assert [(h.old_date, h.new_date) for h in hist] == [(date(2025, 5, 1), date(2025, 9, 1))]
    assert _audit(house, "resident.sobriety_history.read")
    with pytest.raises(PermissionDenied):
        residents.sobriety_history(house.store, house.staff, r.id)
    with pytest.raises(ValidationError, match="future"):
        residents.change_sobriety_date(house.store, house.manager, r.id, date.today() + timedelta(3), "x")


def test_visibility_of_notes_and_other_residents(house):
    a = house.admit("Ana", "Lopez", notes="private")
    b = house.admit("Ben", "Okafor")
    assert residents.get(house.store, house.manager, a.id).notes == "private"
    assert _audit(house, "resident.read")
    assert residents.get(house.store, house.staff, a.id).notes == ""
    assert all(r.notes == "" for r in residents.list_residents(house.store, house.manager))
    me = house.resident_actor(a)
    assert residents.get(house.store, me, a.id).id == a.id
    with pytest.raises(NotFound):
        residents.get(house.store, me, b.id)
    with pytest.raises(PermissionDenied):
        residents.list_residents(house.store, me)


def test_search(house):
    house.admit("Ana", "Lopez")
    house.admit("Ben", "Okafor", preferred_name="Benny")
    names = lambda q: [r.first_name for r in residents.list_residents(house.store, house.staff, search=q)]  # noqa: E731
    assert names("lop") == ["Ana"] and names("benny") == ["Ben"] and names("zzz") == []
