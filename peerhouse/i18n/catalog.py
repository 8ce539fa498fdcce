"""The gettext catalogs of the `peerhouse` domain and the functions that read them.

The compiled catalogs ship inside the package (`peerhouse/locale/<lang>/LC_MESSAGES/
peerhouse.mo`) and are found next to this module, so the same path works from the source
tree, an installed wheel and the PyInstaller bundle (which puts the package's data under
`sys._MEIPASS/peerhouse/`). English needs no catalog: the message ids are today's English
text. Plurals use the catalog's Plural-Forms (CLDR's rules), never `'s' if n != 1`.
"""

from __future__ import annotations

import gettext
import logging
from functools import cache
from pathlib import Path

from peerhouse.i18n.language import ENGLISH, checked, current_language

DOMAIN = "peerhouse"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# The functions that mark text for `pybabel extract` (the Makefile's -k options name
# the same ones; a test keeps the two in step). Babel's defaults (_, gettext, ngettext,
# pgettext, npgettext, N_) come on top.
EXTRACT_KEYWORDS: dict[str, str] = {"lazy": "1", "lazy_plural": "1,2", "plazy": "1c,2"}

log = logging.getLogger(__name__)


def catalog_path(code: str) -> Path:
    return LOCALE_DIR / checked(code) / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalog of `code`, read once. A missing catalog reads as English (logged):
    a kiosk that speaks English beats one that does not start."""
    if checked(code) == ENGLISH:
        return gettext.NullTranslations()
    path = catalog_path(code)
    try:
        with path.open("rb") as file:
            return gettext.GNUTranslations(file)
    except OSError:
        log.warning("no %s catalog at %s; showing English", code, path)
        return gettext.NullTranslations()


def _catalog(language: str | None) -> gettext.NullTranslations:
    return translations(language or current_language())


def gettext_(message: str, *, language: str | None = None) -> str:
    """`message` in the current language (or `language`)."""
    return _catalog(language).gettext(message)


def ngettext(singular: str, plural: str, n: int, *, language: str | None = None) -> str:
    """The form of a message for `n` things, by the language's plural rules."""
    return _catalog(language).ngettext(singular, plural, n)


def pgettext(context: str, message: str, *, language: str | None = None) -> str:
    """`message` as meant in `context` (the same English word can need two Spanish ones)."""
    return _catalog(language).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int, *,
              language: str | None = None) -> str:
    return _catalog(language).npgettext(context, singular, plural, n)


_ = gettext_
