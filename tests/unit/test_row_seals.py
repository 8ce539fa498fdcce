"""Row seals: a row changed straight in the file, by someone holding the key, is found by
`check` and named by table and id; whatever the program writes through its services (bulk
statements included) passes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, text, update
from sqlmodel import select

from peerhouse.errors import LockedOut
from peerhouse.models.accountability import CheckIn
from peerhouse.models.audit import AuditEvent
from peerhouse.models.people import Resident
from peerhouse.services import checkins, clock, outside_meetings, pins, residents
from peerhouse.services.actor import Actor
from peerhouse.services.unit import writing
from peerhouse.store import audit, seal_capture, vault
from peerhouse.store.checks import RECORDS, run_checks
from peerhouse.store.seal_capture import UnsealedWrite


def _tamper(store, sql: str, params: tuple = ()) -> None:
    """Straight in the file, past the services, as anyone with the key could."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql(sql, params)


def _records(store) -> tuple[bool, str]:
    lines = {name: (ok, detail) for name, ok, detail in run_checks(store, quick=True,
                                                                    seals=True).lines}
    return lines[RECORDS]


def _resident(house, first: str = "Quincy", last: str = "Marlowe"):
    return house.admit(first, last, sobriety_date=date(2024, 3, 1))


def _checkin(house, res) -> CheckIn:
    return checkins.submit_checkin(house.store, house.resident_actor(res), res.id, 4, 2)


def _locked_pin(house, res) -> None:
    pins.reset_pin(house.store, house.manager, res.id, "583920")
    for _ in range(pins.LOCK_AFTER):
        with pytest.raises((LockedOut, Exception)):
            pins.verify_pin(house.store, res.id, "000111")


def _name(house, res) -> tuple[str, int]:
    _tamper(house.store, "UPDATE resident SET first_name = 'Quinn' WHERE id = ?", (res.id,))
    return "resident", res.id


def _sobriety(house, res) -> tuple[str, int]:
    _tamper(house.store, "UPDATE resident SET sobriety_date = '2020-01-01' WHERE id = ?",
            (res.id,))
    return "resident", res.id


def _pin_unlock(house, res) -> tuple[str, int]:
    _locked_pin(house, res)
    _tamper(house.store, "UPDATE resident SET pin_locked = 0, pin_failed_attempts = 0 "
                         "WHERE id = ?", (res.id,))
    return "resident", res.id


def _checkin_deleted(house, res) -> tuple[str, int]:
    row = _checkin(house, res)
    _tamper(house.store, "DELETE FROM checkin WHERE id = ?", (row.id,))
    return "checkin", row.id


def _promoted(house, res) -> tuple[str, int]:
    _tamper(house.store, "UPDATE staffaccount SET role = 'owner' WHERE id = ?", (house.staff.id,))
    return "staffaccount", house.staff.id


def _planted(house, res) -> tuple[str, int]:
    row = _checkin(house, res)
    _tamper(house.store, "INSERT INTO checkin (resident_id, day, at, mood, craving, slept_well, "
                         "sponsor_contact, note, wants_to_talk, source) SELECT resident_id, "
                         "date(day, '-1 day'), at, 5, 0, 1, 1, '', 0, source FROM checkin "
                         "WHERE id = ?", (row.id,))
    return "checkin", row.id + 1


@pytest.mark.parametrize("change", [_name, _sobriety, _pin_unlock, _checkin_deleted, _promoted,
                                    _planted])
def test_a_row_changed_in_the_file_is_found_and_named_by_table_and_id(house, change):
    res = _resident(house)
    assert _records(house.store)[0]
    table, rid = change(house, res)
    ok, detail = _records(house.store)
    assert not ok
    assert detail.startswith(f"table {table}, id {rid}: "), detail
    for word in ("Quincy", "Quinn", "Marlowe", "Sam", "sam", "2020-01-01"):
        assert word not in detail
    assert not run_checks(house.store).ok


def test_each_kind_of_difference_says_what_it_is(house):
    res = _resident(house)
    first = _checkin(house, res)
    earlier = clock.now() - timedelta(days=1)
    with pytest.MonkeyPatch.context() as mp:  # a check-in on another day, by the service
        mp.setattr(checkins, "now", lambda: earlier)
        second = _checkin(house, res)
    _tamper(house.store, "UPDATE checkin SET mood = 1 WHERE id = ?", (first.id,))
    assert "differs from what its last audited change wrote (last audited change: event" in \
        _records(house.store)[1]
    _tamper(house.store, "DELETE FROM checkin WHERE id = ?", (first.id,))
    assert "missing, and no audited change deleted it" in _records(house.store)[1]
    _tamper(house.store, "DELETE FROM checkin")
    ok, detail = _records(house.store)
    assert f"id {first.id}: missing" in detail and "(2 problems in all)" in detail
    assert second.id != first.id


def test_a_dropped_table_is_found(house):
    res = _resident(house)
    residents.change_sobriety_date(house.store, house.manager, res.id, date(2024, 6, 1), "reset")
    _tamper(house.store, "DROP TABLE sobrietydatechange")
    ok, detail = _records(house.store)
    assert not ok and "table sobrietydatechange" in detail and "whole table is gone" in detail


def test_deleting_through_a_service_is_sealed_as_a_deletion(house):
    res = _resident(house)
    # Yesterday on this PC is never a future day in the house's time zone (today could be,
    # just after midnight here while the house is still on yesterday).
    met = outside_meetings.log(house.store, house.manager, res.id,
                               date.today() - timedelta(days=1), "AA")
    outside_meetings.remove(house.store, house.manager, met.id)
    assert _records(house.store)[0]
    with house.store.read() as s:
        assert s.execute(text("SELECT count(*) FROM outsidemeeting")).scalar() == 0


