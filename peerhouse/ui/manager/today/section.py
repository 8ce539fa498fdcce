"""Today: what needs attention in the house right now, at a glance.

One read-model call (app/today.py) fills a grid of cards; every name opens the
resident, every card links to the section that holds the detail. It refreshes on F5,
every minute while shown (the timer stops when hidden), and when the bus says
something it shows has changed (another process saving included). Cards the role may not
see are never built. Requests for attention that came in while the window was open (a
desktop notice told of them: ui/manager/live.py) are marked "New" until dealt with.

Reading high cravings is a confidential, audited read, so only a person's own request
(first show, F5/Refresh, a house switch), a "checkins" change, or a check-in saved since
the last read (the overview's check-in ids and times differ: the kiosk in another
process) reads them again; otherwise the minute timer keeps the cravings last read, so
the audit trail records what someone looked at rather than ~500 timer ticks a day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app import today
from peerhouse.app.changes import Changes, RecordKind
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.errors import PeerHouseError
from peerhouse.i18n import _, lazy, ngettext
from peerhouse.models.labels import meeting_kind_label
from peerhouse.services import checkins
from peerhouse.services.clock import now, zone
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.formats import long_day
from peerhouse.ui.manager.section import Section, page_layout
from peerhouse.ui.manager.today.cards import (
    STYLE,
    Item,
    ListCard,
    Note,
    TodayCard,
    board_part,
    chores_note,
    clock_text,
    curfew_detail,
    days_away,
    link,
    new_tag,
    out_detail,
    short_day_text,
)
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.widgets.access import acts_as
from peerhouse.ui.widgets.banner import Banner
from peerhouse.ui.widgets.common import button, muted

AUTO_REFRESH_MS = 60_000
MIN_COLUMN_WIDTH = 320


class TodaySection(Section):
    key = "today"
    title = lazy("Today")
    permission = Perm.CHECKINS_OVERVIEW
    watches = (RecordKind.RESIDENTS, RecordKind.CHECKINS, RecordKind.SIGNOUTS, RecordKind.CHORES,
               RecordKind.SCREENS, RecordKind.MEETINGS, RecordKind.HOUSES, RecordKind.SETTINGS,
               RecordKind.OUTSIDE_MEETINGS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setStyleSheet(STYLE)
        self.board: today.TodayBoard | None = None
        self._again = False
        self._columns = 0
        # Cravings are read again only when due (see the module docstring); in between the
        # last ones read are kept with the house and day they belong to.
        self._cravings_due = True
        self._cravings: tuple[int, date, frozenset[Any], tuple[Any, ...] | None] | None = None

        layout = page_layout(self, _("Today"))
        head = QHBoxLayout()
        self.status = muted(_("Loading…"))
        head.addWidget(self.status, 1)
        self.refresh_button = button(_("Refresh"), "refresh", tip=_("Load the latest (F5)"))
        acts_as(self.refresh_button, self.refresh_shortcut)  # F5 is the section's (Section)
        head.addWidget(self.refresh_button)
        layout.addLayout(head)
        # With nobody living in the house the cards have nothing to reassure about.
        self.empty_house = Banner((4, 0, 4, 0))  # the frame's own padding adds 8 px
        self.empty_text = self.empty_house.text
        if ctx.can(Perm.RESIDENTS_MANAGE):
            self.empty_house.row.addWidget(button(_("Open residents"), "residents",
                                    on_click=lambda: self._open(Item("", section="residents"))))
        self.empty_house.hide()
        layout.addWidget(self.empty_house)

        self.grid = QWidget()
        self.grid.setObjectName("TodayGrid")
        self._row = QHBoxLayout(self.grid)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(14)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("TodayScroll")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.grid)
        layout.addWidget(self.scroll, 1)

        self.cards: dict[str, TodayCard] = {}
        self._build_cards()
        self._reflow()

        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    # -- cards -----------------------------------------------------------------
    def _build_cards(self) -> None:
        can = self.ctx.can

        def lst(key: str, title: str, empty: str, section: str, more: str, **kw: Any) -> None:
            self.cards[key] = ListCard(key, title, empty, open_item=self._open, more_section=section,
                                       more_text=more, **kw)

        self.cards["census"] = TodayCard("census", _("Beds"))
        lst("checkins", _("Not checked in yet today"), _("Everyone has checked in today."),
            "accountability", _("Open check-ins"))
        lst("talk", _("Asked to talk"), _("No one is waiting to talk to someone right now."),
            "accountability", _("Open check-ins"), on_action=self._followed_up, stacked=True)
        if can(Perm.CHECKINS_READ):
            lst("cravings", _("High cravings today"), _("No one reported a high craving today."),
                "accountability", _("Open check-ins"))
        lst("curfew", _("Missed curfew last night"), _("Everyone was home by curfew last night."),
            "accountability", _("Open sign-outs"), stacked=True)
        lst("out", _("Out right now"), _("Nobody is signed out right now."),
            "accountability", _("Open sign-outs"), stacked=True)
        lst("chores", _("Overdue chores"), _("No chores are overdue. Nice work, everyone."),
            "chores", _("Open chores"), stacked=True)
        if can(Perm.SCREENS_READ):
            lst("screens", _("Screens due this month"), _("Everyone is up to date with screens "
                "this month."), "accountability", _("Open screens"))
        lst("milestones", _("Milestones this week"), _("No milestones this week."),
            "residents", _("Open residents"))
        self.cards["meeting"] = TodayCard("meeting", _("Next meeting"))

    def _reflow(self) -> None:
        """Lay the cards out in 1–3 columns (masonry), depending on the width available."""
        width = self.scroll.viewport().width() or self.width()
        columns = max(1, min(3, width // MIN_COLUMN_WIDTH))
        if columns == self._columns:
            return
        self._columns = columns
        while self._row.count():
            old = self._row.takeAt(0)
            if old is not None and old.layout() is not None:
                lay = old.layout()
                while lay.count():
                    lay.takeAt(0)
                lay.deleteLater()
        stacks = [QVBoxLayout() for _ in range(columns)]
        for i, card in enumerate(self.cards.values()):
            stacks[i % columns].addWidget(card)
        for stack in stacks:
            stack.setSpacing(14)
            stack.addStretch(1)
            self._row.addLayout(stack, 1)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._reflow()

    # -- loading -----------------------------------------------------------------
    def refresh_all(self) -> None:
        """F5 / Refresh: the person asked, so read the confidential cravings again too."""
        self._cravings_due = True
        self.refresh()

    def refresh_requested(self) -> None:
        self.refresh_all()

    def _on_changed(self, changes: Changes, initiator: object = None) -> None:
        if RecordKind.CHECKINS in changes.kinds:  # check-ins written: cravings may differ
            self._cravings_due = True
        super()._on_changed(changes, initiator)

    def _house_changed(self) -> None:
        self._cravings_due = True  # another house: its cravings are not read yet
        super()._house_changed()

    def refresh(self) -> None:
        if self.busy:
            self._again = True  # one more load once this one is back
            return
        self._again = False
        self._loading += 1
        asked = self._cravings_due and self.ctx.can(Perm.CHECKINS_READ)
        self._cravings_due = False
        # Reading cravings is audited: its event commits with the read (a write unit).
        run_op(self, ReadOp(today.board, self.ctx.house_id, None, asked, audited=asked)).success(
            partial(self._loaded, asked=asked)).failure(partial(self._failed, asked=asked)).run()

    def _loaded(self, board: today.TodayBoard, asked: bool = False) -> None:
        self._loading -= 1
        if board.house_id != self.ctx.house_id:
            self._cravings_due = self._cravings_due or asked
        elif asked:
            self._cravings = (board.house_id, board.day, board.checkins_mark,
                              board.high_cravings)
            self._apply(board)
        elif not self.ctx.can(Perm.CHECKINS_READ):
            self._apply(board)
        elif self._cravings is not None and self._cravings[:3] == (
                board.house_id, board.day, board.checkins_mark):
            self._apply(replace(board, high_cravings=self._cravings[3]))
        else:  # a new day, none read yet, or a check-in saved since (at the kiosk, in
            # another process): read today's cravings again (audited) before showing
            self._cravings_due = self._again = True
        if self._again:
            self.refresh()

    def _failed(self, exc: BaseException, asked: bool = False) -> None:
        self._loading -= 1
        self._cravings_due = self._cravings_due or asked
        if isinstance(exc, PeerHouseError):
            # Said quietly in the header: the next refresh will try again by itself.
            self.status.setText(_("Could not refresh just now: {error} It will try again in a "
                                  "minute.").format(error=exc))
        else:
            report_error(exc, self)
        if self._again:
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._reflow()
        self.timer.start()

    def hideEvent(self, event: Any) -> None:
        self.timer.stop()
        self._stale = True  # shown again later: load the latest first
        super().hideEvent(event)

    # -- filling the cards -------------------------------------------------------
    def _apply(self, b: today.TodayBoard) -> None:
        self.board = b
        tz = zone(b.timezone)
        self.status.setText(_("{day} · {house} · updated {time}").format(
            day=long_day(b.day), house=b.house_name, time=clock_text(now(), tz)))
        self._fill_census(b)
        self._fill_meeting(b, tz)
        cards = self.cards
        # Nobody living here: each card says so, never "everyone is up to date".
        nobody = _("Nobody is living in the house yet.") if b.living == 0 else None
        self.empty_house.setVisible(b.living == 0)
        self.empty_text.setText(_(
            "<b>Nobody is living in {house} yet.</b> Once residents are admitted "
            "(Residents, Admit), this page shows their check-ins, curfews, chores and "
            "screens.").format(house=escape(b.house_name)))
        if b.not_checked_in is not None:
            self._list("checkins", [Item(s.name, "", s.resident_id) for s in b.not_checked_in],
                       nobody)
        new = self.ctx.attention
        if b.talk_requests is not None:
            asked = _("asked {day} at {time}")
            self._list("talk", [Item(t.name, new_tag(t.checkin_id in new, asked.format(
                                         day=short_day_text(t.day, b.day), time=clock_text(t.at, tz))),
                                     t.resident_id,
                                     action=(_("Followed up"), t.checkin_id),
                                     warn=t.checkin_id in new)
                                for t in b.talk_requests], nobody)
        if b.high_cravings is not None and "cravings" in cards:
            self._list("cravings", [Item(c.name, new_tag(c.checkin_id in new, _(
                                             "craving {level} of 10").format(level=c.craving)),
                                         c.resident_id,
                                         warn=c.craving >= 9 or c.checkin_id in new)
                                    for c in b.high_cravings], nobody)
        for key, part in (("talk", b.talk_requests), ("cravings", b.high_cravings)):
            if key in cards and part is not None:
                cards[key].set_attention(any(x.checkin_id in new for x in part))
        if b.curfew_misses is not None:
            self._list("curfew", [Item(m.name, curfew_detail(m, tz), m.resident_id,
                                       warn=m.back_at is None)
                                  for m in b.curfew_misses], nobody)
        if b.out_now is not None:
            self._list("out", [Item(o.name, out_detail(o, tz), o.resident_id, warn=o.overdue)
                               for o in b.out_now], nobody)
        if b.overdue_chores is not None:
            self._list("chores", [Item(c.name, _("{chore} · was due {day}").format(
                                           chore=c.chore, day=short_day_text(c.due_date, b.day)),
                                       c.resident_id) for c in b.overdue_chores], nobody,
                       None if nobody else chores_note(b.chores_week,
                                                       self.ctx.can(Perm.CHORES_CONFIGURE)))
        if b.screens_due is not None and "screens" in cards:
            self._list("screens", [Item(d.name, _("{done} of {required} done, {left} to go").format(
                                                done=d.done, required=d.required,
                                                left=d.remaining), d.resident_id)
                                   for d in b.screens_due], nobody)
        if b.milestones is not None:
            self._list("milestones", [Item(m.name, _("{milestone} · {day}").format(
                                               milestone=m.label, day=short_day_text(m.on, b.day)),
                                           m.resident_id) for m in b.milestones], nobody)
        for key, card in cards.items():
            card.setVisible(board_part(b, key) is not None)
        self._tab_order()

    def _list(self, key: str, items: list[Item], empty: str | None = None,
              note: Note | None = None) -> None:
        card = self.cards[key]
        assert isinstance(card, ListCard)
        card.set_items(items, empty, note)

    def _fill_census(self, b: today.TodayBoard) -> None:
        c = b.census
        if c is None:
            return

        def build(lay: QVBoxLayout) -> None:
            big = link(f"{c.filled} / {c.capacity}", lambda: self._open(Item("", section="residents")),
                       tip=_("Open residents"))
            big.setObjectName("BigNumber")
            big.setAccessibleName(ngettext("{filled} of {n} bed filled", "{filled} of {n} beds filled",
                                           c.capacity).format(filled=c.filled, n=c.capacity))
            lay.addWidget(big)
            lay.addWidget(muted(_("beds filled · {free} free").format(free=c.free) if c.free
                                else _("beds filled · house is full")))
            if c.applicants:
                lay.addWidget(link(ngettext("{n} applicant waiting", "{n} applicants waiting",
                                            c.applicants).format(n=c.applicants),
                                   lambda: self._open(Item("", section="residents"))))
            else:
                lay.addWidget(muted(_("No applicants waiting.")))

        self.cards["census"].set_content(c, build)

    def _fill_meeting(self, b: today.TodayBoard, tz: Any) -> None:
        part = b.next_meeting
        if part is None:
            return
        m = part.meeting

        def build(lay: QVBoxLayout) -> None:
            def to_meetings() -> None:
                self._open(Item("", section="meetings"))

            if m is None:
                lay.addWidget(muted(_("No meeting is scheduled yet.")))
                lay.addWidget(link(_("Schedule one in Meetings"), to_meetings))
                return
            local = m.starts_at.astimezone(tz)
            day = short_day_text(local.date(), b.day)
            when = _("{day}, {time}").format(day=day[:1].upper() + day[1:],
                                             time=clock_text(m.starts_at, tz))
            lay.addWidget(link(when, to_meetings, tip=_("Open meetings")))
            kind = meeting_kind_label(m.kind)
            lay.addWidget(muted(f"{kind} · {m.topic}" if m.topic else kind))
            days = (local.date() - b.day).days
            if days > 1:
                lay.addWidget(muted(days_away(days)))

        self.cards["meeting"].set_content((m, b.day), build)

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.refresh_button]
        for card in self.cards.values():
            if card.isVisibleTo(self):
                chain.extend(card.buttons())
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- actions -----------------------------------------------------------------
    def _open(self, item: Item) -> None:
        if item.resident_id is not None:
            self.ctx.bus.open_resident.emit(item.resident_id)
        elif item.section:
            self.ctx.bus.open_section.emit(item.section)

    def _followed_up(self, checkin_id: int, btn: QPushButton) -> None:
        """Someone has talked with the resident: close the request (audited by the service)."""
        btn.setEnabled(False)

        def failed(exc: BaseException) -> None:
            report_error(exc, self)
            self.refresh()

        run_op(self, WriteOp(checkins.mark_talk_followed_up, checkin_id)).failure(failed).run()

