"""Milestones derived from the sobriety date (property tests)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from peerhouse.services.milestones import (
    add_months,
    milestones_between,
    next_milestone,
    sober_days,
    sober_time_text,
)

dates = st.dates(min_value=date(1980, 1, 1), max_value=date(2040, 12, 31))
FIXED = ["24 hours", "7 days", "30 days", "60 days", "90 days", "6 months", "9 months", "1 year",
         "18 months"]


def test_known_milestones_for_a_leap_day():
    sob = date(2024, 1, 31)
    got = milestones_between(sob, sob, date(2027, 2, 1))
    assert [m.label for m in got] == [*FIXED, "2 years", "3 years"]
    assert got[5].on == date(2024, 7, 31)
    assert got[6].on == date(2024, 10, 31)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)


@given(dates, st.integers(min_value=0, max_value=4000), st.integers(min_value=1, max_value=800))
def test_windows_tile_without_gaps_or_repeats(sob, offset, width):
    start = sob + timedelta(days=offset)
    mid, end = start + timedelta(days=width), start + timedelta(days=2 * width)
    whole = milestones_between(sob, start, end)
    assert whole == milestones_between(sob, start, mid) + milestones_between(sob, mid, end)
    assert all(start <= m.on < end for m in whole)
    assert [m.on for m in whole] == sorted(m.on for m in whole)
    assert len({m.label for m in whole}) == len(whole)


@given(dates, st.integers(min_value=0, max_value=20000))
def test_next_milestone_is_the_first_one_on_or_after_today(sob, days):
    today = sob + timedelta(days=days)
    nxt = next_milestone(sob, today)
    assert nxt.on >= today
    assert milestones_between(sob, today, nxt.on) == []
    assert milestones_between(sob, nxt.on, nxt.on + timedelta(days=1)) == [nxt]


@given(dates)
def test_every_year_after_the_first_is_a_milestone(sob):
    labels = [m.label for m in milestones_between(sob, sob, add_months(sob, 12 * 6) + timedelta(1))]
    assert labels[-5:] == ["2 years", "3 years", "4 years", "5 years", "6 years"]


@given(dates, st.integers(min_value=0, max_value=20000))
def test_counter_text_agrees_with_days(sob, days):
    today = sob + timedelta(days=days)
    assert sober_days(sob, today) == days
    text = sober_time_text(sob, today)
    if days < 90:
        assert text == (f"{days} day" + ("" if days == 1 else "s"))
    else:
        assert "month" in text or "year" in text
    assert sober_days(sob, sob - timedelta(days=3)) == 0
