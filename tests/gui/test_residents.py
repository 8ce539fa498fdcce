"""Residents section: the real list and dialogs over the real encrypted database.

Every write is checked in the database through services and in the audit trail.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from shiboken6 import isValid
from sqlmodel import select

from peerhouse.models.audit import AuditEvent
from peerhouse.services import houses, pins, residents
from peerhouse.services.actor import Actor
from peerhouse.ui.manager.residents import actions as resident_actions
from peerhouse.ui.manager.residents import section as residents_ui
from peerhouse.ui.manager.residents.actions import DischargeDialog, MoveHouseDialog, PinDialog
from peerhouse.ui.manager.residents.form import ResidentFormDialog
from peerhouse.ui.manager.residents.section import ResidentsSection
from tests.gui.steps import shown
from tests.support.audit_log import house_today

TODAY = house_today()  # the test house's day (Chicago), not this PC's


def _events(house, action: str, resident_id: int | None = None) -> list[AuditEvent]:
    with house.store.read() as s:
        rows = list(s.exec(select(AuditEvent).where(AuditEvent.action == action)))
    return [e for e in rows if resident_id is None or e.entity_id == str(resident_id)]


def _section(qtbot, ctx, settle) -> ResidentsSection:
    section = shown(qtbot, settle, ResidentsSection(ctx), 1100, 700)
    assert section.data is not None
    return section


def _wait(qtbot, section: ResidentsSection, settle) -> None:
    """Wait for a save and for the reload it triggers (a second background task)."""
    settle()
    qtbot.waitUntil(lambda: not section.busy, timeout=15000)
    settle()


def _ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _closed(dialog) -> bool:
    """Saved dialogs close and delete themselves."""
    return not isValid(dialog) or not dialog.isVisible()


def _select(section: ResidentsSection, resident_id: int) -> None:
    assert section.select_resident(resident_id)


def test_admit_edit_discharge_through_the_dialogs(qtbot, manager_ctx, house, settle, monkeypatch):
    section = _section(qtbot, manager_ctx, settle)
    assert section.count.text() == "0 active residents"
    assert "Use Admit" in section.empty.text()

    dialog = section.admit()
    assert isinstance(dialog, ResidentFormDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.text["first name"], "Jordan")
    qtbot.keyClicks(dialog.text["last name"], "Lee")
    qtbot.keyClicks(dialog.text["preferred name"], "Jo")
    qtbot.keyClicks(dialog.text["bed"], "2")
    qtbot.keyClicks(dialog.text["phone"], "555-201-3344")
    dialog.sobriety.set_value(TODAY - timedelta(days=40))
    dialog.celebrate.setChecked(True)
    assert dialog.notes is not None
    qtbot.keyClicks(dialog.notes, "Prefers morning chores.")
    _ok(dialog)
    _wait(qtbot, section, settle)
    assert _closed(dialog)

    [jordan] = residents.list_residents(house.store, house.manager, house_id=house.house_id)
    assert (jordan.first_name, jordan.preferred_name, jordan.bed) == ("Jordan", "Jo", "2")
    assert jordan.sobriety_date == TODAY - timedelta(days=40) and jordan.celebrate_milestones_publicly
    assert residents.get(house.store, house.manager, jordan.id).notes == "Prefers morning chores."
    assert _events(house, "resident.admit", jordan.id)
    assert section.count.text() == "1 active resident"
    assert section.selected() is not None and section.selected().id == jordan.id
    assert section.model.row(0).days_sober == 40

    # Edit: a new phone number and a corrected sobriety date, which needs a reason.
    section.edit_selected()
    _wait(qtbot, section, settle)
    dialog = section.dialog
    assert isinstance(dialog, ResidentFormDialog) and dialog.resident is not None
    assert dialog.notes is not None and dialog.notes.toPlainText() == "Prefers morning chores."
    assert not dialog.reason.isVisibleTo(dialog)
    dialog.text["phone"].clear()
    qtbot.keyClicks(dialog.text["phone"], "555-777-0000")
    dialog.sobriety.set_value(TODAY - timedelta(days=10))
    assert dialog.reason.isVisibleTo(dialog)
    _ok(dialog)  # no reason yet: refused inline, nothing saved
    _wait(qtbot, section, settle)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Reason is required when the sobriety date changes."
    assert dialog.reason.property("invalid") is True
    assert residents.get(house.store, house.manager, jordan.id).phone == "555-201-3344"
    qtbot.keyClicks(dialog.reason, "Corrected after talking with Jordan")
    _ok(dialog)
    _wait(qtbot, section, settle)
    assert _closed(dialog)
    jordan = residents.get(house.store, house.manager, jordan.id)
    assert jordan.phone == "555-777-0000" and jordan.sobriety_date == TODAY - timedelta(days=10)
    [change] = residents.sobriety_history(house.store, house.manager, jordan.id)
    assert change.reason == "Corrected after talking with Jordan"
    assert change.old_date == TODAY - timedelta(days=40)
    [edit] = _events(house, "resident.edit", jordan.id)
    assert json.loads(edit.details)["fields"] == ["phone"]  # only what changed, ids only
    assert _events(house, "resident.sobriety_date", jordan.id)
    assert section.model.row(0).days_sober == 10

    # Discharge, with a confirmation that names the resident.
    asked: list[str] = []
    monkeypatch.setattr(resident_actions, "confirm", lambda _p, _t, text, yes="": asked.append(text) or True)
    _select(section, jordan.id)
    dialog = section.discharge_selected()
    assert isinstance(dialog, DischargeDialog)
    labels = [dialog.reason.itemText(i) for i in range(1, dialog.reason.count())]
    assert labels == ["Completed the program", "Moved on", "Left by choice", "A return to use",
                      "A house-rule matter", "Other reason"]  # person-first, as on paper
    _ok(dialog)  # no reason chosen yet
    assert dialog.isVisible() and dialog.error_label.text() == (
        "Reason for leaving is required: please choose one.")
    dialog.reason.setCurrentIndex(dialog.reason.findText("Completed the program"))
    _ok(dialog)
    _wait(qtbot, section, settle)
    assert _closed(dialog)
    assert "Jordan Lee" in asked[0]
    jordan = residents.get(house.store, house.manager, jordan.id)
    assert (jordan.status, jordan.exit_reason, jordan.move_out_date) == ("discharged", "completed", TODAY)
    assert _events(house, "resident.discharge", jordan.id)
    assert section.count.text() == "0 active residents"
    section.filter.setCurrentIndex(section.filter.findData("moved_out"))
    assert section.model.rowCount() == 1 and section.model.row(0).status_label == "Moved out"
    assert section.model.row(0).days_sober is None


def test_future_sobriety_date_is_refused_inline_and_nothing_saved(qtbot, manager_ctx, house, settle):
    section = _section(qtbot, manager_ctx, settle)
    dialog = section.admit()
    qtbot.keyClicks(dialog.text["first name"], "Casey")
    qtbot.keyClicks(dialog.text["last name"], "Nguyen")
    dialog.sobriety.set_value(TODAY + timedelta(days=30))
    _ok(dialog)
    _wait(qtbot, section, settle)
    assert dialog.isVisible()
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.error_label.text() == "Sobriety date cannot be in the future."
    assert dialog.sobriety.edit.property("invalid") is True
    assert residents.list_residents(house.store, house.manager, status=None) == []
    assert _events(house, "resident.admit") == []
    # Fixing the field clears the way: the same dialog saves.
    dialog.sobriety.set_value(None)
    _ok(dialog)
    _wait(qtbot, section, settle)
    assert _closed(dialog)
    assert len(residents.list_residents(house.store, house.manager)) == 1


def test_required_name_and_full_house_are_named(qtbot, manager_ctx, house, settle):
    section = _section(qtbot, manager_ctx, settle)
    dialog = section.admit()
    qtbot.keyClicks(dialog.text["last name"], "Nguyen")
    _ok(dialog)
    _wait(qtbot, section, settle)
    assert dialog.error_label.text() == "First name is required."
    assert dialog.text["first name"].property("invalid") is True
    house.admit("Ana", "Bed", bed="4")
    dialog.text["first name"].setText("Casey")
    dialog.text["bed"].setText("4")
    _ok(dialog)
    _wait(qtbot, section, settle)
    assert dialog.isVisible() and dialog.error_label.text() == "Bed 4 is already taken."
    assert dialog.text["first name"].property("invalid") is False


def test_search_filter_and_sort(qtbot, manager_ctx, house, settle):
    for first, last, bed, days in [("Alex", "Rivera", "10", 400), ("Sam", "Okafor", "2", 9),
                                   ("Riley", "Stone", "3", 75)]:
        house.admit(first, last, bed=bed, sobriety_date=TODAY - timedelta(days=days))
    house.admit("Dana", "Price", status="applicant")
    section = _section(qtbot, manager_ctx, settle)
    assert section.count.text() == "3 active residents"
    names = lambda: [section.model.row(i).full_name for i in range(section.model.rowCount())]  # noqa: E731
    assert names() == ["Sam Okafor", "Alex Rivera", "Riley Stone"]  # by last name

    qtbot.keyClick(section, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert section.search.hasFocus()
    qtbot.keyClicks(section.search, "r")
    assert names() == ["Sam Okafor", "Alex Rivera", "Riley Stone"]  # Okafor, and phase names
    qtbot.keyClicks(section.search, "iv")
    assert names() == ["Alex Rivera"]
    assert section.count.text() == "1 of 3 active residents match “riv”"
    section.search.clear()
    qtbot.keyClicks(section.search, "STONE 3")  # every word must match: name and bed
    assert names() == ["Riley Stone"]
    section.search.setText("nobody")
    assert section.table_stack.currentWidget() is section.empty_card
    assert "No residents match “nobody”" in section.empty.text()
    section.search.clear()
    assert section.table_stack.currentWidget() is section.view

    section.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # days sober, as numbers
    assert names() == ["Alex Rivera", "Riley Stone", "Sam Okafor"]
    section.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # bed 2 before bed 10
    assert [section.model.row(i).bed for i in range(3)] == ["2", "3", "10"]

    section.filter.setCurrentIndex(section.filter.findData("applicants"))
    assert names() == ["Dana Price"] and section.count.text() == "1 applicant"
    section.filter.setCurrentIndex(section.filter.findData("all"))
    assert section.model.rowCount() == 4 and section.count.text() == "4 residents"


def test_selection_follows_the_row_through_filtering(qtbot, manager_ctx, house, settle):
    a = house.admit("Alex", "Rivera")
    house.admit("Sam", "Okafor")
    section = _section(qtbot, manager_ctx, settle)
    _select(section, a.id)
    section.search.setText("alex")
    assert section.selected().id == a.id
    section.search.setText("sam")
    assert section.selected() is None and not section.buttons["edit"].isEnabled()


def test_applicant_moves_in(qtbot, manager_ctx, house, settle, monkeypatch):
    dana = house.admit("Dana", "Price", status="applicant")
    section = _section(qtbot, manager_ctx, settle)
    section.filter.setCurrentIndex(section.filter.findData("applicants"))
    _select(section, dana.id)
    assert section.buttons["move_in"].isEnabled() and not section.buttons["move_house"].isEnabled()
    monkeypatch.setattr(residents_ui, "confirm", lambda *_a, **_k: True)
    section.buttons["move_in"].click()
    _wait(qtbot, section, settle)
    assert residents.get(house.store, house.manager, dana.id).status == "active"
    assert _events(house, "resident.activate", dana.id)


def test_staff_see_the_list_but_cannot_admit_discharge_reset_or_read_notes(qtbot, staff_ctx, house, settle):
    house.admit("Alex", "Rivera", notes="private")
    section = _section(qtbot, staff_ctx, settle)
    assert section.model.rowCount() == 1
    assert set(section.buttons) == set()
    texts = {b.text().replace("&", "") for b in section.findChildren(QPushButton)}
    assert not texts & {"Admit", "Edit", "Move out…", "Reset PIN", "Move house", "Move in"}
    assert section.admit() is None
    qtbot.keyClick(section, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert section.dialog is None
    # Even if a form were opened for staff, it has no notes field.
    form = ResidentFormDialog(staff_ctx, section.data.phases, section.data.today)
    qtbot.addWidget(form)
    assert form.notes is None and "notes" not in form.errors.fields


def test_reset_pin_shows_a_pin_that_works_at_the_kiosk(qtbot, manager_ctx, house, settle, monkeypatch):
    alex = house.admit("Alex", "Rivera")
    section = _section(qtbot, manager_ctx, settle)
    asked: list[str] = []
    monkeypatch.setattr(resident_actions, "confirm", lambda _p, _t, text, yes="": asked.append(text) or True)
    _select(section, alex.id)
    section.buttons["reset_pin"].click()
    _wait(qtbot, section, settle)
    assert "Alex Rivera" in asked[0]
    dialog = section.dialog
    assert isinstance(dialog, PinDialog) and dialog.isVisible()
    pin = dialog.pin
    assert len(pin) == 6 and pin.isdigit()
    assert dialog.pin_label.text() == f"{pin[:3]} {pin[3:]}"
    assert any("choose a new PIN at the kiosk" in w.text() for w in dialog.findChildren(type(dialog.pin_label)))
    login = pins.verify_pin(house.store, alex.id, pin)
    assert login.must_change_pin and login.actor.id == alex.id
    assert _events(house, "resident.pin.reset", alex.id)


def test_reset_pin_cancelled_changes_nothing(qtbot, manager_ctx, house, settle, monkeypatch):
    alex = house.admit("Alex", "Rivera")
    section = _section(qtbot, manager_ctx, settle)
    monkeypatch.setattr(resident_actions, "confirm", lambda *_a, **_k: False)
    _select(section, alex.id)
    section.reset_pin_selected()
    _wait(qtbot, section, settle)
    assert section.dialog is None and _events(house, "resident.pin.reset") == []


def test_move_house(qtbot, manager_ctx, house, settle):
    oak = houses.create_house(house.store, Actor.system(),
                              houses.HouseRules(name="Oak House", capacity=4, timezone="America/Chicago"))
    alex = house.admit("Alex", "Rivera", bed="1")
    section = _section(qtbot, manager_ctx, settle)
    _select(section, alex.id)
    assert section.buttons["move_house"].isEnabled()
    dialog = section.move_selected()
    assert isinstance(dialog, MoveHouseDialog)
    assert [dialog.house.itemText(i) for i in range(dialog.house.count())] == ["Oak House"]
    qtbot.keyClicks(dialog.bed, "3B")
    _ok(dialog)
    _wait(qtbot, section, settle)
    assert _closed(dialog)
    moved = residents.get(house.store, house.manager, alex.id)
    assert (moved.house_id, moved.bed) == (oak.id, "3B")
    assert _events(house, "resident.move", alex.id)
    assert section.model.rowCount() == 0  # no longer in Maple House's list


def test_open_resident_page(qtbot, manager_ctx, house, settle):
    pytest.importorskip("peerhouse.ui.manager.residents.page.page")
    alex = house.admit("Alex", "Rivera")
    section = _section(qtbot, manager_ctx, settle)
    _select(section, alex.id)
    section.view.setFocus()
    qtbot.keyClick(section.view, Qt.Key.Key_Return)
    _wait(qtbot, section, settle)
    assert section.stack.currentWidget() is section.page
    section.page.back.emit()
    assert section.stack.currentWidget() is section.list_page
    section.open_resident(alex.id)
    assert section.stack.currentWidget() is section.page


def test_a_double_click_on_edit_opens_one_dialog(qtbot, manager_ctx, house, settle):
    alex = house.admit("Alex", "Rivera")
    section = _section(qtbot, manager_ctx, settle)
    _select(section, alex.id)
    edit = section.buttons["edit"]
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert not edit.isEnabled()  # while the record is read
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    section.edit_selected()  # the shortcut or a second path: also ignored
    _wait(qtbot, section, settle)
    dialogs = [d for d in section.findChildren(ResidentFormDialog) if d.isVisible()]
    assert len(dialogs) == 1 and edit.isEnabled()


def _tab_walk(qtbot, dialog, start, stop, limit: int = 60) -> list:
    """The widgets Tab visits from `start` until `stop` (or `limit` presses)."""
    from PySide6.QtWidgets import QApplication

    dialog.activateWindow()
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    seen = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is not seen[-1]:
            seen.append(focus)
        if focus is stop:
            break
    return seen


def test_tab_walks_the_whole_admit_form_past_empty_dates(qtbot, manager_ctx, settle):
    """'Not set' dates (birth, sobriety) used to swallow Tab: the keyboard never got out."""
    section = _section(qtbot, manager_ctx, settle)
    dialog = section.admit()
    assert dialog.birth.value() is None and dialog.sobriety.value() is None
    seen = _tab_walk(qtbot, dialog, dialog.text["first name"], dialog.ok_button)
    assert seen[-1] is dialog.ok_button, [w.accessibleName() for w in seen]
    for field in (*dialog.text.values(), dialog.birth.edit, dialog.move_in.edit,
                  dialog.sobriety.edit, dialog.status, dialog.phase, dialog.celebrate,
                  dialog.notes):
        assert field in seen, field.accessibleName()
    # And back again with Shift+Tab out of an empty date.
    dialog.sobriety.edit.setFocus()
    qtbot.keyClick(dialog.sobriety.edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    from PySide6.QtWidgets import QApplication

    assert QApplication.focusWidget() is not dialog.sobriety.edit
    dialog.reject()


def test_admitting_into_a_full_house_says_so_first_and_adds_an_applicant(
        qtbot, manager_ctx, house, settle):
    """No dead end: the form says the house is full before anything is typed, and
    'Applicant (waiting for a bed)' is already chosen, so Admit saves them."""
    for i in range(6):  # the house has 6 beds
        house.admit(f"R{i}", "Lee", bed=str(i + 1))
    section = _section(qtbot, manager_ctx, settle)
    dialog = section.admit()
    assert dialog.full_note is not None and dialog.full_note.isVisibleTo(dialog)
    assert "Maple House is full (6 of 6 beds)" in dialog.full_note.text()
    assert dialog.status.currentData() == "applicant"
    qtbot.keyClicks(dialog.text["first name"], "Casey")
    qtbot.keyClicks(dialog.text["last name"], "Nguyen")
    _ok(dialog)
    _wait(qtbot, section, settle)
    assert _closed(dialog)
    [casey] = residents.list_residents(house.store, house.manager, status="applicant")
    assert casey.first_name == "Casey"


def test_a_house_with_a_free_bed_admits_straight_in(qtbot, manager_ctx, settle):
    section = _section(qtbot, manager_ctx, settle)
    dialog = section.admit()
    assert dialog.full_note is None and dialog.status.currentData() == "active"
    dialog.reject()
