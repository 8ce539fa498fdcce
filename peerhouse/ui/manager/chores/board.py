"""The weekly chore board: residents × days as one model/view grid.

Each cell holds that resident's chores for the day, painted as small coloured chips
(one per chore, coloured by status) by a delegate, so the board stays one widget
however many residents and chores there are. Clicking a chip picks that chore; the
arrow keys move between cells.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from peerhouse.i18n import _, pgettext
from peerhouse.models.enums import ChoreStatus
from peerhouse.services.chores import BoardCell, BoardRow, WeekBoard
from peerhouse.ui.formats import month_day, weekday_name
from peerhouse.ui.tablemodels.rows import Column, Index, RowsModel
from peerhouse.ui.tablemodels.views import read_only_view

S = ChoreStatus
# status → (mark shown before the name, background, text colour), in the legend's order
STATUS_STYLE: dict[str, tuple[str, str, str]] = {
    S.PENDING: ("", "#eef2f0", "#2d4746"),
    S.DONE: ("✓", "#e1ecf8", "#24507e"),
    S.VERIFIED: ("✓✓", "#dff0e3", "#256338"),
    S.MISSED: ("○", "#f7e3df", "#8a3b33"),
    S.EXCUSED: ("–", "#ece8f3", "#55497a"),
}
CELLS_ROLE = Qt.ItemDataRole.UserRole + 30
CHIP_H, CHIP_GAP, PAD = 24, 4, 4
TODAY_TINT = "#fbf6e6"


def status_label(status: str) -> str:
    """'Done': a chore's status as a label, in the current language."""
    labels = {S.PENDING: pgettext("chore", "To do"), S.DONE: pgettext("chore", "Done"),
              S.VERIFIED: pgettext("chore", "Verified"), S.MISSED: pgettext("chore", "Missed"),
              S.EXCUSED: pgettext("chore", "Excused")}
    return labels.get(status) or status.capitalize()


def status_word(status: str) -> str:
    """'done': a chore's status inside a sentence (a translation is never lower-cased)."""
    words = {S.PENDING: pgettext("chore", "to do"), S.DONE: pgettext("chore", "done"),
             S.VERIFIED: pgettext("chore", "verified"), S.MISSED: pgettext("chore", "missed"),
             S.EXCUSED: pgettext("chore", "excused")}
    return words.get(status) or status


def chore_status(chore: str, status: str) -> str:
    """'Kitchen (done)'."""
    return _("{chore} ({status})").format(chore=chore, status=status_word(status))


def day_words(day: date) -> str:
    """'Tuesday Mar 3': a day of the board in a sentence."""
    # Translators: a weekday name and a short date, as in "Tuesday Mar 3".
    return _("{weekday} {date}").format(weekday=weekday_name(day), date=month_day(day))


