"""The resources directory: outside meetings, crisis lines, clinics, job and housing help.

Everyone may read it, residents included (crisis help must be one tap away at the
kiosk); managers keep it up to date. An entry without a house applies to every house.
The 988 Suicide & Crisis Lifeline is always listed among crisis lines, even if the
directory is empty or someone removed it. The words PeerHouse seeds for 988 and SAMHSA's
helpline are stored in English and shown in the reader's language while nobody has
changed them (`shown`); what a manager types is shown as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlmodel import Session, col, or_, select

from peerhouse.errors import NotFound, ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.directory import Resource
from peerhouse.models.enums import ResourceKind
from peerhouse.models.houses import House
from peerhouse.models.labels import ALWAYS, LIFELINE_988_NOTES, SAMHSA_NOTES, seeded_text
from peerhouse.services import text_limits as limits
from peerhouse.services import validate
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads, writes

LIFELINE_988 = {
    "name": "988 Suicide & Crisis Lifeline",
    "kind": ResourceKind.CRISIS,
    "schedule": ALWAYS.msgid,
    "phone": "988",
    "notes": LIFELINE_988_NOTES.msgid,
}
SAMHSA_HELPLINE = {
    "name": "SAMHSA National Helpline",
    "kind": ResourceKind.CRISIS,
    "schedule": ALWAYS.msgid,
    "phone": "1-800-662-4357",
    "notes": SAMHSA_NOTES.msgid,
}
DEFAULTS = (LIFELINE_988, SAMHSA_HELPLINE)
EDITABLE = {"house_id", "name", "kind", "schedule", "address", "phone", "notes", "active"}


@dataclass
class ResourceInput:
    """What the directory form collects; no house means every house."""

    name: str
    kind: str
    house_id: int | None = None
    schedule: str = ""
    address: str = ""
    phone: str = ""
    notes: str = ""
    active: bool = True


shown = seeded_text  # the kiosk and the windows show an entry's words through this


def _digits(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    # US numbers are written with or without the leading 1.
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _clean(session: Session, data: dict[str, object]) -> dict[str, object]:
    out = dict(data)
    if "name" in out:
        out["name"] = validate.text("name", out["name"], limits.LINE, required=True,  # type: ignore[arg-type]
                                    label=lazy("Name"))
    if "kind" in out:
        out["kind"] = validate.choice("kind", out["kind"], ResourceKind,  # type: ignore[arg-type]
                                      label=lazy("Kind"))
    for key, limit, label in (("schedule", limits.LINE, lazy("When")),
                              ("address", limits.LONG_LINE, lazy("Address")),
                              ("notes", limits.NOTE, lazy("Notes"))):
        if key in out:
            out[key] = validate.text(key, out[key], limit, label=label)  # type: ignore[arg-type]
    if "phone" in out:
        out["phone"] = validate.phone("phone", out["phone"], label=lazy("Phone"))  # type: ignore[arg-type]
    if "active" in out:
        out["active"] = bool(out["active"])
    if out.get("house_id") is not None and session.get(House, out["house_id"]) is None:
        raise ValidationError("house", lazy("That house no longer exists."))
    return out


@writes(Perm.RESOURCES_MANAGE)
def create_resource(u: Unit, data: ResourceInput) -> Resource:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    res = Resource(**_clean(u.session, values))
    u.session.add(res)
    u.session.flush()
    u.audit(Action.RESOURCE_CREATE, "resource", res.id, house_id=res.house_id, kind=res.kind)
    return res


@writes(Perm.RESOURCES_MANAGE)
def edit_resource(u: Unit, resource_id: int, changes: dict[str, object]) -> Resource:
    validate.only_editable(changes, EDITABLE)
    res = _get(u, resource_id)
    clean = _clean(u.session, changes)
    u.edit(res, clean, Action.RESOURCE_EDIT, "resource", resource_id)
    return res


@writes(Perm.RESOURCES_MANAGE)
def delete_resource(u: Unit, resource_id: int) -> None:
    """Remove an entry that no longer exists (a directory entry holds no personal data)."""
    res = _get(u, resource_id)
    kind = res.kind
    u.session.delete(res)
    u.audit(Action.RESOURCE_DELETE, "resource", resource_id, kind=kind)


@reads(Perm.RESOURCES_READ)
def get_resource(u: Unit, resource_id: int) -> Resource:
    res = _get(u, resource_id)
    if u.house_scope is not None and (not res.active
                                      or res.house_id not in (None, u.house_scope)):
        raise NotFound(MISSING)  # the kiosk sees its own house's active entries only
    return res


@reads(Perm.RESOURCES_READ)
def list_resources(
    u: Unit, *, house_id: int | None = None, kind: str | None = None,
    include_inactive: bool = False,
) -> list[Resource]:
    """Directory entries, by kind then name.

    With a house: that house's entries plus the global ones; without one (staff only):
    every entry. Residents always get their own house plus global, active entries only.
    """
    if u.house_scope is not None:
        house_id, include_inactive = u.house_scope, False
    stmt = select(Resource)
    if house_id is not None:
        stmt = stmt.where(or_(col(Resource.house_id).is_(None), Resource.house_id == house_id))
    if kind is not None:
        stmt = stmt.where(Resource.kind == validate.choice("kind", kind, ResourceKind))
    if not include_inactive:
        stmt = stmt.where(col(Resource.active).is_(True))
    stmt = stmt.order_by(col(Resource.kind), col(Resource.name), col(Resource.id))
    return list(u.session.exec(stmt))


def is_lifeline(phone: str) -> bool:
    """The 988 Suicide & Crisis Lifeline, however its number was typed."""
    return _digits(phone) == "988"


@reads(Perm.RESOURCES_READ)
def crisis_lines(u: Unit, *, house_id: int | None = None) -> list[Resource]:
    """Active crisis lines for a house, 988 first; 988 is listed even if missing from the file."""
    lines = list_resources(u, house_id=house_id, kind=ResourceKind.CRISIS)
    if u.house_scope is None and house_id is None:
        # Without a house, only the lines every house shares.
        lines = [r for r in lines if r.house_id is None]
    lifeline = [r for r in lines if is_lifeline(r.phone)]
    rest = [r for r in lines if not is_lifeline(r.phone)]
    if not lifeline:
        # Not stored: a fresh, unsaved entry so the kiosk never shows an empty crisis list.
        lifeline = [Resource(**LIFELINE_988)]
    return lifeline + rest


@writes(Perm.RESOURCES_MANAGE)
def seed_default_resources(u: Unit) -> list[Resource]:
    """Add 988 and the SAMHSA helpline as entries for every house, unless already there.

    Presence is judged by phone number among global entries (active or not), so a
    renamed or deliberately deactivated entry is not added again.
    """
    existing = {_digits(p) for p in u.session.exec(
        select(Resource.phone).where(col(Resource.house_id).is_(None)))}
    added = [Resource(**d) for d in DEFAULTS if _digits(str(d["phone"])) not in existing]
    if not added:
        return []
    u.session.add_all(added)
    u.session.flush()
    u.audit(Action.RESOURCE_SEED, "resource", "", ids=[r.id for r in added])
    return added


MISSING = lazy("That resource is not in the directory.")


def _get(u: Unit, resource_id: int) -> Resource:
    return u.get(Resource, resource_id, MISSING)
