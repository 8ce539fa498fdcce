"""Shared pieces for every PDF: paper sizes, fonts, styles, page furniture, atomic output.

Every report is written to a temporary name in the target folder and renamed when
complete, so a crash never leaves half a PDF, and no copy of a confidential document
is ever left in the system temp folder.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from peerhouse.clock_text import date_time_text
from peerhouse.files import create_empty
from peerhouse.i18n import _
from peerhouse.reports import fonts

PAPER_SIZES: dict[str, tuple[float, float]] = {"letter": letter, "a4": A4}

# Embedded fonts with wide coverage (fonts.py): a name prints as typed on any printer.
FONT = fonts.SANS
FONT_BOLD = fonts.SANS_BOLD
MONO = fonts.MONO
MONO_BOLD = fonts.MONO_BOLD

MARGIN = 18 * mm
INK = (0.1, 0.1, 0.1)
MUTED = (0.4, 0.4, 0.4)


def page_size(paper: str) -> tuple[float, float]:
    """The page size for a house's paper setting ('letter' or 'a4'); letter if unknown."""
    return PAPER_SIZES.get((paper or "letter").lower(), letter)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles shared by the reports, so they look like one family."""

    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    mono: ParagraphStyle


def styles(base_size: float = 10.5) -> Styles:
    fonts.register()  # before any paragraph is measured
    body = ParagraphStyle("body", fontName=FONT, fontSize=base_size, leading=base_size * 1.35)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=base_size * 1.9,
                             leading=base_size * 2.3, spaceAfter=base_size * 0.6),
        heading=ParagraphStyle("heading", parent=body, fontName=FONT_BOLD,
                               fontSize=base_size * 1.25, leading=base_size * 1.6,
                               spaceBefore=base_size * 0.8, spaceAfter=base_size * 0.3),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=base_size * 0.8,
                             leading=base_size * 1.05, textColor=MUTED),
        mono=ParagraphStyle("mono", parent=body, fontName=MONO, fontSize=base_size,
                            leading=base_size * 1.3),
    )


def draw_footer(canvas: Canvas, size: tuple[float, float], left: str, right: str = "") -> None:
    """A thin rule and one line of small text at the bottom of the page."""
    width, _height = size
    canvas.saveState()
    canvas.setStrokeColorRGB(*MUTED)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, MARGIN - 4 * mm, width - MARGIN, MARGIN - 4 * mm)
    canvas.setFillColorRGB(*MUTED)
    fonts.draw(canvas, MARGIN, MARGIN - 8 * mm, left, FONT, 8)
    if right:
        fonts.draw(canvas, width - MARGIN, MARGIN - 8 * mm, right, FONT, 8, anchor="end")
    canvas.restoreState()


def generated_line(when: datetime) -> str:
    """'Printed Dec 1, 2026, 1:01 PM by PeerHouse' (`when` in house-local time)."""
    return _("Printed {when} by PeerHouse").format(when=date_time_text(when))


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it over `target` on success.

    On any error the temporary file is removed and `target` is left as it was.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"The folder {folder} does not exist.")
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        create_empty(tmp)  # private (0600) before a byte is written; renamed, it stays so
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def save_pdf(target: Path, data: bytes) -> Path:
    """Write finished PDF bytes to `target` atomically (beside it, never via the temp folder)."""
    with atomic_output(Path(target)) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_pdf(target: Path, paper: str, title: str, draw: Callable[[Canvas], None]) -> Path:
    """Build a PDF with `draw(canvas)` and write it atomically to `target`."""
    fonts.register()
    with atomic_output(target) as tmp:
        canvas = Canvas(str(tmp), pagesize=page_size(paper), pageCompression=1,
                        initialFontName=FONT)
        canvas.setTitle(title)
        canvas.setAuthor("PeerHouse")
        canvas.setCreator("PeerHouse")
        draw(canvas)
        canvas.save()
    return target
