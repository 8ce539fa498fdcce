"""Reports in the manager window: preview from memory, save with a password, print to a
QPrinter (PDF format, under tmp_path), and nothing left in the system temp folder.

The system temp folder is pointed at an empty folder for the test, so anything the
preview, the print job or the save might write there would be found.
"""

from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDir
from PySide6.QtPrintSupport import QPrinter
from sqlmodel import col, select

from peerhouse.clock_text import week_of
from peerhouse.models import AuditEvent, Meeting, Resident
from peerhouse.services import clock, consent
from peerhouse.services.report_weeks import default_week
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.meetings.section import MeetingsSection
from peerhouse.ui.manager.reports.section import ReportsSection
from tests.gui.steps import shown
from tests.support.demo_db import demo_database
from tests.support.pdfcheck import text


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = demo_database(tmp_path_factory.mktemp("gui-reports"), years=0.2, seed=5)
    yield db
    db.store.close()


@pytest.fixture
def system_temp(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    assert Path(QDir.tempPath()).resolve() == folder.resolve()
    return folder


def ctx_for(demo, actor, username: str) -> AppContext:
    return AppContext(demo.paths, demo.store, actor, username, username.title(), demo.house_id)


def pdf_printer(target: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def events(demo, action: str) -> list[AuditEvent]:
    with demo.store.read() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)
                           .order_by(col(AuditEvent.seq))))


def test_progress_report_preview_save_and_print_leave_nothing_in_temp(qtbot, settle, demo,
                                                                       tmp_path, system_temp):
    today = clock.local_day(clock.now(), demo.timezone)
    with demo.store.read() as s:
        res = s.exec(select(Resident).where(Resident.house_id == demo.house_id,
                                            Resident.status == "active")
                     .order_by(col(Resident.id))).first()
    signed = consent.record_consent(demo.store, demo.manager, res.id, recipient="County Probation",
                                    purpose="Supervision",
                                    information="Attendance, chores and screen results",
                                    parts=["attendance", "chores", "screens"],
                                    signed_on=today, expires_on=today + timedelta(days=60))
    section = shown(qtbot, settle, ReportsSection(ctx_for(demo, demo.manager, "manny")), 1200, 800)
    form, panel = section.form, section.panel
    form.kind.setCurrentIndex(form.kind.findData("resident"))
    settle()
    form.resident.setCurrentIndex(form.resident.findData(res.id))
    settle()
    assert form.consent.findData(signed.id) >= 0
    form.consent.setCurrentIndex(form.consent.findData(signed.id))
    assert form.sections() == ["attendance", "chores", "screens"]
    form.parts["screens"].setChecked(False)  # the manager leaves a covered part out
    form.preview_button.click()
    settle()
    assert panel.report is not None and panel.report.kind == "resident"
    assert panel.pdf is not None and panel.pdf.pages >= 1
    assert res.last_name not in panel.report.file_name and panel.password.isVisible()

    out = tmp_path / "out"
    out.mkdir()
    panel.password.setText("short")
    panel.ask_save_path = lambda _parent, name: out / name
    panel.save()
    assert "at least 8" in panel.password_error.text() and not list(out.iterdir())
    panel.password.setText("probation-pass-1")
    panel.save()
    settle()
    (saved,) = out.iterdir()
    reader = PdfReader(saved)
    assert reader.is_encrypted and reader.decrypt("probation-pass-1") > 0
    body = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "County Probation" in body and "Drug and alcohol screens" not in body

    panel.choose_printer = lambda _parent, _pages: pdf_printer(out / "printed.pdf")
    panel.print_()
    settle()
    printed = PdfReader(out / "printed.pdf")
    assert len(printed.pages) == panel.pdf.pages and "Sent" in panel.status.text()

    details = [json.loads(e.details) for e in events(demo, "report.saved")]
    assert {"report": "resident", "pages": panel.pdf.pages, "protected": True} in details
    assert [json.loads(e.details)["report"] for e in events(demo, "report.printed")] == ["resident"]

    # The manager summary too, then nothing of either anywhere in the temp folder.
    form.kind.setCurrentIndex(form.kind.findData("weekly_manager"))
    form.preview_button.click()
    settle()
    assert panel.report.kind == "weekly_manager" and panel.report.confidential
    panel.choose_printer = lambda _parent, _pages: pdf_printer(out / "summary.pdf")
    panel.print_()
    settle()
    assert (out / "summary.pdf").stat().st_size > 0
    names = {res.first_name, res.last_name, f"{res.first_name} {res.last_name}"}
    for f in system_temp.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert not data.startswith(b"%PDF"), f
            assert not any(n.encode() in data for n in names), f


