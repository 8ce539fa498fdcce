"""The user guide in Spanish (resources/help/es/) kept in step with the English guide and
the Spanish screens: every English page has a Spanish page with the same links, pictures and
headings; a button or label the English page names in bold is named as the Spanish screen
shows it (the catalog's translation); the glossary's words; the crisis lines in Spanish; a page
not translated falls back to the English. (test_help.py shows every Spanish page and opens
it with F1 in a Spanish window.)"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import peerhouse.resources_path as resources_path
from peerhouse.i18n import use_language
from peerhouse.ui.help import PAGES, page_url

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "peerhouse" / "locale" / "es" / "LC_MESSAGES" / "peerhouse.po"
BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
# Bold words of an English page that are verbs in a sentence there, not a label on screen.
NOT_LABELS = {("index", "Sign in")}
HELP = ROOT / "resources" / "help"
SPANISH = HELP / "es"
LINK = re.compile(r"\]\(([^)\s]+)\)")
KEYS = [key for key, _title in PAGES]
# Words the glossary forbids (judging, or not neutral Latin-American Spanish).
NEVER = re.compile(r"\b(adict[oa]s?|drogadict[oa]s?|limpi[oa]s?|suci[oa]s?|fracas[óo]|"
                   r"fall[óo]|fallid[oa]s?|vosotros|pulse|ordenador|alquiler|ansias?|"
                   r"toque de queda|deseos? intensos? de consumir)\b", re.IGNORECASE)


def _label(text: str) -> str:
    """A label as a reader sees it: no mnemonic '&' ('&&' is a literal one), one space."""
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


def _screen_words() -> dict[str, set[str]]:
    """Every translated message of the catalog: English label -> its Spanish (any context)."""
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    words: dict[str, set[str]] = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:  # a form's label ('Who does it:') as the guide names it, no colon
            words.setdefault(_label(msgid).rstrip(":"), set()).update(
                _label(s).rstrip(":") for s in strings if s)
    return words


def _shape(folder: Path, key: str) -> tuple[list[str], list[int]]:
    """What must match between the languages: every link and picture target, in order (a
    link as its page's name, a picture as the one file both show), and the heading levels."""
    text = (folder / f"{key}.md").read_text("utf-8")
    targets = [t if t.endswith(".md") else str((folder / t).resolve())
               for t in LINK.findall(text)]
    return targets, [len(m[1]) for m in re.finditer(r"^(#+) ", text, re.M)]


def test_every_english_page_has_a_spanish_page_with_the_same_links():
    assert sorted(p.name for p in SPANISH.glob("*.md")) == sorted(p.name for p in HELP.glob("*.md"))
    for key in KEYS:
        assert _shape(SPANISH, key) == _shape(HELP, key), key
        spanish = (SPANISH / f"{key}.md").read_text("utf-8")
        for target in LINK.findall(spanish):
            assert not re.match(r"[a-z]+:", target), f"es/{key}.md links outside: {target}"
            assert (SPANISH / target).resolve().is_file(), f"es/{key}.md: {target} is missing"
        assert spanish != (HELP / f"{key}.md").read_text("utf-8")


@pytest.mark.parametrize("key", KEYS)
def test_the_spanish_pages_use_the_glossarys_words(key):
    text = (SPANISH / f"{key}.md").read_text("utf-8")
    assert not NEVER.findall(text), key
    assert "usted" in text or "Oprima" in text or "oprima" in text  # usted's imperative


def test_the_spanish_pages_name_buttons_and_labels_as_the_spanish_screens_do():
    """A label the English page names (**Mark done**) that the screens translate must appear
    in the Spanish page as the Spanish screen shows it (**Marcar como hecha**): a reader
    looks for the words the guide names."""
    screen = _screen_words()
    wrong = []
    for key in KEYS:
        spanish = _label((SPANISH / f"{key}.md").read_text("utf-8"))
        for bold in BOLD.findall((HELP / f"{key}.md").read_text("utf-8")):
            english = _label(bold)
            named = english in screen and (key, english) not in NOT_LABELS
            if named and not any(word in spanish for word in screen[english]):
                wrong.append(f"es/{key}.md: {english!r} reads {sorted(screen[english])}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("key", ["kiosk", "settings"])
def test_where_the_guide_names_the_crisis_lines_it_says_they_speak_spanish(key):
    assert "crisis" in (HELP / f"{key}.md").read_text("utf-8")
    text = " ".join((SPANISH / f"{key}.md").read_text("utf-8").split())
    assert "llame al 988 y oprima el 2" in text and "1-800-662-4357" in text


def test_a_page_not_translated_falls_back_to_the_english(tmp_path, monkeypatch):
    copy = tmp_path / "resources"
    shutil.copytree(HELP, copy / "help")
    (copy / "help" / "es" / "meetings.md").unlink()
    monkeypatch.setattr(resources_path, "resource_dir", lambda: copy)
    with use_language("es"):
        assert Path(page_url("meetings").toLocalFile()) == copy / "help" / "meetings.md"
        assert Path(page_url("today").toLocalFile()) == copy / "help" / "es" / "today.md"
    assert Path(page_url("today").toLocalFile()) == copy / "help" / "today.md"
