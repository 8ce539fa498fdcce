"""The daily check-in (mood faces, craving, sleep, sponsor, one line, "I'd like to talk")
and the short "I'd like to talk to someone" screen for a resident who has not checked in.

At the normal text size the whole check-in fits a 1024 x 768 screen. With larger text it
may not: each answer then scrolls the next unanswered question into view, so no one has
to notice a scroll bar to find the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout

from peerhouse.i18n import _, pgettext
from peerhouse.models.accountability import CheckIn
from peerhouse.services import checkins, kiosk
from peerhouse.services import text_limits as limits
from peerhouse.ui.kiosk.flow import ChoiceRow, question
from peerhouse.ui.kiosk.screen_kinds import QuestionScreen
from peerhouse.ui.kiosk.screens_home import talk_thanks
from peerhouse.ui.kiosk.widgets import kbutton, label, plain_box, text_box

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow

def moods() -> list[tuple[str, str]]:
    """Each mood's word and what a screen reader says for it, 1 (very low) to 5 (great)."""
    return [(pgettext("mood", "Very low"), _("Mood 1 of 5: very low")),
            (pgettext("mood", "Low"), _("Mood 2 of 5: low")),
            (pgettext("mood", "Okay"), _("Mood 3 of 5: okay")),
            (pgettext("mood", "Good"), _("Mood 4 of 5: good")),
            (pgettext("mood", "Great"), _("Mood 5 of 5: great"))]


def mood_row() -> ChoiceRow:
    return ChoiceRow([(i, word, name) for i, (word, name) in enumerate(moods(), 1)],
                     icons=[f"face-{i}" for i in range(1, 6)], icon_px=40)


def craving_row() -> ChoiceRow:
    return ChoiceRow([(n, str(n), _("Craving {n} of 10").format(n=n) if n else
                       _("Craving 0 of 10 (none)")) for n in range(11)])


def yes_no(question: str) -> ChoiceRow:
    return ChoiceRow([(True, _("Yes"), _("{question} Yes").format(question=question)),
                      (False, _("No"), _("{question} No").format(question=question))])


class CheckInScreen(QuestionScreen):
    key = "checkin"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, _("Daily check-in"))
        self.updating = False
        self.mood = mood_row()
        self.ask(_("How are you feeling today?"), self.mood)
        self.craving = craving_row()
        self.ask(_("Any cravings right now?  0 = none, 10 = very strong"), self.craving)
        pair_box, pair = plain_box(QHBoxLayout, 28)
        slept, sponsor = _("Did you sleep well?"), _("Talked with your sponsor today?")
        self.slept = yes_no(slept)
        self.sponsor = yes_no(sponsor)
        for text, row in ((slept, self.slept), (sponsor, self.sponsor)):
            pair.addWidget(question(text, row), 1)
            self.questions.add(row, pair_box)
        self.body.addWidget(pair_box)
        self.note = text_box(_("A goal for today, or something you're grateful for"),
                             _("One line: a goal for today or something you're grateful for"),
                             limits.SHORT_NOTE, autocap="sentence")
        self.ask(_("One line for today (you can skip this)"), self.note)
        self.body.addStretch(1)
        self.talk = kbutton(_("I'd like to talk to someone"), kind="toggle", icon_name="talk",
                            icon_px=32, checkable=True)
        self.actions.addWidget(self.talk, 1)
        self.add_save(_("Save my check-in"), stretch=1)

    def shown(self) -> None:
        super().shown()
        actor = self.host.actor
        if actor is not None and not self._touched():
            self.host.call(kiosk.today_checkin, self.host.store, actor, on_success=self.fill)

    def _touched(self) -> bool:
        return any(r.value() is not None for r in (self.mood, self.craving, self.slept,
                                                   self.sponsor)) or bool(self.note.text())

    def fill(self, row: CheckIn | None) -> None:
        """Today's earlier check-in, to change it (a second check-in updates the first)."""
        self.updating = row is not None
        self.title.setText(_("Update today's check-in") if row else _("Daily check-in"))
        self.save.setText(_("Save my changes") if row else _("Save my check-in"))
        self.save.setAccessibleName(self.save.text())
        if row is None or self._touched():  # never overwrite what was just tapped
            return
        self.mood.set_value(row.mood)
        self.craving.set_value(row.craving)
        self.slept.set_value(row.slept_well)
        self.sponsor.set_value(row.sponsor_contact)
        self.note.setText(row.note)
        self.talk.setChecked(row.wants_to_talk)
        self.say(_("You checked in earlier today. Change anything, then save."), info=True)

    def submit(self) -> None:
        actor = self.host.actor
        if actor is None:
            return
        if self.unanswered(
                [(self.mood, _("Please tap a face to show how you feel.")),
                 (self.craving, _("Please tap a number for cravings. 0 means none.")),
                 (self.slept, _("Please answer: did you sleep well?")),
                 (self.sponsor, _("Please answer: did you talk with your sponsor today?"))]):
            return
        updating = self.updating

        def thanks() -> str:
            name, talk = self.host.name, self.talk.isChecked()
            if updating:
                return (_("Thanks, {name}. Your check-in is updated. Staff will see that "
                          "you'd like to talk.") if talk else
                        _("Thanks, {name}. Your check-in is updated.")).format(name=name)
            return (_("Thanks, {name}. Your check-in is saved. Staff will see that you'd "
                      "like to talk.") if talk else
                    _("Thanks, {name}. Your check-in is saved.")).format(name=name)

        self.save_with(checkins.submit_checkin, actor, actor.id, self.mood.value(),
                       self.craving.value(), self.slept.value(), self.sponsor.value(),
                       self.note.text(), self.talk.isChecked(), thanks=thanks)

    def reset(self) -> None:
        super().reset()
        self.updating = False
        self.title.setText(_("Daily check-in"))
        self.save.setText(_("Save my check-in"))
        self.save.setAccessibleName(self.save.text())


class TalkScreen(QuestionScreen):
    """No check-in yet today: two taps (how you feel, cravings), then staff are told."""

    key = "talk"

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, _("I'd like to talk to someone"))
        self.body.addWidget(label(_("We'll let staff know. If you are in danger or thinking "
                                    "about hurting yourself, call or text 988 now, or call "
                                    "911."), "KioskInfo"))
        self.mood = mood_row()
        self.craving = craving_row()
        self.ask(_("How are you feeling right now?"), self.mood)
        self.ask(_("Any cravings right now?  0 = none, 10 = very strong"), self.craving)
        self.add_save(_("Let someone know"), icon_name="talk", icon_px=32)
        self.body.addStretch(1)

    def submit(self) -> None:
        actor = self.host.actor
        if actor is None or self.unanswered(
                [(self.mood, _("Please tap a face to show how you feel.")),
                 (self.craving, _("Please tap a number for cravings. 0 means none."))]):
            return
        self.save_with(kiosk.ask_to_talk, actor, self.mood.value(), self.craving.value(),
                       thanks=lambda: talk_thanks(self.host.name))


SCREENS = (CheckInScreen, TalkScreen)
