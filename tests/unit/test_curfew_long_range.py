"""Curfew misses over years of history match a plain night-by-night reference.

The service visits only the nights each sign-out can touch; the reference below checks
every night against every sign-out, exactly as the rules in curfew.py read.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from peerhouse.models.accountability import SignOut
from peerhouse.models.houses import House
from peerhouse.services import clock
from peerhouse.services.curfew import CurfewMiss, curfew_misses, morning_after, night_curfew

START, END = date(2022, 3, 1), date(2025, 3, 1)  # three years, six DST changes
NOW = datetime(2025, 2, 20, 4, 30, tzinfo=UTC)  # the last nights are still to come
PHASES = (None, time(21, 0), time(22, 30), time(0, 30), time(23, 59))


def _reference(house: House, outs: list[SignOut], start: date, end: date, now: datetime,
               phases: dict[int, time | None]) -> list[CurfewMiss]:
    rows = [(so.resident_id, so.id or 0, so.out_at, so.back_at) for so in outs]
    people = {rid for rid, *_ in rows}
    found: dict[tuple[int, date], CurfewMiss] = {}
    night = start
    while night < end:
        morning = morning_after(house, night)
        dues = {rid: night_curfew(house, night, phases.get(rid)) for rid in people}
        for rid, sid, out_at, back in rows:
            due = dues[rid]
            if (due <= now and out_at < morning and (back is None or back > due)
                    and (back is not None or out_at <= now) and (rid, night) not in found):
                found[(rid, night)] = CurfewMiss(rid, night, due, back, sid)
        night += timedelta(days=1)
    return sorted(found.values(), key=lambda m: (m.night, m.resident_id))


def _signouts(rng: random.Random, tz: str, count: int) -> list[SignOut]:
    """Mostly evenings out, some nights and long trips, a few still open or in the future."""
    base = clock.local_midnight(START - timedelta(days=5), tz)
    span = int((clock.local_midnight(END + timedelta(days=5), tz) - base).total_seconds() // 60)
    outs = []
    for sid in range(1, count + 1):
        out_at = base + timedelta(minutes=rng.randrange(span))
        kind = rng.random()
        if kind < 0.005:
            back_at = None
        elif kind < 0.1:
            back_at = out_at + timedelta(minutes=rng.randrange(24 * 60, 6 * 24 * 60))
        else:
            back_at = out_at + timedelta(minutes=rng.randrange(10, 14 * 60))
        outs.append(SignOut(id=sid, resident_id=rng.randrange(1, 19), out_at=out_at,
                            back_at=back_at))
    return outs


def test_three_years_match_the_reference():
    rng = random.Random(20250301)
    house = House(name="H", timezone="America/Chicago", curfew_weeknight=time(22, 0),
                  curfew_weekend=time(0, 0))
    phases = {rid: rng.choice(PHASES) for rid in range(1, 19)}
    outs = _signouts(rng, house.timezone, 2000)
    got = curfew_misses(house, outs, START, END, NOW, phases)
    assert got == _reference(house, outs, START, END, NOW, phases)
    assert len(got) > 200  # the data really exercises misses
    assert len({(m.resident_id, m.night) for m in got}) == len(got)
    assert all(START <= m.night < END and m.curfew_at <= NOW for m in got)


def test_open_and_overlapping_signouts_match_the_reference():
    """Still-open sign-outs, future ones and overlaps: the first sign-out given is named."""
    house = House(name="H", timezone="Australia/Sydney", curfew_weeknight=time(23, 0),
                  curfew_weekend=time(1, 0))
    t0 = clock.local_midnight(date(2024, 9, 30), house.timezone) + timedelta(hours=20)
    outs = [
        SignOut(id=1, resident_id=1, out_at=t0, back_at=None),  # open across the DST change
        SignOut(id=2, resident_id=1, out_at=t0 - timedelta(hours=1),
                back_at=t0 + timedelta(days=2)),  # overlaps 1, given later
        SignOut(id=3, resident_id=2, out_at=NOW + timedelta(hours=1), back_at=None),
        SignOut(id=4, resident_id=2, out_at=t0, back_at=NOW + timedelta(days=30)),
        SignOut(id=5, resident_id=3, out_at=t0 - timedelta(days=400), back_at=None),
    ]
    start, end = date(2024, 9, 1), date(2025, 3, 1)
    got = curfew_misses(house, outs, start, end, NOW, {1: time(21, 0)})
    assert got == _reference(house, outs, start, end, NOW, {1: time(21, 0)})
    assert {m.signout_id for m in got if m.resident_id == 1} == {1}
    assert not [m for m in got if m.signout_id == 3]
    assert [m.night for m in got if m.resident_id == 3][0] == start
