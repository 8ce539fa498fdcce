from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.meetings import Attendance, Meeting
from peerhouse.services import houses, meetings, residents
from tests.support.audit_log import audit_events

CHICAGO = ZoneInfo("America/Chicago")


def stored(house, meeting_id: int) -> Meeting:
    with house.store.read() as s:
        m = s.get(Meeting, meeting_id)
        assert m is not None
        return m


def past(days: int = 1) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def test_schedule_one_off_stores_utc_and_audits(house):
    m = meetings.schedule(house.store, house.staff, house.house_id,
                          datetime(2027, 1, 12, 19, 0), topic="Step 4", facilitator="Jo")
    row = stored(house, m.id)
    assert row.starts_at == datetime(2027, 1, 13, 1, 0, tzinfo=UTC)  # 19:00 CST
    assert (row.status, row.kind, row.topic, row.series_id) == (
        "scheduled", "house", "Step 4", None)
    [ev] = audit_events(house.store, "meeting.schedule")
    assert ev.entity_id == str(m.id) and ev.actor.startswith("staff:")
    assert "Step 4" not in ev.details and "Jo" not in ev.details


def test_schedule_validation_and_permissions(house):
    when = datetime(2027, 1, 12, 19, tzinfo=UTC)
    with pytest.raises(ValidationError) as e:
        meetings.schedule(house.store, house.manager, house.house_id, when, kind="party")
    assert e.value.field == "kind"
    with pytest.raises(ValidationError) as e:
        meetings.schedule(house.store, house.manager, house.house_id, when, topic="x" * 201)
    assert e.value.field == "topic"
    with pytest.raises(NotFound):
        meetings.schedule(house.store, house.manager, 999, when)
    res = house.admit()
    with pytest.raises(PermissionDenied):
        meetings.schedule(house.store, house.resident_actor(res), house.house_id, when)
    with house.store.read() as s:
        assert s.exec(select(Meeting)).all() == []


def test_weekly_series_keeps_local_time_across_daylight_saving(house):
    # US daylight saving starts on 14 March 2027.
    series = meetings.schedule_series(house.store, house.manager, house.house_id,
                                      date(2027, 3, 1), time(19, 0), 4, topic="House")
    assert len(series) == 4 and len({m.series_id for m in series}) == 1 and series[0].series_id
    local = [stored(house, m.id).starts_at.astimezone(CHICAGO) for m in series]
    assert [d.date() for d in local] == [date(2027, 3, 1) + timedelta(weeks=i) for i in range(4)]
    assert all(d.time() == time(19, 0) for d in local)
    utc_hours = [stored(house, m.id).starts_at.hour for m in series]
    assert utc_hours == [1, 1, 0, 0]
    [ev] = audit_events(house.store, "meeting.schedule_series")
    assert json.loads(ev.details)["weeks"] == 4
    with pytest.raises(ValidationError) as e:
        meetings.schedule_series(house.store, house.manager, house.house_id,
                                 date(2027, 3, 1), time(19), 0)
    assert e.value.field == "number of weeks"


def test_edit_and_cancel(house):
    m = meetings.schedule(house.store, house.manager, house.house_id,
                          datetime(2027, 2, 2, 18, tzinfo=CHICAGO))
    new_time = datetime(2027, 2, 3, 19, 30)
    meetings.edit(house.store, house.staff, m.id, topic="Budget", starts_at=new_time,
                  facilitator="Sam")
    row = stored(house, m.id)
    assert row.topic == "Budget" and row.facilitator == "Sam"
    assert row.starts_at.astimezone(CHICAGO).replace(tzinfo=None) == new_time
    [ev] = audit_events(house.store, "meeting.edit")
    assert json.loads(ev.details)["fields"] == ["facilitator", "starts_at", "topic"]
    with pytest.raises(ValidationError):
        meetings.edit(house.store, house.staff, m.id, kind="nope")

    meetings.cancel(house.store, house.staff, m.id)
    assert stored(house, m.id).status == "cancelled"
    with pytest.raises(ValidationError) as e:
        meetings.edit(house.store, house.staff, m.id, topic="Again")
    assert "canceled" in str(e.value)
    with pytest.raises(ValidationError):
        meetings.cancel(house.store, house.staff, m.id)
    with pytest.raises(NotFound):
        meetings.cancel(house.store, house.staff, 12345)


