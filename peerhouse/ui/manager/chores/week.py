"""The "This week" tab of Chores: the board, week by week, and what can be done with it.

Generating a week first shows how many chores it will hand out (a preview that writes
nothing), then asks; the board then jumps to that week. Status buttons follow the
service's transition table, so a button is only offered when the change is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.i18n import _, lazy, ngettext
from peerhouse.models.enums import ChoreStatus
from peerhouse.models.houses import House
from peerhouse.services import chores, houses
from peerhouse.services.chore_preview import WeekPreview, preview_week
from peerhouse.services.chores import TRANSITIONS, BoardCell, WeekBoard
from peerhouse.services.clock import local_day, now, week_start
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.formats import week_span
from peerhouse.ui.manager.chores.board import (
    STATUS_STYLE,
    BoardModel,
    BoardView,
    chore_status,
    day_words,
    status_label,
)
from peerhouse.ui.manager.chores.dialogs import ChoreNoteDialog
from peerhouse.ui.manager.chores.week_text import chore_moved, generate_question, which_week
from peerhouse.ui.manager.section import Loader
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.widgets.banner import Banner
from peerhouse.ui.widgets.common import Card, button, confirm, muted
from peerhouse.ui.widgets.wrap_row import WrapRow

S = ChoreStatus


GENERATE_TIP = lazy("Share out next week's chores fairly")
NOBODY_TIP = lazy("Nobody is living in the house yet: there is no one to share chores among.")


@dataclass(frozen=True)
class WeekData:
    house: House
    today: date
    board: WeekBoard


def week_data(u: Unit, house_id: int, week: date | None) -> WeekData:
    """The house, its today and the board of `week` (None: the week of today)."""
    house = houses.get_house(u, house_id)
    today = local_day(now(), house.timezone)
    shown = week or week_start(today, house.week_start_day)
    return WeekData(house, today, chores.week_board(u, house_id, shown))


class WeekTab(QWidget):
    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.load = ctx, load
        self.week: date | None = None  # None: this week, once the house is known
        self.this_week: date | None = None
        self.today = local_day(now(), "UTC")
        self.cell: BoardCell | None = None
        self.cell_pos: tuple[int, int] = (-1, -1)
        self.dialog: Any = None
        can_verify, can_configure = ctx.can(Perm.CHORES_VERIFY), ctx.can(Perm.CHORES_CONFIGURE)

        self._build_bar(can_verify, can_configure)

        self.banner = Banner()
        self.banner_text = self.banner.text
        self.banner_button = button(_("Generate this week…"), "shuffle",
                                    on_click=lambda: self.week and self.generate(self.week))
        self.banner.row.addWidget(self.banner_button)
        self.banner.hide()

        self.model = BoardModel(self)
        self.view = BoardView(self.model)
        self.view.picked.connect(self._picked)

        card = self._selected_card(can_verify)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addWidget(card)
        self.chip_box.hide()
        self.chip_label.hide()
        self._show_cell(None)

    def _build_bar(self, can_verify: bool, can_configure: bool) -> None:
        """The week and its buttons: previous, next, this week; overdue, generate."""
        self.bar = WrapRow()
        bar = self.bar.left
        self.prev_button = button("◀", on_click=lambda: self.go(-1),
                                  tip=_("Previous week (Alt+←)"))
        self.prev_button.setAccessibleName(_("Previous week"))
        self.prev_button.setShortcut(QKeySequence("Alt+Left"))
        self.next_button = button("▶", on_click=lambda: self.go(1), tip=_("Next week (Alt+→)"))
        self.next_button.setAccessibleName(_("Next week"))
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.week_label = QLabel()
        self.week_label.setObjectName("CardTitle")
        self.week_label.setMinimumWidth(240)
        self.this_week_button = button(_("This &week"), on_click=lambda: self.go(0))
        for w in (self.prev_button, self.week_label, self.next_button, self.this_week_button):
            bar.addWidget(w)
        self.overdue_button = button(_("Mark &overdue as missed…"), on_click=self.mark_overdue,
                                     tip=_("Every chore from before today still to do → missed"))
        self.generate_button = button(_("&Generate next week…"), "shuffle", primary=True,
                                      on_click=lambda: self.generate(self._next_week()),
                                      tip=str(GENERATE_TIP))
        self.overdue_button.setVisible(can_verify)
        self.generate_button.setVisible(can_configure)
        self.bar.right.addWidget(self.overdue_button)
        self.bar.right.addWidget(self.generate_button)

    def _selected_card(self, can_verify: bool) -> Card:
        """The chosen chore: what it is, its status buttons, and the status legend."""
        card = Card(_("Selected chore"))
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.chip_box = QComboBox()
        self.chip_box.setAccessibleName(_("Chore on this day"))
        self.chip_box.activated.connect(self._chip_chosen)
        self.chip_label = QLabel(_("&Chore:"))
        self.chip_label.setBuddy(self.chip_box)
        self.done_button = button(_("Mark &done"), "check", on_click=lambda: self.move(S.DONE))
        self.verify_button = button(_("&Verify"), "star", on_click=lambda: self.move(S.VERIFIED),
                                    tip=_("Confirm the chore was done well"))
        self.excuse_button = button(_("E&xcuse…"), on_click=lambda: self.note(S.EXCUSED))
        self.missed_button = button(_("Mark &missed…"), on_click=lambda: self.note(S.MISSED))
        row = QHBoxLayout()
        row.addWidget(self.info, 1)
        row.addWidget(self.chip_label)
        row.addWidget(self.chip_box)
        self.actions = (self.done_button, self.verify_button, self.excuse_button,
                        self.missed_button)
        for b in self.actions:
            b.setVisible(can_verify)
            row.addWidget(b)
        card.body.addLayout(row)
        legend = QHBoxLayout()
        legend.setSpacing(6)
        for status, (mark, bg, fg) in STATUS_STYLE.items():
            chip = QLabel(f"{mark} {status_label(status)}".strip())
            chip.setStyleSheet(f"background: {bg}; color: {fg}; border-radius: 6px; "
                               "padding: 2px 8px;")
            legend.addWidget(chip)
        legend.addStretch(1)
        self.status = muted("")
        # A note on what the house lacks ("no chores to share out yet") is true only until
        # the next change; a note on what was just done stays until the next action.
        self._status_is_fact = False
        legend.addWidget(self.status)
        card.body.addLayout(legend)
        return card

    # -- loading -----------------------------------------------------------------
    def refresh(self) -> None:
        if self._status_is_fact:
            self._say("")
        self.load(ReadOp(week_data, self.ctx.house_id, self.week), self._fill)

    def _fill(self, data: WeekData) -> None:
        board = data.board
        self.today = data.today
        self.this_week = week_start(data.today, data.house.week_start_day)
        self.week = board.week_start
        keep = self.cell.assignment_id if self.cell else None
        row, col = self.cell_pos
        self.model.set_board(board, data.today)
        offset = (board.week_start - self.this_week).days // 7
        name = {0: _("This week"), 1: _("Next week"), -1: _("Last week")}.get(offset, _("Week"))
        self.week_label.setText(f"{name} · {week_span(board.week_start, year=True)}")
        self.this_week_button.setEnabled(offset != 0)
        self._update_banner(board, offset)
        found = self.model.find(keep) if keep is not None else None
        if found is not None:
            row, col, chip = found
        else:
            chip = 0
        if self.model.rowCount() and 0 <= row < self.model.rowCount() and 0 <= col < 7:
            self.view.setCurrentIndex(self.model.index(row, col))
            self._picked(row, col, chip)
        else:
            self._show_cell(None)

    def _update_banner(self, board: WeekBoard, offset: int) -> None:
        assigned = any(cells for line in board.rows for cells in line.days)
        can_configure = self.ctx.can(Perm.CHORES_CONFIGURE)
        which = which_week(board.week_start, offset)
        self.banner_button.setVisible(False)
        # Nobody to share chores among: generating would do nothing, so it is not offered.
        self.generate_button.setEnabled(bool(board.rows))
        self.generate_button.setToolTip(str(GENERATE_TIP if board.rows else NOBODY_TIP))
        if not board.rows:
            text = _("Nobody is living in the house yet, so there is no chore board to show and "
                     "no chores to share out. Admit residents in Residents first.")
        elif assigned:
            text = ""
        elif offset < 0:
            text = _("No chores were assigned for {which}.").format(which=which)
        elif can_configure:
            text = _("No chores are assigned for {which} yet. Generate the rotation to share "
                     "the chores out fairly.").format(which=which)
            self.banner_button.setText({0: _("Generate this week…"),
                                        1: _("Generate next week…")}
                                       .get(offset, _("Generate that week…")))
            self.banner_button.setVisible(True)
        else:
            text = _("No chores are assigned for {which} yet. A house manager can generate the "
                     "rotation.").format(which=which)
        self.banner_text.setText(text)
        self.banner.setVisible(bool(text))

    # -- picking -----------------------------------------------------------------
    def _picked(self, row: int, col: int, chip: int) -> None:
        self.cell_pos = (row, col)
        cells = self.model.cells(row, col) if self.model.rowCount() > row >= 0 else ()
        self.chip_box.clear()
        for c in cells:
            self.chip_box.addItem(chore_status(c.chore, c.status), c.assignment_id)
        several = len(cells) > 1
        self.chip_box.setVisible(several)
        self.chip_label.setVisible(several)
        if 0 <= chip < len(cells):
            self.chip_box.setCurrentIndex(chip)
            self._show_cell(cells[chip])
        else:
            self._show_cell(None)

    def _chip_chosen(self, i: int) -> None:
        row, col = self.cell_pos
        cells = self.model.cells(row, col)
        if 0 <= i < len(cells):
            self._show_cell(cells[i])

    def _day(self) -> date | None:
        board = self.model.board
        return board.days[self.cell_pos[1]] if board and self.cell_pos[1] >= 0 else None

    def _show_cell(self, cell: BoardCell | None) -> None:
        self.cell = cell
        self.model.select(cell.assignment_id if cell else None)
        day = self._day()
        if cell is None or day is None or self.model.board is None:
            can = self.ctx.can(Perm.CHORES_VERIFY)
            self.info.setText(_("Pick a chore on the board to mark it done, verify or excuse it.")
                              if can else _("Pick a chore on the board to see who does it when."))
            for b in self.actions:
                b.setEnabled(False)
            return
        who = self.model.board.rows[self.cell_pos[0]].name
        area = f" · {cell.area}" if cell.area else ""
        self.info.setText(f"<b>{cell.chore}</b>{area}<br>{who} · {day_words(day)} · "
                          f"{status_label(cell.status)}")
        for b, to in zip(self.actions, (S.DONE, S.VERIFIED, S.EXCUSED, S.MISSED), strict=True):
            b.setEnabled(cell.status in TRANSITIONS[to] and (to == S.EXCUSED or day <= self.today))
        future = day > self.today and cell.status == S.PENDING
        self.done_button.setToolTip(_("Chores can be marked done from their day on.") if future
                                    else _("The resident did it (a staff member can verify it)"))

    # -- actions -----------------------------------------------------------------
    def go(self, step: int) -> None:
        if self.this_week is None:
            return
        self.week = self.this_week if step == 0 else (self.week or self.this_week) + timedelta(
            weeks=step)
        self.cell, self.cell_pos = None, (-1, -1)
        self.refresh()

    def _next_week(self) -> date:
        return (self.this_week or week_start(self.today)) + timedelta(weeks=1)

    def _saved(self, text: str) -> None:
        self._say(text)  # the write's change reloads the board

    def _say(self, text: str, *, fact: bool = False) -> None:
        """`fact`: about the house as it is now, so the next reload takes it away."""
        self.status.setText(text)
        self._status_is_fact = fact

    def move(self, to: str) -> None:
        cell = self.cell
        if cell is None:
            return
        fn = chores.mark_done if to == S.DONE else chores.verify
        for b in self.actions:  # one change at a time: a double click must not verify twice
            b.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self._show_cell(self.cell)
            report_error(exc, self)

        run_op(self, WriteOp(fn, cell.assignment_id)).success(
            lambda _a: self._saved(chore_moved(cell.chore, to))).failure(
            failed).run()

    def note(self, to: str) -> None:
        cell, day, board = self.cell, self._day(), self.model.board
        if cell is None or day is None or board is None:
            return
        who = board.rows[self.cell_pos[0]].name
        self.dialog = ChoreNoteDialog(self.ctx, "excuse" if to == S.EXCUSED else "missed", cell,
                                      who, day, parent=self)
        self.dialog.saved.connect(
            lambda _a: self._saved(chore_moved(cell.chore, to)))
        self.dialog.open()

    def generate(self, week: date) -> None:
        self.load(ReadOp(preview_week, self.ctx.house_id, week), self._confirm_generate)

    def _confirm_generate(self, p: WeekPreview) -> None:
        which = which_week(p.week_start)
        if not p.active_chores:
            self._say(_("There are no chores to share out yet: add them in the Chore list tab."),
                      fact=True)
            return
        if not p.residents:
            self._say(_("Nobody lives in the house, so there is nobody to share chores with."),
                      fact=True)
            return
        if not p.to_create:
            self._show_week(p.week_start)
            self._say(_("Every chore for {which} is already assigned.").format(which=which),
                      fact=True)
            return
        if not confirm(self, _("Generate chores"), generate_question(p, which),
                       yes=_("Generate")):
            return

        def done(new: list[Any]) -> None:
            if p.week_start != self.week:
                self.week, self.cell, self.cell_pos = p.week_start, None, (-1, -1)
            self._saved(ngettext("Assigned {n} chore for {which}.",
                                 "Assigned {n} chores for {which}.", len(new)).format(
                n=len(new), which=which))  # reloads the board

        run_op(self, WriteOp(chores.generate_week, self.ctx.house_id, p.week_start)).success(
            done).run()

    def _show_week(self, week: date) -> None:
        if week != self.week:
            self.week = week
            self.cell, self.cell_pos = None, (-1, -1)
        self.refresh()

    def mark_overdue(self) -> None:
        if not confirm(self, _("Mark overdue chores as missed"),
                       _("Mark every chore from before today that is still to do as missed?"
                         "\n\nCheck the board first: a chore can still be excused or verified "
                         "afterwards."), yes=_("Mark missed")):
            return

        def done(n: int) -> None:
            self._saved(ngettext("{n} overdue chore marked missed.",
                                 "{n} overdue chores marked missed.", n).format(n=n) if n else
                        _("Nothing overdue: every chore before today was done or excused."))

        run_op(self, WriteOp(chores.mark_overdue_missed, self.ctx.house_id, self.today)).success(
            done).run()
