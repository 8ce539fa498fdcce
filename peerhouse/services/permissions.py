"""Who may do what, in one place so it can be tested as a table.

Three rules, applied in this order by `refusal` (and so by `allowed` and `require`):

1. The role grants the permission (`MATRIX`). Owners can do everything; managers all
   house work; staff (house seniors) meetings, chores, sign-outs and the check-in overview
   but no screens, incidents, notes, goals, consents or confidential reports; residents
   only a few things at the kiosk. A resident also holds `OWN_RECORDS` — reading their own
   check-ins, sign-outs, outside meetings, record and house — but only where the call names
   the record (or house) it reads, which rules 2 and 3 then check.
2. Ownership: a resident acts only on their own records (`resident_id`).
3. House scope: a resident acts only in the house they live in (`house_id`); staff
   accounts are not bound to a house.

Services name the resident and house a call concerns (the unit of work passes them on:
services/unit.py), so no service repeats these checks itself.
"""

from __future__ import annotations

from enum import StrEnum

from peerhouse.errors import PermissionDenied
from peerhouse.i18n import Message, lazy
from peerhouse.models.enums import Role
from peerhouse.services.actor import Actor, ActorKind


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
    # A meeting's minutes, decisions and who came are about other residents: staff only,
    # never the kiosk (which shows the schedule).
    MEETING_RECORDS_READ = "meetings.records"
    OUTSIDE_MEETINGS_READ = "outside_meetings.read"
    OUTSIDE_MEETINGS_MANAGE = "outside_meetings.manage"
    OUTSIDE_MEETINGS_VERIFY = "outside_meetings.verify"
    CHORES_READ = "chores.read"
    CHORES_DONE = "chores.done"
    CHORES_VERIFY = "chores.verify"
    CHORES_CONFIGURE = "chores.configure"
    CHECKINS_OVERVIEW = "checkins.overview"
    CHECKINS_READ = "checkins.read"
    CHECKINS_MANAGE = "checkins.manage"
    SIGNOUTS_READ = "signouts.read"
    SIGNOUTS_MANAGE = "signouts.manage"
    # A resident cannot edit a past sign-out (that would erase a missed curfew).
    SIGNOUTS_CORRECT = "signouts.correct"
    SCREENS_READ = "screens.read"
    SCREENS_MANAGE = "screens.manage"
    INCIDENTS_READ = "incidents.read"
    INCIDENTS_MANAGE = "incidents.manage"
    GOALS_READ = "goals.read"
    GOALS_MANAGE = "goals.manage"
    GOALS_STEP_DONE = "goals.step_done"
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
    # Choosing the language of one's own screens and papers: every staff member for their
    # account, a resident at the kiosk for themself.
    OWN_LANGUAGE = "language.own"


_STAFF = frozenset(
    {
        Perm.HOUSES_READ,
        Perm.RESIDENTS_READ,
        Perm.MEETINGS_READ,
        Perm.MEETINGS_MANAGE,
        Perm.MEETING_RECORDS_READ,
        Perm.OUTSIDE_MEETINGS_READ,
        Perm.OUTSIDE_MEETINGS_MANAGE,
        Perm.OUTSIDE_MEETINGS_VERIFY,
        Perm.CHORES_READ,
        Perm.CHORES_DONE,
        Perm.CHORES_VERIFY,
        Perm.CHECKINS_OVERVIEW,
        Perm.SIGNOUTS_READ,
        Perm.SIGNOUTS_MANAGE,
        Perm.SIGNOUTS_CORRECT,
        Perm.RESOURCES_READ,
        Perm.REPORTS_BOARD,
        Perm.OWN_LANGUAGE,
    }
)
_OWNER_ONLY = frozenset({Perm.ACCOUNTS_MANAGE, Perm.AUDIT_READ, Perm.BACKUP, Perm.KEYS_MANAGE})
_MANAGER = frozenset(Perm) - _OWNER_ONLY
# What a resident may do at the kiosk, always on their own records, in their own house.
_RESIDENT = frozenset(
    {
        Perm.CHECKINS_MANAGE,
        Perm.CHORES_READ,
        Perm.CHORES_DONE,
        Perm.SIGNOUTS_MANAGE,
        Perm.OUTSIDE_MEETINGS_MANAGE,
        Perm.GOALS_READ,
        Perm.GOALS_STEP_DONE,
        Perm.RESOURCES_READ,
        Perm.MEETINGS_READ,
        Perm.OWN_LANGUAGE,
    }
)
# Read permissions a resident holds for their own records only (the call must name them):
# reading what one entered oneself is not a disclosure.
OWN_RECORDS = frozenset(
    {
        Perm.RESIDENTS_READ,
        Perm.HOUSES_READ,
        Perm.CHECKINS_READ,
        Perm.SIGNOUTS_READ,
        Perm.OUTSIDE_MEETINGS_READ,
    }
)