def test_cancel_rest_of_series(house):
    series = meetings.schedule_series(house.store, house.manager, house.house_id,
                                      date(2027, 3, 1), time(19), 4)
    done = meetings.cancel(house.store, house.manager, series[1].id, rest_of_series=True)
    assert [m.id for m in done] == [m.id for m in series[1:]]
    assert [stored(house, m.id).status for m in series] == ["scheduled"] + ["cancelled"] * 3
    [ev] = audit_events(house.store, "meeting.cancel")
    assert json.loads(ev.details)["cancelled"] == [m.id for m in series[1:]]


def test_save_minutes_marks_a_past_meeting_held_without_copying_them_to_the_audit(house):
    m = meetings.schedule(house.store, house.manager, house.house_id, past())
    meetings.save_minutes(house.store, house.staff, m.id, minutes="Talked about Jo's rent",
                       decisions="Quiet hours at 10")
    row = stored(house, m.id)
    assert (row.status, row.minutes, row.decisions) == ("held", "Talked about Jo's rent",
                                                        "Quiet hours at 10")
    [ev] = audit_events(house.store, "meeting.held")
    assert "rent" not in ev.details and "Quiet" not in ev.details
    assert json.loads(ev.details)["fields"] == ["status", "minutes", "decisions"]

    future = meetings.schedule(house.store, house.manager, house.house_id,
                               datetime.now(UTC) + timedelta(days=3))
    with pytest.raises(ValidationError) as e:
        meetings.save_minutes(house.store, house.staff, future.id)
    assert "before the day" in str(e.value)
    gone = meetings.schedule(house.store, house.manager, house.house_id, past())
    meetings.cancel(house.store, house.manager, gone.id)
    with pytest.raises(ValidationError):
        meetings.save_minutes(house.store, house.staff, gone.id)


def test_minutes_saved_before_the_meeting_starts_keep_it_scheduled(house, monkeypatch):
    """Saving minutes at 9 AM for a 7 PM meeting keeps them, but the meeting is not held
    yet; saving again once it has started marks it held."""
    evening = datetime(2027, 2, 3, 19, 0, tzinfo=CHICAGO)
    m = meetings.schedule(house.store, house.manager, house.house_id, evening)
    monkeypatch.setattr(meetings, "now", lambda: datetime(2027, 2, 3, 9, 0, tzinfo=CHICAGO))
    saved = meetings.save_minutes(house.store, house.staff, m.id, minutes="Agenda: rent",
                                  decisions="")
    row = stored(house, m.id)
    assert (saved.status, row.status, row.minutes) == ("scheduled", "scheduled", "Agenda: rent")
    assert not meetings.has_started(row)
    [ev] = audit_events(house.store, "meeting.minutes")
    assert json.loads(ev.details)["fields"] == ["minutes"] and "rent" not in ev.details
    assert audit_events(house.store, "meeting.held") == []

    monkeypatch.setattr(meetings, "now", lambda: datetime(2027, 2, 3, 19, 0, tzinfo=CHICAGO))
    assert meetings.has_started(row)
    meetings.save_minutes(house.store, house.staff, m.id, minutes="Agenda: rent", decisions="")
    assert stored(house, m.id).status == "held"
    [ev] = audit_events(house.store, "meeting.held")
    assert json.loads(ev.details)["fields"] == ["status"]


def test_set_attendance_is_an_upsert(house):
    a, b = house.admit("Alex", "Rivera"), house.admit("Bea", "Young")
    m = meetings.schedule(house.store, house.manager, house.house_id, past())
    meetings.set_attendance(house.store, house.staff, m.id, a.id, "late", note="bus")
    meetings.set_attendance(house.store, house.staff, m.id, a.id, "present")
    with house.store.read() as s:
        rows = s.exec(select(Attendance).where(Attendance.meeting_id == m.id)).all()
    assert [(r.resident_id, r.status, r.note) for r in rows] == [(a.id, "present", "")]
    evs = audit_events(house.store, "meeting.attendance")
    assert [json.loads(e.details)["status"] for e in evs] == ["late", "present"]
    assert all("bus" not in e.details for e in evs)

    with pytest.raises(ValidationError) as e:
        meetings.set_attendance(house.store, house.staff, m.id, b.id, "asleep")
    assert e.value.field == "attendance"
    with pytest.raises(PermissionDenied):
        meetings.set_attendance(house.store, house.resident_actor(b), m.id, b.id, "present")
    other = houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak House"))
    stranger = residents.admit(house.store, house.manager, residents.ResidentInput(
        first_name="Cy", last_name="Oak", house_id=other.id))
    with pytest.raises(ValidationError) as e:
        meetings.set_attendance(house.store, house.staff, m.id, stranger.id, "present")
    assert e.value.field == "resident"
    gone = meetings.schedule(house.store, house.staff, house.house_id, past())
    meetings.cancel(house.store, house.staff, gone.id)
    with pytest.raises(ValidationError) as e:
        meetings.set_attendance(house.store, house.staff, gone.id, a.id, "present")
    assert "canceled" in str(e.value)


