"""Building blocks of the kiosk screens: big buttons, choice rows and the screen frame.

Sizes live in resources/theme/kiosk.qss (px, multiplied by the text-size setting); a
minimum size of 48 px or more never scales below 48 px, so every touch target stays at
least 48 px high at every text size, and most are 64 px or more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peerhouse.resources_path import resource
from peerhouse.ui.formats import clock, long_day, relative_day
from peerhouse.ui.theme import icon

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow

SCALES = (0.85, 1.0, 1.15, 1.3, 1.5)
TOUCH_MIN = 48  # px: the smallest touch target, at any text size
_SIZED = re.compile(r"((font-size|min-height|min-width):\s*)(\d+)px")


def scaled_px(prop: str, px: int, scale: float) -> int:
    """A size from the style sheet at a text size: minimum sizes of a touch target
    (48 px or more) shrink with smaller text, but never below 48 px."""
    value = round(px * scale)
    if prop.startswith("min-") and px >= TOUCH_MIN:
        value = max(value, TOUCH_MIN)
    return value


def kiosk_qss(scale: float = 1.0) -> str:
    """The kiosk style sheet with every size multiplied by `scale`."""
    text = resource("theme", "kiosk.qss").read_text("utf-8")
    return _SIZED.sub(lambda m: f"{m[1]}{scaled_px(m[2], int(m[3]), scale)}px", text)


time_text = clock


def day_text(day: date, today: date | None = None) -> str:
    """'Today', 'Tomorrow', 'Yesterday' or 'Wednesday, March 18'."""
    return (relative_day(day, today) if today is not None else None) or long_day(day)


def fill_screen(window: QWidget) -> None:
    """Full screen, also where no window manager honours the request (a bare X session
    or a kiosk compositor): the window is first sized to its whole screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.geometry())
    window.showFullScreen()


def label(text: str = "", role: str = "KioskText", *, wrap: bool = True) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName(role)
    lab.setWordWrap(wrap)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


def kbutton(text: str, *, kind: str = "", icon_name: str = "", icon_px: int = 0,
            primary: bool = False, name: str = "", checkable: bool = False,
            on_click: Callable[[], Any] | None = None) -> QPushButton:
    """A kiosk button; `name` is its accessible name when the text alone is not enough."""
    btn = QPushButton(text)
    if kind:
        btn.setProperty("kiosk", kind)
    if primary:
        btn.setProperty("primary", True)
    if icon_name:
        btn.setIcon(white_icon(icon_name) if primary else icon(icon_name))
        set_icon_px(btn, icon_px or 32)
    btn.setCheckable(checkable)
    btn.setAccessibleName(name or text.replace("&", "").replace("\n", " "))
    btn.setCursor(Qt.CursorShape.PointingHandCursor)
    if on_click is not None:
        btn.clicked.connect(lambda _checked=False: on_click())
    return btn


@cache
def white_icon(name: str) -> QIcon:
    """The same line icon drawn in white, for dark (primary) buttons."""
    svg = resource("icons", f"{name}.svg").read_bytes().replace(b"#2f5d62", b"#ffffff")
    pixmap = QPixmap(128, 128)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    QSvgRenderer(QByteArray(svg)).render(painter)
    painter.end()
    return QIcon(pixmap)


def set_icon_px(btn: QAbstractButton, px: int) -> None:
    """Remember the icon's base size so the text-size setting can scale it."""
    btn.setProperty("iconBase", px)
    btn.setIconSize(QSize(px, px))


def rescale_icons(root: QWidget, scale: float) -> None:
    for btn in root.findChildren(QAbstractButton):
        base = btn.property("iconBase")
        if base:
            px = round(int(base) * scale)
            btn.setIconSize(QSize(px, px))
    for grid in root.findChildren(TileGrid):
        grid.rescaled()


def face_button(text: str, icon_name: str, name: str, icon_px: int) -> QToolButton:
    """A big checkable button with its picture above its word (the mood faces)."""
    btn = QToolButton()
    btn.setText(text)
    btn.setProperty("kiosk", "face")
    btn.setIcon(icon(icon_name))
    set_icon_px(btn, icon_px or 56)
    btn.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    btn.setCheckable(True)
    btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    btn.setAccessibleName(name)
    btn.setCursor(Qt.CursorShape.PointingHandCursor)
    return btn


def plain(widget: QWidget) -> QWidget:
    """A container that lets its parent's background show through."""
    widget.setProperty("plain", True)
    return widget


