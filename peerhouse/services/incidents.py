"""Incidents: what happened in the house, who was involved, what was done.

Incidents are confidential (managers only) and every read is audited. A manager may
correct an incident; each correction is its own audit event naming the changed fields
(never their text), so the history of changes stays in the tamper-evident log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.accountability import Incident, IncidentResident
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import IncidentCategory
from peerhouse.models.people import Resident
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import now
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, audited, writes

EDITABLE = ("at", "category", "description", "action_taken", "resident_ids")
INVOLVED = lazy("Residents involved")


@dataclass(frozen=True)
class IncidentRecord:
    """An incident with the ids of the residents involved."""

    id: int
    house_id: int
    at: datetime
    category: str
    description: str
    action_taken: str
    reported_by: int | None
    resident_ids: tuple[int, ...]


@writes(Perm.INCIDENTS_MANAGE)
def record_incident(
    u: Unit,
    house_id: int,
    category: str,
    description: str,
    resident_ids: Iterable[int] = (),
    action_taken: str = "",
    *,
    at: datetime | None = None,
) -> IncidentRecord:
    """Record an incident; involved residents must exist and belong to the house."""
    clean = _clean({"category": category, "description": description,
                    "action_taken": action_taken, "at": at or now()})
    ids = _ids(resident_ids)
    session = u.session
    lookups.house(session, house_id)
    _check_residents(session, house_id, ids)
    row = Incident(house_id=house_id, reported_by=u.actor.staff_id, **clean)
    session.add(row)
    session.flush()
    assert row.id is not None
    session.add_all(IncidentResident(incident_id=row.id, resident_id=rid) for rid in ids)
    # The category (e.g. "use") is clinical: the log keeps ids only.
    u.audit(Action.INCIDENT_RECORD, "incident", row.id, house_id=house_id, resident_ids=list(ids))
    return _view(row, ids)


@writes(Perm.INCIDENTS_MANAGE)
def edit_incident(u: Unit, incident_id: int, changes: dict[str, Any]) -> IncidentRecord:
    """Correct an incident (managers); the audit event names the fields that changed."""
    validate.only_editable(changes, EDITABLE)
    clean = _clean({k: v for k, v in changes.items() if k != "resident_ids"})
    session = u.session
    row = _get(u, incident_id)
    old_ids = _involved(session, [incident_id]).get(incident_id, ())
    ids = old_ids
    changed = u.apply(row, clean)
    if "resident_ids" in changes:
        ids = _ids(changes["resident_ids"])
        if ids != old_ids:
            _check_residents(session, row.house_id, ids)
            session.execute(delete(IncidentResident).where(
                col(IncidentResident.incident_id) == incident_id))
            session.add_all(IncidentResident(incident_id=incident_id, resident_id=rid)
                            for rid in ids)
            changed = sorted([*changed, "resident_ids"])
    session.add(row)
    u.audit(Action.INCIDENT_EDIT, "incident", incident_id, fields=changed, resident_ids=list(ids))
    return _view(row, ids)


@audited(Perm.INCIDENTS_READ)
def get_incident(u: Unit, incident_id: int) -> IncidentRecord:
    # The event and the read share one transaction: no read without its audit record.
    u.audit(Action.INCIDENT_READ, "incident", incident_id)
    row = _get(u, incident_id)
    return _view(row, _involved(u.session, [incident_id]).get(incident_id, ()))


@audited(Perm.INCIDENTS_READ)
def incidents_for_house(u: Unit, house_id: int, start: date, end: date) -> list[IncidentRecord]:
    """The house's incidents on house-local days [start, end), oldest first."""
    lo, hi = lookups.house_span(u.session, house_id, start, end)
    u.audit(Action.INCIDENT_READ, "house", house_id, start=start.isoformat(), end=end.isoformat())
    return _views(u.session, select(Incident).where(
        Incident.house_id == house_id, Incident.at >= lo, Incident.at < hi))


@audited(Perm.INCIDENTS_READ)
def incidents_for_resident(u: Unit, resident_id: int) -> list[IncidentRecord]:
    """Every incident a resident was involved in, oldest first."""
    u.audit(Action.INCIDENT_READ, "resident", resident_id)
    lookups.resident(u.session, resident_id)
    return _views(u.session, select(Incident)
                  .join(IncidentResident, col(IncidentResident.incident_id) == Incident.id)
                  .where(IncidentResident.resident_id == resident_id))


def _get(u: Unit, incident_id: int) -> Incident:
    return u.get(Incident, incident_id, lazy("That incident no longer exists."))


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "category" in out:
        out["category"] = validate.choice("category", out["category"], IncidentCategory,
                                          label=lazy("Category"))
    if "description" in out:
        out["description"] = validate.text("description", out["description"], limits.LONG_NOTE,
                                           required=True, label=lazy("What happened"))
    if "action_taken" in out:
        out["action_taken"] = validate.text("action taken", out["action_taken"], limits.NOTE,
                                            label=lazy("Action taken"))
    if "at" in out:
        at, time_label = out["at"], lazy("Time")
        if not isinstance(at, datetime) or at.tzinfo is None:
            raise validate.refuse("time", time_label,
                                  lazy("{field} must be a date and time with a time zone."))
        if at > now():
            raise validate.refuse("time", time_label, lazy("{field} cannot be in the future."))
    return out


def _ids(resident_ids: Iterable[int]) -> tuple[int, ...]:
    try:
        return tuple(sorted({int(r) for r in resident_ids}))
    except (TypeError, ValueError):
        raise validate.refuse("residents involved", INVOLVED,
                              lazy("{field} must be resident record numbers.")) from None


def _check_residents(session: Session, house_id: int, ids: tuple[int, ...]) -> None:
    """One query: every involved resident exists and belongs to this house."""
    if not ids:
        return
    found = dict(session.exec(
        select(Resident.id, Resident.house_id).where(col(Resident.id).in_(ids))
    ).all())
    missing = [rid for rid in ids if rid not in found]
    if missing:
        raise ValidationError("residents involved", lazy(
            "Resident {number} does not exist.", number=missing[0]))
    elsewhere = [rid for rid in ids if found[rid] != house_id]
    if elsewhere:
        raise ValidationError("residents involved", lazy(
            "Resident {number} does not live in this house.", number=elsewhere[0]))


def _involved(session: Session, incident_ids: list[int]) -> dict[int, tuple[int, ...]]:
    """Involved resident ids for many incidents in one query."""
    if not incident_ids:
        return {}
    out: dict[int, list[int]] = {}
    for iid, rid in session.exec(
        select(IncidentResident.incident_id, IncidentResident.resident_id)
        .where(col(IncidentResident.incident_id).in_(incident_ids))
        .order_by(col(IncidentResident.resident_id))
    ):
        out.setdefault(iid, []).append(rid)
    return {k: tuple(v) for k, v in out.items()}


def _view(row: Incident, ids: tuple[int, ...]) -> IncidentRecord:
    assert row.id is not None
    return IncidentRecord(row.id, row.house_id, row.at, row.category, row.description,
                          row.action_taken, row.reported_by, ids)


def _views(session: Session, stmt: SelectOfScalar[Incident]) -> list[IncidentRecord]:
    """The incidents `stmt` selects, oldest first, with who was involved (two queries)."""
    rows = list(session.exec(stmt.order_by(col(Incident.at))))
    involved = _involved(session, [r.id for r in rows if r.id is not None])
    return [_view(r, involved.get(r.id or 0, ())) for r in rows]

