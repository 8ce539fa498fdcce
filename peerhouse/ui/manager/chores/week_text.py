"""The sentences of the "This week" tab that are built from counts and weeks: which week
a sentence is about, the question before generating a week, what was just saved."""

from __future__ import annotations

from datetime import date

from peerhouse.i18n import _, ngettext
from peerhouse.services.chore_preview import WeekPreview
from peerhouse.ui.formats import week_span
from peerhouse.ui.manager.chores.board import status_word


def which_week(week: date, offset: int | None = None) -> str:
    """'this week', 'next week' or 'the week of Dec 7 – 13, 2026', inside a sentence."""
    # Translators: these three fill {which} in sentences such as "No chores were
    # assigned for {which}."
    return {0: _("this week"), 1: _("next week")}.get(
        offset, _("the week of {span}").format(span=week_span(week, year=True)))


def chore_moved(chore: str, to: str) -> str:
    """'Kitchen: done.' — what was just saved."""
    return _("{chore}: {status}.").format(chore=chore, status=status_word(to))


def generate_question(p: WeekPreview, which: str) -> str:
    """What generating `p` will do, asked before it is done (it writes a whole week)."""
    people = ngettext("{n} resident", "{n} residents", p.residents).format(n=p.residents)
    text = ngettext("Share out {n} chore among {residents} for {which}?",
                    "Share out {n} chores among {residents} for {which}?", p.to_create
                    ).format(n=p.to_create, residents=people, which=which)
    text += "\n\n" + _("Everyone takes turns, so each chore is spread fairly over the weeks.")
    if p.already_assigned:
        text += "\n\n" + ngettext("The chore already assigned stays as it is.",
                                  "The {n} chores already assigned stay as they are.",
                                  p.already_assigned).format(n=p.already_assigned)
    return text
