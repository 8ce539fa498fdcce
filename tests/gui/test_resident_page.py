"""The resident page driven as a manager and as staff, checked in the encrypted database
and the audit trail: tabs by role, timeline, chart, goals, mentoring, consents, back."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlmodel import col, select

from peerhouse.app.ops import ReadOp
from peerhouse.models.audit import AuditEvent
from peerhouse.models.consent import Consent
from peerhouse.models.growth import Goal, GoalNote, GoalStep, MentorSession
from peerhouse.models.people import Resident
from peerhouse.services import checkins, goals, outside_meetings, screens, timeline
from peerhouse.services import mentoring as mentoring_service
from peerhouse.services.clock import now
from peerhouse.services.timeline import Kind
from peerhouse.ui.manager.residents.page import consents as resident_page_consents
from peerhouse.ui.manager.residents.page import mentoring as resident_page_mentoring
from peerhouse.ui.manager.residents.page import timeline as timeline_page
from peerhouse.ui.manager.residents.page.page import ResidentPage
from tests.gui.gates import Gate, enough_threads
from tests.gui.steps import shown

CHI = ZoneInfo("America/Chicago")


def _today() -> date:
    return now().astimezone(CHI).date()


def _actions(house) -> list[str]:
    with house.store.read() as s:
        return [e.action for e in s.exec(select(AuditEvent).order_by(col(AuditEvent.seq)))]


@pytest.fixture
def alex(house):
    """A demo-like resident: a week of check-ins, two screens, a goal, an outside meeting."""
    st, m = house.store, house.manager
    res = house.admit("Alex", "Rivera", preferred_name="Lex", bed="B2",
                      move_in_date=_today() - timedelta(days=20),
                      sobriety_date=_today() - timedelta(days=50), notes="Prefers mornings")
    t = now()
    for k in range(5):
        checkins.submit_checkin(st, m, res.id, mood=3 + k % 3, craving=k, slept_well=True,
                                at=t - timedelta(days=k))
    screens.record_screen(st, m, res.id, "urine", "random", "negative", at=t - timedelta(days=2))
    screens.record_screen(st, m, res.id, "breath", "scheduled", "negative", at=t - timedelta(days=9))
    goals.create_goal(st, m, res.id, "work", "Find a part-time job",
                      steps=["Update CV", "Apply to three places"])
    outside_meetings.log(st, m, res.id, _today(), "NA", "Basic Text", "Library")
    return res


@pytest.fixture
def idle(qtbot, settle):
    """Wait until the page has finished every load and save, including reloads they start."""

    def _idle(page: ResidentPage) -> None:
        qtbot.waitUntil(lambda: not page.busy, timeout=15000)
        settle()
        assert not page.busy

    return _idle


def _page(qtbot, ctx, idle, resident_id: int) -> ResidentPage:
    page = ResidentPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    qtbot.waitExposed(page)
    page.show_resident(resident_id)
    idle(page)
    return page


def _show_tab(page: ResidentPage, tab, idle) -> None:
    page.tabs.setCurrentWidget(tab)
    idle(page)


def test_manager_sees_every_tab_timeline_chart_and_goals(qtbot, manager_ctx, house, alex, idle):
    page = _page(qtbot, manager_ctx, idle, alex.id)
    assert page.tab_titles() == ["Overview", "Timeline", "Goals", "Mentoring", "Consents", "Chart"]
    assert page.name_label.text() == "Alex Rivera"
    facts = page.facts_label.text()
    assert "Goes by Lex" in facts and "Current resident" in facts and "Bed B2" in facts
    assert page.profile is not None and page.profile.phase in facts
    assert page.overview.sober_value.text() == "50 days"
    assert "60 days" in page.overview.next_label.text() and "10 days to go" in page.overview.next_label.text()
    assert page.overview.notes_card is not None and page.overview.notes_label.text() == "Prefers mornings"
    # The curfew they keep, from the one rule (a new resident's first phase has its own).
    facts = [lb.text() for lb in page.overview.stay_card.findChildren(QLabel)]
    assert "Curfew" in facts
    assert ("9:00 PM Sun–Thu nights (Phase 1 – Orientation's curfew)\n"
            "11:59 PM Fri–Sat nights (the weekend curfew)") in facts
    # Only the profile was read so far: tabs load when shown.
    assert "timeline.read" not in _actions(house) and "screen.read" not in _actions(house)

    _show_tab(page, page.timeline_tab, idle)
    rows = page.timeline_tab.model.rows
    kinds = {r.kind for r in rows}
    assert {Kind.CHECKIN, Kind.SCREEN, Kind.GOAL, Kind.OUTSIDE_MEETING, Kind.STAY} <= kinds
    assert sum(1 for r in rows if r.kind == Kind.SCREEN) == 2
    assert any(str(r.summary).startswith("Checked in — mood") for r in rows)
    assert _actions(house).count("timeline.read") == 1
    # Newest first in the view.
    first = page.timeline_tab.proxy.row_at(0)
    assert first.sort_key == max(r.sort_key for r in rows)
    # Filter by kind: only screens.
    tl = page.timeline_tab
    tl.kind_box.setCurrentIndex(tl.kind_box.findData(str(Kind.SCREEN)))
    assert tl.proxy.rowCount() == 2
    tl.kind_box.setCurrentIndex(0)
    tl.search.setText("basic text")
    assert tl.proxy.rowCount() == 1
    tl.search.clear()

    _show_tab(page, page.chart_tab, idle)
    chart = page.chart_tab
    assert chart.mood_series.count() == 5 and chart.craving_series.count() == 5
    assert {p.y() for p in chart.craving_series.points()} == {0, 1, 2, 3, 4}
    assert "5 check-ins in the last 30 days" in chart.summary.text()
    chart.period_buttons[90].click()
    idle(page)
    assert chart.days == 90 and len(chart.points) == 90 and chart.mood_series.count() == 5

    _show_tab(page, page.goals_tab, idle)
    tree = page.goals_tab.tree
    assert tree.topLevelItemCount() == 1
    goal_item = tree.topLevelItem(0)
    assert goal_item.text(0).startswith("Find a part-time job") and goal_item.text(1) == "Active"
    assert [goal_item.child(i).text(0) for i in range(goal_item.childCount())] == [
        "Update CV", "Apply to three places"]
    assert goal_item.child(0).checkState(0) == Qt.CheckState.Unchecked


def test_consent_recorded_and_revoked(qtbot, manager_ctx, house, alex, idle, monkeypatch):
    page = _page(qtbot, manager_ctx, idle, alex.id)
    tab = page.consents_tab
    _show_tab(page, tab, idle)
    assert tab.body.showing_empty and "No consents on record" in tab.body.message.text()

    # A missing recipient is named next to the field; nothing is saved.
    dialog = tab.record_consent()
    dialog.fields["purpose"].setText("Progress updates for the court")
    dialog.fields["information to share"].setPlainText("Attendance and screen results")
    dialog.ok_button.click()
    idle(page)
    assert dialog.isVisible()
    assert dialog.errors.label.text() == "Recipient is required."
    with house.store.read() as s:
        assert s.exec(select(Consent)).all() == []

    qtbot.keyClicks(dialog.fields["recipient"], "County probation office")
    # No part of a report ticked (none is, to begin with): asked for next to the boxes.
    picker = dialog.fields["parts"]
    assert picker.selected() == [] and not any(b.isChecked() for b in picker.boxes.values())
    dialog.ok_button.click()
    idle(page)
    assert dialog.isVisible() and dialog.errors.label.text().startswith("Check at least one part")
    assert picker.property("invalid") is True
    with house.store.read() as s:
        assert s.exec(select(Consent)).all() == []
    # From the keyboard: Space ticks the box that has focus.
    for key in ("attendance", "screens"):
        qtbot.keyClick(picker.boxes[key], Qt.Key.Key_Space)
    assert picker.selected() == ["attendance", "screens"]
    dialog.ok_button.click()
    idle(page)
    assert not dialog.isVisible()
    with house.store.read() as s:
        [saved] = s.exec(select(Consent)).all()
    assert (saved.resident_id, saved.recipient, saved.signed_on) == (
        alex.id, "County probation office", _today())
    assert saved.expires_on == _today() + timedelta(days=365) and saved.revoked_on is None
    assert saved.parts == "attendance,screens"
    assert saved.information == "Attendance and screen results"
    assert "consent.record" in _actions(house)
    assert tab.model.rowCount() == 1 and tab.model.rows[0].state_text == "Current"
    assert tab.model.rows[0].parts_text == "Attendance, screens"
    assert tab.model.rows[0].parts_tip == ("A progress report may hold: meeting attendance, "
                                           "drug and alcohol screens.")

    asked: list[str] = []
    monkeypatch.setattr(resident_page_consents, "confirm",
                        lambda _p, _t, text, yes="": asked.append(text) or True)
    tab.view.selectRow(0)
    assert tab.revoke_button.isEnabled()
    tab.revoke_button.click()
    idle(page)
    assert asked and "County probation office" in asked[0]
    with house.store.read() as s:
        assert s.get(Consent, saved.id).revoked_on == _today()
    assert _actions(house).count("consent.revoke") == 1
    assert tab.model.rows[0].state_text.startswith("Revoked on")
    tab.view.selectRow(0)
    assert not tab.revoke_button.isEnabled()  # a revocation cannot be undone


def test_revoke_needs_a_yes(qtbot, manager_ctx, house, alex, idle, monkeypatch):
    from peerhouse.services import consent

    consent.record_consent(house.store, house.manager, alex.id, recipient="Clinic",
                           purpose="Care", information="Attendance", parts=["attendance"],
                           signed_on=_today(),
                           expires_on=_today() + timedelta(days=30))
    page = _page(qtbot, manager_ctx, idle, alex.id)
    _show_tab(page, page.consents_tab, idle)
    monkeypatch.setattr(resident_page_consents, "confirm", lambda *_a, **_k: False)
    page.consents_tab.view.selectRow(0)
    page.consents_tab.revoke_button.click()
    idle(page)
    with house.store.read() as s:
        assert s.exec(select(Consent)).one().revoked_on is None
    assert "consent.revoke" not in _actions(house)


def test_goal_step_note_and_mentoring(qtbot, manager_ctx, house, alex, idle, monkeypatch):
    jo = house.admit("Jo", "Park", bed="B3")
    page = _page(qtbot, manager_ctx, idle, alex.id)
    tab = page.goals_tab
    _show_tab(page, tab, idle)

    dialog = tab.new_goal()
    dialog.fields["area"].setCurrentIndex(dialog.fields["area"].findData("health"))
    qtbot.keyClicks(dialog.fields["title"], "Walk every morning")
    dialog.fields["step"].setPlainText("Buy shoes\nWalk 10 minutes")
    dialog.fields["target date"].setText("someday")
    dialog.ok_button.click()
    idle(page)
    assert dialog.isVisible() and "Target date" in dialog.errors.label.text()
    dialog.fields["target date"].setText((_today() + timedelta(days=60)).isoformat())
    dialog.ok_button.click()
    idle(page)
    assert not dialog.isVisible()
    with house.store.read() as s:
        goal = s.exec(select(Goal).where(Goal.title == "Walk every morning")).one()
        assert goal.area == "health" and goal.target_date == _today() + timedelta(days=60)
        assert [st.text for st in s.exec(select(GoalStep).where(GoalStep.goal_id == goal.id)
                                         .order_by(col(GoalStep.position)))] == [
            "Buy shoes", "Walk 10 minutes"]
    assert tab.tree.topLevelItemCount() == 2

    # Tick the first step of the new goal (newest goal is listed first).
    item = tab.tree.topLevelItem(0)
    assert item.text(0).startswith("Walk every morning")
    tab.tree.setCurrentItem(item)
    item.child(0).setCheckState(0, Qt.CheckState.Checked)
    idle(page)
    with house.store.read() as s:
        step = s.exec(select(GoalStep).where(GoalStep.text == "Buy shoes")).one()
        assert step.done_at is not None
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    note = tab.add_note()
    note.fields["note"].setPlainText("Walked three mornings this week")
    note.ok_button.click()
    idle(page)
    with house.store.read() as s:
        assert s.exec(select(GoalNote)).one().text == "Walked three mornings this week"
    assert tab.notes.item(0).text().endswith("Walked three mornings this week")
    assert {"goal.create", "goal.step.done", "goal.note.add"} <= set(_actions(house))

    mentoring = page.mentoring_tab
    _show_tab(page, mentoring, idle)
    assert mentoring.mentor_label.text() == "No peer mentor yet"
    assert mentoring.body.showing_empty
    # No mentor, no session to log: the button says why, and Choose mentor is the way on.
    assert not mentoring.log_button.isEnabled()
    assert mentoring.log_button.toolTip() == str(resident_page_mentoring.NO_MENTOR)
    assert mentoring.no_mentor_note.isVisible()
    assert mentoring.no_mentor_note.text() == str(resident_page_mentoring.NO_MENTOR)
    mentoring.log_session()
    idle(page)
    assert mentoring.dialog is None
    mentoring.choose_button.click()
    idle(page)
    dialog = mentoring.dialog
    box = dialog.fields["peer mentor"]
    # (findData compares wrapped Python tuples by identity, so look the item up by value.)
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemData(i) == (jo.id, None)))
    assert box.currentText() == "Jo Park (resident)"
    dialog.ok_button.click()
    idle(page)
    with house.store.read() as s:
        assert s.get(Resident, alex.id).mentor_resident_id == jo.id
    assert mentoring.mentor_label.text() == "Jo Park"
    assert mentoring.log_button.isEnabled() and not mentoring.no_mentor_note.isVisible()
    mentoring.log_button.click()
    idle(page)
    dialog = mentoring.dialog
    assert dialog.fields["peer mentor"].currentData() == (jo.id, None)
    dialog.fields["note"].setPlainText("Talked about the new job")
    dialog.ok_button.click()
    idle(page)
    with house.store.read() as s:
        [logged] = s.exec(select(MentorSession)).all()
    assert (logged.mentee_id, logged.mentor_resident_id, logged.note) == (
        alex.id, jo.id, "Talked about the new job")
    assert mentoring.model.rowCount() == 1 and mentoring.model.rows[0].mentor == "Jo Park"

    monkeypatch.setattr(resident_page_mentoring, "confirm", lambda *_a, **_k: True)
    mentoring.end_button.click()
    idle(page)
    with house.store.read() as s:
        assert s.get(Resident, alex.id).mentor_resident_id is None
    assert mentoring.mentor_label.text() == "No peer mentor yet"
    assert mentoring.model.rowCount() == 1  # the log is kept
    assert not mentoring.log_button.isEnabled() and mentoring.no_mentor_note.isVisible()


def test_staff_see_no_confidential_tabs_or_rows(qtbot, staff_ctx, house, alex, idle):
    page = _page(qtbot, staff_ctx, idle, alex.id)
    assert page.tab_titles() == ["Overview", "Timeline"]
    assert page.goals_tab is None and page.consents_tab is None and page.chart_tab is None
    assert page.mentoring_tab is None
    assert page.overview.notes_card is None
    shown = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "Prefers mornings" not in shown and "notes" not in shown.lower()
    before = len(_actions(house))
    _show_tab(page, page.timeline_tab, idle)
    rows = page.timeline_tab.model.rows
    kinds = {r.kind for r in rows}
    assert Kind.CHECKIN in kinds and Kind.OUTSIDE_MEETING in kinds
    assert not kinds & {Kind.SCREEN, Kind.INCIDENT, Kind.GOAL, Kind.CONSENT, Kind.MENTORING,
                        Kind.SOBRIETY}
    assert {str(r.summary) for r in rows if r.kind == Kind.CHECKIN} == {"Checked in"}
    box = page.timeline_tab.kind_box
    offered = [box.itemText(i) for i in range(box.count())]
    assert "Screen" not in offered and "Incident" not in offered and "Goal" not in offered
    assert len(_actions(house)) == before  # no sensitive read happened


def test_back_on_escape_alt_left_and_button(qtbot, manager_ctx, alex, idle):
    page = _page(qtbot, manager_ctx, idle, alex.id)
    page.activateWindow()
    _show_tab(page, page.timeline_tab, idle)
    page.timeline_tab.view.setFocus()
    with qtbot.waitSignal(page.back, timeout=2000):
        qtbot.keyClick(page.timeline_tab.view, Qt.Key.Key_Escape)
    with qtbot.waitSignal(page.back, timeout=2000):
        qtbot.keyClick(page.timeline_tab.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(page.back, timeout=2000):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)


def test_switching_residents_and_milestone_day(qtbot, manager_ctx, house, alex, idle):
    thirty = house.admit("Sam", "Lee", sobriety_date=_today() - timedelta(days=30))
    page = _page(qtbot, manager_ctx, idle, alex.id)
    _show_tab(page, page.timeline_tab, idle)
    # Open another resident before anything settles: only the last one is shown.
    page.show_resident(alex.id)
    page.show_resident(thirty.id)
    idle(page)
    assert page.name_label.text() == "Sam Lee"
    assert page.tabs.currentWidget() is page.overview
    assert page.overview.celebrate_row.isVisibleTo(page.overview)
    assert "30 days today" in page.overview.celebrate_label.text()
    assert "60 days" in page.overview.next_label.text()
    _show_tab(page, page.timeline_tab, idle)
    assert not any(r.kind == Kind.SCREEN for r in page.timeline_tab.model.rows)


def test_an_older_period_never_replaces_a_newer_one(qtbot, manager_ctx, house, alex, idle,
                                                    monkeypatch):
    """Results that come back out of order: only the latest period asked for is shown."""
    page = _page(qtbot, manager_ctx, idle, alex.id)
    _show_tab(page, page.timeline_tab, idle)
    tl = page.timeline_tab
    expected = len(tl.model.rows)
    assert expected > 1
    # The held (older) request waits before its unit opens (an audited read holds the
    # write lock while it reads), and gives a different answer.
    gate = Gate(lambda op, *a: ReadOp.run(op, *a)[:1])
    calls = iter([gate])

    class FirstHeld(ReadOp):
        def run(self, *args):
            return next(calls, ReadOp.run)(self, *args)

    monkeypatch.setattr(timeline_page, "ReadOp", FirstHeld)
    with enough_threads():
        tl.range_box.setCurrentIndex(3)  # "Everything": slow, held back
        qtbot.waitUntil(gate.started.is_set, timeout=10000)
        tl.range_box.setCurrentIndex(1)  # back to the last 90 days: answered at once
        qtbot.waitUntil(lambda: tl._loading == 1, timeout=10000)
        gate.release()
        idle(page)
    assert len(tl.model.rows) == expected
    assert "(last 90 days)" in tl.status.text()

    _show_tab(page, page.chart_tab, idle)
    chart = page.chart_tab
    real_series = timeline.mood_series
    held = Gate(real_series)
    series_calls = iter([held])

    def mood_series(*args):
        return next(series_calls, real_series)(*args)

    mood_series.spec = real_series.spec  # still the audited service: it opens its own unit
    monkeypatch.setattr(timeline, "mood_series", mood_series)
    with enough_threads():
        chart.period_buttons[90].click()  # held back
        qtbot.waitUntil(held.started.is_set, timeout=10000)
        chart.period_buttons[30].click()
        qtbot.waitUntil(lambda: chart._loading == 1, timeout=10000)
        held.release()
        idle(page)
    assert chart.days == 30 and len(chart.points) == 30


@pytest.fixture
def pc_in_tokyo(monkeypatch):
    """This PC's clock in another zone than the house (Chicago)."""
    import time as _time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    _time.tzset()
    yield
    monkeypatch.undo()
    _time.tzset()


