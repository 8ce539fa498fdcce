"""The light theme and icons, loaded from `resources/` (source tree or frozen bundle)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from peerhouse.resources_path import resource

# The icons are drawn in the theme's teal; on a selected (dark teal) row they are white.
ICON_INK = "#2f5d62"
SELECTED_INK = "#ffffff"
_SELECTED_SIZES = (16, 20, 24, 32)


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(themed_qss("light.qss"))
    app.setWindowIcon(icon("peerhouse"))


def themed_qss(name: str) -> str:
    """A style sheet from resources/theme/ with @ICONS@ pointing at the icons folder
    (the same from the source tree and from the frozen bundle)."""
    icons = resource("icons").as_posix()
    return resource("theme", name).read_text("utf-8").replace("@ICONS@", icons)


@cache
def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons/ by name (e.g. 'residents'), white when selected."""
    path = resource("icons", f"{name}.svg")
    result = QIcon(str(path))
    svg = path.read_text("utf-8")
    if ICON_INK in svg:
        renderer = QSvgRenderer(QByteArray(svg.replace(ICON_INK, SELECTED_INK).encode()))
        for px in _SELECTED_SIZES:
            pixmap = QPixmap(QSize(px, px))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
            result.addPixmap(pixmap, QIcon.Mode.Selected)
    return result
