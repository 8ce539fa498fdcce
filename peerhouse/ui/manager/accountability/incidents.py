"""The Incidents tab (managers only): what happened in the house, who was involved and
what was done, for a date range; record one or correct one.

Every load is an audited read, and a correction is its own audit event naming the
fields that changed, so the history of a record stays in the tamper-evident log.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from peerhouse.services import incidents
from peerhouse.services.incidents import IncidentRecord
from peerhouse.services.permissions import Perm
from peerhouse.ui.formats import short_day
from peerhouse.ui.manager.accountability.common import (
    HouseData,
    Tab,
    TablePane,
    fit_columns,
    fmt_when,
    sort_by,
)
from peerhouse.ui.manager.accountability.dialogs import CATEGORIES, IncidentDialog, label
from peerhouse.ui.manager.accountability.pickers import RangePicker
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import button, make_table, selected_row


def _first_line(text: str, limit: int = 90) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


class IncidentsTab(Tab):
    title = "Incidents"

    def __init__(self, section: Any) -> None:
        super().__init__(section)
        self.can_record = self.ctx.can(Perm.INCIDENTS_MANAGE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        top = QHBoxLayout()
        self.range = RangePicker(days_back=90)
        self.range.changed.connect(self.reload)
        top.addWidget(self.range)
        top.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("Muted")
        top.addWidget(self.count_label)
        layout.addLayout(top)
        tz = lambda: self.house.tz if self.house else "UTC"  # noqa: E731
        self.model: RowsModel[IncidentRecord] = RowsModel([
            Column("When", lambda i: fmt_when(i.at, tz()), sort=lambda i: i.at.timestamp()),
            Column("What kind", lambda i: label(CATEGORIES, i.category)),
            Column("Residents involved", lambda i: self._names(i) or "—"),
            Column("What happened", lambda i: _first_line(i.description),
                   tooltip=lambda i: i.description),
            Column("Action taken", lambda i: _first_line(i.action_taken, 60),
                   tooltip=lambda i: i.action_taken),
        ])
        self.view, self.proxy = make_table(self.model)
        sort_by(self.view, 0, newest_first=True)
        fit_columns(self.view, 3, 4)
        self.view.setAccessibleName("Incidents")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selected_changed())
        self.view.doubleClicked.connect(lambda _i: self.open_edit_dialog())
        self.pane = TablePane(self.view)
        layout.addWidget(self.pane, 3)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setObjectName("Card")
        self.detail.setContentsMargins(12, 10, 12, 10)
        self.detail.setMinimumHeight(90)
        self.detail.setAccessibleName("Incident details")
        layout.addWidget(self.detail, 1)

        row = QHBoxLayout()
        self.record_btn = button("&Record an incident…", "add", primary=True,
                                 on_click=self.open_record_dialog)
        self.edit_btn = button("&Correct…", "edit", on_click=self.open_edit_dialog,
                               tip="Correct this record (the change is logged)")
        self.record_btn.setVisible(self.can_record)
        self.edit_btn.setVisible(self.can_record)
        row.addWidget(self.record_btn)
        row.addWidget(self.edit_btn)
        row.addStretch(1)
        layout.addLayout(row)
        self._selected_changed()

    def _names(self, rec: IncidentRecord) -> str:
        return ", ".join(self.house.name(r) for r in rec.resident_ids) if self.house else ""

    # -- loading -------------------------------------------------------------------
    def first_load(self, house: HouseData) -> None:
        self.range.set_today(house.today)

    def reload(self) -> None:
        if self.house is None:
            return
        ctx, (start, end) = self.ctx, self.range.bounds()
        self.load(lambda: incidents.incidents_for_house(ctx.store, ctx.actor, ctx.house_id,
                                                        start, end),
                  partial(self._show, start, end))

    def _show(self, start: date, end: date, rows: list[IncidentRecord]) -> None:
        if (start, end) != self.range.bounds():
            return
        selected = self.selected()
        self.model.set_rows(rows)
        self.count_label.setText(f"{len(rows)} incident{'s' if len(rows) != 1 else ''}"
                                 if rows else "")
        self.pane.show_rows(len(rows), f"No incidents recorded from {short_day(start)} to "
                                       f"{short_day(end - timedelta(days=1))}.")
        if selected is not None:
            for r in range(self.proxy.rowCount()):
                if self.proxy.row_at(r).id == selected.id:
                    self.view.selectRow(r)
        self._selected_changed()

    # -- actions -------------------------------------------------------------------
    def selected(self) -> IncidentRecord | None:
        row = selected_row(self.view, self.proxy)
        return row if isinstance(row, IncidentRecord) else None

    def _selected_changed(self) -> None:
        rec = self.selected()
        self.edit_btn.setEnabled(rec is not None)
        self.detail.setVisible(rec is not None)
        if rec is None or self.house is None:
            self.detail.setText("")
            return
        action = rec.action_taken or "Nothing recorded yet."
        self.detail.setText(
            f"<b>{_html(label(CATEGORIES, rec.category))}</b> · "
            f"{fmt_when(rec.at, self.house.tz)}"
            f" · {_html(self._names(rec) or 'no resident named')}<br><br>"
            f"<b>What happened:</b> {_html(rec.description)}<br>"
            f"<b>Action taken:</b> {_html(action)}")

    def open_record_dialog(self) -> IncidentDialog | None:
        if self.house is None or not self.can_record:
            return None
        dialog = IncidentDialog(self.ctx, self.house, None, self)
        self.show_dialog(dialog)
        return dialog

    def open_edit_dialog(self) -> IncidentDialog | None:
        rec = self.selected()
        if rec is None or self.house is None or not self.can_record:
            return None
        dialog = IncidentDialog(self.ctx, self.house, rec, self)
        self.show_dialog(dialog)
        return dialog


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")
