"""This week's chore board on the kiosk: board names × days, never wider than the screen.

Every column is at least as wide as its longest word (chore names wrap between words,
never inside one) and its day heading. When a whole week does not fit side by side
(larger text, a narrow screen), the week is split into two or more tables of fewer days
each, the names repeated on each, rather than squeezing headings on top of each other
or running past the edge. The board never scrolls inside itself: every row shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peerhouse.i18n import _, pgettext
from peerhouse.services import kiosk
from peerhouse.ui.formats import weekday_name
from peerhouse.ui.kiosk.widgets import plain

CELL_PAD = 16  # px beside a cell's words: the item's text margins and the grid line
ROW_AIR = 12  # px of air added to each row
TODAY = QColor("#e3efec")


def split_days(count: int, parts: int) -> list[range]:
    """`count` days as `parts` runs as even as can be, the longer first (7 in 2: 4 + 3)."""
    size, extra = divmod(count, parts)
    runs, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        runs.append(range(start, end))
        start = end
    return [r for r in runs if len(r)]


def heading(day: date, today: date) -> str:
    if day == today:
        return _("Today")
    # Translators: a day's column on the chore board: short weekday, day of the month.
    return pgettext("board day", "{weekday} {day}").format(
        weekday=weekday_name(day, short=True), day=day.day)


def cell_text(cells: Sequence[tuple[str, bool]]) -> str:
    return "\n".join(("✓ " if done else "") + chore for chore, done in cells)


def widest_word(text: str, metrics: QFontMetrics) -> int:
    return max((metrics.horizontalAdvance(w) for w in text.split()), default=0)


class ChoreBoard(QWidget):
    """One table per run of days; `fit(width)` chooses the runs and the column widths."""

    def __init__(self) -> None:
        super().__init__()
        plain(self)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(14)
        self.tables: list[QTableWidget] = []
        self.plan: kiosk.HouseSchedule | None = None
        self._width = 0

    def set_plan(self, plan: kiosk.HouseSchedule, width: int) -> None:
        self.plan = plan
        self._width = 0
        self.fit(width)

    def fit(self, width: int, *, force: bool = False) -> None:
        """Lay the board out for `width` px (again after a text-size change: `force`)."""
        if self.plan is None or width <= 0 or (width == self._width and not force):
            return
        self._width = width
        plan = self.plan
        probe = self._table(plan, range(len(plan.days)))
        name_w, day_ws = self._needs(probe, plan)
        frame = 2 * probe.frameWidth() + 2

        def fits(run: range) -> bool:
            return name_w + sum(day_ws[i] for i in run) + frame <= width

        parts = 1
        while parts < len(plan.days) and not all(
                fits(r) for r in split_days(len(plan.days), parts)):
            parts += 1
        self._clear()
        for run in split_days(len(plan.days), parts):
            table = probe if parts == 1 else self._table(plan, run)
            # Each day its own need, and what is left over shared out evenly.
            spare = max(0, width - frame - name_w - sum(day_ws[i] for i in run)) // len(run)
            self._size(table, [name_w] + [day_ws[i] + spare for i in run])
            self.tables.append(table)
            self.box.addWidget(table, 0, Qt.AlignmentFlag.AlignLeft)
        if parts > 1:
            probe.deleteLater()

    def clear(self) -> None:
        """No board until the next plan is set."""
        self.plan, self._width = None, 0
        self._clear()

    def _clear(self) -> None:
        for table in self.tables:
            self.box.removeWidget(table)
            table.hide()
            table.deleteLater()
        self.tables = []

    def _table(self, plan: kiosk.HouseSchedule, run: range) -> QTableWidget:
        table = QTableWidget(len(plan.board), 1 + len(run), self)
        table.setAccessibleName(_("This week's chore board"))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.verticalHeader().setVisible(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.setHorizontalHeaderLabels(
            [_("Name")] + [heading(plan.days[i], plan.today) for i in run])
        for r, line in enumerate(plan.board):
            table.setItem(r, 0, QTableWidgetItem(line.name))
            for c, i in enumerate(run, start=1):
                item = QTableWidgetItem(cell_text(line.days[i]))
                if plan.days[i] == plan.today:
                    item.setBackground(TODAY)
                table.setItem(r, c, item)
        table.ensurePolished()
        table.horizontalHeader().ensurePolished()
        return table

    def _needs(self, table: QTableWidget, plan: kiosk.HouseSchedule) -> tuple[int, list[int]]:
        """The narrowest the name column and each day's column may be."""
        metrics = table.fontMetrics()
        header = table.horizontalHeader()
        name_w = max([header.sectionSizeHint(0)] + [
            metrics.horizontalAdvance(line.name) + CELL_PAD for line in plan.board])
        day_ws = [max([header.sectionSizeHint(1 + i)] + [
            widest_word(cell_text(line.days[i]), metrics) + CELL_PAD for line in plan.board])
            for i in range(len(plan.days))]
        return name_w, day_ws

    def _size(self, table: QTableWidget, widths: list[int]) -> None:
        """Column widths, then rows as tall as their words: the whole table shows."""
        for c, w in enumerate(widths):
            table.setColumnWidth(c, w)
        table.resizeRowsToContents()
        for row in range(table.rowCount()):  # a little air between lines
            table.setRowHeight(row, table.rowHeight(row) + ROW_AIR)
        frame = 2 * table.frameWidth()
        table.setFixedWidth(sum(widths) + frame + 2)
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + sum(
            table.rowHeight(r) for r in range(table.rowCount())) + frame + 4)
