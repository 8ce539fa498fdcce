"""Which curfew applies, and curfew misses derived from sign-outs (never stored, so a
corrected sign-out corrects them).

The house rules and a phase can both set a curfew; `curfew_rule` is the one rule that
decides which a resident keeps (RULE, below; `in_force` applies it to a house and a
phase), and every screen, paper and count uses it: the misses here, tonight's curfew at
the kiosk, the resident page, Settings, the manager summary and the demo.

Night N is the evening of house-local day N. A miss is being signed out at any moment
between the curfew and 06:00 the next morning. Times are compared as UTC instants,
so daylight-saving changes never add or drop an hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from peerhouse.clock_text import clock_text
from peerhouse.i18n import Message, current_language, lazy, use_language
from peerhouse.models.accountability import SignOut
from peerhouse.models.houses import House, Phase
from peerhouse.services.clock import WEEKEND_NIGHTS, curfew_at, zone

MORNING = time(6, 0)
RULE = lazy("Sun–Thu nights: a phase's own curfew, for residents in a phase that has one, "
            "else the house curfew. Fri–Sat nights: the weekend curfew, for everyone.")


@dataclass(frozen=True)
class CurfewInForce:
    """The curfews a resident keeps: Sunday–Thursday nights and Friday–Saturday nights,
    and the phase whose own curfew sets the weeknights ("" when it is the house's)."""

    weeknight: time
    weekend: time
    phase: str = ""

    def on(self, night: date) -> time:
        """The curfew of the evening of house-local day `night`."""
        return self.weekend if night.weekday() in WEEKEND_NIGHTS else self.weeknight

    def whose(self, night: date) -> Message:
        """'Phase 1 – Orientation's curfew', 'the house curfew' or 'the weekend curfew'."""
        if night.weekday() in WEEKEND_NIGHTS:
            return lazy("the weekend curfew")
        return self._weeknights()

    def _weeknights(self) -> Message:
        if self.phase:
            return lazy("{phase}'s curfew", phase=self.phase)
        return lazy("the house curfew")

    def at(self, night: date, tz: str) -> datetime:
        """The curfew instant of `night` in UTC (before 06:00 means after midnight)."""
        return curfew_at(night, tz, self.weeknight, self.weekend)

    def text(self, sep: str = ", ", language: str | None = None) -> str:
        """'9:00 PM Sun–Thu nights (Phase 1 – Orientation's curfew), 11:59 PM Fri–Sat
        nights (the weekend curfew)' (`sep` between the two), in `language` (default: the
        current one): text, as its times are written in the reader's language too."""
        with use_language(language or current_language()):
            first = lazy("{time} Sun–Thu nights ({whose})",
                         time=clock_text(self.weeknight), whose=self._weeknights())
            second = lazy("{time} Fri–Sat nights (the weekend curfew)",
                          time=clock_text(self.weekend))
            return f"{first}{sep}{second}"


def curfew_rule(house_weeknight: time, house_weekend: time, phase_curfew: time | None,
                phase: str = "") -> CurfewInForce:
    """THE rule: on Friday and Saturday nights everyone keeps the house's weekend curfew;
    on other nights a resident keeps their phase's own curfew (`phase_curfew`, of the
    phase named `phase`) when it has one, else the house's weeknight curfew."""
    if phase_curfew is None:
        return CurfewInForce(house_weeknight, house_weekend)
    return CurfewInForce(phase_curfew, house_weekend, phase)


def in_force(house: House, phase: Phase | None) -> CurfewInForce:
    """The curfews a resident of `house` in `phase` (None: no phase) keeps."""
    return curfew_rule(house.curfew_weeknight, house.curfew_weekend,
                       phase.curfew if phase is not None else None,
                       phase.name if phase is not None else "")


def house_curfews(house: House, phases: Iterable[Phase], language: str | None = None) -> str:
    """Every curfew in force in a house, in one sentence (Settings, the manager summary):
    'Sun–Thu nights: 9:00 PM for Phase 1 – Orientation, 10:00 PM for everyone else (the
    house curfew). Fri–Sat nights: 11:59 PM for everyone.' In `language` (default: the
    current one); text, not a Message, as it lists as many phases as have a curfew."""
    own = [in_force(house, p) for p in sorted(phases, key=lambda p: p.position)
           if p.curfew is not None]
    with use_language(language or current_language()):
        parts = [str(lazy("{time} for {phase}", time=clock_text(r.weeknight), phase=r.phase))
                 for r in own]
        rest = (lazy("{time} for everyone else (the house curfew)") if own
                else lazy("{time} for everyone (the house curfew)"))
        parts.append(str(rest.with_values(time=clock_text(house.curfew_weeknight))))
        return str(lazy("Sun–Thu nights: {curfews}. Fri–Sat nights: {time} for everyone.",
                        curfews=", ".join(parts), time=clock_text(house.curfew_weekend)))


@dataclass(frozen=True)
class CurfewMiss:
    resident_id: int
    night: date
    curfew_at: datetime
    back_at: datetime | None
    signout_id: int


def night_curfew(house: House, night: date, phase_curfew: time | None = None) -> datetime:
    """The curfew instant of `night` for a resident whose phase's own curfew is
    `phase_curfew` (None: the phase has none, or no phase)."""
    rule = curfew_rule(house.curfew_weeknight, house.curfew_weekend, phase_curfew)
    return rule.at(night, house.timezone)


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
