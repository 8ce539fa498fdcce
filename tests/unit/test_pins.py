"""Resident PINs: policy, first-login change, lockout after 5 and staff reset."""

from __future__ import annotations

import pytest
from sqlmodel import select

from peerhouse.errors import AuthenticationFailed, LockedOut, PermissionDenied, ValidationError
from peerhouse.models.audit import AuditEvent
from peerhouse.services import pins


@pytest.mark.parametrize("pin", ["12345", "1234567", "12a456", "123456", "111111", "987654", "121212", "242424"])
def test_weak_or_malformed_pins_refused(house, pin):
    r = house.admit()
    with pytest.raises(ValidationError, match="PIN"):
        pins.reset_pin(house.store, house.manager, r.id, pin)


def test_reset_then_first_login_must_change(house):
    r = house.admit()
    temp = pins.reset_pin(house.store, house.manager, r.id)
    login = pins.verify_pin(house.store, r.id, temp)
    assert login.must_change_pin and login.actor.id == r.id
    with pytest.raises(ValidationError, match="not the same"):
        pins.choose_pin(house.store, login.actor, "402917", "402918")
    pins.choose_pin(house.store, login.actor, "402917", "402917")
    assert not pins.verify_pin(house.store, r.id, "402917").must_change_pin
    with pytest.raises(AuthenticationFailed):
        pins.verify_pin(house.store, r.id, temp)


def test_staff_role_cannot_reset_pins(house):
    r = house.admit()
    with pytest.raises(PermissionDenied):
        pins.reset_pin(house.store, house.staff, r.id)


def test_five_misses_lock_until_reset_with_kind_message(house):
    r = house.admit()
    pins.reset_pin(house.store, house.manager, r.id, "402917")
    for left in (4, 3, 2, 1):
        with pytest.raises(AuthenticationFailed, match=f"{left} more"):
            pins.verify_pin(house.store, r.id, "999888")
    with pytest.raises(LockedOut, match="ask the house manager"):
        pins.verify_pin(house.store, r.id, "999888")
    with pytest.raises(LockedOut):
        pins.verify_pin(house.store, r.id, "402917")  # even the right PIN
    pins.reset_pin(house.store, house.manager, r.id, "402917")
    assert pins.verify_pin(house.store, r.id, "402917").actor.id == r.id
    with house.store.read() as s:
        acts = [e.action for e in s.exec(select(AuditEvent))]
    assert acts.count("kiosk.login_failed") == 5 and "resident.pin.reset" in acts


def test_success_resets_the_counter(house):
    r = house.admit()
    pins.reset_pin(house.store, house.manager, r.id, "402917")
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            pins.verify_pin(house.store, r.id, "999888")
    pins.verify_pin(house.store, r.id, "402917")
    with pytest.raises(AuthenticationFailed, match="4 more"):
        pins.verify_pin(house.store, r.id, "999888")


def test_discharged_resident_cannot_log_in(house):
    from peerhouse.services import residents

    r = house.admit()
    pins.reset_pin(house.store, house.manager, r.id, "402917")
    residents.discharge(house.store, house.manager, r.id, "completed")
    with pytest.raises(Exception, match="not available"):
        pins.verify_pin(house.store, r.id, "402917")
