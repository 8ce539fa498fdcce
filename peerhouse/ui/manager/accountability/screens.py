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
from peerhouse.i18n import _, lazy, ngettext, pgettext
from peerhouse.models.accountability import Screen, ScreenDraw
from peerhouse.services import screens
from peerhouse.services.clock import local_time
from peerhouse.services.permissions import Perm
from peerhouse.services.screens import DrawReplay
from peerhouse.ui.formats import short_day
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
from peerhouse.ui.manager.accountability.pickers import RangePicker, span_days
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets import common
from peerhouse.ui.widgets.common import button, muted
from peerhouse.ui.widgets.wrap_row import WrapRow
from peerhouse.ui.workers import run_task

HOW = lazy("The program picks at random from everyone living in the house. Each draw is saved "
           "with its seed, so anyone can replay it and get the same picks.")


class ScreensTab(Tab[Any]):
    title = lazy("Screens")

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
        top.left.addWidget(heading(_("Screens")))
        self.range = self.picker = RangePicker(days_back=30)
        self.range.changed.connect(self._load_screens)
        top.right.addWidget(self.range)
        col.addWidget(top)
        self.model: RowsModel[Screen] = RowsModel([
            Column(_("When"), lambda s: fmt_when(s.at, self.tz(), weekday=False),
                   sort=lambda s: s.at.timestamp()),
            Column(_("Resident"), lambda s: self.name(s.resident_id)),
            Column(_("Result"), lambda s: label(RESULTS, s.result)),
            Column(_("Reason"), lambda s: label(REASONS, s.reason)),
            Column(_("Method"), lambda s: label(METHODS, s.method)),
            Column(_("Substances"), lambda s: s.substances, tooltip=lambda s: s.substances),
        ])
        # The names share the width with the substances (eliding), so longer words (Spanish
        # runs ~25 % longer) never push the table into a sideways scroll bar.
        self.view, self.proxy, self.pane = self.table(self.model, _("Screens"),
                                                      newest_first=True, stretch=(1, 5))
        col.addWidget(self.pane, 1)
        self.record_btn = button(_("&Record a screen…"), "add", primary=True,
                                 on_click=self.open_record_dialog)
        self.record_btn.setVisible(self.can_record)
        col.addLayout(button_row(self.record_btn))
        return box

    def _build_draw(self) -> QWidget:
        box, col = pane(_("Random draw"), left=False)
        box.setObjectName("DrawPane")
        col.addWidget(muted(str(HOW)))
        row = QHBoxLayout()
        self.count = QSpinBox()
        self.count.setRange(1, 1)
        self.count.setAccessibleName(_("How many to pick"))
        caption = QLabel(_("How &many:"))
        caption.setBuddy(self.count)
        self.draw_btn = button(_("&Draw now"), "shuffle", primary=True, on_click=self.draw_now)
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
        self.picks.setAccessibleName(_("Picked residents"))
        self.picks.setFixedHeight(72)
        self.picks.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.picks.itemDoubleClicked.connect(lambda _i: self.record_for_pick())
        col.addWidget(self.picks)
        self.how = QLabel()
        self.how.setWordWrap(True)
        self.how.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.how)
        row2 = WrapRow()
        self.replay_btn = button(_("Re&play this draw"), "refresh", on_click=self.replay_draw,
                                 tip=_("Recompute the picks from the saved seed and pool"))
        self.pick_btn = button(_("Record result for p&ick…"), "edit",
                               on_click=self.record_for_pick)
        self.pick_btn.setVisible(self.can_record)
        row2.left.addWidget(self.replay_btn)
        row2.right.addWidget(self.pick_btn)
        col.addWidget(row2)
        self.replay_label = QLabel()
        self.replay_label.setWordWrap(True)
        self.replay_label.setAccessibleName(_("Replay result"))
        col.addWidget(self.replay_label)

        col.addWidget(heading(_("Past draws")))
        self.draw_model: RowsModel[ScreenDraw] = RowsModel([
            Column(_("When"), lambda d: fmt_when(d.at, self.tz(), weekday=False),
                   sort=lambda d: d.at.timestamp()),
            # Translators: the column of how many residents a draw picked from ("12 residents").
            Column(pgettext("draw", "From"), lambda d: ngettext("{n} resident", "{n} residents", len(d.pool)
                                                 ).format(n=len(d.pool)),
                   sort=lambda d: len(d.pool)),
            Column(_("Picked"), lambda d: ", ".join(self.name(r) for r in d.picked),
                   tooltip=lambda d: ", ".join(self.name(r) for r in d.picked)),
        ])
        self.draw_view, self.draw_proxy, self.draw_pane = self.table(
            self.draw_model, _("Past draws"), newest_first=True, stretch=(2,),
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
        self.pane.show_rows(len(rows), _("No screens recorded from {first} to {last}.").format(
            **span_days(bounds)))

    def _show_draws(self, draws: list[ScreenDraw]) -> None:
        self.draws = draws
        self.draw_model.set_rows(draws)
        self.draw_pane.show_rows(len(draws), _("No random draws yet."))
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
            self.draw_title.setText(_("No draw yet"))
            self.how.setText(_("Choose how many residents to pick, then Draw now."))
            self._update_buttons()
            return
        self.draw_title.setText(_("Picked {when}").format(
            when=fmt_when(draw.at, self.house.tz, self.house.today)))
        rows = min(max(len(draw.picked), 2), 6)
        self.picks.setFixedHeight(rows * (self.picks.fontMetrics().height() + 4) + 10)
        recorded = {s.resident_id for s in self.screen_rows if s.draw_id == draw.id}
        for rid in draw.picked:
            name = self.name(rid)
            item = QListWidgetItem(_("{name}   ✓ result recorded").format(name=name)
                                   if rid in recorded else name)
            item.setData(Qt.ItemDataRole.UserRole, rid)
            self.picks.addItem(item)
        at = local_time(draw.at, self.house.tz)
        pool = len(draw.pool)
        # Translators: {seed} is a number shown in a code font; {day} a date.
        how = ngettext("How it was drawn: {count} of the {n} resident living in the house on "
                       "{day} was picked by the program, using seed {seed}.",
                       "How it was drawn: {count} of the {n} residents living in the house on "
                       "{day} were picked by the program, using seed {seed}.", pool)
        if pool != 1 and draw.count == 1:
            how = _("How it was drawn: 1 of the {n} residents living in the house on {day} was "
                    "picked by the program, using seed {seed}.")
        self.how.setText(how.format(count=draw.count, n=pool, day=short_day(at.date()),
                                    seed=f"<code>{draw.seed}</code>"))
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
        question = ngettext("Pick {count} of the {n} resident living in the house at random "
                            "now? The draw is saved and cannot be undone.",
                            "Pick {count} of the {n} residents living in the house at random "
                            "now? The draw is saved and cannot be undone.", pool
                            ).format(count=n, n=pool)
        if not common.confirm(self, _("Random draw"), question, yes=_("Draw now")):
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
        self.replay_label.setText(_("Replaying…"))

        def done(replay: DrawReplay) -> None:
            if self.draw is None or self.draw.id != draw.id:
                return
            self.replay = replay
            names = ", ".join(self.name(r) for r in replay.picked)
            if replay.matches:
                self.replay_label.setText(_("✓ Replayed from the seed and pool: the same "
                                            "{n} picked ({names}).").format(
                    n=len(replay.picked), names=names))
            else:
                self.replay_label.setText(_("✗ The replay picked different residents "
                                            "({names}). This draw's record may have been "
                                            "changed.").format(names=names))

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
