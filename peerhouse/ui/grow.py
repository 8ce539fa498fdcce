"""Dialogs whose wrapped text changes while they are open grow to show all of it.

Qt sets a window's minimum size from its layout without asking word-wrapped labels how
tall they get, so a longer message ("Too many wrong passwords…") squeezed the rows
around it: "Forgot the owner password?" was drawn 4 px high, out of reach. Free of the
database code: the sign-in dialog uses it before that is imported.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class _GrowToFit(QObject):
    """After each layout pass: the window's minimum height is what its content needs at
    its narrowest allowed width (the most it can need), and it grows to that if smaller.

    It keeps no reference of its own: Qt may still call it while the window goes away."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The layout handles a request before event filters see it: its sizes are fresh.
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show) \
                and isinstance(watched, QWidget):
            fit(watched)
        return False


def fit(window: QWidget) -> None:
    layout = window.layout()
    if layout is None:
        return
    least = layout.totalMinimumSize()
    narrowest = max(window.minimumWidth(), least.width())
    need = least.height()
    if layout.hasHeightForWidth():
        need = max(need, layout.totalHeightForWidth(narrowest))
    if window.minimumHeight() != need:
        window.setMinimumHeight(need)
    if window.height() < need:
        window.resize(window.width(), need)


def grow_to_fit(window: QWidget) -> None:
    """Keep `window` (with its layout set) tall enough for all of its wrapped text."""
    window.installEventFilter(_GrowToFit(window))
