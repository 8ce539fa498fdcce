"""The light theme and icons, loaded from `resources/` (source tree or frozen bundle)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from peerhouse.resources_path import resource

# The icons are drawn in the theme's teal; on a selected (dark teal) row they are white.
ICON_INK = "#2f5d62"
SELECTED_INK = "#ffffff"
_SELECTED_SIZES = (16, 20, 24, 32)


def apply_theme(app: QApplication) -> None:
    if app.style().name().lower() != "fusion":  # building a style again costs start-up time
        app.setStyle("Fusion")
    app.setStyleSheet(themed_qss("light.qss"))
    app.setWindowIcon(QIcon(str(resource("icons", "peerhouse.svg"))))  # never drawn selected


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
    if ICON_INK in path.read_text("utf-8"):
        for px in _selected_sizes():
            result.addPixmap(_white_pixmap(name, px), QIcon.Mode.Selected)
    return result


def _selected_sizes() -> set[int]:
    """The white pixmaps' sizes, also scaled as the screen is (display scaling): a size
    missing there was drawn from the SVG in the theme's teal, dark on the selected row."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    return {round(px * r) for px in _SELECTED_SIZES for r in {1.0, ratio}}


def white_icon(name: str) -> QIcon:
    """The same line icon drawn in white, for dark (primary) buttons."""
    return QIcon(_white_pixmap(name, 128))


def _white_pixmap(name: str, px: int) -> QPixmap:
    svg = resource("icons", f"{name}.svg").read_text("utf-8").replace(ICON_INK, SELECTED_INK)
    pixmap = QPixmap(QSize(px, px))
    pixmap.fill(QColor(0, 0, 0, 0))  # transparent
    painter = QPainter(pixmap)
    from PySide6.QtSvg import QSvgRenderer  # only for a selected row's icon: not at start

    QSvgRenderer(QByteArray(svg.encode())).render(painter)
    painter.end()
    return pixmap
