"""The cards of the Today section: a titled list of people or records, each clickable.

A card rebuilds its content only when what it shows has changed, so the automatic
refresh every minute neither flickers nor takes keyboard focus away from someone.
Lists are short by nature (a house has a handful of beds) and capped, with a link to
the section that holds the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from peerhouse.app.today import ChoresWeek, TodayBoard
from peerhouse.i18n import _, ngettext
from peerhouse.ui.formats import clock, relative_day, short_day
from peerhouse.ui.widgets.common import Card, button, muted

LIMIT = 8

# Local to this section: names that look and act like links (they are buttons, so
# they take keyboard focus and are read out as buttons by screen readers).
STYLE = """
QPushButton[link="true"] {
    background: transparent; border: none; padding: 2px 0; min-height: 0;
    color: #2f5d62; font-weight: 600; text-align: left;
}
QPushButton[link="true"]:hover { text-decoration: underline; background: transparent; }
QPushButton[link="true"]:focus { border: none; text-decoration: underline; color: #12302f; }
QPushButton[small="true"] { padding: 2px 10px; min-height: 0; }
QLabel[warn="true"] { color: #8a4b14; background: transparent; }
#Card[attention="true"] { border: 2px solid #c77a2e; background: #fff8ef; }
#TodayScroll, #TodayGrid, #TodayCardContent, #TodayRow { background: transparent; border: none; }
"""


@dataclass(frozen=True)
class Note:
    """A sentence above a card's list that qualifies it ("This week's chores have not been
    shared out yet"), with a link to the card's section when the user can act there."""

    text: str
    link: str = ""


@dataclass(frozen=True)
class Item:
    """One line of a card: a name that opens a resident or a section, and a detail."""

    text: str
    detail: str = ""
    resident_id: int | None = None
    section: str = ""
    action: tuple[str, int] | None = None  # (button text, record id), e.g. "Followed up"
    warn: bool = False


def link(text: str, on_click: Callable[[], object], *, tip: str = "") -> QPushButton:
    btn = button(text, on_click=on_click, tip=tip)
    btn.setProperty("link", True)
    btn.setCursor(Qt.CursorShape.PointingHandCursor)
    return btn


class TodayCard(Card):
    """A card whose content is replaced as a whole when its data changes."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.key = key
        self.base_title = title
        self.setAccessibleName(title)
        self._shown: Hashable = object()
        self._content: QWidget | None = None
        self.body.addStretch(1)

    def set_attention(self, on: bool) -> None:
        """A coloured frame: something here came in while the window was open."""
        if bool(self.property("attention")) != on:
            self.setProperty("attention", on)
            self.style().unpolish(self)
            self.style().polish(self)

    def set_content(self, data: Hashable, build: Callable[[QVBoxLayout], None],
                    count: int | None = None) -> bool:
        """Show `build`'s widgets unless `data` equals what is shown; True if rebuilt."""
        if data == self._shown:
            return False
        self._shown = data
        self.title_label.setText(self.base_title if not count else _("{title} ({count})").format(
            title=self.base_title, count=count))
        content = QWidget()
        content.setObjectName("TodayCardContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(4)
        build(layout)
        if self._content is not None:
            self.body.removeWidget(self._content)
            self._content.hide()
            self._content.deleteLater()
        self.body.insertWidget(1, content)
        self._content = content
        return True

    def buttons(self) -> list[QPushButton]:
        return [] if self._content is None else self._content.findChildren(QPushButton)


class ListCard(TodayCard):
    """A card listing items; an empty list shows a kind sentence instead."""

    def __init__(self, key: str, title: str, empty: str, *, open_item: Callable[[Item], None],
                 more_section: str, more_text: str,
                 on_action: Callable[[int, QPushButton], None] | None = None,
                 stacked: bool = False) -> None:
        super().__init__(key, title)
        self.empty = empty
        self.stacked = stacked  # long details go on their own line under the name
        self.open_item = open_item
        self.more_section, self.more_text = more_section, more_text
        self.on_action = on_action

    def set_items(self, items: Sequence[Item], empty: str | None = None,
                  note: Note | None = None) -> None:
        items = tuple(items)
        self.set_content((items, empty, note), lambda lay: self._build(lay, items, empty, note),
                         count=len(items))

    def _build(self, layout: QVBoxLayout, items: tuple[Item, ...], empty: str | None,
               note: Note | None = None) -> None:
        if note is not None:  # instead of the empty sentence, which would reassure wrongly
            said = muted(note.text)
            said.setProperty("warn", True)
            said.setWordWrap(True)
            layout.addWidget(said)
            if note.link:
                go = link(note.link, lambda: self.open_item(Item("", section=self.more_section)))
                layout.addWidget(go, 0, Qt.AlignmentFlag.AlignLeft)
        if not items:
            if note is None:
                layout.addWidget(muted(empty or self.empty))
            return
        for item in items[:LIMIT]:
            layout.addWidget(self._row(item))
        rest = len(items) - LIMIT
        footer = (_("and {count} more — {link}").format(count=rest, link=self.more_text)
                  if rest > 0 else self.more_text)
        more = link(footer, lambda: self.open_item(Item("", section=self.more_section)))
        more.setStyleSheet("font-weight: normal;")
        layout.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)

    def _row(self, item: Item) -> QWidget:
        row = QWidget()
        row.setObjectName("TodayRow")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 2 if self.stacked else 0)
        line.setSpacing(8)
        name = link(item.text, lambda: self.open_item(item), tip=_open_tip(item))
        name.setAccessibleDescription(item.detail)
        detail = QLabel(item.detail)
        detail.setObjectName("Muted")
        detail.setProperty("warn", item.warn)
        detail.setWordWrap(True)
        if self.stacked:
            both = QVBoxLayout()
            both.setSpacing(0)
            both.addWidget(name, 0, Qt.AlignmentFlag.AlignLeft)
            if item.detail:
                both.addWidget(detail)
            line.addLayout(both, 1)
        else:
            line.addWidget(name)
            if item.detail:
                line.addWidget(detail, 1)
            else:
                line.addStretch(1)
        if item.action is not None and self.on_action is not None:
            text, record_id = item.action
            act = button(text, "check", tip=_("{action}: {name}").format(action=text,
                                                                          name=item.text))
            act.setProperty("small", True)
            act.setAccessibleName(_("{action} with {name}").format(action=text, name=item.text))
            act.clicked.connect(lambda _c=False, b=act, rid=record_id: self.on_action(rid, b))  # type: ignore[misc]
            line.addWidget(act)
        return row


def chores_note(week: ChoresWeek | None, can_generate: bool) -> Note | None:
    """This week's chores not shared out: say so (never "nothing overdue, nice work") and,
    for those who may, link to Chores, where the week is generated."""
    if week is None or week.shared_out:
        return None
    if not week.chores:
        if can_generate:
            return Note(_("No chores are set up yet, so none are shared out this week."),
                        _("Add chores in Chores"))
        return Note(_("No chores are set up yet, so none are shared out this week. A house "
                      "manager can add them in Chores."))
    if can_generate:
        return Note(_("This week's chores have not been shared out yet."),
                    _("Generate this week's chores in Chores"))
    return Note(_("This week's chores have not been shared out yet. A house manager can "
                  "generate the rotation in Chores."))


def _open_tip(item: Item) -> str:
    return _("Open this resident's page") if item.resident_id is not None else _("Open")


# -- formatting in the house's own time -----------------------------------------------
def clock_text(at: datetime, tz: ZoneInfo) -> str:
    """'7:05 PM', in house time."""
    return clock(at.astimezone(tz))


def short_day_text(day: date, today: date) -> str:
    """'today', 'yesterday', 'tomorrow', else 'Thu Mar 5'."""
    return relative_day(day, today, capital=False) or short_day(day)


def new_tag(is_new: bool, detail: str) -> str:
    """`detail`, marked when the check-in came in since the board was last looked at."""
    return _("New · {detail}").format(detail=detail) if is_new else detail


def out_detail(o: Any, tz: Any) -> str:
    """Where someone signed out to, since when and when they are expected back."""
    since = clock_text(o.out_at, tz)
    if o.expected_back_at is None:
        return _("{place} · since {time}").format(place=o.destination, time=since)
    back = clock_text(o.expected_back_at, tz)
    if o.overdue:
        return _("{place} · since {time} · expected back {back} (later than planned)").format(
            place=o.destination, time=since, back=back)
    return _("{place} · since {time} · expected back {back}").format(
        place=o.destination, time=since, back=back)


def curfew_detail(m: Any, tz: Any) -> str:
    """When someone who missed curfew came back (or that they have not yet)."""
    curfew = clock_text(m.curfew_at, tz)
    if m.back_at is None:
        return _("not back yet (curfew {curfew})").format(curfew=curfew)
    return _("back at {time} (curfew {curfew})").format(time=clock_text(m.back_at, tz),
                                                        curfew=curfew)


def days_away(days: int) -> str:
    """'in 3 days'."""
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


def board_part(b: TodayBoard, key: str) -> object:
    """The board part a card shows (None: this role may not see it)."""
    return {
        "census": b.census, "checkins": b.not_checked_in, "talk": b.talk_requests,
        "cravings": b.high_cravings, "curfew": b.curfew_misses, "out": b.out_now,
        "chores": b.overdue_chores, "screens": b.screens_due, "milestones": b.milestones,
        "meeting": b.next_meeting,
    }[key]

