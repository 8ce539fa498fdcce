"""The light theme and icons, loaded from `resources/` (source tree or frozen bundle)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from peerhouse.resources_path import resource


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(resource("theme", "light.qss").read_text("utf-8"))
    app.setWindowIcon(icon("peerhouse"))


@cache
def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons/ by name (e.g. 'residents')."""
    return QIcon(str(resource("icons", f"{name}.svg")))
