"""Daily check-ins on a real encrypted database: one per house-local day, private answers."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.accountability import CheckIn
from peerhouse.services import checkins, residents
from tests.support.audit_log import audit_events

# 22:00 in Chicago (CDT) on 9 March 2025 — already 10 March in UTC.
NOW = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)
LOCAL_DAY = date(2025, 3, 9)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    current = [NOW]
    monkeypatch.setattr(checkins, "now", lambda: current[0])
    return current


def _rows(house) -> list[CheckIn]:
    with house.store.read() as s:
        return list(s.exec(select(CheckIn)))


def _submit(house, res, actor=None, **kw):
    args = {"mood": 4, "craving": 2, "slept_well": True, "sponsor_contact": True,
            "note": "grateful for my roommate", "wants_to_talk": False} | kw
    return checkins.submit_checkin(house.store, actor or house.resident_actor(res), res.id, **args)


def test_checkin_is_for_the_house_local_day_and_audited(house, clock):
    res = house.admit()
    ci = _submit(house, res)
    assert ci.day == LOCAL_DAY and ci.source == "kiosk"
    [row] = _rows(house)
    assert (row.mood, row.craving, row.slept_well) == (4, 2, True)
    assert row.note == "grateful for my roommate"
    [ev] = audit_events(house.store, "checkin.create")
    details = json.loads(ev.details)
    assert details == {"resident_id": res.id, "day": "2025-03-09", "source": "kiosk"}
    assert "grateful" not in ev.details and ev.actor == f"resident:{res.id}"


def test_second_checkin_same_day_updates(house, clock):
    res = house.admit()
    first = _submit(house, res)
    clock[0] = NOW + timedelta(hours=1)  # 23:00 local, same day
    second = _submit(house, res, mood=2, craving=8, note="hard evening")
    assert second.id == first.id
    [row] = _rows(house)
    assert (row.mood, row.craving, row.note) == (2, 8, "hard evening")
    assert row.at == NOW + timedelta(hours=1)
    [ev] = audit_events(house.store, "checkin.update")
    assert json.loads(ev.details)["fields"] == ["craving", "mood", "note"]
    assert len(audit_events(house.store, "checkin.create")) == 1


def test_next_local_day_is_a_new_checkin(house, clock):
    res = house.admit()
    _submit(house, res)
    clock[0] = NOW + timedelta(hours=3)  # 01:00 local on 10 March
    ci = _submit(house, res)
    assert ci.day == LOCAL_DAY + timedelta(days=1)
    assert len(_rows(house)) == 2


@pytest.mark.parametrize(("kw", "field"), [
    ({"mood": 0}, "mood"), ({"mood": 6}, "mood"), ({"mood": "x"}, "mood"),
    ({"craving": -1}, "craving"), ({"craving": 11}, "craving"), ({"note": "a" * 501}, "note"),
])
def test_validation_names_the_field_and_saves_nothing(house, clock, kw, field):
    res = house.admit()
    with pytest.raises(ValidationError) as err:
        _submit(house, res, **kw)
    assert err.value.field == field
    assert _rows(house) == [] and audit_events(house.store, "checkin.create") == []


def test_note_of_500_characters_is_accepted(house, clock):
    res = house.admit()
    assert len(_submit(house, res, note="a" * 500).note) == 500


def test_only_own_checkin_and_managers_on_behalf(house, clock):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    with pytest.raises(PermissionDenied):
        _submit(house, blair, actor=house.resident_actor(alex))
    with pytest.raises(PermissionDenied):
        _submit(house, alex, actor=house.staff)
    with pytest.raises(ValidationError) as err:
        _submit(house, alex, source="staff")
    assert err.value.field == "source"
    with pytest.raises(ValidationError):
        _submit(house, alex, actor=house.manager, source="kiosk")
    ci = _submit(house, alex, actor=house.manager)
    assert ci.source == "staff"
    [ev] = audit_events(house.store, "checkin.create")
    assert ev.actor == f"staff:{house.manager.id}"


def test_manager_may_enter_an_earlier_paper_checkin_but_not_the_future(house, clock):
    res = house.admit()
    earlier = NOW - timedelta(days=2)
    assert _submit(house, res, actor=house.manager, at=earlier).day == LOCAL_DAY - timedelta(days=2)
    with pytest.raises(ValidationError):
        _submit(house, res, actor=house.manager, at=NOW + timedelta(hours=1))
    with pytest.raises(ValidationError):
        _submit(house, res, at=earlier)  # the kiosk is always "now"


def test_moved_out_resident_cannot_check_in(house, clock):
    res = house.admit()
    residents.discharge(house.store, house.manager, res.id, "completed")
    with pytest.raises(ValidationError):
        _submit(house, res, actor=house.manager)


def test_reading_answers(house, clock):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    _submit(house, alex)
    start, end = LOCAL_DAY - timedelta(days=7), LOCAL_DAY + timedelta(days=1)
    rows = checkins.checkins_for_resident(house.store, house.manager, alex.id, start, end)
    assert [r.mood for r in rows] == [4]
    [ev] = audit_events(house.store, "checkin.read")
    assert (ev.actor, ev.entity, ev.entity_id) == (house.manager.audit_name, "resident",
                                                   str(alex.id))
    # Ids and the asked-for range only: no answer, note or count leaks into the log.
    assert json.loads(ev.details) == {"start": start.isoformat(), "end": end.isoformat()}
    me = house.resident_actor(alex)
    own = checkins.checkins_for_resident(house.store, me, alex.id, start, end)
    assert len(own) == 1
    # A resident reading their own answers is not audited.
    assert len(audit_events(house.store, "checkin.read")) == 1
    with pytest.raises(PermissionDenied):
        checkins.checkins_for_resident(house.store, house.staff, alex.id, start, end)
    with pytest.raises(PermissionDenied):
        checkins.checkins_for_resident(house.store, house.resident_actor(blair), alex.id, start,
                                       end)
    with pytest.raises(ValidationError):
        checkins.checkins_for_resident(house.store, house.manager, alex.id, end, start)
    with pytest.raises(NotFound):
        checkins.checkins_for_resident(house.store, house.manager, 9999, start, end)
    # Refused, invalid and not-found reads leave no event (the read never happened).
    assert len(audit_events(house.store, "checkin.read")) == 1


def test_overview_shows_status_but_never_answers(house, clock):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    _submit(house, alex, wants_to_talk=True, mood=1, craving=9)
    rows = checkins.checkin_overview(house.store, house.staff, house.house_id, LOCAL_DAY)
    by_id = {r.resident_id: r for r in rows}
    assert by_id[alex.id].checked_in and by_id[alex.id].wants_to_talk
    assert not by_id[blair.id].checked_in and by_id[blair.id].checkin_id is None
    assert by_id[blair.id].name == "Blair C."
    names = {f.name for f in fields(checkins.CheckInStatus)}
    assert not names & {"mood", "craving", "note", "slept_well", "sponsor_contact"}
    # Default day is "today" in the house.
    assert checkins.checkin_overview(house.store, house.staff, house.house_id) == rows
    with pytest.raises(PermissionDenied):
        checkins.checkin_overview(house.store, house.resident_actor(alex), house.house_id)


def test_talk_requests_and_follow_up(house, clock):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    ci = _submit(house, alex, wants_to_talk=True)
    _submit(house, blair)
    [req] = checkins.talk_requests(house.store, house.staff, house.house_id)
    assert (req.resident_id, req.checkin_id, req.day) == (alex.id, ci.id, LOCAL_DAY)
    with pytest.raises(PermissionDenied):
        checkins.mark_talk_followed_up(house.store, house.resident_actor(alex), ci.id)
    checkins.mark_talk_followed_up(house.store, house.staff, ci.id)
    assert checkins.talk_requests(house.store, house.staff, house.house_id) == []
    [row] = [r for r in _rows(house) if r.id == ci.id]
    assert row.talk_followed_up_by == house.staff.id and row.talk_followed_up_at is not None
    [ev] = audit_events(house.store, "checkin.talk_followed_up")
    assert ev.entity_id == str(ci.id)
    with pytest.raises(ValidationError):
        checkins.mark_talk_followed_up(house.store, house.staff, ci.id)
    # Saying "no" then "yes" again the same day opens a fresh request.
    _submit(house, alex, wants_to_talk=False)
    _submit(house, alex, wants_to_talk=True)
    assert [r.resident_id for r in checkins.talk_requests(house.store, house.staff,
                                                          house.house_id)] == [alex.id]


def test_high_cravings_managers_only_one_audit_event(house, clock):
    a, b, c = house.admit(), house.admit("Blair", "Chen"), house.admit("Casey", "Diaz")
    _submit(house, a, craving=9)
    _submit(house, b, craving=7)
    _submit(house, c, craving=3)
    rows = checkins.high_cravings(house.store, house.manager, house.house_id, LOCAL_DAY)
    assert [(r.resident_id, r.craving) for r in rows] == [(a.id, 9), (b.id, 7)]
    assert len(checkins.high_cravings(house.store, house.manager, house.house_id, LOCAL_DAY,
                                      threshold=9)) == 1
    events = audit_events(house.store, "checkin.high_cravings.read")
    assert [json.loads(e.details) for e in events] == [
        {"day": LOCAL_DAY.isoformat(), "threshold": 7},
        {"day": LOCAL_DAY.isoformat(), "threshold": 9}]
    assert all(e.entity_id == str(house.house_id) for e in events)
    # Neither cravings nor who had them reach the log: the details above are all there is.
    # The default day is "today" in the house; still one event for the call.
    assert checkins.high_cravings(house.store, house.manager, house.house_id) == rows
    assert len(audit_events(house.store, "checkin.high_cravings.read")) == 3
    with pytest.raises(PermissionDenied):
        checkins.high_cravings(house.store, house.staff, house.house_id, LOCAL_DAY)
    with pytest.raises(PermissionDenied):
        checkins.high_cravings(house.store, house.resident_actor(a), house.house_id, LOCAL_DAY)
    with pytest.raises(ValidationError):
        checkins.high_cravings(house.store, house.manager, house.house_id, LOCAL_DAY, threshold=11)
