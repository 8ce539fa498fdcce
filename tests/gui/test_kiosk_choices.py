"""The kiosk's single-choice answers (mood, craving, yes/no, and every other ChoiceRow)
are option buttons: one at a time, exposed as radio buttons to a screen reader, with
the arrow keys moving within the group, as in any group of options."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication, QVBoxLayout, QWidget

from peerhouse.ui.kiosk.flow import ChoiceRow, question
from peerhouse.ui.kiosk.screens_checkin import craving_row, mood_row, yes_no


def _role(button: QAbstractButton) -> QAccessible.Role:
    iface = QAccessible.queryAccessibleInterface(button)
    assert iface is not None
    return iface.role()


@pytest.mark.parametrize("make", [mood_row, craving_row, lambda: yes_no("Did you sleep well?")],
                         ids=["mood", "craving", "yes-no"])
def test_single_choices_are_option_buttons_moved_with_the_arrow_keys(qtbot, make) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    box = QVBoxLayout(holder)
    row: ChoiceRow = make()
    box.addWidget(question("How are you feeling today?", row))
    holder.resize(1000, 400)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is holder)
    buttons = list(row.buttons.values())
    assert {_role(b) for b in buttons} == {QAccessible.Role.RadioButton}
    assert row.accessibleName() == "How are you feeling today?"
    assert row.group.exclusive()

    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert row.value() == list(row.buttons)[0]
    qtbot.keyClick(buttons[0], Qt.Key.Key_Right)
    assert QApplication.focusWidget() is buttons[1]
    assert row.value() == list(row.buttons)[1]  # moving chooses, and only one is chosen
    assert [b.isChecked() for b in buttons].count(True) == 1
    qtbot.keyClick(buttons[1], Qt.Key.Key_Left)
    assert QApplication.focusWidget() is buttons[0] and row.value() == list(row.buttons)[0]

    row.clear()  # a new resident starts with nothing chosen
    assert row.value() is None and not any(b.isChecked() for b in buttons)


def test_the_check_in_has_no_tick_boxes_for_single_choices(qtbot, house) -> None:
    from peerhouse.ui.kiosk.window import KioskWindow

    win = KioskWindow(house.paths, house.store)
    qtbot.addWidget(win)
    screen = win.screens["checkin"]
    checkable = [b for b in screen.findChildren(QAbstractButton) if b.isCheckable()]
    boxes = [b.accessibleName() for b in checkable if _role(b) == QAccessible.Role.CheckBox]
    assert boxes == ["I'd like to talk to someone"]  # the one real on/off choice
    win.leave_kiosk()
