"""Property tests for curfew misses and house-local days/weeks across daylight-saving changes.

The dates are drawn around the real DST transitions of three zones (northern and southern
hemisphere, 02:00 and 01:00 changes), so every property meets 23- and 25-hour days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerhouse.errors import ValidationError
from peerhouse.models.accountability import SignOut
from peerhouse.models.houses import House
from peerhouse.services import clock
from peerhouse.services.curfew import curfew_misses, morning_after, night_curfew

ZONES = ("America/Chicago", "Europe/London", "Australia/Sydney")
# Nights on and around DST changes (both directions, both hemispheres), 2024–2026.
TRANSITIONS = (
    date(2024, 3, 10), date(2024, 11, 3), date(2025, 3, 9), date(2025, 11, 2),  # Chicago
    date(2024, 3, 31), date(2024, 10, 27), date(2025, 3, 30), date(2025, 10, 26),  # London
    date(2024, 4, 7), date(2024, 10, 6), date(2025, 4, 6), date(2025, 10, 5),  # Sydney
)
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)

zones = st.sampled_from(ZONES)
near_transition = st.builds(
    lambda d, k: d + timedelta(days=k), st.sampled_from(TRANSITIONS), st.integers(-2, 1)
)
days = st.one_of(near_transition, st.dates(date(2024, 1, 1), date(2026, 12, 31)))
# Evening curfews and after-midnight ones (before 06:00 means the next calendar day).
curfew_times = st.one_of(
    st.builds(time, st.integers(19, 23), st.sampled_from([0, 15, 30, 45, 59])),
    st.builds(time, st.integers(0, 3), st.sampled_from([0, 30])),
)
minutes = st.integers(1, 12 * 60)


@st.composite
def houses(draw: st.DrawFn) -> House:
    return House(name="H", timezone=draw(zones), curfew_weeknight=draw(curfew_times),
                 curfew_weekend=draw(curfew_times))


def _signout(sid: int, rid: int, out_at: datetime, back_at: datetime | None) -> SignOut:
    return SignOut(id=sid, resident_id=rid, out_at=out_at, back_at=back_at)


def _misses(house: House, outs: list[SignOut], night: date, phase: time | None = None,
            now: datetime = FAR_FUTURE):
    rids = {so.resident_id for so in outs}
    return curfew_misses(house, outs, night - timedelta(days=3), night + timedelta(days=4), now,
                         {rid: phase for rid in rids})


@settings(max_examples=300, deadline=None)
@given(houses(), days, st.one_of(st.none(), curfew_times), minutes, st.data())
def test_back_before_curfew_is_never_a_miss(house, night, phase, before, data):
    due = night_curfew(house, night, phase)
    # Leave after the previous night's window has closed, so only this night is in question.
    earliest = morning_after(house, night - timedelta(days=1))
    out_at = max(earliest, due - timedelta(minutes=before))
    back_at = out_at + (due - out_at) * data.draw(st.floats(0, 1))
    assert back_at <= due
    assert _misses(house, [_signout(1, 7, out_at, back_at)], night, phase) == []


@settings(max_examples=300, deadline=None)
@given(houses(), days, st.one_of(st.none(), curfew_times), minutes,
       st.integers(1, 36 * 60))
def test_back_after_curfew_is_always_a_miss_that_night(house, night, phase, before, late):
    due = night_curfew(house, night, phase)
    out_at = due - timedelta(minutes=before)
    back_at = due + timedelta(minutes=late)
    misses = _misses(house, [_signout(1, 7, out_at, back_at)], night, phase)
    tonight = [m for m in misses if m.night == night]
    assert len(tonight) == 1
    assert tonight[0].curfew_at == due and tonight[0].back_at == back_at
    assert tonight[0].signout_id == 1 and tonight[0].resident_id == 7


@settings(max_examples=200, deadline=None)
@given(houses(), days, minutes)
def test_open_signout_counts_only_once_curfew_has_passed(house, night, margin):
    due = night_curfew(house, night)
    so = _signout(1, 7, due - timedelta(hours=1), None)
    before = _misses(house, [so], night, now=due - timedelta(minutes=margin))
    assert [m for m in before if m.night == night] == []
    after = _misses(house, [so], night, now=due + timedelta(minutes=margin))
    assert [m.night for m in after] == [night]


@settings(max_examples=200, deadline=None)
@given(houses(), days)
def test_out_between_curfew_and_six_local_is_a_miss(house, night):
    """The window closes at 06:00 local wall-clock time, even on a DST-change night."""
    due = night_curfew(house, night)
    morning = morning_after(house, night)
    local = morning.astimezone(ZoneInfo(house.timezone))
    assert (local.date(), local.time()) == (night + timedelta(days=1), time(6, 0))
    if morning - due <= timedelta(minutes=2):
        return
    inside = _signout(1, 7, morning - timedelta(minutes=1), morning + timedelta(hours=2))
    assert [m.night for m in _misses(house, [inside], night)] == [night]
    outside = _signout(2, 8, morning, morning + timedelta(hours=2))
    assert [m for m in _misses(house, [outside], night) if m.night == night] == []


@st.composite
def signout_sets(draw: st.DrawFn) -> tuple[House, date, list[SignOut]]:
    house = draw(houses())
    night = draw(days)
    base = clock.local_midnight(night - timedelta(days=2), house.timezone)
    outs = []
    for sid in range(1, draw(st.integers(1, 8)) + 1):
        out_at = base + timedelta(minutes=draw(st.integers(0, 6 * 24 * 60)))
        back = draw(st.one_of(st.none(), st.integers(1, 3 * 24 * 60)))
        back_at = None if back is None else out_at + timedelta(minutes=back)
        outs.append(_signout(sid, draw(st.sampled_from([1, 2, 3])), out_at, back_at))
    return house, night, outs


@settings(max_examples=300, deadline=None)
@given(signout_sets())
def test_misses_never_double_count_and_match_the_window(data):
    house, night, outs = data
    start, end = night - timedelta(days=3), night + timedelta(days=4)
    misses = curfew_misses(house, outs, start, end, FAR_FUTURE)
    keys = [(m.resident_id, m.night) for m in misses]
    assert len(keys) == len(set(keys)), "a night was counted twice"
    # Oracle: a resident misses a night iff some sign-out overlaps [curfew, 06:00 next day).
    expected = set()
    d = start
    while d < end:
        due, morning = night_curfew(house, d), morning_after(house, d)
        for so in outs:
            back = so.back_at or FAR_FUTURE
            if so.out_at < morning and back > due:
                expected.add((so.resident_id, d))
        d += timedelta(days=1)
    assert set(keys) == expected
    assert all(start <= m.night < end for m in misses)


@settings(max_examples=300, deadline=None)
@given(zones, days, curfew_times, curfew_times)
def test_curfew_is_the_local_wall_clock_time(tz, night, weeknight, weekend):
    due = clock.curfew_at(night, tz, weeknight, weekend)
    wanted = weekend if night.weekday() in (4, 5) else weeknight
    local = due.astimezone(ZoneInfo(tz))
    expected_day = night + timedelta(days=1) if wanted < time(6, 0) else night
    naive = datetime.combine(expected_day, wanted)
    # Equal, except inside a spring-forward gap, where the instant is at most an hour on.
    assert timedelta(0) <= local.replace(tzinfo=None) - naive <= timedelta(hours=1)
    assert local.date() == expected_day


@settings(max_examples=400, deadline=None)
@given(zones, days)
def test_day_bounds_are_23_24_or_25_hours_and_tile(tz, day):
    start, end = clock.day_bounds(day, tz)
    assert end - start in (timedelta(hours=23), timedelta(hours=24), timedelta(hours=25))
    nxt_start, _ = clock.day_bounds(day + timedelta(days=1), tz)
    assert nxt_start == end, "a gap or overlap between consecutive days"
    assert clock.local_day(start, tz) == day
    assert clock.local_day(end - timedelta(microseconds=1), tz) == day
    assert clock.local_day(end, tz) == day + timedelta(days=1)
    assert start.tzinfo is not None and start.utcoffset() == timedelta(0)


def test_day_lengths_on_known_transitions():
    assert _hours(date(2025, 3, 9), "America/Chicago") == 23
    assert _hours(date(2025, 11, 2), "America/Chicago") == 25
    assert _hours(date(2025, 3, 30), "Europe/London") == 23
    assert _hours(date(2025, 10, 5), "Australia/Sydney") == 23
    assert _hours(date(2025, 4, 6), "Australia/Sydney") == 25


def _hours(day: date, tz: str) -> float:
    start, end = clock.day_bounds(day, tz)
    return (end - start).total_seconds() / 3600


@settings(max_examples=400, deadline=None)
@given(days, st.integers(0, 6))
def test_iso_week_starts_on_monday_and_contains_the_day(day, start_weekday):
    year, week, _ = day.isocalendar()
    monday = clock.iso_week_start(year, week)
    assert monday.weekday() == 0
    assert monday <= day < monday + timedelta(days=7)
    assert clock.parse_iso_week(clock.iso_week_label(day)) == monday
    house_start = clock.week_start(day, start_weekday)
    assert house_start.weekday() == start_weekday
    assert house_start <= day < house_start + timedelta(days=7)


def test_iso_week_53_and_bad_weeks():
    assert clock.iso_week_start(2026, 53) == date(2026, 12, 28)
    assert clock.parse_iso_week("2021-W01") == date(2021, 1, 4)
    with pytest.raises(ValidationError):
        clock.iso_week_start(2025, 53)
    with pytest.raises(ValidationError):
        clock.parse_iso_week("2025-13")
