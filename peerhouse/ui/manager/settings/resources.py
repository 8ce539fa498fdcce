"""The Resources tab: the directory residents see at the kiosk (meetings, crisis lines,
clinics, job and housing help). Everyone may read it; managers keep it current."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.models.directory import Resource
from peerhouse.models.enums import ResourceKind
from peerhouse.services import houses, resources
from peerhouse.services import text_limits as limits
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import plural
from peerhouse.ui.manager.settings.forms import fit_columns
from peerhouse.ui.manager.settings.tab import Loader, SettingsTab
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.theme import icon
from peerhouse.ui.widgets.access import clear_button
from peerhouse.ui.widgets.common import button, confirm, make_table, muted, selected_row
from peerhouse.ui.widgets.limits import limit_text
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.pages import tab_layout
from peerhouse.ui.widgets.styled import restyle

KIND_LABELS = {
    ResourceKind.CRISIS.value: "Crisis line",
    ResourceKind.MEETING.value: "Outside meeting",
    ResourceKind.CLINIC.value: "Clinic or health",
    ResourceKind.JOB.value: "Job help",
    ResourceKind.HOUSING.value: "Housing help",
    ResourceKind.OTHER.value: "Other",
}
EDITABLE = ("name", "kind", "house_id", "schedule", "address", "phone", "notes", "active")


@dataclass(frozen=True)
class ResourceRow:
    res: Resource
    house_name: str


COLUMNS: list[Column[ResourceRow]] = [
    Column("Name", lambda r: r.res.name, tooltip=lambda r: r.res.notes),
    Column("Kind", lambda r: KIND_LABELS.get(r.res.kind, r.res.kind)),
    Column("For", lambda r: r.house_name),
    Column("Phone", lambda r: r.res.phone),
    Column("When", lambda r: r.res.schedule),
    Column("Shown", lambda r: "Yes" if r.res.active else "Hidden"),
    Column("Address", lambda r: r.res.address, tooltip=lambda r: r.res.address),
]



def resource_rows(u: Unit, house_id: int, inactive: bool) -> tuple[str, list[ResourceRow]]:
    """The house's name and its resources (with the stopped ones when `inactive`)."""
    names = {h.id: h.name for h in houses.list_houses(u)}
    found = resources.list_resources(u, house_id=house_id, include_inactive=inactive)
    rows = [ResourceRow(r, names.get(r.house_id, "") if r.house_id else "Every house")
            for r in found]
    return names.get(house_id, ""), rows

class ResourceDialog(OperationDialog):
    """Add or edit one directory entry."""

    def __init__(self, ctx: AppContext, house_name: str, res: Resource | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, "Edit directory entry" if res else "Add to the directory", "&Save",
                         role="primary", default=True)
        self.build_form("Residents see active entries at the kiosk. Crisis lines are always "
                        "one tap away there.", min_width=500, stretch=True)
        self.ctx, self.res = ctx, res
        self.name = self.add_field("&Name:", QLineEdit(res.name if res else ""), "name")
        self.name.setPlaceholderText("e.g. Tuesday Night NA, St. Mark's")
        limit_text(self.name, limits.LINE)
        self.kind = QComboBox()
        for value, label in KIND_LABELS.items():
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(res.kind if res else ResourceKind.MEETING.value)))
        self.add_field("&Kind:", self.kind, "kind")
        self.scope = QComboBox()
        self.scope.addItem(f"Only {house_name}", ctx.house_id)
        self.scope.addItem("Every house", None)
        self.scope.setCurrentIndex(1 if res is not None and res.house_id is None else 0)
        self.add_field("&For:", self.scope, "house")
        self.phone = self.add_field("&Phone:", QLineEdit(res.phone if res else ""), "phone")
        self.schedule = self.add_field("&When:", QLineEdit(res.schedule if res else ""), "schedule")
        self.schedule.setPlaceholderText("e.g. Tuesdays 7 PM, or 24 hours a day")
        limit_text(self.phone, limits.PHONE)
        limit_text(self.schedule, limits.LINE)
        self.address = self.add_field("&Address:", QLineEdit(res.address if res else ""), "address")
        limit_text(self.address, limits.LONG_LINE)
        self.notes = QPlainTextEdit(res.notes if res else "")
        limit_text(self.notes, limits.NOTE)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.add_field("N&otes:", self.notes, "notes")
        self.active = QCheckBox("Show in the directory and at the kiosk")
        self.active.setChecked(res.active if res else True)
        self.add_field("", self.active, "active")
        self.name.setFocus()

    def operation(self) -> WriteOp[Any]:
        values: dict[str, object] = {
            "name": self.name.text(), "kind": str(self.kind.currentData()),
            "house_id": self.scope.currentData(), "schedule": self.schedule.text(),
            "address": self.address.text(), "phone": self.phone.text(),
            "notes": self.notes.toPlainText(), "active": self.active.isChecked(),
        }
        if self.res is not None and self.res.id is not None:
            res_id = self.res.id
            return WriteOp(resources.edit_resource, res_id, values)
        data = resources.ResourceInput(**values)  # type: ignore[arg-type]
        return WriteOp(resources.create_resource, data)


