"""Messages that stayed on screen after they stopped being true, each met as a person
meets it: "First name is required" after typing one, the kiosk's "Please tap a face"
after tapping one, "Your new PIN is saved" on later visits, and Chores' "no chores to
share out yet" after adding chores. (The guard over every form is in test_forms.py.)"""

from __future__ import annotations

from PySide6.QtCore import Qt

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.services import chores
from peerhouse.services.chores import ChoreInput
from peerhouse.ui.manager.chores import week as chores_week
from peerhouse.ui.manager.chores.section import ChoresSection
from peerhouse.ui.manager.residents.section import ResidentsSection
from tests.gui.test_kiosk import at_check_in, log_in, resident, tap


def _shown(label) -> bool:
    return label.isVisible() and bool(label.text())


def test_first_name_is_required_goes_once_a_name_is_typed(qtbot, manager_ctx, settle):
    section = ResidentsSection(manager_ctx)
    qtbot.addWidget(section)
    section.show()
    settle()
    dialog = section.admit()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.text["last name"], "Rivera")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle()
    assert _shown(dialog.error_label) and dialog.error_label.text() == "First name is required."
    qtbot.keyClicks(dialog.text["first name"], "A")
    assert not _shown(dialog.error_label)
    assert not dialog.text["first name"].property("invalid")
    dialog.done(0)


def test_kiosk_messages_go_when_the_answer_is_given(house, qtbot, settle, open_kiosk):  # noqa: F811
    res = resident(house)  # before the kiosk opens: it lists who lives here then
    win, screen = at_check_in(qtbot, settle, open_kiosk(), res)
    tap(qtbot, settle, win, "Save my check-in")
    assert _shown(screen.message) and "tap a face" in screen.message.text()
    tap(qtbot, settle, win, "Mood 4 of 5: good")
    assert not _shown(screen.message)
    tap(qtbot, settle, win, "Save my check-in")  # the next question's turn
    assert "cravings" in screen.message.text()
    tap(qtbot, settle, win, "Craving 0 of 10 (none)")
    assert not _shown(screen.message)
    tap(qtbot, settle, win, "Back")
    tap(qtbot, settle, win, "Sign out")
    screen = win.current
    tap(qtbot, settle, win, "Sign out now")
    assert "where you're going" in screen.message.text()
    qtbot.keyClicks(screen.where, "W")  # typed instead of tapped: the answer counts too
    assert not _shown(screen.message)


def test_a_new_pin_is_saved_only_says_so_once(house, qtbot, settle, open_kiosk):  # noqa: F811
    res = resident(house, must_change=True)
    win = open_kiosk()
    log_in(qtbot, settle, win, res, "583920")
    for _ in range(2):
        for digit in "715204":
            qtbot.mouseClick(win.current.pad.keys[digit], Qt.MouseButton.LeftButton)
        settle()
    assert win.current.key == "home" and "new PIN is saved" in win.current.message.text()
    tap(qtbot, settle, win, "Check in")
    tap(qtbot, settle, win, "Back")
    assert win.current.key == "home" and not _shown(win.current.message)


def test_no_chores_to_share_out_goes_once_chores_are_added(qtbot, manager_ctx, house, settle,
                                                          monkeypatch):
    monkeypatch.setattr(chores_week, "confirm", lambda *_a, **_k: True)
    house.admit("Alex", "Rivera")
    section = ChoresSection(manager_ctx)
    qtbot.addWidget(section)
    section.show()
    settle()
    week = section.week_tab
    qtbot.mouseClick(week.generate_button, Qt.MouseButton.LeftButton)
    settle()
    assert "no chores to share out yet" in week.status.text()
    chores.create_chore(house.store, house.manager, house.house_id,
                        ChoreInput("Dishes", frequency="daily"))
    manager_ctx.broadcast(Changes.of(RecordKind.CHORES))  # as the Chore list tab says after adding one
    settle()
    assert week.status.text() == ""
    qtbot.mouseClick(week.generate_button, Qt.MouseButton.LeftButton)
    settle()
    assert week.status.text().startswith("Assigned")  # what was just done stays said


def test_a_change_anywhere_in_a_scrolling_or_tabbed_form_is_seen(qtbot):
    """A form that scrolls (small screens) or has tabs holds its fields in Qt's own
    viewport or page stack: they are watched; Qt's own parts of a control are not."""
    from PySide6.QtWidgets import (
        QCalendarWidget,
        QLineEdit,
        QScrollArea,
        QSpinBox,
        QTabWidget,
        QVBoxLayout,
        QWidget,
    )

    from peerhouse.ui.widgets.page_scroll import PageScroll
    from peerhouse.ui.widgets.watch import fields_in

    form = QWidget()
    qtbot.addWidget(form)
    inner, tabbed, plain = QLineEdit(), QLineEdit(), QScrollArea()
    tabs = QTabWidget()
    tabs.addTab(tabbed, "Notes")
    calendar = QCalendarWidget()  # not a field: its year box is Qt's own part
    box = QVBoxLayout(form)
    for w in (PageScroll(inner), tabs, plain, calendar):
        box.addWidget(w)
    found = fields_in(form)
    assert inner in found and tabbed in found
    assert not any(isinstance(w, QSpinBox) for w in found)
