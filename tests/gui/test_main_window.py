"""The main window as each role sees it: staff never reach screens, incidents, notes or the audit log."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from peerhouse.ui.main_window import MainWindow


def _tab_titles(window: MainWindow) -> set[str]:
    titles: set[str] = set()
    for tabs in window.findChildren(QTabWidget):
        titles |= {tabs.tabText(i).replace("&", "") for i in range(tabs.count())}
    return titles


def test_staff_window_has_no_confidential_places(qtbot, staff_ctx, settle):
    window = MainWindow(staff_ctx)
    qtbot.addWidget(window)
    window.show()
    for key in list(window.sections):
        window.show_section(key)
        settle()
    titles = _tab_titles(window)
    assert not titles & {"Screens", "Incidents", "Audit log", "Security", "Staff accounts",
                         "Goals", "Consents", "Chart"}
    assert "Check-ins" in titles
    assert list(window.sections) == ["today", "residents", "meetings", "chores",
                                     "accountability", "reports", "settings"]


def test_owner_window_has_everything(qtbot, owner_ctx, settle):
    window = MainWindow(owner_ctx)
    qtbot.addWidget(window)
    window.show()
    for key in list(window.sections):
        window.show_section(key)
        settle()
    assert {"Screens", "Incidents", "Audit log", "Security", "Staff accounts"} <= _tab_titles(window)


def test_keyboard_shortcuts_switch_sections(qtbot, manager_ctx):
    window = MainWindow(manager_ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_section("chores")
    assert window.stack.currentWidget() is window.sections["chores"]
    manager_ctx.bus.open_section.emit("meetings")
    assert window.stack.currentWidget() is window.sections["meetings"]
