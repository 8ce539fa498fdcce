"""Reading PDFs back in tests: text, tables and a check that nothing overlaps or overflows.

pdfplumber gives every word with its box, so a layout fault a reader would see on paper
(text running into the next cell, two lines drawn over each other, text outside the
margins) shows up as overlapping or out-of-bounds boxes.
"""

from __future__ import annotations

import io
from itertools import combinations

import pdfplumber

MARGIN = 18 * 72 / 25.4  # reports/common.MARGIN in points


def pages_text(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def text(data: bytes) -> str:
    """All text, whitespace collapsed (lines joined with spaces)."""
    return " ".join(" ".join(pages_text(data)).split())


def tables(data: bytes, first_header: str) -> list[list[str]]:
    """Rows of every table (across pages) whose header starts with `first_header`,
    header rows left out; cell text with its line breaks as spaces."""
    rows: list[list[str]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                cells = [[" ".join((c or "").split()) for c in row] for row in table]
                cells = [r for r in cells if any(r)]
                if cells and cells[0][0] == first_header:
                    rows += [r for r in cells[1:] if r[0] != first_header]
    return rows


def layout_problems(data: bytes, tolerance: float = 0.6) -> list[str]:
    """Words overlapping other words, or outside the page margins (header and footer
    included, which sit inside the margin band but not beyond the paper's edge)."""
    problems = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            words = page.extract_words(use_text_flow=False, keep_blank_chars=False)
            for w in words:
                if w["x0"] < MARGIN - 1 or w["x1"] > page.width - MARGIN + 1:
                    problems.append(f"page {n}: {w['text']!r} runs outside the margins")
            for a, b in combinations(words, 2):
                if (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > tolerance
                        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > tolerance):
                    problems.append(f"page {n}: {a['text']!r} overlaps {b['text']!r}")
    return problems
