"""Peer mentor pairing and the one-to-one mentoring log.

A newer resident is paired with a peer further along (or with a staff member) so the
relationship, not only the rules, carries them. Session notes are confidential: managers
only; the audit trail records who met whom, never what was said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.growth import MentorSession
from peerhouse.models.people import Resident, StaffAccount
from peerhouse.models.types import utcnow
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import now
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, audited, reads, writes

# Clocks on two PCs drift a little; a session "now" must not be refused as future.
CLOCK_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class Pairing:
    """A mentee and their peer mentor (a resident or a staff member, or nobody yet)."""

    mentee_id: int
    mentor_resident_id: int | None
    mentor_staff_id: int | None


@writes(Perm.MENTORING_MANAGE)
def assign_mentor(
    u: Unit, mentee_id: int, mentor_resident_id: int | None = None,
    mentor_staff_id: int | None = None,
) -> Pairing:
    """Pair a resident with one mentor: an active resident of their house or active staff."""
    if (mentor_resident_id is None) == (mentor_staff_id is None):
        raise ValidationError("peer mentor", lazy(
            "Choose one mentor: a resident or a staff member."))
    mentee = _mentee(u.session, mentee_id)
    _check_mentor(u.session, mentee, mentor_resident_id, mentor_staff_id, current=True)
    _pair(u, mentee, mentor_resident_id, mentor_staff_id, Action.MENTOR_ASSIGN,
          mentor_resident_id=mentor_resident_id, mentor_staff_id=mentor_staff_id)
    return Pairing(mentee_id, mentor_resident_id, mentor_staff_id)


@writes(Perm.MENTORING_MANAGE)
def clear_mentor(u: Unit, mentee_id: int) -> Pairing:
    """End a pairing (the mentoring log is kept)."""
    mentee = lookups.resident(u.session, mentee_id)
    if mentee.mentor_resident_id is None and mentee.mentor_staff_id is None:
        raise ValidationError("peer mentor", lazy("This resident has no mentor assigned."))
    _pair(u, mentee, None, None, Action.MENTOR_CLEAR)
    return Pairing(mentee_id, None, None)


def _pair(u: Unit, mentee: Resident, resident_id: int | None, staff_id: int | None,
          action: str, **details: object) -> None:
    mentee.mentor_resident_id, mentee.mentor_staff_id = resident_id, staff_id
    mentee.updated_at = utcnow()
    u.session.add(mentee)
    u.audit(action, "resident", mentee.id, **details)


@reads(Perm.MENTORING_READ)
def pairings(u: Unit, house_id: int) -> list[Pairing]:
    """Every current resident of a house with their mentor, for the pairing screen."""
    stmt = (select(Resident.id, Resident.mentor_resident_id, Resident.mentor_staff_id)
            .where(Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE)
            .order_by(col(Resident.last_name), col(Resident.first_name)))
    return [Pairing(int(i), r, s) for i, r, s in u.session.exec(stmt)]  # type: ignore[arg-type]


@writes(Perm.MENTORING_MANAGE)
def log_session(
    u: Unit, mentee_id: int, *, note: str = "", at: datetime | None = None,
    mentor_resident_id: int | None = None, mentor_staff_id: int | None = None,
) -> MentorSession:
    """Record a mentoring conversation; without a named mentor, the assigned one is used."""
    note = validate.text("note", note, limits.NOTE)
    at = at or now()
    if at.tzinfo is None:
        raise ValidationError("time", lazy("The time must carry a time zone."))
    if at > now() + CLOCK_SLACK:
        raise ValidationError("time", lazy("The time cannot be in the future."))
    if mentor_resident_id is not None and mentor_staff_id is not None:
        raise ValidationError("peer mentor", lazy(
            "Choose one mentor: a resident or a staff member."))
    session = u.session
    mentee = lookups.resident(session, mentee_id)
    if mentor_resident_id is None and mentor_staff_id is None:
        mentor_resident_id, mentor_staff_id = mentee.mentor_resident_id, mentee.mentor_staff_id
        if mentor_resident_id is None and mentor_staff_id is None:
            raise ValidationError("peer mentor", lazy("This resident has no mentor; choose one."))
    # A past session may be logged after the mentor moved out or moved house.
    _check_mentor(session, mentee, mentor_resident_id, mentor_staff_id, current=False)
    row = MentorSession(mentee_id=mentee_id, mentor_resident_id=mentor_resident_id,
                        mentor_staff_id=mentor_staff_id, at=at, note=note)
    session.add(row)
    session.flush()
    u.audit(Action.MENTOR_SESSION_LOG, "mentor_session", row.id, mentee_id=mentee_id,
            mentor_resident_id=mentor_resident_id, mentor_staff_id=mentor_staff_id)
    return row


@audited(Perm.MENTORING_READ, own="mentee_id")
def sessions_for(u: Unit, mentee_id: int, *, limit: int | None = None) -> list[MentorSession]:
    """A mentee's mentoring log, newest first (audited: the notes are confidential)."""
    stmt = (select(MentorSession).where(MentorSession.mentee_id == mentee_id)
            .order_by(col(MentorSession.at).desc(), col(MentorSession.id).desc()))
    if limit is not None:
        stmt = stmt.limit(validate.int_range("limit", limit, 1, 10000))
    # Session notes are confidential: the read and its audit event share one transaction.
    u.audit(Action.MENTOR_SESSION_READ, "resident", mentee_id)
    return list(u.session.exec(stmt))


def _check_mentor(
    session: Session, mentee: Resident, resident_id: int | None, staff_id: int | None,
    *, current: bool,
) -> None:
    if resident_id is not None:
        if resident_id == mentee.id:
            raise ValidationError("peer mentor", lazy(
                "A resident cannot be their own mentor."))
        mentor = lookups.row(session, Resident, resident_id,
                             ValidationError("peer mentor", lazy(
                                 "The peer mentor must be a resident.")))
        if current and mentor.house_id != mentee.house_id:
            raise ValidationError("peer mentor", lazy(
                "The peer mentor must be a resident of the same house."))
        if current and mentor.status != ResidentStatus.ACTIVE:
            raise ValidationError("peer mentor", lazy(
                "The peer mentor must be a current resident of the house."))
    if staff_id is not None:
        staff = lookups.row(session, StaffAccount, staff_id,
                            ValidationError("peer mentor", lazy(
                                "The peer mentor must be a staff account.")))
        if current and not staff.active:
            raise ValidationError("peer mentor", lazy(
                "The peer mentor must be an active staff account."))


def _mentee(session: Session, mentee_id: int) -> Resident:
    mentee = lookups.resident(session, mentee_id)
    if mentee.status == ResidentStatus.DISCHARGED:
        raise ValidationError("resident", lazy(
            "Only a current resident can be paired with a mentor."))
    return mentee

