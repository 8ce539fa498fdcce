"""The recovery sheet PDF: the code, the set-up, plain instructions; written atomically."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, letter

from peerhouse.i18n import use_language
from peerhouse.reports.common import atomic_output, page_size
from peerhouse.reports.recovery_sheet import build_recovery_sheet
from peerhouse.store.recovery_code import new_recovery_code


def test_sheet_holds_code_setup_and_instructions(tmp_path):
    code = new_recovery_code()
    out = build_recovery_sheet(tmp_path / "sheet.pdf", house_name="Maple House",
                               setup_id="0b6c-setup", recovery_code=code,
                               created=date(2026, 2, 3))
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert code in text  # the one-line form
    for group in code.split("-"):
        assert group in text  # the large grouped form
    for needle in ("PeerHouse recovery sheet", "Maple House", "0b6c-setup", "Feb 3, 2026",
                   "Keep this sheet in the safe", "can read all records",
                   "open a backup on a new PC", "owner password is lost"):
        assert needle in text, needle
    assert [round(v) for v in reader.pages[0].mediabox.upper_right] == [round(v) for v in letter]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.pdf"]


def test_a4_paper_and_unusual_house_names(tmp_path):
    out = build_recovery_sheet(tmp_path / "s.pdf", house_name="Casa Esperanza & <Sol> 🌞",
                               setup_id="x", recovery_code=new_recovery_code(), paper="a4")
    page = PdfReader(out).pages[0]
    assert [round(v) for v in page.mediabox.upper_right] == [round(v) for v in A4]
    assert "Casa Esperanza & <Sol> 🌞" in page.extract_text()  # as typed, emoji and all
    assert page_size("A4") == A4 and page_size("unknown") == letter


def test_failed_write_leaves_nothing_behind(tmp_path):
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_bytes(b"half a pdf")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.pdf"]
    with pytest.raises(FileNotFoundError):
        build_recovery_sheet(tmp_path / "missing" / "s.pdf", house_name="M", setup_id="x",
                             recovery_code=new_recovery_code())


def test_the_sheet_in_spanish_keeps_the_code_and_the_command(tmp_path):
    code = new_recovery_code()
    with use_language("es"):
        out = build_recovery_sheet(tmp_path / "hoja.pdf", house_name="Casa Esperanza",
                                   setup_id="0b6c-setup", recovery_code=code,
                                   created=date(2026, 2, 3))
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    for needle in ("Hoja de recuperación de PeerHouse", "3 feb 2026", "Id. de instalación:",
                   "Guarde esta hoja en la caja fuerte", "peerhouse unlock --recovery-code-stdin",
                   code):
        assert needle in text, needle
    for english in ("Keep this sheet", "Recovery code", "Set-up id", "Feb 3"):
        assert english not in text, english
