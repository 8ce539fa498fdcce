"""Every PDF built from a real demo database and read back (pdfplumber / pypdf).

The manager summary must show one row per resident with the database's counts; the
house board none of anyone's confidential fields; the resident report only under a
current consent; the chain head printed must be the one `peerhouse check` reports.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from sqlmodel import col, select

from peerhouse.cli import build_parser
from peerhouse.clock_text import week_of, week_span
from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.models import (
    Attendance,
    AuditEvent,
    CheckIn,
    Chore,
    ChoreAssignment,
    Goal,
    House,
    Incident,
    Meeting,
    OutsideMeeting,
    Phase,
    Resident,
    Screen,
    Stay,
)
from peerhouse.reports.meeting_papers import build_minutes, build_sign_in_sheet
from peerhouse.reports.resident_progress import build_resident_progress
from peerhouse.reports.weekly_board import build_weekly_board
from peerhouse.reports.weekly_manager import build_weekly_manager
from peerhouse.reports.wording import PART2_NOTICE, PART2_SHORT
from peerhouse.services import clock, consent, houses, meetings
from peerhouse.services.actor import Actor
from peerhouse.services.consent import ConsentNotCurrent
from peerhouse.services.curfew import house_curfews
from peerhouse.services.meeting_papers import meeting_minutes, sign_in_sheet
from peerhouse.services.progress import resident_progress
from peerhouse.services.report_weeks import DEFAULTS, default_week
from peerhouse.services.summaries import weekly_summary
from peerhouse.services.weekly_board import weekly_board_data
from peerhouse.store.audit import verify_chain
from tests.support.demo_db import OWNER_PASSWORD, demo_database
from tests.support.pdfcheck import layout_problems, tables, text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = demo_database(tmp_path_factory.mktemp("reports"))
    yield db
    db.store.close()


def last_week(demo) -> date:
    today = clock.local_day(clock.now(), demo.timezone)
    return clock.week_start(today) - timedelta(days=7)


def events(demo, action: str) -> list[AuditEvent]:
    with demo.store.read() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)
                           .order_by(col(AuditEvent.seq))))


# --- the weekly manager summary -------------------------------------------------------

def _expected_rows(demo, week: date) -> dict[str, list[str]]:
    """Counts straight from the tables for residents who lived in the house all week."""
    tz = demo.timezone
    end = week + timedelta(days=7)
    start_utc, end_utc = clock.local_midnight(week, tz), clock.local_midnight(end, tz)
    out: dict[str, list[str]] = {}
    with demo.store.read() as s:
        stays = s.exec(select(Stay).where(Stay.house_id == demo.house_id, Stay.moved_in <= week,
                                          (col(Stay.moved_out).is_(None))
                                          | (col(Stay.moved_out) >= end))).all()
        held = s.exec(select(Meeting.id).where(
            Meeting.house_id == demo.house_id, Meeting.status == "held", Meeting.kind == "house",
            Meeting.starts_at >= start_utc, Meeting.starts_at < end_utc)).all()
        for stay in stays:
            r = s.get(Resident, stay.resident_id)
            phase = s.get(Phase, r.phase_id) if r.phase_id else None
            cis = s.exec(select(CheckIn).where(CheckIn.resident_id == r.id, CheckIn.day >= week,
                                               CheckIn.day < end)).all()
            chores = Counter(s.exec(select(ChoreAssignment.status).join(Chore).where(
                Chore.house_id == demo.house_id, ChoreAssignment.resident_id == r.id,
                ChoreAssignment.due_date >= week, ChoreAssignment.due_date < end)).all())
            outside = len(s.exec(select(OutsideMeeting.id).where(
                OutsideMeeting.resident_id == r.id, OutsideMeeting.on_date >= week,
                OutsideMeeting.on_date < end)).all())
            came = len(s.exec(select(Attendance.id).where(
                Attendance.resident_id == r.id, col(Attendance.meeting_id).in_(held),
                col(Attendance.status).in_(["present", "late"]))).all())
            screens = s.exec(select(Screen.result).where(
                Screen.resident_id == r.id, Screen.at >= start_utc, Screen.at < end_utc)).all()
            moods = [c.mood for c in cis]
            assigned = sum(n for st, n in chores.items() if st != "excused")
            out[f"{r.first_name} {r.last_name}"] = [
                f"{len(cis)} of 7",
                str((Decimal(sum(moods)) / len(moods)).quantize(Decimal("0.1"), ROUND_HALF_UP))
                if moods else "–",
                str(max(c.craving for c in cis)) if cis and max(c.craving for c in cis) else "–",
                str(sum(c.wants_to_talk for c in cis) or "–"),
                f"{outside} of {phase.meetings_per_week if phase else 0}",
                f"{came} of {len(held)}",
                f"{chores['done'] + chores['verified']} of {assigned}",
                sorted(screens),
                phase.name if phase else "No phase set",
            ]
    return out


def test_manager_summary_has_a_row_per_resident_with_the_databases_counts(demo):
    week = last_week(demo)
    summary = weekly_summary(demo.store, demo.manager, demo.house_id, week)
    pdf = build_weekly_manager(summary)
    rows = {r[0]: r for r in tables(pdf, "Resident") if len(r) == 11}
    with demo.store.read() as s:
        present = {sid for sid in s.exec(select(Stay.resident_id).where(
            Stay.house_id == demo.house_id, Stay.moved_in < week + timedelta(days=7),
            # Moving out on the Monday: in "Moved out", not in a row of "0 of 0".
            (col(Stay.moved_out).is_(None)) | (col(Stay.moved_out) > week)))}
    assert len(rows) == len(summary.residents) == len(present) > 8
    expected = _expected_rows(demo, week)
    assert len(expected) > 5
    for name, want in expected.items():
        (row,) = [r for key, r in rows.items() if key.startswith(name + " ")]
        assert row[0] == f"{name} {want[8]}"
        assert row[1:5] == want[0:4], name
        assert row[5] == want[4] and row[6].split(" ")[:3] == want[5].split(" ")
        assert row[7].split(" ")[:3] == want[6].split(" "), name
        assert sorted(x for x in row[9].split() if x not in
                      {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "–"}) == want[7]
    body = text(pdf)
    assert body.count("CONFIDENTIAL") >= 2 * len(PdfReader(io.BytesIO(pdf)).pages)
    assert PART2_SHORT in body and f"Page 1 of {len(PdfReader(io.BytesIO(pdf)).pages)}" in body
    assert "Average mood" in body and "Average craving" in body
    assert summary.audit_hash in body
    assert layout_problems(pdf) == []
    # The curfews the "Curfew missed" column counts against, from the one rule.
    with demo.store.read() as s:
        house = s.get(House, demo.house_id)
        phases = s.exec(select(Phase).where(col(Phase.id).in_(
            [r.phase_id for r in s.exec(select(Resident).where(
                col(Resident.id).in_([row.resident_id for row in summary.residents])))]))).all()
    assert summary.curfews == house_curfews(house, phases)
    assert summary.curfews.startswith("Sun–Thu nights: 9:00 PM for Phase 1 – Orientation")
    assert f"Curfews {summary.curfews}" in body


def test_staff_cannot_produce_the_manager_summary_but_can_print_the_board(demo):
    with pytest.raises(PermissionDenied):
        weekly_summary(demo.store, demo.staff, demo.house_id, last_week(demo))
    assert build_weekly_board(weekly_board_data(demo.store, demo.staff, demo.house_id,
                                                last_week(demo)))[:5] == b"%PDF-"


# --- the house board ------------------------------------------------------------------

def test_board_holds_no_confidential_field_of_any_resident(demo):
    week = clock.week_start(clock.local_day(clock.now(), demo.timezone))
    board = weekly_board_data(demo.store, demo.manager, demo.house_id, week)
    pdf = build_weekly_board(board)
    body = text(pdf)
    folded = body.casefold()
    assert "988" in body and "Chores next week" in body and board.house_name in body
    with demo.store.read() as s:
        people = s.exec(select(Resident).where(Resident.house_id == demo.house_id)).all()
        phases = s.exec(select(Phase.name)).all()
        goals = s.exec(select(Goal.title)).all()
        incidents = s.exec(select(Incident.description)).all()
        notes = s.exec(select(CheckIn.note).where(CheckIn.note != "")).all()
    opted_in = {r.board_name for r in people if r.celebrate_milestones_publicly}
    for r in people:
        assert f"{r.first_name} {r.last_name}" not in body
        assert r.sobriety_date is None or r.sobriety_date.isoformat() not in body
        for secret in (r.notes, r.sponsor_name, r.emergency_contact_name):
            assert not secret or secret not in body, r.id
    for secret in [*phases, *goals, *incidents, *notes]:
        assert secret not in body
    for word in ("screen", "negative", "positive", "dilute", "refused", "incident", "craving",
                 "mood", "phase"):
        assert word not in folded, word
    milestones = tables(pdf, "Who")
    assert all(row[0] in opted_in for row in milestones)
    assert layout_problems(pdf) == []


# --- the resident progress report -----------------------------------------------------

def _today(demo) -> date:
    return clock.local_day(clock.now(), demo.timezone)


def _current_resident(demo) -> Resident:
    with demo.store.read() as s:
        return s.exec(select(Resident).where(Resident.house_id == demo.house_id,
                                             Resident.status == "active",
                                             Resident.move_in_date <= _today(demo) - timedelta(days=40))
                      .order_by(col(Resident.id))).first()


def test_resident_report_needs_a_current_consent_and_stops_after_revocation(demo):
    res = _current_resident(demo)
    today = _today(demo)
    first, last = today - timedelta(days=28), today - timedelta(days=1)
    signed = consent.record_consent(demo.store, demo.manager, res.id, recipient="Probation Office",
                                    purpose="Court reporting",
                                    information="Attendance, check-ins, chores",
                                    parts=["attendance", "checkins", "chores"],
                                    signed_on=today - timedelta(days=3),
                                    expires_on=today + timedelta(days=90))
    with pytest.raises(ConsentNotCurrent, match="No consent"):
        resident_progress(demo.store, demo.manager, res.id, 999999, first, last)
    with pytest.raises(PermissionDenied):
        resident_progress(demo.store, demo.staff, res.id, signed.id, first, last)
    other = next(c for c in _all_consents(demo) if c.resident_id != res.id)
    with pytest.raises(ConsentNotCurrent, match="different resident"):
        resident_progress(demo.store, demo.manager, res.id, other.id, first, last)

    progress = resident_progress(demo.store, demo.manager, res.id, signed.id, first, last)
    pdf = build_resident_progress(progress)
    body = text(pdf)
    for needle in ("Probation Office", "Court reporting", f"consent no. {signed.id}",
                   " ".join(PART2_NOTICE.split()), f"{res.first_name} {res.last_name}",
                   "CONFIDENTIAL"):
        assert needle in body, needle
    with demo.store.read() as s:
        days = len(s.exec(select(CheckIn.id).where(CheckIn.resident_id == res.id,
                                                   CheckIn.day >= first, CheckIn.day <= last)).all())
    assert f"Checked in on {days} of 28 days" in body
    # No parts asked for: exactly the consent's.
    assert progress.sections == ("attendance", "checkins", "chores")
    assert "Meeting attendance, daily check-ins, chores." in body
    assert "Drug and alcohol screens" not in body and "Goals the resident set" not in body
    (event,) = [e for e in events(demo, "report.resident") if e.seq == progress.audit_seq]
    assert f'"consent_id":{signed.id}' in event.details and event.entity_id == str(res.id)
    assert layout_problems(pdf) == []

    consent.revoke_consent(demo.store, demo.manager, signed.id)
    with pytest.raises(ConsentNotCurrent, match="revoked"):
        resident_progress(demo.store, demo.manager, res.id, signed.id, first, last)
    refused = events(demo, "report.resident_refused")
    assert refused and f'"consent_id":{signed.id}' in refused[-1].details


def test_a_current_demo_consent_makes_a_report_of_its_parts(demo):
    today = _today(demo)
    current = [c for c in _all_consents(demo) if consent.is_current(c, today)]
    assert current
    c = min(current, key=lambda c: (len(c.part_keys), c.id))
    progress = resident_progress(demo.store, demo.manager, c.resident_id, c.id,
                                 today - timedelta(days=13), today)
    assert progress.sections == c.part_keys and progress.information == c.information


def _all_consents(demo):
    from peerhouse.models import Consent

    with demo.store.read() as s:
        return list(s.exec(select(Consent)))


def test_resident_report_shows_only_the_parts_chosen_and_can_have_a_password(demo):
    res = _current_resident(demo)
    today = _today(demo)
    signed = consent.record_consent(demo.store, demo.manager, res.id, recipient="Dr. Lee",
                                    purpose="Treatment", information="Attendance and chores",
                                    parts=["attendance", "chores"], signed_on=today, expires_on=today + timedelta(days=30))
    progress = resident_progress(demo.store, demo.manager, res.id, signed.id,
                                 today - timedelta(days=13), today, ["attendance"])
    assert progress.screens == () and progress.goals == () and progress.checkins_done == 0
    with pytest.raises(ValidationError, match="at least 8"):
        build_resident_progress(progress, password="short")
    pdf = build_resident_progress(progress, password="binder-password-7")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted and reader.decrypt("wrong password") == 0
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.decrypt("binder-password-7") > 0
    body = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "House meetings" in body and "Dr. Lee" in body
    assert "Drug and alcohol screens" not in body and "Daily check-ins" not in body
    with pytest.raises(ValidationError, match="not a part"):
        resident_progress(demo.store, demo.manager, res.id, signed.id, today, today, ["notes"])


# --- meeting papers, paper size -------------------------------------------------------

def test_sign_in_sheet_for_staff_minutes_for_managers_neither_for_residents(demo):
    with demo.store.read() as s:
        meeting = s.exec(select(Meeting).where(Meeting.house_id == demo.house_id,
                                               Meeting.status == "held")
                         .order_by(col(Meeting.starts_at).desc())).first()
    names = [r.name for r in meetings.attendance(demo.store, demo.staff, meeting.id)]
    sheet = build_sign_in_sheet(sign_in_sheet(demo.store, demo.staff, meeting.id))
    rows = tables(sheet, "#")
    assert [r[1] for r in rows[:len(names)]] == names and all(r[1] == "" for r in rows[len(names):])
    assert "CONFIDENTIAL" not in text(sheet)
    with pytest.raises(PermissionDenied):
        meeting_minutes(demo.store, demo.staff, meeting.id)
    minutes = build_minutes(meeting_minutes(demo.store, demo.manager, meeting.id))
    body = text(minutes)
    assert " ".join(meeting.minutes.split()) in body and "CONFIDENTIAL" in body
    assert len(events(demo, "report.sign_in_sheet")) == 1
    assert len(events(demo, "report.meeting_minutes")) == 1
    assert layout_problems(sheet) == [] and layout_problems(minutes) == []
    with demo.store.read() as s:
        resident = s.exec(select(Resident).where(Resident.house_id == demo.house_id)).first()
    with pytest.raises(PermissionDenied):
        sign_in_sheet(demo.store, Actor.resident(resident.id, demo.house_id), meeting.id)


def test_a4_house_prints_on_a4(demo):
    house = houses.get_house(demo.store, demo.manager, demo.house_id)
    rules = houses.HouseRules(name=house.name, capacity=house.capacity, timezone=house.timezone,
                              paper_size="a4")
    houses.update_house(demo.store, demo.owner, demo.house_id, rules)
    try:
        pdf = build_weekly_manager(weekly_summary(demo.store, demo.manager, demo.house_id,
                                                  last_week(demo)))
        page = PdfReader(io.BytesIO(pdf)).pages[0]
        assert [round(v) for v in page.mediabox.upper_right] == [round(v) for v in A4]
        assert layout_problems(pdf) == []
    finally:
        houses.update_house(demo.store, demo.owner, demo.house_id,
                            houses.HouseRules(name=house.name, capacity=house.capacity,
                                              timezone=house.timezone, paper_size="letter"))


# --- the command line -----------------------------------------------------------------

def ph(demo, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PEERHOUSE_DATA_DIR": str(demo.paths.root),
           "PEERHOUSE_TEST_KEYRING_FILE": str(demo.keyring_file)}
    return subprocess.run([sys.executable, "-m", "peerhouse", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=180, env=env)


def test_cli_manager_summary_prints_the_chain_head_that_check_reports(demo, tmp_path):
    out = tmp_path / "summary.pdf"
    week = clock.iso_week_label(last_week(demo))
    proc = ph(demo, "report", "weekly", "--kind", "manager", "--week", week, "--out", str(out),
              "--user", "manny", "--password-stdin", stdin="manager-pass-123\n")
    assert proc.returncode == 0, proc.stderr
    check = ph(demo, "check", "--quick", stdin="")
    assert check.returncode == 0, check.stdout + check.stderr
    head = check.stdout.split("head ")[1].split()[0]
    body = text(out.read_bytes())
    with demo.store.read() as s:
        report = verify_chain(s, demo.store.audit_key)
    assert report.ok and report.head_hash.startswith(head) and report.head_hash in body
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]


def test_without_week_the_cli_picks_the_weeks_the_window_and_readme_name(demo, tmp_path,
                                                                        capsys):
    """Board: this week; manager summary: last week — the CLI, its --help, the Reports
    window (report_weeks.default_week, tested in tests/gui/test_reports.py) and the README
    all say the same."""
    today = clock.local_day(clock.now(), demo.timezone)
    for kind in ("board", "manager"):
        out = tmp_path / f"{kind}.pdf"
        proc = ph(demo, "report", "weekly", "--kind", kind, "--out", str(out), "--user", "manny",
                  "--password-stdin", stdin="manager-pass-123\n")
        assert proc.returncode == 0, proc.stderr
        week = default_week(kind, today)
        label = f"{clock.iso_week_label(week)} ({week_span(week, year=True)})"
        assert f" for {label} to " in proc.stdout
        assert week_of(week, year=True) in text(out.read_bytes())
    assert default_week("board", today) == clock.week_start(today) == last_week(demo) + \
        timedelta(days=7)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "weekly", "--help"])
    assert f"(default: {DEFAULTS})" in " ".join(capsys.readouterr().out.split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"Without `--week`, a weekly report is for {DEFAULTS}" in readme


def test_cli_resident_report_without_keyring_uses_the_owner_password(demo, tmp_path):
    res = _current_resident(demo)
    today = _today(demo)
    signed = consent.record_consent(demo.store, demo.manager, res.id, recipient="Court",
                                    purpose="Sentencing review",
                                    information="Meeting attendance and screen results",
                                    parts=["attendance", "screens"], signed_on=today, expires_on=today + timedelta(days=30))
    out = tmp_path / "r.pdf"
    args = ["report", "resident", "--resident", str(res.id), "--recipient", str(signed.id),
            "--from", (today - timedelta(days=6)).isoformat(), "--to", today.isoformat(),
            "--out", str(out), "--user", "olivia", "--password-stdin"]
    demo.keyring_file.rename(demo.keyring_file.with_suffix(".away"))
    try:
        proc = ph(demo, *args, "--pdf-password-stdin",
                  stdin=f"{OWNER_PASSWORD}\nletter-opener-9\n")
        assert proc.returncode == 0, proc.stderr
        assert "meeting attendance, drug and alcohol screens" in proc.stdout
        outside = ph(demo, *args[:-5], "--out", str(tmp_path / "x.pdf"), "--user", "olivia",
                     "--password-stdin", "--include", "attendance,checkins",
                     stdin=f"{OWNER_PASSWORD}\n")
        assert outside.returncode == 1 and outside.stderr == (
            "peerhouse: error: This consent does not cover daily check-ins. The resident "
            "agreed to share: meeting attendance, drug and alcohol screens.\n")
        refused = ph(demo, *args[:-5], "--out", str(tmp_path / "x.pdf"), "--user", "manny",
                     "--password-stdin", stdin="manager-pass-123\n")
        assert refused.returncode == 1 and "keyring" in refused.stderr
    finally:
        demo.keyring_file.with_suffix(".away").rename(demo.keyring_file)
    reader = PdfReader(out)
    assert reader.decrypt("letter-opener-9") > 0
    body = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Sentencing review" in body and "Drug and alcohol screens" in body
    assert "Daily check-ins" not in body and "Goals the resident set" not in body
    assert not (tmp_path / "x.pdf").exists()
    consent.revoke_consent(demo.store, demo.manager, signed.id)
    proc = ph(demo, *args, stdin=f"{OWNER_PASSWORD}\n")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("peerhouse: error: That consent was revoked")
