"""The Accountability section driven through its real widgets over the encrypted database:
screens and the random draw, incidents, check-ins, sign-outs and outside meetings, and
what a staff login may not see."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from sqlmodel import select

from peerhouse import models
from peerhouse.services import checkins, incidents, screens, signouts
from peerhouse.ui import workers
from peerhouse.ui.manager.accountability import checkins as checkins_tab
from peerhouse.ui.manager.accountability.section import AccountabilitySection
from peerhouse.ui.manager.accountability.signouts import CorrectSignOutDialog
from peerhouse.ui.widgets import common
from tests.gui.gates import open_while_the_house_changes
from tests.support.audit_log import audit_events


@pytest.fixture
def idle(qtbot, qapp):
    """Wait until the section's loads and any write (and the reload it causes) are done."""

    def _idle(section: AccountabilitySection) -> None:
        def quiet() -> bool:
            qapp.processEvents()
            return workers.active() == 0 and not section.busy

        for _ in range(3):
            qtbot.waitUntil(quiet, timeout=15000)
            qapp.processEvents()

    return _idle


@pytest.fixture
def open_section(qtbot, idle):
    def _open(ctx, tab: str = "") -> AccountabilitySection:
        sec = AccountabilitySection(ctx)
        qtbot.addWidget(sec)
        sec.resize(1100, 720)
        sec.show()
        idle(sec)
        if tab:
            sec.show_tab(getattr(sec, tab))
            idle(sec)
        return sec

    return _open


def _rows(house, model: type) -> list:
    with house.store.read() as s:
        return list(s.exec(select(model)))


def _choose(box: QComboBox, value: object) -> None:
    index = box.findData(value)
    assert index >= 0, value
    box.setCurrentIndex(index)


def _save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def _texts(model) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_record_a_screen_through_the_dialog(house, manager_ctx, open_section, qtbot, idle):
    alex = house.admit("Alex", "Rivera")
    sec = open_section(manager_ctx, "screens")
    assert "Screens" in sec.tab_titles() and "Incidents" in sec.tab_titles()
    dlg = sec.screens.open_record_dialog()
    _choose(dlg.resident, alex.id)
    _choose(dlg.method, "breath")
    _choose(dlg.reason, "scheduled")
    _save(qtbot, dlg)  # no result chosen yet: the field is named and nothing is saved
    assert dlg.isVisible() and "Result is required" in dlg.error_label.text()
    _choose(dlg.result, "negative")
    qtbot.keyClicks(dlg.substances, " ")
    _save(qtbot, dlg)
    idle(sec)
    assert not dlg.isVisible()
    [row] = _rows(house, models.Screen)
    assert (row.resident_id, row.method, row.reason, row.result) == (
        alex.id, "breath", "scheduled", "negative")
    assert row.administered_by == house.manager.id
    [ev] = audit_events(house.store, "screen.record")
    assert json.loads(ev.details) == {"resident_id": alex.id, "draw_id": None}
    assert ev.actor == f"staff:{house.manager.id}"
    [shown] = _texts(sec.screens.model)
    assert shown[1:5] == ["Alex Rivera", "Negative", "Scheduled", "Breath"]


def test_random_draw_shows_picks_that_replay_identically(house, manager_ctx, open_section,
                                                         qtbot, idle, monkeypatch):
    people = [house.admit(f, "Tester") for f in ("Ana", "Ben", "Cal", "Dee", "Eli")]
    monkeypatch.setattr(common, "confirm", lambda *a, **k: True)
    sec = open_section(manager_ctx, "screens")
    tab = sec.screens
    assert tab.draw_pane.currentIndex() == 1  # "No random draws yet."
    tab.count.setValue(2)
    qtbot.mouseClick(tab.draw_btn, Qt.MouseButton.LeftButton)
    idle(sec)
    [draw] = _rows(house, models.ScreenDraw)
    assert draw.count == 2 and sorted(draw.pool) == sorted(p.id for p in people)
    names = {p.id: f"{p.first_name} Tester" for p in people}
    shown = [tab.picks.item(i).text() for i in range(tab.picks.count())]
    assert shown == [names[r] for r in draw.picked]
    assert draw.seed in tab.how.text() and "of the 5 residents" in tab.how.text()
    qtbot.mouseClick(tab.replay_btn, Qt.MouseButton.LeftButton)
    idle(sec)
    assert tab.replay_label.text().startswith("✓")
    assert tab.replay is not None and list(tab.replay.picked) == list(draw.picked)
    assert screens.replay_draw(draw).matches
    assert tab.draw_model.rowCount() == 1  # listed under past draws
    # Recording the result for a pick ties the screen to the draw.
    tab.picks.setCurrentRow(0)
    dlg = tab.record_for_pick()
    assert not dlg.resident.isEnabled() and dlg.reason.currentData() == "random"
    _choose(dlg.result, "negative")
    _save(qtbot, dlg)
    idle(sec)
    [row] = _rows(house, models.Screen)
    assert (row.resident_id, row.draw_id, row.reason) == (draw.picked[0], draw.id, "random")
    assert tab.picks.item(0).text().endswith("result recorded")


