"""Screens to read: the house schedule and chore board, the resources directory, and
crisis help (reachable from the crisis bar on every screen, even before login)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel

from peerhouse.app.records import Store
from peerhouse.models.directory import Resource
from peerhouse.models.enums import ResourceKind
from peerhouse.services import kiosk, resources
from peerhouse.services.actor import Actor
from peerhouse.ui.formats import clock
from peerhouse.ui.kiosk.board import ChoreBoard
from peerhouse.ui.kiosk.screens_home import card
from peerhouse.ui.kiosk.widgets import Screen, label, long_day_text

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow

KINDS = {ResourceKind.MEETING: "Meetings", ResourceKind.CLINIC: "Clinics and health",
         ResourceKind.JOB: "Work", ResourceKind.HOUSING: "Housing", ResourceKind.OTHER: "Other help"}


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
        super().__init__(host, "House schedule")
        self.next_card, box = card()
        box.addWidget(label("Next house meeting", "KioskMuted"))
        self.next_text = label("", "KioskSubtitle")
        box.addWidget(self.next_text)
        self.body.addWidget(self.next_card)
        self.more = label("", "KioskText")
        self.body.addWidget(self.more)
        self.body.addWidget(label("This week's chores", "KioskSubtitle"))
        self.board = ChoreBoard()
        self.body.addWidget(self.board)
        self.empty = label("No chores are on the board this week.", "KioskText")
        self.body.addWidget(self.empty)
        self.body.addStretch(1)

    def shown(self) -> None:
        super().shown()
        if self.host.actor is not None:
            self.host.call(kiosk.house_schedule, self.host.store, self.host.actor,
                           on_success=self.show_schedule)

    def show_schedule(self, plan: kiosk.HouseSchedule) -> None:
        house = [m for m in plan.meetings if m.kind == "House meeting"] or list(plan.meetings)
        if house:
            first = house[0]
            topic = f"\n{first.topic}" if first.topic else ""
            kind = "" if first.kind == "House meeting" else f"{first.kind}: "
            self.next_text.setText(f"{kind}{long_day_text(first.starts.date(), plan.today)} "
                                   f"at {clock(first.starts)}{topic}")
        else:
            self.next_text.setText("No meeting is scheduled yet. Staff will post the next one.")
        others = [m for m in plan.meetings if not house or m is not house[0]]
        self.more.setText("Also coming up:\n" + "\n".join(
            f"{long_day_text(m.starts.date(), plan.today)}, {clock(m.starts)}: {m.kind}"
            + (f" — {m.topic}" if m.topic else "") for m in others[:6]) if others else "")
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
        super().__init__(host, "Resources")
        self.crisis_card, box = card("CrisisCard")
        box.addWidget(label("Crisis help, any time", "KioskSubtitle"))
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
        self.crisis_text.setText("<br><br>".join(_crisis_html(c) for c in crisis))
        groups = []
        for kind, title in KINDS.items():
            rows = [r for r in rest if r.kind == kind]
            if rows:
                groups.append(f"<h2>{escape(title)}</h2>" + "<br><br>".join(
                    entry_html(r.name, resources.shown(r.schedule), r.address,
                               resources.shown(r.notes), phone=r.phone)
                    for r in rows))
        self.rest.setText("".join(groups) or "Staff haven't added other resources yet.")

    def reset(self) -> None:
        super().reset()
        self.crisis_text.setText("")
        self.rest.setText("")


def _directory(store: Store, actor: Actor) -> tuple[list[kiosk.CrisisLine], list[Resource]]:
    crisis = kiosk.crisis_help(store, actor.house_id)
    rest = [r for r in resources.list_resources(store, actor) if r.kind != ResourceKind.CRISIS]
    return crisis, rest


class CrisisScreen(Screen):
    """From the crisis bar: crisis lines, open to anyone at the kiosk."""

    key = "crisis"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "Help right now")
        self.body.addWidget(label("You don't have to go through this alone. If you are in "
                                  "danger right now, call 911.", "KioskSubtitle"))
        frame, box = card("CrisisCard")
        self.lines = rich()
        box.addWidget(self.lines)
        self.body.addWidget(frame)
        self.body.addWidget(label("You can also ask staff or a house senior to sit with you.",
                                  "KioskText"))
        self.body.addStretch(1)

    def go_back(self) -> None:
        self.host.crisis_return()

    def shown(self) -> None:
        super().shown()
        self.lines.setText(entry_html("988 Suicide & Crisis Lifeline", "Call or text, any time.",
                                      phone="988"))
        house = self.host.house
        self.host.call(kiosk.crisis_help, self.host.store, house.house_id if house else None,
                       on_success=self.show_lines, session=False)

    def show_lines(self, found: list[kiosk.CrisisLine]) -> None:
        self.lines.setText("<br><br>".join(_crisis_html(c) for c in found))


def _crisis_html(line: kiosk.CrisisLine) -> str:
    """A crisis line's entry; the words PeerHouse seeded for it in the kiosk's language."""
    return entry_html(line.name, resources.shown(line.schedule), resources.shown(line.notes),
                      phone=line.phone)


SCREENS = (ScheduleScreen, ResourcesScreen, CrisisScreen)
