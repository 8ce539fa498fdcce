"""Tables and text blocks in one house style: a dark header row, light stripes, thin rules.

Every cell is a Paragraph, so long text wraps inside its column instead of running
into the next one, and every column's alignment is set once for the whole table.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
    TableStyle,
)

from peerhouse.reports import fonts
from peerhouse.reports.common import FONT, FONT_BOLD, styles

ACCENT = colors.HexColor("#2f5d62")
STRIPE = colors.HexColor("#eef3f3")
RULE = colors.HexColor("#b9c6c6")
SOFT = colors.HexColor("#f6f1e7")
# The second language of a bilingual paper, beneath the first: lighter, a little smaller.
BENEATH = colors.HexColor("#5f6b6b")
BENEATH_ON_ACCENT = colors.HexColor("#d3e2e2")
_ALIGN = {"L": TA_LEFT, "C": TA_CENTER, "R": TA_RIGHT}
CELL_PAD = 4  # a table cell's left and right padding (points), unless `table(pad=...)`
# Every cell holds a Paragraph; naming the font all the same keeps reportlab's default
# Helvetica (not embedded) out of the file.
EMBEDDED = ("FONTNAME", (0, 0), (-1, -1), FONT)

# A cell: text, a flowable, or several flowables stacked (e.g. a name over a phase).
Cell = str | Flowable | list[Flowable] | None


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text, exactly as typed (escaped: a name with '&' or '<' prints
    as typed; an emoji in the emoji font)."""
    return Paragraph(fonts.markup("" if text is None else text, style.fontName), style)


def stacked(text: str, style: ParagraphStyle, *,
            color: colors.Color = BENEATH) -> Paragraph | list[Flowable]:
    """Text we wrote (a heading, a column head, a note): one paragraph, or on a bilingual
    paper (a second language after a line break, paper_language.both) the first language
    over the second in a lighter, smaller style."""
    first, _, rest = text.partition("\n")
    if not rest:
        return para(text, style)
    top = ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
    size = style.fontSize * 0.88
    beneath = ParagraphStyle(f"{style.name}-second", parent=style, fontName=FONT,
                             fontSize=size, leading=size * 1.2, textColor=color,
                             spaceBefore=0)
    return [para(first, top), para(rest.replace("\n", " "), beneath)]


def fitted(text: str, room: float, size: float, align: str = "L", *, bold: bool = False,
           smallest: float = 5.0) -> Paragraph:
    """`text` in a cell `room` points wide, at `size` or smaller so that no word is wider
    than the cell: lines break between words, never inside one ("Christopher M.", not
    "Christophe/r M.")."""
    font = FONT_BOLD if bold else FONT
    widest = max((fonts.width(w, font, size) for w in str(text).split()), default=0.0)
    if widest > room:
        size = max(smallest, int(size * room / widest * 2) / 2)  # down to the half point
    return para(text, cell_style(size, align, bold=bold))


def cell_style(size: float, align: str = "L", *, bold: bool = False,
               color: colors.Color | None = None) -> ParagraphStyle:
    return ParagraphStyle(f"cell-{size}-{align}-{bold}", fontName=FONT_BOLD if bold else FONT,
                          fontSize=size, leading=size * 1.22, alignment=_ALIGN[align],
                          textColor=color or colors.black)


def table(header: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float], *,
          size: float = 9.5, align: str = "", empty: str = "", head_size: float = 0,
          pad: float = CELL_PAD, extra: Sequence[tuple[object, ...]] = ()) -> Flowable:
    """A striped table; `align` is one letter per column (L, C or R; default L).

    With no rows, `empty` (if given) is printed instead of an empty table. Header
    text wraps at spaces only, so columns must be wide enough for their longest word.
    `extra` adds TableStyle commands (taller rows for signing, say).
    """
    if not rows and empty:
        return flow(stacked(empty, styles(size + 0.5).body))
    align = (align or "L" * len(widths)).ljust(len(widths), "L")
    head = [stacked(h, cell_style(head_size or size - 0.5, a, bold=True, color=colors.white),
                    color=BENEATH_ON_ACCENT) for h, a in zip(header, align, strict=True)]
    body = [[c if isinstance(c, Flowable | list) else para(c, cell_style(size, a))
             for c, a in zip(row, align, strict=True)] for row in rows]
    t = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEAFTER", (0, 0), (-2, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, len(body) + 1, 2)]
    t.setStyle(TableStyle([EMBEDDED, *commands, *extra]))
    return t


def facts(pairs: Sequence[tuple[str, Cell]], widths: tuple[float, float], *,
          size: float = 10) -> Table:
    """Label / value lines without stripes (a block of facts under a heading)."""
    label = cell_style(size, bold=True)
    value = cell_style(size)
    rows = [[stacked(k, label), v if isinstance(v, Flowable | list) else para(v, value)]
            for k, v in pairs]
    t = Table(rows, colWidths=list(widths), hAlign="LEFT")
    t.setStyle(TableStyle([
        EMBEDDED,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return t


def boxed(content: Sequence[Flowable], width: float, *, background: colors.Color = SOFT,
          border: colors.Color = RULE) -> Table:
    """Flowables in a tinted, ruled box (notices, the crisis line, the chain head)."""
    t = Table([[list(content)]], colWidths=[width], hAlign="LEFT")
    t.setStyle(TableStyle([
        EMBEDDED,
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("BOX", (0, 0), (-1, -1), 0.8, border),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    return t


def title_block(title: str, subtitle: str, size: float) -> list[Flowable]:
    """The top of a paper: its title, then the line saying whose and when."""
    st = styles(size)
    return [*flows(stacked(title, st.title)), *flows(stacked(subtitle, st.heading))]


def section(title: str, *content: Flowable, size: float = 10.5, keep: bool = False,
            room: float = 110) -> list[Flowable]:
    """A heading and what it introduces, never a heading alone at the foot of a page.

    `keep` holds everything on one page (a chart); otherwise a new page starts only
    when less than `room` points are left, and a long table continues on the next
    page under its repeated header row.
    """
    heading = flows(stacked(title, styles(size).heading))
    if keep:
        return [KeepTogether([*heading, *content])]
    return [CondPageBreak(room), *heading, *content]


def flows(made: Paragraph | list[Flowable]) -> list[Flowable]:
    return made if isinstance(made, list) else [made]


def flow(made: Paragraph | list[Flowable]) -> Flowable:
    return made if isinstance(made, Flowable) else KeepTogether(made)
