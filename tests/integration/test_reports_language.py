"""Every paper in its reader's language: the house's board, sign-in sheet and minutes (or
both languages on one sheet), the resident's progress report, the staff member's manager
summary; `--language` on the command line and in the pipeline overrides it. The 42 CFR
Part 2 notice stays English, its Spanish translation beneath and marked as one.

PDFs are read back (pypdf, and poppler's pdftotext for the fonts) and checked for text
running out of its place (tests/support/pdfcheck.layout_problems).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from peerhouse.app import reports
from peerhouse.cli import build_parser
from peerhouse.cli.report import cmd_report_resident
from peerhouse.clock_text import week_of
from peerhouse.errors import ValidationError
from peerhouse.i18n import use_language
from peerhouse.models import Meeting, Resident
from peerhouse.reports.weekly_board import build_weekly_board
from peerhouse.reports.wording import PART2_NOTICE, PART2_SHORT
from peerhouse.services import clock, consent, languages
from peerhouse.services.weekly_board import weekly_board_data
from tests.support.demo_db import MANAGER_PASSWORD, demo_database
from tests.support.pdfcheck import layout_problems, text

ROOT = Path(__file__).resolve().parents[2]
# Words of the English papers that a Spanish paper never holds.
ENGLISH_BOARD = ("House board", "Meetings this week", "Chores next week", "Help and resources",
                 "Celebrating milestones", "Week of", "Printed", "Page 1 of")
SPANISH_BOARD = ("Tablero de la casa", "Reuniones de esta semana", "Tareas de la próxima semana",
                 "Ayuda y recursos", "Celebramos logros", "Semana del", "Impreso el",
                 "Página 1 de")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("reports-language"))


def flat(data: bytes) -> str:
    return " ".join(text(data).split())


def this_week(demo) -> date:
    return clock.week_start(clock.local_day(clock.now(), demo.timezone))


@contextmanager
def house_language(demo, code: str, bilingual: bool = False) -> Iterator[None]:
    languages.set_house_language(demo.store, demo.owner, demo.house_id, code, bilingual)
    try:
        yield
    finally:
        languages.set_house_language(demo.store, demo.owner, demo.house_id, "en", False)


def test_cli_board_in_spanish_has_spanish_months_and_no_english_heading(demo, tmp_path):
    out = tmp_path / "tablero.pdf"
    env = {**os.environ, "PEERHOUSE_DATA_DIR": str(demo.paths.root),
           "PEERHOUSE_TEST_KEYRING_FILE": str(demo.keyring_file)}
    proc = subprocess.run(
        [sys.executable, "-m", "peerhouse", "report", "weekly", "--kind", "board", "--language",
         "es", "--out", str(out), "--user", "manny", "--password-stdin"],
        input=f"{MANAGER_PASSWORD}\n", text=True, capture_output=True, cwd=ROOT, timeout=180,
        env=env)
    assert proc.returncode == 0, proc.stderr
    body = flat(out.read_bytes())
    with use_language("es"):
        spanish_week = week_of(this_week(demo), year=True)
    assert spanish_week in body  # 'Semana del 7 – 13 dic 2026': CLDR's Spanish months
    assert all(w in body for w in SPANISH_BOARD), body
    assert not [w for w in ENGLISH_BOARD if w in body]
    # Help answers in Spanish: said so on a Spanish board.
    assert "oprima el 2 para hablar en español" in body and "1-800-662-4357" in body
    # The seeded crisis lines' hours, stored in English, print in the board's language.
    assert "Las 24 horas del día" in body and "24 hours a day" not in body
    assert layout_problems(out.read_bytes()) == []


def test_the_board_follows_the_house_and_a_bilingual_house_gets_both(demo):
    english = flat(reports.render(reports.WEEKLY_BOARD, demo.store, demo.staff, demo.house_id,
                                  this_week(demo))[1])
    assert "House board" in english and "Tablero de la casa" not in english
    assert "oprima el 2" not in english
    with house_language(demo, "es"):
        _model, pdf = reports.render(reports.WEEKLY_BOARD, demo.store, demo.staff,
                                     demo.house_id, this_week(demo))
        spanish = flat(pdf)
        assert "Tablero de la casa" in spanish and "Meetings this week" not in spanish
        # An English copy for an inspector, from a Spanish house.
        _model, copy = reports.render(reports.WEEKLY_BOARD, demo.store, demo.staff,
                                      demo.house_id, this_week(demo), language="en")
        assert "Meetings this week" in flat(copy) and "Tablero" not in flat(copy)
    with house_language(demo, "es", bilingual=True):
        _model, pdf = reports.render(reports.WEEKLY_BOARD, demo.store, demo.staff,
                                     demo.house_id, this_week(demo))
    both = flat(pdf)
    # Every heading in both languages: the house's first, the other beneath.
    for es, en in zip(SPANISH_BOARD[:5], ENGLISH_BOARD[:5], strict=True):
        assert es in both and en in both, (es, en)
    assert both.index("Reuniones de esta semana") < both.index("Meetings this week")
    for column in (("Tarea", "Chore"), ("Teléfono", "Phone"), ("Dónde", "Where")):
        assert all(word in both for word in column)
    assert "oprima el 2" in both
    assert layout_problems(pdf) == []


def test_meeting_papers_follow_the_house_and_the_minutes_translate_the_notice(demo):
    with demo.store.read() as s:
        meeting = s.exec(select(Meeting).where(Meeting.house_id == demo.house_id,
                                               Meeting.status == "held")
                         .order_by(col(Meeting.starts_at).desc())).first()
    with house_language(demo, "es"):
        _m, sheet = reports.render(reports.SIGN_IN_SHEET, demo.store, demo.staff, meeting.id)
        _m, minutes = reports.render(reports.MEETING_MINUTES, demo.store, demo.manager,
                                     meeting.id)
        _m, both = reports.render(reports.SIGN_IN_SHEET, demo.store, demo.staff, meeting.id,
                                  language="both")
    sheet_text, minutes_text = flat(sheet), flat(minutes)
    assert "Hoja de asistencia a la reunión" in sheet_text and "Firma" in sheet_text
    assert "Signature" not in sheet_text and "Meeting sign-in sheet" not in sheet_text
    assert "Acta de la reunión" in minutes_text and "CONFIDENCIAL" in minutes_text
    assert "Who came" not in minutes_text and "Quién asistió" in minutes_text
    # The legal short notice in English (the footer and above its translation), then the
    # translation, marked as one.
    assert PART2_SHORT in minutes_text
    note = minutes_text.index("Traducción al español")
    assert minutes_text.index(PART2_SHORT) < note < minutes_text.index("prohíbe el uso")
    both_text = flat(both)
    assert "Signature" in both_text and "Firma" in both_text
    for pdf in (sheet, minutes, both):
        assert layout_problems(pdf) == []


def _resident_and_consent(demo) -> tuple[Resident, int, date]:
    today = clock.local_day(clock.now(), demo.timezone)
    with demo.store.read() as s:
        res = s.exec(select(Resident).where(Resident.house_id == demo.house_id,
                                            Resident.status == "active",
                                            Resident.move_in_date <= today - timedelta(days=40))
                     .order_by(col(Resident.id))).first()
    signed = consent.record_consent(
        demo.store, demo.manager, res.id, recipient="Tribunal", purpose="Revisión",
        information="Todo", parts=["attendance", "checkins", "chores", "screens", "goals"],
        signed_on=today, expires_on=today + timedelta(days=30))
    return res, signed.id, today


def test_a_spanish_speaking_resident_gets_a_spanish_progress_report(demo):
    res, consent_id, today = _resident_and_consent(demo)
    first = today - timedelta(days=27)
    _m, english = reports.render(reports.RESIDENT_PROGRESS, demo.store, demo.manager, res.id,
                                 consent_id, first, today)
    english_text = flat(english)
    assert "Resident progress report" in english_text and "Traducción" not in english_text
    assert " ".join(PART2_NOTICE.split()) in english_text
    languages.set_resident_language(demo.store, demo.manager, res.id, "es")
    try:
        _m, pdf = reports.render(reports.RESIDENT_PROGRESS, demo.store, demo.manager, res.id,
                                 consent_id, first, today)
    finally:
        languages.set_resident_language(demo.store, demo.manager, res.id, "en")
    body = flat(pdf)
    assert "Informe de progreso del residente" in body and "Resumen" in body
    for english_word in ("Resident progress report", "At a glance", "Week by week",
                         "Goals the resident set", "Prepared by", "Page 1 of"):
        assert english_word not in body, english_word
    # The legal notice: English first, then the marked translation.
    legal = body.index(" ".join(PART2_NOTICE.split()))
    marked = body.index("Traducción al español. El texto en inglés de arriba es el que rige")
    assert legal < marked < body.index("Esta información se le ha divulgado")
    assert layout_problems(pdf) == []


def test_the_manager_summary_follows_the_staff_members_language(demo):
    week = this_week(demo) - timedelta(days=7)
    languages.set_staff_language(demo.store, demo.owner, demo.manager.id, "es")
    try:
        _m, pdf = reports.render(reports.WEEKLY_MANAGER, demo.store, demo.manager,
                                 demo.house_id, week)
        _m, owners = reports.render(reports.WEEKLY_MANAGER, demo.store, demo.owner,
                                    demo.house_id, week)
    finally:
        languages.set_staff_language(demo.store, demo.owner, demo.manager.id, "en")
    body = flat(pdf)
    assert "Resumen semanal para el encargado o encargada" in body and "Ocupación" in body
    assert "Weekly manager summary" not in body and "Census" not in body
    assert "Traducción al español" in body and " ".join(PART2_NOTICE.split()) in body
    assert "Weekly manager summary" in flat(owners)  # the owner reads English
    assert layout_problems(pdf) == []


def test_both_languages_only_for_a_house_paper(demo, tmp_path):
    with pytest.raises(ValueError):
        reports.RESIDENT_PROGRESS.languages(object(), "both")
    parser = build_parser()
    with pytest.raises(SystemExit):  # not among the resident report's choices
        parser.parse_args(["report", "resident", "--resident", "1", "--recipient", "1",
                           "--from", "2026-01-01", "--to", "2026-01-02", "--language", "both",
                           "--out", str(tmp_path / "r.pdf"), "--user", "manny",
                           "--password-stdin"])
    ok = parser.parse_args(["report", "resident", "--resident", "1", "--recipient", "1",
                            "--from", "2026-01-01", "--to", "2026-01-02", "--language", "es",
                            "--out", str(tmp_path / "r.pdf"), "--user", "manny",
                            "--password-stdin"])
    assert ok.language == "es"
    ok.language = "both"  # as a command line whose global --language allowed it would say
    with pytest.raises(ValidationError, match="Only the house board"):
        cmd_report_resident(ok, demo.paths)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_fonts_draw_every_spanish_letter(demo, tmp_path):
    letters = "Casa Ñandú: ñ á é í ó ú ü Ü ¿Sí? ¡Ánimo! «Güemes»"
    board = weekly_board_data(demo.store, demo.staff, demo.house_id, this_week(demo))
    with use_language("es"):
        pdf = build_weekly_board(dataclasses.replace(board, house_name=letters))
    path = tmp_path / "letras.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert letters in " ".join(out.split())
    assert "¿Necesita ayuda ahora mismo?" in " ".join(out.split())
