"""The application layer's operations: a write returns what it changed (typed, derived
from the rows its transaction wrote, never listed by hand); a read returns its result."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import SQLModel, func, select

from peerhouse.app.changes import (
    BOOKKEEPING,
    EVERYTHING,
    NOTHING,
    TABLES,
    Changes,
    RecordKind,
    kind_of,
)
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.models.people import Resident
from peerhouse.services import checkins, goals, houses, meetings, residents
from peerhouse.services.unit import Unit
from peerhouse.store import vault


def _data(house, first: str = "Alex") -> residents.ResidentInput:
    return residents.ResidentInput(first_name=first, last_name="Rivera",
                                   house_id=house.house_id)


def test_every_table_has_a_kind(house):
    """The guard: a new table must say which kind of record it holds (or that it is the
    file's bookkeeping), or the screens showing that kind would never refresh."""
    with house.store.read() as s:
        names = {r[0] for r in s.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")}
    names |= set(SQLModel.metadata.tables)
    assert names - set(TABLES) - BOOKKEEPING == set()
    assert set(TABLES) & BOOKKEEPING == set()
    assert {kind_of(t) for t in TABLES} == set(RecordKind)  # and every kind holds some table
    with pytest.raises(KeyError):
        kind_of("a_table_nobody_named")


def test_admitting_a_resident_says_residents_changed_for_that_house(house):
    done = WriteOp(residents.admit, _data(house)).run(house.store, house.manager)
    assert isinstance(done.result, Resident)
    assert done.changes == Changes(frozenset({RecordKind.RESIDENTS}), frozenset({house.house_id}),
                                   frozenset({done.result.id}))


def test_a_check_in_names_its_resident_and_the_house_they_live_in(house):
    res = house.admit()
    done = WriteOp(checkins.submit_checkin, res.id, 4, 2).run(house.store,
                                                              house.resident_actor(res))
    assert done.changes.kinds == {RecordKind.CHECKINS}
    assert done.changes.resident_ids == {res.id}
    assert done.changes.house_ids == {house.house_id}
    assert done.changes.touches(RecordKind.CHECKINS, house_id=house.house_id)
    assert not done.changes.touches(RecordKind.CHECKINS, house_id=house.house_id + 1)
    assert not done.changes.touches(RecordKind.RESIDENTS, RecordKind.MEETINGS)


def test_a_move_concerns_both_houses(house):
    res = house.admit()
    cedar = houses.create_house(house.store, house.owner, houses.HouseRules(
        name="Cedar House", capacity=4, timezone="America/Chicago"))
    done = WriteOp(residents.move_house, res.id, cedar.id).run(house.store, house.manager)
    assert RecordKind.RESIDENTS in done.changes.kinds
    assert done.changes.house_ids == {house.house_id, cedar.id}


def test_steps_composed_in_one_operation_report_every_kind(house):
    res = house.admit()
    starts = datetime.now(UTC) + timedelta(days=2)

    def plan(u: Unit) -> int:
        meetings.schedule(u, house.house_id, starts)
        return goals.create_goal(u, res.id, "health", "Walk daily").goal.id

    done = WriteOp(plan).run(house.store, house.manager)
    assert done.changes.kinds == {RecordKind.MEETINGS, RecordKind.GOALS}
    assert done.changes.house_ids == {house.house_id}
    assert done.changes.resident_ids == {res.id}
    assert (done.changes | NOTHING) == done.changes and not NOTHING


def test_a_setting_is_a_settings_change(house):
    done = WriteOp(houses.set_setting, "attention_notifications", "off").run(house.store,
                                                                            house.manager)
    assert done.changes == Changes(frozenset({RecordKind.SETTINGS}))


def test_a_change_made_elsewhere_touches_every_kind_but_names_none():
    """Another process saved something: every screen may be out of date, but none may act
    as if it knew a kind was written (Today re-reads cravings only after a check-in)."""
    one = Changes(frozenset({RecordKind.CHORES}), frozenset({2}))
    assert EVERYTHING and not EVERYTHING.kinds
    assert all(EVERYTHING.touches(kind, house_id=7) for kind in RecordKind)
    assert (one | EVERYTHING).everything and (one | EVERYTHING).kinds == one.kinds
    assert not (one | NOTHING).everything
    assert one.touches(RecordKind.CHORES, house_id=2)
    assert not one.touches(RecordKind.CHORES, house_id=3)
    assert not one.touches(RecordKind.RESIDENTS)


def test_a_refused_write_changes_nothing_and_commits_nothing(house):
    res = house.admit()
    with house.store.read() as s:
        before = s.exec(select(func.count()).select_from(Resident)).one()

    def admit_then_refuse(u: Unit) -> None:
        residents.admit(u, _data(house, "Blair"))
        goals.create_goal(u, res.id, "no such area", "Walk daily")

    with pytest.raises(ValidationError):
        WriteOp(admit_then_refuse).run(house.store, house.manager)
    with pytest.raises(PermissionDenied):
        WriteOp(residents.admit, _data(house, "Casey")).run(house.store, house.staff)
    with house.store.read() as s:
        assert s.exec(select(func.count()).select_from(Resident)).one() == before


def test_a_read_op_runs_a_service_or_a_function_of_a_unit(house):
    res = house.admit()
    assert ReadOp(residents.get, res.id).run(house.store, house.manager).id == res.id

    def census(u: Unit) -> int:
        return len(residents.list_residents(u, house_id=house.house_id))

    assert ReadOp(census).run(house.store, house.staff) == 1
    with pytest.raises(TypeError, match="ReadOp"):
        WriteOp(residents.list_residents)
    span = (date(2000, 1, 1), date(2100, 1, 1))

    def answers(u: Unit) -> int:  # an audited read inside: it needs a write unit
        return len(checkins.checkins_for_resident(u, res.id, *span))

    with pytest.raises(RuntimeError, match="writing"):
        ReadOp(answers).run(house.store, house.manager)
    assert ReadOp(answers, audited=True).run(house.store, house.manager) == 0


def test_changes_are_noted_on_another_handle_too(house):
    """The notes are per transaction on its connection: a second handle (the kiosk PC)
    reports its own writes only."""
    other = vault.open_store(house.paths, vault.key_from_keyring(house.paths))
    try:
        res = house.admit()
        done = WriteOp(checkins.submit_checkin, res.id, 3, 1).run(other, house.manager)
        assert done.changes.kinds == {RecordKind.CHECKINS}
        again = WriteOp(houses.set_setting, "attention_notifications", "off").run(other, house.manager)
        assert again.changes.kinds == {RecordKind.SETTINGS} and not again.changes.resident_ids
    finally:
        other.close()
