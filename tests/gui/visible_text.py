"""Every text a person sees in a window, and which of them are untranslated English.

`visible_texts(window)` collects what is on screen: window titles, labels, buttons, tabs,
group titles, placeholders, tool tips, accessible names and descriptions, combo box
items, table/tree/list headers and cells, text boxes, spin box affixes, menu actions and
wizard page titles, each with where it is (window → widget path). Painted-only text (a
widget's own paintEvent) is out of its reach; everything PeerHouse shows through Qt's
widgets and models is in it.

`untranslated(english, spanish, words)` is the differential decision of the Spanish walk
(tests/gui/test_spanish_walk.py): a text shown the same in the English and the Spanish
build of a window that still holds a word once data (`Words.data`, derived from the
fixture's records), codes and a short list of words every language writes alike are taken
out is untranslated; so is a text that is a catalog message whose Spanish is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import available_timezones

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QWidget,
    QWizard,
)

MAX_ROWS = 60  # rows of a table or tree read per level (the rest repeat the same words)
ROLES = {"cell": Qt.ItemDataRole.DisplayRole, "cell tool tip": Qt.ItemDataRole.ToolTipRole,
         "cell accessible text": Qt.ItemDataRole.AccessibleTextRole}
HEADER_ROLES = {"header": Qt.ItemDataRole.DisplayRole,
                "header tool tip": Qt.ItemDataRole.ToolTipRole}

# Words every language writes alike, so the same in English and Spanish is right:
# the brand and its PIN, the fellowships' names (AA, NA, CA, SMART), OK (Qt's and Spanish
# usage), No (Qt's own Spanish No button says "No"), the US crisis and helpline services by name, each language's own name in the
# language chooser (English, Español: a person who reads only one finds it), key names on
# shortcuts (Ctrl+S), and file kinds (PDF, CSV).
SAME_IN_EVERY_LANGUAGE = frozenset({
    "PeerHouse", "PIN", "PINs", "OK", "No", "AA", "NA", "CA", "SMART", "SAMHSA", "English",
    "Español", "EN", "ES", "Ctrl", "Alt", "Shift", "Esc", "PDF", "CSV", "Fusion",
})
# Codes, not words: e-mail and web addresses, file names, IANA time zones, ISO weeks and
# dates, recovery codes (groups of capitals and digits), set-up ids, version strings.
CODES = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+"                      # e-mail
    r"|(?:https?://|www\.)\S+"                       # web
    r"|\b[\w.-]+\.(?:pdf|csv|png|phbackup|db|log)\b"  # file names
    r"|\b[A-Z][A-Za-z_]+/[A-Za-z_/+-]+\b"            # time zones (America/Chicago)
    r"|\b\d{4}-W\d\d\b|\b\d{4}-\d\d-\d\d\b"          # 2026-W49, 2026-12-07
    r"|\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){2,}\b"  # recovery codes (and their XXXX-XXXX-… mask)
    r"|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b")  # set-up ids (a UUID)
# Time zone ids are codes too, also those without a slash (UTC, GMT, Zulu, Turkey).
TIME_ZONES = frozenset(available_timezones())
# A text naming a language in that language's own name ('Show the kiosk in English',
# 'Mostrar la pantalla en español') is written for that language's readers on purpose.
OWN_NAMES = re.compile(r"\b(?:English|[Ee]spañol)\b")
WORD = re.compile(r"[^\W\d_]{2,}")  # a word: two letters or more (single letters are codes)


@dataclass(frozen=True)
class Seen:
    """One text on screen: where (window → widget path), what kind, and the text."""

    where: str
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.where} [{self.kind}]: {self.text!r}"


def plain(text: str) -> str:
    """Rich text as a person reads it; a mnemonic's & removed; spaces collapsed."""
    if GuiQt.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    return " ".join(text.split())


def widget_path(widget: QWidget, window: QWidget) -> str:
    """'Window > … > Class#objectName' (the last four steps: enough to find it)."""
    steps = []
    w: QWidget | None = widget
    while w is not None and w is not window:
        steps.append(f"{type(w).__name__}#{w.objectName()}" if w.objectName()
                     else type(w).__name__)
        w = w.parentWidget()
    return " > ".join([type(window).__name__, *reversed(steps[:4])])


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    """Columns under `parent` (a list model keeps columnCount private in PySide: one)."""
    try:
        return model.columnCount(parent)
    except TypeError:
        return 1


def _rows(model: QAbstractItemModel, parent: QModelIndex) -> int:
    """Rows under `parent` (a table model keeps rowCount of an item private: none)."""
    try:
        return model.rowCount(parent)
    except TypeError:
        return 0


def _model_texts(model: QAbstractItemModel, parent: QModelIndex,
                 depth: int = 0) -> Iterator[tuple[str, str]]:
    for row in range(min(_rows(model, parent), MAX_ROWS)):
        for col in range(_columns(model, parent)):
            index = model.index(row, col, parent)
            for kind, role in ROLES.items():
                value = model.data(index, role)
                if isinstance(value, str):
                    yield kind, value
            if col == 0 and depth < 4 and _rows(model, index) > 0:
                yield from _model_texts(model, index, depth + 1)


def _view_texts(view: QAbstractItemView) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    top = QModelIndex()
    for orientation, count in ((Qt.Orientation.Horizontal, _columns(model, top)),
                               (Qt.Orientation.Vertical, min(_rows(model, top), MAX_ROWS))):
        for section in range(count):
            for kind, role in HEADER_ROLES.items():
                value = model.headerData(section, orientation, role)
                if isinstance(value, str):
                    yield kind, value
    yield from _model_texts(model, view.rootIndex())


