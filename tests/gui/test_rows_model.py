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


def test_empties_last_ties_in_given_order_filter_and_selection(qapp):
    items = [Item(3, "Casey", date(2025, 3, 1)), Item(1, "Alex", None),
             Item(2, "Blair", date(2025, 3, 1)), Item(4, "Drew", date(2025, 1, 5))]
    model = Counting()
    view, proxy = make_table(model)
    model.set_rows(items)
    model.sort(-1)  # unsorted: as given
    assert names(proxy) == ["Casey", "Alex", "Blair", "Drew"]
    view.sortByColumn(1, ASC)  # Alex has no day: after every day, whichever way
    assert names(proxy) == ["Drew", "Casey", "Blair", "Alex"]
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


def test_every_table_puts_blanks_last_whichever_way_it_is_sorted(qapp):
    """One rule for blanks in every table: the residents table (with its name order for
    ties and its status filter) sorts through the same engine as the others."""
    from peerhouse.ui.manager.residents.table import COLUMNS as RESIDENT_COLUMNS
    from peerhouse.ui.manager.residents.table import ResidentRow, ResidentsModel

    def resident(n: int, last: str, bed: str, move_in: date | None) -> ResidentRow:
        return ResidentRow(n, "Sam", last, "", bed, "", 0, move_in, None, None, "active")

    rows = [resident(1, "Okafor", "", date(2025, 2, 1)), resident(2, "Rivera", "10", None),
            resident(3, "Stone", "2", date(2025, 1, 1)), resident(4, "Avery", "", None)]
    residents_model = ResidentsModel()
    generic: RowsModel[ResidentRow] = RowsModel(RESIDENT_COLUMNS)
    for model in (residents_model, generic):
        model.set_rows(rows)
        bed = [c.title for c in RESIDENT_COLUMNS].index("Bed")
        moved_in = [c.title for c in RESIDENT_COLUMNS].index("Move-in date")
        shown = {}
        for column in (bed, moved_in):
            for order in (ASC, DESC):
                model.sort(column, order)
                shown[column, order] = [r.last_name for r in model.rows]
        assert shown[bed, ASC][:2] == ["Stone", "Rivera"]  # bed 2, bed 10, then no bed
        assert shown[bed, DESC][:2] == ["Rivera", "Stone"]
        assert shown[moved_in, ASC][:2] == ["Stone", "Okafor"]
        assert shown[moved_in, DESC][:2] == ["Okafor", "Stone"]
        blanks = {(bed, o): {"Okafor", "Avery"} for o in (ASC, DESC)} | {
            (moved_in, o): {"Rivera", "Avery"} for o in (ASC, DESC)}
        for key, names_ in blanks.items():
            assert set(shown[key][2:]) == names_, key
    # The residents table keeps name order among blanks; a plain table, the given order.
    residents_model.sort(bed, DESC)
    assert [r.last_name for r in residents_model.rows][2:] == ["Avery", "Okafor"]
    generic.sort(bed, DESC)
    assert [r.last_name for r in generic.rows][2:] == ["Okafor", "Avery"]


def test_a_grid_is_a_rows_model_configuration(qapp):
    """What the attendance list and the chore board need from the one engine: extra roles
    per cell, header roles, row titles down the side, columns that change with the rows,
    and a row edited in place (it keeps its place and is found by its new text)."""
    mark = Qt.ItemDataRole.UserRole + 40
    bold = Qt.ItemDataRole.FontRole
    model: RowsModel[Item] = RowsModel(
        [Column("Name", lambda i: i.name, roles={mark: lambda i: i.n * 10}, header={bold: "b"})],
        row_title=lambda i: f"#{i.n}")
    model.set_rows([Item(1, "ann", None), Item(2, "bo", None)])
    assert model.index(1, 0).data(mark) == 20
    assert model.index(1, 0).data(Qt.ItemDataRole.AccessibleTextRole) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, bold) == "b"
    assert model.headerData(1, Qt.Orientation.Vertical) == "#2"

    model.set_rows(model.rows, [Column("N", lambda i: str(i.n)), Column("Day", lambda i: "x")])
    assert model.columnCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Day"
    assert model.headerData(1, Qt.Orientation.Horizontal, bold) is None

    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), a.column(), b.column())))
    model.replace_row(0, Item(7, "cy", None))
    assert [i.n for i in model.rows] == [7, 2] and changed == [(0, 0, 1)]
    model.filter_rows("7")
    assert [i.n for i in model.rows] == [7]
    assert [i.n for i in model.all_rows] == [7, 2]
