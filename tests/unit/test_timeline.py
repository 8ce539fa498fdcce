"""The resident timeline and mood series: what each role sees, one query per source, audit."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from peerhouse.clock_text import date_text
from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.audit import AuditEvent
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.services import (
    checkins,
    consent,
    goals,
    incidents,
    meetings,
    mentoring,
    outside_meetings,
    residents,
    screens,
    signouts,
    timeline,
)
from peerhouse.services.clock import now
from peerhouse.services.timeline import Kind
from tests.support.audit_log import audit_events
from tests.support.setup_write import setup_write

CHI = ZoneInfo("America/Chicago")
CONFIDENTIAL = {Kind.SCREEN, Kind.INCIDENT, Kind.GOAL, Kind.MENTORING, Kind.CONSENT,
                Kind.SOBRIETY}


def _today() -> date:
    return now().astimezone(CHI).date()


def _event_count(store) -> int:
    with store.read() as s:
        return int(s.exec(select(func.count()).select_from(AuditEvent)).one())


@contextmanager
def _count_selects(store):
    seen: list[str] = []

    def listen(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", listen)


def _chore(house, res, due: date, status: str) -> None:
    with setup_write(house.store) as s:
        chore = Chore(house_id=house.house_id, name="Kitchen clean-up")
        s.add(chore)
        s.flush()
        s.add(ChoreAssignment(chore_id=chore.id, resident_id=res.id, due_date=due, status=status))


@pytest.fixture
def busy(house):
    """A resident with one of everything, recorded through the services."""
    st, m = house.store, house.manager
    today = _today()
    alex = house.admit("Alex", "Rivera", move_in_date=today - timedelta(days=40),
                       sobriety_date=today - timedelta(days=45), bed="A1")
    jo = house.admit("Jo", "Park", bed="A2")
    t = now()
    for k in (1, 2, 4):
        checkins.submit_checkin(st, m, alex.id, mood=3 + k % 2, craving=k, slept_well=True,
                                note="a good day" if k == 1 else "", at=t - timedelta(days=k))
    screens.record_screen(st, m, alex.id, "urine", "random", "negative", at=t - timedelta(days=2))
    incidents.record_incident(st, m, house.house_id, "curfew", "Came back after curfew from work",
                              [alex.id], at=t - timedelta(days=3))
    g = goals.create_goal(st, m, alex.id, "work", "Find a part-time job", steps=["Update CV"])
    goals.complete_step(st, m, g.steps[0].id)
    goals.add_note(st, m, g.goal.id, "Has two interviews lined up")
    outside_meetings.log(st, m, alex.id, today - timedelta(days=1), "AA", "Step Study", "Church hall")
    signouts.sign_out(st, m, alex.id, "Work", t - timedelta(hours=2), at=t - timedelta(hours=6))
    signouts.sign_in(st, m, alex.id, at=t - timedelta(hours=1))
    meeting = meetings.schedule(st, m, house.house_id, t - timedelta(days=5), topic="Chores")
    meetings.set_attendance(st, m, meeting.id, alex.id, "late")
    _chore(house, alex, today - timedelta(days=1), "verified")
    _chore(house, alex, today + timedelta(days=2), "pending")  # future: not on the timeline
    consent.record_consent(st, m, alex.id, recipient="Probation office", purpose="Progress",
                           information="Attendance", parts=["attendance"],
                           signed_on=today - timedelta(days=10),
                           expires_on=today + timedelta(days=170))
    residents.change_sobriety_date(st, m, alex.id, today - timedelta(days=30), "Updated by resident")
    mentoring.assign_mentor(st, m, alex.id, mentor_resident_id=jo.id)
    mentoring.log_session(st, m, alex.id, note="Talked about work", at=t - timedelta(days=1))
    return alex, jo


def test_manager_sees_every_kind_newest_first(house, busy):
    alex, _ = busy
    items = timeline.resident_timeline(house.store, house.manager, alex.id)
    kinds = {i.kind for i in items}
    assert kinds == set(Kind)
    keys = [i.sort_key for i in items]
    assert keys == sorted(keys, reverse=True)
    texts = [str(i.summary) for i in items]
    assert any(t.startswith("Checked in — mood") and "“a good day”" in t for t in texts)
    assert "Urine screen (random): negative" in texts
    assert any(t.startswith("Incident (curfew)") for t in texts)
    assert "Goal set: Find a part-time job (work)" in texts
    assert any(t.startswith("Goal step done: Update CV") for t in texts)
    assert any(t.startswith("Progress note on Find a part-time job") for t in texts)
    assert "AA meeting — Step Study, Church hall" in texts
    assert "House meeting: came late — Chores" in texts
    assert "Chore: Kitchen clean-up — done and checked" in texts
    assert not any("Chore" in t and "due" in t for t in texts)  # the future chore is left out
    # Times and days in the app's one style ('5:45 PM', 'Mar 3, 2026'), never '17:45'.
    clock = r"\d{1,2}:\d\d [AP]M"
    assert any(re.match(f"Signed out to Work, expected back {clock} — back {clock}", t)
               for t in texts), texts
    today = _today()
    assert (f"Consent signed for Probation office (until {date_text(today + timedelta(days=170))})"
            in texts)
    assert any(t.startswith("Sobriety date changed from ")
               and f" to {date_text(today - timedelta(days=30))} — Updated" in t for t in texts)
    assert any(t == "Peer mentoring with Jo Park: Talked about work" for t in texts)
    assert "Moved in to Maple House" in texts
    # Day-only records carry no clock time; timed ones do.
    assert all(i.time is None for i in items if i.kind in (Kind.CHORE, Kind.STAY))
    assert all(i.time is not None for i in items if i.kind == Kind.SCREEN)


def test_manager_read_is_one_audited_event(house, busy):
    alex, _ = busy
    before = _event_count(house.store)
    timeline.resident_timeline(house.store, house.manager, alex.id, start=_today() - timedelta(days=7))
    events = audit_events(house.store)[before:]
    assert [e.action for e in events] == ["timeline.read"]
    details = json.loads(events[0].details)
    assert events[0].entity == "resident" and events[0].entity_id == str(alex.id)
    assert details["start"] == (_today() - timedelta(days=7)).isoformat() and details["end"] is None
    assert set(details["kinds"]) == CONFIDENTIAL | {Kind.CHECKIN, Kind.STAY}
    # Ids and kinds only: nothing a resident said is copied into the log.
    assert "work" not in events[0].details.lower()


def test_staff_see_no_confidential_sources_and_are_not_audited(house, busy):
    alex, _ = busy
    house_id = house.house_id
    residents.discharge(house.store, house.manager, busy[1].id, "return_to_use")
    before = _event_count(house.store)
    items = timeline.resident_timeline(house.store, house.staff, alex.id)
    assert _event_count(house.store) == before
    kinds = {i.kind for i in items}
    assert kinds == {Kind.CHECKIN, Kind.HOUSE_MEETING, Kind.OUTSIDE_MEETING, Kind.CHORE,
                     Kind.SIGNOUT, Kind.STAY}
    checkin_texts = {str(i.summary) for i in items if i.kind == Kind.CHECKIN}
    assert checkin_texts == {"Checked in"}
    assert not any("mood" in str(i.summary) or "good day" in str(i.summary) for i in items)
    # Exit reasons are as private as notes.
    jo_items = timeline.resident_timeline(house.store, house.staff, busy[1].id)
    assert "Moved out of Maple House" in {str(i.summary) for i in jo_items}
    manager_items = timeline.resident_timeline(house.store, house.manager, busy[1].id)
    assert "Moved out of Maple House — after a return to use" in {str(i.summary) for i in manager_items}
    assert timeline.visible_kinds(house.staff) == [
        Kind.CHECKIN, Kind.HOUSE_MEETING, Kind.OUTSIDE_MEETING, Kind.CHORE, Kind.SIGNOUT,
        Kind.STAY]
    assert timeline.visible_kinds(house.manager) == list(Kind)
    assert house_id


def test_staff_see_talk_requests(house):
    res = house.admit()
    checkins.submit_checkin(house.store, house.manager, res.id, 2, 8, wants_to_talk=True)
    [item] = timeline.resident_timeline(house.store, house.staff, res.id, kinds=[Kind.CHECKIN])
    assert str(item.summary) == "Checked in — asked to talk to someone"


def test_one_query_per_source_whatever_the_volume(house, busy):
    alex, _ = busy
    with _count_selects(house.store) as seen:
        timeline.resident_timeline(house.store, house.staff, alex.id)
    first = len(seen)
    # One query per source the staff role sees, plus the house time zone look-up and the
    # acting account, read again in the transaction (services/unit.py).
    assert first == len(timeline.visible_kinds(house.staff)) + 2
    t = now()
    for k in range(5, 25):
        checkins.submit_checkin(house.store, house.manager, alex.id, 4, 1, at=t - timedelta(days=k))
        _chore(house, alex, _today() - timedelta(days=k), "done")
    with _count_selects(house.store) as seen:
        items = timeline.resident_timeline(house.store, house.staff, alex.id)
    assert len(seen) == first
    assert sum(1 for i in items if i.kind == Kind.CHECKIN) == 23


def test_date_range_and_kind_filter(house, busy):
    alex, _ = busy
    today = _today()
    items = timeline.resident_timeline(house.store, house.manager, alex.id,
                                       start=today - timedelta(days=2), end=today)
    assert items and all(today - timedelta(days=2) <= i.day < today for i in items)
    only = timeline.resident_timeline(house.store, house.manager, alex.id,
                                      kinds=[Kind.SCREEN, "checkin"])
    assert {i.kind for i in only} == {Kind.SCREEN, Kind.CHECKIN}
    # Staff asking for screens get nothing rather than an error: the source is not theirs.
    assert timeline.resident_timeline(house.store, house.staff, alex.id, kinds=["screen"]) == []
    with pytest.raises(ValidationError) as bad:
        timeline.resident_timeline(house.store, house.manager, alex.id, kinds=["diary"])
    assert bad.value.field == "kind"
    with pytest.raises(ValidationError) as order:
        timeline.resident_timeline(house.store, house.manager, alex.id, start=today, end=today)
    assert order.value.field == "to"
    with pytest.raises(ValidationError):
        timeline.resident_timeline(house.store, house.manager, alex.id, start="yesterday")


def test_refusals(house, busy):
    alex, jo = busy
    with pytest.raises(PermissionDenied):
        timeline.resident_timeline(house.store, house.resident_actor(alex), alex.id)
    before = _event_count(house.store)
    with pytest.raises(NotFound):
        timeline.resident_timeline(house.store, house.manager, 9999)
    assert _event_count(house.store) == before  # the refused read left no event behind


def test_mood_series(house):
    res = house.admit()
    t = now()
    checkins.submit_checkin(house.store, house.manager, res.id, 2, 7, at=t - timedelta(days=3))
    checkins.submit_checkin(house.store, house.manager, res.id, 5, 0, at=t)
    points = timeline.mood_series(house.store, house.manager, res.id, 7)
    assert len(points) == 7
    assert [p.day for p in points] == [_today() - timedelta(days=6 - n) for n in range(7)]
    by_day = {p.day: (p.mood, p.craving) for p in points}
    assert by_day[_today()] == (5.0, 0)
    assert by_day[(t - timedelta(days=3)).astimezone(CHI).date()] == (2.0, 7)
    assert sum(1 for p in points if p.mood is None) == 5
    day, mood, craving = points[-1]  # a plain tuple as well
    assert (day, mood, craving) == (_today(), 5.0, 0)
    [ev] = audit_events(house.store, "checkin.read")
    assert json.loads(ev.details) == {"days": 7} and ev.entity_id == str(res.id)
    with pytest.raises(PermissionDenied):
        timeline.mood_series(house.store, house.staff, res.id, 30)
    with pytest.raises(ValidationError):
        timeline.mood_series(house.store, house.manager, res.id, 0)


def test_mentor_choices_and_names(house, busy):
    alex, jo = busy
    third = house.admit("Sky", "Lee", preferred_name="Skye")
    choices = timeline.mentor_choices(house.store, house.manager, alex.id)
    residents_offered = [c.name for c in choices if c.resident_id]
    assert residents_offered == ["Skye Lee", "Jo Park"]
    assert {c.name for c in choices if c.staff_id} == {"Olivia Owner", "Manny Manager", "Sam Staff"}
    assert alex.id not in {c.resident_id for c in choices}
    names = timeline.mentor_names(house.store, house.manager, [jo.id, third.id], [house.staff.id])
    assert names == {("resident", jo.id): "Jo Park", ("resident", third.id): "Skye Lee",
                     ("staff", house.staff.id): "Sam Staff"}
    residents.discharge(house.store, house.manager, third.id, "moved_on")
    assert timeline.mentor_names(house.store, house.manager, [third.id], []) == {
        ("resident", third.id): "Skye Lee (moved out)"}
    assert third.id not in {c.resident_id for c in
                            timeline.mentor_choices(house.store, house.manager, alex.id)}
    with pytest.raises(PermissionDenied):
        timeline.mentor_choices(house.store, house.staff, alex.id)
    with pytest.raises(PermissionDenied):
        timeline.mentor_names(house.store, house.staff, [jo.id], [])
