"""Guard: in every window and dialog of the app, Enter in a field presses the window's
primary button (Sign in, Save, OK, Next…) and never a secondary one (Forgot…, Cancel,
Quit, Log out, Delete…); where a window has no primary action, Enter presses nothing.

The windows come from tests/gui/registry.py, which must cover every dialog, window,
wizard page and kiosk screen class the app defines (checked here too).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from tests.gui.every_window import Dismisser, Windows, built_classes, uncovered
from tests.gui.registry import CASES, Entry


def enter_fields(window: QWidget) -> list[QWidget]:
    """The fields shown in `window` that a person types or picks in and may press Enter
    in: text boxes, number and date boxes, drop-downs, tick boxes and option buttons
    (multi-line text boxes take Enter as a new line, and buttons press themselves)."""
    found = []
    for w in window.findChildren(QWidget):
        if w.window() is not window or not w.isVisible() or not w.isEnabled():
            continue
        if not w.focusPolicy() & Qt.FocusPolicy.TabFocus or w.objectName().startswith("qt_"):
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # the text part of a spin box or drop-down: the box itself is the field
        if isinstance(w, (QLineEdit, QAbstractSpinBox, QComboBox, QCheckBox, QRadioButton)):
            found.append(w)
    return found


class ClickSpy:
    """Every button of a window that gets pressed, in order."""

    def __init__(self, window: QWidget) -> None:
        self.clicked: list[QAbstractButton] = []
        self._links = []
        for b in window.findChildren(QAbstractButton):
            self._links.append((b, b.clicked.connect(lambda _c=False, b=b: self.clicked.append(b))))

    def names(self) -> list[str]:
        return [b.text().replace("&", "") or b.accessibleName() for b in self.clicked]


def _open(case: Entry, windows: Windows, qtbot, steps: int) -> tuple[QWidget, Iterator[str], str]:
    window = windows.open(case)
    qtbot.waitExposed(window)
    states = case.walk(window)
    state = ""
    for _ in range(steps + 1):
        state = next(states)
    return window, states, state


def _press_enter(qtbot, window: QWidget, field: QWidget) -> None:
    window.activateWindow()
    field.setFocus(Qt.FocusReason.TabFocusReason)
    target = QApplication.focusWidget() or field
    if isinstance(target, QLineEdit) and not target.isReadOnly() and not target.text():
        qtbot.keyClicks(target, "7")  # a digit: most boxes take it, whatever they check
    qtbot.keyClick(target, Qt.Key.Key_Return)


def test_every_window_class_is_built_by_a_case(world, qtbot, settle) -> None:
    built: set[type] = set()
    with Dismisser(), Windows(world) as windows:
        for case in CASES:  # every page and screen is built with its wizard or kiosk
            window = windows.open(case)
            settle()
            built |= built_classes(window)
            window.hide()
    assert uncovered(built) == [], "add a case to tests/gui/registry.py for these"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_enter_in_any_field_presses_the_primary_button_and_nothing_else(
        case: Entry, world, qtbot, settle) -> None:
    wrong: list[str] = []
    with Dismisser(), Windows(world) as windows:
        step = 0
        window, states, state = _open(case, windows, qtbot, step)
        while True:
            settle()
            fields = enter_fields(window)
            for n in range(len(fields)):
                gone = not shiboken6.isValid(window)  # saved and closed (deleted on close)
                if gone or enter_fields(window) != fields:  # the primary finished or moved on
                    if not gone:
                        window.hide()
                    window, states, state = _open(case, windows, qtbot, step)
                    settle()
                    fields = enter_fields(window)
                field = fields[n]
                name = field.accessibleName() or type(field).__name__
                primary = case.expected_button(window, name)
                enabled = primary is not None and primary.isEnabled()
                spy = ClickSpy(window)
                _press_enter(qtbot, window, field)
                settle()
                if primary is not None and shiboken6.isValid(primary):
                    enabled = primary.isEnabled()  # as Enter left it (a page may enable it)
                # (else the form saved and closed itself: the primary was as before Enter)
                expected = [primary] if enabled else []
                if spy.clicked != expected:
                    wrong.append(f"{state}: Enter in {name!r} pressed {spy.names()}, "
                                 f"not {[b.text().replace('&', '') for b in expected]}")
            try:
                state = next(states)
            except StopIteration:
                break
            step += 1
    assert wrong == [], "\n".join(wrong)
