"""The printed house board never breaks a name inside the word: a long first name in a
narrow day column gets a smaller font ("Christopher M.", not "Christophe / r M.")."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pdfplumber

from peerhouse.reports.weekly_board import build_weekly_board
from peerhouse.services.weekly_board import BoardChore, WeeklyBoard
from tests.support.pdfcheck import layout_problems

MONDAY = date(2026, 12, 7)
NAMES = ("Christopher M.", "Maximilianus R.", "Samantha W.", "Bartholomew-Jones K.", "Al B.")


def _board() -> WeeklyBoard:
    chores = [BoardChore(MONDAY + timedelta(days=i % 7), chore, "Kitchen", name)
              for i, (chore, name) in enumerate(
                  [("Dishes", n) for n in NAMES]
                  + [("Refrigerator defrosting", "Al B."), ("Mop", "Christopher M.")])]
    chores.append(BoardChore(MONDAY, "Mop", "Kitchen", "Samantha W."))  # two names in a day
    return WeeklyBoard(1, "Maple House", "2026-W49", MONDAY - timedelta(days=7), MONDAY,
                       tuple(chores), (), (), (), datetime(2026, 12, 1, 13, 1))


def test_long_names_stay_whole_and_nothing_overlaps():
    pdf = build_weekly_board(_board())
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = {w["text"].rstrip(",") for w in doc.pages[0].extract_words()}
        page_text = " ".join((doc.pages[0].extract_text() or "").split())
    for name in NAMES:
        for word in name.split():
            assert word in words, word
    assert "Refrigerator" in words and "defrosting" in words
    assert "Printed Dec 1, 2026, 1:01 PM by PeerHouse" in page_text
    assert layout_problems(pdf) == []
