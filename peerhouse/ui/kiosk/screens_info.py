"""Screens to read: the house schedule and chore board, the resources directory, and
crisis help (reachable from the crisis bar on every screen, even before login)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel

from peerhouse.app.records import Store
from peerhouse.i18n import ENGLISH, _, current_language, lazy
from peerhouse.models.directory import Resource
from peerhouse.models.enums import MeetingKind, ResourceKind
from peerhouse.models.labels import meeting_kind_label
from peerhouse.services import kiosk, resources
from peerhouse.services.actor import Actor
from peerhouse.ui.formats import clock
from peerhouse.ui.kiosk.board import ChoreBoard
from peerhouse.ui.kiosk.screens_home import card
from peerhouse.ui.kiosk.widgets import Screen, label, long_day_text

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow

KINDS = {ResourceKind.MEETING: lazy("Meetings"), ResourceKind.CLINIC: lazy("Clinics and health"),
         ResourceKind.JOB: lazy("Work"), ResourceKind.HOUSING: lazy("Housing"),
         ResourceKind.OTHER: lazy("Other help")}


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit())


def help_in_spanish(listed: Sequence[kiosk.CrisisLine] = ()) -> str:
    """On a kiosk that is not in English: the crisis lines that answer in Spanish (988
    and SAMHSA's helpline) that the house's own list (`listed`) does not already show, as
    HTML to go under it; "" in English."""
    if current_language() == ENGLISH:
        return ""
    shown = {_digits(c.phone) for c in listed}
    lines = [entry_html(_("988 Suicide & Crisis Lifeline"),
                        _("Call 988 and press 2 to talk in Spanish. Free, confidential, 24 "
                          "hours a day."), phone="988") if "988" not in shown else "",
             entry_html(_("SAMHSA's National Helpline"),
                        _("Treatment information and referrals, in English and in Spanish. "
                          "Free, confidential, 24 hours a day, every day of the year."),
                        phone="1-800-662-4357 (HELP)") if "18006624357" not in shown else "",
             escape(_("In an emergency, call 911."))]
    return "<br><br>".join(x for x in lines if x)


def rich(text: str = "") -> QLabel:
    lab = QLabel(text)
    lab.setObjectName("KioskText")
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lab


def entry_html(name: str, *rest: str, phone: str = "") -> str:
    """One directory entry: the name in bold, the phone number big, then the details."""
    parts = [f"<b>{escape(name)}</b>"]
    if phone:
        parts.append(f"<span style='font-size:x-large'><b>{escape(phone)}</b></span>")
    parts += [escape(x) for x in rest if x]
    return "<br>".join(parts)


class ScheduleScreen(Screen):
    key = "schedule"
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, _("House schedule"))
        self.next_card, box = card()
        box.addWidget(label(_("Next house meeting"), "KioskMuted"))
        self.next_text = label("", "KioskSubtitle")
        box.addWidget(self.next_text)
        self.body.addWidget(self.next_card)
        self.more = label("", "KioskText")
        self.body.addWidget(self.more)
        self.body.addWidget(label(_("This week's chores"), "KioskSubtitle"))
        self.board = ChoreBoard()
        self.body.addWidget(self.board)
        self.empty = label(_("No chores are on the board this week."), "KioskText")
        self.body.addWidget(self.empty)
        self.body.addStretch(1)

    def shown(self) -> None:
        super().shown()
        if self.host.actor is not None:
            self.host.call(kiosk.house_schedule, self.host.store, self.host.actor,
                           on_success=self.show_schedule)

    def show_schedule(self, plan: kiosk.HouseSchedule) -> None:
        house = ([m for m in plan.meetings if m.kind == MeetingKind.HOUSE]
                 or list(plan.meetings))
        if house:
            self.next_text.setText(next_meeting_text(house[0], plan.today))
        else:
            self.next_text.setText(_("No meeting is scheduled yet. Staff will post the next "
                                     "one."))
        others = [m for m in plan.meetings if not house or m is not house[0]]
        self.more.setText(_("Also coming up:\n{meetings}").format(meetings="\n".join(
            meeting_line(m, plan.today) for m in others[:6])) if others else "")
        self.more.setVisible(bool(others))
        self._fill_board(plan)

    def _fill_board(self, plan: kiosk.HouseSchedule) -> None:
        self.board.setVisible(bool(plan.board))
        self.empty.setVisible(not plan.board)
        self.board.set_plan(plan, self._board_width())

    def _board_width(self) -> int:
        """The width the board may use, as if the scroll bar shows (it mostly does): the
        board's own height then never changes the width it is laid out for."""
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        return self.scroll.width() - bar - 2

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.board.fit(self._board_width())

    def rescaled(self, scale: float) -> None:
        self.board.fit(self._board_width(), force=True)

    def reset(self) -> None:
        super().reset()
        for lab in (self.next_text, self.more):
            lab.setText("")
        self.board.clear()


class ResourcesScreen(Screen):
    key = "resources"
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, _("Resources"))
        self.crisis_card, box = card("CrisisCard")
        box.addWidget(label(_("Crisis help, any time"), "KioskSubtitle"))
        self.crisis_text = rich()
        box.addWidget(self.crisis_text)
        self.body.addWidget(self.crisis_card)
        self.rest = rich()
        self.body.addWidget(self.rest)
        self.body.addStretch(1)

    def shown(self) -> None:
        super().shown()
        if self.host.actor is not None:
            self.host.call(_directory, self.host.store, self.host.actor,
                           on_success=self.show_directory)

    def show_directory(self, found: tuple[list[kiosk.CrisisLine], list[Resource]]) -> None:
        crisis, rest = found
        self.crisis_text.setText("<br><br>".join(
            [_crisis_html(c) for c in crisis] + [x for x in (help_in_spanish(crisis),) if x]))
        groups = []
        for kind, title in KINDS.items():
            rows = [r for r in rest if r.kind == kind]
            if rows:
                groups.append(f"<h2>{escape(str(title))}</h2>" + "<br><br>".join(
                    entry_html(r.name, resources.shown(r.schedule), r.address,
                               resources.shown(r.notes), phone=r.phone)
                    for r in rows))
        self.rest.setText("".join(groups) or escape(_("Staff haven't added other resources "
                                                      "yet.")))

    def reset(self) -> None:
        super().reset()
        self.crisis_text.setText("")
        self.rest.setText("")


