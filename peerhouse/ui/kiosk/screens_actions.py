"""Things a resident does at the kiosk: mark a chore done, sign out, log an outside meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from peerhouse.i18n import _, ngettext, pgettext
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

OTHER = "other"  # the place or fellowship that is typed or not listed


def chore_state(status: str) -> str:
    """How a chore that is not waiting to be done reads on the resident's card."""
    words = {ChoreStatus.DONE: pgettext("chore", "Done ✓"),
             ChoreStatus.VERIFIED: pgettext("chore", "Done and checked ✓"),
             ChoreStatus.EXCUSED: pgettext("chore", "Excused"),
             ChoreStatus.MISSED: pgettext("chore", "Missed")}
    return words.get(status, status)  # type: ignore[call-overload]


def places() -> list[tuple[str, str]]:
    """Where a resident may be going, one tap each: (code, words). The words tapped are
    what is saved as the destination, as if typed."""
    return [("work", _("Work")), ("meeting", _("A meeting")), ("appointment", _("Appointment")),
            ("shopping", _("Shopping")), ("family", _("Family")), ("school", _("School")),
            (OTHER, pgettext("destination", "Other"))]


def fellowships() -> list[tuple[str, str]]:
    """The fellowships as (code, words): their own names, and "Other"."""
    return [(str(f), pgettext("fellowship", "Other") if f == Fellowship.OTHER else str(f))
            for f in Fellowship]


class ChoresScreen(ListScreen):
    key = "chores"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, _("My chores"))

    def load(self, actor: Actor) -> None:
        self.host.call(kiosk.my_chores, self.host.store, actor, on_success=self.show_chores)

    def show_chores(self, mine: kiosk.MyChores) -> None:
        clear_layout(self.items)
        today = [c for c in mine.items if c.due_date == mine.today]
        earlier = [c for c in mine.items if c.due_date < mine.today
                   and c.status == ChoreStatus.PENDING]
        later = [c for c in mine.items if c.due_date > mine.today]
        self.items.addWidget(label(_("Today"), "KioskSubtitle"))
        if not today:
            self.items.addWidget(label(_("No chores for you today."), "KioskText"))
        for chore in today:
            self._chore_card(chore, mine.today)
        if earlier:
            self.items.addWidget(label(_("Still to do from earlier this week"),
                                       "KioskSubtitle"))
            for chore in earlier:
                self._chore_card(chore, mine.today)
        self.items.addWidget(label(_("Later this week"), "KioskSubtitle"))
        frame, box = card()
        lines = [_("{day}:  {chore}").format(day=weekday_name(c.due_date), chore=c.chore)
                 for c in later]
        box.addWidget(label("\n".join(lines) or _("Nothing more this week."), "KioskText"))
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
            row.addWidget(kbutton(_("Mark done"), primary=True, icon_name="check", icon_px=28,
                                  name=_("Mark done: {step}").format(step=chore.chore),
                                  on_click=lambda c=chore: self.mark_done(c)))
        else:
            row.addWidget(label(chore_state(chore.status), "KioskText", wrap=False))
        box.addLayout(row)
        self.items.addWidget(frame)

    def mark_done(self, chore: chores.ResidentChore) -> None:
        self.mark(chores.mark_done, chore.assignment_id,
                  thanks=_("Thanks, {name}. {chore} is marked done.").format(
                      name=self.host.name, chore=chore.chore))


