"""The page furniture every multi-page report shares, and rendering to bytes in memory.

A report is a list of platypus flowables; `render` lays it out on the house's paper
with the same header and footer on every page: the title, the house, "CONFIDENTIAL"
and the 42 CFR Part 2 notice where it applies, the date printed and "Page N of M".
Rendering goes to memory (io.BytesIO) so the app can preview and print a confidential
report without any copy on disk; `common.save_pdf` writes the bytes atomically when
someone chooses a file.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab import rl_config
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from peerhouse.errors import ValidationError
from peerhouse.i18n import _, lazy
from peerhouse.reports import fonts
from peerhouse.reports.common import (
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MUTED,
    generated_line,
    page_size,
)

# Binary (not ASCII85) streams: a quarter smaller, and encrypted ASCII85 streams are
# misread by some readers (pypdf). Every PDF reader and printer takes binary streams.
rl_config.useA85 = 0

HEADER_SPACE = 13 * mm  # between the top margin line and the first flowable
FOOTER_SPACE = 9 * mm
MIN_PASSWORD = 8
ALERT = (0.62, 0.16, 0.16)


@dataclass(frozen=True)
class Furniture:
    """What is printed around the content of every page."""

    title: str
    house: str
    generated: datetime  # house-local time of printing
    confidential: bool = False
    notice: str = ""  # one short line above the page number (e.g. the 42 CFR statement)


def check_password(password: str | None) -> str | None:
    """A PDF password is optional; when given it must be long enough to mean something."""
    if not password:
        return None
    if len(password) < MIN_PASSWORD:
        raise ValidationError("PDF password", lazy(
            "The PDF password must be at least {n} characters (or leave it empty for no "
            "password).", n=MIN_PASSWORD))
    return password


class _AES256(StandardEncryption):
    """reportlab's AES-256 (revision 5) with its key strings trimmed to the sizes the PDF
    standard sets: reportlab pads UE and OE to 48 bytes and Perms to 32, which viewers
    reject. With a zero IV, CBC output is prefix-stable, so the first 32 (16) bytes are
    exactly the unpadded encryption the standard asks for."""

    def prepare(self, document: Any, overrideID: Any = None) -> None:  # noqa: N803
        super().prepare(document, overrideID)
        self.UE, self.OE, self.Perms = self.UE[:32], self.OE[:32], self.Perms[:16]


def _encryption(password: str | None) -> StandardEncryption | None:
    password = check_password(password)
    if password is None:
        return None
    # A random owner password, so the permissions cannot be lifted afterwards.
    return _AES256(password, ownerPassword=secrets.token_urlsafe(24), canPrint=1, canModify=0,
                   canCopy=1, canAnnotate=0, strength=256)


class _Canvas(Canvas):
    """Holds every page until the end so each footer can say "Page N of M"."""

    def __init__(self, *args: Any, furniture: Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            draw_furniture(self, self._furniture, number, total)
            super().showPage()
        super().save()


def draw_furniture(canvas: Canvas, f: Furniture, number: int, total: int) -> None:
    """Header (house left; title and CONFIDENTIAL right) and footer (notice, date, page)."""
    width, height = canvas._pagesize
    top = height - MARGIN
    canvas.saveState()
    right = width - MARGIN
    if f.confidential:
        label = _("CONFIDENTIAL")
        w = canvas.stringWidth(label, FONT_BOLD, 9) + 10
        canvas.setFillColorRGB(*ALERT)
        canvas.roundRect(right - w, top - 6, w, 14, 2, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        fonts.draw(canvas, right - w / 2, top - 2, label, FONT_BOLD, 9, anchor="middle")
        right -= w + 8
    canvas.setFillColorRGB(*INK)
    fonts.draw(canvas, right, top - 2, f.title, FONT_BOLD, 8.5, anchor="end")
    room = right - fonts.width(f.title, FONT_BOLD, 8.5) - 16 - MARGIN
    canvas.setFillColorRGB(*MUTED)
    fonts.draw(canvas, MARGIN, top - 2, fit(f"PeerHouse · {f.house}", 8.5, room), FONT, 8.5)
    canvas.setStrokeColorRGB(*MUTED)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - 9, width - MARGIN, top - 9)

    base = MARGIN - 2 * mm
    canvas.line(MARGIN, base + 9 * mm, width - MARGIN, base + 9 * mm)
    if f.notice or f.confidential:
        canvas.setFillColorRGB(*(ALERT if f.confidential else MUTED))
        # Translators: before the one-line notice at the foot of a confidential page.
        line = _("CONFIDENTIAL. {notice}").format(notice=f.notice) if f.confidential else f.notice
        fonts.draw(canvas, MARGIN, base + 5 * mm, fit(line, 8, width - 2 * MARGIN,
                                                      FONT_BOLD if f.confidential else FONT),
                   FONT_BOLD if f.confidential else FONT, 8)
    canvas.setFillColorRGB(*MUTED)
    fonts.draw(canvas, MARGIN, base + 1 * mm, generated_line(f.generated), FONT, 8)
    fonts.draw(canvas, width - MARGIN, base + 1 * mm,
               _("Page {number} of {total}").format(number=number, total=total), FONT_BOLD, 8,
               anchor="end")
    canvas.restoreState()


def fit(text: str, size: float, room: float, font: str = FONT) -> str:
    """`text`, shortened with an ellipsis if it is wider than `room` points."""
    if fonts.width(text, font, size) <= room:
        return text
    while text and fonts.width(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def content_width(paper: str) -> float:
    return page_size(paper)[0] - 2 * MARGIN


def render(story: Sequence[Flowable], furniture: Furniture, *, paper: str,
           password: str | None = None) -> bytes:
    """Lay `story` out on `paper` with the furniture on every page; the PDF as bytes."""
    encrypt = _encryption(password)
    fonts.register()
    out = io.BytesIO()
    size = page_size(paper)
    doc = BaseDocTemplate(out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN + HEADER_SPACE, bottomMargin=MARGIN + FOOTER_SPACE,
                          title=f"{furniture.title}: {furniture.house}",
                          author="PeerHouse", creator="PeerHouse", pageCompression=1,
                          encrypt=encrypt,
                          # Not reportlab's Helvetica: every font in the file is embedded.
                          initialFontName=FONT)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=size)])

    def canvasmaker(*args: Any, **kwargs: Any) -> _Canvas:
        return _Canvas(*args, furniture=furniture, **kwargs)

    doc.build(list(story), canvasmaker=canvasmaker)
    return out.getvalue()