def _own_texts(w: QWidget) -> Iterator[tuple[str, str]]:  # noqa: C901 - one case per kind
    """(kind, text) of one widget, by what kind of widget it is."""
    yield "tool tip", w.toolTip()
    yield "accessible name", w.accessibleName()
    yield "accessible description", w.accessibleDescription()
    yield "status tip", w.statusTip()
    if isinstance(w, QLabel):
        yield "label", w.text()
    elif isinstance(w, QAbstractButton):
        yield "button", w.text()
    elif isinstance(w, QGroupBox):
        yield "group title", w.title()
    elif isinstance(w, QLineEdit):
        yield "field text", w.text()
        yield "placeholder", w.placeholderText()
    elif isinstance(w, QTextEdit | QPlainTextEdit):
        yield "placeholder", w.placeholderText()
        for line in w.toPlainText().splitlines():
            yield "text", line
    elif isinstance(w, QComboBox):
        for i in range(w.count()):
            yield "combo item", w.itemText(i)
            tip = w.itemData(i, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                yield "combo item tool tip", tip
    elif isinstance(w, QTabBar):
        for i in range(w.count()):
            yield "tab", w.tabText(i)
            yield "tab tool tip", w.tabToolTip(i)
    elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) \
            and not isinstance(w.parentWidget(), QComboBox):  # (their texts: the view's)
        yield from _view_texts(w)
    elif isinstance(w, QProgressBar) and w.isTextVisible():
        yield "progress text", w.text()
    if isinstance(w, QAbstractSpinBox):
        yield "special value", w.specialValueText()
        if isinstance(w, QSpinBox):
            yield "prefix", w.prefix()
            yield "suffix", w.suffix()
    if isinstance(w, QWizard):
        page = w.currentPage()
        if page is not None:
            yield "page title", page.title()
            yield "page subtitle", page.subTitle()


def _action_texts(action: QAction, depth: int = 0) -> Iterator[tuple[str, str]]:
    if not action.isVisible() or action.isSeparator():
        return
    yield "action", action.text()
    if action.toolTip() != action.text().replace("&", ""):
        yield "action tool tip", action.toolTip()
    yield "action status tip", action.statusTip()
    menu = action.menu()
    if menu is not None and depth < 4:
        yield "menu title", menu.title()
        for sub in menu.actions():
            yield from _action_texts(sub, depth + 1)


def visible_texts(window: QWidget) -> list[Seen]:
    """Every non-empty text shown in `window` (and its widgets shown with it), once each."""
    found: dict[tuple[str, str, str], Seen] = {}

    def add(where: str, kind: str, raw: object) -> None:
        if isinstance(raw, str) and (text := plain(raw)):
            found.setdefault((where, kind, text), Seen(where, kind, text))

    add(type(window).__name__, "window title", window.windowTitle())
    for w in [window, *window.findChildren(QWidget)]:
        if w is not window and not w.isVisibleTo(window):
            continue
        where = widget_path(w, window)
        for kind, text in _own_texts(w):
            add(where, kind, text)
        for action in QWidget.actions(w):  # (a window may name something else `actions`)
            for kind, text in _action_texts(action):
                add(where, kind, text)
    return list(found.values())


@dataclass
class Words:
    """What may be shown alike in both languages: the fixture's data (whole values, and
    the single words of people's names), and the catalog's knowledge: messages whose
    Spanish is the same on purpose, and messages whose Spanish is missing."""

    data: set[str] = field(default_factory=set)
    name_words: set[str] = field(default_factory=set)
    same_on_purpose: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    _pattern: re.Pattern[str] | None = None

    def without_data(self, text: str) -> str:
        """`text` with the data in it blanked: whole values (also one cut short with '…')
        and the words of people's names."""
        if self._pattern is None:
            # A value as typed and as `plain` reads it (a '&' in a name is not a mnemonic,
            # but the texts are compared after `plain` took it out).
            every = {form for v in self.data for form in (v, plain(v))}
            values = sorted((v for v in every if len(v) >= 2), key=len, reverse=True)
            self._pattern = re.compile(
                "|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in values) or r"(?!)")
        short = text.rstrip(" .…")
        if text.endswith(("…", "...")) and len(short) >= 8 and any(
                v.startswith(short) for v in self.data):
            return ""
        text = self._pattern.sub(" ", text)
        return " ".join(w for w in text.split() if w.strip(".,:;()'\"") not in self.name_words)

    def english_words(self, text: str) -> list[str]:
        """The words of `text` that are neither data, codes nor the same in every language."""
        if text in TIME_ZONES or OWN_NAMES.search(text):
            return []
        rest = CODES.sub(" ", self.without_data(text))
        return [w for w in WORD.findall(rest) if w not in SAME_IN_EVERY_LANGUAGE]


def untranslated(english: Iterable[Seen], spanish: Iterable[Seen], words: Words) -> list[str]:
    """'where [kind]: text — why' for each untranslated text of the Spanish build (a text
    shown in many places once, with how many more)."""
    shown_in_english = {s.text for s in english}
    wrong: dict[tuple[str, str], list[Seen]] = {}
    for seen in spanish:
        if seen.text in words.missing and seen.text not in words.data:
            why = "its Spanish is missing from the catalog"
        elif (seen.text in shown_in_english and seen.text not in words.same_on_purpose
              and (found := words.english_words(seen.text))):
            why = f"the same in English ({', '.join(dict.fromkeys(found))})"
        else:
            continue
        wrong.setdefault((seen.text, why), []).append(seen)
    lines = []
    for (_text, why), places in wrong.items():
        more = f" (and {len(places) - 1} more places)" if len(places) > 1 else ""
        lines.append(f"{places[0]} — {why}{more}")
    return sorted(lines)
