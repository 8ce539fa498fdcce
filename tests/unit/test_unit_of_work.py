"""Stale roles: every service call acts on the account as it is now, read in the same
transaction as the work — an open window's captured Actor never outlives a demotion, a
deactivation or a resident's move-out."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from peerhouse.errors import AccountInactive, PermissionDenied, RoleChanged
from peerhouse.models.audit import AuditEvent
from peerhouse.models.meetings import Meeting
from peerhouse.services import (
    accounts,
    checkins,
    goals,
    kiosk,
    meetings,
    pins,
    residents,
    screens,
    unit,
)
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm
from peerhouse.store import vault
from peerhouse.store.engine import Store

SERVICES = Path(__file__).parents[2] / "peerhouse" / "services"


@pytest.fixture
def other(house):
    """A second handle on the same file: another window (or the kiosk PC) acting."""
    store = vault.open_store(house.paths, vault.key_from_keyring(house.paths))
    yield store
    store.close()


def _events(store: Store) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(AuditEvent)).one()


def _meetings(store: Store) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(Meeting)).one()


def test_a_demoted_manager_loses_the_powers_at_the_next_call(house, other):
    res = house.admit()
    assert residents.get(other, house.manager, res.id).notes == ""  # a manager reads it
    accounts.set_account_state(house.store, house.owner, house.manager.id, role="staff")
    before = _events(house.store)
    for call in (lambda: residents.get(other, house.manager, res.id),
                 lambda: screens.screens_for_resident(other, house.manager, res.id,
                                                      date(2025, 1, 1), date(2030, 1, 1)),
                 lambda: meetings.list_meetings(other, house.manager, house.house_id,
                                                *_window())):
        with pytest.raises(RoleChanged) as caught:
            call()
        assert caught.value.role == "staff" and "changed your role to staff" in str(caught.value)
    assert _events(house.store) == before  # the stale window's audited reads never happened
    # As the staff member the account now is, the same window may do staff work.
    staff_now = Actor("staff", house.manager.id, "staff")
    assert meetings.list_meetings(other, staff_now, house.house_id, *_window()) == []
    with pytest.raises(PermissionDenied):
        residents.sobriety_history(other, staff_now, res.id)


def test_a_deactivated_account_can_neither_read_nor_write(house, other):
    accounts.set_account_state(house.store, house.owner, house.staff.id, active=False)
    with pytest.raises(AccountInactive, match="turned off"):
        meetings.list_meetings(other, house.staff, house.house_id, *_window())
    with pytest.raises(AccountInactive):
        meetings.schedule(other, house.staff, house.house_id, _window()[1])
    assert _meetings(house.store) == 0
    with pytest.raises(AccountInactive):
        accounts.me(other, house.staff)


def test_a_promoted_account_is_told_to_rebuild_too(house, other):
    accounts.set_account_state(house.store, house.owner, house.staff.id, role="manager")
    with pytest.raises(RoleChanged) as caught:
        meetings.list_meetings(other, house.staff, house.house_id, *_window())
    assert caught.value.role == "manager"


def test_the_kiosk_session_of_a_discharged_resident_reads_nothing(house, other):
    res = house.admit("Quincy", "Marlowe")
    goals.create_goal(house.store, house.manager, res.id, "health", "Walk daily")
    pins.reset_pin(house.store, house.manager, res.id, "583920")
    login = pins.verify_pin(other, res.id, "583920")  # the kiosk PC: its own handle
    me = login.actor
    assert [g.goal.title for g in goals.goals_for(other, me, res.id)] == ["Walk daily"]
    residents.discharge(house.store, house.manager, res.id, "completed")
    for call in (lambda: goals.goals_for(other, me, res.id),
                 lambda: kiosk.home(other, me),
                 lambda: kiosk.my_chores(other, me),
                 lambda: checkins.submit_checkin(other, me, res.id, 4, 1),
                 lambda: pins.choose_pin(other, me, "402917")):
        with pytest.raises(AccountInactive, match="only for current residents"):
            call()
    assert checkins.checkins_for_resident(house.store, house.manager, res.id,
                                          date(2000, 1, 1), date(2100, 1, 1)) == []


def test_a_resident_moved_to_another_house_is_signed_out_of_the_first_kiosk(house, other):
    from peerhouse.services import houses

    res = house.admit()
    second = houses.create_house(house.store, house.owner, houses.HouseRules(
        name="Cedar House", capacity=4, timezone="America/Chicago"))
    me = Actor.resident(res.id, house.house_id)
    kiosk.home(other, me)
    residents.move_house(house.store, house.manager, res.id, second.id)
    with pytest.raises(AccountInactive):
        kiosk.home(other, me)


def test_refresh_tells_the_window_the_role_as_it_is_now(house):
    assert unit.refresh(house.store, house.manager) == house.manager
    accounts.set_account_state(house.store, house.owner, house.manager.id, role="staff")
    assert unit.refresh(house.store, house.manager).role == "staff"
    accounts.set_account_state(house.store, house.owner, house.manager.id, active=False)
    with pytest.raises(AccountInactive):
        unit.refresh(house.store, house.manager)
    assert unit.refresh(house.store, Actor.system()) == Actor.system()


def test_the_check_and_the_work_share_one_transaction(house):
    """A demotion committed while a window is mid-call cannot slip between the check and
    the work: the unit reads the role inside the write transaction (BEGIN IMMEDIATE)."""
    with unit.writing(house.store, house.manager) as u:
        row = u.session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
        assert row is not None and u.actor == house.manager
        u.audit("test.inside", "thing", 1)
    with house.store.read() as s:
        last = s.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
    assert (last.action, last.actor) == ("test.inside", house.manager.audit_name)


def test_the_unit_checks_a_permission_and_ownership_with_the_role_as_it_is_now(house):
    res, other_res = house.admit("Alex", "Rivera"), house.admit("Blair", "Stone")
    with unit.reading(house.store, house.staff, Perm.MEETINGS_READ) as u:
        assert u.actor == house.staff
    with pytest.raises(PermissionDenied), unit.reading(house.store, house.staff,
                                                       Perm.SCREENS_READ):
        pass
    me = Actor.resident(res.id, house.house_id)
    with unit.reading(house.store, me, Perm.GOALS_READ, own=res.id):
        pass
    with pytest.raises(PermissionDenied, match="your own"), unit.reading(
            house.store, me, Perm.GOALS_READ, own=other_res.id):
        pass


def test_reads_in_one_snapshot_share_it_and_still_check_their_permission(house, other):
    """A read model's parts join one snapshot (the account read once), yet each part's
    permission is checked, another actor never joins, and a stale account gets nothing."""
    with unit.one_snapshot(house.store, house.staff) as shared:
        with unit.reading(house.store, house.staff, Perm.MEETINGS_READ) as u:
            assert u.session is shared.session
        with pytest.raises(PermissionDenied), unit.reading(house.store, house.staff,
                                                           Perm.SCREENS_READ):
            pass
        with unit.reading(house.store, house.manager) as u:
            assert u.session is not shared.session and u.actor == house.manager
        with unit.reading(other, house.staff) as u:  # another handle: its own transaction
            assert u.session is not shared.session
    accounts.set_account_state(house.store, house.owner, house.staff.id, role="manager")
    with pytest.raises(RoleChanged), unit.one_snapshot(other, house.staff):
        pass
    accounts.set_account_state(house.store, house.owner, house.manager.id, active=False)
    from peerhouse.services import today

    with pytest.raises(AccountInactive):
        today.today_board(other, house.manager, house.house_id)


def test_every_service_with_an_actor_opens_its_transactions_through_the_unit():
    """The guard: no service function that acts for someone opens the store directly (a
    captured Actor would then act unchecked). The exceptions act for no one yet."""
    allowed = {("accounts.py", "login"), ("accounts.py", "recover_owner"),
               ("pins.py", "verify_pin"), ("kiosk.py", "kiosk_houses"), ("kiosk.py", "roster"),
               ("kiosk.py", "find_by_first_name"), ("houses.py", "get_setting"),
               ("backups.py", "_changed_since"),
               ("backups.py", "restore")}  # the restored file's accounts are not the caller's
    found = []
    for path in sorted(SERVICES.glob("*.py")):
        if path.name == "unit.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Attribute) and inner.attr in ("read", "write", "engine")
                        and isinstance(inner.value, ast.Name) and inner.value.id == "store"
                        and (path.name, node.name) not in allowed):
                    found.append(f"{path.name}:{inner.lineno} {node.name}")
    assert not found, found


def _window():
    from datetime import UTC, datetime, timedelta

    start = datetime.now(UTC) + timedelta(days=1)
    return start, start + timedelta(days=7)
