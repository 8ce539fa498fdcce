"""The Incidents tab (managers only): what happened in the house, who was involved and
what was done, for a date range; record one or correct one.

Every load is an audited read, and a correction is its own audit event naming the
fields that changed, so the history of a record stays in the tamper-evident log.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from peerhouse.i18n import _, lazy, ngettext
from peerhouse.services import incidents
from peerhouse.services.incidents import IncidentRecord
from peerhouse.services.permissions import Perm
from peerhouse.ui.manager.accountability.common import (
    Tab,
    button_row,
    fmt_when,
    house_read,
)
from peerhouse.ui.manager.accountability.dialogs import CATEGORIES, IncidentDialog, label
from peerhouse.ui.manager.accountability.pickers import RangePicker, span_days
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import button


def _first_line(text: str, limit: int = 90) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


class IncidentsTab(Tab[IncidentRecord]):
    title = lazy("Incidents")
    row_kind = IncidentRecord

    def __init__(self, section: Any) -> None:
        super().__init__(section)
        self.can_record = self.ctx.can(Perm.INCIDENTS_MANAGE)
        layout = self.box
        self.range = self.picker = RangePicker(days_back=90)
        self.range.changed.connect(self.reload)
        top = button_row(self.range)
        self.count_label = QLabel()
        self.count_label.setObjectName("Muted")
        top.addWidget(self.count_label)
        layout.addLayout(top)
        self.model: RowsModel[IncidentRecord] = RowsModel([
            Column(_("When"), lambda i: fmt_when(i.at, self.tz()),
                   sort=lambda i: i.at.timestamp()),
            Column(_("What kind"), lambda i: label(CATEGORIES, i.category)),
            Column(_("Residents involved"), lambda i: self._names(i) or "—"),
            Column(_("What happened"), lambda i: _first_line(i.description),
                   tooltip=lambda i: i.description),
            Column(_("Action taken"), lambda i: _first_line(i.action_taken, 60),
                   tooltip=lambda i: i.action_taken),
        ])
        self.view, self.proxy, self.pane = self.table(
            self.model, _("Incidents"), newest_first=True, stretch=(3, 4),
            on_select=self._selected_changed, on_open=self.open_edit_dialog)
        layout.addWidget(self.pane, 3)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setObjectName("Card")
        self.detail.setContentsMargins(12, 10, 12, 10)
        self.detail.setMinimumHeight(90)
        self.detail.setAccessibleName(_("Incident details"))
        layout.addWidget(self.detail, 1)

        self.record_btn = button(_("&Record an incident…"), "add", primary=True,
                                 on_click=self.open_record_dialog)
        self.edit_btn = button(_("&Correct…"), "edit", on_click=self.open_edit_dialog,
                               tip=_("Correct this record (the change is logged)"))
        self.record_btn.setVisible(self.can_record)
        self.edit_btn.setVisible(self.can_record)
        layout.addLayout(button_row(self.record_btn, self.edit_btn))
        self._selected_changed()

    def _names(self, rec: IncidentRecord) -> str:
        return ", ".join(self.name(r) for r in rec.resident_ids) if self.house else ""

    # -- loading -------------------------------------------------------------------
    def reload(self) -> None:
        self.load_picked(lambda bounds: house_read(self.ctx, incidents.incidents_for_house,
                                                   *bounds), self._show)

    def _show(self, bounds: tuple[date, date], rows: list[IncidentRecord]) -> None:
        selected = self.selected()
        self.model.set_rows(rows)
        self.count_label.setText(ngettext("{n} incident", "{n} incidents", len(rows)).format(
            n=len(rows)) if rows else "")
        self.pane.show_rows(len(rows), _("No incidents recorded from {first} to {last}.").format(
            **span_days(bounds)))
        if selected is not None:
            for r in range(self.proxy.rowCount()):
                if self.proxy.row_at(r).id == selected.id:
                    self.view.selectRow(r)
        self._selected_changed()

    # -- actions -------------------------------------------------------------------
    def _selected_changed(self) -> None:
        rec = self.selected()
        self.edit_btn.setEnabled(rec is not None)
        self.detail.setVisible(rec is not None)
        if rec is None or self.house is None:
            self.detail.setText("")
            return
        action = rec.action_taken or _("Nothing recorded yet.")
        names = self._names(rec) or _("no resident named")
        happened, done = _("What happened:"), _("Action taken:")
        self.detail.setText(
            f"<b>{_html(label(CATEGORIES, rec.category))}</b> · "
            f"{fmt_when(rec.at, self.house.tz)} · {_html(names)}<br><br>"
            f"<b>{_html(happened)}</b> {_html(rec.description)}<br>"
            f"<b>{_html(done)}</b> {_html(action)}")

    def open_record_dialog(self) -> IncidentDialog | None:
        return self._open_dialog(None)

    def open_edit_dialog(self) -> IncidentDialog | None:
        rec = self.selected()
        return None if rec is None else self._open_dialog(rec)

    def _open_dialog(self, rec: IncidentRecord | None) -> IncidentDialog | None:
        if not self.can_record:
            return None
        return self.open_form(lambda house: IncidentDialog(self.ctx, house, rec, self))


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")