class SignOutScreen(QuestionScreen):
    key = "signout"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, _("Sign out"))
        self.place_words = dict(places())
        self.place = ChoiceRow([(code, words, _("Going to: {place}").format(place=words))
                                for code, words in self.place_words.items()], columns=4)
        self.place.changed.connect(self._place_picked)
        self.where = text_box(_("Or type where you're going"), _("Where you are going"),
                              limits.LINE, autocap="words")
        self.curfew = label(_("When will you be back?"), "KioskQuestion")
        self.back_row, self.back_layout = plain_box(QHBoxLayout)
        self.back_choice: ChoiceRow | None = None
        # Tapping where you're going brings "when will you be back?" into view.
        self.ask(_("Where are you going?"), self.place, self.where)
        self.ask(self.curfew, self.back_row)
        self.add_save(_("Sign out now"), icon_name="logout", icon_px=32)
        self.body.addStretch(1)

    def _place_picked(self, place: str) -> None:
        if place == OTHER:
            self.where.setFocus()

    def show_home(self, view: KioskHome) -> None:
        self.curfew.setText(_("When will you be back?   Curfew tonight: {time}").format(
            time=clock(view.curfew)))
        clear_layout(self.back_layout)
        options: list[tuple[object, str, str]] = [
            (h, ngettext("In {n} hour", "In {n} hours", h).format(n=h),
             ngettext("Back in {n} hour", "Back in {n} hours", h).format(n=h))
            for h in (1, 2, 4)]
        if view.curfew > datetime.now(UTC):
            options.append(("curfew", _("By curfew\n{time}").format(time=clock(view.curfew)),
                            _("Back by curfew")))
        options.append(("unsure", _("Not sure"), _("Not sure when I'll be back")))
        self.back_choice = ChoiceRow(options)
        self.back_layout.addWidget(self.back_choice)

    def submit(self) -> None:
        actor, view = self.host.actor, self.host.home_view
        if actor is None or view is None or self.back_choice is None:
            return
        picked = self.place.value()
        where = self.where.text().strip() or (
            "" if picked in (None, OTHER) else self.place_words[picked])
        if not where:
            self.place.mark_invalid()
            self.say(_("Please tap or type where you're going."),
                     about=[self.place, self.where])
            return
        if self.unanswered([(self.back_choice,
                             _("Please tap when you'll be back. \"Not sure\" is fine."))]):
            return
        back = self.back_choice.value()
        expected = (view.curfew if back == "curfew" else None if back == "unsure"
                    else datetime.now(UTC) + timedelta(hours=int(back)))
        self.save_with(signouts.sign_out, actor, actor.id, where, expected,
                       thanks=lambda: _("Thanks, {name}. You're signed out. Take care, and "
                                        "remember curfew is {time}.").format(
                                            name=self.host.name, time=clock(view.curfew)))

    def reset(self) -> None:
        super().reset()
        self.curfew.setText(_("When will you be back?"))
        clear_layout(self.back_layout)  # tonight's curfew is the next person's to load
        self.back_choice = None


class MeetingScreen(QuestionScreen):
    """"I went to a meeting": when, which fellowship, and which meeting (picked or typed)."""

    key = "meeting"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, _("I went to a meeting"))
        self.when_box, self.when_layout = plain_box(QHBoxLayout)
        self.when: ChoiceRow | None = None
        self.fellowship = ChoiceRow([(v, t, _("Fellowship: {name}").format(name=t))
                                     for v, t in fellowships()], columns=4)
        self.places_box, self.places_layout = plain_box(QVBoxLayout)
        self.places: ChoiceRow | None = None
        self.by_id: dict[int, Resource] = {}
        self.name = text_box(_("Or type the meeting name"), _("Meeting name"), limits.LINE,
                             autocap="words")
        # Tapping the fellowship brings "which meeting?" into view.
        self.ask(_("When was it?"), self.when_box)
        self.ask(_("Which fellowship?"), self.fellowship)
        self.ask(_("Which meeting? (you can skip this)"), self.places_box, self.name)
        self.add_save(_("Save my meeting"))
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
                                    _("Meeting day: {day}").format(day=long_day_text(d)))
                                   for n, d in enumerate(days)])
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
            [(rid, "\n".join(x for x in (r.name, r.schedule) if x),
              _("Meeting: {name}").format(name=r.name))
             for rid, r in self.by_id.items()], columns=2)
        self.places.changed.connect(self._place_picked)
        self.places_layout.addWidget(self.places)

    def _place_picked(self, rid: int) -> None:
        """A meeting called "… (NA)" is an NA meeting: pick the fellowship too."""
        picked = self.by_id.get(rid)
        for value in Fellowship:
            if picked is not None and f"({value})" in picked.name:
                self.fellowship.set_value(value)

    def submit(self) -> None:
        actor = self.host.actor
        if actor is None or self.when is None:
            return
        if self.unanswered([(self.fellowship,
                             _("Please tap the fellowship. If it isn't listed, tap Other."))]):
            return
        fellowship = self.fellowship.value()
        picked = self.by_id.get(self.places.value()) if self.places else None
        name = self.name.text().strip() or (picked.name if picked else "")
        place = picked.address if picked and not self.name.text().strip() else ""
        self.save_with(outside_meetings.log, actor, actor.id, self.when.value(), fellowship,
                       name, place, thanks=lambda: _("Thanks, {name}. Your meeting is "
                                                     "saved.").format(name=self.host.name))

    def reset(self) -> None:
        super().reset()
        clear_layout(self.when_layout)  # the days are the next person's to load
        self.when = None
        self.places = None


SCREENS = (ChoresScreen, SignOutScreen, MeetingScreen)
