"""The role → permission matrix, as a table (DESIGN §5)."""

from __future__ import annotations

import pytest

from peerhouse.errors import PermissionDenied
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import MATRIX, Perm, allowed, require, require_own

STAFF = Actor("staff", 2, "staff")
MANAGER = Actor("staff", 3, "manager")
OWNER = Actor("staff", 1, "owner")
RESIDENT = Actor.resident(7, 1)

CONFIDENTIAL = [Perm.SCREENS_READ, Perm.SCREENS_MANAGE, Perm.INCIDENTS_READ, Perm.INCIDENTS_MANAGE,
                Perm.RESIDENTS_NOTES, Perm.CHECKINS_READ, Perm.GOALS_READ, Perm.CONSENTS_READ,
                Perm.REPORTS_CONFIDENTIAL, Perm.AUDIT_READ]


@pytest.mark.parametrize("perm", CONFIDENTIAL)
def test_staff_never_sees_confidential_records(perm):
    assert not allowed(STAFF, perm)


@pytest.mark.parametrize("perm", [Perm.MEETINGS_MANAGE, Perm.CHORES_VERIFY, Perm.CHECKINS_OVERVIEW,
                                  Perm.SIGNOUTS_MANAGE, Perm.REPORTS_BOARD])
def test_staff_runs_the_house_day(perm):
    assert allowed(STAFF, perm)


def test_owner_only_permissions():
    for perm in (Perm.ACCOUNTS_MANAGE, Perm.AUDIT_READ, Perm.BACKUP, Perm.KEYS_MANAGE):
        assert allowed(OWNER, perm) and not allowed(MANAGER, perm) and not allowed(STAFF, perm)
    assert MATRIX["owner"] == frozenset(Perm)


def test_manager_has_all_house_work():
    for perm in CONFIDENTIAL[:-1]:
        assert allowed(MANAGER, perm)


def test_residents_only_their_own_things():
    for perm in (*CONFIDENTIAL, Perm.RESIDENTS_READ, Perm.RESIDENTS_MANAGE, Perm.MEETINGS_MANAGE):
        if perm is not Perm.GOALS_READ:
            assert not allowed(RESIDENT, perm), perm
    require_own(RESIDENT, Perm.CHECKINS_MANAGE, 7)
    with pytest.raises(PermissionDenied, match="your own"):
        require_own(RESIDENT, Perm.CHECKINS_MANAGE, 8)
    require_own(MANAGER, Perm.CHECKINS_MANAGE, 8)


def test_unknown_role_has_nothing():
    with pytest.raises(PermissionDenied):
        require(Actor("staff", 9, "janitor"), Perm.HOUSES_READ)
