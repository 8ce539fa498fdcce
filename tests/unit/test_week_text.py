"""A week reads "Week of Dec 7 – 13" on every screen and paper (never "ISO week 2026-W50");
ISO week labels stay for file names and the command line."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerhouse.clock_text import week_of, week_span
from peerhouse.errors import ValidationError
from peerhouse.reports import wording
from peerhouse.services.clock import iso_week_label, iso_week_start, local_day, now, week_start
from peerhouse.services.summaries import weekly_summary
from peerhouse.ui import formats


def test_a_week_inside_one_month():
    assert week_of(date(2026, 12, 7)) == "Week of Dec 7 – 13"
    assert week_span(date(2026, 12, 7)) == "Dec 7 – 13"
    assert week_of(date(2026, 12, 7), year=True) == "Week of Dec 7 – 13, 2026"


def test_a_week_across_a_month_or_a_year():
    assert week_of(date(2026, 11, 30)) == "Week of Nov 30 – Dec 6"
    assert week_of(date(2026, 11, 30), year=True) == "Week of Nov 30 – Dec 6, 2026"
    assert week_of(date(2026, 12, 28)) == "Week of Dec 28 – Jan 3"
    assert week_of(date(2026, 12, 28), year=True) == "Week of Dec 28, 2026 – Jan 3, 2027"
    # A house week may start on any day (Sunday here), across a leap day too.
    assert week_span(date(2028, 2, 27)) == "Feb 27 – Mar 4"


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_every_week_names_its_first_and_last_day(first):
    last = first + timedelta(days=6)
    text = week_of(first, year=True)
    assert text.startswith(f"Week of {first:%b} {first.day}")
    assert text.endswith(f"{last.day}, {last.year}")
    assert "W" not in text.replace("Week", "")  # no ISO week number


def test_screens_and_papers_use_the_one_formatter():
    """formats (the windows) and wording (the PDFs) hand out the same functions."""
    assert formats.week_of is week_of and formats.week_span is week_span
    assert wording.week_of is week_of and wording.week_span is week_span
    assert not hasattr(wording, "span_text")


def test_a_summary_of_a_week_not_yet_begun_names_it_as_a_week(house):
    """The message reaches the Reports window: no ISO label in it."""
    later = week_start(local_day(now(), "America/Chicago")) + timedelta(days=14)
    with pytest.raises(ValidationError) as refused:
        weekly_summary(house.store, house.manager, house.house_id, later)
    message = refused.value.message
    assert str(message) == f"The week of {week_span(later, year=True)} has not started yet."
    assert iso_week_label(later) not in str(message)


def test_iso_labels_stay_for_files_and_the_command_line():
    assert iso_week_label(date(2026, 12, 9)) == "2026-W50"
    assert week_of(iso_week_start(2026, 50)) == "Week of Dec 7 – 13"
