"""The translation catalogs as the tests read them: the committed .pot/.po, and the
template `make translations` would extract from the source right now (run with the
Makefile's own extract command, so the two cannot drift apart)."""

from __future__ import annotations

import os
import re
import shlex
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from babel.messages import Catalog, frontend
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from peerhouse.i18n import catalog

ROOT = Path(__file__).resolve().parents[2]
POT = catalog.LOCALE_DIR / f"{catalog.DOMAIN}.pot"


def po_path(code: str) -> Path:
    return catalog.LOCALE_DIR / code / "LC_MESSAGES" / f"{catalog.DOMAIN}.po"


def read_catalog(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=code)


def po(code: str) -> Catalog:
    return read_catalog(po_path(code), code)


def makefile_extract_args(out: Path) -> list[str]:
    """The `pybabel extract …` of the Makefile's `translations` recipe, writing to `out`."""
    text = (ROOT / "Makefile").read_text("utf-8").replace("\\\n", " ")
    vars_ = dict(re.findall(r"^(\w+) :?= (.*)$", text, re.MULTILINE))
    line = next(ln for ln in text.splitlines() if "$(BABEL)" in ln and " extract " in ln)
    words = shlex.split(line.strip())[1:]  # without $(BABEL)
    words = [re.sub(r"\$\((\w+)\)", lambda m: vars_[m[1]], w) for w in words]
    at = words.index("-o")
    words[at + 1] = str(out)
    return ["pybabel", *words]


@cache
def fresh_template() -> Catalog:
    """What `make translations` would extract from peerhouse/ now (run from the source
    root, as make does)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "fresh.pot"
        here = os.getcwd()
        os.chdir(ROOT)
        try:
            frontend.CommandLineInterface().run(makefile_extract_args(out))
        finally:
            os.chdir(here)
        return read_catalog(out)


def key(message: Message) -> tuple[object, object]:
    return message.id, message.context


def shape(cat: Catalog) -> dict[tuple[object, object], tuple[str, ...]]:
    """Each message by (id, context) with its translator comments: what a translator
    sees, without the line numbers (they move with every edit of the code)."""
    return {key(m): tuple(m.auto_comments) for m in cat if m.id}


def _untranslated(code: str) -> Iterator[Message]:
    """Every extracted message without a reviewed (non-fuzzy, non-empty) `code` translation."""
    translated = po(code)
    for message in fresh_template():
        if not message.id:
            continue
        entry = translated.get(message.id, context=message.context)
        strings = entry.string if entry else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            yield message


def missing(code: str) -> list[str]:
    """'where: id' of every extracted message without a reviewed translation in `code`."""
    return [f"{':'.join(map(str, m.locations[0])) if m.locations else '?'}: {m.id!r}"
            for m in _untranslated(code)]


def untranslated_ids(code: str) -> set[str]:
    """Every English text (singular and plural) whose `code` translation is missing or
    fuzzy: shown as it is, such a text is English on a Spanish screen."""
    return {text for m in _untranslated(code)
            for text in (m.id if isinstance(m.id, tuple) else (m.id,))}


def same_on_purpose(code: str) -> set[str]:
    """Messages whose reviewed `code` translation is the English itself ('OK', 'Total')."""
    return {m.id for m in po(code) if m.id and isinstance(m.id, str) and not m.fuzzy
            and m.string == m.id}
