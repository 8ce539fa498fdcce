"""The permission table: roles, a resident's ownership of their records, house scope."""

from __future__ import annotations

import pytest

from peerhouse.errors import PermissionDenied
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import (
    MATRIX,
    NO_PERMISSION,
    NOT_YOURS,
    Perm,
    allowed,
    discloses,
    house_scope,
    refusal,
    require,
)

STAFF = Actor("staff", 2, "staff")
MANAGER = Actor("staff", 3, "manager")
OWNER = Actor("staff", 1, "owner")
RESIDENT = Actor.resident(7, 1)  # resident 7, living in house 1
SYSTEM = Actor.system()

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
    require(RESIDENT, Perm.CHECKINS_MANAGE, resident_id=7)
    with pytest.raises(PermissionDenied, match="your own"):
        require(RESIDENT, Perm.CHECKINS_MANAGE, resident_id=8)
    require(MANAGER, Perm.CHECKINS_MANAGE, resident_id=8)


def test_unknown_role_has_nothing():
    with pytest.raises(PermissionDenied):
        require(Actor("staff", 9, "janitor"), Perm.HOUSES_READ)


# The rules as a table: (actor, permission, resident named, house named) → refusal or None.
OTHER_HOUSE_CHORES = "You can only see your own house's chores."
TABLE = [
    # A resident's own records, in their own house.
    (RESIDENT, Perm.CHECKINS_MANAGE, 7, None, None),
    (RESIDENT, Perm.CHECKINS_MANAGE, 8, None, NOT_YOURS),
    (RESIDENT, Perm.GOALS_STEP_DONE, 7, None, None),
    (RESIDENT, Perm.GOALS_STEP_DONE, 8, None, NOT_YOURS),
    (RESIDENT, Perm.CHORES_DONE, 7, None, None),
    (RESIDENT, Perm.CHORES_DONE, 8, None, NOT_YOURS),
    (RESIDENT, Perm.CHORES_READ, None, 1, None),
    (RESIDENT, Perm.CHORES_READ, None, 2, OTHER_HOUSE_CHORES),
    (RESIDENT, Perm.MEETINGS_READ, None, 2, "You can only see your own house's meetings."),
    # Reads a resident holds for their own records only: named, and theirs.
    (RESIDENT, Perm.CHECKINS_READ, None, None, NO_PERMISSION),
    (RESIDENT, Perm.CHECKINS_READ, 7, None, None),
    (RESIDENT, Perm.CHECKINS_READ, 8, None, NOT_YOURS),
    (RESIDENT, Perm.SIGNOUTS_READ, 7, None, None),
    (RESIDENT, Perm.OUTSIDE_MEETINGS_READ, 7, None, None),
    (RESIDENT, Perm.RESIDENTS_READ, 7, None, None),
    (RESIDENT, Perm.HOUSES_READ, None, 1, None),
    (RESIDENT, Perm.HOUSES_READ, None, 2, "You can only see your own house's records."),
    # Never at the kiosk, even for their own records.
    (RESIDENT, Perm.SCREENS_READ, 7, None, NO_PERMISSION),
    (RESIDENT, Perm.GOALS_MANAGE, 7, None, NO_PERMISSION),
    (RESIDENT, Perm.SIGNOUTS_CORRECT, 7, None, "Please ask staff to correct a sign-out."),
    (RESIDENT, Perm.OUTSIDE_MEETINGS_VERIFY, 7, None, "Only staff can do this."),
    (RESIDENT, Perm.MEETING_RECORDS_READ, None, 1, "Attendance lists are for staff only."),
    # Staff accounts are bound to no house and own no records: the role decides.
    (STAFF, Perm.CHORES_DONE, 8, 2, None),
    (STAFF, Perm.CHECKINS_READ, 7, None, NO_PERMISSION),
    (STAFF, Perm.GOALS_STEP_DONE, 7, None, NO_PERMISSION),
    (MANAGER, Perm.GOALS_STEP_DONE, 7, 2, None),
    (MANAGER, Perm.SCREENS_READ, 7, 2, None),
    (OWNER, Perm.AUDIT_READ, None, 2, None),
    (SYSTEM, Perm.KEYS_MANAGE, 8, 2, None),
]


@pytest.mark.parametrize(("actor", "perm", "resident_id", "house_id", "why"), TABLE)
def test_the_rules_as_a_table(actor, perm, resident_id, house_id, why):
    found = refusal(actor, perm, resident_id=resident_id, house_id=house_id)
    assert (None if found is None else str(found)) == (None if why is None else str(why))
    assert allowed(actor, perm, resident_id=resident_id, house_id=house_id) == (why is None)


def test_house_scope_and_disclosure():
    """A resident sees one house and reading their own records is no disclosure; everyone
    else sees every house and their reads of a resident's records are disclosures."""
    assert house_scope(RESIDENT) == 1 and not discloses(RESIDENT)
    for actor in (STAFF, MANAGER, OWNER, SYSTEM):
        assert house_scope(actor) is None and discloses(actor)


def test_every_permission_is_granted_to_someone_below_the_owner():
    """A permission only the owner (and the program) holds must be meant that way."""
    lesser = MATRIX["manager"] | MATRIX["staff"] | MATRIX["resident"]
    assert set(Perm) - lesser == {Perm.ACCOUNTS_MANAGE, Perm.AUDIT_READ, Perm.BACKUP,
                                  Perm.KEYS_MANAGE}
