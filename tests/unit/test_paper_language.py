"""Whose language a paper is in, and a bilingual paper's words: each in the house's
language, the other beneath (reports/paper_language.py)."""

from __future__ import annotations

from datetime import date

import pytest

from peerhouse.i18n import _, current_language, lazy
from peerhouse.i18n.formats import long_day
from peerhouse.reports.paper_language import (
    both,
    inline,
    languages_now,
    paper_languages,
    printing_in,
)


def test_the_readers_language_unless_one_is_chosen():
    assert paper_languages(None, "es") == ("es",)
    assert paper_languages(None, "es", bilingual=True) == ("es",)  # not a house paper
    assert paper_languages(None, "es", bilingual=True, house_paper=True) == ("es", "en")
    assert paper_languages(None, "en", bilingual=True, house_paper=True) == ("en", "es")
    assert paper_languages("en", "es", bilingual=True, house_paper=True) == ("en",)
    assert paper_languages("both", "es", house_paper=True) == ("es", "en")
    for wrong in ("both", "fr"):
        with pytest.raises(ValueError):
            paper_languages(wrong, "en")


def test_both_says_it_in_each_language_with_its_own_dates():
    day = date(2026, 3, 3)
    with printing_in(("es", "en")):
        assert current_language() == "es" and languages_now() == ("es", "en")
        assert both(lambda: _("Meetings this week")) == (
            "Reuniones de esta semana\nMeetings this week")
        assert inline(lazy("Chore")) == "Tarea · Chore"
        assert both(lambda: long_day(day)) == "martes, 3 de marzo\nTuesday, March 3"
    with printing_in(("en",)):
        assert both(lambda: _("Meetings this week")) == "Meetings this week"
        assert both(lambda: "7:00") == "7:00"
    assert languages_now() == ("en",)  # the block is over
    with printing_in(("es", "en")):
        assert both(lambda: "Sycamore House") == "Sycamore House"  # the same once, not twice
