"""The role → permission matrix (DESIGN §5), in one place so it can be tested as a table.

Owners can do everything; managers all house work; staff (house seniors) meetings,
chores, sign-outs and the check-in overview but no screens, incidents, notes, goals,
consents or confidential reports; residents only their own things at the kiosk.
"""

from __future__ import annotations

from enum import StrEnum

from peerhouse.errors import PermissionDenied
from peerhouse.models.enums import Role
from peerhouse.services.actor import RESIDENT_ROLE, SYSTEM_ROLE, Actor


class Perm(StrEnum):
    HOUSES_READ = "houses.read"
    HOUSES_MANAGE = "houses.manage"
    ACCOUNTS_MANAGE = "accounts.manage"
    RESIDENTS_READ = "residents.read"
    RESIDENTS_MANAGE = "residents.manage"
    RESIDENTS_NOTES = "residents.notes"
    RESIDENTS_PIN_RESET = "residents.pin_reset"
    MEETINGS_READ = "meetings.read"
    MEETINGS_MANAGE = "meetings.manage"
    OUTSIDE_MEETINGS_READ = "outside_meetings.read"
    OUTSIDE_MEETINGS_MANAGE = "outside_meetings.manage"
    CHORES_READ = "chores.read"
    CHORES_VERIFY = "chores.verify"
    CHORES_CONFIGURE = "chores.configure"
    CHECKINS_OVERVIEW = "checkins.overview"
    CHECKINS_READ = "checkins.read"
    CHECKINS_MANAGE = "checkins.manage"
    SIGNOUTS_READ = "signouts.read"
    SIGNOUTS_MANAGE = "signouts.manage"
    SCREENS_READ = "screens.read"
    SCREENS_MANAGE = "screens.manage"
    INCIDENTS_READ = "incidents.read"
    INCIDENTS_MANAGE = "incidents.manage"
    GOALS_READ = "goals.read"
    GOALS_MANAGE = "goals.manage"
    MENTORING_READ = "mentoring.read"
    MENTORING_MANAGE = "mentoring.manage"
    CONSENTS_READ = "consents.read"
    CONSENTS_MANAGE = "consents.manage"
    RESOURCES_READ = "resources.read"
    RESOURCES_MANAGE = "resources.manage"
    REPORTS_BOARD = "reports.board"
    REPORTS_CONFIDENTIAL = "reports.confidential"
    RESIDENTS_EXPORT = "residents.export"
    RESIDENTS_IMPORT = "residents.import"
    AUDIT_READ = "audit.read"
    # Making a backup now (to the chosen folder) is house work: a manager may do it. The
    # file is as encrypted as the live one. Choosing the folder and restoring are the owner's.
    BACKUP_CREATE = "backup.create"
    BACKUP = "backup"
    KEYS_MANAGE = "keys.manage"


_STAFF = frozenset(
    {
        Perm.HOUSES_READ,
        Perm.RESIDENTS_READ,
        Perm.MEETINGS_READ,
        Perm.MEETINGS_MANAGE,
        Perm.OUTSIDE_MEETINGS_READ,
        Perm.OUTSIDE_MEETINGS_MANAGE,
        Perm.CHORES_READ,
        Perm.CHORES_VERIFY,
        Perm.CHECKINS_OVERVIEW,
        Perm.SIGNOUTS_READ,
        Perm.SIGNOUTS_MANAGE,
        Perm.RESOURCES_READ,
        Perm.REPORTS_BOARD,
    }
)
_OWNER_ONLY = frozenset({Perm.ACCOUNTS_MANAGE, Perm.AUDIT_READ, Perm.BACKUP, Perm.KEYS_MANAGE})
_MANAGER = frozenset(Perm) - _OWNER_ONLY
# Residents act only on their own records; services check ownership as well.
_RESIDENT = frozenset(
    {
        Perm.CHECKINS_MANAGE,
        Perm.CHORES_READ,
        Perm.SIGNOUTS_MANAGE,
        Perm.OUTSIDE_MEETINGS_MANAGE,
        Perm.GOALS_READ,
        Perm.RESOURCES_READ,
        Perm.MEETINGS_READ,
    }
)

MATRIX: dict[str, frozenset[Perm]] = {
    Role.OWNER: frozenset(Perm),
    Role.MANAGER: _MANAGER,
    Role.STAFF: _STAFF,
    RESIDENT_ROLE: _RESIDENT,
    SYSTEM_ROLE: frozenset(Perm),
}


def allowed(actor: Actor, perm: Perm) -> bool:
    return perm in MATRIX.get(actor.role, frozenset())


def require(actor: Actor, perm: Perm) -> None:
    """Raise PermissionDenied unless the actor's role grants `perm`."""
    if not allowed(actor, perm):
        raise PermissionDenied("Your account does not have permission to do this.")


def require_own(actor: Actor, perm: Perm, resident_id: int) -> None:
    """Like `require`, and a resident may act only on their own records."""
    require(actor, perm)
    if actor.kind == "resident" and actor.id != resident_id:
        raise PermissionDenied("You can only see and change your own records.")
