"""Chores section: create chores in the dialog, generate next week's fair rotation with
the button, verify / excuse / mark missed from the board; checked in the encrypted
database and the audit trail. Staff verify chores but never configure them."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.services import chores
from peerhouse.services.chores import ChoreInput
from peerhouse.services.clock import week_start
from peerhouse.ui.manager.chores import chore_list as chores_list
from peerhouse.ui.manager.chores import week as chores_week
from peerhouse.ui.manager.chores.board import chip_rect
from peerhouse.ui.manager.chores.dialogs import ChoreDialog, ChoreNoteDialog
from peerhouse.ui.manager.chores.section import ChoresSection
from tests.gui.gates import open_while_the_house_changes
from tests.gui.steps import click, shown
from tests.support.audit_log import audit_events, house_today

TZ = ZoneInfo("America/Chicago")


@pytest.fixture
def settle(settle_chains):
    """Chained tasks here: generate → reload board."""
    return settle_chains


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Confirmations say yes; their texts are kept for the test to read."""
    texts: list[str] = []

    def yes(_parent, _title, text, yes="Yes"):
        texts.append(text)
        return True

    monkeypatch.setattr(chores_week, "confirm", yes)
    monkeypatch.setattr(chores_list, "confirm", yes)
    return texts


THIS_WEEK = week_start(house_today())
NEXT_WEEK = THIS_WEEK + timedelta(days=7)


def stored_chores(house) -> list[Chore]:
    with house.store.read() as s:
        return list(s.exec(select(Chore).order_by(Chore.id)))


def assignments(house) -> list[ChoreAssignment]:
    with house.store.read() as s:
        return list(s.exec(select(ChoreAssignment).order_by(ChoreAssignment.due_date,
                                                            ChoreAssignment.chore_id)))


def add(house, name: str, **kw) -> Chore:
    return chores.create_chore(house.store, house.manager, house.house_id, ChoreInput(name, **kw))


def open_section(qtbot, ctx, settle) -> ChoresSection:
    return shown(qtbot, settle, ChoresSection(ctx), 1070, 750)


def test_create_chores_in_the_dialog(qtbot, manager_ctx, house, settle):
    alex = house.admit("Alex", "Adams")
    section = open_section(qtbot, manager_ctx, settle)
    tab = section.list_tab
    section.tabs.setCurrentWidget(tab)
    assert tab.stack.currentWidget() is tab.empty and "No chores yet" in tab.empty.text()

    click(qtbot, tab.add_button)
    dlg = tab.dialog
    assert isinstance(dlg, ChoreDialog) and dlg.isVisible()
    click(qtbot, dlg.ok_button)  # no name: refused next to the field, dialog stays open
    settle()
    assert dlg.isVisible() and dlg.error_label.isVisible()
    assert "Name is required" in dlg.error_label.text()  # as its label says
    assert dlg.name.property("invalid") is True
    qtbot.keyClicks(dlg.name, "Dishes")
    qtbot.keyClicks(dlg.area, "Kitchen")
    qtbot.keyClicks(dlg.instructions, "Wash, dry, put away.")
    dlg.daily.setChecked(True)
    click(qtbot, dlg.ok_button)
    settle()
    assert not dlg.isVisible()

    click(qtbot, tab.add_button)
    dlg = tab.dialog
    qtbot.keyClicks(dlg.name, "Bathroom")
    dlg.custom.setChecked(True)
    click(qtbot, dlg.ok_button)  # certain days, but none ticked
    settle()
    assert dlg.isVisible() and "pick at least one day" in dlg.error_label.text().lower()
    dlg.day_checks[1].setChecked(True)
    dlg.day_checks[4].setChecked(True)
    dlg.fixed.setChecked(True)
    dlg.resident.setCurrentIndex(dlg.resident.findData(alex.id))
    click(qtbot, dlg.ok_button)
    settle()

    click(qtbot, tab.add_button)
    dlg = tab.dialog
    qtbot.keyClicks(dlg.name, "Trash")
    dlg.weekday.setCurrentIndex(2)
    click(qtbot, dlg.ok_button)
    settle()

    rows = stored_chores(house)
    assert [(c.name, c.area, c.frequency, c.weekday, c.custom_days, c.rotating,
             c.fixed_resident_id) for c in rows] == [
        ("Dishes", "Kitchen", "daily", None, "", True, None),
        ("Bathroom", "", "custom", None, "1,4", False, alex.id),
        ("Trash", "", "weekly", 2, "", True, None)]
    assert rows[0].instructions == "Wash, dry, put away."
    assert len(audit_events(house.store, "chore.create")) == 3
    assert tab.model.rowCount() == 3 and tab.stack.currentWidget() is tab.table
    texts = {c.name: (tab._who_text(c), chores_list.schedule_text(c)) for c in tab.model.rows}
    assert texts["Bathroom"] == ("Always Alex A.", "Tue, Fri")
    assert texts["Trash"] == ("Takes turns", "Wednesdays")


