"""Which language the text being made right now is in: English or Spanish.

A contextvar, not a global, because one process shows several people at once: the kiosk
speaks the signed-in resident's language while the manager window speaks the staff
member's, and a board is printed in the house's. Code that makes text for someone wraps it
in `use_language(code)`; everything else falls back to the process default
(`set_default_language`). Never the PC's locale: the language is a person's or a house's
setting, so `LANG` has no say here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

ENGLISH = "en"
SPANISH = "es"
LANGUAGES: tuple[str, ...] = (ENGLISH, SPANISH)

# The CLDR locale behind each language: month and weekday names, number symbols, money,
# plural rules. Spanish is CLDR's es_US: Latin-American Spanish (it inherits es_419) as
# written in the United States, where these houses are: dollars as '$1,234.50' with a
# decimal point, like every US receipt, check and rent ledger, and a 12-hour clock.
CLDR_LOCALES: dict[str, str] = {ENGLISH: "en_US", SPANISH: "es_US"}

_default = ENGLISH
_current: ContextVar[str | None] = ContextVar("peerhouse_language", default=None)


def checked(code: str) -> str:
    """`code` if it is a language PeerHouse speaks ('en', 'es'); else ValueError."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; use one of {', '.join(LANGUAGES)}")
    return code


def language_from_environment() -> str | None:
    """`PEERHOUSE_LANGUAGE` (en, es) when set: a developer's switch that starts the windows,
    and the kiosk's start screen, in that language for pictures and manual tests. Never the
    PC's locale (`LANG` has no say)."""
    code = os.environ.get("PEERHOUSE_LANGUAGE", "")
    return code if code in LANGUAGES else None


def current_language() -> str:
    """The language of the text being made now: the innermost `use_language`, else the
    process default."""
    return _current.get() or _default


def default_language() -> str:
    return _default


def set_default_language(code: str) -> None:
    """The language of everything not inside a `use_language` (a worker thread starts
    with this one too: contextvars do not follow a thread unless copied)."""
    global _default
    _default = checked(code)


@contextmanager
def use_language(code: str) -> Iterator[str]:
    """Make the text inside this block in `code`; the previous language comes back after."""
    token = _current.set(checked(code))
    try:
        yield code
    finally:
        _current.reset(token)
