"""Translation for every layer (no Qt here): the current language, the gettext catalogs,
lazy messages and the one module that formats dates, times, numbers and money.

    from peerhouse.i18n import _, ngettext, lazy, lazy_plural, use_language

How to mark text, the language rules and `make translations`: docs/i18n.md.
"""

from __future__ import annotations

from peerhouse.i18n.catalog import _, gettext_, ngettext, npgettext, pgettext
from peerhouse.i18n.language import (
    ENGLISH,
    LANGUAGES,
    SPANISH,
    current_language,
    default_language,
    set_default_language,
    use_language,
)
from peerhouse.i18n.message import Message, lazy, lazy_plural, plazy

__all__ = ["ENGLISH", "LANGUAGES", "SPANISH", "Message", "_", "current_language",
           "default_language", "gettext_", "lazy", "lazy_plural", "ngettext", "npgettext",
           "pgettext", "plazy", "set_default_language", "use_language"]
