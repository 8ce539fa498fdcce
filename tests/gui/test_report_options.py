"""Reports: the preview never outlives the options it was made for.

A confidential manager summary left in the preview after Kind was switched to the house
board could be printed and pinned on the wall. So every option (kind, house, week,
resident, consent, period, parts, the house's paper size) clears the preview and turns
Print… and Save as… off until the report is made again; a report that arrives for
options no longer chosen is dropped; and the header above the preview names the kind
Print… would produce.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.services import clock, consent, houses
from peerhouse.ui.manager.reports.section import ReportsSection
from tests.gui.conftest import make_ctx
from tests.gui.steps import shown

TZ = "America/Chicago"


@pytest.fixture
def reports(house, qtbot, settle):
    store, manager = house.store, house.manager
    today = clock.local_day(clock.now(), TZ)
    oak = houses.create_house(store, house.owner, houses.HouseRules(
        name="Oak House", capacity=4, timezone=TZ))
    ada = house.admit("Ada", "Kim", move_in_date=today - timedelta(days=60))
    ben = house.admit("Ben", "Lee", move_in_date=today - timedelta(days=60))
    consents = {}
    for who, recipient in ((ada, "County Probation"), (ada, "Drug Court"), (ben, "Clinic")):
        consents[recipient] = consent.record_consent(
            store, manager, who.id, recipient=recipient, purpose="Supervision",
            information="Attendance and chores", parts=["attendance", "chores"],
            signed_on=today, expires_on=today + timedelta(days=60)).id
    section = shown(qtbot, settle, ReportsSection(make_ctx(house, manager)), 1200, 800)
    return section, house, oak.id, ada.id, ben.id, consents


def kind(section: ReportsSection, key: str) -> None:
    section.form.kind.setCurrentIndex(section.form.kind.findData(key))


def preview(section: ReportsSection, settle) -> None:
    section.form.preview_button.click()
    settle()
    panel = section.panel
    assert panel.report is not None and panel.report.kind == section.form.kind_key
    assert panel.print_button.isEnabled() and panel.save_button.isEnabled()
    # The header names the kind Print… will produce, as the Kind list words it.
    assert panel.title.toolTip().startswith(section.form.kind.currentText() + " · ")


def assert_cleared(section: ReportsSection, what: str) -> None:
    panel = section.panel
    assert panel.report is None and panel.pdf is None, what
    assert not panel.print_button.isEnabled() and not panel.save_button.isEnabled(), what
    assert panel.stack.currentWidget() is panel.empty, what
    assert panel.title.toolTip() == "Preview", what
    assert "Show preview" in panel.empty.text(), what


def week_before(section: ReportsSection) -> None:
    (back,) = [b for b in section.form.week.findChildren(QPushButton)
               if b.accessibleName() == "Week before"]
    back.click()


def paper_a4(house) -> Callable[[ReportsSection], None]:
    def change(section: ReportsSection) -> None:
        h = houses.get_house(house.store, house.owner, house.house_id)
        rules = houses.HouseRules(**{f.name: getattr(h, f.name)
                                     for f in fields(houses.HouseRules)})
        rules.paper_size = "a4" if h.paper_size == "letter" else "letter"
        houses.update_house(house.store, house.owner, house.house_id, rules)
        section.ctx.broadcast(Changes.of(RecordKind.HOUSES))  # as Settings → House does after saving
    return change


def test_every_option_changed_after_a_preview_clears_it(reports, settle):
    section, house, oak, ada, ben, consents = reports
    form = section.form
    weekly: list[tuple[str, Callable[[ReportsSection], None]]] = [
        ("kind", lambda s: kind(s, "weekly_board")),
        ("house", lambda s: form.house.setCurrentIndex(form.house.findData(oak))),
        ("week", week_before),
        ("paper size", paper_a4(house)),
    ]
    for what, change in weekly:
        if form.house.currentData() != house.house_id:
            form.house.setCurrentIndex(form.house.findData(house.house_id))
        kind(section, "weekly_manager")
        settle()
        preview(section, settle)
        change(section)
        settle()
        assert_cleared(section, what)

    kind(section, "resident")
    settle()
    resident: list[tuple[str, Callable[[ReportsSection], None]]] = [
        ("resident", lambda s: form.resident.setCurrentIndex(form.resident.findData(ben))),
        ("consent", lambda s: form.consent.setCurrentIndex(
            form.consent.findData(consents["Drug Court"]))),
        ("period", lambda s: form.period.start_edit.setDate(
            form.period.start_edit.date().addDays(-3))),
        ("parts", lambda s: form.parts["chores"].setChecked(False)),
        ("kind", lambda s: kind(s, "weekly_manager")),
    ]
    for what, change in resident:
        kind(section, "resident")
        settle()
        form.resident.setCurrentIndex(form.resident.findData(ada))
        settle()
        form.consent.setCurrentIndex(form.consent.findData(consents["County Probation"]))
        preview(section, settle)
        change(section)
        settle()
        assert_cleared(section, what)


def test_a_report_arriving_for_options_no_longer_chosen_is_dropped(reports, settle, qtbot):
    section, *_ = reports
    panel = section.panel
    kind(section, "weekly_manager")
    section.form.preview_button.click()  # made in the background …
    kind(section, "weekly_board")  # … while the manager switches to the public board
    settle()
    assert_cleared(section, "late result")
    assert "changed" in panel.status.text()
    # Print's shortcut does nothing without a preview.
    qtbot.keyClick(section, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert panel.report is None
    preview(section, settle)
    assert panel.report.kind == "weekly_board" and not panel.report.confidential


def test_the_header_names_each_kind(reports, settle):
    section, _house, _oak, ada, _ben, consents = reports
    for key in ("weekly_board", "weekly_manager"):
        kind(section, key)
        settle()
        preview(section, settle)
    kind(section, "resident")
    settle()
    section.form.resident.setCurrentIndex(section.form.resident.findData(ada))
    settle()
    section.form.consent.setCurrentIndex(
        section.form.consent.findData(consents["County Probation"]))
    preview(section, settle)
    assert "Ada Kim" in section.panel.title.toolTip()
