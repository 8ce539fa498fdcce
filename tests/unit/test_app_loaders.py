"""Screen loaders of the application layer: several services' reads in one unit of work
(one transaction, the account read once), with each service's checks and audit events."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from peerhouse.app.resident_page import load_profile
from peerhouse.errors import NotFound
from peerhouse.models.audit import AuditEvent


def _events(house, action: str) -> int:
    with house.store.read() as s:
        return len(list(s.exec(select(AuditEvent.seq).where(col(AuditEvent.action) == action))))


def _account_reads(house, fn) -> int:
    seen: list[str] = []

    def on_execute(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(house.store.engine, "before_cursor_execute", on_execute)
    try:
        fn()
    finally:
        event.remove(house.store.engine, "before_cursor_execute", on_execute)
    return sum(q.startswith("SELECT staffaccount.id") for q in seen)


def test_the_profile_is_read_in_one_unit_and_its_notes_read_is_audited(house):
    res = house.admit("Alex", "Rivera", notes="Prefers mornings")
    before = _events(house, "resident.read")
    profile = load_profile(house.store, house.manager, res.id)
    assert (profile.resident.notes, profile.house_name, profile.tz) == (
        "Prefers mornings", "Maple House", "America/Chicago")
    assert profile.phase and profile.curfew
    assert _events(house, "resident.read") == before + 1
    assert _account_reads(house, lambda: load_profile(house.store, house.manager, res.id)) == 1


def test_staff_get_the_profile_without_notes_and_without_a_disclosure(house):
    res = house.admit("Alex", "Rivera", notes="Prefers mornings")
    before = _events(house, "resident.read")
    profile = load_profile(house.store, house.staff, res.id)
    assert profile.resident.notes == "" and profile.house_name == "Maple House"
    assert _events(house, "resident.read") == before
    assert _account_reads(house, lambda: load_profile(house.store, house.staff, res.id)) == 1


def test_a_resident_who_is_gone_is_not_found(house):
    with pytest.raises(NotFound):
        load_profile(house.store, house.manager, 999)
