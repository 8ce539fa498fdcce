"""Staff accounts: create, log in (with back-off and lockout), change password.

The failure counter is raised and committed before the password is checked, so
killing the program mid-check can never give an attacker a free guess.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from sqlmodel import Session, col, func, select

from peerhouse.errors import AuthenticationFailed, LockedOut, NotFound, ValidationError, WrongKey
from peerhouse.i18n import lazy, lazy_plural
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import Role
from peerhouse.models.people import StaffAccount
from peerhouse.services import text_limits as limits
from peerhouse.services import validate
from peerhouse.services.actor import Actor, ActorKind
from peerhouse.services.clock import now
from peerhouse.services.permissions import Perm, require
from peerhouse.services.secrets_policy import (
    check_password_policy,
    hash_secret,
    stand_in_hash,
    verify_secret,
)
from peerhouse.services.unit import Unit, reads, record_now, writes, writing
from peerhouse.store import vault
from peerhouse.store.engine import Store

LOCK_AFTER = 10
BACKOFF_AFTER = 5
MAX_BACKOFF = timedelta(minutes=15)
_SAFE_USERNAME = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
_USERNAME = lazy("Username")
_GONE = lazy("That account no longer exists.")


@dataclass(frozen=True)
class StaffView:
    """An account as the settings screen shows it (no hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    locked: bool
    last_login_at: object


def _view(acc: StaffAccount) -> StaffView:
    assert acc.id is not None
    return StaffView(acc.id, acc.username, acc.display_name, acc.role, acc.active,
                     acc.failed_attempts >= LOCK_AFTER, acc.last_login_at)


def normalise_username(username: str) -> str:
    """The stored form of a username, or ValidationError naming what is allowed."""
    username = validate.text("username", username, limits.USERNAME, required=True,
                             label=_USERNAME).lower()
    if not set(username) <= _SAFE_USERNAME:
        raise validate.refuse("username", _USERNAME, lazy(
            "{field} may use only letters, digits, dot, dash and underscore."))
    return username


def create_account(
    store: Store, actor: Actor, username: str, display_name: str, role: str, password: str
) -> StaffView:
    """A new staff account; its password is hashed before the write lock is taken."""
    require(actor, Perm.ACCOUNTS_MANAGE)
    username = normalise_username(username)
    display_name = validate.text("display name", display_name, limits.FULL_NAME, required=True,
                                 label=lazy("Display name"))
    role = validate.choice("role", role, Role, label=lazy("Role"))
    check_password_policy(password, username=username)
    return _add_account(store, actor, username, display_name, Role(role), hash_secret(password))


@writes(Perm.ACCOUNTS_MANAGE)
def _add_account(u: Unit, username: str, display_name: str, role: Role,
                 hashed: str) -> StaffView:
    session = u.session
    if session.exec(select(StaffAccount).where(StaffAccount.username == username)).first():
        raise ValidationError("username", lazy("'{username}' is already taken.",
                                               username=username))
    acc = StaffAccount(username=username, display_name=display_name, role=role,
                       password_hash=hashed)
    session.add(acc)
    session.flush()
    u.audit(Action.ACCOUNT_CREATE, "staff", acc.id, role=role)
    return _view(acc)


def login(store: Store, username: str, password: str) -> Actor:
    """Check a staff login; raises AuthenticationFailed or LockedOut with a clear message.

    An unknown or deactivated username goes through the same steps as a known one with a
    wrong password (its password checked against a stand-in hash, the same transactions
    and events), so neither the message nor the time tells which usernames exist."""
    username = (username or "").strip().lower()
    stand_in = stand_in_hash()  # made before anything is looked up (the first time is slow)
    refusal: Exception | None = None
    with writing(store, Actor.system()) as u:  # nobody is signed in yet: the program acts
        acc = u.session.exec(select(StaffAccount).where(
            StaffAccount.username == username)).first()
        pending = None
        if acc is None or not acc.active:
            u.audit(Action.LOGIN_ATTEMPT, "staff", "")
        elif (refusal := _lock_refusal(acc, _last_owner(u.session, acc))) is not None:
            # Audited too: the event commits, then the refusal is raised below.
            u.audit(Action.LOGIN_REFUSED, "staff", acc.id, reason="locked")
        else:
            acc.failed_attempts += 1  # stored before the check
            u.session.add(acc)
            u.audit(Action.LOGIN_ATTEMPT, "staff", acc.id)
            pending = acc.id
    if refusal is not None:
        raise refusal
    ok = verify_secret(acc.password_hash if acc is not None and pending else stand_in, password)
    if pending is None:
        with writing(store, Actor.system()) as u:
            u.audit(Action.LOGIN_FAILED, "staff", "", reason="unknown user")
        raise AuthenticationFailed(WRONG_LOGIN)
    return _login_outcome(store, pending, ok)


def _login_outcome(store: Store, account_id: int, ok: bool) -> Actor:
    """The signed-in actor, or the failure counted (and a back-off or lock) and raised."""
    with writing(store, Actor.system()) as u:
        acc = u.get(StaffAccount, account_id, _GONE)
        assert acc.id is not None
        actor = Actor.staff(acc.id, acc.role)
        if ok:
            acc.failed_attempts = 0
            acc.locked_until = None
            acc.last_login_at = now()
            u.session.add(acc)
            replace(u, actor=actor).audit(Action.LOGIN_SUCCESS, "staff", acc.id)  # their own event
            return actor
        fails = acc.failed_attempts
        if fails >= BACKOFF_AFTER:
            wait = min(timedelta(seconds=15 * 2 ** (fails - BACKOFF_AFTER)), MAX_BACKOFF)
            acc.locked_until = now() + wait
        u.session.add(acc)
        u.audit(Action.LOGIN_FAILED, "staff", acc.id, attempts=fails)
        locks = fails >= LOCK_AFTER and not _last_owner(u.session, acc)
    if locks:
        raise LockedOut(LOCKED_FOR_GOOD)
    raise AuthenticationFailed(WRONG_LOGIN)


WRONG_LOGIN = lazy("Wrong username or password.")


LOCKED_FOR_GOOD = lazy("This account is locked after too many wrong passwords. Ask the owner "
                       "to unlock it.")


def _last_owner(session: Session, acc: StaffAccount) -> bool:
    """The only active owner is never locked for good (anyone at the kiosk could otherwise
    shut the house out of accounts, backups and restore): it only waits, up to 15 minutes
    between tries, and the recovery code resets its password."""
    if acc.role != Role.OWNER:
        return False
    owners = session.exec(select(func.count()).select_from(StaffAccount).where(
        StaffAccount.role == Role.OWNER, col(StaffAccount.active).is_(True))).one()
    return owners <= 1


def _lock_refusal(acc: StaffAccount, last_owner: bool = False) -> LockedOut | None:
    if acc.failed_attempts >= LOCK_AFTER and not last_owner:
        return LockedOut(LOCKED_FOR_GOOD)
    if acc.locked_until and acc.locked_until > now():
        secs = int((acc.locked_until - now()).total_seconds()) + 1
        return LockedOut(lazy_plural("Too many wrong passwords. Try again in {n} second.",
                                     "Too many wrong passwords. Try again in {n} seconds.",
                                     secs))
    return None


def change_password(store: Store, actor: Actor, account_id: int, old: str, new: str) -> None:
    """A user changes their own password (old one required); the owner may reset others'.
    The new password is hashed before the write lock is taken."""
    if actor.kind is ActorKind.RESIDENT:
        raise ValidationError("account", lazy("Only staff accounts have passwords."))
    acc = _account(store, actor, account_id)
    check_password_policy(new, username=acc.username)
    if actor.id == account_id and not verify_secret(acc.password_hash, old):
        raise AuthenticationFailed(lazy("The current password is wrong."))
    _set_password(store, actor, account_id, new, hash_secret(new), Action.ACCOUNT_PASSWORD)


@reads()
def _account(u: Unit, account_id: int) -> StaffAccount:
    """The account whose password changes: one's own, or (the owner) anyone's."""
    if u.actor.id != account_id:
        u.require(Perm.ACCOUNTS_MANAGE)
    return u.get(StaffAccount, account_id, _GONE)


@writes()
def _set_password(u: Unit, account_id: int, new: str, hashed: str, action: str) -> None:
    """Store the new hash (unlocking the account) with its event; the owner key slot follows
    the new password if this account holds it. The slot is re-wrapped before the commit: if
    that fails, the password change rolls back too, so the two never disagree."""
    acc = u.get(StaffAccount, account_id, _GONE)
    holds_slot = acc.username == vault.owner_slot_holder(u.store)
    acc.password_hash = hashed
    acc.failed_attempts = 0
    acc.locked_until = None
    u.session.add(acc)
    u.audit(action, "staff", account_id, key_slot=holds_slot)
    u.session.flush()
    if holds_slot:
        vault.rewrap_owner_slot(u.store, new, acc.username)


def recover_owner(store: Store, username: str, recovery_code: str, new_password: str) -> None:
    """An owner who forgot their password (or is locked out) sets a new one with the
    recovery code from the safe: the code proves the right to the records, as it does
    when unlocking them. The account is unlocked; the owner key slot follows the new
    password if this owner holds it. Audited, by the system, with the account's id."""
    username = normalise_username(username)
    check_password_policy(new_password, username=username)
    system = Actor.system()
    try:  # the code first: without it, nobody learns which usernames are owners
        vault.proves_recovery_code(store, recovery_code)
    except WrongKey:
        record_now(store, system, Action.ACCOUNT_RECOVER_REFUSED, "staff", "",
                   reason="wrong recovery code")
        raise
    acc = _active_owner(store, system, username)
    assert acc.id is not None
    _set_password(store, system, acc.id, new_password, hash_secret(new_password),
                  Action.ACCOUNT_RECOVER)


@reads()
def _active_owner(u: Unit, username: str) -> StaffAccount:
    acc = u.session.exec(select(StaffAccount).where(StaffAccount.username == username)).first()
    if acc is None or acc.role != Role.OWNER or not acc.active:
        raise validate.refuse("username", _USERNAME,
                              lazy("{field} is not an active owner account."))
    return acc


def take_over_key_slot(store: Store, actor: Actor, password: str) -> None:
    """An owner makes their own password the one that unlocks the database key.

    Needed before the previous slot holder can be demoted or deactivated.
    """
    require(actor, Perm.KEYS_MANAGE)
    acc = _own_account(store, actor)
    if acc is None or acc.role != Role.OWNER:
        raise ValidationError("account", lazy(
            "Only an owner account can hold the owner key slot."))
    if not verify_secret(acc.password_hash, password):
        raise AuthenticationFailed(lazy("That is not your current password."))
    _hold_key_slot(store, actor, password, acc.username)


@reads()
def _own_account(u: Unit) -> StaffAccount | None:
    return u.session.get(StaffAccount, u.actor.staff_id) if u.actor.staff_id else None


@writes(Perm.KEYS_MANAGE)
def _hold_key_slot(u: Unit, password: str, username: str) -> None:
    u.audit(Action.KEYS_OWNER_SLOT, "staff", u.actor.staff_id)
    u.session.flush()
    vault.rewrap_owner_slot(u.store, password, username)


@writes(Perm.ACCOUNTS_MANAGE)
def set_account_state(
    u: Unit, account_id: int, *, active: bool | None = None, role: str | None = None,
    unlock: bool = False,
) -> StaffView:
    session = u.session
    acc = u.get(StaffAccount, account_id, _GONE)
    if active is False and acc.id == u.actor.id:
        raise ValidationError("active", lazy("You cannot deactivate your own account."))
    demoting = (role is not None and role != Role.OWNER) or active is False
    if demoting and acc.username == vault.owner_slot_holder(u.store):
        raise ValidationError("role", lazy(
            "This owner's password unlocks the database key; another owner must "
            "take over the key slot (Settings › Security) first."))
    if role is not None:
        acc.role = validate.choice("role", role, Role, label=lazy("Role"))
    if active is not None:
        acc.active = active
    if acc.role != Role.OWNER or not acc.active:
        owners = session.exec(select(StaffAccount).where(
            StaffAccount.role == Role.OWNER, StaffAccount.active,
            StaffAccount.id != acc.id)).first()
        if owners is None:
            raise ValidationError("role", lazy("The house must keep at least one active owner."))
    if unlock:
        acc.failed_attempts = 0
        acc.locked_until = None
    session.add(acc)
    u.audit(Action.ACCOUNT_UPDATE, "staff", account_id,
            active=acc.active, role=acc.role, unlocked=unlock)
    return _view(acc)


@reads(Perm.ACCOUNTS_MANAGE)
def list_accounts(u: Unit) -> list[StaffView]:
    return [_view(a) for a in u.session.exec(select(StaffAccount)
                                             .order_by(StaffAccount.username))]


@reads(Perm.ACCOUNTS_MANAGE)
def account_by_username(u: Unit, username: str) -> StaffView | None:
    acc = u.session.exec(select(StaffAccount).where(
        StaffAccount.username == username.lower())).first()
    return _view(acc) if acc else None


def me(store: Store, actor: Actor) -> StaffView:
    """The logged-in staff member's own account (for greetings and 'change my password')."""
    if actor.kind is not ActorKind.STAFF or actor.id is None:
        raise NotFound(lazy("Only staff accounts have a profile."))
    acc = _own_account(store, actor)
    if acc is None or not acc.active:
        raise NotFound(_GONE)
    return _view(acc)