def test_record_and_correct_an_incident_with_two_residents(house, manager_ctx, open_section,
                                                           qtbot, idle):
    a, b, _c = house.admit("Alex", "Rivera"), house.admit("Bo", "Chen"), house.admit("Cy", "Diaz")
    sec = open_section(manager_ctx, "incidents")
    assert sec.incidents.pane.currentIndex() == 1  # empty state
    dlg = sec.incidents.open_record_dialog()
    _save(qtbot, dlg)  # the message names the field by its label, not the service's word
    assert dlg.isVisible() and dlg.error_label.text() == (
        "Kind of incident is required: please choose one.")
    _choose(dlg.category, "conflict")
    for i in range(dlg.people.count()):
        item = dlg.people.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in (a.id, b.id):
            item.setCheckState(Qt.CheckState.Checked)
    _save(qtbot, dlg)  # description missing: the service names the field
    idle(sec)
    assert dlg.isVisible() and "What happened is required" in dlg.error_label.text()
    qtbot.keyClicks(dlg.description, "Raised voices over the kitchen rota.")
    qtbot.keyClicks(dlg.action, "Talked it through together.")
    _save(qtbot, dlg)
    idle(sec)
    [inc] = _rows(house, models.Incident)
    assert (inc.category, inc.description) == ("conflict", "Raised voices over the kitchen rota.")
    assert sorted(r.resident_id for r in _rows(house, models.IncidentResident)) == sorted([a.id, b.id])
    [ev] = audit_events(house.store, "incident.record")
    assert json.loads(ev.details)["resident_ids"] == sorted([a.id, b.id])
    assert "kitchen" not in ev.details and "conflict" not in ev.details
    [shown] = _texts(sec.incidents.model)
    assert shown[1] == "Conflict" and "Alex Rivera" in shown[2] and "Bo Chen" in shown[2]

    sec.incidents.view.selectRow(0)
    assert "kitchen rota" in sec.incidents.detail.text()
    edit = sec.incidents.open_edit_dialog()
    edit.action.setPlainText("Talked it through; house meeting on Sunday.")
    _save(qtbot, edit)
    idle(sec)
    [ev] = audit_events(house.store, "incident.edit")
    assert json.loads(ev.details)["fields"] == ["action_taken"]
    assert _rows(house, models.Incident)[0].action_taken.endswith("Sunday.")


def test_staff_see_no_screens_incidents_or_checkin_answers(house, staff_ctx, open_section,
                                                           qtbot, idle):
    res = house.admit("Alex", "Rivera")
    checkins.submit_checkin(house.store, house.resident_actor(res), res.id, mood=2, craving=9,
                            note="rough night", wants_to_talk=True)
    sec = open_section(staff_ctx, "checkins")
    assert sec.screens is None and sec.incidents is None
    assert sec.tab_titles() == ["Check-ins", "Sign-outs && curfew", "Outside meetings"]
    model = sec.checkins.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Resident", "Checked in", "Asked to talk"]
    [row] = _texts(model)
    assert row[0] == "Alex Rivera" and row[2] == "Waiting to talk"
    # Only name, time and the talk request: no mood, craving or note (the time may hold a 9).
    assert len(row) == 3 and not any("rough" in cell or "/ 10" in cell for cell in row)
    assert not sec.checkins.enter_btn.isVisible()
    assert audit_events(house.store, "checkin.read") == []
    # Staff can still follow up a request to talk.
    sec.checkins.view.selectRow(0)
    qtbot.mouseClick(sec.checkins.followed_btn, Qt.MouseButton.LeftButton)
    idle(sec)
    [ci] = _rows(house, models.CheckIn)
    assert ci.talk_followed_up_at is not None and ci.talk_followed_up_by == house.staff.id
    assert _texts(sec.checkins.model)[0][2] == "Followed up"


