"""Text runs by font: reportlab does not fall back from font to font per character, so
each run of characters the text font lacks is set in the emoji font."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from peerhouse.reports import fonts
from peerhouse.reports.fonts import EMOJI, MONO, SANS, SANS_BOLD


def test_letters_stay_in_the_text_font_and_emoji_go_to_the_emoji_font():
    assert fonts.runs("Mikey 🦋 O.") == [("Mikey ", SANS), ("🦋", EMOJI), (" O.", SANS)]
    assert fonts.runs("Nguyễn Łukasz Αθηνά Ђорђе", SANS_BOLD) == [
        ("Nguyễn Łukasz Αθηνά Ђорђе", SANS_BOLD)]


def test_emoji_sequences_stay_together():
    # A joiner, a skin tone and "show as emoji" belong with the character before them;
    # ❤ is in DejaVu, but ❤️ asks for the emoji.
    assert fonts.runs("A 👩\u200d🍳👍🏽 ❤️ ❤") == [
        ("A ", SANS), ("👩\u200d🍳👍🏽", EMOJI), (" ", SANS), ("❤\ufe0f", EMOJI), (" ❤", SANS)]


def test_a_letter_typed_with_a_combining_accent_uses_its_precomposed_glyph():
    assert fonts.runs("Nguye\u0302\u0303n") == [("Nguyễn", SANS)]


def test_a_character_no_font_has_stays_in_the_text_font():
    assert fonts.runs("李 Li") == [("李 Li", SANS)]  # a box on paper, never a silent "?"


def test_markup_escapes_and_names_the_emoji_font():
    assert fonts.markup("Tom & <Jo> 🦋", MONO) == (
        f'Tom &amp; &lt;Jo&gt; <font face="{EMOJI}">🦋</font>')


@pytest.mark.parametrize("anchor", ["start", "middle", "end"])
def test_draw_sets_one_line_that_reads_back_as_typed(anchor):
    out = io.BytesIO()
    canvas = Canvas(out, initialFontName=SANS)
    fonts.draw(canvas, 300, 700, "Çağrı 🦋 Şahin", SANS, 12, anchor=anchor)
    canvas.save()
    assert PdfReader(out).pages[0].extract_text().strip() == "Çağrı 🦋 Şahin"
    assert fonts.width("Çağrı 🦋 Şahin", SANS, 12) > fonts.width("Çağrı Şahin", SANS, 12)


def test_fonts_are_read_once_per_process(monkeypatch):
    fonts.register()

    def read_again(*_args: object) -> None:
        raise AssertionError("a font file was read a second time")

    monkeypatch.setattr(fonts, "TTFont", read_again)
    fonts.register()
    fonts.runs("Ánh 🦋")
