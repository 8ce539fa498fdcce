"""A table model over a list of plain objects, with roles for sorting and searching.

Columns say how to show, sort and search a row; sorting uses `SORT_ROLE` (so dates
and numbers sort as values, not text) and the search proxy matches a lower-cased
text precomputed once per row, so filtering 10,000 rows stays instant.

Sorting happens in the model, not in the proxy: a QSortFilterProxyModel calls Python
(`lessThan`, then `data()` twice) for every comparison, which measured 255 ms on the UI
thread for a 3,000-row timeline. The model instead computes each row's SORT_ROLE value
once per column per `set_rows` and reorders with one `list.sort`; the proxy passes
`sort()` through and only filters. Ties keep the order the rows were given in, and
empty values come first when ascending, as they did when the proxy compared them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    align_right: bool = False
    tooltip: Callable[[T], str] | None = None


class RowsModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []  # in the order shown (sorted)
        self._search: list[str] = []
        self._given: list[T] = []  # as given to set_rows
        self._given_search: list[str] = []
        self._shown: list[int] = []  # indexes into _given, in the order shown
        self._sort_keys: dict[int, list[Any]] = {}  # per column, computed on first use
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    # -- data in -------------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row; they are shown in the current sort order, if any."""
        self.beginResetModel()
        self._given = list(rows)
        self._given_search = [
            folded(" ".join(c.text(r) for c in self._columns)) for r in self._given
        ]
        self._sort_keys = {}
        self._arrange()
        self.endResetModel()

    def row(self, index: int) -> T:
        return self._rows[index]

    @property
    def rows(self) -> list[T]:
        """Every row, in the order shown."""
        return list(self._rows)

    # -- sorting ---------------------------------------------------------------
    def sort_value(self, row: T, column: int) -> Any:
        """What SORT_ROLE returns for `row` in `column` (None becomes "")."""
        col = self._columns[column]
        key = col.sort(row) if col.sort else col.text(row).casefold()
        return key if key is not None else ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder by `column` (-1: as given) as one layout change; selections follow rows."""
        self._sorted_by = (column, order) if 0 <= column < len(self._columns) else None
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_given = [self._shown[i.row()] if i.isValid() else -1 for i in old]
        self._arrange()
        if old:
            where = {g: n for n, g in enumerate(self._shown)}
            self.changePersistentIndexList(old, [
                self.index(where[g], i.column()) if g in where else QModelIndex()
                for g, i in zip(old_given, old, strict=True)])
        self.layoutChanged.emit()

    def _arrange(self) -> None:
        self._shown = self._sorted_indexes()
        self._rows = [self._given[i] for i in self._shown]
        self._search = [self._given_search[i] for i in self._shown]

    def _sorted_indexes(self) -> list[int]:
        indexes = range(len(self._given))
        if self._sorted_by is None:
            return list(indexes)
        column, order = self._sorted_by
        keys = self._sort_keys.get(column)
        if keys is None:
            # Empty values first (a "" before any value), then the values themselves.
            keys = [(0, "") if v == "" else (1, v)
                    for v in (self.sort_value(r, column) for r in self._given)]
            self._sort_keys[column] = keys
        reverse = order == Qt.SortOrder.DescendingOrder
        try:
            return sorted(indexes, key=keys.__getitem__, reverse=reverse)
        except TypeError:  # values of different kinds in one column: compare them as text
            keys = self._sort_keys[column] = [(k[0], str(k[1])) for k in keys]
            return sorted(indexes, key=keys.__getitem__, reverse=reverse)

    # -- Qt interface --------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
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
        return None


class SearchProxy(QSortFilterProxyModel):
    """Filters rows whose precomputed text contains every typed word. Sorting (by
    SORT_ROLE) is passed to a RowsModel, which does it in one go; the proxy itself stays
    unsorted and keeps the model's order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []
        self.extra_filter: Callable[[Any], bool] | None = None

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = folded(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_extra_filter(self, fn: Callable[[Any], bool] | None) -> None:
        self.beginFilterChange()
        self.extra_filter = fn
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if isinstance(model, RowsModel):
            if self.extra_filter is not None and not self.extra_filter(model.row(source_row)):
                return False
            if not self._words:
                return True
            text = model._search[source_row]
            return all(w in text for w in self._words)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, RowsModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def lessThan(self, left: Index, right: Index) -> bool:
        """Only for a source model that is not a RowsModel."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)

    def row_at(self, proxy_row: int) -> Any:
        src = self.mapToSource(self.index(proxy_row, 0))
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        return model.row(src.row())