class ResourcesTab(SettingsTab):
    edit_permission = Perm.RESOURCES_MANAGE

    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(ctx, load, parent)
        self.dialog: ResourceDialog | None = None
        self.house_name = ""
        layout = tab_layout(
            self, "Places residents can turn to: outside meetings, crisis lines, clinics, job and "
            "housing help. Residents see the active entries at the kiosk."
            + ("" if self.can_edit else " A manager or the owner can change the list."))

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, phone, address…")
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        clear_button(self.search)
        self.search.setAccessibleName("Search the directory")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", "")
        for value, label in KIND_LABELS.items():
            self.kind_filter.addItem(label, value)
        self.kind_filter.setAccessibleName("Kind")
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind_filter)
        layout.addLayout(filters)

        self.model: RowsModel[ResourceRow] = RowsModel(COLUMNS, self)
        self.view, self.proxy = make_table(self.model)
        self.view.setAccessibleName("Resources directory")
        layout.addWidget(self.view, 1)
        self.empty = muted("")
        layout.addWidget(self.empty)
        self.search.textChanged.connect(self._filter)
        self.kind_filter.currentIndexChanged.connect(self._filter)

        row = QHBoxLayout()
        self.add_btn = button("&Add entry…", primary=True, on_click=self.add)
        self.seed_btn = button("Add the &national crisis lines", "phone", on_click=self.seed,
                               tip="988 Suicide & Crisis Lifeline and the SAMHSA National Helpline")
        self.edit_btn = button("&Edit…", "edit", on_click=self.edit)
        self.delete_btn = button("&Delete…", danger=True, on_click=self.delete)
        row.addWidget(self.add_btn)
        row.addWidget(self.seed_btn)
        row.addStretch(1)
        row.addWidget(self.edit_btn)
        row.addWidget(self.delete_btn)
        layout.addLayout(row)
        self.seed_btn.hide()
        if self.can_edit:
            self.view.doubleClicked.connect(lambda _i: self.edit())
            self.view.selectionModel().selectionChanged.connect(self._selected)
            delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
            delete.activated.connect(self.delete)
            self._selected()
        else:
            for b in (self.add_btn, self.edit_btn, self.delete_btn):
                b.hide()

    # -- data ------------------------------------------------------------------
    def refresh(self) -> None:
        self._load(ReadOp(resource_rows, self.ctx.house_id, self.can_edit), self._apply)

    def _apply(self, result: tuple[str, list[ResourceRow]]) -> None:
        self.house_name, rows = result
        self.model.set_rows(rows)
        fit_columns(self.view, len(COLUMNS) - 1)
        has_988 = any("".join(c for c in r.res.phone if c.isdigit()) == "988" for r in rows)
        self.seed_btn.setVisible(self.can_edit and not has_988)
        self._filter()
        self._selected()

    def _filter(self, *_args: object) -> None:
        kind = self.kind_filter.currentData()
        self.proxy.set_extra_filter((lambda r: r.res.kind == kind) if kind else None)
        self.proxy.set_search(self.search.text())
        shown = self.proxy.rowCount()
        if not self.model.rowCount():
            self.empty.setText("The directory is empty. Add the meetings, crisis lines and "
                               "services residents use." if self.can_edit else
                               "The directory is empty. Ask a manager to add local meetings "
                               "and services.")
        elif not shown:
            self.empty.setText("Nothing matches that search.")
        else:
            self.empty.setText(f"{shown} of {plural(self.model.rowCount(), 'entry', 'entries')} shown.")

    def current(self) -> Resource | None:
        row = selected_row(self.view, self.proxy)
        return row.res if row is not None else None

    def _selected(self, *_args: object) -> None:
        has = self.current() is not None
        self.edit_btn.setEnabled(has)
        self.delete_btn.setEnabled(has)
        restyle(self.delete_btn, "danger", has)

    # -- actions ---------------------------------------------------------------
    def _open(self, dialog: ResourceDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def add(self) -> None:
        self._open(ResourceDialog(self.ctx, self.house_name, None, self))

    def edit(self) -> None:
        res = self.current()
        if res is not None and self.can_edit:
            self._open(ResourceDialog(self.ctx, self.house_name, res, self))

    def delete(self) -> None:
        res = self.current()
        if res is None or res.id is None or not self.can_edit:
            return
        if not confirm(self, "Delete entry",
                       f"Delete '{res.name}' from the directory? Residents will no longer see it. "
                       "To hide it for a while instead, edit it and uncheck 'Show'.", yes="Delete"):
            return
        self._run(resources.delete_resource, res.id)

    def seed(self) -> None:
        self._run(resources.seed_default_resources)

    def _run(self, fn: Callable[..., Any], *args: Any) -> None:
        run_op(self, WriteOp(fn, *args)).run()
