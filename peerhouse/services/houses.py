"""Houses, their rules and phases, and program-wide settings."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import time
from pathlib import Path

from sqlmodel import col, select

from peerhouse.errors import NotFound, ValidationError
from peerhouse.models.houses import AppSetting, House, Phase
from peerhouse.services import text_limits as limits
from peerhouse.services import validate
from peerhouse.services.actor import Actor
from peerhouse.services.clock import zone
from peerhouse.services.permissions import Perm, require
from peerhouse.services.unit import reading, writing
from peerhouse.store.engine import Store

DEFAULT_PHASES = (
    # name, min days, curfew, outside meetings / week, screens / month
    ("Phase 1 – Orientation", 0, time(21, 0), 5, 4),
    ("Phase 2 – Building", 30, time(22, 0), 4, 2),
    ("Phase 3 – Leadership", 90, time(23, 0), 3, 1),
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
        self.name = validate.text("house name", self.name, limits.TITLE, required=True)
        self.address = validate.text("address", self.address, limits.LONG_LINE)
        self.capacity = validate.int_range("beds", self.capacity, 1, 500)
        zone(self.timezone)
        self.week_start_day = validate.int_range("week start day", self.week_start_day, 0, 6)
        self.chores_per_week = validate.int_range("chores per week", self.chores_per_week, 0, 50)
        validate.choice("kiosk names", self.kiosk_name_mode, ["initials", "type"])
        validate.choice("paper size", self.paper_size, ["letter", "a4"])
        return self


def create_house(store: Store, actor: Actor, rules: HouseRules, *, with_phases: bool = True) -> House:
    require(actor, Perm.HOUSES_MANAGE)
    rules = rules.validated()
    with writing(store, actor) as u:
        session = u.session
        if session.exec(select(House).where(House.name == rules.name)).first():
            raise ValidationError("house name", f"a house called '{rules.name}' already exists.")
        house = House(**{f.name: getattr(rules, f.name) for f in fields(rules)})
        session.add(house)
        session.flush()
        if with_phases:
            for pos, (name, days, curfew, meetings, screens) in enumerate(DEFAULT_PHASES, 1):
                session.add(Phase(house_id=house.id, position=pos, name=name, min_days=days,
                                  curfew=curfew, meetings_per_week=meetings, screens_per_month=screens))
        u.audit("house.create", "house", house.id)
        return house


def update_house(store: Store, actor: Actor, house_id: int, rules: HouseRules) -> House:
    require(actor, Perm.HOUSES_MANAGE)
    rules = rules.validated()
    with writing(store, actor) as u:
        session = u.session
        house = session.get(House, house_id)
        if house is None:
            raise NotFound("That house no longer exists.")
        clash = session.exec(select(House).where(House.name == rules.name, House.id != house_id)).first()
        if clash:
            raise ValidationError("house name", f"a house called '{rules.name}' already exists.")
        changed = []
        for f in fields(rules):
            if getattr(house, f.name) != getattr(rules, f.name):
                setattr(house, f.name, getattr(rules, f.name))
                changed.append(f.name)
        session.add(house)
        u.audit("house.update", "house", house_id, fields=changed)
        return house


def list_houses(store: Store, actor: Actor) -> list[House]:
    if actor.kind != "resident":
        require(actor, Perm.HOUSES_READ)
    with reading(store, actor) as u:
        session = u.session
        stmt = select(House).order_by(House.name)
        if actor.kind == "resident":
            stmt = stmt.where(House.id == actor.house_id)
        return list(session.exec(stmt))


def get_house(store: Store, actor: Actor, house_id: int) -> House:
    if actor.kind == "resident":
        if actor.house_id != house_id:
            raise NotFound("That house is not available.")
    else:
        require(actor, Perm.HOUSES_READ)
    with reading(store, actor) as u:
        session = u.session
        house = session.get(House, house_id)
        if house is None:
            raise NotFound("That house no longer exists.")
        return house


def house_by_name(store: Store, actor: Actor, name: str) -> House:
    require(actor, Perm.HOUSES_READ)
    with reading(store, actor) as u:
        session = u.session
        house = session.exec(select(House).where(House.name == name)).first()
    if house is None:
        raise NotFound(f"No house is called '{name}'.")
    return house


def list_phases(store: Store, actor: Actor, house_id: int) -> list[Phase]:
    if actor.kind != "resident":
        require(actor, Perm.HOUSES_READ)
    with reading(store, actor) as u:
        session = u.session
        return list(session.exec(select(Phase).where(Phase.house_id == house_id).order_by(col(Phase.position))))


def save_phase(store: Store, actor: Actor, phase: Phase) -> Phase:
    """Create or update a phase of a house."""
    require(actor, Perm.HOUSES_MANAGE)
    phase.name = validate.text("phase name", phase.name, limits.PHASE_NAME, required=True)
    validate.int_range("minimum days", phase.min_days, 0, 3650)
    validate.int_range("meetings per week", phase.meetings_per_week, 0, 21)
    validate.int_range("screens per month", phase.screens_per_month, 0, 31)
    with writing(store, actor) as u:
        session = u.session
        if session.get(House, phase.house_id) is None:
            raise NotFound("That house no longer exists.")
        merged = session.merge(phase)
        session.flush()
        u.audit("phase.save", "phase", merged.id, house_id=phase.house_id)
        return merged


def get_setting(store: Store, key: str) -> str:
    with store.read() as session:
        row = session.get(AppSetting, key)
    return row.value if row else DEFAULT_SETTINGS.get(key, "")


def set_setting(store: Store, actor: Actor, key: str, value: str) -> None:
    require(actor, Perm.HOUSES_MANAGE)
    if key not in DEFAULT_SETTINGS:
        raise ValidationError("setting", f"'{key}' is not a known setting.")
    with writing(store, actor) as u:
        u.session.merge(AppSetting(key=key, value=validate.text(key, value, limits.SETTING)))
        u.audit("setting.update", "setting", key)
