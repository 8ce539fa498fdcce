"""The main window as each role sees it: staff never reach screens, incidents, notes or the audit log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget

from peerhouse.ui.manager.window import MainWindow


def _tab_titles(window: MainWindow) -> set[str]:
    titles: set[str] = set()
    for tabs in window.findChildren(QTabWidget):
        titles |= {tabs.tabText(i).replace("&", "") for i in range(tabs.count())}
    return titles


def _every_section_shown(qtbot, ctx, settle) -> MainWindow:
    """The main window for `ctx`, each of its sections shown once."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    for key in window.section_keys:
        window.show_section(key)
        settle()
    return window


def test_staff_window_has_no_confidential_places(qtbot, staff_ctx, settle):
    window = _every_section_shown(qtbot, staff_ctx, settle)
    titles = _tab_titles(window)
    assert not titles & {"Screens", "Incidents", "Audit log", "Security", "Staff accounts",
                         "Goals", "Consents", "Chart"}
    assert "Check-ins" in titles
    assert window.section_keys == ["today", "residents", "meetings", "chores",
                                   "accountability", "reports", "settings"]


def test_owner_window_has_everything(qtbot, owner_ctx, settle):
    window = _every_section_shown(qtbot, owner_ctx, settle)
    assert {"Screens", "Incidents", "Audit log", "Security", "Staff accounts"} <= _tab_titles(window)


def test_keyboard_shortcuts_switch_sections(qtbot, manager_ctx):
    window = MainWindow(manager_ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for n, key in reversed(list(enumerate(window.section_keys, start=1))):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + n), Qt.KeyboardModifier.ControlModifier)
        assert window.current_section() is window.section(key), f"Ctrl+{n}"
    window.show_section("chores")
    assert window.current_section() is window.section("chores")
    manager_ctx.bus.open_section.emit("meetings")
    assert window.current_section() is window.section("meetings")


def test_every_section_fits_the_smallest_window(qtbot, owner_ctx, house, settle):
    """At 1024×680 (a 1366×768 laptop at 125 %) nothing in any section, tab or the
    resident page may need more, or parts are drawn over each other (the Meetings list
    painted over its detail pane), and no page scrolls sideways. (Smaller windows
    scroll: tests/gui/test_scaling.py.)"""
    from datetime import timedelta

    from PySide6.QtWidgets import QScrollArea

    from peerhouse.services import meetings
    from peerhouse.services.clock import now

    alex = house.admit("Alex", "Rivera")
    meetings.schedule(house.store, house.manager, house.house_id, now() + timedelta(days=1),
                      topic="House business and the budget for the cookout")
    window = MainWindow(owner_ctx)
    qtbot.addWidget(window)
    window.resize(1024, 680)
    window.show()
    for key in window.section_keys:
        section = window.section(key)
        window.show_section(key)
        settle()
        for tabs in section.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                settle()
    owner_ctx.bus.open_resident.emit(alex.id)
    settle()
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 680, hint
    for key, section in window.sections.items():
        window.show_section(key)
        settle()
        for area in section.findChildren(QScrollArea):
            inner = area.widget()
            if inner is not None and area.isVisible():
                assert inner.minimumSizeHint().width() <= area.viewport().width(), key
    chores = window.section("chores")
    window.show_section("chores")
    chores.tabs.setCurrentWidget(chores.week_tab)
    settle()
    assert chores.week_tab.bar.wrapped()  # the week's actions on a line of their own
    window.resize(1280, 800)
    bar = chores.week_tab.bar
    qtbot.waitUntil(lambda: bar.width() > 900)
    assert not bar.wrapped()


def test_sections_are_built_on_their_first_visit_and_kept(qtbot, manager_ctx, settle):
    window = MainWindow(manager_ctx)
    qtbot.addWidget(window)
    window.show()
    assert list(window.sections) == ["today"]  # signing in builds only what is shown
    window.show_section("meetings")
    settle()
    meetings = window.sections["meetings"]
    assert window.current_section() is meetings and meetings.isVisible()
    assert list(window.sections) == ["today", "meetings"]
    window.show_section("today")
    window.show_section("meetings")
    assert window.sections["meetings"] is meetings  # kept, with whatever was typed
    manager_ctx.bus.open_section.emit("residents")  # a link from another section
    assert window.current_section() is window.sections["residents"]
    assert window.unsaved_work() == []
