"""The fonts every PDF is set in, embedded as subsets so names print as typed on any printer.

reportlab's 14 standard fonts cover Latin-1 only: "Łukasz", "Nguyễn", Greek and Cyrillic
names lost letters and an emoji printed as "?". DejaVu Sans sets the text (Latin with
Vietnamese, Turkish, Polish…, Greek, Cyrillic) and Noto Emoji, a monochrome font with
TrueType outlines (which reportlab needs), the emoji. reportlab neither falls back from
font to font per character nor shapes text, so `runs` splits a text by which font has each
character; `markup` (Paragraphs) and `draw` / `width` (the canvas) set each run in its font.

The fonts are read once per process, on first use, under a lock: reports are built on
worker threads. Scripts DejaVu lacks (Chinese, Japanese, Korean…) still print as boxes,
and scripts that need shaping or right-to-left order (Arabic, Hebrew, Devanagari) print
their letters unjoined and left to right: reportlab has no text shaping of its own.
"""

from __future__ import annotations

import threading
import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.pdfmetrics import registerFontFamily, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from peerhouse.resources_path import resource

SANS = "PeerSans"
SANS_BOLD = "PeerSans-Bold"
MONO = "PeerMono"
MONO_BOLD = "PeerMono-Bold"
EMOJI = "PeerEmoji"
FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf", MONO: "DejaVuSansMono.ttf",
         MONO_BOLD: "DejaVuSansMono-Bold.ttf", EMOJI: "NotoEmoji[wght].ttf"}
# Characters that belong with the one before them (a joiner, a variation selector, a skin
# tone, a keycap, tag letters of a flag): set in the same font when it has them.
_JOINING = {0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)}
_EMOJI_STYLE = "\ufe0f"  # "show the character before as an emoji": ❤️, not ❤

_lock = threading.Lock()
_covers: dict[str, frozenset[int]] = {}  # font name: the characters it has a glyph for


def register() -> None:
    """Read and register the fonts (once per process; cheap after the first call)."""
    if _covers:
        return
    with _lock:
        if _covers:
            return
        # reportlab writes a character beyond U+FFFF in the ToUnicode map as 5 hex digits
        # ("<1F98B>"): readers then copy an emoji as a wrong letter or nothing at all.
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        fonts = {name: TTFont(name, str(resource("fonts", file))) for name, file in FILES.items()}
        for font in fonts.values():
            pdfmetrics.registerFont(font)
        # <b> in a paragraph picks the bold face; an emoji run inside <b> stays an emoji.
        registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD)
        registerFontFamily(MONO, normal=MONO, bold=MONO_BOLD)
        registerFontFamily(EMOJI, normal=EMOJI)
        _covers.update({name: frozenset(f.face.charToGlyph) for name, f in fonts.items()})


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with each character as UTF-16BE, as the PDF standard asks
    (a surrogate pair for characters beyond U+FFFF)."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *[f"<{i:02X}> <{utf16(code)}>" for i, code in enumerate(subset)],
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def runs(text: object, font: str = SANS) -> list[tuple[str, str]]:
    """`text` as (characters, font) runs: each character in `font` if it has it, else in the
    emoji font if that has it, else in `font` (which prints a box: never a silent "?").
    The text is NFC-normalised first, so a letter typed as letter + accent finds its glyph."""
    register()
    text = unicodedata.normalize("NFC", str(text))
    main, emoji = _covers[font], _covers[EMOJI]
    out: list[tuple[str, str]] = []
    for i, ch in enumerate(text):
        code = ord(ch)
        if code in _JOINING and out and code in _covers[out[-1][1]]:
            face = out[-1][1]
        elif code in emoji and (code not in main or text[i + 1:i + 2] == _EMOJI_STYLE):
            face = EMOJI
        else:
            face = font
        if out and out[-1][1] == face:
            out[-1] = (out[-1][0] + ch, face)
        else:
            out.append((ch, face))
    return out


def markup(text: object, font: str = SANS) -> str:
    """Paragraph markup for plain `text` set in `font`: escaped (a name with "&" or "<"
    prints as typed), and each run the font lacks in the font that has it."""
    return "".join(escape(chunk) if face == font else f'<font face="{face}">{escape(chunk)}</font>'
                   for chunk, face in runs(text, font))


def width(text: object, font: str, size: float) -> float:
    """The width of `text` in points, as `draw` sets it."""
    return sum(stringWidth(chunk, face, size) for chunk, face in runs(text, font))


def draw(canvas: Canvas, x: float, y: float, text: object, font: str, size: float, *,
         anchor: str = "start") -> None:
    """Draw one line of `text` at (x, y), `anchor` "start", "middle" or "end" at x; the
    canvas is left set to `font`."""
    parts = runs(text, font)
    if anchor != "start":
        total = sum(stringWidth(chunk, face, size) for chunk, face in parts)
        x -= total if anchor == "end" else total / 2
    line = canvas.beginText(x, y)  # one text object: readers copy it as one line
    for chunk, face in parts:
        line.setFont(face, size)
        line.textOut(chunk)
    canvas.drawText(line)
    canvas.setFont(font, size)
