"""Resident PINs for the kiosk: 6 digits, common ones refused, lock after 5 misses.

The miss counter is raised and committed before the PIN is checked, so a crash or a
killed process never hands out a free guess; a locked PIN stays locked until staff
reset it, across restarts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from peerhouse.errors import AuthenticationFailed, LockedOut, NotFound, ValidationError
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.people import Resident
from peerhouse.services.actor import Actor
from peerhouse.services.audit_trail import record
from peerhouse.services.permissions import Perm, require
from peerhouse.services.secrets_policy import (
    COMMON_PINS,
    check_pin_policy,
    hash_secret,
    verify_secret,
)
from peerhouse.services.unit import writing
from peerhouse.store.engine import Store

LOCK_AFTER = 5
LOCKED_MESSAGE = (
    "Your PIN is locked after 5 tries. That's okay — please ask the house manager "
    "or a house senior to reset it for you."
)


@dataclass(frozen=True)
class KioskLogin:
    """A successful PIN entry: who, and whether they must choose a new PIN first."""

    actor: Actor
    must_change_pin: bool
    attempts_left: int = LOCK_AFTER


def verify_pin(store: Store, resident_id: int, pin: str) -> KioskLogin:
    refusal: Exception | None = None
    with store.write() as session:
        res = session.get(Resident, resident_id)
        if res is None or res.status != ResidentStatus.ACTIVE:
            refusal = NotFound("That name is not available at the kiosk.")
        elif res.pin_locked or res.pin_failed_attempts >= LOCK_AFTER:
            # Also when the lock itself was never written (a crash after the fifth try,
            # or tries made at once on two kiosks): no sixth PIN is ever checked.
            if not res.pin_locked:
                res.pin_locked = True
                session.add(res)
            refusal = LockedOut(LOCKED_MESSAGE)
        elif not res.pin_hash:
            refusal = AuthenticationFailed("You don't have a PIN yet. Please ask staff to set one up.")
        if refusal is not None:
            # The refusal is audited too: the event commits, then it is raised below.
            record(session, store, Actor.system(), "kiosk.login_refused", "resident", resident_id,
                   reason=type(refusal).__name__)
        else:
            assert res is not None and res.pin_hash is not None
            res.pin_failed_attempts += 1  # stored before the check
            session.add(res)
            record(session, store, Actor.system(), "kiosk.login_attempt", "resident", resident_id)
            stored_hash, house_id = res.pin_hash, res.house_id
    if refusal is not None:
        raise refusal
    ok = verify_secret(stored_hash, pin)
    with store.write() as session:
        res = session.get(Resident, resident_id)
        assert res is not None
        actor = Actor.resident(resident_id, house_id)
        if ok:
            res.pin_failed_attempts = 0
            session.add(res)
            record(session, store, actor, "kiosk.login", "resident", resident_id)
            return KioskLogin(actor, res.pin_must_change)
        left = LOCK_AFTER - res.pin_failed_attempts
        if left <= 0:
            res.pin_locked = True
        session.add(res)
        record(session, store, Actor.system(), "kiosk.login_failed", "resident", resident_id,
               attempts=res.pin_failed_attempts, locked=res.pin_locked)
    if left <= 0:
        raise LockedOut(LOCKED_MESSAGE)
    tries = "try" if left == 1 else "tries"
    raise AuthenticationFailed(f"That PIN didn't match. You have {left} more {tries}.")


def choose_pin(store: Store, actor: Actor, new_pin: str, confirm: str | None = None) -> None:
    """A resident sets their own new PIN (first login after a reset, or any time)."""
    if actor.kind != "resident" or actor.id is None:
        raise ValidationError("PIN", "only the resident can choose their own PIN.")
    check_pin_policy(new_pin)
    if confirm is not None and confirm != new_pin:
        raise ValidationError("PIN", "the two PINs are not the same; please try again.")
    hashed = hash_secret(new_pin)
    with writing(store, actor) as u:
        session = u.session
        res = session.get(Resident, actor.id)
        if res is None:
            raise NotFound("That resident record no longer exists.")
        res.pin_hash = hashed
        res.pin_must_change = False
        res.pin_failed_attempts = 0
        session.add(res)
        u.audit("resident.pin.choose", "resident", actor.id)


def reset_pin(store: Store, actor: Actor, resident_id: int, temporary_pin: str | None = None) -> str:
    """Staff give a resident a temporary PIN (unlocking it); the resident must change it.

    Returns the temporary PIN so staff can tell the resident.
    """
    require(actor, Perm.RESIDENTS_PIN_RESET)
    if temporary_pin is None:
        temporary_pin = _random_pin()
    else:
        check_pin_policy(temporary_pin)
    hashed = hash_secret(temporary_pin)
    with writing(store, actor) as u:
        session = u.session
        res = session.get(Resident, resident_id)
        if res is None:
            raise NotFound("That resident record no longer exists.")
        res.pin_hash = hashed
        res.pin_must_change = True
        res.pin_locked = False
        res.pin_failed_attempts = 0
        session.add(res)
        u.audit("resident.pin.reset", "resident", resident_id)
    return temporary_pin


def _random_pin() -> str:
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        if pin not in COMMON_PINS:
            try:
                check_pin_policy(pin)
            except ValidationError:
                continue
            return pin
