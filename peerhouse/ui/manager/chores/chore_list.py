"""The "Chore list" tab of Chores: every chore of the house, and adding / changing them.

Staff see the list (to know what a chore involves); only roles that configure chores
get the Add, Edit and Stop buttons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.i18n import _
from peerhouse.models.chores import Chore
from peerhouse.models.enums import ResidentStatus
from peerhouse.services import chores, residents
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.chores.dialogs import ChoreDialog, schedule_text
from peerhouse.ui.manager.section import Loader
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import button, confirm, make_table, muted, selected_row


@dataclass(frozen=True)
class ChoreListData:
    chores: list[Chore]
    names: dict[int, str]  # every resident of the house, for "always the same resident"
    active: list[tuple[int, str]]  # current residents, for the dialog


def chore_list(u: Unit, house_id: int, stopped: bool) -> ChoreListData:
    """The house's chores (with the stopped ones when `stopped`) and its residents."""
    rows = chores.list_chores(u, house_id, include_inactive=stopped)
    people = residents.list_residents(u, house_id=house_id, status=None)
    return ChoreListData(rows, {r.id: r.board_name for r in people if r.id},
                         [(r.id, r.board_name) for r in sorted(people, key=lambda r: r.board_name)
                          if r.id and r.status == ResidentStatus.ACTIVE])


class ChoreListTab(QWidget):

    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.load = ctx, load
        self.names: dict[int, str] = {}
        self.active: list[tuple[int, str]] = []
        self.dialog: Any = None
        configure = ctx.can(Perm.CHORES_CONFIGURE)

        bar = QHBoxLayout()
        self.show_stopped = QCheckBox(_("Show &stopped chores"))
        self.show_stopped.toggled.connect(lambda _on: self.refresh())
        bar.addWidget(self.show_stopped)
        bar.addStretch(1)
        self.add_button = button(_("&Add chore…"), "add", primary=True, on_click=self.add,
                                 tip=_("Add a chore (Ctrl+N)"))
        self.add_button.setShortcut(QKeySequence("Ctrl+N"))
        self.edit_button = button(_("&Edit…"), "edit", on_click=self.edit)
        self.stop_button = button(_("Sto&p chore…"), on_click=self.stop,
                                  tip=_("Stop assigning this chore; its history is kept"))
        for b in (self.edit_button, self.stop_button, self.add_button):
            b.setVisible(configure)
            bar.addWidget(b)

        self.model: RowsModel[Chore] = RowsModel([
            Column(_("Chore"), lambda c: c.name),
            Column(_("Area"), lambda c: c.area or "—"),
            Column(_("When"), schedule_text, sort=lambda c: (c.frequency, c.weekday or 0)),
            Column(_("Who"), self._who_text),
            Column(_("Status"), lambda c: _("In use") if c.active else _("Stopped")),
        ])
        self.table, self.proxy = make_table(self.model)
        self.table.setAccessibleName(_("Chores"))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        if configure:
            self.table.doubleClicked.connect(lambda _i: self.edit())
        self.empty = muted("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.details = muted("")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.details)
        self._selected()

    def _who_text(self, chore: Chore) -> str:
        if chore.rotating or chore.fixed_resident_id is None:
            return _("Takes turns")
        return _("Always {name}").format(
            name=self.names.get(chore.fixed_resident_id) or _("one resident"))

    # -- loading -----------------------------------------------------------------
    def refresh(self) -> None:
        self.load(ReadOp(chore_list, self.ctx.house_id, self.show_stopped.isChecked()),
                  self._fill)

    def _fill(self, data: ChoreListData) -> None:
        keep = self._current()
        self.names, self.active = data.names, data.active
        self.model.set_rows(data.chores)
        for col, width in enumerate((260, 150, 150, 190)):
            self.table.setColumnWidth(col, width)
        self.stack.setCurrentWidget(self.table if data.chores else self.empty)
        self.empty.setText(
            _("No chores yet. Add the house's chores (kitchen, bathrooms, trash, yard…) and "
              "PeerHouse will share them out fairly every week.") if self.ctx.can(
                Perm.CHORES_CONFIGURE) else _("No chores have been set up for this house yet."))
        for r in range(self.proxy.rowCount()):
            if keep is not None and self.proxy.row_at(r).id == keep.id:
                self.table.selectRow(r)
                break
        self._selected()

    def _current(self) -> Chore | None:
        row: Chore | None = selected_row(self.table, self.proxy)
        return row

    def _selected(self) -> None:
        chore = self._current()
        self.edit_button.setEnabled(chore is not None and chore.active)
        self.stop_button.setEnabled(chore is not None and chore.active)
        if chore is None:
            self.details.setText(_("Pick a chore to see its instructions."))
        else:
            self.details.setText(f"{chore.name}: {chore.instructions}" if chore.instructions
                                 else _("{chore}: no instructions written yet.").format(
                                     chore=chore.name))

    # -- actions -----------------------------------------------------------------
    def _open(self, dialog: ChoreDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def add(self) -> None:
        if self.ctx.can(Perm.CHORES_CONFIGURE):
            self._open(ChoreDialog(self.ctx, self.active, parent=self))

    def edit(self) -> None:
        chore = self._current()
        if chore is not None and chore.active and self.ctx.can(Perm.CHORES_CONFIGURE):
            self._open(ChoreDialog(self.ctx, self.active, chore, parent=self))

    def stop(self) -> None:
        chore = self._current()
        if chore is None or chore.id is None or not chore.active:
            return
        question = _("Stop “{chore}”?\n\nIt will no longer be given out, and its assignments "
                     "still to do from today on are removed. Past assignments stay in the "
                     "history.").format(chore=chore.name)
        if not confirm(self, _("Stop chore"), question, yes=_("Stop chore")):
            return
        run_op(self, WriteOp(chores.deactivate_chore, chore.id)).run()
