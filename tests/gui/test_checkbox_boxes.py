"""Every checkbox in the manager window draws its box when unticked.

Under Fusion a QCheckBox with a transparent background loses its indicator entirely
(the milestone box in Admit resident read as plain text); this reads the pixels where
the style puts the box, in the window as it is painted.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QScrollArea, QStyle, QStyleOptionButton, QWidget

from peerhouse.app.ops import ReadOp
from peerhouse.ui.manager.accountability.checkins import CheckInDialog
from peerhouse.ui.manager.accountability.common import load_house
from peerhouse.ui.manager.accountability.signouts import SignOutDialog
from peerhouse.ui.manager.chores.dialogs import ChoreDialog
from peerhouse.ui.manager.meetings.dialogs import MeetingDialog
from peerhouse.ui.manager.settings.house_dialogs import PhaseDialog
from peerhouse.ui.manager.window import MainWindow
from tests.gui.steps import shown


def _darkest_in_box(top: QWidget, box: QCheckBox) -> int:
    """The darkest pixel (HSL lightness 0-255) where the style draws the unticked box."""
    opt = QStyleOptionButton()
    box.initStyleOption(opt)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, opt, box)
    rect.moveTopLeft(box.mapTo(top, rect.topLeft()))
    image = top.grab().toImage()
    return min(QColor(image.pixel(x, y)).lightness()
               for x in range(rect.left(), rect.right() + 1)
               for y in range(rect.top(), rect.bottom() + 1))


def _assert_boxes_drawn(qtbot, top: QWidget) -> int:
    top.show()
    qtbot.waitExposed(top)
    boxes = [b for b in top.findChildren(QCheckBox) if b.isVisibleTo(top) and b.window() is top]
    for box in boxes:
        box.setChecked(False)
    for box in boxes:
        _scroll_into_view(box)
        # A drawn box has a border clearly darker than the white or beige around it.
        assert _darkest_in_box(top, box) < 215, f"no visible box: {box.text()!r}"
    return len(boxes)


def _scroll_into_view(widget: QWidget) -> None:
    """A box further down a scrolling page is looked at where a person would see it."""
    area = widget.parentWidget()
    while area is not None:
        if isinstance(area, QScrollArea):
            area.ensureWidgetVisible(widget)
        area = area.parentWidget()


def test_every_checkbox_shows_its_box(themed, qtbot, manager_ctx, house, settle):
    alex = house.admit("Alex", "Rivera")
    window = shown(qtbot, settle, MainWindow(manager_ctx), 1280, 800)
    seen = 0
    for key in ("chores", "settings"):
        window.show_section(key)
        settle()
        for tabs in window.section(key).findChildren(type(window.section(key).tabs)):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                settle()
                seen += _assert_boxes_drawn(qtbot, window)
    data = ReadOp(load_house, manager_ctx.house_id).run(manager_ctx.store, manager_ctx.actor)
    section = window.section("residents")
    window.show_section("residents")
    settle()
    dialogs = [section.admit(),
               CheckInDialog(manager_ctx, data, alex.id, "Alex R.", data.today, None, window),
               SignOutDialog(manager_ctx, data, set(), window),
               MeetingDialog(manager_ctx, data.tz, parent=window),
               ChoreDialog(manager_ctx, [(alex.id, "Alex R.")], parent=window),
               PhaseDialog(manager_ctx, manager_ctx.house_id, None, 1, window)]
    for dialog in dialogs:
        seen += _assert_boxes_drawn(qtbot, dialog)
        dialog.reject()
    assert seen >= 15  # the chore-list filter, the house's daily check-in, every dialog's boxes