def test_mark_all_present_keeps_recorded_statuses(house):
    a, b, c = house.admit("Alex", "A"), house.admit("Bea", "B"), house.admit("Cy", "C")
    residents.discharge(house.store, house.manager, c.id, "completed")
    m = meetings.schedule(house.store, house.manager, house.house_id, past())
    meetings.set_attendance(house.store, house.staff, m.id, a.id, "excused")
    assert meetings.mark_all_present(house.store, house.staff, m.id) == 1
    with house.store.read() as s:
        got = {r.resident_id: r.status for r in s.exec(select(Attendance))}
    assert got == {a.id: "excused", b.id: "present"}
    [ev] = audit_events(house.store, "meeting.attendance_all_present")
    assert json.loads(ev.details)["residents"] == [b.id]
    assert meetings.mark_all_present(house.store, house.staff, m.id) == 0
    meetings.cancel(house.store, house.staff, n := meetings.schedule(
        house.store, house.staff, house.house_id, past()).id)
    with pytest.raises(ValidationError):
        meetings.mark_all_present(house.store, house.staff, n)


def test_attendance_lists_everyone_with_unrecorded_as_none(house):
    a, b, c = house.admit("Alex", "Zed"), house.admit("Bea", "Able"), house.admit("Cy", "Moss")
    m = meetings.schedule(house.store, house.manager, house.house_id, past())
    meetings.set_attendance(house.store, house.staff, m.id, c.id, "present")
    residents.discharge(house.store, house.manager, c.id, "moved_on")
    rows = meetings.attendance(house.store, house.staff, m.id)
    assert [(r.resident_id, r.status) for r in rows] == [(b.id, None), (c.id, "present"),
                                                         (a.id, None)]
    assert rows[0].name == "Bea Able" and rows[0].board_name == "Bea A."
    with pytest.raises(PermissionDenied):
        meetings.attendance(house.store, house.resident_actor(a), m.id)


def test_list_and_next_meeting_and_resident_view(house):
    base = datetime(2027, 4, 5, 18, tzinfo=UTC)
    ms = [meetings.schedule(house.store, house.manager, house.house_id, base + timedelta(days=i))
          for i in range(4)]
    meetings.cancel(house.store, house.manager, ms[0].id)
    got = meetings.list_meetings(house.store, house.staff, house.house_id, base,
                                 base + timedelta(days=3))
    assert [m.id for m in got] == [ms[0].id, ms[1].id, ms[2].id]
    got = meetings.list_meetings(house.store, house.staff, house.house_id, base,
                                 base + timedelta(days=3), include_cancelled=False)
    assert [m.id for m in got] == [ms[1].id, ms[2].id]
    nxt = meetings.next_meeting(house.store, house.staff, house.house_id, after=base)
    assert nxt is not None and nxt.id == ms[1].id
    assert meetings.next_meeting(house.store, house.staff, house.house_id,
                                 after=base + timedelta(days=9)) is None
    with pytest.raises(ValidationError):
        meetings.list_meetings(house.store, house.staff, house.house_id,
                               datetime(2027, 4, 5), datetime(2027, 4, 6))

    held = meetings.schedule(house.store, house.manager, house.house_id, past())
    meetings.save_minutes(house.store, house.manager, held.id, minutes="private", decisions="d")
    me = house.resident_actor(house.admit())
    mine = meetings.list_meetings(house.store, me, house.house_id, past(2), datetime.now(UTC))
    assert [(m.id, m.minutes, m.decisions) for m in mine] == [(held.id, "", "")]
    assert meetings.get_meeting(house.store, house.manager, held.id).minutes == "private"
    assert meetings.get_meeting(house.store, me, held.id).minutes == ""
    other = houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak House"))
    with pytest.raises(PermissionDenied):
        meetings.list_meetings(house.store, me, other.id, base, base + timedelta(days=3))
    with pytest.raises(PermissionDenied):
        meetings.next_meeting(house.store, me, other.id)
