"""RowsModel + SearchProxy: sorting happens once per column in the model (no Python call
per comparison), in SORT_ROLE order, with filtering, selection and ties kept right."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QItemSelectionModel, Qt

from peerhouse.ui.tablemodels.rows import SORT_ROLE, Column, RowsModel, SearchProxy
from peerhouse.ui.widgets.common import make_table

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


@dataclass(frozen=True)
class Item:
    n: int
    name: str
    day: date | None


class Counting(RowsModel[Item]):
    """Counts how often anyone asks a row for its sort value."""

    def __init__(self) -> None:
        self.key_calls = 0
        self.sort_role_reads = 0

        def day_key(i: Item) -> date | None:
            self.key_calls += 1
            return i.day

        super().__init__([Column("Name", lambda i: i.name),
                          Column("Day", lambda i: str(i.day or ""), sort=day_key),
                          Column("N", lambda i: str(i.n), sort=lambda i: i.n)])

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == SORT_ROLE:
            self.sort_role_reads += 1
        return super().data(index, role)


def names(proxy: SearchProxy) -> list[str]:
    return [proxy.row_at(r).name for r in range(proxy.rowCount())]


def test_sorting_3000_rows_computes_each_key_once(qapp):
    start = date(2025, 1, 1)
    items = [Item(i, f"entry {i:04}", start + timedelta(days=(i * 7919) % 3000))
             for i in range(3000)]
    model = Counting()
    view, proxy = make_table(model)
    model.set_rows(items)
    view.sortByColumn(1, DESC)
    assert model.key_calls == 3000 and model.sort_role_reads == 0
    shown = [proxy.row_at(r).day for r in range(proxy.rowCount())]
    assert shown == sorted((i.day for i in items), reverse=True)
    view.sortByColumn(1, ASC)  # the same column again: keys are reused
    assert model.key_calls == 3000 and model.sort_role_reads == 0
    # Order agrees with SORT_ROLE, which still answers for every cell.
    values = [proxy.index(r, 1).data(SORT_ROLE) for r in range(proxy.rowCount())]
    assert values == sorted(values)
    model.set_rows(items[:10])  # new rows keep the chosen order
    assert [proxy.row_at(r).day for r in range(10)] == sorted(i.day for i in items[:10])


def test_empties_first_ties_in_given_order_filter_and_selection(qapp):
    items = [Item(3, "Casey", date(2025, 3, 1)), Item(1, "Alex", None),
             Item(2, "Blair", date(2025, 3, 1)), Item(4, "Drew", date(2025, 1, 5))]
    model = Counting()
    view, proxy = make_table(model)
    model.set_rows(items)
    model.sort(-1)  # unsorted: as given
    assert names(proxy) == ["Casey", "Alex", "Blair", "Drew"]
    view.sortByColumn(1, ASC)
    assert names(proxy) == ["Alex", "Drew", "Casey", "Blair"]
    view.sortByColumn(1, DESC)
    assert names(proxy) == ["Casey", "Blair", "Drew", "Alex"]

    view.selectionModel().setCurrentIndex(
        proxy.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    view.sortByColumn(0, ASC)  # the selection follows its row
    assert names(proxy) == ["Alex", "Blair", "Casey", "Drew"]
    assert proxy.row_at(view.selectionModel().currentIndex().row()).name == "Blair"

    proxy.set_search("a")  # filtering keeps the sorted order
    assert names(proxy) == ["Alex", "Blair", "Casey"]
    view.sortByColumn(2, DESC)
    assert names(proxy) == ["Casey", "Blair", "Alex"]
    proxy.set_search("")
    assert names(proxy) == ["Drew", "Casey", "Blair", "Alex"]


def test_a_column_of_mixed_kinds_still_sorts(qapp):
    model: RowsModel[Item] = RowsModel([Column("Mixed", lambda i: i.name,
                                               sort=lambda i: i.n if i.n % 2 else i.name)])
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    model.set_rows([Item(n, f"x{n}", None) for n in range(5)])
    proxy.sort(0, ASC)
    assert sorted(proxy.row_at(r).n for r in range(5)) == [0, 1, 2, 3, 4]
