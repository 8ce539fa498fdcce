"""The daily check-in (mood faces, craving, sleep, sponsor, one line, "I'd like to talk")
and the short "I'd like to talk to someone" screen for a resident who has not checked in.

At the normal text size the whole check-in fits a 1024 x 768 screen. With larger text it
may not: each answer then scrolls the next unanswered question into view, so no one has
to notice a scroll bar to find the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from peerhouse.models.accountability import CheckIn
from peerhouse.services import checkins, kiosk
from peerhouse.services import text_limits as limits
from peerhouse.ui.kiosk.flow import GROUP_GAP, ChoiceRow, Questions, question
from peerhouse.ui.kiosk.screens_home import talk_thanks
from peerhouse.ui.kiosk.widgets import Screen, kbutton, label, plain, show_whole
from peerhouse.ui.widgets.limits import limit_text

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow

MOODS = ("Very low", "Low", "Okay", "Good", "Great")


def mood_row() -> ChoiceRow:
    return ChoiceRow([(i, word, f"Mood {i} of 5: {word.lower()}")
                      for i, word in enumerate(MOODS, 1)],
                     icons=[f"face-{i}" for i in range(1, 6)], icon_px=40)


def craving_row() -> ChoiceRow:
    return ChoiceRow([(n, str(n), f"Craving {n} of 10" + (" (none)" if n == 0 else ""))
                      for n in range(11)])


def yes_no(question: str) -> ChoiceRow:
    return ChoiceRow([(True, "Yes", f"{question} Yes"), (False, "No", f"{question} No")])


class CheckInScreen(Screen):
    key = "checkin"
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "Daily check-in")
        self.body.setSpacing(GROUP_GAP)
        self.updating = False
        self.questions = Questions(self.scroll)
        self.mood = mood_row()
        self._ask("How are you feeling today?", self.mood)
        self.craving = craving_row()
        self._ask("Any cravings right now?  0 = none, 10 = very strong", self.craving)
        pair_box = plain(QWidget())
        pair = QHBoxLayout(pair_box)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.setSpacing(28)
        self.slept = yes_no("Did you sleep well?")
        self.sponsor = yes_no("Talked with your sponsor today?")
        for text, row in (("Did you sleep well?", self.slept),
                          ("Talked with your sponsor today?", self.sponsor)):
            pair.addWidget(question(text, row), 1)
            self.questions.add(row, pair_box)
        self.body.addWidget(pair_box)
        self.note = QLineEdit()
        limit_text(self.note, limits.SHORT_NOTE)
        self.note.setPlaceholderText("A goal for today, or something you're grateful for")
        self.note.setAccessibleName("One line: a goal for today or something you're grateful for")
        self.note.setProperty("autocap", "sentence")
        self._ask("One line for today (you can skip this)", self.note)
        self.body.addStretch(1)
        self.talk = kbutton("I'd like to talk to someone", kind="toggle", icon_name="talk",
                            icon_px=32, checkable=True)
        self.actions.addWidget(self.talk, 1)
        self.save = kbutton("Save my check-in", primary=True, on_click=self.submit)
        self.actions.addWidget(self.save, 1)

    def _ask(self, text: str, answer: QWidget) -> None:
        group = question(text, answer)
        self.body.addWidget(group)
        self.questions.add(answer if isinstance(answer, ChoiceRow) else None, group)

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
        self.title.setText("Update today's check-in" if row else "Daily check-in")
        self.save.setText("Save my changes" if row else "Save my check-in")
        self.save.setAccessibleName(self.save.text())
        if row is None or self._touched():  # never overwrite what was just tapped
            return
        self.mood.set_value(row.mood)
        self.craving.set_value(row.craving)
        self.slept.set_value(row.slept_well)
        self.sponsor.set_value(row.sponsor_contact)
        self.note.setText(row.note)
        self.talk.setChecked(row.wants_to_talk)
        self.say("You checked in earlier today. Change anything, then save.", info=True)

    def submit(self) -> None:
        actor = self.host.actor
        if actor is None:
            return
        missing = [(self.mood, "Please tap a face to show how you feel."),
                   (self.craving, "Please tap a number for cravings. 0 means none."),
                   (self.slept, "Please answer: did you sleep well?"),
                   (self.sponsor, "Please answer: did you talk with your sponsor today?")]
        for row, text in missing:
            if row.value() is None:
                row.mark_invalid()
                self.say(text, about=[row])
                show_whole(self.scroll, row.parentWidget() or row)
                return
        self.save.setEnabled(False)
        updating = self.updating
        self.host.call(checkins.submit_checkin, self.host.store, actor, actor.id,
                       self.mood.value(), self.craving.value(), self.slept.value(),
                       self.sponsor.value(), self.note.text(), self.talk.isChecked(),
                       on_success=lambda _r: self._saved(updating), on_failure=self._failed)

    def _saved(self, updated: bool) -> None:
        talk = " Staff will see that you'd like to talk." if self.talk.isChecked() else ""
        self.reset()
        verb = "updated" if updated else "saved"
        self.host.confirm(f"Thanks, {self.host.name}. Your check-in is {verb}.{talk}")

    def _failed(self, exc: BaseException) -> None:
        self.save.setEnabled(True)
        self.host.show_error(exc)

    def reset(self) -> None:
        super().reset()
        self.updating = False
        self.title.setText("Daily check-in")
        self.save.setText("Save my check-in")
        self.save.setAccessibleName(self.save.text())


class TalkScreen(Screen):
    """No check-in yet today: two taps (how you feel, cravings), then staff are told."""

    key = "talk"
    needs_login = True

    def __init__(self, host: KioskWindow) -> None:
        super().__init__(host, "I'd like to talk to someone")
        self.body.setSpacing(GROUP_GAP)
        self.body.addWidget(label("We'll let staff know. If you are in danger or thinking about "
                                  "hurting yourself, call or text 988 now, or call 911.",
                                  "KioskInfo"))
        self.questions = Questions(self.scroll)
        self.mood = mood_row()
        self.craving = craving_row()
        for text, row in (("How are you feeling right now?", self.mood),
                          ("Any cravings right now?  0 = none, 10 = very strong", self.craving)):
            group = question(text, row)
            self.body.addWidget(group)
            self.questions.add(row, group)
        self.send = kbutton("Let someone know", primary=True, icon_name="talk", icon_px=32,
                            on_click=self.submit)
        self.actions.addWidget(self.send)
        self.body.addStretch(1)

    def submit(self) -> None:
        actor = self.host.actor
        if actor is None:
            return
        for row, text in ((self.mood, "Please tap a face to show how you feel."),
                          (self.craving, "Please tap a number for cravings. 0 means none.")):
            if row.value() is None:
                row.mark_invalid()
                self.say(text, about=[row])
                return
        self.send.setEnabled(False)
        self.host.call(kiosk.ask_to_talk, self.host.store, actor, self.mood.value(),
                       self.craving.value(), on_success=self._sent, on_failure=self._failed)

    def _sent(self, _row: object) -> None:
        self.reset()
        self.host.confirm(talk_thanks(self.host.name))

    def _failed(self, exc: BaseException) -> None:
        self.send.setEnabled(True)
        self.host.show_error(exc)


SCREENS = (CheckInScreen, TalkScreen)
