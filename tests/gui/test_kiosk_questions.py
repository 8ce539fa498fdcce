"""Every kiosk screen of questions (kiosk/screen_kinds.py: QuestionScreen) behaves alike:
Save with a question unanswered marks it and says what to tap, and saves nothing; a save
the disk refuses leaves the answers and the Save button there to try again.

The cases are a table over every QuestionScreen, so a new one must join it.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QWidget
from sqlmodel import select

from peerhouse.errors import WriteFailed
from peerhouse.models.audit import AuditEvent
from peerhouse.ui.kiosk.screen_kinds import QuestionScreen
from tests.gui.test_kiosk import log_in, resident, tap

# key: (how to get there from home, the taps that answer it, its Save button)
CASES = {
    "checkin": ("Check in", ["Mood 4 of 5: good", "Craving 0 of 10 (none)",
                             "Did you sleep well? Yes", "Talked with your sponsor today? Yes"],
                "Save my check-in"),
    "talk": ("I'd like to talk to someone", ["Mood 2 of 5: low", "Craving 6 of 10"],
             "Let someone know"),
    "signout": ("Sign out", ["Going to: Work", "Back in 2 hours"], "Sign out now"),
    "meeting": ("I went to a meeting", ["Fellowship: AA"], "Save my meeting"),
}


def _question_screens() -> set[str]:
    found: set[str] = set()
    todo = list(QuestionScreen.__subclasses__())
    while todo:
        cls = todo.pop()
        found.add(cls.key)
        todo.extend(cls.__subclasses__())
    return found


def test_every_question_screen_is_in_the_table():
    assert _question_screens() == set(CASES)


def _event_count(house) -> int:
    with house.store.read() as s:
        return len(s.exec(select(AuditEvent)).all())


def _invalid(screen: QWidget) -> list[QWidget]:
    return [w for w in screen.findChildren(QWidget) if w.property("invalid")]


@pytest.mark.parametrize("key", sorted(CASES))
def test_save_with_a_question_unanswered_marks_it_and_saves_nothing(key, house, qtbot, settle,
                                                                    open_kiosk):
    way_in, _answers, save = CASES[key]
    res = resident(house)
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, way_in)
    assert win.current.key == key
    before = _event_count(house)
    tap(qtbot, settle, win, save)
    screen = win.current
    assert screen.key == key and screen.message.isVisible()
    assert screen.message.text().startswith("Please")  # it says what to tap
    assert _invalid(screen) and _event_count(house) == before


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_refused_save_keeps_the_answers_and_the_button(key, house, qtbot, settle, open_kiosk,
                                                         monkeypatch):
    way_in, answers, save = CASES[key]
    real_save_with = QuestionScreen.save_with

    def refused(*_args: object) -> None:
        raise WriteFailed("The disk is full, so this was not saved. Please tell staff.")

    def save_with(self, _fn, *args, thanks):  # the service's write, refused by the disk
        real_save_with(self, refused, *args, thanks=thanks)

    monkeypatch.setattr(QuestionScreen, "save_with", save_with)
    res = resident(house)
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, way_in)
    for answer in answers:
        tap(qtbot, settle, win, answer)
    tap(qtbot, settle, win, save)
    screen = win.current
    assert screen.key == key and screen.save.isEnabled()
    assert "disk is full" in screen.message.text() and screen.message.isVisible()
    picked = [b.accessibleName() for b in screen.findChildren(QAbstractButton) if b.isChecked()]
    assert set(answers) <= set(picked)  # nothing was forgotten: tapping Save again retries
