"""Realistic synthetic houses for trying PeerHouse out and for testing at scale.

Everyone in the demo is invented (Faker names, 555-01xx phone numbers, made-up
organisations). Each house is one 16-bed residence with years of history: residents
coming and going, daily check-ins, sign-outs, house and outside meetings, chores,
screens, a few incidents, goals, mentoring and consents. A house is written in one
transaction with bulk inserts and one audit event ("demo.generate"), and the same
seed and clock always give the same data.
"""

from __future__ import annotations

import random
import time as timer
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from faker import Faker
from sqlmodel import col, select

from peerhouse.demo.bulk import Ctx, PhaseInfo, insert_all, next_ids
from peerhouse.demo.house import plan_chores, plan_meetings, plan_resources
from peerhouse.demo.life import plan_daily_life, plan_incidents, plan_screens
from peerhouse.demo.people import plan_goals_and_consents, plan_residents
from peerhouse.demo.words import AREA_CODES, HOUSE_NAMES
from peerhouse.i18n import lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.directory import Resource
from peerhouse.models.houses import House, Phase
from peerhouse.models.types import utcnow
from peerhouse.services import validate
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_day, zone
from peerhouse.services.houses import DEFAULT_PHASES
from peerhouse.services.permissions import Perm, require
from peerhouse.services.resources import DEFAULTS as DEFAULT_RESOURCES
from peerhouse.services.unit import Unit, writes
from peerhouse.store.engine import Store

BEDS = 16
DEFAULT_YEARS = 3.0
MAX_SCALE = 50


@dataclass(frozen=True)
class DemoSummary:
    """What was made: house ids, residents (all and current) and rows per table."""

    house_ids: tuple[int, ...]
    residents: int
    current_residents: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def generate(
    store: Store, actor: Actor, *, owner_id: int, seed: int = 1, scale: int = 1,
    years: float = DEFAULT_YEARS, timezone: str = "America/Chicago", now: datetime | None = None,
) -> DemoSummary:
    """Add `scale` demo houses with `years` of history ending at `now`.

    `owner_id` is the staff account shown as having verified chores, given screens and
    so on. Deterministic for the same seed, scale, years, time zone and `now`.
    """
    require(actor, Perm.HOUSES_MANAGE)
    require(actor, Perm.RESIDENTS_MANAGE)
    scale = validate.int_range("scale", scale, 1, MAX_SCALE, label=lazy("Scale"))
    if not 0.05 <= float(years) <= 10:
        raise validate.ValidationError("years", lazy("The years of history must be from 0.05 "
                                                     "to 10."))
    zone(timezone)
    now = now or utcnow()
    began = timer.perf_counter()
    ids: list[int] = []
    rows: Counter[str] = Counter()
    current = 0
    for index in range(scale):
        house_id, counts, here = _one_house(store, actor, owner_id, seed, index, float(years),
                                            timezone, now)
        ids.append(house_id)
        rows.update(counts)
        current += here
    return DemoSummary(tuple(ids), rows.get("resident", 0), current, dict(rows),
                       timer.perf_counter() - began)


def _house_name(rng: random.Random, taken: set[str], index: int) -> str:
    free = [n for n in HOUSE_NAMES if n not in taken]
    if free:
        return rng.choice(free)
    n = index + 1
    while f"Demo House {n}" in taken:
        n += 1
    return f"Demo House {n}"


@writes(Perm.HOUSES_MANAGE)
def _one_house(
    u: Unit, owner_id: int, seed: int, index: int, years: float, timezone: str, now: datetime,
) -> tuple[int, dict[str, int], int]:
    """One demo house with its history, in one transaction of its own."""
    rng = random.Random(f"peerhouse-demo|{seed}|{index}")
    fake = Faker("en_US")
    fake.seed_instance(f"peerhouse-demo|{seed}|{index}")
    today = local_day(now, timezone)
    session = u.session
    first_ids = next_ids(session)
    taken = set(session.exec(select(House.name)))
    ctx = Ctx(rng=rng, tz=zone(timezone), today=today, now=now,
              start=today - timedelta(days=round(365.25 * years)), owner_id=owner_id,
              house_id=first_ids[House], curfew_weeknight=time(22, 0),
              curfew_weekend=time(23, 59), next_ids=first_ids)
    area = rng.choice(AREA_CODES)
    ctx.add(House, name=_house_name(rng, taken, index), capacity=BEDS, timezone=timezone,
            address=f"{fake.street_address()}, {fake.city()}, {fake.state_abbr()} "
                    f"{fake.zipcode()}",
            curfew_weeknight=ctx.curfew_weeknight, curfew_weekend=ctx.curfew_weekend,
            created_at=ctx.at(ctx.start, 9))
    for pos, (name, days, curfew, meetings, screens) in enumerate(DEFAULT_PHASES, 1):
        pid = ctx.add(Phase, house_id=ctx.house_id, position=pos, name=name.msgid, min_days=days,
                      curfew=curfew, meetings_per_week=meetings, screens_per_month=screens)
        ctx.phases.append(PhaseInfo(pid, pos, days, curfew, meetings, screens))
    plan_residents(ctx, fake, BEDS)
    plan_goals_and_consents(ctx)
    plan_incidents(ctx, plan_daily_life(ctx))
    plan_screens(ctx)
    plan_meetings(ctx)
    plan_chores(ctx)
    plan_resources(ctx, fake, area)
    has_global = session.exec(select(Resource.id).where(col(Resource.house_id).is_(None))).first()
    if has_global is None:
        for entry in DEFAULT_RESOURCES:
            ctx.add(Resource, **entry)
    counts = insert_all(session, ctx.rows)
    current = sum(1 for p in ctx.people if p.move_out is None)
    u.audit(Action.DEMO_GENERATE, "house", ctx.house_id, seed=seed,
            years=years, residents=counts.get("resident", 0), current=current,
            rows=sum(counts.values()))
    return ctx.house_id, counts, current
