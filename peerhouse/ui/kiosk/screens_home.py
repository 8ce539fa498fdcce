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
from peerhouse.i18n import ENGLISH, SPANISH, _, ngettext, pgettext
from peerhouse.models.labels import goal_area_label
from peerhouse.services import goals, kiosk, languages, signouts
from peerhouse.services.actor import Actor
from peerhouse.ui.formats import clock
from peerhouse.ui.kiosk.flow import TileGrid
from peerhouse.ui.kiosk.screen_kinds import ListScreen
from peerhouse.ui.kiosk.screens_login import language_button
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
        super().__init__(host, _("Hi"))
        # The other language, by its own name: the resident's screens change to it and
        # their choice is saved for next time (and for their papers).
        other = SPANISH if host.language == ENGLISH else ENGLISH
        self.language_button = language_button(other, lambda: self.switch_language(other),
                                               kind="small")
        self.top_row.addWidget(self.language_button)
        self.top_row.addWidget(kbutton(_("I'm finished"), kind="small", icon_name="logout",
                                       icon_px=26, name=_("I'm finished: sign off the kiosk"),
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

        # Translators: a line break (\n) splits a tile's words over two lines.
        tiles = ((_("Check in"), "check", lambda: host.show_screen("checkin")),
                 (_("My chores"), "chores", lambda: host.show_screen("chores")),
                 (pgettext("tile", "Sign out"), "logout", self.sign_out_or_in),
                 (_("I went to\na meeting"), "meetings", lambda: host.show_screen("meeting")),
                 (_("House\nschedule"), "today", lambda: host.show_screen("schedule")),
                 (_("Resources"), "phone", lambda: host.show_screen("resources")),
                 (_("My goals"), "goal", lambda: host.show_screen("goals")))
        self.tiles: dict[str, QPushButton] = {}
        for text, icon_name, fn in tiles:
            self.tiles[icon_name] = kbutton(text, kind="tile", icon_name=icon_name, icon_px=40,
                                            on_click=fn)
        # 4 tiles on the first row and 3 wider ones below, or fewer columns at large text.
        self.grid = TileGrid(4)
        self.grid.set_tiles(list(self.tiles.values()))
        self.body.addWidget(self.grid)
        self.talk = kbutton(_("I'd like to talk to someone"), kind="talk", icon_name="talk",
                            icon_px=36, on_click=self.ask_to_talk)
        self.actions.addWidget(self.talk)
        self.body.addStretch(1)

    @property
    def sign_button(self) -> QPushButton:
        return self.tiles["logout"]

    def show_home(self, view: KioskHome) -> None:
        self.title.setText(_("Hi {name}").format(name=view.name))
        self.sober_count.setText(str(view.sober_time) if view.sober_time else _("Welcome"))
        self.sober_line.setText(sober_line(view))
        self.celebrate.setVisible(view.milestone_today is not None)
        if view.milestone_today is not None:
            self.celebrate_text.setText(_(
                "Today you reach {milestone}. Congratulations, {name} — that's something "
                "to be proud of.").format(milestone=view.milestone_today, name=view.name))
        self.status.setText("\n".join(status_lines(view)))
        out = view.signed_out
        self.sign_button.setEnabled(True)  # a sign-in just done ends at the thank-you screen
        self.talk.setEnabled(True)
        self.language_button.setEnabled(True)
        if out:
            self._tile(self.sign_button, _("Sign in\n(I'm back)"), _("Sign in: I'm back"),
                       "signin")
        else:
            self._tile(self.sign_button, pgettext("tile", "Sign out"), _("Sign out"), "logout")
        if view.checked_in_today:
            self._tile(self.tiles["check"], _("Update my\ncheck-in"), _("Update my check-in"),
                       "check")
        else:
            self._tile(self.tiles["check"], _("Check in"), _("Check in"), "check")

    def switch_language(self, code: str) -> None:
        """The resident's own choice of language: saved (audited) as theirs, then every
        screen of their turn in it."""
        actor = self.host.actor
        if actor is None:
            return
        self.language_button.setEnabled(False)
        self.host.call(languages.choose_own_language, self.host.store, actor, code,
                       on_success=lambda _r: self._language_saved(code),
                       on_failure=self._failed)

    def _language_saved(self, code: str) -> None:
        self.host.use_language(code)
        self.host.go_home()

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
                           _("Welcome back, {name}. You're signed in.").format(
                               name=self.host.name)),
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
        self.language_button.setEnabled(True)
        self.host.show_error(exc)

    def reset(self) -> None:
        """Nothing of the last person: no name, sober time or status, plain tiles."""
        super().reset()
        self.title.setText(_("Hi"))
        for lab in (self.sober_count, self.sober_line, self.status, self.celebrate_text):
            lab.setText("")
        self.celebrate.hide()
        self._tile(self.sign_button, pgettext("tile", "Sign out"), _("Sign out"), "logout")
        self._tile(self.tiles["check"], _("Check in"), _("Check in"), "check")

    @staticmethod
    def _tile(btn: QPushButton, text: str, name: str, icon_name: str) -> None:
        btn.setText(text)
        btn.setAccessibleName(name)
        btn.setIcon(icon(icon_name))


def sober_line(view: KioskHome) -> str:
    """Under the sober time: the next milestone and when it comes."""
    if view.sober_time is None or view.next_milestone is None:
        return _("Glad you're here today.")
    days = view.days_to_next or 0
    if days == 1:
        return _("Your sober time. Next milestone: {milestone}, tomorrow.").format(
            milestone=view.next_milestone)
    return ngettext("Your sober time. Next milestone: {milestone}, in {n} day.",
                    "Your sober time. Next milestone: {milestone}, in {n} days.",
                    days).format(milestone=view.next_milestone, n=days)


def status_lines(view: KioskHome) -> list[str]:
    """Today at a glance: the check-in, signed out or not, tonight's curfew, chores left."""
    lines = [_("✓ You checked in today.") if view.checked_in_today
             else _("You haven't checked in yet today.")]
    if view.signed_out:
        lines.append(_("You're signed out: {destination}.").format(
            destination=view.destination))
    if view.curfew_whose:
        lines.append(_("Curfew tonight: {time} ({whose}).").format(
            time=clock(view.curfew), whose=view.curfew_whose))
    else:
        lines.append(_("Curfew tonight: {time}.").format(time=clock(view.curfew)))
    if view.chores_left_today:
        n = view.chores_left_today
        lines.append(ngettext("{n} chore to do today.", "{n} chores to do today.", n).format(n=n))
    return lines


def talk_thanks(name: str) -> str:
    return _("Thanks, {name}. Staff will see that you'd like to talk, and someone will find "
             "you.").format(name=name)


class DoneScreen(Screen):
    """"Thanks, Alex. Your check-in is saved." — then back to the start by itself."""

    key = "done"
    back_to = ""
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "")
        self.title.hide()
        self.setAccessibleName(_("Saved"))
        self.body.addStretch(1)
        mark = label("", "DoneMark", wrap=False)
        mark.setPixmap(icon("check").pixmap(96, 96))
        mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(mark)
        self.text = label("", "KioskTitle")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setAccessibleName(_("Saved"))
        self.body.addWidget(self.text)
        self.soon = label("", "KioskMuted")
        self.soon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.soon)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(kbutton(_("Do something else"), on_click=host.stay))
        row.addWidget(kbutton(_("I'm finished"), primary=True, on_click=host.end_session))
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
        self.soon.setText(ngettext("Going back to the start in {n} second.",
                                   "Going back to the start in {n} seconds.",
                                   self.left).format(n=self.left))

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
        super().__init__(host, _("My goals"))

    def load(self, actor: Actor) -> None:
        self.host.call(_open_goals, self.host.store, actor, on_success=self.show_goals)

    def show_goals(self, found: list[goals.GoalView]) -> None:
        clear_layout(self.items)
        if not found:
            self.items.addWidget(label(_("You don't have any goals set up yet. You can set "
                                         "goals with your house manager."), "KioskText"))
            return
        for view in found:
            frame, box = card()
            g = view.goal
            box.addWidget(label(g.title, "KioskSubtitle"))
            box.addWidget(label(" · ".join(goal_facts(view)), "KioskMuted"))
            for step in view.steps:
                row = QHBoxLayout()
                if step.done_at is not None:
                    row.addWidget(label(f"✓  {step.text}", "KioskMuted"), 1)
                else:
                    row.addWidget(label(step.text, "KioskText"), 1)
                    btn = kbutton(_("Mark done"), kind="step",
                                  name=_("Mark done: {step}").format(step=step.text),
                                  on_click=lambda s=step: self.complete(s.id))
                    row.addWidget(btn)
                box.addLayout(row)
            self.items.addWidget(frame)

    def complete(self, step_id: int | None) -> None:
        if step_id is not None:
            self.mark(goals.complete_step, step_id,
                      thanks=_("Well done, {name}. That step is marked done.").format(
                          name=self.host.name))


def goal_facts(view: goals.GoalView) -> list[str]:
    """A goal's area, target day, pause and steps done, in the reader's language."""
    g = view.goal
    facts = [goal_area_label(g.area)]
    if g.target_date:
        facts.append(_("aiming for {day}").format(day=long_day_text(g.target_date)))
    if g.status == "paused":
        facts.append(_("paused for now"))
    facts.append(ngettext("{done} of {n} step done", "{done} of {n} steps done",
                          len(view.steps)).format(done=view.steps_done, n=len(view.steps)))
    return facts



def _open_goals(store: Store, actor: Actor) -> list[goals.GoalView]:
    """The resident's open goals (runs off the UI thread)."""
    assert actor.id is not None
    return goals.goals_for(store, actor, actor.id, include_closed=False)


SCREENS = (HomeScreen, DoneScreen, GoalsScreen)
