"""The recovery sheet: one page with the recovery code, printed at set-up for the safe.

The code opens the database without the owner password, so the sheet says plainly
what it is for and how to keep it; the code is printed large, in groups, in a
monospace font so it can be read aloud and typed without confusing characters.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from peerhouse.clock_text import date_text
from peerhouse.reports import fonts
from peerhouse.reports.common import (
    FONT,
    FONT_BOLD,
    MARGIN,
    MONO,
    MONO_BOLD,
    draw_footer,
    page_size,
    styles,
    write_pdf,
)

TITLE = "PeerHouse recovery sheet"

INSTRUCTIONS = (
    "<b>Keep this sheet in the safe</b> (or another locked place), never next to the computer, "
    "and never as a photo or a file.",
    "<b>Anyone with this code and the database file can read all records</b> of every resident. "
    "Treat it like the key to the filing cabinet.",
    "<b>You need it</b> to open a backup on a new PC, if this computer's keyring is lost, or if "
    "the owner password is lost.",
    "<b>To use it</b>, choose the recovery code when PeerHouse asks for the owner password, or run "
    f"<font face='{MONO}'>peerhouse unlock --recovery-code-stdin</font>. Capital letters and "
    "dashes do not matter.",
    "<b>If this sheet is lost</b>, or someone who should not have it may have seen it, make a new "
    "recovery code (Settings, Security) and destroy this sheet.",
)


def _groups(code: str) -> list[str]:
    return [g for g in code.replace(" ", "-").split("-") if g]


def build_recovery_sheet(
    target: Path,
    *,
    house_name: str,
    setup_id: str,
    recovery_code: str,
    created: date | None = None,
    paper: str = "letter",
) -> Path:
    """Write the one-page sheet to `target` (atomically) and return its path."""
    created = created or date.today()
    size = page_size(paper)

    def draw(canvas: Canvas) -> None:
        _draw(canvas, size, house_name, setup_id, recovery_code, created)

    return write_pdf(Path(target), paper, TITLE, draw)


def _draw(canvas: Canvas, size: tuple[float, float], house_name: str, setup_id: str,
          code: str, created: date) -> None:
    width, height = size
    st = styles(11)
    y = height - MARGIN
    canvas.setFont(FONT_BOLD, 22)
    canvas.drawString(MARGIN, y - 22, TITLE)
    y -= 40
    for label, value in (("House", house_name), ("Set-up id", setup_id),
                         ("Date", date_text(created))):
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(MARGIN, y, f"{label}:")
        fonts.draw(canvas, MARGIN + 28 * mm, y, value, MONO if label == "Set-up id" else FONT, 11)
        y -= 16
    y -= 14

    # The code: a framed box, three groups per line, large monospace.
    groups = _groups(code)
    lines = [groups[i:i + 3] for i in range(0, len(groups), 3)] or [[code]]
    box_h = 24 + 44 * len(lines) + 22
    canvas.setLineWidth(1.5)
    canvas.roundRect(MARGIN, y - box_h, width - 2 * MARGIN, box_h, 6)
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawString(MARGIN + 10, y - 18, "Recovery code")
    line_y = y - 24 - 32
    for line in lines:
        fonts.draw(canvas, width / 2, line_y, "   ".join(line), MONO_BOLD, 34, anchor="middle")
        line_y -= 44
    fonts.draw(canvas, width / 2, y - box_h + 10, f"as one line: {code}", MONO, 10,
               anchor="middle")
    y -= box_h + 18

    for text in INSTRUCTIONS:
        para = Paragraph(text, st.body)
        _, h = para.wrapOn(canvas, width - 2 * MARGIN - 14, height)
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(MARGIN, y - 11, "\u2022")
        para.drawOn(canvas, MARGIN + 14, y - h)
        y -= h + 10

    note = Paragraph(escape(
        "PeerHouse never sends this code anywhere and cannot show it again. Without the code, "
        "the owner password or this computer's keyring, nobody (including PeerHouse) can open "
        "the records."), st.small)
    _, h = note.wrapOn(canvas, width - 2 * MARGIN, height)
    y -= h + 8
    note.drawOn(canvas, MARGIN, y)
    y -= 36
    canvas.setFont(FONT, 11)
    canvas.drawString(MARGIN, y, "Put in the safe by: ______________________   on: ______________")
    draw_footer(canvas, size, "Confidential: keep in the safe", f"Set-up {setup_id}")
    canvas.showPage()
