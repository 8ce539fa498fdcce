"""One rule decides which curfew applies (house rules or phase) — services/curfew.in_force —
and every place that shows or uses a curfew goes through it: the misses, tonight's curfew
at the kiosk, the resident page, Settings, the manager summary and the demo."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from peerhouse.models.houses import House, Phase
from peerhouse.services import curfew, houses, signouts
from peerhouse.services.clock import local_midnight
from peerhouse.services.curfew import CurfewInForce, in_force, night_curfew

PACKAGE = Path(curfew.__file__).resolve().parents[1]
HOUSE = House(name="Maple", timezone="America/Chicago", curfew_weeknight=time(22),
              curfew_weekend=time(23, 59))
ORIENTATION = Phase(house_id=1, position=1, name="Phase 1 – Orientation", min_days=0,
                    curfew=time(21))
BUILDING = Phase(house_id=1, position=2, name="Phase 2 – Building", min_days=30, curfew=None)
WED, FRI, SAT, SUN = date(2026, 12, 9), date(2026, 12, 11), date(2026, 12, 12), date(2026, 12, 13)


def test_a_phase_curfew_replaces_the_house_one_on_sunday_to_thursday_nights_only():
    rule = in_force(HOUSE, ORIENTATION)
    assert rule == CurfewInForce(time(21), time(23, 59), "Phase 1 – Orientation")
    assert [rule.on(d) for d in (WED, FRI, SAT, SUN)] == [time(21), time(23, 59), time(23, 59),
                                                          time(21)]
    assert str(rule.whose(WED)) == "Phase 1 – Orientation's curfew"
    assert str(rule.whose(FRI)) == str(rule.whose(SAT)) == "the weekend curfew"
    house_only = in_force(HOUSE, BUILDING)
    assert house_only == in_force(HOUSE, None) == CurfewInForce(time(22), time(23, 59))
    assert str(house_only.whose(WED)) == "the house curfew"


def test_the_rule_reads_the_same_wherever_it_is_shown():
    assert in_force(HOUSE, ORIENTATION).text() == (
        "9:00 PM Sun–Thu nights (Phase 1 – Orientation's curfew), "
        "11:59 PM Fri–Sat nights (the weekend curfew)")
    assert in_force(HOUSE, None).text() == (
        "10:00 PM Sun–Thu nights (the house curfew), 11:59 PM Fri–Sat nights (the weekend curfew)")
    assert curfew.house_curfews(HOUSE, [ORIENTATION, BUILDING]) == (
        "Sun–Thu nights: 9:00 PM for Phase 1 – Orientation, 10:00 PM for everyone else "
        "(the house curfew). Fri–Sat nights: 11:59 PM for everyone.")
    assert curfew.house_curfews(HOUSE, []) == (
        "Sun–Thu nights: 10:00 PM for everyone (the house curfew). "
        "Fri–Sat nights: 11:59 PM for everyone.")
    assert "phase" in str(curfew.RULE) and "Fri–Sat" in str(curfew.RULE)


@given(st.dates(date(2024, 1, 1), date(2027, 12, 31)),
       st.sampled_from([None, time(20, 30), time(1, 0)]))
def test_misses_and_tonight_use_the_rule(night, phase_curfew):
    phase = Phase(house_id=1, position=1, name="P", min_days=0, curfew=phase_curfew)
    at = night_curfew(HOUSE, night, phase_curfew)
    rule = in_force(HOUSE, phase)
    kept = rule.on(night)
    assert at == rule.at(night, HOUSE.timezone)
    local = at.astimezone(ZoneInfo(HOUSE.timezone))
    assert (local.hour, local.minute) == (kept.hour, kept.minute)
    # Before 06:00 means after midnight: the next calendar day.
    assert local.date() == night + timedelta(days=1 if kept < time(6) else 0)


def test_tonight_at_the_kiosk_says_whose_curfew_it_is(house):
    res = house.admit()  # a new resident starts in the first phase (its own 9:00 PM curfew)
    wed = signouts.tonight_curfew(house.store, house.manager, res.id,
                                  at=local_midnight(WED, "America/Chicago") + timedelta(hours=12))
    assert (wed.local.hour, str(wed.whose)) == (21, "Phase 1 – Orientation's curfew")
    sat = signouts.tonight_curfew(house.store, house.manager, res.id,
                                  at=local_midnight(SAT, "America/Chicago") + timedelta(hours=12))
    assert (sat.local.hour, str(sat.whose)) == (23, "the weekend curfew")
    assert houses.list_phases(house.store, house.manager, house.house_id)[0].curfew == time(21)


def test_no_module_decides_a_curfew_time_on_its_own():
    """clock.curfew_at (the Friday–Saturday and after-midnight arithmetic) is called only by
    the rule's own module; nothing else picks a phase or house curfew with `or`."""
    callers, choosers = [], []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE).as_posix()
        if re.search(r"\bcurfew_at\(", text) and name not in ("services/clock.py",
                                                               "services/curfew.py"):
            callers.append(name)
        if re.search(r"\.curfew\b[^\n]*\bor\b[^\n]*curfew_weeknight", text):
            choosers.append(name)
    assert callers == [] and choosers == []
