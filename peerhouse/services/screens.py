"""Drug and alcohol screens, and the random draw that picks who is screened.

Screens are confidential: managers only (staff and residents are refused), and every
read of results is audited. Random picks are made by the program from a seed and the
sorted pool of current residents, both stored, so anyone can replay a draw and see that
it was fair and not chosen by hand.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, func, select

from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.accountability import Screen, ScreenDraw
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ResidentStatus, ScreenMethod, ScreenReason, ScreenResult
from peerhouse.models.houses import Phase
from peerhouse.models.people import Resident
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import local_midnight, now
from peerhouse.services.milestones import add_months
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, audited, reads, writes

# An invalid sample has to be taken again, so it does not count toward the month's screens.
NOT_COUNTED = (ScreenResult.INVALID,)


@dataclass(frozen=True)
class DrawReplay:
    """A draw recomputed from its seed and pool; `matches` proves it was not altered."""

    seed: str
    pool: tuple[int, ...]
    count: int
    picked: tuple[int, ...]
    matches: bool


@dataclass(frozen=True)
class ScreenDue:
    """A resident whose phase asks for more screens this calendar month than they have had."""

    resident_id: int
    name: str
    phase_id: int
    required: int
    done: int

    @property
    def remaining(self) -> int:
        return self.required - self.done


@writes(Perm.SCREENS_MANAGE)
def record_screen(
    u: Unit,
    resident_id: int,
    method: str,
    reason: str,
    result: str,
    substances: str = "",
    *,
    at: datetime | None = None,
    draw_id: int | None = None,
    notes: str = "",
) -> Screen:
    """Record a screen result; `administered_by` is the acting staff member."""
    method = validate.choice("method", method, ScreenMethod, label=lazy("Method"))
    reason = validate.choice("reason", reason, ScreenReason, label=lazy("Reason"))
    result = validate.choice("result", result, ScreenResult, label=lazy("Result"))
    substances = validate.text("substances", substances, limits.LINE, label=lazy("Substances"))
    notes = validate.text("notes", notes, limits.NOTE, label=lazy("Notes"))
    current = now()
    when = validate.past_moment("time", at or current, current, label=lazy("Time"))
    session = u.session
    lookups.resident(session, resident_id)
    if draw_id is not None:
        draw = lookups.row(session, ScreenDraw, draw_id,
                           ValidationError("draw", lazy("That random draw does not exist.")))
        if resident_id not in draw.picked:
            raise ValidationError("draw", lazy("This resident was not picked in that draw."))
    row = Screen(resident_id=resident_id, at=when, method=method, reason=reason, result=result,
                 substances=substances, administered_by=u.actor.staff_id, draw_id=draw_id,
                 notes=notes)
    session.add(row)
    session.flush()
    # Method, reason and result stay out of the log: they are clinical. Ids only.
    u.audit(Action.SCREEN_RECORD, "screen", row.id, resident_id=resident_id, draw_id=draw_id)
    return row


@audited(Perm.SCREENS_READ)
def screens_for_resident(u: Unit, resident_id: int, start: date | None = None,
                         end: date | None = None) -> list[Screen]:
    """A resident's screens (house-local days [start, end), either end open), oldest first."""
    # The event and the read share one transaction: no read without its audit record.
    u.audit(Action.SCREEN_READ, "resident", resident_id, start=_iso(start), end=_iso(end))
    session = u.session
    tz = lookups.house(session, lookups.resident(session, resident_id).house_id).timezone
    stmt = select(Screen).where(Screen.resident_id == resident_id)
    if start is not None:
        stmt = stmt.where(Screen.at >= local_midnight(start, tz))
    if end is not None:
        stmt = stmt.where(Screen.at < local_midnight(end, tz))
    return list(session.exec(stmt.order_by(col(Screen.at))))