def test_manager_sees_answers_and_enters_a_checkin(house, manager_ctx, open_section, qtbot, idle):
    alex, bo = house.admit("Alex", "Rivera"), house.admit("Bo", "Chen")
    checkins.submit_checkin(house.store, house.resident_actor(alex), alex.id, mood=4, craving=8,
                            slept_well=True, note="grateful")
    sec = open_section(manager_ctx, "checkins")
    model = sec.checkins.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[3:] == ["Mood", "Craving", "Slept well", "Sponsor contact", "Note"]
    rows = {r[0]: r for r in _texts(model)}
    assert rows["Alex Rivera"][3:] == ["4 · Good", "8 / 10", "Yes", "No", "grateful"]
    assert rows["Bo Chen"][1] == "Not yet"
    assert len(audit_events(house.store, "checkin.read")) == 1  # one audited read for the whole day
    for r in range(sec.checkins.proxy.rowCount()):
        if sec.checkins.proxy.row_at(r).status.resident_id == bo.id:
            sec.checkins.view.selectRow(r)
    dlg = sec.checkins.open_checkin_dialog()
    _choose(dlg.mood, 3)
    dlg.craving.setValue(2)
    dlg.sponsor.setChecked(True)
    _save(qtbot, dlg)
    idle(sec)
    [ci] = [c for c in _rows(house, models.CheckIn) if c.resident_id == bo.id]
    assert (ci.mood, ci.craving, ci.sponsor_contact, ci.source) == (3, 2, True, "staff")
    assert {r[0]: r for r in _texts(sec.checkins.model)}["Bo Chen"][3] == "3 · Okay"


def test_sign_a_resident_out_and_back_in(house, staff_ctx, open_section, qtbot, idle):
    alex = house.admit("Alex", "Rivera")
    house.admit("Bo", "Chen")
    sec = open_section(staff_ctx, "signouts")
    tab = sec.signouts
    assert tab.out_pane.currentIndex() == 1  # "Everyone is in the house right now."
    dlg = tab.open_sign_out_dialog()
    _choose(dlg.resident, alex.id)
    _save(qtbot, dlg)  # no destination
    idle(sec)
    assert dlg.isVisible() and dlg.error_label.text().startswith("Destination is required")
    qtbot.keyClicks(dlg.destination, "Work at the bakery")
    _save(qtbot, dlg)
    idle(sec)
    [so] = _rows(house, models.SignOut)
    assert (so.resident_id, so.destination, so.back_at, so.source) == (
        alex.id, "Work at the bakery", None, "staff")
    [shown] = _texts(tab.out_model)
    assert shown[:2] == ["Alex Rivera", "Work at the bakery"]
    # Alex is out, so only Bo can be signed out now.
    other = tab.open_sign_out_dialog()
    assert [other.resident.itemText(i) for i in range(other.resident.count())] == [
        "Choose a resident…", "Bo Chen"]
    qtbot.keyClicks(other.destination, "Library")
    _save(qtbot, other)  # nobody chosen: the form says so and nothing is saved
    assert other.isVisible() and "Resident is required" in other.error_label.text()
    other.reject()
    assert len(_rows(house, models.SignOut)) == 1

    tab.out_view.selectRow(0)
    back = tab.open_sign_in_dialog()
    _save(qtbot, back)
    idle(sec)
    [so] = _rows(house, models.SignOut)
    assert so.back_at is not None and so.back_at >= so.out_at
    assert tab.out_pane.currentIndex() == 1 and tab.out_model.rowCount() == 0
    assert len(audit_events(house.store, "signout.out")) == 1 and len(audit_events(house.store, "signout.in")) == 1


def test_log_and_verify_an_outside_meeting(house, staff_ctx, open_section, qtbot, idle):
    alex = house.admit("Alex", "Rivera")
    sec = open_section(staff_ctx, "outside")
    tab = sec.outside
    dlg = tab.open_log_dialog()
    _choose(dlg.resident, alex.id)
    _choose(dlg.fellowship, "NA")
    qtbot.keyClicks(dlg.name, "Just for Today")
    _save(qtbot, dlg)
    idle(sec)
    [m] = _rows(house, models.OutsideMeeting)
    assert (m.resident_id, m.fellowship, m.source, m.verified) == (alex.id, "NA", "staff", False)
    tab.view.selectRow(0)
    qtbot.mouseClick(tab.verify_btn, Qt.MouseButton.LeftButton)
    idle(sec)
    assert _rows(house, models.OutsideMeeting)[0].verified
    [count] = _texts(tab.count_model)
    assert count[0] == "Alex Rivera" and count[1:3] == ["1 of 5", "1"]


