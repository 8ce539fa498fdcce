"""Which week a weekly report is for when nobody picks one — the same in the Reports
window, on the command line and in the README.

On a Monday morning a house manager pins up the board for the week now starting (its
meetings, and next week's chores) and files the summary of the week that has just ended:
a summary of the week under way would be mostly empty, and a board for last week is out
of date before it is printed.
"""

from __future__ import annotations

from datetime import date, timedelta

from peerhouse.i18n import lazy
from peerhouse.services.clock import week_start

BOARD, MANAGER = "board", "manager"
# The default, in words, as the window, the command line's --help and the README say it.
DEFAULT_WEEK = {BOARD: lazy("this week"), MANAGER: lazy("last week, the last full one")}
# The command line's --help is English (docs/i18n.md).
DEFAULTS = (f"{DEFAULT_WEEK[BOARD].msgid} for the house board; {DEFAULT_WEEK[MANAGER].msgid}, "
            "for the manager summary")


def default_week(kind: str, today: date) -> date:
    """The Monday of the week a `kind` report ("board" or "manager") is for by default,
    `today` being the house's own today."""
    if kind not in DEFAULT_WEEK:
        raise ValueError(f"no weekly report of kind {kind!r}")
    this_week = week_start(today)
    return this_week if kind == BOARD else this_week - timedelta(days=7)