def test_staff_can_print_the_board_only(qtbot, settle, demo, tmp_path, system_temp):
    section = ReportsSection(ctx_for(demo, demo.staff, "sam"))
    qtbot.addWidget(section)
    section.show()
    settle()
    form, panel = section.form, section.panel
    assert [form.kind.itemData(i) for i in range(form.kind.count())] == ["weekly_board"]
    week = clock.week_start(clock.local_day(clock.now(), demo.timezone))
    assert form.week_start() == week
    form.preview_button.click()
    settle()
    assert panel.report.kind == "weekly_board" and not panel.password.isVisible()
    body = text(panel.report.pdf)
    assert "988" in body and "CONFIDENTIAL" not in body
    panel.ask_save_path = lambda _parent, name: tmp_path / name
    panel.save()
    settle()
    assert (tmp_path / panel.report.file_name).read_bytes() == panel.report.pdf
    assert not list(system_temp.iterdir())


def test_the_week_picked_first_is_the_command_lines_and_reads_as_a_week(qtbot, settle, demo):
    """Board: this week; manager summary: last week, as `peerhouse report weekly` without
    --week. The window, its preview header and the paper say "Week of …", never an ISO
    week number."""
    section = ReportsSection(ctx_for(demo, demo.manager, "manny"))
    qtbot.addWidget(section)
    section.show()
    settle()
    form, panel = section.form, section.panel
    today = clock.local_day(clock.now(), demo.timezone)
    for key, kind, what in (("weekly_board", "board", "house board"),
                            ("weekly_manager", "manager", "manager summary")):
        form.kind.setCurrentIndex(form.kind.findData(key))
        settle()
        week = default_week(kind, today)
        assert form.week_start() == week and form.week.label.text() == week_of(week)
        assert form.week_label.text().endswith(f"the usual week for the {what}.")
        assert "ISO" not in form.week_label.text()
        form.preview_button.click()
        settle()
        assert week_of(week, year=True) in panel.report.title
        body = text(panel.report.pdf)
        assert week_of(week, year=True) in body and clock.iso_week_label(week) not in body
    assert default_week("manager", today) == default_week("board", today) - timedelta(days=7)
    form.week.set_week(form.week_start() - timedelta(days=7), emit=True)
    assert form.week_label.text() == ("The manager summary is usually made for last week, "
                                      "the last full one.")


@pytest.mark.parametrize("who", ["staff", "manager"])
def test_meeting_sign_in_sheet_and_minutes_open_in_the_preview(qtbot, settle, demo, system_temp,
                                                                who):
    ctx = ctx_for(demo, getattr(demo, who), who)
    section = MeetingsSection(ctx)
    qtbot.addWidget(section)
    section.show()
    settle()
    with demo.store.read() as s:
        held = s.exec(select(Meeting).where(Meeting.house_id == demo.house_id,
                                            Meeting.status == "held")
                      .order_by(col(Meeting.starts_at).desc())).first()
    section.selected_id = held.id
    section.refresh()
    settle()
    assert section.detail.meeting.id == held.id and section.detail.print_button.isVisible()
    minutes = who == "manager"  # staff print sign-in sheets, never the confidential minutes
    assert section.detail.minutes_action.isVisible() == minutes
    assert section.detail.minutes_action.isEnabled() == minutes
    for kind in ("sign_in_sheet", "meeting_minutes")[:2 if minutes else 1]:
        section.detail.print_requested.emit(kind)
        settle()
        dialog = section.dialog
        assert dialog.isVisible() and dialog.panel.report.kind == kind
        body = text(dialog.panel.report.pdf)
        assert ("Meeting sign-in sheet" if kind == "sign_in_sheet" else "Meeting minutes") in body
        dialog.reject()
        assert dialog.panel.pdf is None
    assert not list(system_temp.iterdir())


def test_print_dialog_offers_the_page_range_and_cancel_prints_nothing(qtbot, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QWidget

    from peerhouse.ui.manager.reports.pdf_panel import choose_printer

    seen = {}

    def fake_exec(dialog) -> int:
        seen["range"] = (dialog.minPage(), dialog.maxPage())
        return seen.get("answer", 1)

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert isinstance(choose_printer(parent, 3), QPrinter) and seen["range"] == (1, 3)
    seen["answer"] = 0
    assert choose_printer(parent, 3) is None


def test_a_saved_pdf_is_removed_when_its_audit_event_cannot_be_saved(house, tmp_path,
                                                                     monkeypatch):
    from peerhouse.app.reports import weekly_board_report
    from peerhouse.errors import WriteFailed
    from peerhouse.ui.manager.reports import pdf_panel

    report = weekly_board_report(house.store, house.manager, house.house_id,
                                 clock.week_start(clock.local_day(clock.now(), "America/Chicago")))

    def disk_full(*_a, **_k):
        raise WriteFailed("The change could not be saved: the disk is full.")

    monkeypatch.setattr(pdf_panel, "record_output", disk_full)
    target = tmp_path / "board.pdf"
    with pytest.raises(WriteFailed):
        pdf_panel._save(house.store, house.manager, report, target, None, 1)
    assert not target.exists()
