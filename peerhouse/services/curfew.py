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
    still open counts only once the curfew has passed (`now`).
    """
    phase_curfews = phase_curfews or {}
    by_resident: dict[int, list[SignOut]] = {}
    for so in signouts:
        by_resident.setdefault(so.resident_id, []).append(so)
    misses: list[CurfewMiss] = []
    for rid, outs in by_resident.items():
        night = start
        while night < end:
            due = night_curfew(house, night, phase_curfews.get(rid))
            if due <= now:
                morning = morning_after(house, night)
                for so in outs:
                    back = so.back_at
                    overlaps = so.out_at < morning and (back is None or back > due)
                    if overlaps and (back is not None or so.out_at <= now):
                        assert so.id is not None
                        misses.append(CurfewMiss(rid, night, due, back, so.id))
                        break
            night += timedelta(days=1)
    misses.sort(key=lambda m: (m.night, m.resident_id))
    return misses
