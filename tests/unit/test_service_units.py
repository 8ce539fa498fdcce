"""Services as functions of a Unit: called with (store, actor) a service opens its own
unit; called with a running unit it joins that transaction, so several services make one
atomic piece of work. The decorator checks the permission, with the resident and house the
call names, against the permission table."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, func, select

import peerhouse.services as services_pkg
from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.models.audit import AuditEvent
from peerhouse.models.people import Resident
from peerhouse.services import checkins, goals, residents, screens, unit
from peerhouse.services.unit import Mode, Unit
from tests.support.tables import count_rows

SERVICES = Path(services_pkg.__file__).parent


def _actions(store, since: int) -> list[str]:
    with store.read() as s:
        return list(s.exec(select(AuditEvent.action).where(col(AuditEvent.seq) > since)
                           .order_by(col(AuditEvent.seq))))


def _last_seq(store) -> int:
    with store.read() as s:
        return s.exec(select(func.max(AuditEvent.seq))).one() or 0


def _data(house, first: str) -> residents.ResidentInput:
    return residents.ResidentInput(first_name=first, last_name="Stone", house_id=house.house_id)


def test_services_composed_in_one_unit_commit_together(house):
    before = _last_seq(house.store)
    with unit.writing(house.store, house.manager) as u:
        res = residents.admit(u, _data(house, "Blair"))
        goals.create_goal(u, res.id, "health", "Walk daily")
    assert _actions(house.store, before) == ["resident.admit", "goal.create"]
    assert [g.goal.title for g in goals.goals_for(house.store, house.manager, res.id)] == [
        "Walk daily"]


def test_services_composed_in_one_unit_roll_back_together(house):
    residents_before, events_before = count_rows(house.store, Resident), _last_seq(house.store)
    with pytest.raises(ValidationError), unit.writing(house.store, house.manager) as u:
        res = residents.admit(u, _data(house, "Casey"))
        goals.create_goal(u, res.id, "no such area", "Walk daily")  # refused: both undone
    assert count_rows(house.store, Resident) == residents_before
    assert _last_seq(house.store) == events_before


def test_a_write_in_a_read_unit_is_a_program_error(house):
    with pytest.raises(RuntimeError, match="writing"), unit.reading(house.store,
                                                                   house.manager) as u:
        residents.admit(u, _data(house, "Drew"))
    assert count_rows(house.store, Resident) == 0


def test_a_composed_call_checks_its_own_permission(house):
    res = house.admit()
    with pytest.raises(PermissionDenied), unit.reading(house.store, house.staff) as u:
        screens.screens_for_resident(u, res.id, date(2025, 1, 1), date(2030, 1, 1))


@pytest.mark.parametrize("by_keyword", [False, True])
def test_the_resident_a_call_names_is_checked_positional_or_keyword(house, by_keyword):
    mine, theirs = house.admit("Alex", "Rivera"), house.admit("Blair", "Stone")
    me = house.resident_actor(mine)

    def submit(resident_id: int) -> object:
        if by_keyword:
            return checkins.submit_checkin(house.store, me, resident_id=resident_id, mood=4,
                                           craving=1)
        return checkins.submit_checkin(house.store, me, resident_id, 4, 1)

    with pytest.raises(PermissionDenied, match="your own"):
        submit(theirs.id)
    assert submit(mine.id).resident_id == mine.id


def test_an_audited_read_is_a_disclosure_only_for_someone_else(house):
    res = house.admit()
    me = house.resident_actor(res)
    checkins.submit_checkin(house.store, me, res.id, 4, 1)
    span = (date(2000, 1, 1), date(2100, 1, 1))
    before = _last_seq(house.store)
    assert len(checkins.checkins_for_resident(house.store, me, res.id, *span)) == 1
    assert _actions(house.store, before) == []  # their own answers: no event
    assert len(checkins.checkins_for_resident(house.store, house.manager, res.id, *span)) == 1
    assert _actions(house.store, before) == ["checkin.read"]


def _declared() -> list[tuple[str, str, object]]:
    found = []
    for info in pkgutil.iter_modules(services_pkg.__path__):
        mod = importlib.import_module(f"{services_pkg.__name__}.{info.name}")
        for name, fn in vars(mod).items():
            if callable(fn) and getattr(fn, "__module__", "") == mod.__name__:
                found.append((info.name, name, fn))
    return found


def test_every_public_function_of_a_unit_is_a_declared_service():
    """The guard: a public service taking a Unit is declared with reads/writes/audited (its
    mode and permission), so it can also be called as (store, actor, …) and is checked."""
    undeclared = []
    for module, name, fn in _declared():
        if name.startswith("_") or hasattr(fn, "spec") or not inspect.isfunction(fn):
            continue
        params = list(inspect.signature(fn).parameters.values())
        if params and params[0].annotation in (Unit, "Unit"):
            undeclared.append(f"{module}.{name}")
    assert not undeclared, undeclared
    modes = {fn.spec.mode for _m, _n, fn in _declared() if hasattr(fn, "spec")}
    assert modes == set(Mode)


def test_services_leave_ownership_to_the_permission_table():
    """The guard: no service compares the actor's kind or id with a resident itself (the
    permission layer does: `own=`/`house=` in the declaration). Only the few checks of
    who a call is *for* (a staff profile, a resident's own PIN, the kiosk) remain."""
    allowed = {("accounts.py", "me"), ("accounts.py", "change_password"),
               ("pins.py", "choose_pin"), ("kiosk.py", "start"), ("kiosk.py", "leave"),
               ("kiosk.py", "_own"),
               ("languages.py", "choose_own_language")}
    found = []
    for path in sorted(SERVICES.glob("*.py")):
        if path.name in ("unit.py", "permissions.py", "actor.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef) or (path.name, node.name) in allowed:
                continue
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Attribute) and inner.attr == "kind"
                        and "actor" in (getattr(inner.value, "attr", None),
                                        getattr(inner.value, "id", None))):
                    found.append(f"{path.name}:{inner.lineno} {node.name}")
    assert not found, found
