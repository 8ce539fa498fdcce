"""Disclosure consents: recorded, revoked for good, and checked before any disclosure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.consent import Consent
from peerhouse.services import consent as consents
from tests.support.audit_log import audit_details, house_today


def _record(house, resident_id, **kw):
    args = {"recipient": "County Probation Office", "purpose": "Show progress in the programme",
            "information": "Attendance and screen results", "parts": ["screens", "attendance"],
            "signed_on": house_today() - timedelta(days=10),
            "expires_on": house_today() + timedelta(days=180), **kw}
    return consents.record_consent(house.store, house.manager, resident_id, **args)


@pytest.fixture
def alex(house):
    return house.admit("Alex", "Rivera")


def test_record_consent_stores_row_and_audit(house, alex):
    c = _record(house, alex.id)
    with house.store.read() as s:
        row = s.get(Consent, c.id)
    assert row.resident_id == alex.id and row.recipient == "County Probation Office"
    assert row.recorded_by == house.manager.id and row.revoked_on is None
    assert row.information == "Attendance and screen results"
    assert row.parts == "attendance,screens" and row.part_keys == ("attendance", "screens")
    [(ev, details)] = audit_details(house.store, "consent.record")
    assert ev.entity_id == str(c.id)
    assert details == {"resident_id": alex.id, "parts": ["attendance", "screens"]}
    # The parts' keys, like a report's sections; never the recipient or the form's words.
    assert "Probation" not in ev.details and "screen results" not in ev.details


@pytest.mark.parametrize(("kw", "field"), [
    ({"recipient": " "}, "recipient"),
    ({"purpose": ""}, "purpose"),
    ({"information": ""}, "information to share"),
    ({"parts": []}, "parts"),
    ({"parts": None}, "parts"),
    ({"parts": ["attendance", "notes"]}, "parts"),
    ({"parts": " , "}, "parts"),
    ({"recipient": "x" * 201}, "recipient"),
    ({"signed_on": "yesterday"}, "signed on"),
    ({"signed_on": None}, "signed on"),
    ({"signed_on": house_today() + timedelta(days=3)}, "signed on"),
    ({"expires_on": None}, "expires on"),
    ({"signed_on": date(2025, 3, 1), "expires_on": date(2025, 3, 1)}, "expires on"),
    ({"signed_on": date(2025, 3, 1), "expires_on": date(2025, 2, 1)}, "expires on"),
])
def test_record_validation(house, alex, kw, field):
    with pytest.raises(ValidationError) as err:
        _record(house, alex.id, **kw)
    assert err.value.field == field
    with house.store.read() as s:
        assert s.exec(select(Consent)).all() == []
    assert audit_details(house.store, "consent.record") == []


def test_parts_messages_and_forms(house, alex):
    with pytest.raises(ValidationError) as none:
        _record(house, alex.id, parts=[])
    assert str(none.value).startswith("Check at least one part")
    with pytest.raises(ValidationError, match="'notes' is not a part") as unknown:
        _record(house, alex.id, parts="attendance,notes")
    assert "attendance, checkins, chores, screens, goals" in str(unknown.value)
    # A comma-separated text, duplicates and spaces: stored once each, in report order.
    c = _record(house, alex.id, parts=" goals, checkins,goals ")
    assert c.parts == "checkins,goals"
    assert consents.part_words(c.part_keys) == "daily check-ins, goals"


def test_unknown_resident(house):
    with pytest.raises(NotFound):
        _record(house, 9999)


def test_staff_and_residents_refused(house, alex):
    c = _record(house, alex.id)
    jo = house.admit("Jo", "Park")
    for actor in (house.staff, house.resident_actor(alex), house.resident_actor(jo)):
        with pytest.raises(PermissionDenied):
            consents.record_consent(house.store, actor, alex.id, recipient="Employer", purpose="p",
                                    information="i", parts=["chores"], signed_on=house_today(),
                                    expires_on=house_today() + timedelta(days=1))
        with pytest.raises(PermissionDenied):
            consents.revoke_consent(house.store, actor, c.id)
        with pytest.raises(PermissionDenied):
            consents.consents_for(house.store, actor, alex.id)
        with pytest.raises(PermissionDenied):
            consents.current_consent(house.store, actor, c.id, alex.id, house_today())
    with house.store.read() as s:
        assert len(s.exec(select(Consent)).all()) == 1
        assert s.get(Consent, c.id).revoked_on is None


def test_revoke_is_final_and_kept_on_record(house, alex):
    c = _record(house, alex.id)
    other = _record(house, alex.id, recipient="Employer")
    r = consents.revoke_consent(house.store, house.manager, c.id)
    assert r.revoked_on == house_today()
    with pytest.raises(ValidationError, match="cannot be undone"):
        consents.revoke_consent(house.store, house.manager, c.id, house_today())
    listed = consents.consents_for(house.store, house.manager, alex.id)
    assert {x.id for x in listed} == {c.id, other.id}
    with house.store.read() as s:
        assert s.get(Consent, c.id).revoked_on == house_today()
        assert s.get(Consent, other.id).revoked_on is None
    [(ev, details)] = audit_details(house.store, "consent.revoke")
    assert ev.entity_id == str(c.id) and details == {"resident_id": alex.id}
    assert consents.get_consent(house.store, house.manager, c.id).revoked_on == house_today()


def test_reads_are_audited_once_per_call_with_ids_only(house, alex):
    c = _record(house, alex.id)
    consents.consents_for(house.store, house.manager, alex.id)
    consents.get_consent(house.store, house.owner, c.id)
    reads = audit_details(house.store, "consent.read")
    assert [(e.actor, e.entity, e.entity_id, d) for e, d in reads] == [
        (house.manager.audit_name, "resident", str(alex.id), {}),
        (house.owner.audit_name, "consent", str(c.id), {})]
    assert not any("Probation" in e.details or "screen" in e.details for e, _ in reads)
    for actor in (house.staff, house.resident_actor(alex)):
        with pytest.raises(PermissionDenied):
            consents.consents_for(house.store, actor, alex.id)
        with pytest.raises(PermissionDenied):
            consents.get_consent(house.store, actor, c.id)
    with pytest.raises(NotFound):
        consents.get_consent(house.store, house.manager, 4242)
    assert len(audit_details(house.store, "consent.read")) == 2  # refused or missing: no event


def test_revoke_date_checks(house, alex):
    c = _record(house, alex.id)
    with pytest.raises(ValidationError, match="before the day"):
        consents.revoke_consent(house.store, house.manager, c.id, house_today() - timedelta(days=11))
    with pytest.raises(ValidationError, match="future"):
        consents.revoke_consent(house.store, house.manager, c.id, house_today() + timedelta(days=2))
    with pytest.raises(NotFound):
        consents.revoke_consent(house.store, house.manager, 9999)
    assert audit_details(house.store, "consent.revoke") == []


def test_current_consent_checks(house, alex):
    today = house_today()
    c = _record(house, alex.id, signed_on=today - timedelta(days=10),
                expires_on=today + timedelta(days=5))
    assert consents.current_consent(house.store, house.manager, c.id, alex.id, today).id == c.id
    jo = house.admit("Jo", "Park")
    cases = [
        (c.id, jo.id, today, "different resident"),
        (c.id, alex.id, today - timedelta(days=11), "only starts"),
        (c.id, alex.id, today + timedelta(days=5), "expired"),
        (9999, alex.id, today, "No consent"),
    ]
    for consent_id, resident_id, on, message in cases:
        with pytest.raises(consents.ConsentNotCurrent, match=message):
            consents.current_consent(house.store, house.manager, consent_id, resident_id, on)
    consents.revoke_consent(house.store, house.manager, c.id, today - timedelta(days=1))
    with pytest.raises(PermissionDenied, match="revoked"):
        consents.current_consent(house.store, house.manager, c.id, alex.id, today)
    # A disclosure made before the revocation was covered.
    assert consents.current_consent(house.store, house.manager, c.id, alex.id,
                                    today - timedelta(days=2)).id == c.id


def test_is_current_boundaries():
    c = Consent(resident_id=1, recipient="r", purpose="p", information="i",
                signed_on=date(2025, 1, 10), expires_on=date(2025, 4, 10))
    assert not consents.is_current(c, date(2025, 1, 9))
    assert consents.is_current(c, date(2025, 1, 10))
    assert consents.is_current(c, date(2025, 4, 9))
    assert not consents.is_current(c, date(2025, 4, 10))
    assert consents.consent_state(c, date(2025, 4, 10)) is consents.ConsentState.EXPIRED
    c.revoked_on = date(2025, 2, 1)
    assert consents.is_current(c, date(2025, 1, 31))
    assert not consents.is_current(c, date(2025, 2, 1))
    assert consents.consent_state(c, date(2025, 5, 1)) is consents.ConsentState.REVOKED
