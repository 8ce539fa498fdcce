"""Pieces every Accountability tab shares: the house's names and clock, date pickers,
house-local times, and an empty-state table.

Times are stored in UTC but people think in the house's own time, so every time shown
or typed here is house-local (the office PC may be set to another zone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.errors import ValidationError
from peerhouse.i18n import Message, _, lazy
from peerhouse.models.houses import Phase
from peerhouse.models.people import Resident
from peerhouse.services import houses, residents
from peerhouse.services.clock import local_day, local_time, now, week_start, zone
from peerhouse.services.text_limits import TextLimit
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import local_when
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.tablemodels.rows import Column, Index, RowsModel, SearchProxy
from peerhouse.ui.widgets.choices import REQUIRED, chosen
from peerhouse.ui.widgets.common import make_table, muted, selected_row
from peerhouse.ui.widgets.dates import DateTimeEdit
from peerhouse.ui.widgets.limits import limited_line
from peerhouse.ui.widgets.operation_dialog import OperationDialog

R = TypeVar("R")
D = TypeVar("D", bound=OperationDialog)
AMBER = QColor("#fff1d6")
AMBER_TEXT = QColor("#7a4a00")


@dataclass(frozen=True)
class HouseData:
    """What every tab needs to name people and tell the time, loaded once per refresh."""

    house_id: int
    tz: str
    week_start_day: int
    today: date
    residents: tuple[Resident, ...] = ()
    phases: dict[int, Phase] = field(default_factory=dict)

    @property
    def active(self) -> list[Resident]:
        return [r for r in self.residents if r.status == "active"]

    def name(self, resident_id: int) -> str:
        for r in self.residents:
            if r.id == resident_id:
                return full_name(r)
        return _("Resident #{number}").format(number=resident_id)

    def this_week(self) -> date:
        return week_start(self.today, self.week_start_day)


def load_house(u: Unit, house_id: int) -> HouseData:
    """The house, its residents (any status) and phases, in one read."""
    house = houses.get_house(u, house_id)
    people = residents.list_residents(u, house_id=house_id, status=None)
    phases = {p.id: p for p in houses.list_phases(u, house_id) if p.id is not None}
    return HouseData(house_id, house.timezone, house.week_start_day,
                     local_day(now(), house.timezone), tuple(people), phases)


def full_name(res: Resident) -> str:
    return f"{res.display_name} {res.last_name}".strip()


# -- house-local time -------------------------------------------------------------
def fmt_when(at: datetime | None, tz: str, today: date | None = None, *,
             weekday: bool = True) -> str:
    """'Today 9:40 PM', or 'Mon Mar 16, 9:40 PM' ('Mar 16, 9:40 PM' without the weekday)."""
    return "" if at is None else local_when(at, tz, today, weekday=weekday)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class HouseTimeEdit(DateTimeEdit):
    """A date-and-time box in house-local wall-clock time; `value()` is a UTC instant."""

    def __init__(self, tz: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.set_value(now())
        self._initial = self.dateTime()

    def set_value(self, at: datetime) -> None:
        loc = local_time(at, self.tz)
        self.setDateTime(QDateTime(qdate(loc.date()), QTime(loc.hour, loc.minute)))

    def set_local(self, day: date, clock: time) -> None:
        self.setDateTime(QDateTime(qdate(day), QTime(clock.hour, clock.minute)))

    def at_or_none(self) -> datetime | None:
        """None while the box still shows the minute it opened at ("now", to the second)."""
        return None if self.dateTime() == self._initial else self.value()

    def value(self) -> datetime:
        d, t = self.date(), self.time()
        wall = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=zone(self.tz))
        return wall.astimezone(UTC)


def same_minute(a: datetime | None, b: datetime | None) -> bool:
    """True when two instants read the same on a clock (the boxes have minute precision)."""
    if a is None or b is None:
        return a is b
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


# -- tables ----------------------------------------------------------------------
class TintedRows(RowsModel[Any]):
    """Rows with an optional warm highlight (overdue, high craving): `tint(row)` decides."""

    def __init__(self, columns: list[Column[Any]], tint: Callable[[Any], bool]) -> None:
        super().__init__(columns)
        self._tint = tint

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.BackgroundRole,
                                        Qt.ItemDataRole.ForegroundRole):
            if self._tint(self.row(index.row())):
                return AMBER if role == Qt.ItemDataRole.BackgroundRole else AMBER_TEXT
            return None
        return super().data(index, role)


class TablePane(QStackedWidget):
    """A table, or a sentence saying why it is empty and what to do."""

    def __init__(self, table: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.empty = muted("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMinimumHeight(60)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.addWidget(self.empty)
        self.addWidget(table)
        self.addWidget(holder)

    def show_rows(self, count: int, empty_text: str) -> None:
        self.empty.setText(empty_text)
        self.setCurrentIndex(0 if count else 1)


# -- tabs ------------------------------------------------------------------------
class Tab(QWidget, Generic[R]):
    """One tab of the section: reloads only when shown and stale, so switching is cheap
    and confidential reads (each one audited) happen only when someone looks.

    A tab gives what differs: its picker, tables, service calls and forms. `row_kind`:
    the rows of its main table (`self.view`), which `selected()` returns."""

    title = ""
    row_kind: type[R] | None = None

    def __init__(self, section: Any) -> None:
        super().__init__()
        self.section = section
        self.ctx: AppContext = section.ctx
        self.house: HouseData | None = None
        self.stale = True
        self.dialog: QDialog | None = None
        # The day, week or range the tab shows (a pickers.py picker: value(), follow()).
        self.picker: Any = None
        self.view: QTableView | None = None
        self.proxy: SearchProxy | None = None
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(16, 14, 16, 14)

    def selected(self) -> R | None:
        """The row picked in the main table, if any."""
        if self.view is None or self.proxy is None or self.row_kind is None:
            return None
        return picked(self.view, self.proxy, self.row_kind)

    def set_house(self, house: HouseData) -> None:
        """The picker starts at the house's today (not the PC's) on the first load, and
        afterwards keeps what someone picked while "today" moves on overnight."""
        first = self.house is None or self.house.house_id != house.house_id
        self.house = house
        if self.picker is not None:
            self.picker.follow(house, first=first)

    def name(self, resident_id: int) -> str:
        return self.house.name(resident_id) if self.house else ""

    def tz(self) -> str:
        return self.house.tz if self.house else "UTC"

    def today(self) -> date | None:
        return self.house.today if self.house else None

    def refresh(self) -> None:
        self.stale = False
        if self.house is not None:
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def load(self, op: ReadOp[Any], apply: Callable[[Any], None]) -> None:
        self.section.load(op, apply)

    def write(self, op: WriteOp[Any], done: Callable[[Any], None] | None = None) -> None:
        """Run a change through the runner (which tells every section what changed)."""
        run_op(self, op).success(done).run()

    def show_dialog(self, dialog: OperationDialog) -> OperationDialog:
        """Open a form window-modally (never a blocking exec); its save refreshes the
        sections through the runner."""
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_form(self, make: Callable[[HouseData], D]) -> D | None:
        """`show_dialog` for a form made from the house's data (none before it is loaded)."""
        if self.house is None:
            return None
        dialog = make(self.house)
        self.show_dialog(dialog)
        return dialog

    def load_picked(self, read: Callable[[Any], ReadOp[Any]],
                    apply: Callable[[Any, Any], None]) -> None:
        """Load `read(picked)` for what the picker shows now, then `apply(picked, result)`;
        a load that finishes after someone picked again is dropped, so it never shows the
        wrong days. Nothing loads before the house is known."""
        if self.house is None:
            return
        chosen = self.picker.value()

        def show(result: Any) -> None:
            if self.picker.value() == chosen:
                apply(chosen, result)

        self.load(read(chosen), show)

    def table(self, model: RowsModel[Any], name: str, *, sort: int = 0,
              newest_first: bool = False, stretch: tuple[int, ...] = (),
              on_select: Callable[[], None] | None = None,
              on_open: Callable[[], None] | None = None) -> tuple[QTableView, SearchProxy,
                                                                   TablePane]:
        """A tab's table: first sorted by `sort`, the `stretch` columns sharing the width,
        `on_select` told when the selection moves and `on_open` on a double-click."""
        view, proxy = make_table(model)
        sort_by(view, sort, newest_first=newest_first)
        fit_columns(view, *stretch)
        view.setAccessibleName(name)
        if on_select is not None:
            view.selectionModel().selectionChanged.connect(lambda *_: on_select())
        if on_open is not None:
            view.doubleClicked.connect(lambda _i: on_open())
        return view, proxy, TablePane(view)