@audited(Perm.SCREENS_READ)
def screens_for_house(u: Unit, house_id: int, start: date, end: date) -> list[Screen]:
    """Screens of the house's residents on house-local days [start, end), oldest first."""
    lo, hi = lookups.house_span(u.session, house_id, start, end)
    u.audit(Action.SCREEN_READ, "house", house_id, start=start.isoformat(), end=end.isoformat())
    return list(u.session.exec(
        select(Screen)
        .join(Resident, col(Resident.id) == Screen.resident_id)
        .where(Resident.house_id == house_id, Screen.at >= lo, Screen.at < hi)
        .order_by(col(Screen.at))
    ))


@writes(Perm.SCREENS_MANAGE)
def draw_random(u: Unit, house_id: int, count: int, seed: str | None = None) -> ScreenDraw:
    """Pick `count` current residents at random, logging seed, pool and picks."""
    seed = secrets.token_hex(16) if seed is None else validate.text(
        "seed", seed, limits.SEED, required=True, label=lazy("Seed"))
    session = u.session
    lookups.house(session, house_id)
    pool = sorted(rid for rid in session.exec(
        select(Resident.id).where(Resident.house_id == house_id,
                                  Resident.status == ResidentStatus.ACTIVE)
    ) if rid is not None)
    if not pool:
        raise ValidationError("residents", lazy(
            "There is nobody living in the house to draw from."))
    count = validate.int_range("how many", count, 1, len(pool), label=lazy("How many"))
    picked = _pick(seed, pool, count)
    draw = ScreenDraw(house_id=house_id, seed=seed, count=count, pool=pool, picked=picked,
                      drawn_by=u.actor.staff_id)
    session.add(draw)
    session.flush()
    u.audit(Action.SCREEN_DRAW, "screendraw", draw.id, house_id=house_id,
            seed=seed, count=count, pool=pool, picked=picked)
    return draw


def replay_draw(draw: ScreenDraw) -> DrawReplay:
    """Recompute a draw from its seed and pool: the same inputs always give the same picks."""
    pool = sorted(draw.pool)
    picked = _pick(draw.seed, pool, draw.count)
    return DrawReplay(draw.seed, tuple(pool), draw.count, tuple(picked),
                      picked == list(draw.picked) and pool == list(draw.pool))


@reads(Perm.SCREENS_READ)
def get_draw(u: Unit, draw_id: int) -> ScreenDraw:
    return u.get(ScreenDraw, draw_id, lazy("That random draw no longer exists."))


@reads(Perm.SCREENS_READ)
def list_draws(u: Unit, house_id: int, limit: int = 50) -> list[ScreenDraw]:
    """The house's most recent random draws, newest first."""
    return list(u.session.exec(
        select(ScreenDraw).where(ScreenDraw.house_id == house_id)
        .order_by(col(ScreenDraw.at).desc()).limit(limit)
    ))


@reads(Perm.SCREENS_READ)
def screens_due(u: Unit, house_id: int, today: date) -> list[ScreenDue]:
    """Current residents who have had fewer screens this calendar month than their phase asks.

    Two queries: residents with their phase, and screen counts per resident for the month.
    """
    first = today.replace(day=1)
    session = u.session
    tz = lookups.house(session, house_id).timezone
    lo, hi = local_midnight(first, tz), local_midnight(add_months(first, 1), tz)
    people = list(session.exec(
        select(Resident, Phase.screens_per_month)
        .join(Phase, col(Phase.id) == Resident.phase_id)
        .where(Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE,
               Phase.screens_per_month > 0)
        .order_by(col(Resident.last_name), col(Resident.first_name))
    ))
    done = dict(session.exec(
        select(Screen.resident_id, func.count())
        .join(Resident, col(Resident.id) == Screen.resident_id)
        .where(Resident.house_id == house_id, Screen.at >= lo, Screen.at < hi,
               col(Screen.result).not_in(NOT_COUNTED))
        .group_by(col(Screen.resident_id))
    ).all())
    out = []
    for res, required in people:
        have = int(done.get(res.id, 0))
        if have < required:
            assert res.id is not None and res.phase_id is not None
            out.append(ScreenDue(res.id, res.board_name, res.phase_id, required, have))
    return out


def _pick(seed: str, pool: list[int], count: int) -> list[int]:
    # random.Random seeded with a str is stable across platforms and Python versions.
    return random.Random(seed).sample(pool, count)



def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
