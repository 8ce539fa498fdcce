"""The Goals tab: the resident's goals with their steps (ticked when done), status and
dates; progress notes for the selected goal. Managers set goals up with the resident,
add steps and notes, tick steps and change a goal's status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QMenu,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import WriteOp
from peerhouse.i18n import Message, _, lazy, ngettext, pgettext, plazy
from peerhouse.models.enums import GoalStatus
from peerhouse.services import goals
from peerhouse.services.goals import GoalView
from peerhouse.services.permissions import Perm
from peerhouse.services.timeline_sources import area_word
from peerhouse.ui.manager.residents.page.dialogs import (
    goal_dialog,
    note_dialog,
    step_dialog,
    value_of,
)
from peerhouse.ui.manager.residents.page.tab import (
    ResidentTab,
    fmt_day,
    fmt_local,
)
from peerhouse.ui.widgets.common import Card, button, muted
from peerhouse.ui.widgets.operation_dialog import OperationDialog

GOAL_ROLE = Qt.ItemDataRole.UserRole
STEP_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ACTIONS: dict[str, Message] = {
    GoalStatus.ACHIEVED: lazy("Mark achieved"), GoalStatus.PAUSED: lazy("Pause for now"),
    GoalStatus.DROPPED: plazy("action", "Set aside"), GoalStatus.ACTIVE: lazy("Make active again")}


def status_word(status: str) -> str:
    """Where a goal stands, in the current language."""
    words = {GoalStatus.ACTIVE: pgettext("goal", "Active"),
             GoalStatus.ACHIEVED: pgettext("goal", "Achieved"),
             GoalStatus.PAUSED: pgettext("goal", "Paused"),
             GoalStatus.DROPPED: pgettext("goal", "Set aside")}
    return words.get(status, status)  # type: ignore[call-overload]


def steps_done(done: int, steps: int) -> str:
    """'2 of 3 steps done'."""
    return ngettext("{done} of {n} step done", "{done} of {n} steps done", steps).format(
        done=done, n=steps)


class GoalsTab(ResidentTab):
    permission = Perm.GOALS_READ
    watches = (RecordKind.GOALS,)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.views: list[GoalView] = []
        self._filling = False
        manage = ctx.can(Perm.GOALS_MANAGE)
        layout = self.column()

        bar = QHBoxLayout()
        self.new_button = button(_("&New goal…"), primary=True, on_click=self.new_goal)
        self.step_button = button(_("Add &step…"), "add", on_click=self.add_step)
        self.note_button = button(_("&Progress note…"), "edit", on_click=self.add_note)
        self.status_button = button(_("St&atus"), "check", tip=_(
            "Mark the goal achieved, paused, set aside, or active again"))
        menu = QMenu(self.status_button)
        for status, word in STATUS_ACTIONS.items():
            action = menu.addAction(str(word))
            action.triggered.connect(lambda _c=False, s=status: self.set_status(s))
        self.status_button.setMenu(menu)
        for b in (self.new_button, self.step_button, self.note_button, self.status_button):
            b.setVisible(manage)
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("Goals and steps"))
        self.tree.setHeaderLabels([_("Goal / step"), _("Status"), _("Target"), _("Review")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemChanged.connect(self._step_toggled)
        self.tree.currentItemChanged.connect(lambda *_a: self._show_details())
        self.tree.setStyleSheet("QTreeView::item { padding: 4px 2px; }")
        split.addWidget(self.tree)

        self.details = Card(_("Progress notes"))
        self.summary = muted("")
        self.notes = QListWidget()
        self.notes.setAccessibleName(_("Progress notes"))
        self.notes.setWordWrap(True)
        self.details.body.addWidget(self.summary)
        self.details.body.addWidget(self.notes, 1)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.body = self.add_body(layout, split)
        if manage:
            layout.addWidget(muted(_("Check off a step when it is done (Space on the "
                                     "keyboard). Goals are never deleted: set one aside "
                                     "instead.")))
        self._update_buttons()

    # -- loading -----------------------------------------------------------------------
    def clear(self) -> None:
        self.views = []
        self.tree.clear()
        self.notes.clear()
        self.summary.setText("")

    def refresh(self) -> None:
        self.fetch_resident(goals.goals_for, apply=self._show)

    def _show(self, views: list[GoalView]) -> None:
        current = self._current_goal()
        keep = current.goal.id if current else None
        self.views = views
        self._filling = True
        self.tree.clear()
        bold = QFont()
        bold.setBold(True)
        manage = self.ctx.can(Perm.GOALS_MANAGE)
        select: QTreeWidgetItem | None = None
        for v in views:
            g = v.goal
            item = QTreeWidgetItem([_("{title}  ({area})").format(title=g.title,
                                                                  area=area_word(g.area)),
                                    status_word(g.status),
                                    fmt_day(g.target_date), fmt_day(g.review_date)])
            item.setData(0, GOAL_ROLE, g.id)
            item.setFont(0, bold)
            item.setToolTip(0, steps_done(v.steps_done, len(v.steps)))
            for s in v.steps:
                child = QTreeWidgetItem([s.text, _("Done") if s.done_at else _("To do"), "", ""])
                child.setData(0, GOAL_ROLE, g.id)
                child.setData(0, STEP_ROLE, s.id)
                flags = child.flags() | Qt.ItemFlag.ItemIsUserCheckable
                if not manage or g.status in goals.CLOSED:
                    flags &= ~Qt.ItemFlag.ItemIsUserCheckable & ~Qt.ItemFlag.ItemIsEnabled
                child.setFlags(flags)
                child.setCheckState(0, Qt.CheckState.Checked if s.done_at else Qt.CheckState.Unchecked)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(g.status not in goals.CLOSED)
            if g.id == keep or select is None:
                select = item
        for col in (1, 2, 3):
            self.tree.resizeColumnToContents(col)
        self._filling = False
        if select is not None:
            self.tree.setCurrentItem(select)
        self.body.set_empty("" if views else
                            _("No goals yet. Set one up with the resident: what would they "
                              "like to work on next — recovery, work, health, family, housing, "
                              "money?"))
        self._show_details()

    # -- selection ---------------------------------------------------------------------
    def _current_goal(self) -> GoalView | None:
        item = self.tree.currentItem()
        gid = item.data(0, GOAL_ROLE) if item is not None else None
        return next((v for v in self.views if v.goal.id == gid), None)

    def _show_details(self) -> None:
        v = self._current_goal()
        self.notes.clear()
        if v is None:
            self.details.title_label.setText(_("Progress notes"))
            self.summary.setText(_("Choose a goal to see its progress notes."))
        else:
            tz = self.profile.tz if self.profile else "UTC"
            self.details.title_label.setText(_("Progress notes — {goal}").format(
                goal=v.goal.title))
            self.summary.setText(_("{status} · {steps} · set on {day}").format(
                status=status_word(v.goal.status), steps=steps_done(v.steps_done, len(v.steps)),
                day=fmt_local(v.goal.created_at, tz, with_time=False)))
            for n in reversed(v.notes):
                self.notes.addItem(f"{fmt_local(n.at, tz)} — {n.text}")
            if not v.notes:
                self.notes.addItem(_("No progress notes yet."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        v = self._current_goal()
        open_goal = v is not None and v.goal.status not in goals.CLOSED
        self.step_button.setEnabled(open_goal)
        self.note_button.setEnabled(v is not None)
        self.status_button.setEnabled(v is not None)

    # -- changes -----------------------------------------------------------------------
    def new_goal(self) -> OperationDialog | None:
        if self.resident_id is None:
            return None
        return self.open_form(goal_dialog(self), self._save_goal)

    def _save_goal(self, d: OperationDialog) -> None:
        f = d.fields
        steps = [s for s in str(value_of(f["step"])).splitlines() if s.strip()]
        self.save(WriteOp(goals.create_goal, self.resident_id, value_of(f["area"]),
                          value_of(f["title"]), steps=steps,
                          target_date=value_of(f["target date"]) or None,
                          review_date=value_of(f["review date"]) or None), dialog=d)

    def add_step(self) -> OperationDialog | None:
        return self._add_to_goal(step_dialog, goals.add_step, "step")

    def add_note(self) -> OperationDialog | None:
        return self._add_to_goal(note_dialog, goals.add_note, "note")

    def _add_to_goal(self, form: Callable[[QWidget, str], OperationDialog],
                     service: Callable[..., Any], field: str) -> OperationDialog | None:
        """A form of one `field` (a step, a note) added to the chosen goal by `service`."""
        v = self._current_goal()
        if v is None:
            return None
        return self.open_form(form(self, v.goal.title), lambda dlg: self.save(
            WriteOp(service, v.goal.id, value_of(dlg.fields[field])), dialog=dlg))

    def set_status(self, status: str) -> None:
        v = self._current_goal()
        if v is None or v.goal.status == status:
            return
        self.save(WriteOp(goals.set_status, v.goal.id, status))

    def _step_toggled(self, item: QTreeWidgetItem, column: int) -> None:
        step_id = item.data(0, STEP_ROLE)
        if self._filling or column != 0 or step_id is None:
            return
        done = item.checkState(0) == Qt.CheckState.Checked
        fn = goals.complete_step if done else goals.reopen_step
        self.save(WriteOp(fn, step_id))


