"""How a tab (or a page of a resident's record, or a dialog with an explanation) starts, so
they all share one set of margins and the words that say what the tab is for come first.

A section's own heading is `manager/section.py: page_layout`; these are what sits below it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from peerhouse.ui.widgets.common import muted

TAB_MARGINS = (16, 14, 16, 14)  # left, top, right, bottom (px)


def tab_layout(widget: QWidget, intro: str = "", *, spacing: int = 10,
               margins: tuple[int, int, int, int] = TAB_MARGINS) -> QVBoxLayout:
    """`widget`'s column: the tab margins, then `intro` (what the tab is for) in muted words."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    if intro:
        layout.addWidget(muted(intro))
    return layout


def scrolling_page(widget: QWidget, *, sideways: bool = True) -> tuple[QScrollArea, QWidget]:
    """Fill `widget` with a frameless scroll area and return it with the page inside, to lay
    out: in a short window the page scrolls rather than squeeze its cards and cut off their
    text. `sideways` False: the page is never wider than the window (it wraps instead)."""
    scroll = QScrollArea(widget)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if not sideways:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    page = QWidget()
    scroll.setWidget(page)
    return scroll, page
