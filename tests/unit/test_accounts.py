"""Staff accounts: password policy, login, back-off, lockout and owner controls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from peerhouse.errors import AuthenticationFailed, LockedOut, PermissionDenied, ValidationError
from peerhouse.models.audit import AuditEvent
from peerhouse.models.people import StaffAccount
from peerhouse.services import accounts
from peerhouse.services.clock import now
from tests.support.setup_write import setup_write


def _actions(house, prefix):
    with house.store.read() as s:
        return [e.action for e in s.exec(select(AuditEvent).order_by(AuditEvent.seq)) if e.action.startswith(prefix)]


@pytest.mark.parametrize(
    ("password", "why"),
    [("short", "at least 10"), ("password123", "too common"), ("aaaaaaaaaaaa", "too common"),
     ("xx-newbie-xx-2024", "username")],
)
def test_password_policy(house, password, why):
    with pytest.raises(ValidationError, match=why):
        accounts.create_account(house.store, house.owner, "newbie", "New Person", "staff", password)


def test_only_owner_creates_accounts_and_usernames_are_unique(house):
    with pytest.raises(PermissionDenied):
        accounts.create_account(house.store, house.manager, "x", "X", "staff", "long-enough-pass")
    with pytest.raises(ValidationError, match="already taken"):
        accounts.create_account(house.store, house.owner, "SAM", "Sam 2", "staff", "long-enough-pass")
    with pytest.raises(ValidationError, match="(?i)role"):
        accounts.create_account(house.store, house.owner, "rita", "Rita", "boss", "long-enough-pass")


def test_login_success_and_failure_are_audited(house):
    actor = accounts.login(house.store, "Sam", "staff-pass-1234")
    assert actor.role == "staff"
    with pytest.raises(AuthenticationFailed, match="Wrong username or password"):
        accounts.login(house.store, "sam", "nope-nope-nope")
    with pytest.raises(AuthenticationFailed, match="Wrong username or password"):
        accounts.login(house.store, "nobody", "nope-nope-nope")
    acts = _actions(house, "login.")
    assert "login.success" in acts and acts.count("login.failed") == 2


def _fail(house, n):
    for _ in range(n):
        with setup_write(house.store) as s:  # skip the back-off wait between tries
            acc = s.exec(select(StaffAccount).where(StaffAccount.username == "sam")).one()
            acc.locked_until = None
        with pytest.raises((AuthenticationFailed, LockedOut)):
            accounts.login(house.store, "sam", "wrong-password-x")


def test_backoff_then_lock_after_ten(house):
    _fail(house, 5)
    with pytest.raises(LockedOut, match="Try again in"):
        accounts.login(house.store, "sam", "staff-pass-1234")
    _fail(house, 5)
    with setup_write(house.store) as s:
        s.exec(select(StaffAccount).where(StaffAccount.username == "sam")).one().locked_until = now() - timedelta(1)
    with pytest.raises(LockedOut, match="Ask the owner"):
        accounts.login(house.store, "sam", "staff-pass-1234")
    sam = accounts.account_by_username(house.store, house.owner, "sam")
    assert sam.locked
    accounts.set_account_state(house.store, house.owner, sam.id, unlock=True)
    assert accounts.login(house.store, "sam", "staff-pass-1234").role == "staff"


def test_change_password_and_owner_rules(house):
    sam = accounts.account_by_username(house.store, house.owner, "sam")
    with pytest.raises(AuthenticationFailed):
        accounts.change_password(house.store, house.staff, sam.id, "wrong-old-pass", "brand-new-pass-1")
    accounts.change_password(house.store, house.staff, sam.id, "staff-pass-1234", "brand-new-pass-1")
    assert accounts.login(house.store, "sam", "brand-new-pass-1")
    owner = accounts.account_by_username(house.store, house.owner, "olivia")
    with pytest.raises(ValidationError, match="take over the key slot"):
        accounts.set_account_state(house.store, house.owner, owner.id, role="manager")
    with pytest.raises(ValidationError, match="your own account"):
        accounts.set_account_state(house.store, house.owner, owner.id, active=False)
    accounts.set_account_state(house.store, house.owner, sam.id, active=False)
    with pytest.raises(AuthenticationFailed):
        accounts.login(house.store, "sam", "brand-new-pass-1")
    assert [a.username for a in accounts.list_accounts(house.store, house.owner)] == ["manny", "olivia", "sam"]


def _fail_ten_times(house, username: str) -> None:
    for _ in range(accounts.LOCK_AFTER):
        with setup_write(house.store) as s:  # skip the back-off waits
            acc = s.exec(select(StaffAccount).where(StaffAccount.username == username)).one()
            acc.locked_until = None
        with pytest.raises((AuthenticationFailed, LockedOut)):
            accounts.login(house.store, username, "not the password")
    with setup_write(house.store) as s:
        acc = s.exec(select(StaffAccount).where(StaffAccount.username == username)).one()
        acc.locked_until = None


def test_the_only_owner_is_never_locked_for_good(house):
    """Anyone at the kiosk's "close" screen could otherwise shut the house out of
    accounts, backups and restore: the last owner only waits between tries."""
    _fail_ten_times(house, "olivia")
    assert accounts.login(house.store, "olivia", "correct-horse-battery").role == "owner"
    accounts.create_account(house.store, house.owner, "otto", "Otto Owner", "owner",
                            "second-owner-pass")
    _fail_ten_times(house, "olivia")  # with a second owner, the first can be locked
    with pytest.raises(LockedOut, match="Ask the owner"):
        accounts.login(house.store, "olivia", "correct-horse-battery")


def test_the_recovery_code_sets_a_new_owner_password_and_unlocks_it(house):
    from peerhouse.errors import WrongKey
    from peerhouse.store import vault

    accounts.create_account(house.store, house.owner, "otto", "Otto Owner", "owner",
                            "second-owner-pass")
    _fail_ten_times(house, "olivia")
    with pytest.raises(WrongKey):
        accounts.recover_owner(house.store, "olivia", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23",
                               "a brand new password")
    with pytest.raises(WrongKey):  # a wrong code never says whether the username is an owner
        accounts.recover_owner(house.store, "manny", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23",
                               "a brand new password")
    with house.store.read() as s:
        assert len(s.exec(select(AuditEvent).where(
            AuditEvent.action == "account.recover_refused")).all()) == 2
    with pytest.raises(ValidationError, match="not an active owner"):
        accounts.recover_owner(house.store, "manny", house.recovery_code, "a brand new password")
    with pytest.raises(ValidationError):
        accounts.recover_owner(house.store, "olivia", house.recovery_code, "short")
    accounts.recover_owner(house.store, "olivia", house.recovery_code, "a brand new password")
    assert accounts.login(house.store, "olivia", "a brand new password").role == "owner"
    # olivia holds the owner key slot: it follows the new password.
    assert vault.key_from_secret(house.paths, password="a brand new password")
    with house.store.read() as s:
        [ev] = s.exec(select(AuditEvent).where(AuditEvent.action == "account.recover")).all()
    assert ev.actor == "system" and "key_slot" in ev.details
