"""Residents: admit, edit, discharge, move between houses, sobriety-date history.

Staff see residents without manager-only notes; PIN hashes never leave this layer.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlmodel import Session, col, func, or_, select

from peerhouse.errors import NotFound, ValidationError
from peerhouse.i18n import Message, lazy, lazy_plural
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ExitReason, ResidentStatus
from peerhouse.models.houses import House, Phase
from peerhouse.models.people import Resident, SobrietyDateChange, StaffAccount, Stay
from peerhouse.models.types import utcnow
from peerhouse.services import languages, lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import NOT_YOURS, Perm, allowed, refusal
from peerhouse.services.unit import Unit, audited, reads, writes


@dataclass
class ResidentInput:
    """What the admit and edit forms collect. Dates may be `date` or 'YYYY-MM-DD'."""

    first_name: str
    last_name: str
    house_id: int
    preferred_name: str = ""
    date_of_birth: date | str | None = None
    phone: str = ""
    bed: str = ""
    status: str = ResidentStatus.ACTIVE
    move_in_date: date | str | None = None
    sobriety_date: date | str | None = None
    phase_id: int | None = None
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    sponsor_name: str = ""
    sponsor_phone: str = ""
    mentor_resident_id: int | None = None
    mentor_staff_id: int | None = None
    celebrate_milestones_publicly: bool = False
    notes: str = ""
    language: str | None = None  # "en" / "es"; None: the house's language


# The words people read for each field, for refusals that reach someone without a form
# (a CSV import); a form names the field with its own on-screen label instead.
LABELS = {
    "first_name": lazy("First name"), "last_name": lazy("Last name"),
    "preferred_name": lazy("Preferred name"), "bed": lazy("Bed"), "phone": lazy("Phone"),
    "emergency_contact_name": lazy("Emergency contact name"),
    "emergency_contact_phone": lazy("Emergency contact phone"),
    "sponsor_name": lazy("Sponsor name"), "sponsor_phone": lazy("Sponsor phone"),
    "notes": lazy("Private notes"), "date_of_birth": lazy("Date of birth"),
    "move_in_date": lazy("Move-in date"), "sobriety_date": lazy("Sobriety date"),
    "status": lazy("Status"),
}

# Fields edit() may change (status, house and sobriety date have their own use cases).
EDITABLE = {
    "first_name", "last_name", "preferred_name", "date_of_birth", "phone", "bed", "phase_id",
    "emergency_contact_name", "emergency_contact_phone", "sponsor_name", "sponsor_phone",
    "mentor_resident_id", "mentor_staff_id", "celebrate_milestones_publicly", "notes",
    "language",
}


def house_today(session: Session, house_id: int) -> date:
    """Today in the house a form names (a house that is gone is a mistake in the form)."""
    if session.get(House, house_id) is None:
        raise ValidationError("house", lazy("That house does not exist."))
    return lookups.today(session, house_id)


def _clean(session: Session, data: dict[str, object], today: date) -> dict[str, object]:
    """Validate the fields present in `data`, naming the field on any problem."""
    out = dict(data)
    for key in ("first_name", "last_name"):
        if key in out:
            out[key] = validate.text(key.replace("_", " "), out[key], limits.NAME,  # type: ignore[arg-type]
                                     required=True, label=LABELS[key])
    for key, limit in (("preferred_name", limits.NAME), ("bed", limits.BED),
                       ("emergency_contact_name", limits.FULL_NAME),
                       ("sponsor_name", limits.FULL_NAME), ("notes", limits.NOTE)):
        if key in out:
            out[key] = validate.text(key.replace("_", " "), out[key], limit,  # type: ignore[arg-type]
                                     label=LABELS[key])
    for key in ("phone", "emergency_contact_phone", "sponsor_phone"):
        if key in out:
            out[key] = validate.phone(key.replace("_", " "), out[key],  # type: ignore[arg-type]
                                      label=LABELS[key])
    for key in ("date_of_birth", "move_in_date", "sobriety_date"):
        if key in out:
            name, label = key.replace("_", " "), LABELS[key]
            d = validate.parse_date(name, out[key], label=label)  # type: ignore[arg-type]
            out[key] = validate.not_future(name, d, today, label=label) if key != "move_in_date" else d
    if out.get("date_of_birth") and (today.year - out["date_of_birth"].year) > 120:  # type: ignore[union-attr]
        raise ValidationError("date of birth", lazy(
            "{field} is too far in the past.", field=LABELS["date_of_birth"]))
    if "status" in out and out["status"] not in (ResidentStatus.APPLICANT,
                                                 ResidentStatus.ACTIVE):
        raise ValidationError("status", lazy(
            "{field} must be active or applicant.", field=LABELS["status"]))
    if out.get("phase_id") is not None:
        phase = session.get(Phase, out["phase_id"])
        if phase is None or ("house_id" in out and phase.house_id != out["house_id"]):
            raise ValidationError("phase", lazy("Choose one of this house's phases."))
    if out.get("mentor_resident_id") is not None and session.get(Resident, out["mentor_resident_id"]) is None:
        raise ValidationError("peer mentor", lazy(
            "The peer mentor must be a current resident."))
    if out.get("mentor_staff_id") is not None and session.get(StaffAccount, out["mentor_staff_id"]) is None:
        raise ValidationError("peer mentor", lazy(
            "The peer mentor must be a staff account."))
    return out


def house_full(name: str, beds: int) -> Message:
    return lazy_plural("{house} is full ({n} of {n} bed).", "{house} is full ({n} of {n} beds).",
                       beds, house=name)


def bed_taken(bed: object) -> Message:
    return lazy("Bed {bed} is already taken.", bed=bed)


def _active_count(session: Session, house_id: int, exclude: int | None = None) -> int:
    stmt = select(func.count()).select_from(Resident).where(
        Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE)
    if exclude is not None:
        stmt = stmt.where(Resident.id != exclude)
    return int(session.exec(stmt).one())


def _check_capacity(session: Session, house_id: int, exclude: int | None = None) -> None:
    house = session.get(House, house_id)
    assert house is not None
    if _active_count(session, house_id, exclude) >= house.capacity:
        raise ValidationError("house", house_full(house.name, house.capacity))


def _check_bed(session: Session, house_id: int, bed: str, exclude: int | None = None) -> None:
    if not bed:
        return
    stmt = select(Resident.id).where(Resident.house_id == house_id, Resident.bed == bed,
                                     Resident.status == ResidentStatus.ACTIVE)
    if exclude is not None:
        stmt = stmt.where(Resident.id != exclude)
    if session.exec(stmt).first() is not None:
        raise ValidationError("bed", bed_taken(bed))


@writes(Perm.RESIDENTS_MANAGE)
def admit(u: Unit, data: ResidentInput) -> Resident:
    """Admit a resident (or record an applicant): creates their first stay."""
    session = u.session
    values = admit_values(session, data, house_today(session, data.house_id))
    active = values["status"] == ResidentStatus.ACTIVE
    if active:
        _check_capacity(session, data.house_id)
        _check_bed(session, data.house_id, str(values["bed"]))
    res = Resident(**values)
    session.add(res)
    session.flush()
    if active:
        session.add(Stay(resident_id=res.id, house_id=data.house_id, moved_in=res.move_in_date))
    assert res.id is not None
    languages.set_resident_language(u, res.id, data.language or languages.house_language(
        session, data.house_id).language)
    u.audit(Action.RESIDENT_ADMIT, "resident", res.id, house_id=data.house_id, status=res.status)
    return _redact(res, u.actor)


def admit_values(session: Session, data: ResidentInput, today: date) -> dict[str, object]:
    """The new resident's fields, checked as admitting checks them (all but a free bed,
    which depends on who else moves in: the CSV import checks the whole file at once)."""
    values = _clean(session, {f.name: getattr(data, f.name) for f in fields(data)
                              if f.name != "language"}, today)
    values["move_in_date"] = values.get("move_in_date") or today
    if values.get("phase_id") is None:
        first = _first_phase(session, data.house_id)
        values["phase_id"] = first.id if first else None
    return values


@writes(Perm.RESIDENTS_MANAGE)
def edit(u: Unit, resident_id: int, changes: dict[str, object]) -> Resident:
    validate.only_editable(changes, EDITABLE)
    session = u.session
    res = _get(u, resident_id)
    changes = dict(changes)
    language = changes.pop("language", None)
    clean = _clean(session, {**changes, "house_id": res.house_id},
                   lookups.today(session, res.house_id))
    clean.pop("house_id")
    if "bed" in clean and res.status == ResidentStatus.ACTIVE:
        _check_bed(session, res.house_id, str(clean["bed"]), exclude=resident_id)
    changed = u.apply(res, clean)
    if changed or not language:
        _save(u, res, Action.RESIDENT_EDIT, fields=changed)
    if language:
        languages.set_resident_language(u, resident_id, str(language))
    return _redact(res, u.actor)


@writes(Perm.RESIDENTS_MANAGE)
def activate(u: Unit, resident_id: int, move_in: date | None = None) -> Resident:
    """Move an applicant in."""
    session = u.session
    res = _get(u, resident_id)
    if res.status == ResidentStatus.ACTIVE:
        raise ValidationError("status", lazy("This resident already lives in the house."))
    _check_capacity(session, res.house_id)
    _check_bed(session, res.house_id, res.bed, exclude=resident_id)
    res.status = ResidentStatus.ACTIVE
    res.move_in_date = move_in or lookups.today(session, res.house_id)
    res.move_out_date = None
    res.exit_reason = None
    session.add(Stay(resident_id=resident_id, house_id=res.house_id, moved_in=res.move_in_date))
    _save(u, res, Action.RESIDENT_ACTIVATE, touch=False)
    return _redact(res, u.actor)


@writes(Perm.RESIDENTS_MANAGE)
def discharge(u: Unit, resident_id: int, reason: str, on: date | None = None) -> Resident:
    """Record a move-out with its exit reason; the record is kept, never deleted."""
    reason = validate.choice("exit reason", reason,
                             [r for r in ExitReason if r != ExitReason.TRANSFERRED])
    session = u.session
    res = _get(u, resident_id)
    if res.status == ResidentStatus.DISCHARGED:
        raise ValidationError("status", lazy("This resident has already moved out."))
    on = on or lookups.today(session, res.house_id)
    if res.move_in_date and on < res.move_in_date:
        raise ValidationError("move-out date", lazy(
            "The move-out date cannot be before the move-in date."))
    res.status = ResidentStatus.DISCHARGED
    res.move_out_date = on
    res.exit_reason = reason
    _close_stay(session, resident_id, on, reason)
    _save(u, res, Action.RESIDENT_DISCHARGE)
    return _redact(res, u.actor)


@writes(Perm.RESIDENTS_MANAGE)
def move_house(u: Unit, resident_id: int, house_id: int, on: date | None = None,
               bed: str = "") -> Resident:
    session = u.session
    res = _get(u, resident_id)
    if res.status != ResidentStatus.ACTIVE:
        raise ValidationError("status", lazy("Only a current resident can move house."))
    if session.get(House, house_id) is None:
        raise NotFound(lazy("That house no longer exists."))
    if res.house_id == house_id:
        raise ValidationError("house", lazy("The resident already lives in that house."))
    on = on or lookups.today(session, house_id)
    _check_capacity(session, house_id)
    _check_bed(session, house_id, bed)
    old = res.house_id
    _close_stay(session, resident_id, on, ExitReason.TRANSFERRED)
    session.add(Stay(resident_id=resident_id, house_id=house_id, moved_in=on))
    current = session.get(Phase, res.phase_id) if res.phase_id else None
    same = session.exec(select(Phase).where(
        Phase.house_id == house_id, Phase.position == current.position)).first() if current else None
    phase = same or _first_phase(session, house_id)
    res.phase_id = phase.id if phase else None
    res.house_id = house_id
    res.bed = bed
    _save(u, res, Action.RESIDENT_MOVE, from_house=old, to_house=house_id)
    return _redact(res, u.actor)


@writes(Perm.RESIDENTS_MANAGE)
def change_sobriety_date(u: Unit, resident_id: int, new_date: date | None,
                         reason: str) -> Resident:
    """Change the sobriety date, keeping the old one and the reason in the history."""
    reason = validate.text("reason", reason, limits.SHORT_NOTE, required=True,
                           label=lazy("Reason for change"))
    session = u.session
    res = _get(u, resident_id)
    validate.not_future("sobriety date", new_date, lookups.today(session, res.house_id),
                        label=LABELS["sobriety_date"])
    if new_date == res.sobriety_date:
        raise ValidationError("sobriety date", lazy(
            "The new sobriety date is the same as the current one."))
    session.add(SobrietyDateChange(resident_id=resident_id, old_date=res.sobriety_date,
                                   new_date=new_date, reason=reason,
                                   changed_by=u.actor.staff_id))
    res.sobriety_date = new_date
    _save(u, res, Action.RESIDENT_SOBRIETY_DATE)
    return _redact(res, u.actor)


@audited(Perm.RESIDENTS_NOTES)
def sobriety_history(u: Unit, resident_id: int) -> list[SobrietyDateChange]:
    """Past sobriety dates and why they changed: manager-only, and an audited read."""
    u.disclose(Action.RESIDENT_SOBRIETY_HISTORY_READ, "resident", resident_id)
    return list(u.session.exec(select(SobrietyDateChange).where(
        SobrietyDateChange.resident_id == resident_id).order_by(
        col(SobrietyDateChange.changed_at))))


@audited(only_for=Perm.RESIDENTS_NOTES)
def get(u: Unit, resident_id: int) -> Resident:
    """One resident. A resident may read only themselves; notes only for managers, whose
    read is audited."""
    why = refusal(u.actor, Perm.RESIDENTS_READ, resident_id=resident_id)
    if why == NOT_YOURS:  # another resident's record: not even whether it exists
        raise NotFound(lazy("That record is not available."))
    u.require(Perm.RESIDENTS_READ, resident_id=resident_id)
    if u.allowed(Perm.RESIDENTS_NOTES):
        u.audit(Action.RESIDENT_READ, "resident", resident_id)
    return _redact(_get(u, resident_id), u.actor)


@reads(Perm.RESIDENTS_READ)
def list_residents(
    u: Unit, *, house_id: int | None = None, status: str | None = ResidentStatus.ACTIVE,
    search: str = "",
) -> list[Resident]:
    """Residents for tables and pickers, without notes or PIN hashes."""
    stmt = select(Resident)
    if house_id is not None:
        stmt = stmt.where(Resident.house_id == house_id)
    if status:
        stmt = stmt.where(Resident.status == status)
    if search.strip():
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(col(Resident.first_name).ilike(like),
                              col(Resident.last_name).ilike(like),
                              col(Resident.preferred_name).ilike(like)))
    stmt = stmt.order_by(Resident.last_name, Resident.first_name)
    rows = list(u.session.exec(stmt))
    # Detached first, so blanking private fields below can never be written back.
    u.session.expunge_all()
    confidential = u.allowed(Perm.RESIDENTS_NOTES)
    for r in rows:  # cheaper than copying 10,000 rows: these objects are already private
        r.pin_hash = None
        r.notes = ""
        if not confidential:
            r.exit_reason = None
    return rows


@reads(Perm.RESIDENTS_READ)
def stays(u: Unit, resident_id: int) -> list[Stay]:
    """A resident's stays; exit reasons only for roles that may read them."""
    rows = list(u.session.exec(select(Stay).where(Stay.resident_id == resident_id)
                               .order_by(col(Stay.moved_in))))
    if u.allowed(Perm.RESIDENTS_NOTES):
        return rows
    return [Stay(**{**st.model_dump(), "exit_reason": None}) for st in rows]


