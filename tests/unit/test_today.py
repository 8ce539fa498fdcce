"""The Today read model on a real encrypted database: each part, roles, and query count."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import event

from peerhouse.app import today
from peerhouse.errors import PermissionDenied
from peerhouse.services import checkins, chores, meetings, signouts
from peerhouse.services.chores import ChoreInput
from peerhouse.services.clock import local_day, now, week_start, zone
from tests.support.audit_log import audit_events

TZ = "America/Chicago"


def house_today():
    return local_day(now(), TZ)


def board(house, actor=None, **kw) -> today.TodayBoard:
    return today.today_board(house.store, actor or house.manager, house.house_id, **kw)


def checkin(house, res, **kw):
    args = {"mood": 4, "craving": 2} | kw
    return checkins.submit_checkin(house.store, house.manager, res.id, **args)


def test_census_checkins_talk_and_cravings_for_a_manager(house):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    house.admit("Casey", "Diaz", status="applicant")
    checkin(house, alex, craving=8, wants_to_talk=True)

    b = board(house)
    assert b.day == house_today() and b.house_name == "Maple House"
    assert b.census == today.BedCensus(filled=2, capacity=6, applicants=1)
    assert b.census.free == 4
    assert [s.resident_id for s in b.not_checked_in] == [blair.id]
    assert [(t.resident_id, t.name) for t in b.talk_requests] == [(alex.id, "Alex R.")]
    assert [(c.resident_id, c.craving) for c in b.high_cravings] == [(alex.id, 8)]
    # Reading cravings is a sensitive read: audited by the checkins service, ids only.
    assert len(audit_events(house.store, "checkin.high_cravings.read")) == 1

    checkins.mark_talk_followed_up(house.store, house.manager, b.talk_requests[0].checkin_id)
    checkin(house, blair)
    after = board(house)
    assert after.talk_requests == () and after.not_checked_in == ()


def test_staff_see_no_cravings_or_screens(house):
    alex = house.admit()
    checkin(house, alex, craving=9)
    b = board(house, house.staff)
    assert b.high_cravings is None and b.screens_due is None
    assert b.census is not None and b.out_now == () and b.overdue_chores == ()
    assert b.milestones is not None and b.next_meeting is not None
    assert audit_events(house.store, "checkin.high_cravings.read") == []
    # The manager, with the same data, gets both.
    m = board(house)
    assert m.high_cravings and [d.resident_id for d in m.screens_due] == [alex.id]


def test_without_cravings_nothing_private_is_read_or_audited(house):
    alex = house.admit()
    checkin(house, alex, craving=9)
    b = board(house, with_cravings=False)
    assert b.high_cravings is None and [d.resident_id for d in b.screens_due] == [alex.id]
    assert audit_events(house.store, "checkin.high_cravings.read") == []


def test_residents_are_refused(house):
    alex = house.admit()
    with pytest.raises(PermissionDenied):
        today.today_board(house.store, house.resident_actor(alex), house.house_id)


def test_curfew_misses_of_last_night_and_who_is_out(house):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    day = house_today() - timedelta(days=2)  # a day whose "last night" is well in the past
    night = day - timedelta(days=1)
    tz = zone(TZ)
    out = datetime.combine(night, time(18, 0), tzinfo=tz)
    signouts.sign_out(house.store, house.manager, alex.id, "Work", at=out)
    signouts.sign_in(house.store, house.manager, alex.id,
                     at=datetime.combine(day, time(1, 30), tzinfo=tz))
    signouts.sign_out(house.store, house.manager, blair.id, "Store", at=out)
    signouts.sign_in(house.store, house.manager, blair.id, at=out + timedelta(hours=1))

    b = board(house, day=day)
    assert [(m.resident_id, m.night, m.name) for m in b.curfew_misses] == [
        (alex.id, night, "Alex R.")]
    assert b.curfew_misses[0].back_at is not None

    signouts.sign_out(house.store, house.manager, blair.id, "Meeting")
    assert [(o.resident_id, o.destination) for o in board(house).out_now] == [
        (blair.id, "Meeting")]


def test_overdue_chores_are_pending_ones_due_before_today(house):
    alex = house.admit(move_in_date=house_today() - timedelta(days=30))
    chores.create_chore(house.store, house.manager, house.house_id,
                                ChoreInput("Kitchen", frequency="daily"))
    last_week = week_start(house_today()) - timedelta(days=7)
    made = chores.generate_week(house.store, house.manager, house.house_id, last_week,
                                include_past=True)
    chores.generate_week(house.store, house.manager, house.house_id, week_start(house_today()))
    chores.mark_done(house.store, house.manager, made[0].id)
    chores.excuse(house.store, house.manager, made[1].id)

    overdue = board(house).overdue_chores
    expected = sorted((a for a in made[2:]), key=lambda a: a.due_date, reverse=True)
    assert [o.assignment_id for o in overdue] == [a.id for a in expected]
    assert all(o.due_date < house_today() and o.chore == "Kitchen" for o in overdue)
    assert all(o.resident_id == alex.id and o.name == "Alex R." for o in overdue)


def test_a_week_whose_chores_are_not_shared_out_says_so(house):
    """No rotation generated for this week: 'no chores are overdue' would be false comfort,
    so the board tells chores set up from chores shared out this week."""
    house.admit(move_in_date=house_today() - timedelta(days=30))
    assert board(house).chores_week == today.ChoresWeek(chores=0, assigned=0)
    chores.create_chore(house.store, house.manager, house.house_id,
                        ChoreInput("Kitchen", frequency="daily"))
    chores.create_chore(house.store, house.manager, house.house_id,
                        ChoreInput("Porch", frequency="weekly", weekday=6))
    b = board(house)
    assert b.chores_week == today.ChoresWeek(chores=2, assigned=0)
    assert not b.chores_week.shared_out and b.overdue_chores == ()
    first = week_start(house_today())
    chores.generate_week(house.store, house.manager, house.house_id, first, include_past=True)
    b = board(house, house.staff)
    assert b.chores_week == today.ChoresWeek(chores=2, assigned=8) and b.chores_week.shared_out


def test_milestones_this_week_and_next_meeting(house):
    first = week_start(house_today())
    celebrating = house.admit(sobriety_date=first + timedelta(days=2) - timedelta(days=30))
    house.admit("Blair", "Chen", sobriety_date=first - timedelta(days=200))
    house.admit("Casey", "Diaz")  # no sobriety date: no milestones

    b = board(house)
    assert b.week_start == first
    assert [(m.resident_id, str(m.label), m.on) for m in b.milestones] == [
        (celebrating.id, "30 days", first + timedelta(days=2))]
    assert b.next_meeting == today.NextMeeting(None)

    starts = now() + timedelta(days=1)
    meeting = meetings.schedule(house.store, house.manager, house.house_id, starts, topic="Rota")
    nxt = board(house).next_meeting
    assert nxt is not None and nxt.meeting is not None
    assert (nxt.meeting.meeting_id, nxt.meeting.topic) == (meeting.id, "Rota")


def _queries(house, **kw) -> list[str]:
    """The SELECTs one Today board runs (its reads and the cravings' audited read)."""
    seen: list[str] = []

    def on_execute(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(house.store.engine, "before_cursor_execute", on_execute)
    try:
        board(house, **kw)
    finally:
        event.remove(house.store.engine, "before_cursor_execute", on_execute)
    return seen


def _account_reads(queries: list[str]) -> int:
    return sum(" ".join(q.split()).startswith("SELECT staffaccount.id") for q in queries)


def test_a_fixed_number_of_queries_whatever_the_house_size(house):
    def add_people(names: list[str]) -> None:
        for n in names:
            res = house.admit(n, "Test", sobriety_date=house_today() - timedelta(days=40))
            checkin(house, res, craving=9, wants_to_talk=True)

    add_people(["Ann", "Ben"])
    small = len(_queries(house))
    add_people(["Cat", "Dan", "Eve", "Fay"])
    assert len(_queries(house)) == small
    # A small fixed number: one or two per part (census, check-ins, talk requests,
    # cravings, curfew, who is out, chores, screens, next meeting), all in one snapshot.
    assert small <= 24


def test_the_board_reads_the_account_once_not_once_per_part(house):
    """Every part is a service called in the board's one unit: the account is re-read
    there once, with the cravings' audited read (the unit is then a write) or without."""
    house.admit()
    assert _account_reads(_queries(house)) == 1
    assert _account_reads(_queries(house, with_cravings=False)) == 1