MATRIX: dict[str, frozenset[Perm]] = {
    Role.OWNER: frozenset(Perm),
    Role.MANAGER: _MANAGER,
    Role.STAFF: _STAFF,
    ActorKind.RESIDENT: _RESIDENT,
    ActorKind.SYSTEM: frozenset(Perm),
}

NO_PERMISSION = lazy("Your account does not have permission to do this.")
NOT_YOURS = lazy("You can only see and change your own records.")
# Refusals that say more than NO_PERMISSION where a role lacks the permission.
REFUSED: dict[Perm, Message] = {
    Perm.OUTSIDE_MEETINGS_VERIFY: lazy("Only staff can do this."),
    Perm.SIGNOUTS_CORRECT: lazy("Please ask staff to correct a sign-out."),
    Perm.MEETING_RECORDS_READ: lazy("Attendance lists are for staff only."),
}
# What a resident asking about another house is told, per permission.
_OTHER_HOUSE_CHORES = lazy("You can only see your own house's chores.")
OTHER_HOUSE: dict[Perm, Message] = {
    Perm.CHORES_READ: _OTHER_HOUSE_CHORES,
    Perm.CHORES_DONE: _OTHER_HOUSE_CHORES,
    Perm.MEETINGS_READ: lazy("You can only see your own house's meetings."),
}
NOT_YOUR_HOUSE = lazy("You can only see your own house's records.")


def refusal(actor: Actor, perm: Perm, *, resident_id: int | None = None,
            house_id: int | None = None) -> Message | None:
    """Why `actor` may not use `perm` (on `resident_id`'s records, in `house_id`), or None
    if it may. Without a resident or house named, the role alone decides. The reason is a
    lazy message: it reads in the language of whoever is shown it."""
    resident = actor.kind is ActorKind.RESIDENT
    named = resident_id is not None or house_id is not None
    granted = perm in MATRIX.get(actor.role, frozenset()) or (
        resident and named and perm in OWN_RECORDS)
    if not granted:
        return REFUSED.get(perm, NO_PERMISSION)
    if resident and resident_id is not None and resident_id != actor.id:
        return NOT_YOURS
    if resident and house_id is not None and house_id != actor.house_id:
        return OTHER_HOUSE.get(perm, NOT_YOUR_HOUSE)
    return None


def allowed(actor: Actor, perm: Perm, *, resident_id: int | None = None,
            house_id: int | None = None) -> bool:
    return refusal(actor, perm, resident_id=resident_id, house_id=house_id) is None


def require(actor: Actor, perm: Perm, *, resident_id: int | None = None,
            house_id: int | None = None) -> None:
    """PermissionDenied (saying why) unless `allowed`."""
    why = refusal(actor, perm, resident_id=resident_id, house_id=house_id)
    if why is not None:
        raise PermissionDenied(why)


def house_scope(actor: Actor) -> int | None:
    """The one house `actor` may see (a resident's), or None for every house."""
    return actor.house_id if actor.kind is ActorKind.RESIDENT else None


def discloses(actor: Actor) -> bool:
    """Whether a read of a resident's records by `actor` is a disclosure (audited). A
    resident only ever reads their own (rule 2), which is not one."""
    return actor.kind is not ActorKind.RESIDENT
