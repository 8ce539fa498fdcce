"""Screens and the reproducible random draw: managers only, results kept out of the log."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.accountability import Screen, ScreenDraw
from peerhouse.services import houses, residents, screens
from tests.support.audit_log import audit_events

CHI = ZoneInfo("America/Chicago")


def _screen(house, res, result="negative", at=None, actor=None, **kw):
    return screens.record_screen(house.store, actor or house.manager, res.id, "urine", "random",
                                 result, at=at, **kw)


def test_record_screen(house):
    res = house.admit()
    row = _screen(house, res, "positive", substances="alcohol", notes="asked for support")
    assert row.administered_by == house.manager.id and row.draw_id is None
    with house.store.read() as s:
        [saved] = s.exec(select(Screen)).all()
    assert (saved.method, saved.reason, saved.result, saved.substances) == (
        "urine", "random", "positive", "alcohol")
    [ev] = audit_events(house.store, "screen.record")
    details = json.loads(ev.details)
    # Ids only: method, reason and result are clinical and stay out of the log.
    assert details == {"resident_id": res.id, "draw_id": None}
    for value in ("positive", "alcohol", "urine", "random", "support"):
        assert value not in ev.details
    assert _screen(house, res, actor=house.owner).administered_by == house.owner.id


@pytest.mark.parametrize(("kw", "field"), [
    ({"method": "blood"}, "method"), ({"reason": "hunch"}, "reason"),
    ({"result": "maybe"}, "result"),
    ({"substances": "x" * 201}, "substances"),
])
def test_record_screen_validation(house, kw, field):
    res = house.admit()
    args = {"method": "breath", "reason": "scheduled", "result": "negative"} | kw
    with pytest.raises(ValidationError) as err:
        screens.record_screen(house.store, house.manager, res.id, **args)
    assert err.value.field == field
    with house.store.read() as s:
        assert s.exec(select(Screen)).all() == []


def test_record_screen_refuses_future_and_naive_times(house):
    res = house.admit()
    with pytest.raises(ValidationError):
        _screen(house, res, at=datetime.now(UTC) + timedelta(hours=1))
    with pytest.raises(ValidationError):
        _screen(house, res, at=datetime(2025, 1, 1, 12))


def test_staff_and_residents_are_refused(house):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    _screen(house, alex)
    for actor in (house.staff, house.resident_actor(alex), house.resident_actor(blair)):
        with pytest.raises(PermissionDenied):
            _screen(house, alex, actor=actor)
        with pytest.raises(PermissionDenied):
            screens.screens_for_resident(house.store, actor, alex.id)
        with pytest.raises(PermissionDenied):
            screens.screens_for_house(house.store, actor, house.house_id, date(2025, 1, 1),
                                      date(2030, 1, 1))
        with pytest.raises(PermissionDenied):
            screens.draw_random(house.store, actor, house.house_id, 1)
        with pytest.raises(PermissionDenied):
            screens.screens_due(house.store, actor, house.house_id, date(2025, 3, 1))
    assert audit_events(house.store, "screen.read") == []


def test_reads_are_audited_once_per_call(house):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    when = datetime(2025, 3, 5, 12, tzinfo=CHI)
    for _ in range(3):
        _screen(house, alex, at=when)
    _screen(house, blair, at=when)
    assert len(screens.screens_for_resident(house.store, house.manager, alex.id)) == 3
    rows = screens.screens_for_house(house.store, house.manager, house.house_id,
                                     date(2025, 3, 5), date(2025, 3, 6))
    assert len(rows) == 4
    assert screens.screens_for_house(house.store, house.manager, house.house_id,
                                     date(2025, 3, 6), date(2025, 3, 7)) == []
    events = audit_events(house.store, "screen.read")
    assert [(e.entity, e.entity_id, json.loads(e.details)) for e in events] == [
        ("resident", str(alex.id), {"start": None, "end": None}),
        ("house", str(house.house_id), {"start": "2025-03-05", "end": "2025-03-06"}),
        ("house", str(house.house_id), {"start": "2025-03-06", "end": "2025-03-07"})]
    assert all(e.actor == house.manager.audit_name for e in events)
    assert not any(v in e.details for e in events for v in ("negative", "urine", "random"))
    screens.screens_for_resident(house.store, house.manager, alex.id, date(2025, 3, 1),
                                 date(2025, 4, 1))
    assert json.loads(audit_events(house.store, "screen.read")[-1].details) == {
        "start": "2025-03-01", "end": "2025-04-01"}
    with pytest.raises(NotFound):
        screens.screens_for_resident(house.store, house.manager, 9999)
    assert len(audit_events(house.store, "screen.read")) == 4  # a failed read leaves no event


def test_random_draw_is_logged_and_reproducible(house):
    people = [house.admit(n, "Smith") for n in ("Ann", "Ben", "Cal", "Dee", "Eve")]
    residents.discharge(house.store, house.manager, people[4].id, "completed")
    pool = sorted(p.id for p in people[:4])
    draw = screens.draw_random(house.store, house.manager, house.house_id, 2, seed="fixed-seed")
    assert draw.pool == pool and draw.count == 2 and draw.drawn_by == house.manager.id
    assert draw.picked == random.Random("fixed-seed").sample(pool, 2)
    with house.store.read() as s:
        saved = s.get(ScreenDraw, draw.id)
    assert saved.seed == "fixed-seed" and saved.picked == draw.picked
    [ev] = audit_events(house.store, "screen.draw")
    details = json.loads(ev.details)
    assert details["seed"] == "fixed-seed" and details["picked"] == draw.picked
    assert details["pool"] == pool
    replay = screens.replay_draw(saved)
    assert replay.matches and list(replay.picked) == draw.picked
    again = screens.draw_random(house.store, house.manager, house.house_id, 2, seed="fixed-seed")
    assert again.picked == draw.picked
    others = [rid for rid in pool if rid not in draw.picked]
    tampered = ScreenDraw(**{**saved.model_dump(), "picked": others})
    assert not screens.replay_draw(tampered).matches


def test_random_draw_without_seed_and_bad_counts(house):
    a, b = house.admit(), house.admit("Blair", "Chen")
    draw = screens.draw_random(house.store, house.manager, house.house_id, 1)
    assert len(draw.seed) == 32 and int(draw.seed, 16) >= 0
    assert screens.replay_draw(draw).matches and draw.picked[0] in (a.id, b.id)
    for bad in (0, 3, "two"):
        with pytest.raises(ValidationError) as err:
            screens.draw_random(house.store, house.manager, house.house_id, bad)
        assert err.value.field == "how many"
    assert len(audit_events(house.store, "screen.draw")) == 1
    draws = screens.list_draws(house.store, house.manager, house.house_id)
    assert [d.id for d in draws] == [draw.id]
    assert screens.get_draw(house.store, house.manager, draw.id).seed == draw.seed


def test_screen_from_a_draw_must_be_a_picked_resident(house):
    a, b = house.admit(), house.admit("Blair", "Chen")
    draw = screens.draw_random(house.store, house.manager, house.house_id, 1, seed="s")
    [picked] = draw.picked
    other = b if picked == a.id else a
    with pytest.raises(ValidationError) as err:
        screens.record_screen(house.store, house.manager, other.id, "urine", "random",
                              "negative", draw_id=draw.id)
    assert "not picked" in str(err.value)
    row = screens.record_screen(house.store, house.manager, picked, "urine", "random", "negative",
                                draw_id=draw.id)
    assert row.draw_id == draw.id


def test_screens_due_this_calendar_month(house):
    phases = houses.list_phases(house.store, house.manager, house.house_id)  # 4, 2, 1 a month
    newer, senior, other = house.admit(), house.admit("Blair", "Chen"), house.admit("Casey", "Diaz")
    residents.edit(house.store, house.manager, senior.id, {"phase_id": phases[2].id})
    residents.edit(house.store, house.manager, other.id, {"phase_id": phases[1].id})
    march = datetime(2025, 3, 10, 12, tzinfo=CHI)
    _screen(house, newer, at=march)
    _screen(house, newer, at=march, result="dilute")
    _screen(house, newer, at=march, result="invalid")  # has to be taken again: not counted
    _screen(house, senior, at=march)
    _screen(house, other, at=march)
    _screen(house, other, at=march, result="refused")
    # 23:30 on 28 February in the house is already 1 March in UTC: February, not March.
    _screen(house, senior, at=datetime(2025, 2, 28, 23, 30, tzinfo=CHI))
    due = screens.screens_due(house.store, house.manager, house.house_id, date(2025, 3, 20))
    assert [(d.resident_id, d.required, d.done, d.remaining) for d in due] == [
        (newer.id, 4, 2, 2)]
    feb = screens.screens_due(house.store, house.manager, house.house_id, date(2025, 2, 3))
    # The February screen met the senior resident's one a month; nobody else had one.
    assert {d.resident_id: d.done for d in feb} == {newer.id: 0, other.id: 0}