def test_generate_next_week_shares_chores_fairly(qtbot, manager_ctx, house, settle, asked):
    people = [house.admit(n, "R") for n in ("Alex", "Bea", "Cy")]
    dishes = add(house, "Dishes", frequency="daily")
    add(house, "Trash", weekday=2)
    section = open_section(qtbot, manager_ctx, settle)
    week = section.week_tab
    assert week.week_label.text().startswith("This week")
    assert week.banner.isVisible() and "No chores are assigned" in week.banner_text.text()

    click(qtbot, week.generate_button)
    settle()
    assert len(asked) == 1 and "8 chores among 3 residents" in asked[0]

    made = assignments(house)
    assert len(made) == 8 and all(NEXT_WEEK <= a.due_date < NEXT_WEEK + timedelta(7)
                                  for a in made)
    load = Counter(a.resident_id for a in made)
    assert set(load) == {p.id for p in people} and max(load.values()) - min(load.values()) <= 1
    dish_load = Counter(a.resident_id for a in made if a.chore_id == dishes.id)
    assert max(dish_load.values()) - min(dish_load.values()) <= 1
    assert len({(a.resident_id, a.due_date) for a in made}) == 8  # nobody twice on a day
    [ev] = audit_events(house.store, "chore.generate_week")
    assert json.loads(ev.details) == {"week_start": NEXT_WEEK.isoformat(), "created": 8}

    # The board moved to next week and shows every assignment.
    assert week.week_label.text().startswith("Next week") and not week.banner.isVisible()
    shown = [c.assignment_id for r in range(week.model.rowCount()) for d in range(7)
             for c in week.model.cells(r, d)]
    assert sorted(shown) == sorted(a.id for a in made)
    assert "Assigned 8 chores" in week.status.text()

    # Again: nothing left to assign, so no question is asked and nothing is written.
    click(qtbot, week.generate_button)
    settle()
    assert len(asked) == 1 and "already assigned" in week.status.text()
    assert len(assignments(house)) == 8


@pytest.mark.parametrize("who", ["manager_ctx", "staff_ctx"])
def test_verify_an_assignment_from_the_board(qtbot, request, house, settle, who):
    ctx = request.getfixturevalue(who)
    house.admit("Alex", "A", move_in_date=THIS_WEEK - timedelta(days=30))
    house.admit("Bea", "B", move_in_date=THIS_WEEK - timedelta(days=30))
    add(house, "Dishes", frequency="daily")
    chores.generate_week(house.store, house.manager, house.house_id, THIS_WEEK,
                         include_past=True)
    [todays] = [a for a in assignments(house) if a.due_date == house_today()]
    section = open_section(qtbot, ctx, settle)
    week = section.week_tab
    row, col, chip = week.model.find(todays.id)
    assert week.model.board.days[col] == house_today()

    view = week.view
    rect = chip_rect(view.visualRect(week.model.index(row, col)), chip)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert week.cell is not None and week.cell.assignment_id == todays.id
    assert "Dishes" in week.info.text() and "To do" in week.info.text()
    assert week.verify_button.isEnabled() and week.done_button.isEnabled()
    click(qtbot, week.verify_button)
    settle()

    with house.store.read() as s:
        a = s.get(ChoreAssignment, todays.id)
    assert a.status == "verified" and a.verified_by == ctx.actor.staff_id
    assert a.verified_at is not None and a.done_at is not None
    [ev] = audit_events(house.store, "chore.verify")
    assert ev.entity_id == str(todays.id) and ev.actor == f"staff:{ctx.actor.staff_id}"
    assert json.loads(ev.details)["previous"] == "pending"
    # The board shows it verified and keeps it picked; nothing more can be done to it.
    assert week.cell is not None and week.cell.status == "verified"
    assert not week.verify_button.isEnabled() and not week.missed_button.isEnabled()

    # The keyboard moves between cells and picks the chore there.
    view.setFocus()
    other = 1 - row
    qtbot.keyClick(view, Qt.Key.Key_Down if other > row else Qt.Key.Key_Up)
    assert week.cell_pos == (other, col)