def test_correct_a_sign_out_and_escape_saves_nothing(house, staff_ctx, open_section, qtbot, idle):
    alex = house.admit("Alex", "Rivera")
    signouts.sign_out(house.store, house.staff, alex.id, "Wrok",
                      at=datetime.now(UTC) - timedelta(hours=2))
    sec = open_section(staff_ctx, "signouts")
    tab = sec.signouts
    tab.out_view.selectRow(0)
    qtbot.mouseClick(tab.fix_out_btn, Qt.MouseButton.LeftButton)
    idle(sec)
    dlg = tab.dialog
    assert isinstance(dlg, CorrectSignOutDialog) and dlg.destination.text() == "Wrok"
    assert not dlg.is_back.isChecked()
    dlg.destination.setText("Work")
    _save(qtbot, dlg)
    idle(sec)
    [ev] = audit_events(house.store, "signout.correct")
    assert json.loads(ev.details)["fields"] == ["destination"]  # unchanged times are not sent
    assert _texts(tab.out_model)[0][1] == "Work"

    other = tab.open_sign_out_dialog()
    qtbot.keyClicks(other.destination, "Store")
    qtbot.keyClick(other, Qt.Key.Key_Escape)  # typed input: it asks first
    [box] = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert box.text().startswith("Discard what you typed?") and other.isVisible()
    [discard] = [b for b in box.buttons() if b.text().replace("&", "") == "Discard"]
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not other.isVisible()
    assert len(_rows(house, models.SignOut)) == 1


def test_rows_for_the_previous_house_are_ignored(house, manager_ctx, qtbot, idle, monkeypatch):
    house.admit()

    def nothing_shown_yet(sec: AccountabilitySection) -> None:
        assert sec.checkins.model.rowCount() == 0

    sec, oak_id = open_while_the_house_changes(
        qtbot, monkeypatch, manager_ctx, house, (checkins_tab, "checkin_rows"),
        AccountabilitySection, while_held=nothing_shown_yet, before_unit=True)
    idle(sec)
    assert sec.house is not None and sec.house.house_id == oak_id
    assert sec.checkins.model.rowCount() == 0


def test_incident_detail_shows_names_as_typed_not_as_markup(house, manager_ctx, open_section,
                                                            qtbot, idle):
    odd = house.admit("<i>Kim</i>", "O'Neil & Sons")
    incidents.record_incident(house.store, house.manager, house.house_id, "conflict",
                              "A <b>loud</b> evening.", [odd.id])
    sec = open_section(manager_ctx, "incidents")
    sec.incidents.view.selectRow(0)
    html = sec.incidents.detail.text()
    assert "&lt;i&gt;Kim&lt;/i&gt;" in html and "O&#x27;Neil &amp; Sons" in html
    assert "<i>Kim</i>" not in html and "A &lt;b&gt;loud&lt;/b&gt; evening." in html


def test_dialogs_open_on_their_first_field_and_enter_saves(house, manager_ctx, open_section,
                                                           qtbot, idle):
    """Enter in a field presses Save (the default button), and Tab starts at the first
    field, not on Save: both were broken in every dialog built on ServiceDialog."""
    alex = house.admit("Alex", "Rivera")
    sec = open_section(manager_ctx, "signouts")

    def opened(dlg):
        dlg.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dlg.resident)
        assert dlg.ok_button.isDefault()
        return dlg

    dlg = opened(sec.signouts.open_sign_out_dialog())
    _choose(dlg.resident, alex.id)
    qtbot.keyClicks(dlg.destination, "Work")
    qtbot.keyClick(dlg.destination, Qt.Key.Key_Return)
    idle(sec)
    assert not dlg.isVisible() and [s.destination for s in _rows(house, models.SignOut)] == ["Work"]

    sec.show_tab(sec.outside)
    idle(sec)
    dlg = opened(sec.outside.open_log_dialog())
    _choose(dlg.resident, alex.id)
    qtbot.keyClicks(dlg.name, "Just for Today")
    qtbot.keyClick(dlg.name, Qt.Key.Key_Enter)
    idle(sec)
    assert not dlg.isVisible() and len(_rows(house, models.OutsideMeeting)) == 1

    sec.show_tab(sec.screens)
    idle(sec)
    dlg = opened(sec.screens.open_record_dialog())
    _choose(dlg.resident, alex.id)
    qtbot.keyClick(dlg.substances, Qt.Key.Key_Return)  # no result yet: named, not saved
    assert dlg.isVisible() and "Result is required" in dlg.error_label.text()
    _choose(dlg.result, "negative")
    dlg.substances.setFocus()
    qtbot.keyClick(dlg.substances, Qt.Key.Key_Return)
    idle(sec)
    assert not dlg.isVisible() and len(_rows(house, models.Screen)) == 1
