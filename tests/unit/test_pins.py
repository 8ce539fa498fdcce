"""Resident PINs: policy, first-login change, lockout after 5 and staff reset."""

from __future__ import annotations

import contextlib

import pytest
from sqlmodel import select

from peerhouse.errors import AuthenticationFailed, LockedOut, PermissionDenied, ValidationError
from peerhouse.models.audit import AuditEvent
from peerhouse.models.people import Resident
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


def test_a_crash_after_the_fifth_try_still_locks_the_pin(house, monkeypatch):
    """The counter is stored before the check; even if no try ever finished (the process
    died each time), no sixth PIN is checked."""
    res = house.admit()
    pins.reset_pin(house.store, house.manager, res.id, "482915")
    real = pins.verify_secret

    def power_cut(_hash, _pin):
        raise SystemExit("power cut")

    monkeypatch.setattr(pins, "verify_secret", power_cut)
    for _ in range(pins.LOCK_AFTER):
        with pytest.raises(SystemExit):
            pins.verify_pin(house.store, res.id, "000000")
    monkeypatch.setattr(pins, "verify_secret", real)
    with pytest.raises(LockedOut):
        pins.verify_pin(house.store, res.id, "482915")
    with house.store.read() as s:
        assert s.get(Resident, res.id).pin_locked


def test_tries_at_once_on_two_kiosks_check_no_more_than_five_pins(house, monkeypatch):
    import threading
    import time

    res = house.admit()
    pins.reset_pin(house.store, house.manager, res.id, "482915")
    real, checked, lock = pins.verify_secret, [], threading.Lock()

    def counted(h, p):  # slow, so every try has passed the first step before one finishes
        with lock:
            checked.append(p)
        time.sleep(0.2)
        return real(h, p)

    monkeypatch.setattr(pins, "verify_secret", counted)
    guesses = [f"1{i:05d}" for i in range(9)] + ["482915"]
    threads = [threading.Thread(target=lambda g=g: _try(house, res.id, g)) for g in guesses]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checked) <= pins.LOCK_AFTER


def _try(house, resident_id: int, pin: str) -> None:
    with contextlib.suppress(AuthenticationFailed, LockedOut):
        pins.verify_pin(house.store, resident_id, pin)


def test_pin_refusals_read_in_the_residents_language_and_login_says_which(house):
    from peerhouse.i18n import use_language
    from peerhouse.services import languages

    r = house.admit()
    pins.reset_pin(house.store, house.manager, r.id, "402917")
    assert pins.verify_pin(house.store, r.id, "402917").language == "en"
    languages.set_resident_language(house.store, house.manager, r.id, "es")
    assert pins.verify_pin(house.store, r.id, "402917").language == "es"
    with pytest.raises(AuthenticationFailed) as missed:
        pins.verify_pin(house.store, r.id, "000000")
    assert str(missed.value) == "That PIN didn't match. You have 4 more tries."
    with use_language("es"):
        assert str(missed.value) == "Ese PIN no coincide. Le quedan 4 intentos más."
    for _ in range(2):
        with contextlib.suppress(AuthenticationFailed):
            pins.verify_pin(house.store, r.id, "000000")
    with pytest.raises(AuthenticationFailed) as last:
        pins.verify_pin(house.store, r.id, "000000")
    with use_language("es"):
        assert str(last.value) == "Ese PIN no coincide. Le queda 1 intento más."
    with pytest.raises(LockedOut) as locked:
        pins.verify_pin(house.store, r.id, "000000")
    with use_language("es"):
        assert str(locked.value).startswith("Su PIN está bloqueado después de 5 intentos.")
    with pytest.raises(ValidationError) as differ:
        pins.choose_pin(house.store, house.resident_actor(r), "402917", "402918")
    assert differ.value.text() == "The two PINs are not the same. Please try again."
    with use_language("es"):
        assert differ.value.text() == "Los dos PIN no son iguales. Inténtelo de nuevo."


def test_a_pin_the_policy_refuses_is_a_whole_sentence_in_either_language():
    from peerhouse.i18n import use_language
    from peerhouse.services.secrets_policy import check_pin_policy

    for pin, english, spanish in (
            ("12345", "That PIN must be exactly 6 digits.",
             "Ese PIN debe tener exactamente 6 dígitos."),
            ("123456", "That PIN is too easy to guess; choose 6 digits that are less common.",
             "Ese PIN es demasiado fácil de adivinar. Elija 6 dígitos menos comunes.")):
        with pytest.raises(ValidationError) as refused:
            check_pin_policy(pin)
        assert refused.value.whole and refused.value.text() == english
        with use_language("es"):
            assert refused.value.text() == spanish