def house_read(ctx: AppContext, fn: Callable[..., R], *args: Any) -> ReadOp[R]:
    """A read of `fn`, a service of (house id, …), for the house on screen."""
    return ReadOp(fn, ctx.house_id, *args)


def picked(view: QTableView, proxy: SearchProxy, kind: type[R]) -> R | None:
    """The selected row when it is a `kind` (None when nothing, or a stale row, is picked)."""
    row = selected_row(view, proxy)
    return row if isinstance(row, kind) else None


def side_by_side(left: QWidget, right: QWidget, sizes: tuple[int, int]) -> QSplitter:
    """Two panes (from `pane`) next to each other; neither can be squeezed away."""
    split = QSplitter(Qt.Orientation.Horizontal)
    split.setChildrenCollapsible(False)
    split.addWidget(left)
    split.addWidget(right)
    split.setSizes(list(sizes))
    return split


def pane(title: str, *, left: bool) -> tuple[QWidget, QVBoxLayout]:
    """One of two panes side by side, headed by `title`, a gap towards the other pane."""
    holder = QWidget()
    col = QVBoxLayout(holder)
    col.setContentsMargins(0 if left else 8, 0, 8 if left else 0, 0)
    col.addWidget(heading(title))
    return holder, col


class HouseForm(OperationDialog):
    """A form of the Accountability tabs: laid out plainly, saved by its button (or Enter)."""

    def __init__(self, ctx: AppContext, title: str, action: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, title, action or _("Save"), save_button=True, default=True)
        self.ctx = ctx
        self.build_form(min_width=520, look="plain")  # room for Spanish (~25 % longer)

    def add_line(self, label: str, field: str, limit: TextLimit, placeholder: str = "",
                 text: str = "") -> QLineEdit:
        """A one-line field held to `limit`; `field` is the name service errors use."""
        edit = limited_line(limit, placeholder, text)
        self.add_field(label, edit, field)
        return edit

    def add_time(self, label: str, tz: str, *fields: str) -> HouseTimeEdit:
        """A house-local date and time field, starting at now."""
        edit = HouseTimeEdit(tz)
        self.add_field(label, edit, *fields)
        return edit


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("CardTitle")
    return label


