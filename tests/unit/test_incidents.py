"""Incidents: managers only, involved residents checked, corrections audited by field name."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.accountability import Incident, IncidentResident
from peerhouse.services import houses, incidents, residents
from peerhouse.services import text_limits as limits
from tests.support.audit_log import audit_events

CHI = ZoneInfo("America/Chicago")
WHEN = datetime(2025, 3, 5, 21, 15, tzinfo=CHI)


def _links(house) -> set[tuple[int, int]]:
    with house.store.read() as s:
        return {(r.incident_id, r.resident_id) for r in s.exec(select(IncidentResident))}


def _record(house, ids, actor=None, **kw):
    args = {"category": "conflict", "description": "Raised voices in the kitchen over dishes.",
            "action_taken": "House meeting called.", "at": WHEN} | kw
    return incidents.record_incident(house.store, actor or house.manager, house.house_id,
                                     resident_ids=ids, **args)


def test_record_incident_with_residents(house):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    inc = _record(house, [blair.id, alex.id, alex.id])
    assert inc.resident_ids == tuple(sorted((alex.id, blair.id)))
    assert inc.reported_by == house.manager.id and inc.at == WHEN
    with house.store.read() as s:
        [row] = s.exec(select(Incident)).all()
    assert row.category == "conflict" and row.description.startswith("Raised voices")
    assert _links(house) == {(inc.id, alex.id), (inc.id, blair.id)}
    [ev] = audit_events(house.store, "incident.record")
    details = json.loads(ev.details)
    # Ids only: the category ("use", "conflict", …) can reveal health information.
    assert details == {"house_id": house.house_id, "resident_ids": sorted([alex.id, blair.id])}
    assert "conflict" not in ev.details
    assert "kitchen" not in ev.details and "meeting" not in ev.details
    assert _record(house, [], category="neighbour_complaint").resident_ids == ()


@pytest.mark.parametrize(("kw", "field"), [
    ({"category": "fight"}, "category"), ({"description": "  "}, "description"),
    ({"description": "x" * (limits.LONG_NOTE.max_len + 1)}, "description"), ({"action_taken": "x" * 5001}, "action taken"),
    ({"at": datetime(2025, 3, 5, 21)}, "time"),
    ({"at": datetime.now(UTC) + timedelta(days=1)}, "time"),
])
def test_record_validation(house, kw, field):
    alex = house.admit()
    with pytest.raises(ValidationError) as err:
        _record(house, [alex.id], **kw)
    assert err.value.field == field
    with house.store.read() as s:
        assert s.exec(select(Incident)).all() == []


def test_involved_residents_must_exist_in_this_house(house):
    alex = house.admit()
    other = houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak House"))
    elsewhere = residents.admit(house.store, house.manager, residents.ResidentInput(
        first_name="Drew", last_name="Evans", house_id=other.id))
    with pytest.raises(ValidationError) as err:
        _record(house, [alex.id, 9999])
    assert err.value.field == "residents involved" and "9999" in str(err.value)
    with pytest.raises(ValidationError) as err:
        _record(house, [alex.id, elsewhere.id])
    assert "does not live in this house" in str(err.value)
    with pytest.raises(ValidationError):
        _record(house, ["abc"])
    with house.store.read() as s:
        assert s.exec(select(Incident)).all() == []
    assert _links(house) == set()


def test_managers_edit_and_the_changed_fields_are_audited(house):
    alex, blair, casey = house.admit(), house.admit("Blair", "Chen"), house.admit("Casey", "Diaz")
    inc = _record(house, [alex.id])
    fixed = incidents.edit_incident(house.store, house.manager, inc.id, {
        "category": "house_rule", "description": "Raised voices in the kitchen over dishes.",
        "action_taken": "Talked it through; both apologised.", "resident_ids": [blair.id, alex.id],
    })
    assert fixed.category == "house_rule" and fixed.resident_ids == (alex.id, blair.id)
    assert _links(house) == {(inc.id, alex.id), (inc.id, blair.id)}
    [ev] = audit_events(house.store, "incident.edit")
    details = json.loads(ev.details)
    assert details["fields"] == ["action_taken", "category", "resident_ids"]  # not description
    assert "apologised" not in ev.details
    incidents.edit_incident(house.store, house.owner, inc.id, {"resident_ids": [casey.id]})
    assert _links(house) == {(inc.id, casey.id)}
    assert len(audit_events(house.store, "incident.edit")) == 2
    with pytest.raises(ValidationError) as err:
        incidents.edit_incident(house.store, house.manager, inc.id, {"house_id": 3})
    assert err.value.field == "house_id"
    with pytest.raises(ValidationError):
        incidents.edit_incident(house.store, house.manager, inc.id, {"description": ""})
    with pytest.raises(ValidationError):
        incidents.edit_incident(house.store, house.manager, inc.id, {"resident_ids": [9999]})
    assert _links(house) == {(inc.id, casey.id)}  # nothing half-saved
    with pytest.raises(NotFound):
        incidents.edit_incident(house.store, house.manager, 4242, {"category": "safety"})


def test_lists_by_house_range_and_resident_are_audited(house):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    first = _record(house, [alex.id], at=datetime(2025, 3, 4, 23, 30, tzinfo=CHI))
    second = _record(house, [alex.id, blair.id], at=WHEN)
    _record(house, [blair.id], at=datetime(2025, 3, 6, 0, 30, tzinfo=CHI))
    week = incidents.incidents_for_house(house.store, house.manager, house.house_id,
                                         date(2025, 3, 5), date(2025, 3, 6))
    assert [i.id for i in week] == [second.id]  # by house-local day, not UTC day
    assert week[0].resident_ids == (alex.id, blair.id)
    mine = incidents.incidents_for_resident(house.store, house.manager, alex.id)
    assert [i.id for i in mine] == [first.id, second.id]
    assert incidents.get_incident(house.store, house.manager, first.id).resident_ids == (alex.id,)
    reads = audit_events(house.store, "incident.read")
    assert [(e.entity, e.entity_id, json.loads(e.details)) for e in reads] == [
        ("house", str(house.house_id), {"start": "2025-03-05", "end": "2025-03-06"}),
        ("resident", str(alex.id), {}),
        ("incident", str(first.id), {})]
    assert all(e.actor == house.manager.audit_name for e in reads)
    assert not any("conflict" in e.details or "kitchen" in e.details for e in reads)
    with pytest.raises(ValidationError):
        incidents.incidents_for_house(house.store, house.manager, house.house_id,
                                      date(2025, 3, 6), date(2025, 3, 5))
    with pytest.raises(NotFound):
        incidents.get_incident(house.store, house.manager, 4242)
    with pytest.raises(NotFound):
        incidents.incidents_for_resident(house.store, house.manager, 4242)
    assert len(audit_events(house.store, "incident.read")) == 3  # a failed read leaves no event


def test_staff_and_residents_are_refused(house):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    inc = _record(house, [alex.id])
    for actor in (house.staff, house.resident_actor(alex), house.resident_actor(blair)):
        with pytest.raises(PermissionDenied):
            _record(house, [alex.id], actor=actor)
        with pytest.raises(PermissionDenied):
            incidents.edit_incident(house.store, actor, inc.id, {"category": "safety"})
        with pytest.raises(PermissionDenied):
            incidents.get_incident(house.store, actor, inc.id)
        with pytest.raises(PermissionDenied):
            incidents.incidents_for_resident(house.store, actor, alex.id)
        with pytest.raises(PermissionDenied):
            incidents.incidents_for_house(house.store, actor, house.house_id, date(2025, 1, 1),
                                          date(2026, 1, 1))
    assert audit_events(house.store, "incident.read") == []
