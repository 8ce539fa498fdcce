"""Resident PINs for the kiosk: 6 digits, common ones refused, lock after 5 misses.

The miss counter is raised and committed before the PIN is checked, so a crash or a
killed process never hands out a free guess; a locked PIN stays locked until staff
reset it, across restarts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace

from peerhouse.errors import AuthenticationFailed, LockedOut, NotFound, ValidationError
from peerhouse.i18n import ENGLISH, lazy, lazy_plural
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.people import Resident
from peerhouse.services.actor import Actor, ActorKind
from peerhouse.services.languages import resident_language
from peerhouse.services.permissions import Perm, require
from peerhouse.services.secrets_policy import (
    COMMON_PINS,
    check_pin_policy,
    hash_secret,
    verify_secret,
)
from peerhouse.services.unit import Unit, writes, writing
from peerhouse.store.engine import Store

LOCK_AFTER = 5
LOCKED_MESSAGE = lazy(
    "Your PIN is locked after 5 tries. That's okay — please ask the house manager "
    "or a house senior to reset it for you.")
GONE = lazy("That resident record no longer exists.")


@dataclass(frozen=True)
class KioskLogin:
    """A successful PIN entry: who, whether they must choose a new PIN first, and the
    language their screens are in from now on."""

    actor: Actor
    must_change_pin: bool
    attempts_left: int = LOCK_AFTER
    language: str = ENGLISH


def verify_pin(store: Store, resident_id: int, pin: str) -> KioskLogin:
    refusal: Exception | None = None
    with writing(store, Actor.system()) as u:  # nobody is signed in yet: the program acts
        res = u.session.get(Resident, resident_id)
        if res is None or res.status != ResidentStatus.ACTIVE:
            refusal = NotFound(lazy("That name is not available at the kiosk."))
        elif res.pin_locked or res.pin_failed_attempts >= LOCK_AFTER:
            # Also when the lock itself was never written (a crash after the fifth try,
            # or tries made at once on two kiosks): no sixth PIN is ever checked.
            if not res.pin_locked:
                res.pin_locked = True
                u.session.add(res)
            refusal = LockedOut(LOCKED_MESSAGE)
        elif not res.pin_hash:
            refusal = AuthenticationFailed(
                lazy("You don't have a PIN yet. Please ask staff to set one up."))
        if refusal is not None:
            # The refusal is audited too: the event commits, then it is raised below.
            u.audit(Action.KIOSK_LOGIN_REFUSED, "resident", resident_id,
                    reason=type(refusal).__name__)
        else:
            assert res is not None and res.pin_hash is not None
            res.pin_failed_attempts += 1  # stored before the check
            u.session.add(res)
            u.audit(Action.KIOSK_LOGIN_ATTEMPT, "resident", resident_id)
            stored_hash, house_id = res.pin_hash, res.house_id
    if refusal is not None:
        raise refusal
    return _pin_outcome(store, resident_id, house_id, verify_secret(stored_hash, pin))


def _pin_outcome(store: Store, resident_id: int, house_id: int, ok: bool) -> KioskLogin:
    """The resident's kiosk login, or the miss counted (and the PIN locked) and raised."""
    with writing(store, Actor.system()) as u:
        res = u.get(Resident, resident_id, GONE)
        if ok:
            actor = Actor.resident(resident_id, house_id)
            res.pin_failed_attempts = 0
            u.session.add(res)
            replace(u, actor=actor).audit(Action.KIOSK_LOGIN, "resident", resident_id)  # their own
            return KioskLogin(actor, res.pin_must_change,
                              language=resident_language(u.session, resident_id))
        left = LOCK_AFTER - res.pin_failed_attempts
        if left <= 0:
            res.pin_locked = True
        u.session.add(res)
        u.audit(Action.KIOSK_LOGIN_FAILED, "resident", resident_id,
                attempts=res.pin_failed_attempts, locked=res.pin_locked)
    if left <= 0:
        raise LockedOut(LOCKED_MESSAGE)
    raise AuthenticationFailed(lazy_plural("That PIN didn't match. You have {n} more try.",
                                           "That PIN didn't match. You have {n} more tries.",
                                           left))


def choose_pin(store: Store, actor: Actor, new_pin: str, confirm: str | None = None) -> None:
    """A resident sets their own new PIN (first login after a reset, or any time); it is
    hashed before the write lock is taken."""
    if actor.kind is not ActorKind.RESIDENT or actor.id is None:
        raise ValidationError("PIN", lazy("Only the resident can choose their own PIN."))
    check_pin_policy(new_pin)
    if confirm is not None and confirm != new_pin:
        raise ValidationError("PIN", lazy("The two PINs are not the same. Please try again."))
    _set_pin(store, actor, actor.id, hash_secret(new_pin), temporary=False)


def reset_pin(store: Store, actor: Actor, resident_id: int, temporary_pin: str | None = None) -> str:
    """Staff give a resident a temporary PIN (unlocking it); the resident must change it.

    Returns the temporary PIN so staff can tell the resident.
    """
    require(actor, Perm.RESIDENTS_PIN_RESET)
    if temporary_pin is None:
        temporary_pin = _random_pin()
    else:
        check_pin_policy(temporary_pin)
    _set_pin(store, actor, resident_id, hash_secret(temporary_pin), temporary=True)
    return temporary_pin


@writes()
def _set_pin(u: Unit, resident_id: int, hashed: str, *, temporary: bool) -> None:
    """A resident's new PIN, unlocked: a temporary one (staff) must be changed at the next
    login; a resident's own choice replaces it."""
    if temporary:
        u.require(Perm.RESIDENTS_PIN_RESET)
    res = u.get(Resident, resident_id, GONE)
    res.pin_hash = hashed
    res.pin_must_change = temporary
    res.pin_failed_attempts = 0
    if temporary:
        res.pin_locked = False
    u.session.add(res)
    u.audit(Action.RESIDENT_PIN_RESET if temporary else Action.RESIDENT_PIN_CHOOSE, "resident",
            resident_id)


def _random_pin() -> str:
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        if pin not in COMMON_PINS:
            try:
                check_pin_policy(pin)
            except ValidationError:
                continue
            return pin
