"""The resident's home (greeting, sobriety time, big buttons), the thank-you screen and goals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
)

from peerhouse.app.records import Store
from peerhouse.services import goals, kiosk, signouts
from peerhouse.services.actor import Actor
from peerhouse.ui.formats import clock
from peerhouse.ui.kiosk.flow import TileGrid
from peerhouse.ui.kiosk.screen_kinds import ListScreen
from peerhouse.ui.kiosk.widgets import (
    Screen,
    clear_layout,
    kbutton,
    label,
    long_day_text,
)
from peerhouse.ui.theme import icon

if TYPE_CHECKING:
    from peerhouse.services.kiosk import KioskHome
    from peerhouse.ui.kiosk.window import KioskWindow

TILE_COLUMNS = 4
TICK_MS = 1000  # the thank-you screen counts down in seconds


def card(name: str = "KioskCard") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName(name)
    box = QVBoxLayout(frame)
    box.setContentsMargins(20, 14, 20, 14)
    box.setSpacing(4)
    return frame, box


class HomeScreen(Screen):
    key = "home"
    back_to = ""
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "Hi")
        self.top_row.addWidget(kbutton("I'm finished", kind="small", icon_name="logout",
                                       icon_px=26, name="I'm finished: sign off the kiosk",
                                       on_click=host.end_session))
        cards = QHBoxLayout()
        cards.setSpacing(14)
        self.sober_card, box = card()
        self.sober_count = label("", "BigCount", wrap=False)
        self.sober_line = label("", "KioskMuted")
        box.addWidget(self.sober_count)
        box.addWidget(self.sober_line)
        cards.addWidget(self.sober_card, 1)
        self.status_card, box = card()
        self.status = label("", "KioskText")
        box.addWidget(self.status)
        cards.addWidget(self.status_card, 1)
        self.body.addLayout(cards)

        self.celebrate, box = card("Celebrate")
        row = QHBoxLayout()
        star = label("", "KioskText", wrap=False)
        star.setPixmap(icon("star").pixmap(48, 48))
        row.addWidget(star)
        self.celebrate_text = label("", "KioskText")
        row.addWidget(self.celebrate_text, 1)
        box.addLayout(row)
        self.body.addWidget(self.celebrate)

        tiles = (("Check in", "check", lambda: host.show_screen("checkin")),
                 ("My chores", "chores", lambda: host.show_screen("chores")),
                 ("Sign out", "logout", self.sign_out_or_in),
                 ("I went to\na meeting", "meetings", lambda: host.show_screen("meeting")),
                 ("House\nschedule", "today", lambda: host.show_screen("schedule")),
                 ("Resources", "phone", lambda: host.show_screen("resources")),
                 ("My goals", "goal", lambda: host.show_screen("goals")))
        self.tiles: dict[str, QPushButton] = {}
        for text, icon_name, fn in tiles:
            self.tiles[icon_name] = kbutton(text, kind="tile", icon_name=icon_name, icon_px=40,
                                            on_click=fn)
        # 4 tiles on the first row and 3 wider ones below, or fewer columns at large text.
        self.grid = TileGrid(4)
        self.grid.set_tiles(list(self.tiles.values()))
        self.body.addWidget(self.grid)
        self.talk = kbutton("I'd like to talk to someone", kind="talk", icon_name="talk",
                            icon_px=36, on_click=self.ask_to_talk)
        self.actions.addWidget(self.talk)
        self.body.addStretch(1)

    @property
    def sign_button(self) -> QPushButton:
        return self.tiles["logout"]

    def show_home(self, view: KioskHome) -> None:
        self.title.setText(f"Hi {view.name}")
        if view.sober_time:
            self.sober_count.setText(view.sober_time)
            days = view.days_to_next
            when = "tomorrow" if days == 1 else f"in {days} days"
            self.sober_line.setText(f"Your sober time. Next milestone: {view.next_milestone}, "
                                    f"{when}.")
        else:
            self.sober_count.setText("Welcome")
            self.sober_line.setText("Glad you're here today.")
        self.celebrate.setVisible(bool(view.milestone_today))
        self.celebrate_text.setText(f"Today you reach {view.milestone_today}. Congratulations, "
                                    f"{view.name} — that's something to be proud of.")
        lines = ["✓ You checked in today." if view.checked_in_today
                 else "You haven't checked in yet today."]
        if view.signed_out:
            lines.append(f"You're signed out: {view.destination}.")
        whose = f" ({view.curfew_whose})" if view.curfew_whose else ""
        lines.append(f"Curfew tonight: {clock(view.curfew)}{whose}.")
        if view.chores_left_today:
            n = view.chores_left_today
            lines.append(f"{n} chore{'s' if n != 1 else ''} to do today.")
        self.status.setText("\n".join(lines))
        out = view.signed_out
        self.sign_button.setEnabled(True)  # a sign-in just done ends at the thank-you screen
        self.talk.setEnabled(True)
        self._tile(self.sign_button, "Sign in\n(I'm back)" if out else "Sign out",
                   "Sign in: I'm back" if out else "Sign out", "signin" if out else "logout")
        done = view.checked_in_today
        self._tile(self.tiles["check"], "Update my\ncheck-in" if done else "Check in",
                   "Update my check-in" if done else "Check in", "check")

    def sign_out_or_in(self) -> None:
        view, actor = self.host.home_view, self.host.actor
        if view is None or actor is None:
            return
        if not view.signed_out:
            self.host.show_screen("signout")
            return
        self.sign_button.setEnabled(False)
        self.host.call(signouts.sign_in, self.host.store, actor, actor.id,
                       on_success=lambda _r: self.host.confirm(
                           f"Welcome back, {self.host.name}. You're signed in."),
                       on_failure=self._failed)

    def ask_to_talk(self) -> None:
        actor = self.host.actor
        if actor is None:
            return
        self.talk.setEnabled(False)
        self.host.call(kiosk.ask_to_talk, self.host.store, actor, on_success=self._talk_sent,
                       on_failure=self._failed)

    def _talk_sent(self, saved: object) -> None:
        self.talk.setEnabled(True)
        if saved is None:  # no check-in yet today: ask how they feel first
            self.host.show_screen("talk")
        else:
            self.host.confirm(talk_thanks(self.host.name))

    def _failed(self, exc: BaseException) -> None:
        self.sign_button.setEnabled(True)
        self.talk.setEnabled(True)
        self.host.show_error(exc)

    def reset(self) -> None:
        """Nothing of the last person: no name, sober time or status, plain tiles."""
        super().reset()
        self.title.setText("Hi")
        for lab in (self.sober_count, self.sober_line, self.status, self.celebrate_text):
            lab.setText("")
        self.celebrate.hide()
        self._tile(self.sign_button, "Sign out", "Sign out", "logout")
        self._tile(self.tiles["check"], "Check in", "Check in", "check")

    @staticmethod
    def _tile(btn: QPushButton, text: str, name: str, icon_name: str) -> None:
        btn.setText(text)
        btn.setAccessibleName(name)
        btn.setIcon(icon(icon_name))


def talk_thanks(name: str) -> str:
    return f"Thanks, {name}. Staff will see that you'd like to talk, and someone will find you."


class DoneScreen(Screen):
    """"Thanks, Alex. Your check-in is saved." — then back to the start by itself."""

    key = "done"
    back_to = ""
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "")
        self.title.hide()
        self.setAccessibleName("Saved")
        self.body.addStretch(1)
        mark = label("", "DoneMark", wrap=False)
        mark.setPixmap(icon("check").pixmap(96, 96))
        mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(mark)
        self.text = label("", "KioskTitle")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setAccessibleName("Saved")
        self.body.addWidget(self.text)
        self.soon = label("", "KioskMuted")
        self.soon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.soon)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(kbutton("Do something else", on_click=host.stay))
        row.addWidget(kbutton("I'm finished", primary=True, on_click=host.end_session))
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addStretch(2)

        self.left = 0
        self.countdown = QTimer(self)
        self.countdown.setInterval(TICK_MS)
        self.countdown.timeout.connect(self.tick)

    def set_message(self, text: str) -> None:
        self.text.setText(text)
        self.text.setAccessibleDescription(text)

    def count_down(self, seconds: int) -> None:
        """Back to the start after `seconds`, saying each second how long is left."""
        self.left = seconds
        self._say_left()
        self.countdown.start()

    def tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.host.end_session()
        else:
            self._say_left()

    def _say_left(self) -> None:
        unit = "second" if self.left == 1 else "seconds"
        self.soon.setText(f"Going back to the start in {self.left} {unit}.")

    def reset(self) -> None:
        super().reset()
        self.countdown.stop()
        self.set_message("")
        self.soon.setText("")


class GoalsScreen(ListScreen):
    """The resident's own open goals; a step can be marked done."""

    key = "goals"
    spacing = 14

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "My goals")

    def load(self, actor: Actor) -> None:
        self.host.call(_open_goals, self.host.store, actor, on_success=self.show_goals)

    def show_goals(self, found: list[goals.GoalView]) -> None:
        clear_layout(self.items)
        if not found:
            self.items.addWidget(label("You don't have any goals set up yet. You can set goals "
                                       "with your house manager.", "KioskText"))
            return
        for view in found:
            frame, box = card()
            g = view.goal
            box.addWidget(label(g.title, "KioskSubtitle"))
            bits = [g.area.capitalize()]
            if g.target_date:
                bits.append(f"aiming for {long_day_text(g.target_date)}")
            if g.status == "paused":
                bits.append("paused for now")
            bits.append(f"{view.steps_done} of {len(view.steps)} steps done")
            box.addWidget(label(" · ".join(bits), "KioskMuted"))
            for step in view.steps:
                row = QHBoxLayout()
                if step.done_at is not None:
                    row.addWidget(label(f"✓  {step.text}", "KioskMuted"), 1)
                else:
                    row.addWidget(label(step.text, "KioskText"), 1)
                    btn = kbutton("Mark done", kind="step", name=f"Mark done: {step.text}",
                                  on_click=lambda s=step: self.complete(s.id))
                    row.addWidget(btn)
                box.addLayout(row)
            self.items.addWidget(frame)

    def complete(self, step_id: int | None) -> None:
        if step_id is not None:
            self.mark(goals.complete_step, step_id,
                      thanks=f"Well done, {self.host.name}. That step is marked done.")


def _open_goals(store: Store, actor: Actor) -> list[goals.GoalView]:
    """The resident's open goals (runs off the UI thread)."""
    assert actor.id is not None
    return goals.goals_for(store, actor, actor.id, include_closed=False)


SCREENS = (HomeScreen, DoneScreen, GoalsScreen)
