"""Facts on the weekly manager summary that were wrong on paper: a milestone still ahead
listed as reached, a mood average of x.25 printed 0.1 low, the outside-meeting
requirement for part of a week rounded down in silence, business meetings counted as
house meetings, and an empty "0 of 0" row for someone who moved out on the Monday.

Each is checked in the read model and in the PDF read back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from setup_write import setup_write

from peerhouse.models import Attendance, CheckIn, Meeting, OutsideMeeting
from peerhouse.reports.weekly_manager import build_weekly_manager
from peerhouse.services import clock, houses, residents
from peerhouse.services.summaries import weekly_summary
from tests.support.pdfcheck import tables, text

TZ = ZoneInfo("America/Chicago")
WEEK = date(2025, 6, 2)  # Monday of 2025-W23


def day(i: int) -> date:
    return WEEK + timedelta(days=i)


def local(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), tzinfo=TZ)


def insert(store, *rows) -> None:
    with setup_write(store) as session:
        session.add_all(rows)


def checkin(rid: int, d: date, mood: int = 4, craving: int = 1) -> CheckIn:
    return CheckIn(resident_id=rid, day=d, at=local(d, 20), mood=mood, craving=craving)


def at_house_time(monkeypatch, d: date, hh: int) -> None:
    """The clock reads `hh`:00 on house-local day `d`."""
    instant = local(d, hh).astimezone(UTC)
    monkeypatch.setattr(clock, "now", lambda: instant)


def resident_rows(pdf: bytes) -> dict[str, list[str]]:
    """The residents table by name (a row's first cell also holds the phase line)."""
    return {r[0]: r[1:] for r in tables(pdf, "Resident")
            if len(r) == 11}


def test_a_milestone_later_this_week_is_not_reached_yet(house, monkeypatch):
    # Wednesday of the week: a 60-day milestone on Friday is still ahead; today's counts.
    at_house_time(monkeypatch, day(2), 10)
    gia = house.admit("Gia", "Lopez", move_in_date=date(2025, 3, 1),
                      sobriety_date=day(4) - timedelta(days=60))
    hal = house.admit("Hal", "Moore", move_in_date=date(2025, 3, 1),
                      sobriety_date=day(2) - timedelta(days=30))
    s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    assert not s.complete
    assert [(m.resident_id, m.label, m.on) for m in s.milestones_reached] == [
        (hal.id, "30 days", day(2))]
    assert (gia.id, "60 days", day(4)) in [(m.resident_id, m.label, m.on)
                                           for m in s.milestones_coming]
    body = text(build_weekly_manager(s))
    reached = body.split("Milestones reached")[1].split("Milestones coming")[0]
    assert "Hal Moore" in reached and "Gia Lopez" not in reached
    coming = body.split("Milestones coming")[1].split("Audit trail")[0]
    assert "Gia Lopez 60 days Fri Jun 6" in coming

    # Once the week is over, Friday's milestone was reached in it.
    at_house_time(monkeypatch, day(9), 10)
    s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    assert [m.resident_id for m in s.milestones_reached] == [hal.id, gia.id]


def test_mood_average_rounds_half_up_once(house):
    a = house.admit("Ada", "Kim", move_in_date=date(2025, 3, 1))
    # Ada's mood 3, 3, 3, 4: 3.25 prints 3.3; her craving 1, 1, 1, 2: 1.25 on the chart.
    insert(house.store, *[checkin(a.id, day(i), mood, craving) for i, (mood, craving) in
                          enumerate([(3, 1), (3, 1), (3, 1), (4, 2)])])
    # Monday, four people: moods 3, 4, 3, 3 (3.25) and cravings 1, 2, 1, 1 (1.25).
    b = house.admit("Ben", "Lee", move_in_date=date(2025, 3, 1))
    c = house.admit("Cy", "Ng", move_in_date=date(2025, 3, 1))
    d = house.admit("Di", "Oh", move_in_date=date(2025, 3, 1))
    insert(house.store, checkin(b.id, day(0), 4, 2), checkin(c.id, day(0), 3, 1),
           checkin(d.id, day(0), 3, 1))
    s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    pdf = build_weekly_manager(s)
    rows = resident_rows(pdf)
    ada = next(v for k, v in rows.items() if k.startswith("Ada Kim"))
    assert ada[:2] == ["4 of 7", "3.3"]
    body = text(pdf)
    charts = body.split("Mood and cravings, day by day")[1].split("Milestones")[0]
    assert "3.3" in charts and "3.2" not in charts
    assert "1.3" in charts and "1.2" not in charts


def test_outside_meeting_requirement_rounds_to_nearest_and_says_so(house):
    phases = houses.list_phases(house.store, house.manager, house.house_id)
    five = next(p for p in phases if p.meetings_per_week == 5)
    # Moves in on Thursday: 4 nights of 7 at 5 a week is 2.86, asked for 3 (not 2).
    cam = house.admit("Cam", "Diaz", move_in_date=day(3), phase_id=five.id)
    insert(house.store, *[OutsideMeeting(resident_id=cam.id, on_date=day(i), fellowship="AA")
                          for i in (4, 5)])
    s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    row = next(r for r in s.residents if r.resident_id == cam.id)
    assert (row.outside_meetings, row.outside_required) == (2, 3)
    assert any(a.resident_id == cam.id and str(a.text) == "2 of 3 outside meetings this week"
               for a in s.attention)
    body = text(build_weekly_manager(s))
    assert "rounded to the nearest whole meeting" in body


def test_house_meetings_column_counts_house_meetings_only(house):
    a = house.admit("Ada", "Kim", move_in_date=date(2025, 3, 1))
    with setup_write(house.store) as s:
        meeting = Meeting(house_id=house.house_id, kind="house", starts_at=local(day(6), 19),
                          status="held", topic="Chores")
        business = Meeting(house_id=house.house_id, kind="business",
                           starts_at=local(day(2), 19), status="held", topic="Budget")
        s.add_all([meeting, business])
        s.flush()
        s.add_all([Attendance(meeting_id=meeting.id, resident_id=a.id, status="present"),
                   Attendance(meeting_id=business.id, resident_id=a.id, status="absent")])
    s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    att = s.residents[0].attendance
    assert (att.held, att.present, att.absent) == (1, 1, 0)
    pdf = build_weekly_manager(s)
    ada = next(v for k, v in resident_rows(pdf).items() if k.startswith("Ada Kim"))
    assert ada[5] == "1 of 1"
    assert "House meetings: present or late of the house meetings held" in text(pdf)


def test_someone_who_moved_out_on_monday_has_no_row_but_is_listed_as_moved_out(house):
    stay = house.admit("Ada", "Kim", move_in_date=date(2025, 3, 1))
    gone = house.admit("Mo", "Reyes", move_in_date=date(2025, 3, 1))
    residents.discharge(house.store, house.manager, gone.id, "completed", on=WEEK)
    insert(house.store, checkin(stay.id, day(0)))
    s = weekly_summary(house.store, house.manager, house.house_id, WEEK)
    assert [r.resident_id for r in s.residents] == [stay.id]
    assert [m.resident_id for m in s.move_outs] == [gone.id]
    pdf = build_weekly_manager(s)
    body = text(pdf)
    assert "Residents this week (1)" in body
    assert "Mo Reyes (Mon Jun 2): Completed the program" in body
    assert [k.split(" Phase")[0] for k in resident_rows(pdf)] == ["Ada Kim"]
