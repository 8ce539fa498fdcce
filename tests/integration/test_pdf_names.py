"""Every name, word and note a person typed prints exactly as typed, on every PDF.

Residents named in Vietnamese, Turkish, Polish, Serbian/Croatian (Latin and Cyrillic),
Greek and Russian/Ukrainian letters, one with an emoji in the name people call him by,
and typed words (house name, chores, meeting topic, minutes, decisions, resources, a
consent's recipient, a goal) with the same letters and emoji. Each PDF is read back with
three extractors (pdfplumber, pypdf and poppler's pdftotext) and every typed word must
come back whole: before, the standard fonts printed "Mikey ? O." and dropped letters.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from setup_write import setup_write

from peerhouse.i18n import use_language
from peerhouse.models import Attendance, Chore, ChoreAssignment, Meeting, Resource
from peerhouse.reports.meeting_papers import build_minutes, build_sign_in_sheet
from peerhouse.reports.recovery_sheet import build_recovery_sheet
from peerhouse.reports.resident_progress import build_resident_progress
from peerhouse.reports.weekly_board import build_weekly_board
from peerhouse.reports.weekly_manager import _COLUMNS, build_weekly_manager
from peerhouse.services import clock, consent, goals, houses
from peerhouse.services.meeting_papers import meeting_minutes, sign_in_sheet
from peerhouse.services.progress import resident_progress
from peerhouse.services.summaries import weekly_summary
from peerhouse.services.weekly_board import weekly_board_data
from tests.support.pdfcheck import layout_problems, tables

TZ = "America/Chicago"
HOUSE = "Dom Żółty 🏡"
# (first, last, preferred): Vietnamese, Turkish, Polish, Croatian, Serbian Cyrillic,
# Greek, Russian, Ukrainian, and an emoji in the name he goes by.
PEOPLE = (
    ("Ánh", "Nguyễn", "Ánh Thư"),
    ("İlkay", "Işıkoğlu", "Çağrı"),
    ("Łukasz", "Żółkiewski", ""),
    ("Đorđe", "Kovačević", "Đuro"),
    ("Љиљана", "Ђокић", ""),
    ("Αθηνά", "Παπαδοπούλου", ""),
    ("Дмитрий", "Щербаков", "Дима"),
    ("Олексій", "Їжакевич", "Єгор"),
    ("Michael", "O'Brien", "Mikey 🦋"),
)
TOPIC = "Kuchnia i łazienka — Ремонт ⭐"
MINUTES = "Cảm ơn mọi người ❤️\nŞükran günü planı: Đorđe i Łukasz 👩‍🍳"
DECISION = "Ευχαριστούμε — новый график 🙂"
RECIPIENT = "Sąd Rejonowy — Probation Ωμέγα"
GOAL = "Naučiti voziti 🚗 и найти работу"
CHORE, AREA = "Łazienka 🛁", "Piętro — Üst kat"
PHONE = "1-800-662-4357"  # one word: must not break inside the number
RESOURCE = ("Anonimowi Alkoholicy — Đakovo", "Wtorek 19:00 ✨", "ul. Źródlana 7, Łódź")


@dataclass
class Typed:
    house: object
    ids: list[int]
    meeting_id: int
    consent_id: int
    week: date


def board_name(first: str, last: str, preferred: str) -> str:
    return f"{preferred or first} {last[0]}."


def full_name(first: str, last: str, preferred: str) -> str:
    return f"{first} {last}"


def paper_name(first: str, last: str, preferred: str) -> str:
    return f"{preferred or first} {last}"


@pytest.fixture
def typed(house) -> Typed:
    store, manager = house.store, house.manager
    h = houses.get_house(store, house.owner, house.house_id)
    rules = houses.HouseRules(**{f.name: getattr(h, f.name) for f in fields(houses.HouseRules)})
    rules.name, rules.capacity = HOUSE, 12
    houses.update_house(store, house.owner, house.house_id, rules)
    today = clock.local_day(clock.now(), TZ)
    week = clock.week_start(today)
    ids = [house.admit(first, last, preferred_name=preferred,
                       move_in_date=today - timedelta(days=90),
                       sobriety_date=week - timedelta(days=80),  # 90 days next week
                       celebrate_milestones_publicly=True).id
           for first, last, preferred in PEOPLE]
    with setup_write(store) as s:
        chore = Chore(house_id=house.house_id, name=CHORE, area=AREA)
        kitchen = Chore(house_id=house.house_id, name="Kuchnia — Кухня")
        held = Meeting(house_id=house.house_id, kind="house",
                       starts_at=datetime.combine(week, time(19), tzinfo=clock.zone(TZ)),
                       status="held", topic=TOPIC, facilitator="Đuro K.", minutes=MINUTES,
                       decisions=DECISION)
        s.add_all([chore, kitchen, held, Resource(name=RESOURCE[0], kind="meeting", schedule=RESOURCE[1],
                                         address=RESOURCE[2], house_id=house.house_id),
                   Resource(name="Linia kryzysowa", kind="crisis", phone=PHONE)])
        s.flush()
        s.add_all([ChoreAssignment(chore_id=(chore, kitchen)[i // 7].id, resident_id=rid,
                                   due_date=week + timedelta(days=7 + i % 7))
                   for i, rid in enumerate(ids)])
        s.add_all([Attendance(meeting_id=held.id, resident_id=rid, status="present")
                   for rid in ids])
        meeting_id = held.id
    signed = consent.record_consent(store, manager, ids[-1], recipient=RECIPIENT,
                                    purpose="Nadzór — Επιτήρηση", information="Obecność 📋",
                                    parts=["attendance", "goals"], signed_on=today,
                                    expires_on=today + timedelta(days=60))
    goals.create_goal(store, manager, ids[-1], "work", GOAL)
    return Typed(house, ids, meeting_id, signed.id, week)


def _board(t: Typed, tmp: Path) -> tuple[bytes, list[str]]:
    pdf = build_weekly_board(weekly_board_data(t.house.store, t.house.staff, t.house.house_id,
                                               t.week))
    return pdf, [HOUSE, TOPIC, CHORE, AREA, "Kuchnia — Кухня", *RESOURCE, PHONE, *[board_name(*p) for p in PEOPLE]]


def _manager(t: Typed, tmp: Path) -> tuple[bytes, list[str]]:
    pdf = build_weekly_manager(weekly_summary(t.house.store, t.house.manager,
                                              t.house.house_id, t.week))
    return pdf, [HOUSE, *[full_name(*p) for p in PEOPLE]]


def _progress(t: Typed, tmp: Path) -> tuple[bytes, list[str]]:
    today = clock.local_day(clock.now(), TZ)
    pdf = build_resident_progress(resident_progress(
        t.house.store, t.house.manager, t.ids[-1], t.consent_id, today - timedelta(days=20),
        today))
    return pdf, [HOUSE, RECIPIENT, "Nadzór — Επιτήρηση", "Obecność 📋", GOAL,
                 full_name(*PEOPLE[-1])]


def _sign_in(t: Typed, tmp: Path) -> tuple[bytes, list[str]]:
    pdf = build_sign_in_sheet(sign_in_sheet(t.house.store, t.house.staff, t.meeting_id))
    return pdf, [HOUSE, TOPIC, "Đuro K.", *[paper_name(*p) for p in PEOPLE]]


def _minutes(t: Typed, tmp: Path) -> tuple[bytes, list[str]]:
    pdf = build_minutes(meeting_minutes(t.house.store, t.house.manager, t.meeting_id))
    return pdf, [HOUSE, TOPIC, *MINUTES.splitlines(), DECISION,
                 *[paper_name(*p) for p in PEOPLE]]


def _recovery(t: Typed, tmp: Path) -> tuple[bytes, list[str]]:
    target = build_recovery_sheet(tmp / "sheet.pdf", house_name=HOUSE, setup_id="A1B2-C3D4",
                                  recovery_code="NG0B-7EY4-K1QZ-4Q39-6A3Q-9YJY")
    return target.read_bytes(), [HOUSE, "NG0B-7EY4-K1QZ-4Q39-6A3Q-9YJY"]


KINDS: dict[str, Callable[[Typed, Path], tuple[bytes, list[str]]]] = {
    "house board": _board, "manager summary": _manager, "progress report": _progress,
    "sign-in sheet": _sign_in, "minutes": _minutes, "recovery sheet": _recovery}


def _pdfplumber(pdf: bytes, tmp: Path) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


def _pypdf(pdf: bytes, tmp: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _pdftotext(pdf: bytes, tmp: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    path = tmp / "read.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


EXTRACTORS = {"pdfplumber": _pdfplumber, "pypdf": _pypdf, "pdftotext": _pdftotext}


def words(text: str) -> set[str]:
    return {w.strip(",;:") for w in text.split()}


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("kind", KINDS)
def test_typed_words_print_exactly_as_typed(typed, tmp_path, kind, extractor):
    pdf, expected = KINDS[kind](typed, tmp_path)
    found = words(EXTRACTORS[extractor](pdf, tmp_path))
    missing = {w for text in expected for w in text.split() if w.strip(",;:") not in found}
    assert not missing, f"{kind} read with {extractor} lost: {sorted(missing)}"
    assert "?" not in found


@pytest.mark.parametrize("kind", KINDS)
def test_names_stay_whole_on_one_line_and_nothing_overlaps(typed, tmp_path, kind):
    """The exact name (with its spaces) comes back in order, and the layout holds."""
    pdf, expected = KINDS[kind](typed, tmp_path)
    text = " ".join(_pdfplumber(pdf, tmp_path).split())
    for name in (board_name(*PEOPLE[-1]), HOUSE):
        if name in expected:
            assert name in text, (kind, name)
    if kind == "house board":  # the resources table's phone column
        assert PHONE in [row[3] for row in tables(pdf, "Name")]
    if kind != "recovery sheet":  # drawn on the canvas, checked by hand
        assert layout_problems(pdf) == []


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_summary_headers_and_names_are_never_broken_inside_a_word(typed, tmp_path, paper,
                                                                   language):
    """The wider embedded font must still fit each header's longest word and each name, in
    English and in the longer Spanish."""
    summary = weekly_summary(typed.house.store, typed.house.manager, typed.house.house_id,
                             typed.week)
    with use_language(language):
        pdf = build_weekly_manager(dataclasses.replace(summary, paper=paper))
        expected = [str(h) for h, _ in _COLUMNS] + [full_name(*p) for p in PEOPLE]
    found = words(_pdfplumber(pdf, tmp_path))
    assert {w for text in expected for w in text.split()} <= found
    assert layout_problems(pdf) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_font_is_an_embedded_subset(typed, tmp_path, kind):
    pdf, _ = KINDS[kind](typed, tmp_path)
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {f.get_object()["/BaseFont"] for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("+DejaVuSans") for name in fonts)
    assert any(name.endswith("+NotoEmoji-Regular") for name in fonts)
    assert all("+" in name for name in fonts), f"a font is not an embedded subset: {fonts}"
    assert len(pdf) < 250_000  # subsets, not whole fonts (DejaVu Sans alone is 740 kB)
