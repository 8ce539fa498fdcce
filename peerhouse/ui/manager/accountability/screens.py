"""The Screens tab (managers only): screen results for a date range, and the random draw.

The draw is made by the program, not by hand: it is saved with its seed and the pool
of residents it drew from, and "Replay" recomputes the picks from those alone, so
anyone can check that a draw was fair and was not changed afterwards.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.ops import WriteOp
from peerhouse.models.accountability import Screen, ScreenDraw
from peerhouse.services import screens
from peerhouse.services.clock import local_time
from peerhouse.services.permissions import Perm
from peerhouse.services.screens import DrawReplay
from peerhouse.ui.formats import plural, short_day
from peerhouse.ui.manager.accountability.common import (
    Tab,
    button_row,
    fmt_when,
    heading,
    house_read,
    pane,
    picked,
    side_by_side,
)
from peerhouse.ui.manager.accountability.dialogs import (
    METHODS,
    REASONS,
    RESULTS,
    ScreenDialog,
    label,
)
from peerhouse.ui.manager.accountability.pickers import RangePicker, span_text
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets import common
from peerhouse.ui.widgets.common import button, muted
from peerhouse.ui.widgets.wrap_row import WrapRow
from peerhouse.ui.workers import run_task

HOW = ("The program picks at random from everyone living in the house. Each draw is saved "
       "with its seed, so anyone can replay it and get the same picks.")


class ScreensTab(Tab[Any]):
    title = "Screens"

    def __init__(self, section: Any) -> None:
        super().__init__(section)
        self.can_record = self.ctx.can(Perm.SCREENS_MANAGE)
        self.draw: ScreenDraw | None = None
        self.draws: list[ScreenDraw] = []
        self.replay: DrawReplay | None = None
        self.screen_rows: list[Screen] = []
        # The draw pane scrolls rather than squeezing its parts over each other in a
        # short window (1024×680).
        draw = QScrollArea()
        draw.setObjectName("DrawScroll")
        draw.setFrameShape(QFrame.Shape.NoFrame)
        draw.setWidgetResizable(True)
        draw.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        draw.setStyleSheet("#DrawScroll, #DrawScroll > QWidget, #DrawPane "
                           "{ background: transparent; }")
        draw.setWidget(self._build_draw())
        split = side_by_side(self._build_list(), draw, (640, 400))
        # A narrower window narrows the list, not the draw (which needs ~400 px to read).
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        self.box.addWidget(split, 1)
        self._update_buttons()

    # -- layout --------------------------------------------------------------------
    def _build_list(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 8, 0)
        top = WrapRow()
        top.left.addWidget(heading("Screens"))
        self.range = self.picker = RangePicker(days_back=30)
        self.range.changed.connect(self._load_screens)
        top.right.addWidget(self.range)
        col.addWidget(top)
        self.model: RowsModel[Screen] = RowsModel([
            Column("When", lambda s: fmt_when(s.at, self.tz(), weekday=False),
                   sort=lambda s: s.at.timestamp()),
            Column("Resident", lambda s: self.name(s.resident_id)),
            Column("Result", lambda s: label(RESULTS, s.result)),
            Column("Reason", lambda s: label(REASONS, s.reason)),
            Column("Method", lambda s: label(METHODS, s.method)),
            Column("Substances", lambda s: s.substances, tooltip=lambda s: s.substances),
        ])
        self.view, self.proxy, self.pane = self.table(self.model, "Screens", newest_first=True,
                                                      stretch=(5,))
        col.addWidget(self.pane, 1)
        self.record_btn = button("&Record a screen…", "add", primary=True,
                                 on_click=self.open_record_dialog)
        self.record_btn.setVisible(self.can_record)
        col.addLayout(button_row(self.record_btn))
        return box

    def _build_draw(self) -> QWidget:
        box, col = pane("Random draw", left=False)
        box.setObjectName("DrawPane")
        col.addWidget(muted(HOW))
        row = QHBoxLayout()
        self.count = QSpinBox()
        self.count.setRange(1, 1)
        self.count.setAccessibleName("How many to pick")
        caption = QLabel("How &many:")
        caption.setBuddy(self.count)
        self.draw_btn = button("&Draw now", "shuffle", primary=True, on_click=self.draw_now)
        for w in (caption, self.count, self.draw_btn):
            row.addWidget(w)
        row.addStretch(1)
        self.draw_btn.setVisible(self.can_record)
        self.count.setVisible(self.can_record)
        caption.setVisible(self.can_record)
        col.addLayout(row)

        self.draw_title = heading("")
        col.addWidget(self.draw_title)
        self.picks = QListWidget()
        self.picks.setAccessibleName("Picked residents")
        self.picks.setFixedHeight(72)
        self.picks.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.picks.itemDoubleClicked.connect(lambda _i: self.record_for_pick())
        col.addWidget(self.picks)
        self.how = QLabel()
        self.how.setWordWrap(True)
        self.how.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.how)
        row2 = WrapRow()
        self.replay_btn = button("Re&play this draw", "refresh", on_click=self.replay_draw,
                                 tip="Recompute the picks from the saved seed and pool")
        self.pick_btn = button("Record result for p&ick…", "edit", on_click=self.record_for_pick)
        self.pick_btn.setVisible(self.can_record)
        row2.left.addWidget(self.replay_btn)
        row2.right.addWidget(self.pick_btn)
        col.addWidget(row2)
        self.replay_label = QLabel()
        self.replay_label.setWordWrap(True)
        self.replay_label.setAccessibleName("Replay result")
        col.addWidget(self.replay_label)

        col.addWidget(heading("Past draws"))
        self.draw_model: RowsModel[ScreenDraw] = RowsModel([
            Column("When", lambda d: fmt_when(d.at, self.tz(), weekday=False),
                   sort=lambda d: d.at.timestamp()),
            Column("From", lambda d: plural(len(d.pool), "resident"), sort=lambda d: len(d.pool)),
            Column("Picked", lambda d: ", ".join(self.name(r) for r in d.picked),
                   tooltip=lambda d: ", ".join(self.name(r) for r in d.picked)),
        ])
        self.draw_view, self.draw_proxy, self.draw_pane = self.table(
            self.draw_model, "Past draws", newest_first=True, stretch=(2,),
            on_select=self._past_picked)
        self.draw_pane.setMinimumHeight(150)  # a few draws; the pane scrolls if need be
        col.addWidget(self.draw_pane, 1)
        return box

    # -- loading -------------------------------------------------------------------
    def reload(self) -> None:
        assert self.house is not None
        active = len(self.house.active)
        self.count.setRange(1, max(1, active))
        self.draw_btn.setEnabled(active > 0)
        self.load(house_read(self.ctx, screens.list_draws), self._show_draws)
        self._load_screens()

    def _load_screens(self) -> None:
        self.load_picked(lambda bounds: house_read(self.ctx, screens.screens_for_house, *bounds),
                         self._show_screens)

    def _show_screens(self, bounds: tuple[date, date], rows: list[Screen]) -> None:
        self.model.set_rows(rows)
        self.screen_rows = rows
        if self.draw is not None:
            self.show_draw(self.draw)
        self.pane.show_rows(len(rows), f"No screens recorded {span_text(bounds)}.")

    def _show_draws(self, draws: list[ScreenDraw]) -> None:
        self.draws = draws
        self.draw_model.set_rows(draws)
        self.draw_pane.show_rows(len(draws), "No random draws yet.")
        if self.draw is None and draws:
            self.show_draw(draws[0])
        elif self.draw is not None:
            self.show_draw(self.draw)
        else:
            self.show_draw(None)

    def show_draw(self, draw: ScreenDraw | None) -> None:
        """Show a draw's picks and exactly how it was made."""
        changed = draw is None or self.draw is None or draw.id != self.draw.id
        self.draw = draw
        if changed:
            self.replay = None
            self.replay_label.setText("")
        self.picks.clear()
        if draw is None or self.house is None:
            self.draw_title.setText("No draw yet")
            self.how.setText("Choose how many residents to pick, then Draw now.")
            self._update_buttons()
            return
        self.draw_title.setText(f"Picked {fmt_when(draw.at, self.house.tz, self.house.today)}")
        rows = min(max(len(draw.picked), 2), 6)
        self.picks.setFixedHeight(rows * (self.picks.fontMetrics().height() + 4) + 10)
        recorded = {s.resident_id for s in self.screen_rows if s.draw_id == draw.id}
        for rid in draw.picked:
            done = "   ✓ result recorded" if rid in recorded else ""
            item = QListWidgetItem(self.name(rid) + done)
            item.setData(Qt.ItemDataRole.UserRole, rid)
            self.picks.addItem(item)
        at = local_time(draw.at, self.house.tz)
        self.how.setText(
            f"How it was drawn: {draw.count} of the {plural(len(draw.pool), 'resident')} living "
            f"in the house on {short_day(at.date())} {'was' if draw.count == 1 else 'were'} "
            "picked by the program, using seed "
            f"<code>{draw.seed}</code>.")
        self._update_buttons()

    def _past_picked(self) -> None:
        row = picked(self.draw_view, self.draw_proxy, ScreenDraw)
        if row is not None:
            self.show_draw(row)

    # -- actions -------------------------------------------------------------------
    def _update_buttons(self) -> None:
        has = self.draw is not None
        self.replay_btn.setEnabled(has)
        self.pick_btn.setEnabled(has and self.picks.currentRow() >= 0)

    def draw_now(self) -> None:
        if self.house is None or not self.can_record:
            return
        n, pool = self.count.value(), len(self.house.active)
        if not common.confirm(self, "Random draw",
                              f"Pick {n} of the {plural(pool, 'resident')} living in the house at random "
                              "now? The draw is saved and cannot be undone.", yes="Draw now"):
            return
        ctx = self.ctx

        def done(draw: ScreenDraw) -> None:
            self.draw = None
            self.show_draw(draw)

        self.write(WriteOp(screens.draw_random, ctx.house_id, n), done)

    def replay_draw(self) -> None:
        draw = self.draw
        if draw is None:
            return
        self.replay_label.setText("Replaying…")

        def done(replay: DrawReplay) -> None:
            if self.draw is None or self.draw.id != draw.id:
                return
            self.replay = replay
            names = ", ".join(self.name(r) for r in replay.picked)
            if replay.matches:
                self.replay_label.setText(f"✓ Replayed from the seed and pool: the same "
                                          f"{len(replay.picked)} picked ({names}).")
            else:
                self.replay_label.setText("✗ The replay picked different residents "
                                          f"({names}). This draw's record may have been changed.")

        run_task(screens.replay_draw, draw, on_success=done)

    def record_for_pick(self) -> ScreenDialog | None:
        item, draw = self.picks.currentItem(), self.draw
        if item is None or draw is None or not self.can_record:
            return None
        rid = int(item.data(Qt.ItemDataRole.UserRole))
        return self.open_form(lambda house: ScreenDialog(self.ctx, house, self, resident_id=rid,
                                                         draw_id=draw.id))

    def open_record_dialog(self) -> ScreenDialog | None:
        if not self.can_record:
            return None
        return self.open_form(lambda house: ScreenDialog(self.ctx, house, self))