def next_meeting_text(meeting: kiosk.MeetingLine, today: date) -> str:
    """The next house meeting (or, with none, the next meeting and its kind): its day,
    time and topic."""
    when = _("{day} at {time}").format(day=long_day_text(meeting.starts.date(), today),
                                       time=clock(meeting.starts))
    if meeting.kind != MeetingKind.HOUSE:
        when = _("{kind}: {when}").format(kind=meeting_kind_label(meeting.kind), when=when)
    return f"{when}\n{meeting.topic}" if meeting.topic else when


def meeting_line(meeting: kiosk.MeetingLine, today: date) -> str:
    """One more meeting coming up: 'Tomorrow, 7:00 PM: House meeting — Chore swap'."""
    text = _("{day}, {time}: {kind}").format(day=long_day_text(meeting.starts.date(), today),
                                             time=clock(meeting.starts),
                                             kind=meeting_kind_label(meeting.kind))
    return _("{meeting} — {topic}").format(meeting=text, topic=meeting.topic) \
        if meeting.topic else text


def _directory(store: Store, actor: Actor) -> tuple[list[kiosk.CrisisLine], list[Resource]]:
    crisis = kiosk.crisis_help(store, actor.house_id)
    rest = [r for r in resources.list_resources(store, actor) if r.kind != ResourceKind.CRISIS]
    return crisis, rest


class CrisisScreen(Screen):
    """From the crisis bar: crisis lines, open to anyone at the kiosk."""

    key = "crisis"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, _("Help right now"))
        self.body.addWidget(label(_("You don't have to go through this alone. If you are in "
                                    "danger right now, call 911."), "KioskSubtitle"))
        frame, box = card("CrisisCard")
        self.lines = rich()
        box.addWidget(self.lines)
        self.body.addWidget(frame)
        self.body.addWidget(label(_("You can also ask staff or a house senior to sit with "
                                    "you."), "KioskText"))
        self.body.addStretch(1)

    def go_back(self) -> None:
        self.host.crisis_return()

    def shown(self) -> None:
        super().shown()
        self.lines.setText(entry_html(_("988 Suicide & Crisis Lifeline"),
                                      _("Call or text, any time."), phone="988"))
        house = self.host.house
        self.host.call(kiosk.crisis_help, self.host.store, house.house_id if house else None,
                       on_success=self.show_lines)

    def show_lines(self, found: list[kiosk.CrisisLine]) -> None:
        self.lines.setText("<br><br>".join(
            [_crisis_html(c) for c in found] + [x for x in (help_in_spanish(found),) if x]))


def _crisis_html(line: kiosk.CrisisLine) -> str:
    """A crisis line's entry; the words PeerHouse seeded for it in the kiosk's language."""
    return entry_html(line.name, resources.shown(line.schedule), resources.shown(line.notes),
                      phone=line.phone)


SCREENS = (ScheduleScreen, ResourcesScreen, CrisisScreen)
