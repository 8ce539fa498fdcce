"""Rows of big buttons that re-flow into as many columns as fit.

Larger text makes every button wider; a fixed row of five faces or eleven numbers would
then run past the edge of the screen (and be cut off, as the kiosk never scrolls
sideways). These grids count how many buttons fit side by side each time the width or
the text size changes, and share the buttons out evenly over the rows they need
(five faces as 3 + 2, eleven numbers as 6 + 5), so nothing is ever wider than the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil, lcm
from typing import Any

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from peerhouse.ui.kiosk.widgets import kbutton, label, plain, plain_box, set_invalid, show_whole

QUESTION_GAP = 6  # px between a question and its answers
GROUP_GAP = 12  # px between one question and the next


def balanced_columns(count: int, fit: int) -> int:
    """At most `fit` columns, but rows as even as they can be: 5 in 4 columns is 3 + 2."""
    if count <= 0:
        return max(1, fit)
    fit = max(1, min(fit, count))
    rows = ceil(count / fit)
    return ceil(count / rows)


class TileGrid(QWidget):
    """Big buttons in as many columns as fit (at most `max_columns`), re-flowed when the
    window or the text size changes, so no label is ever cut off. With `stretch_last`
    a short last row shares the full width; without, every button is as wide as the rest."""

    SPACING = 14

    def __init__(self, max_columns: int = 4, *, stretch_last: bool = True,
                 spacing: int = SPACING) -> None:
        super().__init__()
        plain(self)
        self.max_columns = max(1, max_columns)
        self.stretch_last = stretch_last
        self.spacing = spacing
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(spacing)
        self.tiles: list[QWidget] = []
        self._columns = 0
        self._arranging = False

    def set_tiles(self, tiles: Sequence[QWidget]) -> None:
        for tile in self.tiles:
            if tile not in tiles:
                self.grid.removeWidget(tile)
                tile.hide()  # gone at once, even before the deferred delete
                tile.deleteLater()
        self.tiles = list(tiles)
        for tile in self.tiles:
            tile.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._columns = 0
        self.arrange()

    def minimumSizeHint(self) -> QSize:
        """As narrow as one column: the grid re-flows rather than widen its screen."""
        hint = super().minimumSizeHint()
        narrowest = max((max(t.minimumWidth(), t.minimumSizeHint().width())
                         for t in self.tiles), default=0)
        return QSize(narrowest, hint.height())

    def columns(self) -> int:
        widest = max((t.sizeHint().width() for t in self.tiles), default=1)
        fit = (self.width() + self.spacing) // (widest + self.spacing)
        return balanced_columns(len(self.tiles), min(self.max_columns, fit))

    def arrange(self) -> None:
        cols = self.columns()
        if cols == self._columns or self._arranging:
            return
        self._arranging = True  # adding widgets may resize this grid: no nested re-flow
        try:
            self._columns = cols
            for tile in self.tiles:
                self.grid.removeWidget(tile)
            rows = [self.tiles[i:i + cols] for i in range(0, len(self.tiles), cols)]
            short = len(rows[-1]) if rows and self.stretch_last else cols
            total = lcm(cols, short)  # grid cells: every row's buttons span whole cells
            for c in range(max(total, self.grid.columnCount())):
                self.grid.setColumnStretch(c, 1 if c < total else 0)
            for r, row in enumerate(rows):
                span = total // (len(row) if self.stretch_last else cols)
                for i, tile in enumerate(row):
                    self.grid.addWidget(tile, r, i * span, 1, span)
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


class ChoiceRow(TileGrid):
    """A row (or, when it does not fit, rows) of big checkable buttons, one of which may
    be chosen: option buttons to a screen reader (not tick boxes), and the arrow keys
    move (and choose) within the row, as in any group of options."""

    changed = Signal(object)

    def __init__(self, options: Sequence[tuple[object, str, str]], *, kind: str = "choice",
                 columns: int = 0, icons: Sequence[str] = (), icon_px: int = 0) -> None:
        """`options` are (value, text, accessible name); `columns` caps the columns."""
        super().__init__(columns or max(1, len(options)), stretch_last=False, spacing=10)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[object, QAbstractButton] = {}
        for i, (value, text, name) in enumerate(options):
            icon_name = icons[i] if i < len(icons) else ""
            btn = kbutton(text, kind=kind, name=name, checkable=True, icon_name=icon_name,
                          icon_px=icon_px)
            btn.setAutoExclusive(True)  # its accessible role: a radio button
            btn.clicked.connect(lambda _c=False, v=value: self._picked(v))
            self.group.addButton(btn)
            self.buttons[value] = btn
        self.set_tiles(list(self.buttons.values()))

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


def question(asked: str | QLabel, *answers: QWidget) -> QWidget:
    """A question (its words, or a label to change them later) with its answers, kept
    together to scroll into view as one."""
    group, box = plain_box(QVBoxLayout, QUESTION_GAP)
    question_label = label(asked, "KioskQuestion") if isinstance(asked, str) else asked
    box.addWidget(question_label)
    for answer in answers:
        if isinstance(answer, ChoiceRow):  # a screen reader names the group of options
            answer.setAccessibleName(question_label.text())
        box.addWidget(answer)
    return group


class Questions:
    """The questions of a screen in order: after each answer, the next one not yet
    answered scrolls into view (with larger text it may be below the fold), so no one
    has to notice a scroll bar to find the rest."""

    def __init__(self, scroll: QScrollArea) -> None:
        self.scroll = scroll
        self.asked: list[tuple[ChoiceRow | None, QWidget]] = []

    def add(self, row: ChoiceRow | None, group: QWidget) -> None:
        """`row` None: a question that needs no tap (a line to type)."""
        self.asked.append((row, group))
        if row is not None:
            row.changed.connect(lambda _v, r=row: QTimer.singleShot(0, lambda: self.next(r)))

    def next(self, answered: ChoiceRow) -> None:
        typing = QApplication.focusWidget()
        if isinstance(typing, QLineEdit) and self.scroll.isAncestorOf(typing):
            return  # the tap moved on to a text box ("Other: type where"): leave it in view
        rows = [r for r, _g in self.asked]
        after = self.asked[rows.index(answered) + 1:]
        for row, group in after:
            if row is None or row.value() is None:
                show_whole(self.scroll, group)
                return


def rescale_grids(root: QWidget) -> None:
    """After a text-size change: count the columns again."""
    for grid in root.findChildren(TileGrid):
        grid.rescaled()