class BoardModel(RowsModel[BoardRow]):
    """Rows are residents (named down the side), columns the seven days of the week."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__((), parent, row_title=lambda line: line.name)
        self.board: WeekBoard | None = None
        self.today: date | None = None
        self.selected_id: int | None = None

    def set_board(self, board: WeekBoard, today: date) -> None:
        self.board, self.today = board, today
        self.set_rows(board.rows, [_day_column(c, day, day == today)
                                   for c, day in enumerate(board.days)])

    def cells(self, row: int, col: int) -> tuple[BoardCell, ...]:
        return self.row(row).days[col]

    def find(self, assignment_id: int) -> tuple[int, int, int] | None:
        """(row, column, chip) of an assignment on the board."""
        for r, line in enumerate(self.rows):
            for c, cells in enumerate(line.days):
                for i, cell in enumerate(cells):
                    if cell.assignment_id == assignment_id:
                        return r, c, i
        return None

    def select(self, assignment_id: int | None) -> None:
        self.selected_id = assignment_id
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))


def _day_column(c: int, day: date, today: bool) -> Column[BoardRow]:
    """One day of the board: each cell its chores (CELLS_ROLE, painted as chips); today's
    column tinted with a bold title."""

    def words(line: BoardRow) -> str:
        what = ", ".join(chore_status(x.chore, x.status) for x in line.days[c])
        return _("{name}, {day}: {chores}").format(name=line.name, day=day_words(day),
                                                  chores=what or _("no chores"))

    roles: dict[int, Callable[[BoardRow], Any]] = {
        CELLS_ROLE: lambda line: line.days[c], Qt.ItemDataRole.AccessibleTextRole: words}
    header: dict[int, Any] = {}
    if today:
        roles[Qt.ItemDataRole.BackgroundRole] = lambda _line: QColor(TODAY_TINT)
        font = QFont()
        font.setBold(True)
        header[Qt.ItemDataRole.FontRole] = font
    # Two lines, so seven days fit a 1024 px window without clipping.
    name = _("Today") if today else weekday_name(day, short=True)
    title = f"{name}\n{month_day(day)}"
    return Column(title, lambda line: "\n".join(x.chore for x in line.days[c]), tooltip=words,
                  roles=roles, header=header)


class ChipDelegate(QStyledItemDelegate):
    """Paints a cell's chores as stacked chips in their status colours."""

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        n = max(1, len(index.data(CELLS_ROLE) or ()))
        return QSize(120, PAD * 2 + n * CHIP_H + (n - 1) * CHIP_GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter,
                                opt.widget)
        cells: tuple[BoardCell, ...] = index.data(CELLS_ROLE) or ()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i, cell in enumerate(cells):
            chip = chip_rect(option.rect, i)
            mark, bg, fg = STATUS_STYLE.get(cell.status, STATUS_STYLE[S.PENDING])
            picked = cell.assignment_id == self.model.selected_id
            painter.setPen(QPen(QColor("#2f5d62"), 2) if picked else QPen(QColor(bg).darker(115)))
            painter.setBrush(QColor(bg))
            painter.drawRoundedRect(chip, 6, 6)
            painter.setPen(QColor(fg))
            font = QFont(opt.font)
            font.setPointSizeF(font.pointSizeF() * 0.92)
            font.setBold(picked)
            painter.setFont(font)
            text = painter.fontMetrics().elidedText(f"{mark} {cell.chore}".strip(),
                                                    Qt.TextElideMode.ElideRight, chip.width() - 10)
            painter.drawText(chip.adjusted(5, 0, -5, 0),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(QColor("#2f5d62"), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRect(option.rect).adjusted(1, 1, -2, -2))
        painter.restore()


def chip_rect(cell: QRect, i: int) -> QRect:
    return QRect(cell.left() + PAD, cell.top() + PAD + i * (CHIP_H + CHIP_GAP),
                 cell.width() - 2 * PAD, CHIP_H)


class BoardView(QTableView):
    """The grid; says which chore (cell and chip) was picked by mouse or keyboard."""

    picked = Signal(int, int, int)  # row, column, chip index (-1: the cell has no chores)

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board_model = model
        self.setModel(model)
        self.setItemDelegate(ChipDelegate(model, self))
        read_only_view(self, cells=True)
        self.setTabKeyNavigation(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # 7 days and the names fit a 1024 px window without a sideways scroll bar.
        self.horizontalHeader().setMinimumSectionSize(80)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName(_("Chore board"))
        self.setAccessibleDescription(_("Residents down the side, days across the top. Use the "
                                        "arrow keys to move between days and residents."))

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)
        if current.isValid():  # keyboard, or the press of a click: the cell's first chore
            n = len(self.board_model.cells(current.row(), current.column()))
            self.picked.emit(current.row(), current.column(), 0 if n else -1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click on a chip picks that very chore of the cell."""
        super().mouseReleaseEvent(event)
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and index == self.currentIndex():
            rect = self.visualRect(index)
            y = event.position().toPoint().y() - rect.top() - PAD
            n = len(self.board_model.cells(index.row(), index.column()))
            if n:
                self.picked.emit(index.row(), index.column(),
                                 min(max(0, y // (CHIP_H + CHIP_GAP)), n - 1))
