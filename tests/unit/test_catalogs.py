"""The translation catalogs: the template what `make translations` extracts from the source
now, the .po holding all of it and the compiled .mo what the .po says, translations that
keep their {fields}, every marked message translated (switched on by `COMPLETE`), and
`make translations`, the wheel and the catalog loader agreeing on names and places."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo

from peerhouse.i18n import LANGUAGES, catalog
from tests.support import catalogs

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "peerhouse"
TRANSLATED = [code for code in LANGUAGES if code != "en"]  # English is the message ids
FIELD = re.compile(r"\{([^{}]*)\}")


def _entries(cat) -> dict[object, object]:
    """id -> (translation, context); a plural's ids and forms as tuples (read_mo gives lists)."""
    def same(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {same(m.id): (same(m.string), m.context) for m in cat if m.id and not m.fuzzy}


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalog_is_up_to_date_with_its_po(code):
    """Run `make translations` when this fails: the program reads the .mo, not the .po.
    (Compared by content, not by file times: a fresh clone gives every file the time of
    the checkout, so an older .mo cannot be told from its time.)"""
    with catalog.catalog_path(code).open("rb") as file:
        shipped = read_mo(file)
    buf = BytesIO()
    write_mo(buf, catalogs.po(code))
    buf.seek(0)
    fresh = read_mo(buf)
    assert _entries(shipped) == _entries(fresh)
    assert shipped.plural_forms == fresh.plural_forms


def test_the_extraction_finds_every_way_of_marking_text():
    found = {m.id: m.locations for m in catalogs.fresh_template()}
    assert found["Week of {span}"][0][0] == "peerhouse/i18n/formats.py"


# Flip to True once every area's text is marked and translated (issue 16): from then on a
# message without a reviewed Spanish translation fails the suite. Until then the test is
# skipped and its reason says how many are left (`pytest -rs` shows it).
COMPLETE = True


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_marked_message_has_a_translation(code):
    """Fails on a marked message whose translation is empty or fuzzy (a changed English
    message comes back fuzzy from `make translations` and is not shown until reviewed)."""
    left = catalogs.missing(code)
    if not COMPLETE:
        pytest.skip(f"COMPLETE is False: {len(left)} messages still lack a {code} translation")
    assert not left, f"{len(left)} messages without a {code} translation:\n" + "\n".join(left)


def test_the_template_is_what_make_translations_would_extract_now():
    """Fails when text was marked (or a marked message changed, or a translator comment)
    without `make translations`: the template, and so the .po, miss it. Line numbers are
    not compared: they move with every edit and change nothing for a translator."""
    fresh, committed = catalogs.shape(catalogs.fresh_template()), catalogs.shape(
        catalogs.read_catalog(catalogs.POT))
    new = sorted(map(str, fresh.keys() - committed.keys()))
    gone = sorted(map(str, committed.keys() - fresh.keys()))
    changed = sorted(str(k) for k in fresh.keys() & committed.keys() if fresh[k] != committed[k])
    assert (new, gone, changed) == ([], [], []), \
        "run `make translations`: peerhouse.pot is out of date with the source " \
        f"(new {new[:20]}, no longer marked {gone[:20]}, comments changed {changed[:20]})"


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_po_holds_every_message_of_the_template(code):
    """`pybabel update` was run after the last extraction: nothing to translate is hidden."""
    template = {catalogs.key(m) for m in catalogs.read_catalog(catalogs.POT) if m.id}
    have = {catalogs.key(m) for m in catalogs.po(code) if m.id}
    assert sorted(map(str, template - have)) == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_fields_of_their_message(code):
    """'{name}' in the English must be '{name}' in the translation (else it shows English)."""
    wrong = []
    for m in catalogs.po(code):
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set().union(*(FIELD.findall(i) for i in ids))
        for text in strings:
            if text and set(FIELD.findall(text)) - wanted:
                wrong.append(f"{ids[0]!r} -> {text!r}")
    assert not wrong


def test_the_makefile_extracts_with_the_marking_functions_the_code_names():
    recipes = [line for line in (ROOT / "Makefile").read_text("utf-8").splitlines()
               if line.startswith("\t")]
    flags = dict(re.findall(r"-k (\w+)(?::([\dc,]+))?", "\n".join(recipes)))
    assert {name: spec or "1" for name, spec in flags.items()} == catalog.EXTRACT_KEYWORDS


def test_the_catalogs_are_where_the_loader_and_the_wheel_look():
    assert catalog.LOCALE_DIR == PACKAGE / "locale"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["peerhouse"]
    compiled = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.glob("locale/**/*.mo")]
    assert compiled == [catalog.catalog_path(c).relative_to(PACKAGE).as_posix()
                        for c in TRANSLATED]
    assert all(any(fnmatch(path, g) for g in globs) for path in compiled)
