from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.services import chores, houses, residents
from peerhouse.services.chores import ChoreInput
from peerhouse.services.clock import local_day, now, week_start
from peerhouse.services.text_limits import NOTE
from tests.support.audit_log import audit_events


def today():
    return local_day(now(), "America/Chicago")


THIS_WEEK = week_start(today())
NEXT_WEEK = THIS_WEEK + timedelta(days=7)
LAST_WEEK = THIS_WEEK - timedelta(days=7)


def assignments(house) -> list[ChoreAssignment]:
    with house.store.read() as s:
        return list(s.exec(select(ChoreAssignment).order_by(ChoreAssignment.due_date,
                                                            ChoreAssignment.chore_id)))


def get_chore(house, chore_id: int) -> Chore:
    with house.store.read() as s:
        c = s.get(Chore, chore_id)
        assert c is not None
        return c


def add(house, name: str, **kw) -> Chore:
    return chores.create_chore(house.store, house.manager, house.house_id, ChoreInput(name, **kw))


def other_house(house):
    other = houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak House"))
    res = residents.admit(house.store, house.manager, residents.ResidentInput(
        first_name="Cy", last_name="Oak", house_id=other.id,
        move_in_date=LAST_WEEK - timedelta(days=7)))
    return other, res


# --- configuration -------------------------------------------------------------------

def test_create_chores_of_each_frequency(house):
    a = house.admit()
    daily = add(house, "Dishes", frequency="daily", weekday=3, area="Kitchen")
    weekly = add(house, "Trash", frequency="weekly", weekday=0)
    custom = add(house, "Bathroom", frequency="custom", custom_days="5, 1,1")
    fixed = add(house, "Garden", weekday=5, rotating=False, fixed_resident_id=a.id)
    d = get_chore(house, daily.id)
    assert (d.weekday, d.area, d.frequency) == (None, "Kitchen", "daily")
    assert get_chore(house, weekly.id).weekday == 0
    assert get_chore(house, custom.id).custom_days == "1,5"
    assert (get_chore(house, fixed.id).rotating, get_chore(house, fixed.id).fixed_resident_id) == (
        False, a.id)
    evs = audit_events(house.store, "chore.create")
    assert [json.loads(e.details)["frequency"] for e in evs] == ["daily", "weekly", "custom",
                                                                 "weekly"]
    assert all("Dishes" not in e.details for e in evs)


