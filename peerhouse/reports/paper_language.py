"""Which language a paper is printed in: one, or two on the same sheet for a mixed house.

A paper is built inside `printing_in(languages)`: everything it says is in the first
language (`use_language`), and where the paper is bilingual every heading, column head
and note also says it in the second language, beneath in a lighter style, so a resident
who reads either finds everything. Text for both is made by a function run once in each
language (`both`), so the dates and counts inside it follow each language too.

Whose language is the default (docs/i18n.md "Whose language"): the house's for the
board, the sign-in sheet and the minutes; the resident's for their progress report; the
staff member's for the manager summary. The read models carry it; `paper_languages`
turns it and a person's choice ("en", "es", "both") into the languages to print in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from peerhouse.i18n import ENGLISH, LANGUAGES, SPANISH, Message, current_language, use_language

BOTH = "both"
CHOICES: tuple[str, ...] = (*LANGUAGES, BOTH)
# Between the two languages on one line (a short label, a day's name).
SEP = " · "

_second: ContextVar[str | None] = ContextVar("peerhouse_paper_second", default=None)


def other(code: str) -> str:
    return SPANISH if code == ENGLISH else ENGLISH


def paper_languages(choice: str | None, reader: str, *, bilingual: bool = False,
                    house_paper: bool = False) -> tuple[str, ...]:
    """The languages to print in: `choice` ("en", "es", "both") or, when None, the reader's
    (`reader`, and the other one beneath when the house is `bilingual`). Only a house's
    papers can be printed in both; a ValueError for any other choice."""
    if choice is None:
        return (reader, other(reader)) if bilingual and house_paper else (reader,)
    if choice == BOTH and house_paper:
        return (reader, other(reader))
    if choice in LANGUAGES:
        return (choice,)
    raise ValueError(f"unknown paper language {choice!r}")


@contextmanager
def printing_in(languages: tuple[str, ...]) -> Iterator[None]:
    """Build a paper in `languages[0]`, with `languages[1]` (if any) beneath."""
    second = languages[1] if len(languages) > 1 and languages[1] != languages[0] else None
    token = _second.set(second)
    try:
        with use_language(languages[0]):
            yield
    finally:
        _second.reset(token)


def second_language() -> str | None:
    """The language printed beneath on a bilingual paper (None: one language)."""
    return _second.get()


def languages_now() -> tuple[str, ...]:
    second = second_language()
    return (current_language(), second) if second else (current_language(),)


def has_spanish() -> bool:
    return SPANISH in languages_now()


def both(text: Callable[[], str] | Message, sep: str = "\n") -> str:
    """`text` in the paper's language, and on a bilingual paper the second language after
    `sep` ("\\n": beneath, which headings and table heads print in a lighter style)."""
    make = text.render if isinstance(text, Message) else text
    first = make()
    second = second_language()
    if second is None:
        return first
    with use_language(second):
        translated = make()
    return first if translated == first else f"{first}{sep}{translated}"


def inline(text: Callable[[], str] | Message) -> str:
    """`both` on one line: 'Chore · Tarea'."""
    return both(text, SEP)
