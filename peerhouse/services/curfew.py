"""Curfew misses, derived from sign-outs (never stored, so a corrected sign-out corrects them).

Night N is the evening of house-local day N. A resident's curfew that night is the
house weekend curfew on Friday and Saturday nights and otherwise their phase's
curfew (or the house weeknight curfew). A miss is being signed out at any moment
between the curfew and 06:00 the next morning. Times are compared as UTC instants,
so daylight-saving changes never add or drop an hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from peerhouse.models.accountability import SignOut
from peerhouse.models.houses import House
from peerhouse.services.clock import curfew_at, zone

MORNING = time(6, 0)


@dataclass(frozen=True)
class CurfewMiss:
    resident_id: int
    night: date
    curfew_at: datetime
    back_at: datetime | None
    signout_id: int


def night_curfew(house: House, night: date, phase_curfew: time | None = None) -> datetime:
    weeknight = phase_curfew or house.curfew_weeknight
    return curfew_at(night, house.timezone, weeknight, house.curfew_weekend)


def morning_after(house: House, night: date) -> datetime:
    """06:00 house-local time the next morning, as a UTC instant.

    Built from the local wall-clock time (not midnight + 6 hours), so a daylight-saving
    change during the night does not move the end of the curfew window to 05:00 or 07:00.
    """
    local = datetime.combine(night + timedelta(days=1), MORNING, tzinfo=zone(house.timezone))
    return local.astimezone(UTC)


def curfew_misses(
    house: House,
    signouts: Iterable[SignOut],
    start: date,
    end: date,
    now: datetime,
    phase_curfews: Mapping[int, time | None] | None = None,
) -> list[CurfewMiss]:
    """Misses for nights in [start, end): at most one per resident per night.

    `phase_curfews` maps resident id → their phase's weeknight curfew. A sign-out
    still open counts only once the curfew has passed (`now`). When several sign-outs
    cover the same night, the first one given is named.

    Each sign-out visits only the nights its interval can touch, and each night's
    curfew and morning are computed once, so years of history stay fast.
    """
    phase_curfews = phase_curfews or {}
    tz = zone(house.timezone)
    last = end - timedelta(days=1)
    dues: dict[tuple[date, time | None], datetime] = {}
    mornings: dict[date, datetime] = {}
    found: dict[tuple[int, date], CurfewMiss] = {}
    for so in signouts:
        back = so.back_at
        if back is None and so.out_at > now:
            continue  # still out, but not yet out at `now`: nothing has been missed
        # Night N's window is [curfew, 06:00 on N+1) and its curfew is never before 06:00
        # on N, so only nights from the day before leaving to the day of return can overlap.
        first = max(start, so.out_at.astimezone(tz).date() - timedelta(days=1))
        until = now if back is None or back > now else back
        final = min(last, until.astimezone(tz).date())
        phase = phase_curfews.get(so.resident_id)
        night = first
        while night <= final:
            key = (so.resident_id, night)
            if key not in found:
                due = dues.get((night, phase))
                if due is None:
                    due = dues[(night, phase)] = night_curfew(house, night, phase)
                morning = mornings.get(night)
                if morning is None:
                    morning = mornings[night] = morning_after(house, night)
                if due <= now and so.out_at < morning and (back is None or back > due):
                    assert so.id is not None
                    found[key] = CurfewMiss(so.resident_id, night, due, back, so.id)
            night += timedelta(days=1)
    return sorted(found.values(), key=lambda m: (m.night, m.resident_id))
