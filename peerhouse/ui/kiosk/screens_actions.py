"""Things a resident does at the kiosk: mark a chore done, sign out, log an outside meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from peerhouse.models.directory import Resource
from peerhouse.models.enums import ChoreStatus, Fellowship
from peerhouse.services import chores, kiosk, outside_meetings, signouts
from peerhouse.services import text_limits as limits
from peerhouse.services.actor import Actor
from peerhouse.ui.formats import clock, weekday_name
from peerhouse.ui.kiosk.flow import ChoiceRow
from peerhouse.ui.kiosk.screen_kinds import ListScreen, QuestionScreen
from peerhouse.ui.kiosk.screens_home import card
from peerhouse.ui.kiosk.widgets import (
    clear_layout,
    kbutton,
    label,
    long_day_text,
    plain_box,
    text_box,
)

if TYPE_CHECKING:
    from peerhouse.services.kiosk import KioskHome
    from peerhouse.ui.kiosk.window import KioskWindow

DONE = {ChoreStatus.DONE: "Done ✓", ChoreStatus.VERIFIED: "Done and checked ✓",
        ChoreStatus.EXCUSED: "Excused", ChoreStatus.MISSED: "Missed"}
PLACES = ("Work", "A meeting", "Appointment", "Shopping", "Family", "School", "Other")
FELLOWSHIPS = [(str(f), "Other" if f == Fellowship.OTHER else str(f)) for f in Fellowship]


class ChoresScreen(ListScreen):
    key = "chores"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "My chores")

    def load(self, actor: Actor) -> None:
        self.host.call(kiosk.my_chores, self.host.store, actor, on_success=self.show_chores)

    def show_chores(self, mine: kiosk.MyChores) -> None:
        clear_layout(self.items)
        today = [c for c in mine.items if c.due_date == mine.today]
        earlier = [c for c in mine.items if c.due_date < mine.today
                   and c.status == ChoreStatus.PENDING]
        later = [c for c in mine.items if c.due_date > mine.today]
        self.items.addWidget(label("Today", "KioskSubtitle"))
        if not today:
            self.items.addWidget(label("No chores for you today.", "KioskText"))
        for chore in today:
            self._chore_card(chore, mine.today)
        if earlier:
            self.items.addWidget(label("Still to do from earlier this week", "KioskSubtitle"))
            for chore in earlier:
                self._chore_card(chore, mine.today)
        self.items.addWidget(label("Later this week", "KioskSubtitle"))
        frame, box = card()
        lines = [f"{weekday_name(c.due_date)}:  {c.chore}" for c in later]
        box.addWidget(label("\n".join(lines) or "Nothing more this week.", "KioskText"))
        self.items.addWidget(frame)

    def _chore_card(self, chore: chores.ResidentChore, today: date) -> None:
        frame, box = card()
        row = QHBoxLayout()
        words = QVBoxLayout()
        words.addWidget(label(chore.chore, "KioskSubtitle"))
        detail = " · ".join(x for x in (long_day_text(chore.due_date, today) if chore.due_date != today
                                        else "", chore.area, chore.instructions) if x)
        if detail:
            words.addWidget(label(detail, "KioskMuted"))
        row.addLayout(words, 1)
        if chore.status == ChoreStatus.PENDING:
            row.addWidget(kbutton("Mark done", primary=True, icon_name="check", icon_px=28,
                                  name=f"Mark done: {chore.chore}",
                                  on_click=lambda c=chore: self.mark_done(c)))
        else:
            row.addWidget(label(DONE.get(chore.status, chore.status), "KioskText", wrap=False))
        box.addLayout(row)
        self.items.addWidget(frame)

    def mark_done(self, chore: chores.ResidentChore) -> None:
        self.mark(chores.mark_done, chore.assignment_id,
                  thanks=f"Thanks, {self.host.name}. {chore.chore} is marked done.")


class SignOutScreen(QuestionScreen):
    key = "signout"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "Sign out")
        self.place = ChoiceRow([(p, p, f"Going to: {p}") for p in PLACES], columns=4)
        self.place.changed.connect(self._place_picked)
        self.where = text_box("Or type where you're going", "Where you are going", limits.LINE,
                              autocap="words")
        self.curfew = label("When will you be back?", "KioskQuestion")
        self.back_row, self.back_layout = plain_box(QHBoxLayout)
        self.back_choice: ChoiceRow | None = None
        # Tapping where you're going brings "when will you be back?" into view.
        self.ask("Where are you going?", self.place, self.where)
        self.ask(self.curfew, self.back_row)
        self.add_save("Sign out now", icon_name="logout", icon_px=32)
        self.body.addStretch(1)

    def _place_picked(self, place: str) -> None:
        if place == "Other":
            self.where.setFocus()

    def show_home(self, view: KioskHome) -> None:
        self.curfew.setText(f"When will you be back?   Curfew tonight: {clock(view.curfew)}")
        clear_layout(self.back_layout)
        options: list[tuple[object, str, str]] = [
            (h, f"In {h} hour{'s' if h > 1 else ''}", f"Back in {h} hour{'s' if h > 1 else ''}")
            for h in (1, 2, 4)]
        if view.curfew > datetime.now(UTC):
            options.append(("curfew", f"By curfew\n{clock(view.curfew)}", "Back by curfew"))
        options.append(("unsure", "Not sure", "Not sure when I'll be back"))
        self.back_choice = ChoiceRow(options)
        self.back_layout.addWidget(self.back_choice)

    def submit(self) -> None:
        actor, view = self.host.actor, self.host.home_view
        if actor is None or view is None or self.back_choice is None:
            return
        picked = self.place.value()
        where = self.where.text().strip() or ("" if picked in (None, "Other") else picked)
        if not where:
            self.place.mark_invalid()
            self.say("Please tap or type where you're going.", about=[self.place, self.where])
            return
        if self.unanswered([(self.back_choice,
                             "Please tap when you'll be back. \"Not sure\" is fine.")]):
            return
        back = self.back_choice.value()
        expected = (view.curfew if back == "curfew" else None if back == "unsure"
                    else datetime.now(UTC) + timedelta(hours=int(back)))
        self.save_with(signouts.sign_out, actor, actor.id, where, expected,
                       thanks=lambda: f"Thanks, {self.host.name}. You're signed out. Take "
                                      f"care, and remember curfew is {clock(view.curfew)}.")

    def reset(self) -> None:
        super().reset()
        self.curfew.setText("When will you be back?")
        clear_layout(self.back_layout)  # tonight's curfew is the next person's to load
        self.back_choice = None


class MeetingScreen(QuestionScreen):
    """"I went to a meeting": when, which fellowship, and which meeting (picked or typed)."""

    key = "meeting"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "I went to a meeting")
        self.when_box, self.when_layout = plain_box(QHBoxLayout)
        self.when: ChoiceRow | None = None
        self.fellowship = ChoiceRow([(v, t, f"Fellowship: {t}") for v, t in FELLOWSHIPS],
                                    columns=4)
        self.places_box, self.places_layout = plain_box(QVBoxLayout)
        self.places: ChoiceRow | None = None
        self.by_id: dict[int, Resource] = {}
        self.name = text_box("Or type the meeting name", "Meeting name", limits.LINE,
                             autocap="words")
        # Tapping the fellowship brings "which meeting?" into view.
        self.ask("When was it?", self.when_box)
        self.ask("Which fellowship?", self.fellowship)
        self.ask("Which meeting? (you can skip this)", self.places_box, self.name)
        self.add_save("Save my meeting")
        self.body.addStretch(1)

    def shown(self) -> None:
        super().shown()
        view, actor = self.host.home_view, self.host.actor
        if view is None or actor is None:
            return
        if self.when is None or self.when.value() is None:
            clear_layout(self.when_layout)
            days = [view.today - timedelta(days=n) for n in range(4)]
            self.when = ChoiceRow([(d, long_day_text(d, view.today) if n < 2 else weekday_name(d),
                                    f"Meeting day: {long_day_text(d)}") for n, d in enumerate(days)])
            self.when.set_value(view.today)
            self.when_layout.addWidget(self.when)
        if self.places is None:
            self.host.call(kiosk.meeting_places, self.host.store, actor,
                           on_success=self.show_places)

    def show_places(self, found: list[Resource]) -> None:
        clear_layout(self.places_layout)
        self.by_id = {r.id: r for r in found if r.id is not None}
        if not self.by_id:
            self.places = None
            return
        self.places = ChoiceRow(
            [(rid, "\n".join(x for x in (r.name, r.schedule) if x), f"Meeting: {r.name}")
             for rid, r in self.by_id.items()], columns=2)
        self.places.changed.connect(self._place_picked)
        self.places_layout.addWidget(self.places)

    def _place_picked(self, rid: int) -> None:
        """A meeting called "… (NA)" is an NA meeting: pick the fellowship too."""
        picked = self.by_id.get(rid)
        for value, _text in FELLOWSHIPS:
            if picked is not None and f"({value})" in picked.name:
                self.fellowship.set_value(value)

    def submit(self) -> None:
        actor = self.host.actor
        if actor is None or self.when is None:
            return
        if self.unanswered([(self.fellowship,
                             "Please tap the fellowship. If it isn't listed, tap Other.")]):
            return
        fellowship = self.fellowship.value()
        picked = self.by_id.get(self.places.value()) if self.places else None
        name = self.name.text().strip() or (picked.name if picked else "")
        place = picked.address if picked and not self.name.text().strip() else ""
        self.save_with(outside_meetings.log, actor, actor.id, self.when.value(), fellowship,
                       name, place, thanks=lambda: f"Thanks, {self.host.name}. Your meeting "
                                               "is saved.")

    def reset(self) -> None:
        super().reset()
        clear_layout(self.when_layout)  # the days are the next person's to load
        self.when = None
        self.places = None


SCREENS = (ChoresScreen, SignOutScreen, MeetingScreen)
