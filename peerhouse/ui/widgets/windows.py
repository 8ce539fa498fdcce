"""A plain window of its own (not a form): a note, a one-time PIN, an import's progress."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QVBoxLayout


def window_column(dialog: QDialog, title: str, width: int,
                  margins: tuple[int, int, int, int] = (24, 20, 24, 16),
                  spacing: int = 12) -> QVBoxLayout:
    """Title `dialog`, keep it at least `width` wide and free it once closed (it holds
    nothing to keep); returns its layout, one column."""
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(width)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    return layout
