from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.meetings import OutsideMeeting
from peerhouse.services import houses, residents
from peerhouse.services import outside_meetings as om
from peerhouse.services.clock import week_start
from tests.support.audit_log import audit_events, house_today


def rows(house) -> list[OutsideMeeting]:
    with house.store.read() as s:
        return list(s.exec(select(OutsideMeeting).order_by(OutsideMeeting.id)))


def test_resident_logs_own_meeting_at_the_kiosk(house):
    res = house.admit()
    me = house.resident_actor(res)
    m = om.log(house.store, me, res.id, house_today(), "NA", name="Tuesday Night Hope", place="Church")
    [row] = rows(house)
    assert (row.id, row.resident_id, row.on_date, row.fellowship, row.source, row.verified) == (
        m.id, res.id, house_today(), "NA", "kiosk", False)
    [ev] = audit_events(house.store, "outside_meeting.log")
    # Which fellowship someone attends can reveal health information: not logged.
    assert json.loads(ev.details) == {"resident_id": res.id, "source": "kiosk"}
    assert "NA" not in ev.details
    assert ev.actor == f"resident:{res.id}" and "Hope" not in ev.details


def test_staff_log_and_validation(house):
    res = house.admit()
    m = om.log(house.store, house.staff, res.id, (house_today() - timedelta(days=40)).isoformat(),
               "Refuge Recovery")
    assert m.source == "staff" and rows(house)[0].on_date == house_today() - timedelta(days=40)
    bad = [
        (dict(on_date=house_today() + timedelta(days=1), fellowship="AA"), "date"),
        (dict(on_date="yesterday", fellowship="AA"), "date"),
        (dict(on_date="", fellowship="AA"), "date"),
        (dict(on_date=house_today(), fellowship="Book club"), "fellowship"),
        (dict(on_date=house_today(), fellowship="AA", name="x" * 201), "meeting name"),
    ]
    for kw, field in bad:
        with pytest.raises(ValidationError) as e:
            om.log(house.store, house.staff, res.id, **kw)
        assert e.value.field == field
    with pytest.raises(NotFound):
        om.log(house.store, house.staff, 999, house_today(), "AA")
    assert len(rows(house)) == 1


def test_kiosk_cannot_log_long_ago_or_for_someone_else(house):
    a, b = house.admit("Alex", "A"), house.admit("Bea", "B")
    with pytest.raises(ValidationError) as e:
        om.log(house.store, house.resident_actor(a), a.id, house_today() - timedelta(days=30), "AA")
    assert "staff" in str(e.value)
    with pytest.raises(PermissionDenied):
        om.log(house.store, house.resident_actor(a), b.id, house_today(), "AA")
    assert rows(house) == []


def test_verify_is_staff_only(house):
    res = house.admit()
    m = om.log(house.store, house.resident_actor(res), res.id, house_today(), "SMART")
    with pytest.raises(PermissionDenied):
        om.verify(house.store, house.resident_actor(res), m.id)
    om.verify(house.store, house.staff, m.id)
    assert rows(house)[0].verified is True
    [ev] = audit_events(house.store, "outside_meeting.verify")
    assert json.loads(ev.details)["verified"] is True
    om.verify(house.store, house.staff, m.id, verified=False)
    assert rows(house)[0].verified is False
    with pytest.raises(NotFound):
        om.verify(house.store, house.staff, 4242)


def test_remove_own_unverified_only(house):
    a, b = house.admit("Alex", "A"), house.admit("Bea", "B")
    me = house.resident_actor(a)
    m1 = om.log(house.store, me, a.id, house_today(), "AA")
    m2 = om.log(house.store, me, a.id, house_today(), "NA")
    with pytest.raises(PermissionDenied):
        om.remove(house.store, house.resident_actor(b), m1.id)
    om.remove(house.store, me, m1.id)
    om.verify(house.store, house.staff, m2.id)
    with pytest.raises(ValidationError):
        om.remove(house.store, me, m2.id)
    assert [r.id for r in rows(house)] == [m2.id]
    om.remove(house.store, house.manager, m2.id)
    assert rows(house) == []
    assert len(audit_events(house.store, "outside_meeting.remove")) == 2


def test_lists_per_resident_and_house(house):
    a, b = house.admit("Alex", "A"), house.admit("Bea", "B")
    other = houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak House"))
    c = residents.admit(house.store, house.manager, residents.ResidentInput(
        first_name="Cy", last_name="C", house_id=other.id))
    t = house_today()
    logged = [(a, 0, "AA"), (a, 3, "NA"), (a, 20, "CA"), (b, 1, "SMART"), (c, 1, "AA")]
    for r, days_ago, f in logged:
        om.log(house.store, house.staff, r.id, t - timedelta(days=days_ago), f)
    mine = om.list_for_resident(house.store, house.resident_actor(a), a.id,
                                t - timedelta(days=7), t)
    assert [m.fellowship for m in mine] == ["AA", "NA"]
    with pytest.raises(PermissionDenied):
        om.list_for_resident(house.store, house.resident_actor(b), a.id, t, t)
    assert len(om.list_for_resident(house.store, house.staff, a.id, t - timedelta(days=30), t)) == 3
    got = om.list_for_house(house.store, house.staff, house.house_id, t - timedelta(days=7), t)
    assert [(m.resident_id, m.fellowship) for m in got] == [(a.id, "NA"), (b.id, "SMART"),
                                                             (a.id, "AA")]
    with pytest.raises(PermissionDenied):
        om.list_for_house(house.store, house.resident_actor(a), house.house_id, t, t)
    with pytest.raises(ValidationError):
        om.list_for_house(house.store, house.staff, house.house_id, t, t - timedelta(days=1))


def test_counts_per_resident_per_week(house):
    a, b, c = house.admit("Alex", "A"), house.admit("Bea", "B"), house.admit("Cy", "C")
    monday = week_start(house_today()) - timedelta(weeks=2)
    for r, day, f in [(a, 0, "AA"), (a, 6, "NA"), (a, 7, "AA"), (b, 2, "SMART"), (a, 14, "AA")]:
        m = om.log(house.store, house.staff, r.id, monday + timedelta(days=day), f)
        if f == "NA":
            om.verify(house.store, house.staff, m.id)
    counts = om.week_counts(house.store, house.staff, house.house_id, monday)
    assert counts == {a.id: om.WeekCount(a.id, monday, 2, 1),
                      b.id: om.WeekCount(b.id, monday, 1, 0),
                      c.id: om.WeekCount(c.id, monday, 0, 0)}
    with pytest.raises(PermissionDenied):
        om.week_counts(house.store, house.resident_actor(a), house.house_id, monday)
    mine = om.resident_week_counts(house.store, house.resident_actor(a), a.id, monday, 3)
    assert [(w.week_start, w.total, w.verified) for w in mine] == [
        (monday, 2, 1), (monday + timedelta(weeks=1), 1, 0), (monday + timedelta(weeks=2), 1, 0)]
    with pytest.raises(PermissionDenied):
        om.resident_week_counts(house.store, house.resident_actor(b), a.id, monday)