def button_row(*widgets: QWidget) -> QHBoxLayout:
    """Buttons on the left of a row, in the order given."""
    row = QHBoxLayout()
    for w in widgets:
        row.addWidget(w)
    row.addStretch(1)
    return row


def fit_columns(view: QTableView, *stretch: int) -> None:
    """Short columns fit their text; the `stretch` ones share the rest of the width (eliding
    long text), so a table never needs a sideways scroll bar, whatever the window size."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(40)
    for c in range(header.count()):
        mode = QHeaderView.ResizeMode.Stretch if c in stretch else \
            QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(c, mode)


def sort_by(view: QTableView, column: int, *, newest_first: bool = False) -> None:
    """An explicit first sort (a sortable view otherwise starts in descending order)."""
    order = Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
    view.sortByColumn(column, order)


def resident_box(people: list[Resident], selected: int | None = None) -> QComboBox:
    """A resident picker that starts on "Choose a resident…" unless one is given, so a
    record is never saved against whoever happened to be first in the list."""
    box = QComboBox()
    box.addItem(_("Choose a resident…"), None)
    for res in sorted(people, key=lambda r: full_name(r).lower()):
        box.addItem(full_name(res), res.id)
    if selected is not None:
        box.setCurrentIndex(max(0, box.findData(selected)))
    return box


def chosen_resident(box: QComboBox, nobody: Message | None = None) -> int:
    """The picked resident's id, or a ValidationError naming the field: `nobody`, a whole
    sentence with a `{field}` value, when the list has no one to choose."""
    if box.count() <= 1:
        raise ValidationError("resident", (nobody or lazy(
            "{field} cannot be chosen: nobody is living in the house yet.")).with_values(
            field=lazy("Resident")))
    return int(chosen(box, "resident", REQUIRED))
