"""Houses, their rules and phases, and program-wide settings."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import time
from pathlib import Path

from sqlmodel import Session, col, select

from peerhouse.errors import NotFound, ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.houses import AppSetting, House, Phase
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import zone
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads, writes
from peerhouse.store.engine import Store

DEFAULT_PHASES = (
    # name, min days, curfew, outside meetings / week, screens / month. A new house's phases
    # are named in the language of whoever creates it (str(name)); once stored, a phase's
    # name is the house's own words (data), never translated again.
    (lazy("Phase 1 – Orientation"), 0, time(21, 0), 5, 4),
    (lazy("Phase 2 – Building"), 30, time(22, 0), 4, 2),
    (lazy("Phase 3 – Leadership"), 90, time(23, 0), 3, 1),
)

DEFAULT_SETTINGS = {"manager_idle_minutes": "10", "kiosk_idle_seconds": "60", "kiosk_text_size": "1.0",
                    "kiosk_done_seconds": "10", "attention_notifications": "on"}


def detect_timezone() -> str:
    """The computer's IANA time zone where it can be known, else UTC."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz:
        return tz
    for candidate in (Path("/etc/timezone"),):
        if candidate.exists():
            name = candidate.read_text().strip()
            if name:
                return name
    link = Path("/etc/localtime")
    if link.is_symlink():
        target = str(link.resolve())
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    return "UTC"


@dataclass
class HouseRules:
    """The editable settings of a house."""

    name: str
    address: str = ""
    capacity: int = 8
    timezone: str = "UTC"
    curfew_weeknight: time = time(22, 0)
    curfew_weekend: time = time(23, 59)
    week_start_day: int = 0
    checkin_required_daily: bool = True
    chores_per_week: int = 3
    kiosk_name_mode: str = "initials"
    paper_size: str = "letter"

    def validated(self) -> HouseRules:
        self.name = validate.text("house name", self.name, limits.TITLE, required=True,
                                  label=lazy("House name"))
        self.address = validate.text("address", self.address, limits.LONG_LINE,
                                     label=lazy("Address"))
        self.capacity = validate.int_range("beds", self.capacity, 1, 500, label=lazy("Beds"))
        zone(self.timezone)
        self.week_start_day = validate.int_range("week start day", self.week_start_day, 0, 6,
                                                 label=lazy("Week starts on"))
        self.chores_per_week = validate.int_range("chores per week", self.chores_per_week, 0, 50,
                                                  label=lazy("Chores per resident"))
        validate.choice("kiosk names", self.kiosk_name_mode, ["initials", "type"],
                        label=lazy("Kiosk names"))
        validate.choice("paper size", self.paper_size, ["letter", "a4"],
                        label=lazy("Paper size"))
        return self


@writes(Perm.HOUSES_MANAGE)
def create_house(u: Unit, rules: HouseRules, *, with_phases: bool = True) -> House:
    rules = rules.validated()
    session = u.session
    if session.exec(select(House).where(House.name == rules.name)).first():
        raise _name_taken(rules.name)
    house = House(**{f.name: getattr(rules, f.name) for f in fields(rules)})
    session.add(house)
    session.flush()
    if with_phases:
        for pos, (name, days, curfew, meetings, screens) in enumerate(DEFAULT_PHASES, 1):
            session.add(Phase(house_id=house.id, position=pos, name=str(name), min_days=days,
                              curfew=curfew, meetings_per_week=meetings,
                              screens_per_month=screens))
    u.audit(Action.HOUSE_CREATE, "house", house.id)
    return house


@writes(Perm.HOUSES_MANAGE)
def update_house(u: Unit, house_id: int, rules: HouseRules) -> House:
    rules = rules.validated()
    session = u.session
    house = lookups.house(session, house_id)
    clash = session.exec(select(House).where(House.name == rules.name,
                                             House.id != house_id)).first()
    if clash:
        raise _name_taken(rules.name)
    changed = []
    for f in fields(rules):
        if getattr(house, f.name) != getattr(rules, f.name):
            setattr(house, f.name, getattr(rules, f.name))
            changed.append(f.name)
    session.add(house)
    u.audit(Action.HOUSE_UPDATE, "house", house_id, fields=changed)
    return house


@reads()
def list_houses(u: Unit) -> list[House]:
    """Every house; a resident only their own."""
    scope = u.house_scope
    u.require(Perm.HOUSES_READ, house_id=scope)
    stmt = select(House).order_by(House.name)
    if scope is not None:
        stmt = stmt.where(House.id == scope)
    return list(u.session.exec(stmt))


@reads()
def get_house(u: Unit, house_id: int) -> House:
    if not u.allowed(Perm.HOUSES_READ, house_id=house_id) and u.house_scope is not None:
        raise NotFound(lazy("That house is not available."))  # not even whether it exists
    u.require(Perm.HOUSES_READ, house_id=house_id)
    return lookups.house(u.session, house_id)


@reads(Perm.HOUSES_READ)
def house_by_name(u: Unit, name: str) -> House:
    house = u.session.exec(select(House).where(House.name == name)).first()
    if house is None:
        raise NotFound(lazy("No house is called '{name}'.", name=name))
    return house


@reads(Perm.HOUSES_READ, house="house_id")
def list_phases(u: Unit, house_id: int) -> list[Phase]:
    return list(u.session.exec(select(Phase).where(Phase.house_id == house_id)
                               .order_by(col(Phase.position))))


@writes(Perm.HOUSES_MANAGE)
def save_phase(u: Unit, phase: Phase) -> Phase:
    """Create or update a phase of a house."""
    phase.name = validate.text("phase name", phase.name, limits.PHASE_NAME, required=True,
                               label=lazy("Phase name"))
    validate.int_range("minimum days", phase.min_days, 0, 3650, label=lazy("Minimum days"))
    validate.int_range("meetings per week", phase.meetings_per_week, 0, 21,
                       label=lazy("Meetings per week"))
    validate.int_range("screens per month", phase.screens_per_month, 0, 31,
                       label=lazy("Screens per month"))
    lookups.house(u.session, phase.house_id)
    merged = u.session.merge(phase)
    u.session.flush()
    u.audit(Action.PHASE_SAVE, "phase", merged.id, house_id=phase.house_id)
    return merged


def _name_taken(name: str) -> ValidationError:
    return ValidationError("house name", lazy("A house called '{name}' already exists.",
                                              name=name))


def get_setting(store: Store, key: str) -> str:
    """A program-wide setting, readable before anyone signs in (the kiosk's idle time)."""
    with store.read() as session:
        return setting(session, key)


def setting(session: Session, key: str) -> str:
    row = session.get(AppSetting, key)
    return row.value if row else DEFAULT_SETTINGS.get(key, "")


@writes(Perm.HOUSES_MANAGE)
def set_setting(u: Unit, key: str, value: str) -> None:
    if key not in DEFAULT_SETTINGS:
        raise ValidationError("setting", lazy("'{key}' is not a known setting.", key=key))
    u.session.merge(AppSetting(key=key, value=validate.text(key, value, limits.SETTING)))
    u.audit(Action.SETTING_UPDATE, "setting", key)
