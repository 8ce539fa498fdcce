"""Labels and controls whose look the theme decides by name or property (theme/*.qss):
one way to make them, and to change a property so the new look shows."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def note_label(kind: str, text: str = "", *, shown: bool = True) -> QLabel:
    """A word-wrapped label styled by the theme's `kind` ("Muted", "Banner", "FieldError");
    `shown` False for one that stays hidden until it has something to say."""
    label = QLabel(text)
    label.setObjectName(kind)
    label.setWordWrap(True)
    if not shown:
        label.hide()  # (showing a label with no parent yet would open it as a window)
    return label


def restyle(widget: QWidget, prop: str, value: object) -> None:
    """Set a theme property ("danger", "invalid", …) and re-apply the style sheet, which
    Qt does not do by itself when only a property changes."""
    widget.setProperty(prop, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