def test_excuse_and_mark_overdue_missed(qtbot, staff_ctx, house, settle, asked):
    house.admit("Alex", "A", move_in_date=THIS_WEEK - timedelta(days=30))
    add(house, "Dishes", frequency="daily")
    last_week = THIS_WEEK - timedelta(days=7)
    chores.generate_week(house.store, house.manager, house.house_id, last_week,
                         include_past=True)
    chores.generate_week(house.store, house.manager, house.house_id, NEXT_WEEK)
    section = open_section(qtbot, staff_ctx, settle)
    week = section.week_tab

    click(qtbot, week.next_button)
    settle()
    assert week.week_label.text().startswith("Next week")
    week.view.setFocus()
    week.view.setCurrentIndex(week.model.index(0, 3))
    assert not week.done_button.isEnabled() and week.excuse_button.isEnabled()
    click(qtbot, week.excuse_button)
    dlg = week.dialog
    assert isinstance(dlg, ChoreNoteDialog)
    qtbot.keyClicks(dlg.note, "at work")
    click(qtbot, dlg.ok_button)
    settle()
    excused = [a for a in assignments(house) if a.status == "excused"]
    assert [(a.due_date, a.note) for a in excused] == [(NEXT_WEEK + timedelta(3), "at work")]
    assert len(audit_events(house.store, "chore.excuse")) == 1

    click(qtbot, week.overdue_button)
    settle()
    assert "still to do as missed" in asked[0]
    missed = [a for a in assignments(house) if a.status == "missed"]
    assert len(missed) == 7  # last week; this week was never generated
    assert all(a.due_date < house_today() for a in missed)
    assert "marked missed" in week.status.text()


def test_stop_a_chore(qtbot, manager_ctx, house, settle, asked):
    house.admit()
    dishes = add(house, "Dishes", frequency="daily", instructions="Sink empty by 9 pm.")
    section = open_section(qtbot, manager_ctx, settle)
    tab = section.list_tab
    section.tabs.setCurrentWidget(tab)
    tab.table.selectRow(0)
    assert "Sink empty by 9 pm." in tab.details.text()
    click(qtbot, tab.stop_button)
    settle()
    assert "Dishes" in asked[0]
    assert [c.active for c in stored_chores(house)] == [False]
    [ev] = audit_events(house.store, "chore.deactivate")
    assert ev.entity_id == str(dishes.id)
    assert tab.model.rowCount() == 0
    tab.show_stopped.setChecked(True)
    settle()
    assert [tab.model.rows[0].name] == ["Dishes"]
    assert not tab.stop_button.isEnabled() or tab._current() is None


def test_staff_verify_but_do_not_configure(qtbot, staff_ctx, house, settle):
    house.admit()
    add(house, "Dishes", frequency="daily")
    section = open_section(qtbot, staff_ctx, settle)
    week, tab = section.week_tab, section.list_tab
    assert week.generate_button.isHidden() and not week.banner_button.isVisible()
    assert not week.overdue_button.isHidden() and not week.verify_button.isHidden()
    assert "A house manager can generate" in week.banner_text.text()
    section.tabs.setCurrentWidget(tab)
    settle()
    assert tab.add_button.isHidden() and tab.edit_button.isHidden() and tab.stop_button.isHidden()
    assert tab.model.rowCount() == 1  # the list itself is visible to staff
    tab.add()
    assert tab.dialog is None


def test_a_list_for_the_previous_house_is_ignored(qtbot, manager_ctx, house, settle,
                                                  monkeypatch):
    add(house, "Dishes", frequency="daily")
    section, _oak = open_while_the_house_changes(qtbot, monkeypatch, manager_ctx, house,
                                                 (chores, "list_chores"), ChoresSection)
    settle()
    assert section.list_tab.model.rowCount() == 0
    assert section.list_tab.stack.currentWidget() is section.list_tab.empty


def test_generating_is_not_offered_while_nobody_lives_in_the_house(qtbot, manager_ctx, house,
                                                                    settle):
    add(house, "Dishes", frequency="daily")
    section = open_section(qtbot, manager_ctx, settle)
    week = section.week_tab
    assert not week.generate_button.isEnabled()
    assert "Nobody is living in the house" in week.generate_button.toolTip()
    assert week.banner.isVisible() and "Nobody is living" in week.banner_text.text()
    assert not week.banner_button.isVisible()
    house.admit("Alex", "R")
    manager_ctx.broadcast(Changes.of(RecordKind.RESIDENTS))
    settle()
    assert week.generate_button.isEnabled()
    assert week.generate_button.toolTip() == "Share out next week's chores fairly"
