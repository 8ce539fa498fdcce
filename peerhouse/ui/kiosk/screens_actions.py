"""Things a resident does at the kiosk: mark a chore done, sign out, log an outside meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from peerhouse.models.directory import Resource
from peerhouse.models.enums import ChoreStatus, Fellowship
from peerhouse.services import chores, kiosk, outside_meetings, signouts
from peerhouse.services import text_limits as limits
from peerhouse.ui.formats import clock, weekday_name
from peerhouse.ui.kiosk.flow import GROUP_GAP, ChoiceRow, Questions, question
from peerhouse.ui.kiosk.screens_home import card
from peerhouse.ui.kiosk.widgets import (
    Screen,
    clear_layout,
    kbutton,
    label,
    long_day_text,
    plain,
)
from peerhouse.ui.widgets.limits import limit_text

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow

DONE = {ChoreStatus.DONE: "Done ✓", ChoreStatus.VERIFIED: "Done and checked ✓",
        ChoreStatus.EXCUSED: "Excused", ChoreStatus.MISSED: "Missed"}
PLACES = ("Work", "A meeting", "Appointment", "Shopping", "Family", "School", "Other")
FELLOWSHIPS = [(str(f), "Other" if f == Fellowship.OTHER else str(f)) for f in Fellowship]


class ChoresScreen(Screen):
    key = "chores"
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "My chores")
        self.items = self.add_list(12)

    def shown(self) -> None:
        super().shown()
        clear_layout(self.items)
        if self.host.actor is not None:
            self.host.call(kiosk.my_chores, self.host.store, self.host.actor,
                           on_success=self.show_chores)

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

    def reset(self) -> None:
        super().reset()
        clear_layout(self.items)

    def mark_done(self, chore: chores.ResidentChore) -> None:
        if self.host.actor is None:
            return
        self.host.call(chores.mark_done, self.host.store, self.host.actor, chore.assignment_id,
                       on_success=lambda _r: self.host.confirm(
                           f"Thanks, {self.host.name}. {chore.chore} is marked done."))


class SignOutScreen(Screen):
    key = "signout"
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "Sign out")
        self.body.setSpacing(GROUP_GAP)
        self.place = ChoiceRow([(p, p, f"Going to: {p}") for p in PLACES], columns=4)
        self.place.changed.connect(self._place_picked)
        self.where = QLineEdit()
        limit_text(self.where, limits.LINE)
        self.where.setPlaceholderText("Or type where you're going")
        self.where.setAccessibleName("Where you are going")
        self.where.setProperty("autocap", "words")
        self.curfew = label("When will you be back?", "KioskQuestion")
        self.back_row = plain(QWidget())
        self.back_layout = QHBoxLayout(self.back_row)
        self.back_layout.setContentsMargins(0, 0, 0, 0)
        self.back_choice: ChoiceRow | None = None
        # Tapping where you're going brings "when will you be back?" into view.
        self.questions = Questions(self.scroll)
        for row, group in ((self.place, question("Where are you going?", self.place,
                                                 self.where)),
                           (None, question(self.curfew, self.back_row))):
            self.body.addWidget(group)
            self.questions.add(row, group)
        self.save = kbutton("Sign out now", primary=True, icon_name="logout", icon_px=32,
                            on_click=self.submit)
        self.actions.addWidget(self.save)
        self.body.addStretch(1)

    def _place_picked(self, place: str) -> None:
        if place == "Other":
            self.where.setFocus()

    def shown(self) -> None:
        super().shown()
        view = self.host.home_view
        if view is None:
            return
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
        back = self.back_choice.value()
        if back is None:
            self.back_choice.mark_invalid()
            self.say("Please tap when you'll be back. \"Not sure\" is fine.",
                     about=[self.back_choice])
            return
        expected = (view.curfew if back == "curfew" else None if back == "unsure"
                    else datetime.now(UTC) + timedelta(hours=int(back)))
        self.save.setEnabled(False)
        self.host.call(signouts.sign_out, self.host.store, actor, actor.id, where, expected,
                       on_success=lambda _r: self._saved(view.curfew), on_failure=self._failed)

    def _saved(self, curfew: datetime) -> None:
        self.reset()
        self.host.confirm(f"Thanks, {self.host.name}. You're signed out. Take care, and "
                          f"remember curfew is {clock(curfew)}.")

    def _failed(self, exc: BaseException) -> None:
        self.save.setEnabled(True)
        self.host.show_error(exc)

    def reset(self) -> None:
        super().reset()
        self.curfew.setText("When will you be back?")
        clear_layout(self.back_layout)  # tonight's curfew is the next person's to load
        self.back_choice = None


class MeetingScreen(Screen):
    """"I went to a meeting": when, which fellowship, and which meeting (picked or typed)."""

    key = "meeting"
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "I went to a meeting")
        self.body.setSpacing(GROUP_GAP)
        self.when_box = plain(QWidget())
        self.when_layout = QHBoxLayout(self.when_box)
        self.when_layout.setContentsMargins(0, 0, 0, 0)
        self.when: ChoiceRow | None = None
        self.fellowship = ChoiceRow([(v, t, f"Fellowship: {t}") for v, t in FELLOWSHIPS],
                                    columns=4)
        self.places_box = plain(QWidget())
        self.places_layout = QVBoxLayout(self.places_box)
        self.places_layout.setContentsMargins(0, 0, 0, 0)
        self.places: ChoiceRow | None = None
        self.by_id: dict[int, Resource] = {}
        self.name = QLineEdit()
        limit_text(self.name, limits.LINE)
        self.name.setPlaceholderText("Or type the meeting name")
        self.name.setAccessibleName("Meeting name")
        self.name.setProperty("autocap", "words")
        # Tapping the fellowship brings "which meeting?" into view.
        self.questions = Questions(self.scroll)
        for row, group in (
                (None, question("When was it?", self.when_box)),
                (self.fellowship, question("Which fellowship?", self.fellowship)),
                (None, question("Which meeting? (you can skip this)", self.places_box,
                                self.name))):
            self.body.addWidget(group)
            self.questions.add(row, group)
        self.save = kbutton("Save my meeting", primary=True, on_click=self.submit)
        self.actions.addWidget(self.save)
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
        fellowship = self.fellowship.value()
        if fellowship is None:
            self.fellowship.mark_invalid()
            self.say("Please tap the fellowship. If it isn't listed, tap Other.",
                     about=[self.fellowship])
            return
        picked = self.by_id.get(self.places.value()) if self.places else None
        name = self.name.text().strip() or (picked.name if picked else "")
        place = picked.address if picked and not self.name.text().strip() else ""
        self.save.setEnabled(False)
        self.host.call(outside_meetings.log, self.host.store, actor, actor.id, self.when.value(),
                       fellowship, name, place, on_success=self._saved, on_failure=self._failed)

    def _saved(self, _row: object) -> None:
        self.reset()
        self.host.confirm(f"Thanks, {self.host.name}. Your meeting is saved.")

    def _failed(self, exc: BaseException) -> None:
        self.save.setEnabled(True)
        self.host.show_error(exc)

    def reset(self) -> None:
        super().reset()
        clear_layout(self.when_layout)  # the days are the next person's to load
        self.when = None
        self.places = None


SCREENS = (ChoresScreen, SignOutScreen, MeetingScreen)
