"""The one table model: a list of plain objects, with roles for sorting and searching.

Columns say how to show, sort and search a row; sorting uses `SORT_ROLE` (so dates
and numbers sort as values, not text) and searching matches a lower-cased text
precomputed once per row, so filtering 10,000 rows stays instant.

Sorting and filtering happen in the model, not in a proxy: a QSortFilterProxyModel
calls Python (`lessThan`, then `data()` twice) for every comparison, which measured
255 ms on the UI thread for a 3,000-row timeline, and widening a search over 10,000
sorted residents 0.5–1 s. The model instead computes each row's sort value once per
column per `set_rows`, reorders with one `list.sort`, filters with one list
comprehension, and tells the view through layoutChanged (selections follow their rows).

One rule for every table: an empty value sorts after every real one, whichever way the
column is sorted (as in a spreadsheet), and ties keep the `tie` order (default: the
order the rows were given in).

Every table is this model, configured: plain lists (residents, accountability) only give
columns; a grid drawn by a delegate (meeting attendance, the chore board) gives each
column its extra `roles` (what the delegate paints), header roles, row titles down the
side, and may change its columns with its rows (the board's days).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from peerhouse.i18n.text import folded

T = TypeVar("T")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_SAME: Any = object()  # "leave this filter as it is"


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    align_right: bool = False
    tooltip: Callable[[T], str] | None = None
    # Any other role of a cell (what a delegate paints, accessible text…): row → value.
    roles: Mapping[int, Callable[[T], Any]] = field(default_factory=dict)
    # Roles of the column's header besides its title (a bold font for today…).
    header: Mapping[int, Any] = field(default_factory=dict)


def is_blank(value: Any) -> bool:
    """A sort value that counts as empty (sorted after every real value)."""
    return value is None or value == ""


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows in columns, sorted and filtered in bulk.

    `searched`: the columns whose text a search matches (default all); `tie`: the order
    of rows that sort equal (default as given); `sort_by`: the first sort (default none);
    `row_title`: a row's title in the header down the side (default none).
    """

    def __init__(self, columns: Sequence[Column[T]], parent: Any = None, *,
                 searched: Sequence[int] | None = None, tie: Callable[[T], Any] | None = None,
                 sort_by: tuple[int, Qt.SortOrder] | None = None,
                 row_title: Callable[[T], str] | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._searched = list(range(len(self._columns)) if searched is None else searched)
        self._row_title = row_title
        self._tie = tie
        self._given: list[T] = []  # as given to set_rows
        self._given_search: list[str] = []
        self._base: list[int] | None = None  # indexes into _given in tie order
        self._sort_keys: dict[int, list[Any]] = {}  # per column, computed on first use
        self._sorted_by = sort_by
        self._order: list[int] = []  # indexes into _given, sorted
        self._shown: list[int] = []  # the sorted indexes that pass the filter
        self._rows: list[T] = []  # in the order shown
        self._search: list[str] = []
        self._words: list[str] = []
        self._keep: Callable[[T], bool] | None = None

    # -- data in -------------------------------------------------------------
    def set_rows(self, rows: Sequence[T], columns: Sequence[Column[T]] | None = None) -> None:
        """Replace every row (and, if given, every column: each is searched); they are
        shown in the current sort order and filter."""
        self.beginResetModel()
        if columns is not None:
            self._columns = list(columns)
            self._searched = list(range(len(self._columns)))
            if self._sorted_by is not None and self._sorted_by[0] >= len(self._columns):
                self._sorted_by = None
        self._given = list(rows)
        self._given_search = [
            folded(" ".join(self._columns[c].text(r) for c in self._searched)) for r in self._given
        ]
        self._sort_keys = {}
        self._base = None
        self._order = self._sorted_indexes()
        self._apply_filter()
        self.endResetModel()

    def row(self, index: int) -> T:
        return self._rows[index]

    def replace_row(self, index: int, row: T) -> None:
        """Show `row` in place of the one shown at `index` (an edit made on screen): it
        stays where it is until the next sort or `set_rows`."""
        given = self._shown[index]
        self._given[given] = self._rows[index] = row
        text = folded(" ".join(self._columns[c].text(row) for c in self._searched))
        self._given_search[given] = self._search[index] = text
        self._sort_keys = {}
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(self._columns) - 1))

    @property
    def rows(self) -> list[T]:
        """Every row shown, in the order shown."""
        return list(self._rows)

    @property
    def all_rows(self) -> list[T]:
        """Every row given, shown or not, in the order given."""
        return list(self._given)

    # -- filtering -------------------------------------------------------------
    def filter_rows(self, text: str | None = None, keep: Callable[[T], bool] | None = _SAME) -> None:
        """Show the rows `keep` accepts whose search text contains every typed word
        (None leaves the text as it is; `keep=None` accepts every row)."""
        if text is not None:
            self._words = folded(text).split()
        if keep is not _SAME:
            self._keep = keep
        self._relayout(self._apply_filter)

    def _apply_filter(self) -> None:
        shown = self._order
        if self._keep is not None:
            keep, given = self._keep, self._given
            shown = [i for i in shown if keep(given[i])]
        search = self._given_search
        for w in self._words:
            shown = [i for i in shown if w in search[i]]
        self._shown = list(shown)
        self._rows = [self._given[i] for i in self._shown]
        self._search = [search[i] for i in self._shown]

    # -- sorting ---------------------------------------------------------------
    def sort_value(self, row: T, column: int) -> Any:
        """What SORT_ROLE returns for `row` in `column` (None becomes "")."""
        col = self._columns[column]
        key = col.sort(row) if col.sort else col.text(row).casefold()
        return key if key is not None else ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder by `column` (-1: as given) as one layout change; selections follow rows."""
        self._sorted_by = (column, order) if 0 <= column < len(self._columns) else None

        def resort() -> None:
            self._order = self._sorted_indexes()
            self._apply_filter()

        self._relayout(resort)

    def _tie_order(self) -> list[int]:
        if self._base is None:
            indexes = list(range(len(self._given)))
            if self._tie is not None:
                tie, given = self._tie, self._given
                indexes.sort(key=lambda i: tie(given[i]))
            self._base = indexes
        return self._base

    def _sorted_indexes(self) -> list[int]:
        base = self._tie_order()
        if self._sorted_by is None:
            return list(base)
        column, order = self._sorted_by
        keys = self._sort_keys.get(column)
        if keys is None:
            keys = self._sort_keys[column] = [self.sort_value(r, column) for r in self._given]
        filled = [i for i in base if not is_blank(keys[i])]
        blank = [i for i in base if is_blank(keys[i])]
        reverse = order == Qt.SortOrder.DescendingOrder
        try:
            filled.sort(key=keys.__getitem__, reverse=reverse)
        except TypeError:  # values of different kinds in one column: compare them as text
            keys = self._sort_keys[column] = [str(k) for k in keys]
            filled.sort(key=keys.__getitem__, reverse=reverse)
        return filled + blank

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply `change` as a layout change, so selection and current row follow their rows."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_given = [self._shown[i.row()] if i.isValid() else -1 for i in old]
        change()
        if old:
            where = {g: n for n, g in enumerate(self._shown)}
            self.changePersistentIndexList(old, [
                self.index(where[g], i.column()) if g in where else QModelIndex()
                for g, i in zip(old_given, old, strict=True)])
        self.layoutChanged.emit()

    # -- Qt interface --------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            col = self._columns[section]
            return col.title if role == Qt.ItemDataRole.DisplayRole else col.header.get(role)
        if role == Qt.ItemDataRole.DisplayRole and self._row_title is not None:
            return self._row_title(self._rows[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == SORT_ROLE:
            return self.sort_value(row, index.column())
        if role == SEARCH_ROLE:
            return self._search[index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
            return col.tooltip(row)
        extra = col.roles.get(role)
        return None if extra is None else extra(row)


class SearchProxy(QSortFilterProxyModel):
    """The view's handle on a RowsModel's search, filter and sort: each is passed to the
    model, which does it in one go; the proxy itself keeps the model's rows and order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    @property
    def rows_model(self) -> RowsModel[Any]:
        model = self.sourceModel()
        assert isinstance(model, RowsModel), "a SearchProxy shows a RowsModel"
        return model

    def set_search(self, text: str) -> None:
        """Show the rows whose text contains every typed word."""
        self.rows_model.filter_rows(text)

    def set_extra_filter(self, fn: Callable[[Any], bool] | None) -> None:
        """Show only the rows `fn` accepts (None: every row), on top of the search."""
        self.rows_model.filter_rows(keep=fn)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.rows_model.sort(column, order)

    def row_at(self, proxy_row: int) -> Any:
        src = self.mapToSource(self.index(proxy_row, 0))
        return self.rows_model.row(src.row())