def test_mentoring_session_time_is_house_time(qtbot, manager_ctx, house, alex, idle,
                                              pc_in_tokyo):
    from PySide6.QtCore import QDate, QDateTime, QTime

    mentoring_service.assign_mentor(house.store, house.manager, alex.id,
                                    mentor_staff_id=house.manager.staff_id)
    page = _page(qtbot, manager_ctx, idle, alex.id)
    mentoring = page.mentoring_tab
    _show_tab(page, mentoring, idle)
    mentoring.log_button.click()
    idle(page)
    dialog = mentoring.dialog
    when = dialog.fields["time"]
    house_now = now().astimezone(CHI)
    shown = when.dateTime().toPython()
    assert abs(shown - house_now.replace(tzinfo=None, second=0, microsecond=0)) \
        < timedelta(minutes=2)  # opens on the house's clock, not this PC's
    day = _today() - timedelta(days=1)
    when.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(18, 30)))
    box = dialog.fields["peer mentor"]
    box.setCurrentIndex(max(0, box.count() - 1))
    dialog.ok_button.click()
    idle(page)
    with house.store.read() as s:
        [logged] = s.exec(select(MentorSession)).all()
    expected = datetime.combine(day, time(18, 30), tzinfo=CHI)
    assert logged.at == expected


def test_consent_from_the_dialog_limits_the_progress_report(qtbot, manager_ctx, house, alex,
                                                           idle, settle):
    """Recorded in the real dialog with two parts ticked, the consent lets Reports tick only
    those two, and the PDF holds nothing else (Alex has screens on record)."""
    from pypdf import PdfReader

    from peerhouse.ui.manager.reports.section import ReportsSection

    page = _page(qtbot, manager_ctx, idle, alex.id)
    tab = page.consents_tab
    _show_tab(page, tab, idle)
    dialog = tab.record_consent()
    dialog.fields["recipient"].setText("Riverside Treatment Center")
    dialog.fields["purpose"].setText("Coordinating care")
    dialog.fields["information to share"].setPlainText("Meeting attendance and check-ins")
    dialog.fields["parts"].boxes["attendance"].setChecked(True)
    dialog.fields["parts"].boxes["checkins"].setChecked(True)
    dialog.ok_button.click()
    idle(page)
    assert not dialog.isVisible()

    section = shown(qtbot, settle, ReportsSection(manager_ctx), 1200, 800)
    form = section.form
    form.kind.setCurrentIndex(form.kind.findData("resident"))
    settle()
    form.resident.setCurrentIndex(form.resident.findData(alex.id))
    settle()
    assert form.consent.count() == 1 and form.preview_button.isEnabled()
    assert {k for k, b in form.parts.items() if b.isEnabled()} == {"attendance", "checkins"}
    assert form.sections() == ["attendance", "checkins"]  # ticked to begin with
    assert not form.parts["screens"].isChecked()
    assert "covers: meeting attendance, daily check-ins" in form.consent_note.text()
    form.preview_button.click()
    settle()
    report = section.panel.report
    assert report is not None and report.kind == "resident"
    body = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.pdf)).pages)
                    .split())
    assert "Riverside Treatment Center" in body and "Daily check-ins" in body
    assert "Meeting attendance, daily check-ins." in body  # "This report covers"
    for absent in ("Drug and alcohol screens", "Screens", "negative", "Goals", "Find a part-time"):
        assert absent not in body, absent

    # Had the boxes been wrong, the service would still refuse, and the form says why.
    form.parts["screens"].setEnabled(True)
    form.parts["screens"].setChecked(True)
    form.preview_button.click()
    settle()
    assert form.error.text() == ("This consent does not cover drug and alcohol screens. The "
                                 "resident agreed to share: meeting attendance, daily "
                                 "check-ins.")
    # Ticking a part cleared the preview (it no longer matched the options), and the
    # refused report left nothing to print in its place.
    assert section.panel.report is None and not section.panel.print_button.isEnabled()
    assert _actions(house).count("report.resident") == 1
    assert _actions(house).count("report.resident_refused") == 1
