"""Meetings section: schedule a weekly series, take attendance by clicks and keys, save
minutes, cancel the rest of a series; checked in the encrypted database and audit trail.
Staff (house seniors) may do all of it, so every flow runs as a manager and as staff."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from sqlmodel import select

from peerhouse.models.meetings import Attendance, Meeting
from peerhouse.services import meetings
from peerhouse.ui.manager.meetings.dialogs import CancelMeetingDialog, MeetingDialog
from peerhouse.ui.manager.meetings.section import MeetingsSection
from tests.gui.gates import Gate, open_while_the_house_changes
from tests.gui.steps import click, shown
from tests.support.audit_log import audit_events, house_today

TZ = ZoneInfo("America/Chicago")


@pytest.fixture
def settle(settle_chains):
    """Chained tasks here: saving → reload list → load attendance."""
    return settle_chains


@pytest.fixture(params=["manager_ctx", "staff_ctx"])
def ctx(request):
    return request.getfixturevalue(request.param)


def all_meetings(house) -> list[Meeting]:
    with house.store.read() as s:
        return list(s.exec(select(Meeting).order_by(Meeting.starts_at)))


def attendance(house, meeting_id: int) -> dict[int, str]:
    with house.store.read() as s:
        return {a.resident_id: a.status for a in s.exec(
            select(Attendance).where(Attendance.meeting_id == meeting_id))}


def open_section(qtbot, ctx, settle) -> MeetingsSection:
    return shown(qtbot, settle, MeetingsSection(ctx), 1070, 750)


def test_schedule_weekly_series(qtbot, ctx, house, settle):
    section = open_section(qtbot, ctx, settle)
    assert section.right.currentWidget() is section.empty
    assert "No meetings" in section.empty.text()

    click(qtbot, section.schedule_button)
    dlg = section.dialog
    assert isinstance(dlg, MeetingDialog) and dlg.isVisible()
    first = house_today() + timedelta(days=7)
    dlg.day.setDate(QDate(first.year, first.month, first.day))
    dlg.at.setTime(QTime(18, 30))
    qtbot.keyClicks(dlg.topic, "Welcoming new residents")
    qtbot.keyClicks(dlg.facilitator, "Jo")
    dlg.repeat.setChecked(True)
    dlg.weeks.setValue(4)
    assert "4 meetings" in dlg.series_note.text()
    click(qtbot, dlg.ok_button)
    settle()
    assert not dlg.isVisible()

    rows = all_meetings(house)
    assert len(rows) == 4 and len({m.series_id for m in rows}) == 1 and rows[0].series_id
    for i, m in enumerate(rows):
        here = m.starts_at.astimezone(TZ)
        assert (here.date(), here.time()) == (first + timedelta(weeks=i), time(18, 30))
        assert (m.topic, m.facilitator, m.status, m.kind) == (
            "Welcoming new residents", "Jo", "scheduled", "house")
    [ev] = audit_events(house.store, "meeting.schedule_series")
    assert json.loads(ev.details)["weeks"] == 4 and "Jo" not in ev.details
    # The list shows the series and the first one is picked.
    assert section.model.rowCount() == 4
    assert section.detail.meeting is not None and section.detail.meeting.id == rows[0].id
    assert "Welcoming new residents" in section.detail.info.text()


def test_take_attendance_with_clicks_and_keys(qtbot, ctx, house, settle):
    alex, bea, cy = house.admit("Alex", "Adams"), house.admit("Bea", "Brown"), house.admit(
        "Cy", "Cole")
    m = meetings.schedule(house.store, house.manager, house.house_id,
                          datetime.combine(house_today(), time(12, 0)), topic="Check-in round")
    section = open_section(qtbot, ctx, settle)
    assert section.detail.meeting is not None and section.detail.meeting.id == m.id
    panel = section.detail.attendance
    view, model = panel.view, panel.model
    assert [r.resident_id for r in model.rows] == [alex.id, bea.id, cy.id]
    assert panel.summary.text().startswith("0 of 3 recorded")

    # One click: Alex present.
    rect = view.visualRect(model.index(0, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()
    assert attendance(house, m.id) == {alex.id: "present"}

    # Keyboard: down to Bea, L for late.
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_L)
    settle()
    assert attendance(house, m.id) == {alex.id: "present", bea.id: "late"}
    assert model.row(1).status == "late" and "1 present, 1 late" in panel.summary.text()

    # Everyone present fills in Cy only.
    click(qtbot, panel.all_present)
    settle()
    assert attendance(house, m.id) == {alex.id: "present", bea.id: "late", cy.id: "present"}
    assert model.row(2).status == "present" and not panel.all_present.isEnabled()

    # A second click changes a status (one row per resident, upserted).
    rect = view.visualRect(model.index(0, 3))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()
    assert attendance(house, m.id)[alex.id] == "excused"
    with house.store.read() as s:
        assert len(s.exec(select(Attendance)).all()) == 3

    # Quick changes of mind are saved in click order: the last click wins.
    for col in (2, 4, 1):
        rect = view.visualRect(model.index(2, col))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()
    assert attendance(house, m.id)[cy.id] == "present" and model.row(2).status == "present"

    marks = [json.loads(e.details) for e in audit_events(house.store, "meeting.attendance")]
    assert [(d["resident_id"], d["status"]) for d in marks] == [
        (alex.id, "present"), (bea.id, "late"), (alex.id, "excused"), (cy.id, "late"),
        (cy.id, "absent"), (cy.id, "present")]
    assert all(d["meeting_id"] == m.id for d in marks)
    [bulk] = audit_events(house.store, "meeting.attendance_all_present")
    assert json.loads(bulk.details)["residents"] == [cy.id]
    assert bulk.actor == f"staff:{ctx.actor.staff_id}"


def earlier_today() -> datetime:
    """A start time already past (today, or just before midnight when run at 00:00)."""
    return datetime.now(TZ).replace(tzinfo=None, second=0, microsecond=0) - timedelta(minutes=1)


def test_save_minutes_marks_held(qtbot, ctx, house, settle):
    house.admit()
    m = meetings.schedule(house.store, house.manager, house.house_id, earlier_today())
    section = open_section(qtbot, ctx, settle)
    minutes = section.detail.minutes
    section.detail.tabs.setCurrentWidget(minutes)
    assert minutes.save_button.isVisible()
    qtbot.keyClicks(minutes.minutes, "Talked about the new chore board.")
    qtbot.keyClicks(minutes.decisions, "Quiet hours start at 10 pm.")
    assert minutes.state.text() == "Unsaved changes."
    click(qtbot, minutes.save_button)
    settle()
    row = all_meetings(house)[0]
    assert (row.status, row.minutes, row.decisions) == (
        "held", "Talked about the new chore board.", "Quiet hours start at 10 pm.")
    [ev] = audit_events(house.store, "meeting.held")
    assert ev.entity_id == str(m.id) and "chore board" not in ev.details
    assert section.detail.meeting is not None and section.detail.meeting.status == "held"
    assert minutes.save_button.text() == "Save changes" and not minutes.drafts
    assert section._status_text(row) == "Held"


def test_minutes_saved_before_the_start_say_the_meeting_is_not_held_yet(
        qtbot, manager_ctx, house, settle, monkeypatch):
    """At 9 AM, minutes of tonight's 7 PM meeting are kept but do not mark it held, and the
    pane says so; saved again once it has started, the meeting is held."""
    morning = datetime.combine(house_today(), time(9, 0), tzinfo=TZ)
    clock = [morning]
    monkeypatch.setattr(meetings, "now", lambda: clock[0])
    m = meetings.schedule(house.store, house.manager, house.house_id,
                          datetime.combine(house_today(), time(19, 0)))
    section = open_section(qtbot, manager_ctx, settle)
    minutes = section.detail.minutes
    section.detail.tabs.setCurrentWidget(minutes)
    assert minutes.save_button.isVisible() and minutes.save_button.isEnabled()
    assert "starts at 7:00 PM" in minutes.state.text()
    assert "held" in minutes.state.text() and "kept" in minutes.state.text()
    qtbot.keyClicks(minutes.minutes, "Agenda: the cookout.")
    click(qtbot, minutes.save_button)
    settle()
    row = all_meetings(house)[0]
    assert (row.status, row.minutes) == ("scheduled", "Agenda: the cookout.")
    assert section._status_text(row) == "Today" and section.detail.badge.text() == "Scheduled"
    assert minutes.state.text().startswith("Saved.") and "not started" in minutes.state.text()
    assert audit_events(house.store, "meeting.held") == []

    clock[0] = datetime.combine(house_today(), time(19, 5), tzinfo=TZ)
    section.refresh()
    settle()
    assert minutes.state.text() == "Saving marks the meeting as held."
    click(qtbot, minutes.save_button)
    settle()
    assert all_meetings(house)[0].status == "held" and len(audit_events(house.store, "meeting.held")) == 1
    assert minutes.state.text().startswith("Saved.") and section.detail.badge.text() == "Held"
    assert m.id == row.id


def test_future_meeting_cannot_get_minutes_yet(qtbot, manager_ctx, house, settle):
    meetings.schedule(house.store, house.manager, house.house_id,
                      datetime.combine(house_today() + timedelta(days=3), time(19, 0)))
    section = open_section(qtbot, manager_ctx, settle)
    minutes = section.detail.minutes
    assert minutes.save_button.isHidden()
    assert minutes.minutes.isReadOnly() and "from the day of the meeting" in minutes.state.text()


def test_cancel_this_and_later_meetings_of_a_series(qtbot, ctx, house, settle, monkeypatch):
    series = meetings.schedule_series(house.store, house.manager, house.house_id,
                                      house_today() + timedelta(days=2), time(19, 0), 4)
    section = open_section(qtbot, ctx, settle)
    section._select(1)
    settle()
    assert section.detail.meeting is not None and section.detail.meeting.id == series[1].id

    # "Keep it" changes nothing.
    click(qtbot, section.detail.cancel_button)
    settle()
    dlg = section.dialog
    assert isinstance(dlg, CancelMeetingDialog) and dlg.rest.isVisible()
    assert "2 later meetings" in dlg.rest.text()
    dlg.reject()
    assert [m.status for m in all_meetings(house)] == ["scheduled"] * 4

    click(qtbot, section.detail.cancel_button)
    settle()
    dlg = section.dialog
    dlg.rest.setChecked(True)
    click(qtbot, dlg.ok_button)
    settle()
    assert [m.status for m in all_meetings(house)] == ["scheduled"] + ["cancelled"] * 3
    [ev] = audit_events(house.store, "meeting.cancel")
    assert sorted(json.loads(ev.details)["cancelled"]) == [m.id for m in series[1:]]
    # The cancelled meeting stays picked, read-only.
    assert section.detail.meeting is not None and section.detail.meeting.status == "cancelled"
    assert not section.detail.cancel_button.isVisible()
    assert not section.detail.attendance.model.editable


def test_edit_meeting(qtbot, manager_ctx, house, settle):
    m = meetings.schedule(house.store, house.manager, house.house_id,
                          datetime.combine(house_today() + timedelta(days=1), time(19, 0)),
                          topic="Old topic")
    section = open_section(qtbot, manager_ctx, settle)
    click(qtbot, section.detail.edit_button)
    dlg = section.dialog
    assert isinstance(dlg, MeetingDialog) and dlg.topic.text() == "Old topic"
    assert not dlg.repeat.isVisible()
    dlg.topic.clear()
    qtbot.keyClicks(dlg.topic, "Planning the cookout")
    dlg.at.setTime(QTime(20, 15))
    click(qtbot, dlg.ok_button)
    settle()
    row = all_meetings(house)[0]
    assert row.topic == "Planning the cookout"
    assert row.starts_at.astimezone(TZ).time() == time(20, 15)
    assert row.starts_at.tzinfo is not None and row.starts_at.utcoffset() == timedelta(0)
    assert row.starts_at > datetime.now(UTC)
    [ev] = audit_events(house.store, "meeting.edit")
    assert sorted(json.loads(ev.details)["fields"]) == ["starts_at", "topic"]
    assert section.model.rows[0].topic == "Planning the cookout"
    assert m.id == row.id


def test_typing_during_a_save_is_kept(qtbot, manager_ctx, house, settle, monkeypatch):
    """Minutes typed while the save runs are not replaced by the saved text."""
    m = meetings.schedule(house.store, house.manager, house.house_id, earlier_today())
    section = open_section(qtbot, manager_ctx, settle)
    minutes = section.detail.minutes
    section.detail.tabs.setCurrentWidget(minutes)
    assert not section.has_unsaved_changes()
    qtbot.keyClicks(minutes.minutes, "Talked about chores.")
    assert section.has_unsaved_changes()
    gate = Gate(meetings.save_minutes)
    monkeypatch.setattr(meetings, "save_minutes", gate)
    click(qtbot, minutes.save_button)
    assert gate.started.wait(10)
    qtbot.keyClicks(minutes.minutes, " And the garden.")  # still typing while it saves
    gate.release()
    settle()
    assert all_meetings(house)[0].minutes == "Talked about chores."
    assert minutes.minutes.toPlainText() == "Talked about chores. And the garden."
    assert minutes.state.text() == "Unsaved changes." and section.has_unsaved_changes()

    click(qtbot, minutes.save_button)
    settle()
    assert all_meetings(house)[0].minutes == "Talked about chores. And the garden."
    assert minutes.state.text().startswith("Saved.")
    assert not section.has_unsaved_changes()
    # Typing back to exactly what is saved leaves nothing unsaved.
    qtbot.keyClicks(minutes.minutes, "!")
    assert section.has_unsaved_changes()
    qtbot.keyClick(minutes.minutes, Qt.Key.Key_Backspace)
    assert not section.has_unsaved_changes() and m.id not in minutes.drafts


def test_a_list_for_the_previous_house_is_ignored(qtbot, manager_ctx, house, settle,
                                                  monkeypatch):
    meetings.schedule(house.store, house.manager, house.house_id,
                      datetime.combine(house_today(), time(12, 0)))
    section, _oak = open_while_the_house_changes(qtbot, monkeypatch, manager_ctx, house,
                                                 (meetings, "list_meetings"), MeetingsSection)
    settle()
    assert section.model.rowCount() == 0
