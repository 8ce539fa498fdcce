"""One day's check-in answers for a house: managers only, one audit event per read, ids only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from peerhouse.errors import NotFound, PermissionDenied
from peerhouse.models.audit import AuditEvent
from peerhouse.services import checkin_answers, checkins, houses

# 22:00 in Chicago on 9 March 2025.
NOW = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)
DAY = date(2025, 3, 9)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkins, "now", lambda: NOW)


def _events(house) -> list[AuditEvent]:
    with house.store.read() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == "checkin.read")))


def test_answers_for_the_day_by_resident(house):
    a, b, c = house.admit("Alex", "Rivera"), house.admit("Bo", "Chen"), house.admit("Cy", "Diaz")
    for res, mood in ((a, 4), (b, 2)):
        checkins.submit_checkin(house.store, house.resident_actor(res), res.id, mood=mood,
                                craving=mood + 3, note="a private note")
    got = checkin_answers.answers_for_house(house.store, house.manager, house.house_id, DAY)
    assert set(got) == {a.id, b.id} and c.id not in got
    assert (got[a.id].mood, got[b.id].craving) == (4, 5)
    [ev] = _events(house)
    assert (ev.entity, ev.entity_id) == ("house", str(house.house_id))
    assert json.loads(ev.details) == {"day": "2025-03-09"}
    assert "private" not in ev.details


def test_other_days_and_houses_are_left_out(house):
    res = house.admit()
    checkins.submit_checkin(house.store, house.resident_actor(res), res.id, mood=3, craving=1)
    other = houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak House"))
    assert checkin_answers.answers_for_house(house.store, house.manager, house.house_id,
                                             date(2025, 3, 8)) == {}
    assert checkin_answers.answers_for_house(house.store, house.manager, other.id, DAY) == {}


def test_staff_may_not_read_answers_and_nothing_is_logged(house):
    with pytest.raises(PermissionDenied):
        checkin_answers.answers_for_house(house.store, house.staff, house.house_id, DAY)
    assert _events(house) == []


def test_unknown_house(house):
    with pytest.raises(NotFound):
        checkin_answers.answers_for_house(house.store, house.manager, 9999, DAY)
