"""Guard: a screen reader finds a name for every control it can reach, and for what has
the keyboard focus, in every state of every window of tests/gui/registry.py.

The tree is the one assistive technology sees (QAccessible, as AT-SPI or UI Automation
read it), not the widget tree: a control is named if its accessible interface says so,
whether from its text, its label (a form row's buddy) or an explicit accessible name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.every_window import Dismisser, Windows
from tests.gui.registry import CASES, Entry

Role = QAccessible.Role
# What a person operates: each needs a name a screen reader can say.
INTERACTIVE = {
    Role.Button, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText,
    Role.SpinBox, Role.Slider, Role.Dial, Role.PageTab, Role.List, Role.Table, Role.Tree,
    Role.Link, Role.ButtonMenu, Role.ButtonDropDown, Role.ButtonDropGrid, Role.HotkeyField,
}


def name_of(iface: QAccessibleInterface) -> str:
    return iface.text(QAccessible.Text.Name).strip()


def walk(iface: QAccessibleInterface, depth: int = 0) -> Iterator[QAccessibleInterface]:
    """Every interface shown under `iface` (an invisible one and what is under it are
    not shown to a screen reader either)."""
    if depth > 60 or iface.state().invisible:
        return
    yield iface
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and child.isValid():
            yield from walk(child, depth + 1)


def describe(iface: QAccessibleInterface) -> str:
    obj = iface.object()
    what = type(obj).__name__ if obj is not None else "?"
    text = ""
    if isinstance(obj, QWidget):
        parent = obj.parentWidget()
        text = (f"{obj.objectName() or obj.toolTip() or iface.text(QAccessible.Text.Value)} "
                f"in {type(parent).__name__} {parent.accessibleName()!r}" if parent else "")
    return f"{iface.role().name} ({what} {text!r})"


def unnamed_controls(window: QWidget) -> list[str]:
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None and root.isValid()
    found = []
    for iface in walk(root):
        if iface.role() in INTERACTIVE and not name_of(iface):
            obj = iface.object()
            if isinstance(obj, QWidget) and obj.objectName().startswith("qt_"):
                parent = obj.parentWidget()  # Qt's own part of a named control (a spin
                if parent is not None and parent.accessibleName():  # box's text field)
                    continue
            found.append(describe(iface))
    return found


def focus_is_named(window: QWidget) -> str:
    """'' when what has the keyboard focus has a name (or nothing in `window` has it)."""
    focus = QApplication.focusWidget()
    if focus is None or focus.window() is not window:
        return ""
    iface = QAccessible.queryAccessibleInterface(focus)
    if iface is None or name_of(iface):
        return ""
    if focus.objectName().startswith("qt_") and focus.parentWidget() is not None \
            and focus.parentWidget().accessibleName():
        return ""
    return describe(iface)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_control_and_the_focus_have_a_name(case: Entry, world, qtbot, settle) -> None:
    wrong: list[str] = []
    with Dismisser(), Windows(world) as windows:
        window = windows.open(case)
        qtbot.waitExposed(window)
        window.activateWindow()
        for state in case.walk(window):
            settle()
            wrong += [f"{state}: unnamed {c}" for c in unnamed_controls(window)]
            focused = focus_is_named(window)
            if focused:
                wrong.append(f"{state}: the focus is on an unnamed {focused}")
    assert wrong == [], "\n".join(sorted(set(wrong)))
