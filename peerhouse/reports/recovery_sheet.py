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
from peerhouse.i18n import _, lazy
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

TITLE = lazy("PeerHouse recovery sheet")

UNLOCK = f"<font face='{MONO}'>peerhouse unlock --recovery-code-stdin</font>"
# Paragraph markup: the translation keeps the <b>…</b> around the same words and {command}.
INSTRUCTIONS = (
    lazy("<b>Keep this sheet in the safe</b> (or another locked place), never next to the "
         "computer, and never as a photo or a file."),
    lazy("<b>Anyone with this code and the database file can read all records</b> of every "
         "resident. Treat it like the key to the filing cabinet."),
    lazy("<b>You need it</b> to open a backup on a new PC, if this computer's keyring is lost, "
         "or if the owner password is lost."),
    lazy("<b>To use it</b>, choose the recovery code when PeerHouse asks for the owner "
         "password, or run {command}. Capital letters and dashes do not matter.",
         command=UNLOCK),
    lazy("<b>If this sheet is lost</b>, or someone who should not have it may have seen it, "
         "make a new recovery code (Settings, Security) and destroy this sheet."),
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

    return write_pdf(Path(target), paper, str(TITLE), draw)


def _draw(canvas: Canvas, size: tuple[float, float], house_name: str, setup_id: str,
          code: str, created: date) -> None:
    width, height = size
    st = styles(11)
    y = height - MARGIN
    fonts.draw(canvas, MARGIN, y - 22, str(TITLE), FONT_BOLD, 22)
    y -= 40
    facts = ((_("House:"), house_name, FONT), (_("Set-up id:"), setup_id, MONO),
             (_("Date:"), date_text(created), FONT))
    # The values start after the widest label (Spanish labels run longer).
    at = MARGIN + max(28 * mm, max(fonts.width(k, FONT_BOLD, 11) for k, _v, _f in facts) + 10)
    for label, value, face in facts:
        fonts.draw(canvas, MARGIN, y, label, FONT_BOLD, 11)
        fonts.draw(canvas, at, y, value, face, 11)
        y -= 16
    y -= 14

    # The code: a framed box, three groups per line, large monospace.
    groups = _groups(code)
    lines = [groups[i:i + 3] for i in range(0, len(groups), 3)] or [[code]]
    box_h = 24 + 44 * len(lines) + 22
    canvas.setLineWidth(1.5)
    canvas.roundRect(MARGIN, y - box_h, width - 2 * MARGIN, box_h, 6)
    fonts.draw(canvas, MARGIN + 10, y - 18, _("Recovery code"), FONT_BOLD, 12)
    line_y = y - 24 - 32
    for line in lines:
        fonts.draw(canvas, width / 2, line_y, "   ".join(line), MONO_BOLD, 34, anchor="middle")
        line_y -= 44
    fonts.draw(canvas, width / 2, y - box_h + 10, _("as one line: {code}").format(code=code),
               MONO, 10, anchor="middle")
    y -= box_h + 18

    for text in INSTRUCTIONS:
        para = Paragraph(str(text), st.body)
        _w, h = para.wrapOn(canvas, width - 2 * MARGIN - 14, height)
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(MARGIN, y - 11, "\u2022")
        para.drawOn(canvas, MARGIN + 14, y - h)
        y -= h + 10

    note = Paragraph(escape(_(
        "PeerHouse never sends this code anywhere and cannot show it again. Without the code, "
        "the owner password or this computer's keyring, nobody (including PeerHouse) can open "
        "the records.")), st.small)
    _w, h = note.wrapOn(canvas, width - 2 * MARGIN, height)
    y -= h + 8
    note.drawOn(canvas, MARGIN, y)
    y -= 36
    fonts.draw(canvas, MARGIN, y, _("Put in the safe by: {line}   on: {short}").format(
        line="_" * 22, short="_" * 14), FONT, 11)
    draw_footer(canvas, size, _("Confidential: keep in the safe"),
                _("Set-up {id}").format(id=setup_id))
    canvas.showPage()
