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
from peerhouse.i18n import _, lazy, ngettext
from peerhouse.models.directory import Resource
from peerhouse.models.enums import ResourceKind
from peerhouse.services import houses, resources
from peerhouse.services import text_limits as limits
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
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
    ResourceKind.CRISIS.value: lazy("Crisis line"),
    ResourceKind.MEETING.value: lazy("Outside meeting"),
    ResourceKind.CLINIC.value: lazy("Clinic or health"),
    ResourceKind.JOB.value: lazy("Job help"),
    ResourceKind.HOUSING.value: lazy("Housing help"),
    ResourceKind.OTHER.value: lazy("Other"),
}
EDITABLE = ("name", "kind", "house_id", "schedule", "address", "phone", "notes", "active")


@dataclass(frozen=True)
class ResourceRow:
    res: Resource
    house_name: str


def columns() -> list[Column[ResourceRow]]:
    """The directory's columns, in the current language."""
    return [
        Column(_("Name"), lambda r: r.res.name, tooltip=lambda r: r.res.notes),
        Column(_("Kind"), lambda r: str(KIND_LABELS.get(r.res.kind, r.res.kind))),
        Column(_("For"), lambda r: r.house_name or _("Every house")),
        Column(_("Phone"), lambda r: r.res.phone),
        Column(_("When"), lambda r: r.res.schedule),
        Column(_("Shown"), lambda r: _("Yes") if r.res.active else _("Hidden")),
        Column(_("Address"), lambda r: r.res.address, tooltip=lambda r: r.res.address),
    ]



def resource_rows(u: Unit, house_id: int, inactive: bool) -> tuple[str, list[ResourceRow]]:
    """The house's name and its resources (with the stopped ones when `inactive`)."""
    names = {h.id: h.name for h in houses.list_houses(u)}
    found = resources.list_resources(u, house_id=house_id, include_inactive=inactive)
    # An entry for every house has no house name ("Every house" in the reader's language).
    rows = [ResourceRow(r, names.get(r.house_id, "") if r.house_id else "")
            for r in found]
    return names.get(house_id, ""), rows

class ResourceDialog(OperationDialog):
    """Add or edit one directory entry."""

    def __init__(self, ctx: AppContext, house_name: str, res: Resource | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Edit directory entry") if res else _("Add to the directory"),
                         _("&Save"), role="primary", default=True)
        self.build_form(_("Residents see active entries at the kiosk. Crisis lines are always "
                          "one tap away there."), min_width=500, stretch=True)
        self.ctx, self.res = ctx, res
        self.name = self.add_field(_("&Name:"), QLineEdit(res.name if res else ""), "name")
        self.name.setPlaceholderText(_("e.g. Tuesday Night NA, St. Mark's"))
        limit_text(self.name, limits.LINE)
        self.kind = QComboBox()
        for value, label in KIND_LABELS.items():
            self.kind.addItem(str(label), value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(
            res.kind if res else ResourceKind.MEETING.value)))
        self.add_field(_("&Kind:"), self.kind, "kind")
        self.scope = QComboBox()
        self.scope.addItem(_("Only {house}").format(house=house_name), ctx.house_id)
        self.scope.addItem(_("Every house"), None)
        self.scope.setCurrentIndex(1 if res is not None and res.house_id is None else 0)
        self.add_field(_("&For:"), self.scope, "house")
        self.phone = self.add_field(_("&Phone:"), QLineEdit(res.phone if res else ""), "phone")
        self.schedule = self.add_field(_("&When:"), QLineEdit(res.schedule if res else ""),
                                       "schedule")
        self.schedule.setPlaceholderText(_("e.g. Tuesdays 7 PM, or 24 hours a day"))
        limit_text(self.phone, limits.PHONE)
        limit_text(self.schedule, limits.LINE)
        self.address = self.add_field(_("&Address:"), QLineEdit(res.address if res else ""),
                                      "address")
        limit_text(self.address, limits.LONG_LINE)
        self.notes = QPlainTextEdit(res.notes if res else "")
        limit_text(self.notes, limits.NOTE)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.add_field(_("N&otes:"), self.notes, "notes")
        self.active = QCheckBox(_("Show in the directory and at the kiosk"))
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
            self, _("Places residents can turn to: outside meetings, crisis lines, clinics, job "
                    "and housing help. Residents see the active entries at the kiosk.")
            + ("" if self.can_edit else " " + _("A manager or the owner can change the list.")))

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search name, phone, address…"))
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        clear_button(self.search)
        self.search.setAccessibleName(_("Search the directory"))
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_("All kinds"), "")
        for value, label in KIND_LABELS.items():
            self.kind_filter.addItem(str(label), value)
        self.kind_filter.setAccessibleName(_("Kind"))
        filters.addWidget(self.search, 1)
        filters.addWidget(self.kind_filter)
        layout.addLayout(filters)

        self.columns = columns()
        self.model: RowsModel[ResourceRow] = RowsModel(self.columns, self)
        self.view, self.proxy = make_table(self.model)
        self.view.setAccessibleName(_("Resources directory"))
        layout.addWidget(self.view, 1)
        self.empty = muted("")
        layout.addWidget(self.empty)
        self.search.textChanged.connect(self._filter)
        self.kind_filter.currentIndexChanged.connect(self._filter)

        row = QHBoxLayout()
        self.add_btn = button(_("&Add entry…"), primary=True, on_click=self.add)
        self.seed_btn = button(_("Add the &national crisis lines"), "phone", on_click=self.seed,
                               tip=_("988 Suicide & Crisis Lifeline and the SAMHSA National "
                                     "Helpline"))
        self.edit_btn = button(_("&Edit…"), "edit", on_click=self.edit)
        self.delete_btn = button(_("&Delete…"), danger=True, on_click=self.delete)
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
        fit_columns(self.view, len(self.columns) - 1)
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
            self.empty.setText(_("The directory is empty. Add the meetings, crisis lines and "
                                 "services residents use.") if self.can_edit else
                               _("The directory is empty. Ask a manager to add local meetings "
                                 "and services."))
        elif not shown:
            self.empty.setText(_("Nothing matches that search."))
        else:
            total = self.model.rowCount()
            self.empty.setText(ngettext("{shown} of {n} entry shown.",
                                        "{shown} of {n} entries shown.", total).format(
                                            shown=shown, n=total))

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
        if not confirm(self, _("Delete entry"),
                       _("Delete '{name}' from the directory? Residents will no longer see it. "
                         "To hide it for a while instead, edit it and uncheck 'Show'.").format(
                             name=res.name), yes=_("Delete")):
            return
        self._run(resources.delete_resource, res.id)

    def seed(self) -> None:
        self._run(resources.seed_default_resources)

    def _run(self, fn: Callable[..., Any], *args: Any) -> None:
        run_op(self, WriteOp(fn, *args)).run()
