"""Peer mentor pairing and the mentoring log."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import col, select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.growth import MentorSession
from peerhouse.models.people import Resident
from peerhouse.services import houses, mentoring, residents
from peerhouse.services import text_limits as limits
from peerhouse.services.accounts import set_account_state
from peerhouse.services.actor import Actor
from peerhouse.services.clock import now
from tests.support.audit_log import audit_details


def _mentor_of(store, resident_id):
    with store.read() as s:
        r = s.get(Resident, resident_id)
        return r.mentor_resident_id, r.mentor_staff_id


@pytest.fixture
def pair(house):
    return house.admit("Alex", "Rivera"), house.admit("Jo", "Park")


def test_assign_resident_then_staff_mentor(house, pair):
    mentee, mentor = pair
    p = mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_resident_id=mentor.id)
    assert p == mentoring.Pairing(mentee.id, mentor.id, None)
    assert _mentor_of(house.store, mentee.id) == (mentor.id, None)
    mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_staff_id=house.staff.id)
    assert _mentor_of(house.store, mentee.id) == (None, house.staff.id)
    events = audit_details(house.store, "mentor.assign")
    assert [d for _, d in events] == [
        {"mentor_resident_id": mentor.id, "mentor_staff_id": None},
        {"mentor_resident_id": None, "mentor_staff_id": house.staff.id},
    ]
    assert all(e.entity_id == str(mentee.id) for e, _ in events)
    # Ordered by last name: Park (the mentor), then Rivera.
    assert mentoring.pairings(house.store, house.manager, house.house_id) == [
        mentoring.Pairing(mentor.id, None, None),
        mentoring.Pairing(mentee.id, None, house.staff.id),
    ]
    mentoring.clear_mentor(house.store, house.manager, mentee.id)
    assert _mentor_of(house.store, mentee.id) == (None, None)
    assert len(audit_details(house.store, "mentor.clear")) == 1
    with pytest.raises(ValidationError):
        mentoring.clear_mentor(house.store, house.manager, mentee.id)


def test_resident_cannot_mentor_themselves(house, pair):
    mentee, _ = pair
    with pytest.raises(ValidationError, match="own mentor"):
        mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_resident_id=mentee.id)


def test_mentor_must_be_active_and_same_house(house, pair):
    mentee, mentor = pair
    other = houses.create_house(house.store, Actor.system(), houses.HouseRules(name="Oak House"))
    elsewhere = residents.admit(house.store, house.manager, residents.ResidentInput(
        first_name="Kim", last_name="Cho", house_id=other.id))
    with pytest.raises(ValidationError, match="same house"):
        mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_resident_id=elsewhere.id)
    residents.discharge(house.store, house.manager, mentor.id, "completed")
    with pytest.raises(ValidationError, match="current resident"):
        mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_resident_id=mentor.id)
    with pytest.raises(ValidationError):
        mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_resident_id=9999)
    set_account_state(house.store, house.owner, house.staff.id, active=False)
    with pytest.raises(ValidationError, match="active staff"):
        mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_staff_id=house.staff.id)
    with pytest.raises(ValidationError):
        mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_staff_id=9999)
    assert _mentor_of(house.store, mentee.id) == (None, None)
    assert audit_details(house.store, "mentor.assign") == []


def test_exactly_one_mentor_and_current_mentee(house, pair):
    mentee, mentor = pair
    with pytest.raises(ValidationError, match="Choose one"):
        mentoring.assign_mentor(house.store, house.manager, mentee.id)
    with pytest.raises(ValidationError, match="Choose one"):
        mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_resident_id=mentor.id,
                                mentor_staff_id=house.manager.id)
    residents.discharge(house.store, house.manager, mentee.id, "moved_on")
    with pytest.raises(ValidationError, match="current resident"):
        mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_resident_id=mentor.id)
    with pytest.raises(NotFound):
        mentoring.assign_mentor(house.store, house.manager, 9999, mentor_resident_id=mentor.id)


def test_staff_and_residents_cannot_pair_or_read_the_log(house, pair):
    mentee, mentor = pair
    for actor in (house.staff, house.resident_actor(mentee), house.resident_actor(mentor)):
        with pytest.raises(PermissionDenied):
            mentoring.assign_mentor(house.store, actor, mentee.id, mentor_resident_id=mentor.id)
        with pytest.raises(PermissionDenied):
            mentoring.log_session(house.store, actor, mentee.id, note="hi",
                                  mentor_resident_id=mentor.id)
        with pytest.raises(PermissionDenied):
            mentoring.sessions_for(house.store, actor, mentee.id)
        with pytest.raises(PermissionDenied):
            mentoring.pairings(house.store, actor, house.house_id)
    assert _mentor_of(house.store, mentee.id) == (None, None)


def test_log_session_uses_assigned_mentor_and_keeps_note_out_of_audit(house, pair):
    mentee, mentor = pair
    mentoring.assign_mentor(house.store, house.manager, mentee.id, mentor_resident_id=mentor.id)
    earlier = now() - timedelta(days=2)
    first = mentoring.log_session(house.store, house.manager, mentee.id, note="Talked about work.",
                                  at=earlier)
    second = mentoring.log_session(house.store, house.manager, mentee.id, note="Walked to a meeting.",
                                   mentor_staff_id=house.manager.id)
    assert first.mentor_resident_id == mentor.id and first.mentor_staff_id is None
    with house.store.read() as s:
        rows = s.exec(select(MentorSession).order_by(col(MentorSession.id))).all()
    assert [(r.mentee_id, r.note) for r in rows] == [
        (mentee.id, "Talked about work."), (mentee.id, "Walked to a meeting.")]
    assert abs(rows[0].at - earlier) < timedelta(seconds=1)
    log = mentoring.sessions_for(house.store, house.manager, mentee.id)
    assert [x.id for x in log] == [second.id, first.id]
    assert [x.id for x in mentoring.sessions_for(house.store, house.manager, mentee.id, limit=1)] == [second.id]
    events = audit_details(house.store, "mentor.session.log")
    assert [d for _, d in events] == [
        {"mentee_id": mentee.id, "mentor_resident_id": mentor.id, "mentor_staff_id": None},
        {"mentee_id": mentee.id, "mentor_resident_id": None, "mentor_staff_id": house.manager.id},
    ]
    assert not any("work" in e.details or "meeting" in e.details for e, _ in events)


def test_reading_the_log_is_audited_once_per_call_with_ids_only(house, pair):
    mentee, mentor = pair
    mentoring.log_session(house.store, house.manager, mentee.id, note="Talked about work.",
                          mentor_resident_id=mentor.id)
    mentoring.sessions_for(house.store, house.manager, mentee.id)
    mentoring.sessions_for(house.store, house.owner, mentee.id, limit=1)
    reads = audit_details(house.store, "mentor.session.read")
    assert [(e.actor, e.entity, e.entity_id, d) for e, d in reads] == [
        (house.manager.audit_name, "resident", str(mentee.id), {}),
        (house.owner.audit_name, "resident", str(mentee.id), {})]
    assert not any("work" in e.details for e, _ in reads)
    for actor in (house.staff, house.resident_actor(mentee)):
        with pytest.raises(PermissionDenied):
            mentoring.sessions_for(house.store, actor, mentee.id)
    with pytest.raises(ValidationError):
        mentoring.sessions_for(house.store, house.manager, mentee.id, limit=0)
    assert len(audit_details(house.store, "mentor.session.read")) == 2


def test_log_session_validation(house, pair):
    mentee, mentor = pair
    with pytest.raises(ValidationError, match="no mentor"):
        mentoring.log_session(house.store, house.manager, mentee.id, note="hi")
    with pytest.raises(ValidationError) as err:
        mentoring.log_session(house.store, house.manager, mentee.id, note="x" * (limits.NOTE.max_len + 1),
                              mentor_resident_id=mentor.id)
    assert err.value.field == "note"
    with pytest.raises(ValidationError, match="future"):
        mentoring.log_session(house.store, house.manager, mentee.id, mentor_resident_id=mentor.id,
                              at=now() + timedelta(hours=2))
    with pytest.raises(ValidationError, match="time zone"):
        mentoring.log_session(house.store, house.manager, mentee.id, mentor_resident_id=mentor.id,
                              at=datetime(2024, 1, 1, 12, 0))
    with pytest.raises(ValidationError, match="own mentor"):
        mentoring.log_session(house.store, house.manager, mentee.id, mentor_resident_id=mentee.id)
    with pytest.raises(ValidationError, match="Choose one"):
        mentoring.log_session(house.store, house.manager, mentee.id, mentor_resident_id=mentor.id,
                              mentor_staff_id=house.manager.id)
    with house.store.read() as s:
        assert s.exec(select(MentorSession)).all() == []
    assert audit_details(house.store, "mentor.session.log") == []
    # A note exactly at the limit is fine, and a moved-out mentor's past session can be logged.
    residents.discharge(house.store, house.manager, mentor.id, "completed")
    mentoring.log_session(house.store, house.manager, mentee.id, note="x" * 2000,
                          mentor_resident_id=mentor.id, at=now() - timedelta(days=5))
    assert len(audit_details(house.store, "mentor.session.log")) == 1