def test_bulk_statements_are_sealed_and_writes_after_the_event_join_it(house):
    a, b = _resident(house, "Alex", "Rivera"), _resident(house, "Blair", "Stone")
    for r in (a, b):
        _checkin(house, r)
    with writing(house.store, house.manager) as u:
        s = u.session
        s.execute(update(CheckIn).values(note="paper").execution_options(
            synchronize_session=False))
        u.audit("checkin.bulk", "house", house.house_id)
        s.execute(delete(CheckIn).where(CheckIn.resident_id == b.id).execution_options(
            synchronize_session=False))  # after the event: it joins that event's seals
        row = s.get(Resident, a.id)
        row.phone = "555-0100"
        s.add(row)
    assert _records(house.store)[0]
    with house.store.read() as s:
        last = s.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()  # type: ignore[attr-defined]
    assert last.action == "checkin.bulk" and last.seal
    assert run_checks(house.store).ok  # the chain still verifies with the event resealed


def test_a_write_without_an_audit_event_fails_loudly_and_saves_nothing(house):
    res = _resident(house)
    with pytest.raises(UnsealedWrite), house.store.write() as s:
        s.execute(text("UPDATE resident SET phone = '555-0199' WHERE id = :id"), {"id": res.id})
    with house.store.read() as s:
        assert s.get(Resident, res.id).phone == ""
    assert _records(house.store)[0]


def test_outside_the_tests_an_unaudited_write_is_sealed_by_a_system_event(house, monkeypatch):
    monkeypatch.setattr(seal_capture, "STRICT", False)
    res = _resident(house)
    with house.store.write() as s:
        s.execute(text("UPDATE resident SET phone = '555-0199' WHERE id = :id"), {"id": res.id})
    with house.store.read() as s:
        last = s.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()  # type: ignore[attr-defined]
    assert (last.actor, last.action, last.details) == ("system", "records.seal",
                                                       '{"why":"unaudited"}')
    assert run_checks(house.store).ok


def test_a_row_changed_outside_stays_found_after_the_program_changes_it_again(house):
    """A later audited change of the tampered row seals the row as it is then, but records
    the row as it found it: the edit in between shows for good. The notes a connection
    made outside a Store write never reach the next event's seals either."""
    res = _resident(house)
    _tamper(house.store, "UPDATE resident SET notes = 'x' WHERE id = ?", (res.id,))
    residents.edit(house.store, house.manager, res.id, {"phone": "555-0142"})
    ok, detail = _records(house.store)
    assert not ok and detail.startswith(f"table resident, id {res.id}: changed outside "
                                        "PeerHouse before event ")
    residents.edit(house.store, house.manager, res.id, {"notes": "y"})
    assert _records(house.store)[1] == detail


def test_a_removed_row_whose_id_is_used_again_is_still_found(house):
    """SQLite gives the next row the id of a removed last row: the new check-in is sealed
    as new, and the removal before it shows."""
    a, b = _resident(house, "Alex", "Rivera"), _resident(house, "Blair", "Stone")
    row = _checkin(house, a)
    _tamper(house.store, "DELETE FROM checkin WHERE id = ?", (row.id,))
    again = _checkin(house, b)
    assert again.id == row.id
    ok, detail = _records(house.store)
    assert not ok and detail.startswith(f"table checkin, id {row.id}: removed outside "
                                        "PeerHouse before event ")


def test_a_rolled_back_write_leaves_the_next_one_sealed(house):
    res = _resident(house)
    house.store.close()
    store = vault.open_store(house.paths, vault.key_from_keyring(house.paths))
    try:
        with pytest.raises(RuntimeError), store.write() as s:  # installs, then rolls back
            s.execute(text("UPDATE resident SET phone = '555-0101' WHERE id = :id"),
                      {"id": res.id})
            raise RuntimeError("changed my mind")
        residents.edit(store, Actor.system(), res.id, {"phone": "555-0102"})
        assert _records(store)[0]
        _tamper(store, "UPDATE resident SET phone = '555-0103' WHERE id = ?", (res.id,))
        assert not _records(store)[0]
    finally:
        store.close()


def test_changed_seals_are_found(house):
    res = _resident(house)
    _checkin(house, res)
    _tamper(house.store, "UPDATE rowseal SET digests = zeroblob(length(digests)) "
                         "WHERE tbl = 'checkin'")
    ok, detail = _records(house.store)
    assert not ok and "row seals of event" in detail
    _tamper(house.store, "UPDATE auditevent SET seal = '' WHERE seal != ''")
    assert not run_checks(house.store).ok


def test_removing_the_seals_of_a_change_is_found(house):
    """A promotion hidden by deleting the seals of the account's last change: the event
    still carries its seal, so the missing entries show."""
    _tamper(house.store, "UPDATE staffaccount SET role = 'owner' WHERE id = ?", (house.staff.id,))
    with house.store.engine.begin() as conn:
        seq = conn.exec_driver_sql("SELECT max(seq) FROM rowseal WHERE tbl = 'staffaccount'"
                                   ).scalar()
        conn.exec_driver_sql("DELETE FROM rowseal WHERE seq = ?", (seq,))
    ok, detail = _records(house.store)
    assert not ok and detail.startswith(f"the row seals of event {seq} were changed")


def test_the_seal_key_is_the_audit_key_of_the_database_key(house):
    assert audit.audit_key(vault.key_from_keyring(house.paths)) == house.store.audit_key