def set_invalid(widget: QWidget, bad: bool) -> None:
    widget.setProperty("invalid", bad)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ChoiceRow(QWidget):
    """A row (or grid) of big checkable buttons of which one may be chosen."""

    changed = Signal(object)

    def __init__(self, options: Sequence[tuple[object, str, str]], *, kind: str = "choice",
                 columns: int = 0, icons: Sequence[str] = (), icon_px: int = 0) -> None:
        """`options` are (value, text, accessible name)."""
        super().__init__()
        plain(self)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[object, QAbstractButton] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        row: QHBoxLayout | None = None
        for i, (value, text, name) in enumerate(options):
            if row is None or (columns and i % columns == 0):
                row = QHBoxLayout()
                row.setSpacing(10)
                outer.addLayout(row)
            icon_name = icons[i] if i < len(icons) else ""
            btn = (face_button(text, icon_name, name, icon_px) if kind == "face" else
                   kbutton(text, kind=kind, name=name, checkable=True, icon_name=icon_name,
                           icon_px=icon_px))
            btn.clicked.connect(lambda _c=False, v=value: self._picked(v))
            self.group.addButton(btn)
            self.buttons[value] = btn
            row.addWidget(btn, 1)

    def _picked(self, value: object) -> None:
        for btn in self.buttons.values():
            set_invalid(btn, False)
        self.changed.emit(value)

    def value(self) -> Any:
        for value, btn in self.buttons.items():
            if btn.isChecked():
                return value
        return None

    def set_value(self, value: object) -> None:
        btn = self.buttons.get(value)
        if btn is not None:
            btn.setChecked(True)

    def clear(self) -> None:
        self.group.setExclusive(False)
        for btn in self.buttons.values():
            btn.setChecked(False)
            set_invalid(btn, False)
        self.group.setExclusive(True)

    def mark_invalid(self) -> None:
        for btn in self.buttons.values():
            set_invalid(btn, True)


class Screen(QWidget):
    """One kiosk screen: a title row (with Back where it makes sense) over scrolling content.

    `reset()` discards unsaved input (idle return, log out); `shown()` runs each time the
    screen comes up and loads what it needs through the window's `call`.
    """

    key = ""
    back_to = "home"  # "" for no Back button

    def __init__(self, host: KioskWindow, title: str = "") -> None:
        super().__init__()
        plain(self)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.host = host
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 16, 28, 12)
        outer.setSpacing(14)
        top = QHBoxLayout()
        top.setSpacing(16)
        self.back_button: QPushButton | None = None
        if self.back_to:
            self.back_button = kbutton("Back", kind="small", icon_name="back", icon_px=28,
                                       name="Back", on_click=self.go_back)
            top.addWidget(self.back_button)
        self.title = label(title, "KioskTitle")
        top.addWidget(self.title, 1)
        self.top_row = top
        outer.addLayout(top)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        content = plain(QWidget())
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 4)
        self.body.setSpacing(14)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll, 1)

        self.message = label("", "KioskMessage")
        self.message.setAccessibleName("Message")
        self.message.hide()
        outer.addWidget(self.message)
        # The screen's main buttons stay in view below the scrolling content.
        self.actions = QHBoxLayout()
        self.actions.setSpacing(14)
        outer.addLayout(self.actions)

    def add_list(self, spacing: int = 12) -> QVBoxLayout:
        """A column of rows in the scrolling body (rebuilt on each visit with clear_layout)."""
        box = plain(QWidget())
        items = QVBoxLayout(box)
        items.setContentsMargins(0, 0, 0, 0)
        items.setSpacing(spacing)
        self.body.addWidget(box)
        self.body.addStretch(1)
        return items

    def go_back(self) -> None:
        self.host.show_screen(self.back_to)

    def say(self, text: str, *, info: bool = False) -> None:
        """A kind message at the bottom of the screen (an empty text hides it)."""
        self.message.setObjectName("KioskInfo" if info else "KioskMessage")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def reset(self) -> None:
        self.say("")

    def shown(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
        self.setFocus()  # no control looks "selected" until someone touches it

    def rescaled(self, scale: float) -> None:
        """The text size changed (A− / A+): screens that size things by hand redo it."""


class TileGrid(QWidget):
    """Big buttons in as many columns as fit (at most `max_columns`), re-flowed when the
    window or the text size changes, so no label is ever cut off. A short last row
    shares the full width."""

    SPACING = 14

    def __init__(self, max_columns: int = 4, *, stretch_last: bool = True) -> None:
        super().__init__()
        plain(self)
        self.max_columns = max_columns
        self.stretch_last = stretch_last
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(self.SPACING)
        for col in range(12):
            self.grid.setColumnStretch(col, 1)
        self.tiles: list[QWidget] = []
        self._columns = 0
        self._arranging = False

    def set_tiles(self, tiles: Sequence[QWidget]) -> None:
        clear_layout(self.grid)
        self.tiles = list(tiles)
        for tile in self.tiles:
            tile.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._columns = 0
        self.arrange()

    def columns(self) -> int:
        widest = max((t.sizeHint().width() for t in self.tiles), default=1)
        fit = (self.width() + self.SPACING) // (widest + self.SPACING)
        return max(1, min(self.max_columns, fit, 12))

    def arrange(self) -> None:
        cols = self.columns()
        if cols == self._columns or self._arranging:
            return
        self._arranging = True  # adding widgets may resize this grid: no nested re-flow
        try:
            self._columns = cols
            for tile in self.tiles:
                self.grid.removeWidget(tile)
            for start in range(0, len(self.tiles), cols):
                row = self.tiles[start:start + cols]
                share = len(row) if self.stretch_last and 12 % len(row) == 0 else cols
                span = 12 // share
                for i, tile in enumerate(row):
                    self.grid.addWidget(tile, start // cols, i * span, 1, span)
        finally:
            self._arranging = False
        if self.columns() != cols:
            QTimer.singleShot(0, self.arrange)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.arrange()

    def rescaled(self) -> None:
        self._columns = 0
        self.arrange()


def clear_layout(layout: Any) -> None:
    """Remove and delete everything in a layout (lists rebuilt on each visit)."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()  # gone at once, even before the deferred delete
            item.widget().deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())
