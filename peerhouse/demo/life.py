"""Demo day-to-day life: check-ins, sign-outs, outside meetings, screens and incidents.

Trends are gentle and plausible: mood rises and cravings fall with time in the
house; the weeks before a return to use show more cravings, more missed check-ins
and a late night or two. Nothing happens after "now".
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peerhouse.demo.bulk import Ctx, DemoPerson
from peerhouse.demo.words import (
    CHECKIN_NOTES,
    DESTINATIONS,
    FELLOWSHIP_WEIGHTS,
    INCIDENTS,
    MEETING_NAMES,
    MEETING_PLACES,
    USE_EXIT_ACTION,
)
from peerhouse.models import (
    CheckIn,
    Incident,
    IncidentResident,
    OutsideMeeting,
    Screen,
    ScreenDraw,
    SignOut,
)

MIN = timedelta(minutes=1)
RANDOM_INCIDENTS = (("conflict", 4), ("house_rule", 3), ("safety", 1),
                    ("neighbour_complaint", 1), ("grievance", 1))


@dataclass(frozen=True)
class Miss:
    person: DemoPerson
    night: date


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _stressed(p: DemoPerson, day: date) -> bool:
    """The fortnight before a return to use: harder days."""
    if p.exit_reason == "return_to_use" and p.move_out is not None and (p.move_out - day).days <= 14:
        return True
    return p.relapse_day is not None and 0 <= (p.relapse_day - day).days <= 10


def plan_daily_life(ctx: Ctx) -> list[Miss]:
    """Check-ins, sign-outs and outside meetings for everyone; returns the curfew misses."""
    misses: list[Miss] = []
    for p in ctx.people:
        _checkins(ctx, p)
        misses += _signouts(ctx, p)
        _outside_meetings(ctx, p)
    return misses


def _checkins(ctx: Ctx, p: DemoPerson) -> None:
    rng, state = ctx.rng, 0.0
    for day in ctx.days(p.move_in, p.last_day(ctx.today)):
        d, stress = p.days_in(day), _stressed(p, day)
        state = 0.6 * state + rng.gauss(0, 0.6)
        chance = p.diligence * (0.85 if d < 3 else 1.0) * (0.7 if stress else 1.0)
        if rng.random() >= chance:
            continue
        at = ctx.at(day, rng.randint(7, 10), rng.randint(0, 59))
        if at > ctx.now:
            continue
        mood = _clamp(p.mood_base + 0.9 * min(1.0, d / 120) + state - (1.0 if stress else 0), 1, 5)
        craving = _clamp(p.craving_base * math.exp(-d / 75) + 1 + rng.gauss(0, 1.0) - 0.5 * state
                         + (3 if stress else 0), 0, 10)
        talk = rng.random() < (0.35 if mood <= 2 or craving >= 7 else 0.012)
        followed = at + timedelta(hours=rng.randint(1, 6)) if talk else None
        if followed is not None and (followed > ctx.now or (day == ctx.today and rng.random() < 0.7)):
            followed = None
        ctx.add(CheckIn, resident_id=p.id, day=day, at=at, mood=mood, craving=craving,
                slept_well=rng.random() < 0.35 + 0.1 * mood,
                sponsor_contact=p.has_sponsor and rng.random() < 0.55,
                note=rng.choice(CHECKIN_NOTES) if rng.random() < 0.45 else "",
                wants_to_talk=talk, talk_followed_up_at=followed,
                talk_followed_up_by=ctx.owner_id if followed else None,
                source="kiosk" if rng.random() < 0.95 else "staff")


def _signouts(ctx: Ctx, p: DemoPerson) -> list[Miss]:
    rng, misses = ctx.rng, []
    for day in ctx.days(p.move_in, p.last_day(ctx.today)):
        roll = rng.random() * (1.6 if p.days_in(day) < 7 else 1.0)
        trips = 0 if roll >= 0.6 else 1 if roll < 0.45 else 2
        curfew = ctx.curfew(p, day)
        stress = _stressed(p, day)
        out_at = ctx.at(day, rng.randint(8, 11), rng.randint(0, 59))
        for _ in range(trips):
            expected = min(out_at + rng.randint(4, 32) * 15 * MIN, curfew - 15 * MIN)
            if expected <= out_at + 20 * MIN or out_at > ctx.now:
                break
            missed = rng.random() < (0.05 if stress else 0.003)
            if missed:
                back: datetime | None = curfew + rng.randint(15, 120) * MIN
            else:
                drift = int(rng.gauss(0, 20))
                back = max(out_at + 15 * MIN, min(expected + drift * MIN, curfew - 5 * MIN))
            if back is not None and back > ctx.now:
                back = None
            ctx.add(SignOut, resident_id=p.id, out_at=out_at, destination=ctx.pick(DESTINATIONS),
                    expected_back_at=expected, back_at=back,
                    source="kiosk" if rng.random() < 0.92 else "staff")
            if missed and (back is not None or curfew <= ctx.now):
                misses.append(Miss(p, day))
            if back is None or missed:
                break
            out_at = back + rng.randint(30, 180) * MIN
    return misses


def _outside_meetings(ctx: Ctx, p: DemoPerson) -> None:
    rng = ctx.rng
    first = max(ctx.start, p.move_in)
    week = first - timedelta(days=first.weekday())
    last = p.last_day(ctx.today)
    while week <= last:
        days = [d for d in (week + timedelta(days=i) for i in range(7))
                if p.present(d) and ctx.start <= d <= ctx.today]
        week += timedelta(days=7)
        if not days:
            continue
        want = ctx.phase_on(p, days[0]).meetings_per_week + rng.choice((-2, -1, 0, 0, 0, 1, 1, 2))
        if p.diligence < 0.85 and rng.random() < 0.3:
            want -= 1
        want = _clamp(want * len(days) / 7, 0, len(days))
        for day in sorted(rng.sample(days, want)):
            logged = ctx.at(day, 21, rng.randint(0, 59))
            if logged > ctx.now:
                continue
            fellowship = p.fellowship if rng.random() < 0.75 else ctx.pick(FELLOWSHIP_WEIGHTS)
            ctx.add(OutsideMeeting, resident_id=p.id, on_date=day, fellowship=fellowship,
                    name=rng.choice(MEETING_NAMES[fellowship]), place=rng.choice(MEETING_PLACES),
                    source="kiosk" if rng.random() < 0.8 else "staff",
                    verified=rng.random() < 0.65, created_at=logged)


# --- screens --------------------------------------------------------------------------

def _ordinary_result(rng: random.Random) -> str:
    return rng.choices(("negative", "dilute", "invalid", "refused"), (965, 20, 10, 5))[0]


def _screen(ctx: Ctx, p: DemoPerson, at: datetime, reason: str, *, draw_id: int | None = None,
            positive: bool = False) -> None:
    rng = ctx.rng
    method = rng.choices(("urine", "breath", "saliva"), (70, 20, 10))[0]
    result, substances, notes = _ordinary_result(rng), "", ""
    if positive:
        method = "breath" if p.substance == "alcohol" else "urine"
        result = "positive" if rng.random() < 0.8 else "refused"
        substances = p.substance if result == "positive" else ""
        notes = "Talked with the resident afterwards; they called their sponsor."
    ctx.add(Screen, resident_id=p.id, at=at, method=method, reason=reason, result=result,
            substances=substances, administered_by=ctx.owner_id, draw_id=draw_id, notes=notes)


def plan_screens(ctx: Ctx) -> None:
    """Admission screens, scheduled screens by phase, weekly logged random draws, and the
    suspicion screens that come with a return to use."""
    rng = ctx.rng
    for p in ctx.people:
        if ctx.start <= p.move_in <= ctx.today and ctx.at(p.move_in, 15) <= ctx.now:
            _screen(ctx, p, ctx.at(p.move_in, 15), "admission")
        use_day = p.relapse_day
        if p.exit_reason == "return_to_use" and p.move_out is not None and rng.random() < 0.6:
            use_day = p.move_out - timedelta(days=rng.randint(1, 4))
        if use_day and ctx.start <= use_day and use_day >= p.move_in:
            _screen(ctx, p, ctx.at(use_day, rng.randint(17, 21)), "suspicion", positive=True)
    monday = ctx.start - timedelta(days=ctx.start.weekday())
    while monday <= ctx.today:
        for p in ctx.present_on(monday):
            position = ctx.phase_on(p, monday).position
            at = ctx.at(monday, 9, rng.randint(0, 40))
            due = position == 1 or (position == 2 and monday.isocalendar()[1] % 2 == 1)
            if due and monday >= ctx.start and at <= ctx.now:
                _screen(ctx, p, at, "scheduled")
        _random_draw(ctx, monday + timedelta(days=rng.randint(0, 4)))
        monday += timedelta(days=7)


def _random_draw(ctx: Ctx, day: date) -> None:
    rng = ctx.rng
    at = ctx.at(day, rng.randint(10, 15), rng.randint(0, 59))
    present = {p.id: p for p in ctx.present_on(day)}
    if day < ctx.start or at > ctx.now or not present:
        return
    pool = sorted(present)
    count = max(1, round(len(pool) * 0.2))
    seed = f"{rng.getrandbits(128):032x}"
    # The same pick rule as services/screens.py, so a demo draw replays exactly.
    picked = random.Random(seed).sample(pool, count)
    draw_id = ctx.add(ScreenDraw, house_id=ctx.house_id, at=at, seed=seed, count=count,
                      pool=pool, picked=picked, drawn_by=ctx.owner_id)
    for rid in picked:
        when = at + rng.randint(10, 120) * MIN
        if when <= ctx.now:
            _screen(ctx, present[rid], when, "random", draw_id=draw_id)


# --- incidents ------------------------------------------------------------------------

def _incident(ctx: Ctx, at: datetime, category: str, people: list[DemoPerson],
              action: str | None = None) -> None:
    if at > ctx.now:
        return
    description, default_action = INCIDENTS[category]
    iid = ctx.add(Incident, house_id=ctx.house_id, at=at, category=category,
                  description=description, action_taken=action or default_action,
                  reported_by=ctx.owner_id)
    for p in people:
        ctx.add(IncidentResident, incident_id=iid, resident_id=p.id)


def plan_incidents(ctx: Ctx, misses: list[Miss]) -> None:
    """A few incidents: some curfew misses, each return to use, and the odd house matter."""
    rng = ctx.rng
    for miss in misses:
        if rng.random() < 0.4:
            _incident(ctx, ctx.at(miss.night + timedelta(days=1), 9, 30), "curfew", [miss.person])
    for p in ctx.people:
        if p.relapse_day and p.relapse_day >= ctx.start:
            _incident(ctx, ctx.at(p.relapse_day + timedelta(days=1), 10), "use", [p])
        if (p.exit_reason == "return_to_use" and p.move_out is not None
                and p.move_out > ctx.start and rng.random() < 0.6):
            last = p.move_out - timedelta(days=1)
            _incident(ctx, ctx.at(max(last, p.move_in), 10), "use", [p], USE_EXIT_ACTION)
    day = ctx.start
    while day <= ctx.today:
        if rng.random() < 0.1:
            category = ctx.pick(RANDOM_INCIDENTS)
            here = ctx.present_on(day)
            size = 2 if category == "conflict" else 1
            if len(here) >= size:
                who = rng.sample(here, size) if category not in ("neighbour_complaint", "safety") \
                    or rng.random() < 0.5 else []
                _incident(ctx, ctx.at(day, rng.randint(19, 22), rng.randint(0, 59)), category, who)
        day += timedelta(days=7)