def test_chore_validation(house):
    a = house.admit()
    _, stranger = other_house(house)
    add(house, "Dishes", frequency="daily")
    cases = [
        (ChoreInput("", frequency="daily"), "chore name"),
        (ChoreInput("Mop", frequency="monthly"), "frequency"),
        (ChoreInput("Mop", frequency="weekly"), "weekday"),
        (ChoreInput("Mop", frequency="weekly", weekday=7), "weekday"),
        (ChoreInput("Mop", frequency="custom", custom_days=""), "days"),
        (ChoreInput("Mop", frequency="custom", custom_days=[1, 9]), "days"),
        (ChoreInput("Mop", frequency="daily", rotating=False), "resident"),
        (ChoreInput("Mop", frequency="daily", rotating=False, fixed_resident_id=stranger.id),
         "resident"),
        (ChoreInput("Dishes", frequency="daily"), "chore name"),
        (ChoreInput("Mop", frequency="daily", instructions="x" * (NOTE.max_len + 1)),
             "instructions"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as e:
            chores.create_chore(house.store, house.manager, house.house_id, data)
        assert e.value.field == field, data
    for actor in (house.staff, house.resident_actor(a)):
        with pytest.raises(PermissionDenied):
            chores.create_chore(house.store, actor, house.house_id, ChoreInput("Mop", weekday=1))
    with pytest.raises(NotFound):
        chores.create_chore(house.store, house.manager, 999, ChoreInput("Mop", weekday=1))
    assert [c.name for c in chores.list_chores(house.store, house.manager, house.house_id)] == [
        "Dishes"]


def test_edit_deactivate_and_list(house):
    a = house.admit()
    c = add(house, "Trash", weekday=0)
    chores.edit_chore(house.store, house.manager, c.id,
                      ChoreInput("Trash and recycling", frequency="daily", area="Yard"))
    row = get_chore(house, c.id)
    assert (row.name, row.frequency, row.weekday, row.area) == ("Trash and recycling", "daily",
                                                                None, "Yard")
    [ev] = audit_events(house.store, "chore.edit")
    assert json.loads(ev.details)["fields"] == ["area", "frequency", "name", "weekday"]
    with pytest.raises(PermissionDenied):
        chores.edit_chore(house.store, house.staff, c.id, ChoreInput("X", frequency="daily"))

    chores.generate_week(house.store, house.manager, house.house_id, THIS_WEEK, include_past=True)
    before = [x for x in assignments(house) if x.due_date < today()]
    chores.deactivate_chore(house.store, house.manager, c.id)
    assert get_chore(house, c.id).active is False
    assert [x.id for x in assignments(house)] == [x.id for x in before]  # history kept
    [ev] = audit_events(house.store, "chore.deactivate")
    assert json.loads(ev.details)["removed"] == 7 - len(before)
    me = house.resident_actor(a)
    assert chores.list_chores(house.store, me, house.house_id) == []
    assert len(chores.list_chores(house.store, me, house.house_id, include_inactive=True)) == 1
    other, _ = other_house(house)
    with pytest.raises(PermissionDenied):
        chores.list_chores(house.store, me, other.id)


# --- generating the week -------------------------------------------------------------

def test_generate_week_assigns_each_due_chore_once_and_is_idempotent(house):
    a, b, c = house.admit("Alex", "A"), house.admit("Bea", "B"), house.admit("Cy", "C")
    dishes = add(house, "Dishes", frequency="daily")
    trash = add(house, "Trash", weekday=0)
    bath = add(house, "Bathroom", frequency="custom", custom_days=[1, 3])
    garden = add(house, "Garden", weekday=5, rotating=False, fixed_resident_id=a.id)
    new = chores.generate_week(house.store, house.manager, house.house_id, NEXT_WEEK)
    rows = assignments(house)
    assert len(new) == len(rows) == 11
    per_chore = Counter(r.chore_id for r in rows)
    assert per_chore == {dishes.id: 7, trash.id: 1, bath.id: 2, garden.id: 1}
    assert all(r.status == "pending" and NEXT_WEEK <= r.due_date < NEXT_WEEK + timedelta(7)
               for r in rows)
    [g] = [r for r in rows if r.chore_id == garden.id]
    assert (g.resident_id, g.due_date.weekday()) == (a.id, 5)
    assert Counter(r.resident_id for r in rows if r.chore_id == dishes.id).most_common(1)[0][1] <= 3
    assert {r.resident_id for r in rows} == {a.id, b.id, c.id}

    assert chores.generate_week(house.store, house.manager, house.house_id, NEXT_WEEK) == []
    assert [r.id for r in assignments(house)] == [r.id for r in rows]
    evs = audit_events(house.store, "chore.generate_week")
    assert [json.loads(e.details)["created"] for e in evs] == [11, 0]

    mop = add(house, "Mop", frequency="custom", custom_days="2,4")
    again = chores.generate_week(house.store, house.manager, house.house_id, NEXT_WEEK)
    assert [(x.chore_id, x.due_date.weekday()) for x in again] == [(mop.id, 2), (mop.id, 4)]


def test_generate_week_rules_and_permissions(house):
    house.admit()
    add(house, "Dishes", frequency="daily")
    with pytest.raises(ValidationError) as e:
        chores.generate_week(house.store, house.manager, house.house_id,
                             NEXT_WEEK + timedelta(days=1))
    assert e.value.field == "week start" and "Monday" in str(e.value)
    with pytest.raises(PermissionDenied):
        chores.generate_week(house.store, house.staff, house.house_id, NEXT_WEEK)
    # This week: days before today are not assigned unless asked for.
    made = chores.generate_week(house.store, house.manager, house.house_id, THIS_WEEK)
    assert {x.due_date for x in made} == {THIS_WEEK + timedelta(i) for i in range(7)
                                         if THIS_WEEK + timedelta(i) >= today()}
    rest = chores.generate_week(house.store, house.manager, house.house_id, THIS_WEEK,
                                include_past=True)
    assert len(made) + len(rest) == 7


def test_rotation_is_fair_across_weeks_and_move_ins(house):
    people = [house.admit(n, "R") for n in ("Alex", "Bea", "Cy")]
    dishes = add(house, "Dishes", frequency="daily")
    trash = add(house, "Trash", weekday=2)
    for w in range(6):
        chores.generate_week(house.store, house.manager, house.house_id,
                             NEXT_WEEK + timedelta(weeks=w))
    rows = assignments(house)
    for chore, total in ((dishes, 42), (trash, 6)):
        got = Counter(r.resident_id for r in rows if r.chore_id == chore.id)
        assert sum(got.values()) == total and max(got.values()) - min(got.values()) <= 2
    assert set(Counter(r.resident_id for r in rows if r.chore_id == dishes.id).values()) == {14}

    newcomer = house.admit("Dee", "New")
    week7 = NEXT_WEEK + timedelta(weeks=6)
    made = chores.generate_week(house.store, house.manager, house.house_id, week7)
    theirs = [x for x in made if x.resident_id == newcomer.id and x.chore_id == dishes.id]
    assert 1 <= len(theirs) <= 2  # starts at the others' count, not at zero
    # Nobody gets two chores on one day when someone else is free.
    assert len({(x.resident_id, x.due_date) for x in made}) == len(made)
    assert {p.id for p in people} <= {x.resident_id for x in made}


def test_mid_week_move_in_and_fixed_resident_moving_out(house):
    a, b = house.admit("Alex", "A"), house.admit("Bea", "B")
    dishes = add(house, "Dishes", frequency="daily")
    garden = add(house, "Garden", weekday=1, rotating=False, fixed_resident_id=a.id)
    later = house.admit("Cy", "C", move_in_date=NEXT_WEEK + timedelta(days=4))
    residents.discharge(house.store, house.manager, a.id, "moved_on")
    made = chores.generate_week(house.store, house.manager, house.house_id, NEXT_WEEK)
    assert all(x.due_date >= NEXT_WEEK + timedelta(days=4) for x in made
               if x.resident_id == later.id)
    [g] = [x for x in made if x.chore_id == garden.id]
    assert g.resident_id in (b.id, later.id) and g.resident_id != a.id
    assert len([x for x in made if x.chore_id == dishes.id]) == 7


# --- reading ---------------------------------------------------------------------------

def test_week_board_and_resident_chores(house):
    a, b = house.admit("Alex", "Rivera"), house.admit("Bea", "Young")
    c = house.admit("Aaron", "Stone", preferred_name="Sky")  # sorts by the name shown
    add(house, "Dishes", frequency="daily", area="Kitchen")
    chores.generate_week(house.store, house.manager, house.house_id, NEXT_WEEK)
    board = chores.week_board(house.store, house.resident_actor(a), house.house_id, NEXT_WEEK)
    assert board.days == tuple(NEXT_WEEK + timedelta(i) for i in range(7))
    assert [(r.resident_id, r.name) for r in board.rows] == [
        (a.id, "Alex R."), (b.id, "Bea Y."), (c.id, "Sky S.")]
    for i in range(7):
        cells = [c for r in board.rows for c in r.days[i]]
        assert [(c.chore, c.area, c.status) for c in cells] == [("Dishes", "Kitchen", "pending")]
    other, _ = other_house(house)
    with pytest.raises(PermissionDenied):
        chores.week_board(house.store, house.resident_actor(a), other.id, NEXT_WEEK)

    mine = chores.resident_chores(house.store, house.resident_actor(a), a.id, NEXT_WEEK,
                                  NEXT_WEEK + timedelta(days=6))
    assert mine and all(m.chore == "Dishes" for m in mine)
    assert {m.assignment_id for m in mine} == {c.assignment_id for c in
                                              [x for r in board.rows if r.resident_id == a.id
                                               for d in r.days for x in d]}
    one_day = chores.resident_chores(house.store, house.staff, a.id, mine[0].due_date)
    assert [m.assignment_id for m in one_day] == [mine[0].assignment_id]
    with pytest.raises(PermissionDenied):
        chores.resident_chores(house.store, house.resident_actor(b), a.id, NEXT_WEEK)
    with pytest.raises(ValidationError):
        chores.resident_chores(house.store, house.staff, a.id, NEXT_WEEK, THIS_WEEK)


# --- status changes --------------------------------------------------------------------

def setup_week(house):
    moved_in = LAST_WEEK - timedelta(days=7)
    a = house.admit("Alex", "A", move_in_date=moved_in)
    b = house.admit("Bea", "B", move_in_date=moved_in)
    add(house, "Dishes", frequency="daily")
    add(house, "Trash", frequency="daily")
    for week in (LAST_WEEK, THIS_WEEK, NEXT_WEEK):
        chores.generate_week(house.store, house.manager, house.house_id, week,
                             include_past=True)
    rows = assignments(house)
    return a, b, rows


def pick(rows, resident_id, day):
    return next(r for r in rows if r.resident_id == resident_id and r.due_date == day)


def test_resident_marks_own_chore_done_and_staff_verify(house):
    a, b, rows = setup_week(house)
    mine = pick(rows, a.id, today())
    me = house.resident_actor(a)
    done = chores.mark_done(house.store, me, mine.id)
    assert done.status == "done" and done.done_at is not None
    with pytest.raises(ValidationError) as e:
        chores.mark_done(house.store, me, mine.id)
    assert "already done" in str(e.value)
    with pytest.raises(PermissionDenied):
        chores.mark_done(house.store, house.resident_actor(b), mine.id)
    with pytest.raises(PermissionDenied):
        chores.verify(house.store, me, mine.id)
    chores.verify(house.store, house.staff, mine.id)
    row = next(r for r in assignments(house) if r.id == mine.id)
    assert (row.status, row.verified_by) == ("verified", house.staff.id) and row.verified_at
    for change in (lambda: chores.mark_done(house.store, me, mine.id),
                   lambda: chores.mark_missed(house.store, house.staff, mine.id),
                   lambda: chores.verify(house.store, house.staff, mine.id)):
        with pytest.raises(ValidationError) as e:
            change()
        assert "already verified" in str(e.value)
    assert [json.loads(e.details)["previous"] for e in audit_events(house.store, "chore.done")] == ["pending"]
    assert [json.loads(e.details)["previous"] for e in audit_events(house.store, "chore.verify")] == ["done"]
    with pytest.raises(NotFound):
        chores.mark_done(house.store, me, 99999)


def test_verify_pending_directly_future_rules_and_notes(house):
    a, b, rows = setup_week(house)
    pending = pick(rows, b.id, today())
    v = chores.verify(house.store, house.manager, pending.id)
    assert v.status == "verified" and v.done_at is not None
    future = pick(rows, a.id, NEXT_WEEK)
    with pytest.raises(ValidationError) as e:
        chores.mark_done(house.store, house.resident_actor(a), future.id)
    assert "before the day" in str(e.value)
    with pytest.raises(ValidationError):
        chores.mark_missed(house.store, house.staff, future.id)
    chores.excuse(house.store, house.staff, future.id, note="hospital appointment")
    row = next(r for r in assignments(house) if r.id == future.id)
    assert (row.status, row.note) == ("excused", "hospital appointment")
    [ev] = audit_events(house.store, "chore.excuse")
    assert "hospital" not in ev.details
    with pytest.raises(ValidationError):
        chores.mark_missed(house.store, house.staff, future.id)  # excused → missed refused
    other = pick(rows, a.id, today())
    chores.mark_missed(house.store, house.staff, other.id)
    chores.excuse(house.store, house.staff, other.id)  # missed → excused allowed
    with pytest.raises(PermissionDenied):
        chores.excuse(house.store, house.resident_actor(a), other.id)
    with pytest.raises(ValidationError) as e:
        chores.excuse(house.store, house.staff, other.id, note="x" * 501)
    assert e.value.field == "note"


def test_mark_overdue_missed(house):
    a, b, rows = setup_week(house)
    _, stranger = other_house(house)
    far = chores.create_chore(house.store, house.manager, stranger.house_id,
                              ChoreInput("Porch", frequency="daily"))
    chores.generate_week(house.store, house.manager, stranger.house_id, LAST_WEEK,
                         include_past=True)
    chores.mark_done(house.store, house.resident_actor(a), pick(rows, a.id, LAST_WEEK).id)
    with pytest.raises(ValidationError) as e:
        chores.mark_overdue_missed(house.store, house.staff, house.house_id,
                                   today() + timedelta(days=1))
    assert e.value.field == "before"
    with pytest.raises(PermissionDenied):
        chores.mark_overdue_missed(house.store, house.resident_actor(a), house.house_id, today())

    n = chores.mark_overdue_missed(house.store, house.staff, house.house_id, today())
    after = {r.id: r.status for r in assignments(house)}
    overdue = [r.id for r in rows if r.due_date < today()]
    assert n == len(overdue) - 1 >= 13
    assert Counter(after[i] for i in overdue) == {"missed": n, "done": 1}
    assert all(after[r.id] == "pending" for r in rows if r.due_date >= today())
    assert all(status == "pending" for i, status in after.items()
               if i not in {r.id for r in rows})  # the other house is untouched
    assert sum(1 for x in assignments(house) if x.chore_id == far.id) == 7
    [ev] = audit_events(house.store, "chore.mark_overdue_missed")
    assert json.loads(ev.details) == {"before": today().isoformat(), "count": n}
    assert chores.mark_overdue_missed(house.store, house.staff, house.house_id, today()) == 0
