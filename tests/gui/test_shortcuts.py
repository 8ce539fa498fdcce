"""Guard: every keyboard shortcut a window shows does what it says, and no two clash.

Shown means an underlined letter (a label's or button's mnemonic, Alt+letter), a key
named in a tool tip ("Lock (Ctrl+L)"), or a key of an action or shortcut the window
listens for. In every state of every window of tests/gui/registry.py:

- no key is claimed twice among what is on screen at once (Qt then presses neither);
- a button's key presses that button, a label's key moves to its field, a tab's key
  shows that tab, a tool tip's key reaches the control whose tip names it, and a
  list entry's key ("Residents (Ctrl+2)") selects that entry.

A tip's key reaches its control when it is the control's own shortcut, or when the
control acts as a window-level shortcut or action with that key (widgets/access.py
`acts_as`: its click activates that shortcut, so key and click do the same — F1 opens
the help for the section on screen, F5 reloads whichever section is shown).

Buttons and shortcuts are not let act (their shortcut event is taken away once seen),
so nothing is saved, opened or logged out while the keys are tried.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QListWidget,
    QTabBar,
    QWidget,
)

from peerhouse.ui.widgets.access import ACTS_AS, acts_as
from tests.gui.every_window import Dismisser, Windows
from tests.gui.registry import CASES, Entry

TIP_KEY = re.compile(r"\(((?:(?:Ctrl|Alt|Shift|Meta)\+)*(?:F\d{1,2}|[A-Z0-9]|Left|Right|Up|Down|"
                     r"Delete|Escape|Return|Enter|Home|End|PgUp|PgDown))\)")
PORTABLE = QKeySequence.SequenceFormat.PortableText


def mnemonic(text: str) -> str | None:
    """'Alt+U' for '&Unlock' (None without an underlined letter; '&&' is a plain '&')."""
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return f"Alt+{found.group(1).upper()}" if found else None


def key_text(seq: QKeySequence | str) -> str:
    return QKeySequence(seq).toString(PORTABLE)


@dataclass(frozen=True)
class Claim:
    """A key something on screen answers to: `owner` is the widget, action or shortcut."""

    key: str
    owner: QObject
    kind: str  # "button", "label", "tab", "group", "action", "shortcut"
    what: str
    tab: int = -1


def _shown(w: QWidget, window: QWidget) -> bool:
    return w.window() is window and w.isVisible()


def claims(window: QWidget) -> list[Claim]:
    found: list[Claim] = []
    for w in window.findChildren(QWidget):
        if not _shown(w, window):
            continue
        if isinstance(w, QAbstractButton) and not w.shortcut().isEmpty():
            found.append(Claim(key_text(w.shortcut()), w, "button", w.text() or w.toolTip()))
        elif isinstance(w, QLabel) and w.textFormat() != Qt.TextFormat.RichText:
            key = mnemonic(w.text())
            if key:
                found.append(Claim(key, w, "label", w.text()))
        elif isinstance(w, QGroupBox) and mnemonic(w.title()):
            found.append(Claim(mnemonic(w.title()) or "", w, "group", w.title()))
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                key = mnemonic(w.tabText(i))
                if key and w.isTabVisible(i):
                    found.append(Claim(key, w, "tab", w.tabText(i), i))
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            found.append(Claim(key_text(seq), action, "action", action.text()))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if (shortcut.isEnabled() and isinstance(parent, QWidget) and _shown(parent, window)
                and shortcut.context() != Qt.ShortcutContext.WidgetShortcut):
            found.append(Claim(key_text(shortcut.key()), shortcut, "shortcut",
                               type(parent).__name__))
    return found


@dataclass(frozen=True)
class TipKey:
    """A key named in a tool tip: of a widget, or of an entry in a list."""

    key: str
    widget: QWidget
    row: int = -1


def tip_keys(window: QWidget) -> list[TipKey]:
    found = []
    for w in window.findChildren(QWidget):
        if not _shown(w, window):
            continue
        for key in TIP_KEY.findall(w.toolTip()):
            found.append(TipKey(key_text(key), w))
        if isinstance(w, QListWidget):
            for row in range(w.count()):
                for key in TIP_KEY.findall(w.item(row).toolTip()):
                    found.append(TipKey(key_text(key), w, row))
    return found


class ShortcutCatcher(QObject):
    """Sees every shortcut event; buttons and shortcuts do not act on it."""

    def __init__(self) -> None:
        super().__init__()
        self.got: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            self.got.append(watched)
            return isinstance(watched, (QAbstractButton, QShortcut))
        return False


def _press(qtbot, window: QWidget, key: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    seq = QKeySequence(key)[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, seq.key(), seq.keyboardModifiers())


def _where(state: str, claim: Claim) -> str:
    return f"{state}: {claim.key} ({claim.kind} {claim.what.replace('&', '')!r})"


def check_state(qtbot, window: QWidget, state: str, catcher: ShortcutCatcher,
                restore, tried: set[tuple[int, str, int]]) -> list[str]:
    """Everything wrong with the keys shown in `window` now (keys of the same control
    already tried in an earlier state are not pressed again: the top bar's, say)."""
    wrong: list[str] = []
    found = claims(window)
    by_key: dict[str, list[Claim]] = defaultdict(list)
    for claim in found:
        by_key[claim.key].append(claim)
    for key, same in by_key.items():
        owners = {id(c.owner) for c in same if c.kind != "tab"} | {
            (id(c.owner), c.tab) for c in same if c.kind == "tab"}
        if len(owners) > 1:
            wrong.append(f"{state}: {key} is claimed by " + ", ".join(
                f"{c.kind} {c.what.replace('&', '')!r}" for c in same))
    for claim in found:
        if len(by_key[claim.key]) > 1:
            continue  # already reported
        if isinstance(claim.owner, QWidget) and not claim.owner.isEnabled():
            continue  # nothing to press now (it claims its key all the same)
        if (id(claim.owner), claim.key, claim.tab) in tried:
            continue
        tried.add((id(claim.owner), claim.key, claim.tab))
        catcher.got.clear()
        before_tab = claim.owner.currentIndex() if claim.kind == "tab" else -1  # type: ignore[attr-defined]
        parent = claim.owner.parent()
        if claim.kind == "shortcut" and isinstance(parent, QWidget) and parent.focusPolicy():
            parent.setFocus()  # e.g. Delete in a list: the list has the focus, not the search
        _press(qtbot, window, claim.key)
        if claim.kind in ("button", "shortcut", "action"):
            if claim.owner not in catcher.got:
                wrong.append(f"{_where(state, claim)} did not reach it")
        elif claim.kind == "label":
            buddy = claim.owner.buddy()  # type: ignore[attr-defined]
            focus = QApplication.focusWidget()
            if buddy is None or focus is None or not (focus is buddy
                                                      or buddy.isAncestorOf(focus)
                                                      or focus is buddy.focusProxy()):
                wrong.append(f"{_where(state, claim)} does not move to its field")
        elif claim.kind == "tab":
            bar = claim.owner
            if bar.currentIndex() != claim.tab:  # type: ignore[attr-defined]
                wrong.append(f"{_where(state, claim)} does not show its tab")
            bar.setCurrentIndex(before_tab)  # type: ignore[attr-defined]
        elif claim.kind == "group":
            focus = QApplication.focusWidget()
            if focus is None or not claim.owner.isAncestorOf(focus):  # type: ignore[attr-defined]
                wrong.append(f"{_where(state, claim)} does not move into its group")
        if claim.kind == "action":
            restore()
    for tip in tip_keys(window):
        owners = by_key.get(tip.key, [])
        what = f"{state}: {tip.key} named in the tip of {type(tip.widget).__name__} " \
               f"{tip.widget.accessibleName()!r}"
        if tip.row >= 0:
            if (id(tip.widget), tip.key, tip.row) in tried:
                continue
            tried.add((id(tip.widget), tip.key, tip.row))
            item = tip.widget.item(tip.row)  # type: ignore[attr-defined]
            _press(qtbot, window, tip.key)
            if tip.widget.currentRow() != tip.row:  # type: ignore[attr-defined]
                wrong.append(f"{what} (entry {item.text()!r}) does not select it")
            restore()
        elif not any(c.owner is tip.widget or c.owner is acts_as_shortcut(tip.widget)
                     for c in owners):
            wrong.append(f"{what} is not that control's own shortcut")
    return wrong


def acts_as_shortcut(widget: QWidget) -> QObject | None:
    """The window-level shortcut or action a click on `widget` activates (None: none)."""
    linked = widget.property(ACTS_AS)
    return linked if isinstance(linked, (QShortcut, QAction)) else None


def _restorer(window: QWidget):
    """Put the main window back on the section it showed (an action moved it)."""
    from peerhouse.ui.manager.window import MainWindow

    if not isinstance(window, MainWindow):
        return lambda: None
    row = window.sidebar.currentRow()
    return lambda: window.sidebar.setCurrentRow(row)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_shortcut_shown_does_what_it_says_and_none_clash(case: Entry, world, qtbot,
                                                                  settle) -> None:
    catcher = ShortcutCatcher()
    app = QApplication.instance()
    app.installEventFilter(catcher)
    wrong: list[str] = []
    try:
        with Dismisser(), Windows(world) as windows:
            window = windows.open(case)
            qtbot.waitExposed(window)
            tried: set[tuple[int, str, int]] = set()
            for state in case.walk(window):
                settle()
                wrong += check_state(qtbot, window, state, catcher, _restorer(window), tried)
                settle()
    finally:
        app.removeEventFilter(catcher)
    assert wrong == [], "\n".join(wrong)


def test_a_key_in_a_tip_that_no_shortcut_of_that_control_gives_is_caught(qtbot, settle):
    """The guard still fails: a tip naming a key its control's window-level shortcut does
    not have, and a tip naming a window-level key the control is not tied to."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    reloads = QShortcut(QKeySequence("F5"), window)
    QShortcut(QKeySequence("F1"), window)
    right, wrong_key, untied = (QPushButton(t) for t in ("Reload", "Print", "Guide"))
    for button, tip in ((right, "Reload (F5)"), (wrong_key, "Print (F6)"),
                        (untied, "The guide (F1)")):
        button.setToolTip(tip)
        button.setAccessibleName(button.text())
    acts_as(right, reloads)
    acts_as(wrong_key, reloads)
    box = QVBoxLayout(window)
    for button in (right, wrong_key, untied):
        box.addWidget(button)
    fired: list[bool] = []
    reloads.activated.connect(lambda: fired.append(True))
    catcher = ShortcutCatcher()
    QApplication.instance().installEventFilter(catcher)
    try:
        window.show()
        qtbot.waitExposed(window)
        settle()
        found = check_state(qtbot, window, "test", catcher, lambda: None, set())
    finally:
        QApplication.instance().removeEventFilter(catcher)
    assert found == [
        "test: F6 named in the tip of QPushButton 'Print' is not that control's own shortcut",
        "test: F1 named in the tip of QPushButton 'Guide' is not that control's own shortcut"]
    right.click()
    assert fired == [True]  # a click does what the key does
