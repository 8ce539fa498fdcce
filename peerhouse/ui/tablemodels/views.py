"""How every table view over a RowsModel starts: read-only, one row (or, for a grid, one
cell) selected at a time, no row numbers down the side."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def read_only_view(view: QTableView, *, cells: bool = False) -> QTableView:
    """Set up `view` as a read-only table: Enter or a double-click opens, it never edits.
    `cells`: a grid whose cells are picked one by one (its header down the side stays)."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems if cells
                              else QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(cells)
    return view