def _save(u: Unit, res: Resident, action: str, *, touch: bool = True, **details: object) -> None:
    """The changed resident back into the session, with the change's audit event."""
    if touch:
        res.updated_at = utcnow()
    u.session.add(res)
    u.audit(action, "resident", res.id, **details)


def _first_phase(session: Session, house_id: int) -> Phase | None:
    return session.exec(select(Phase).where(Phase.house_id == house_id)
                        .order_by(col(Phase.position))).first()


def _get(u: Unit, resident_id: int) -> Resident:
    return u.get(Resident, resident_id, lazy("That resident record no longer exists."))


def _close_stay(session: Session, resident_id: int, on: date, reason: str) -> None:
    stay = session.exec(select(Stay).where(Stay.resident_id == resident_id, col(Stay.moved_out).is_(None))
                        .order_by(col(Stay.moved_in).desc())).first()
    if stay is not None:
        stay.moved_out = on
        stay.exit_reason = reason
        session.add(stay)


def _redact(res: Resident, actor: Actor) -> Resident:
    confidential = allowed(actor, Perm.RESIDENTS_NOTES)
    # A fresh, detached object: callers never hold a live row, and never the PIN hash.
    # Exit reasons (e.g. a return to use) are as private as notes.
    return Resident(**{**res.model_dump(), "pin_hash": None,
                       "notes": res.notes if confidential else "",
                       "exit_reason": res.exit_reason if confidential else None})
