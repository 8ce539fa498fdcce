"""The weekly summary read model and the notice-board data, on a real encrypted file.

Rows are inserted directly (one write session) so these tests do not depend on the
services that record check-ins, screens, chores and the like.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models import (
    Attendance,
    AuditEvent,
    CheckIn,
    Chore,
    ChoreAssignment,
    Incident,
    IncidentResident,
    Meeting,
    OutsideMeeting,
    Resource,
    Screen,
    SignOut,
)
from peerhouse.reports.weekly_manager import build_weekly_manager
from peerhouse.services import clock, houses, residents
from peerhouse.services.summaries import weekly_board_data, weekly_summary
from peerhouse.services.summary_queries import WeekRange
from tests.support.pdfcheck import text
from tests.support.setup_write import setup_write

TZ = ZoneInfo("America/Chicago")
WEEK = date(2025, 6, 2)  # Monday of 2025-W23


def day(i: int, start: date = WEEK) -> date:
    return start + timedelta(days=i)


def local(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), tzinfo=TZ)


def insert(store, *rows) -> None:
    with setup_write(store) as session:
        for row in rows:
            session.add(row)


def checkin(rid: int, d: date, mood: int = 4, craving: int = 1, **kw) -> CheckIn:
    return CheckIn(resident_id=rid, day=d, at=local(d, 20), mood=mood, craving=craving, **kw)


def screen(rid: int, at: datetime, result: str = "negative") -> Screen:
    return Screen(resident_id=rid, at=at, method="urine", reason="random", result=result)


def row(summary, rid):
    return next(r for r in summary.residents if r.resident_id == rid)


@pytest.fixture
def week(house):
    """A week in June 2025: Alex all week, Bea all week (phase 2), Cam moves in on
    Thursday, Dee moves out on Wednesday."""
    store = house.store
    phases = houses.list_phases(store, house.manager, house.house_id)
    a = house.admit("Alex", "Rivera", move_in_date=date(2025, 5, 1),
                    sobriety_date=date(2025, 3, 5), celebrate_milestones_publicly=True,
                    notes="private note xyz")
    b = house.admit("Bea", "Chen", move_in_date=date(2025, 4, 1),
                    sobriety_date=date(2024, 12, 4), phase_id=phases[1].id)
    c = house.admit("Cam", "Diaz", move_in_date=day(3), sobriety_date=date(2025, 5, 10),
                    celebrate_milestones_publicly=True)
    d = house.admit("Dee", "Evans", move_in_date=date(2025, 1, 10))
    residents.discharge(store, house.manager, d.id, "left_voluntarily", on=day(2))
    A, B, C, D = a.id, b.id, c.id, d.id

    a_moods, a_cravings = [3, 4, 5, 2, 4, 3, 4], [1, 2, 8, 0, 1, 1, 2]
    rows: list = [checkin(A, day(i), a_moods[i], a_cravings[i], wants_to_talk=(i == 1))
                  for i in range(7)]
    rows += [checkin(B, day(i), 2, 3) for i in (0, 1, 6)]
    rows += [checkin(C, day(i), 5, 0) for i in (3, 4, 5, 6)]
    rows += [checkin(D, day(i), 3, 4) for i in (0, 1)]
    rows.append(checkin(A, day(-1), 1, 9))  # the Sunday before: not this week
    rows += [OutsideMeeting(resident_id=A, on_date=d_, fellowship="AA")
             for d_ in (day(0), day(2), day(2), day(-1))]
    rows += [OutsideMeeting(resident_id=B, on_date=day(i), fellowship="NA") for i in range(5)]
    rows += [OutsideMeeting(resident_id=C, on_date=day(i), fellowship="SMART") for i in (4, 5)]
    rows += [screen(A, local(day(1), 9)), screen(D, local(day(2), 8), "positive"),
             screen(B, local(day(5), 10), "refused"), screen(A, local(day(-2), 9), "positive")]
    # A leaves at 20:00 on Friday and is back at 00:30 (weekend curfew 23:59): one miss.
    # B (phase 2, 22:00) is back at 23:30 on Tuesday: one miss; Wednesday back in time.
    rows += [SignOut(resident_id=A, out_at=local(day(4), 20), back_at=local(day(5), 0, 30)),
             SignOut(resident_id=A, out_at=local(day(0), 18), back_at=local(day(0), 20, 45)),
             SignOut(resident_id=B, out_at=local(day(1), 20), back_at=local(day(1), 23, 30)),
             SignOut(resident_id=B, out_at=local(day(2), 18), back_at=local(day(2), 21, 30))]
    insert(store, *rows)

    with setup_write(store) as s:
        hid = house.house_id
        m1 = Meeting(house_id=hid, starts_at=local(day(0), 19), status="held", topic="Chores")
        m2 = Meeting(house_id=hid, starts_at=local(day(3), 19), status="held", topic="Step 3")
        m3 = Meeting(house_id=hid, starts_at=local(day(5), 19), status="cancelled",
                     topic="Picnic")
        m0 = Meeting(house_id=hid, starts_at=local(day(-1), 19), status="held", topic="Old")
        kitchen = Chore(house_id=hid, name="Kitchen", area="Ground floor")
        baths = Chore(house_id=hid, name="Bathrooms", area="Upstairs")
        inc = Incident(house_id=hid, at=local(day(4), 15), category="conflict",
                       description="Argument about the TV")
        noise = Incident(house_id=hid, at=local(day(6), 22), category="neighbour_complaint",
                         description="Music late")
        s.add_all([m1, m2, m3, m0, kitchen, baths, inc, noise])
        s.flush()
        s.add_all([
            Attendance(meeting_id=m1.id, resident_id=A, status="present"),
            Attendance(meeting_id=m1.id, resident_id=B, status="late"),
            Attendance(meeting_id=m1.id, resident_id=D, status="absent"),
            Attendance(meeting_id=m2.id, resident_id=A, status="excused"),
            Attendance(meeting_id=m2.id, resident_id=B, status="present"),
            Attendance(meeting_id=m2.id, resident_id=C, status="present"),
            Attendance(meeting_id=m0.id, resident_id=A, status="absent"),
            ChoreAssignment(chore_id=kitchen.id, resident_id=A, due_date=day(0), status="done"),
            ChoreAssignment(chore_id=kitchen.id, resident_id=A, due_date=day(1),
                            status="verified"),
            ChoreAssignment(chore_id=kitchen.id, resident_id=A, due_date=day(2), status="missed"),
            ChoreAssignment(chore_id=kitchen.id, resident_id=A, due_date=day(3),
                            status="excused"),
            ChoreAssignment(chore_id=kitchen.id, resident_id=A, due_date=day(-1), status="missed"),
            ChoreAssignment(chore_id=baths.id, resident_id=B, due_date=day(4)),
            ChoreAssignment(chore_id=kitchen.id, resident_id=A, due_date=day(7)),
            ChoreAssignment(chore_id=baths.id, resident_id=B, due_date=day(8)),
            IncidentResident(incident_id=inc.id, resident_id=A),
            IncidentResident(incident_id=inc.id, resident_id=B),
            Resource(name="988 Lifeline", kind="crisis", phone="988"),
            Resource(name="Tuesday NA", kind="meeting", house_id=hid, schedule="Tue 19:00"),
            Resource(name="Closed clinic", kind="clinic", active=False),
        ])
    return SimpleNamespace(A=A, B=B, C=C, D=D, phases=phases)


def test_one_row_per_resident_with_counts(house, week):
    s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    A, B, C, D = week.A, week.B, week.C, week.D
    assert s.week == "2025-W23" and s.week_end == date(2025, 6, 8) and s.complete
    # Sorted by last name: Chen, Diaz, Evans, Rivera.
    assert [r.resident_id for r in s.residents] == [B, C, D, A]

    a = row(s, A)
    assert (a.board_name, a.full_name, a.phase_name) == ("Alex R.", "Alex Rivera",
                                                         week.phases[0].name)
    assert (a.days_present, a.checkins_done) == (7, 7)
    assert a.mood_avg == Fraction(25, 7) and a.mood_min == 2
    assert a.craving_avg == Fraction(15, 7) and a.craving_peak == 8
    assert a.talk_requests == 1 and a.checkin_gap == 0
    assert (a.outside_meetings, a.outside_required) == (3, 5)
    att = a.attendance
    assert (att.held, att.present, att.late, att.excused, att.absent) == (2, 1, 0, 1, 0)
    assert (a.chores_assigned, a.chores_done, a.chores_missed) == (3, 2, 1)
    assert (a.curfew_misses, a.curfew_nights) == (1, (day(4),))
    assert [x.result for x in a.screens] == ["negative"]
    assert [(i.category) for i in a.incidents] == ["conflict"]

    b = row(s, B)
    assert b.phase_name == week.phases[1].name
    assert (b.days_present, b.checkins_done, b.checkin_gap) == (7, 3, 4)
    assert b.mood_avg == 2.0 and b.craving_peak == 3
    assert (b.outside_meetings, b.outside_required) == (5, 4)
    assert (b.attendance.held, b.attendance.present, b.attendance.late) == (2, 1, 1)
    assert (b.chores_assigned, b.chores_done, b.chores_missed) == (1, 0, 0)
    assert (b.curfew_misses, b.curfew_nights) == (1, (day(1),))
    assert [x.result for x in b.screens] == ["refused"]
    assert len(b.incidents) == 1

    c = row(s, C)  # moved in on Thursday
    assert (c.days_present, c.checkins_done, c.checkin_gap) == (4, 4, 0)
    assert (c.outside_meetings, c.outside_required) == (2, 3)  # 5 a week, 4 nights: 2.86
    assert (c.attendance.held, c.attendance.present) == (1, 1)
    assert c.screens == () and c.incidents == () and c.curfew_misses == 0

    d = row(s, D)  # moved out on Wednesday: a positive screen that day still belongs here
    assert (d.days_present, d.checkins_done) == (2, 2)
    assert (d.attendance.held, d.attendance.absent) == (1, 1)
    assert [x.result for x in d.screens] == ["positive"]
    assert (d.outside_meetings, d.outside_required) == (0, 1)


def test_house_part(house, week):
    s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    A, B, C, D = week.A, week.B, week.C, week.D
    assert (s.census.as_of, s.census.active, s.census.capacity) == (day(6), 3, 6)
    assert (s.census.beds_filled, s.census.beds_free) == (3, 3)
    assert [(m.resident_id, m.on, m.exit_reason) for m in s.move_ins] == [(C, day(3), None)]
    assert [(m.resident_id, m.on, m.exit_reason, m.full_name) for m in s.move_outs] == [
        (D, day(2), "left_voluntarily", "Dee Evans")]
    assert [(m.resident_id, m.label, m.on) for m in s.milestones_reached] == [
        (A, "90 days", date(2025, 6, 3)), (B, "6 months", date(2025, 6, 4))]
    assert [(m.resident_id, m.label, m.on) for m in s.milestones_coming] == [
        (C, "30 days", date(2025, 6, 9))]
    assert [(t.resident_id, t.day) for t in s.open_talk_requests] == [(A, day(1))]
    assert s.incidents == 2
    # Daily trend: Monday has Alex, Bea and Dee.
    assert [p.day for p in s.days] == [day(i) for i in range(7)]
    assert [p.checkins for p in s.days] == [3, 3, 1, 2, 2, 2, 3]
    assert s.days[0].mood_avg == Fraction(3 + 2 + 3, 3)
    assert s.days[2].craving_avg == 8.0
    assert [(x.reason, x.resident_id) for x in s.attention] == [
        ("talk", A), ("screen", B), ("screen", D), ("craving", A), ("curfew", B),
        ("curfew", A), ("checkin_gap", B), ("outside_meetings", C), ("outside_meetings", D),
        ("outside_meetings", A)]
    texts = " ".join(str(x.text) for x in s.attention)
    assert "Screen result: refused" in texts and "Craving reported at 8 of 10" in texts
    assert "3 of 5 outside meetings this week" in texts
    for word in ("fail", "dirty", "addict", "clean"):
        assert word not in texts


def test_summary_is_audited_with_chain_head(house, week):
    s = weekly_summary(house.store, house.owner, house.house_id, WEEK)
    with house.store.read() as session:
        events = list(session.exec(select(AuditEvent).where(
            AuditEvent.action == "report.weekly_summary")))
    assert len(events) == 1
    ev = events[0]
    assert (ev.entity, ev.entity_id, ev.actor) == ("house", str(house.house_id),
                                                   house.owner.audit_name)
    assert json.loads(ev.details) == {"house_id": house.house_id, "week": "2025-W23"}
    # Read in the same transaction, after the event: the printed head is this very event.
    assert (s.audit_seq, s.audit_hash) == (ev.seq, ev.hash)
    with house.store.read() as session:
        newest = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
    assert newest is not None and newest.seq == ev.seq


def test_transfer_counts_as_move_and_splits_the_week(house):
    store = house.store
    oak = houses.create_house(store, house.owner, houses.HouseRules(
        name="Oak House", capacity=4, timezone="America/Chicago"))
    e = house.admit("Eli", "Park", move_in_date=date(2025, 5, 1))
    residents.move_house(store, house.manager, e.id, oak.id, on=day(2))
    insert(store, *[checkin(e.id, day(i)) for i in range(7)])
    maple = weekly_summary(store, house.manager, house.house_id, WEEK)
    oaks = weekly_summary(store, house.manager, oak.id, WEEK)
    assert [(m.resident_id, m.exit_reason, m.other_house_id) for m in maple.move_outs] == [
        (e.id, "transferred", oak.id)]
    assert [(m.resident_id, m.other_house_id) for m in oaks.move_ins] == [
        (e.id, house.house_id)]
    assert (row(maple, e.id).days_present, row(maple, e.id).checkins_done) == (2, 2)
    assert (row(oaks, e.id).days_present, row(oaks, e.id).checkins_done) == (5, 5)
    assert maple.census.active == 0 and oaks.census.active == 1
    # The printed summary names the other house of a transfer.
    assert maple.other_houses == {oak.id: "Oak House"}
    assert oaks.other_houses == {house.house_id: "Maple House"}
    assert "Eli Park (Wed Jun 4): Transferred to Oak House" in text(build_weekly_manager(maple))


def test_dst_week_uses_local_days(house):
    store = house.store
    week = date(2025, 3, 3)  # clocks spring forward on Sunday 9 March in Chicago
    r = house.admit("Alex", "Rivera", move_in_date=date(2025, 2, 1))
    assert WeekRange(week, "America/Chicago").end_utc - WeekRange(
        week, "America/Chicago").start_utc == timedelta(hours=167)
    sunday, next_monday = day(6, week), day(7, week)
    insert(store, *[checkin(r.id, day(i, week), mood=(i % 5) + 1) for i in range(7)],
           checkin(r.id, next_monday),
           screen(r.id, local(day(0, week), 0, 15)),      # 06:15 UTC Monday: in
           screen(r.id, local(day(-1, week), 23, 45)),    # 05:45 UTC Monday: before
           screen(r.id, local(sunday, 23, 30)),           # 04:30 UTC next Monday: in
           screen(r.id, local(next_monday, 0, 30)),       # after
           # Saturday night (weekend curfew 23:59 CST), back after the clocks change.
           SignOut(resident_id=r.id, out_at=local(day(5, week), 22),
                   back_at=datetime(2025, 3, 9, 3, 30, tzinfo=TZ)),
           # Sunday night, phase 1 curfew 21:00 CDT.
           SignOut(resident_id=r.id, out_at=local(sunday, 20), back_at=local(sunday, 21, 30)))
    s = weekly_summary(store, house.manager, house.house_id, week)
    x = row(s, r.id)
    assert (x.days_present, x.checkins_done) == (7, 7)
    assert [p.checkins for p in s.days] == [1] * 7
    assert [p.mood_avg for p in s.days] == [float((i % 5) + 1) for i in range(7)]
    assert len(x.screens) == 2
    assert [sc.at.astimezone(TZ).date() for sc in x.screens] == [day(0, week), sunday]
    assert x.curfew_nights == (day(5, week), sunday)


def test_board_has_public_data_only(house, week):
    board = weekly_board_data(house.store, house.staff, house.house_id, WEEK)
    assert board.week == "2025-W23" and board.chores_week_start == day(7)
    assert [(c.day, c.chore, c.name) for c in board.chores] == [
        (day(7), "Kitchen", "Alex R."), (day(8), "Bathrooms", "Bea C.")]
    assert [(m.starts_at.hour, m.kind, m.topic, m.cancelled) for m in board.meetings] == [
        (19, "house", "Chores", False), (19, "house", "Step 3", False),
        (19, "house", "Picnic", True)]
    assert board.meetings[0].starts_at.utcoffset() == timedelta(hours=-5)
    # Bea did not opt in: her 6 months stays off the board; Cam's 30 days next week is on it.
    assert [(m.name, m.label, m.on) for m in board.milestones] == [
        ("Alex R.", "90 days", date(2025, 6, 3)), ("Cam D.", "30 days", date(2025, 6, 9))]
    assert [r.name for r in board.resources] == ["988 Lifeline", "Tuesday NA"]

    forbidden = {"screens", "incidents", "mood", "craving", "notes", "note", "goals", "phase",
                 "phase_name", "result", "resident_id", "full_name", "sobriety_date",
                 "wants_to_talk", "facilitator", "minutes", "decisions", "category",
                 "attention", "checkins"}

    def field_names(obj) -> set[str]:
        names: set[str] = set()
        for f in dataclasses.fields(obj):
            names.add(f.name)
            value = getattr(obj, f.name)
            for item in value if isinstance(value, tuple) else (value,):
                if dataclasses.is_dataclass(item):
                    names |= field_names(item)
        return names

    assert not field_names(board) & forbidden
    text = repr(board)
    for secret in ("Rivera", "Chen", "Evans", "private note", "6 months", "Argument"):
        assert secret not in text


def test_board_is_audited(house, week):
    weekly_board_data(house.store, house.staff, house.house_id, WEEK)
    with house.store.read() as session:
        events = list(session.exec(select(AuditEvent).where(
            AuditEvent.action == "report.weekly_board")))
    assert [(e.actor, json.loads(e.details)) for e in events] == [
        (house.staff.audit_name, {"house_id": house.house_id, "week": "2025-W23"})]


def test_permissions(house, week):
    with pytest.raises(PermissionDenied):
        weekly_summary(house.store, house.staff, house.house_id, WEEK)
    res = house.resident_actor(residents.get(house.store, house.manager, week.A))
    for fn in (weekly_summary, weekly_board_data):
        with pytest.raises(PermissionDenied):
            fn(house.store, res, house.house_id, WEEK)
    with house.store.read() as session:
        assert not list(session.exec(select(AuditEvent).where(
            AuditEvent.action.startswith("report."))))  # type: ignore[attr-defined]


def test_validation(house):
    with pytest.raises(ValidationError) as err:
        weekly_summary(house.store, house.manager, house.house_id, date(2025, 6, 3))
    assert err.value.field == "week"
    with pytest.raises(ValidationError):
        weekly_board_data(house.store, house.staff, house.house_id, date(2025, 6, 4))
    future = clock.week_start(clock.local_day(clock.now(), "America/Chicago")) + timedelta(7)
    with pytest.raises(ValidationError, match="not started"):
        weekly_summary(house.store, house.manager, house.house_id, future)
    with pytest.raises(NotFound):
        weekly_summary(house.store, house.manager, 999, WEEK)
    with pytest.raises(NotFound):
        weekly_board_data(house.store, house.staff, 999, WEEK)
    with house.store.read() as session:
        assert not list(session.exec(select(AuditEvent).where(
            AuditEvent.action.startswith("report."))))  # type: ignore[attr-defined]


def test_current_week_is_not_complete(house):
    r = house.admit("Alex", "Rivera")
    today = clock.local_day(clock.now(), "America/Chicago")
    s = weekly_summary(house.store, house.manager, house.house_id, clock.week_start(today))
    assert not s.complete
    assert row(s, r.id).days_present == 1
    assert all(a.reason != "outside_meetings" for a in s.attention)


def test_fixed_number_of_queries(house, week):
    """Adding residents (with data) adds no queries: one per table per summary."""
    statements: list[str] = []

    def count(*args) -> None:
        statements.append(args[2])

    event.listen(house.store.engine, "before_cursor_execute", count)
    try:
        weekly_summary(house.store, house.manager, house.house_id, WEEK)
        few = len(statements)
        for i in range(2):
            extra = house.admit(f"Extra{i}", "Person", move_in_date=date(2025, 1, 1))
            insert(house.store, *[checkin(extra.id, day(d)) for d in range(7)],
                   screen(extra.id, local(day(3), 9)),
                   OutsideMeeting(resident_id=extra.id, on_date=day(1), fellowship="AA"),
                   SignOut(resident_id=extra.id, out_at=local(day(1), 23),
                           back_at=local(day(2), 1)))
        statements.clear()
        s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    finally:
        event.remove(house.store.engine, "before_cursor_execute", count)
    assert len(s.residents) == 6
    assert len(statements) == few
    assert few <= 25


def test_empty_house(house):
    s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    assert s.residents == () and s.attention == () and s.census.active == 0
    assert [(p.checkins, p.mood_avg) for p in s.days] == [(0, None)] * 7
    board = weekly_board_data(house.store, house.staff, house.house_id, WEEK)
    assert board.chores == () and board.milestones == ()
