"""Widgets used across sections: cards, tables, confirmations, inline form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerhouse.errors import ValidationError
from peerhouse.ui.tablemodels.rows import RowsModel, SearchProxy
from peerhouse.ui.theme import icon


class Card(QFrame):
    """A white rounded panel with a title; `body` is its content layout."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 12, 14, 12)
        self.body.setSpacing(6)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("CardTitle")
        self.body.addWidget(self.title_label)


def button(text: str, icon_name: str = "", *, primary: bool = False, danger: bool = False,
           on_click: Callable[[], Any] | None = None, tip: str = "") -> QPushButton:
    btn = QPushButton(text)
    if icon_name:
        btn.setIcon(icon(icon_name))
    if primary:
        btn.setProperty("primary", True)
    if danger:
        btn.setProperty("danger", True)
    if tip:
        btn.setToolTip(tip)
    btn.setAccessibleName(text.replace("&", ""))
    if on_click is not None:
        btn.clicked.connect(lambda _checked=False: on_click())
    return btn


def make_table(model: RowsModel[Any], *, sortable: bool = True) -> tuple[QTableView, SearchProxy]:
    """A read-only, row-selecting table over `model` through a search/sort proxy."""
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(sortable)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setWordWrap(False)
    return view, proxy


def selected_row(view: QTableView, proxy: SearchProxy) -> Any | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    return proxy.row_at(rows[0].row())


def confirm(parent: QWidget, title: str, text: str, yes: str = "Yes") -> bool:
    """Ask before anything destructive; Escape and the default button both mean No."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def info(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


class FieldErrors:
    """Shows a ValidationError next to the field it names (and marks the field invalid)."""

    def __init__(self, fields: dict[str, QWidget], label: QLabel) -> None:
        self.fields = fields
        self.label = label
        label.setObjectName("FieldError")
        label.setWordWrap(True)
        label.hide()

    def clear(self) -> None:
        self.label.hide()
        for w in self.fields.values():
            if w.property("invalid"):
                w.setProperty("invalid", False)
                w.style().unpolish(w)
                w.style().polish(w)

    def show(self, exc: ValidationError) -> None:
        self.clear()
        self.label.setText(field_message(exc))
        self.label.show()
        widget = self.fields.get(exc.field)
        if widget is not None:
            widget.setProperty("invalid", True)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)


_PREDICATE_STARTS = {"is", "are", "must", "cannot", "can", "may", "and", "needs", "should",
                     "has", "was", "does", "already"}


def field_message(exc: ValidationError) -> str:
    """'First name is required.' — or the message alone when it is a sentence of its own
    ('bed 4 is already taken.' → 'Bed 4 is already taken.')."""
    first = exc.message.split(" ", 1)[0].lower()
    if first in _PREDICATE_STARTS:
        return f"{exc.field[:1].upper()}{exc.field[1:]} {exc.message}"
    return exc.message[:1].upper() + exc.message[1:]


def muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Muted")
    label.setWordWrap(True)
    return label
