"""A message that is not text yet: its id, its values, and for a count its plural form.

Services return and raise these instead of English sentences; whoever shows or prints one
renders it in *its* reader's language (`msg.render("es")`, or `str(msg)` in the current
language), so the same refusal reads in Spanish on the kiosk and in English in the
manager window. Values that are messages themselves render in the same language.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from peerhouse.i18n.catalog import gettext_, ngettext, pgettext
from peerhouse.i18n.language import current_language, use_language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """`msgid` (and `plural`, chosen by `count`) with `{name}` fields filled from
    `params`; a plural message also has its count as `{n}`."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None
    context: str | None = None

    def render(self, language: str | None = None) -> str:
        """The text in `language` (default: the current one)."""
        code = language or current_language()
        with use_language(code):
            values = {key: value.render(code) if isinstance(value, Message) else value
                      for key, value in self.params.items()}
            if self.plural is not None:
                values.setdefault("n", self.count)
                text = ngettext(self.msgid, self.plural, self.count or 0)
            elif self.context is not None:
                text = pgettext(self.context, self.msgid)
            else:
                text = gettext_(self.msgid)
            try:
                return text.format(**values)
            except (KeyError, IndexError, ValueError):
                # A translation whose {fields} do not match its message: show the English
                # rather than nothing (no values logged: they can hold names).
                log.warning("the %s translation of %r does not fit its fields", code, self.msgid)
                english = self.plural if self.plural and self.count != 1 else self.msgid
                return english.format(**values)

    def with_values(self, **params: Any) -> Message:
        """The same message with some values replaced (a form naming the field its way)."""
        return Message(self.msgid, {**self.params, **params}, self.plural, self.count,
                       self.context)

    def __str__(self) -> str:
        return self.render()


def lazy(msgid: str, **params: Any) -> Message:
    """Mark `msgid` for translation and keep it unrendered: `lazy("Saved {name}.", name=x)`."""
    return Message(msgid, params)


def plazy(context: str, msgid: str, **params: Any) -> Message:
    """`lazy` for a word whose Spanish depends on where it is: `plazy("key", "Period")`."""
    return Message(msgid, params, context=context)


def lazy_plural(singular: str, plural: str, count: int, **params: Any) -> Message:
    """A message about `count` things: `lazy_plural("{n} chore", "{n} chores", 3)`."""
    return Message(singular, params, plural, count)
