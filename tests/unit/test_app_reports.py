"""One pipeline per report, shared by the windows (`prepare`) and the command line
(`render`): the same read, the same pages, one audit event for the read."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from peerhouse.app import reports
from peerhouse.models.audit import AuditEvent
from peerhouse.services import clock, report_output
from tests.support.pdfcheck import text


def _week(house) -> object:
    return clock.week_start(clock.local_day(clock.now(), "America/Chicago"))


def _reads(house, action: str) -> int:
    with house.store.read() as s:
        return len(list(s.exec(select(AuditEvent.seq).where(col(AuditEvent.action) == action))))


def test_every_kind_of_report_has_one_pipeline_and_a_name():
    assert set(reports.PIPELINES) == set(reports.KIND_NAMES) == report_output.KINDS
    for kind, pipe in reports.PIPELINES.items():
        assert pipe.kind == kind
        assert pipe.confidential == (kind not in report_output.PUBLIC)


def test_the_windows_and_the_command_line_get_the_same_pages(house):
    house.admit("Alex", "Rivera")
    week = _week(house)
    before = _reads(house, "report.weekly_summary")
    prepared = reports.prepare(reports.WEEKLY_MANAGER, house.store, house.manager,
                               house.house_id, week)
    model, pdf = reports.render(reports.WEEKLY_MANAGER, house.store, house.manager,
                                house.house_id, week)
    assert prepared.title.startswith("Weekly manager summary (confidential) · Maple House")
    assert prepared.file_name.startswith("Maple House manager summary ")
    assert (prepared.entity, prepared.entity_id) == ("house", house.house_id)
    assert model.house_name == prepared.model.house_name == "Maple House"
    assert model.audit_seq == prepared.model.audit_seq + 1

    def pages(m, data: bytes) -> str:  # the audit chain head printed on it differs
        return text(data).replace(f"event {m.audit_seq} {m.audit_seq}:{m.audit_hash}", "…")

    assert pages(model, pdf) == pages(prepared.model, prepared.pdf) and "Alex" in text(pdf)
    assert _reads(house, "report.weekly_summary") == before + 2  # each read, once


def test_a_password_re_renders_without_reading_again(house):
    week = _week(house)
    prepared = reports.weekly_manager_report(house.store, house.manager, house.house_id, week)
    reads = _reads(house, "report.weekly_summary")
    locked = prepared.with_password("a long pdf password")
    assert b"/Encrypt" in locked and b"/Encrypt" not in prepared.pdf
    assert _reads(house, "report.weekly_summary") == reads
    _model, cli = reports.render(reports.WEEKLY_MANAGER, house.store, house.manager,
                                 house.house_id, week, password="a long pdf password")
    assert b"/Encrypt" in cli


def test_the_public_board_never_takes_a_password(house):
    week = _week(house)
    board = reports.weekly_board_report(house.store, house.manager, house.house_id, week)
    assert not board.confidential and board.with_password("secret words") == board.pdf
    _model, pdf = reports.render(reports.WEEKLY_BOARD, house.store, house.staff,
                                 house.house_id, week, password="secret words")
    assert b"/Encrypt" not in pdf


def test_a_role_without_the_permission_gets_no_report(house):
    from peerhouse.errors import PermissionDenied

    res = house.admit()
    with pytest.raises(PermissionDenied):
        reports.render(reports.WEEKLY_MANAGER, house.store, house.staff, house.house_id,
                       _week(house))
    with pytest.raises(PermissionDenied):
        reports.render(reports.RESIDENT_PROGRESS, house.store, house.staff, res.id, 1,
                       date(2025, 1, 1), date(2025, 2, 1))
