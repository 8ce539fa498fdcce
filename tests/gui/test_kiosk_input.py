"""The kiosk's input: the on-screen keyboard, taps while it is up, what a return to the
start screen forgets, and what saves a check-in.

Taps here go through the window as a touch screen's would (press, then release, at a
point of the window), so focus moves and layouts change exactly as they do for a person.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QWidget,
)

from peerhouse.services import checkins, chores, goals, houses, meetings, resources
from peerhouse.services.chores import ChoreInput
from peerhouse.services.clock import local_day, now, week_start
from peerhouse.ui.kiosk import screens_home
from peerhouse.ui.kiosk import settings as kiosk_settings
from peerhouse.ui.kiosk.flow import ChoiceRow
from peerhouse.ui.kiosk.keypad import PinPad
from peerhouse.ui.kiosk.widgets import SCALES
from peerhouse.ui.kiosk.window import KioskWindow
from tests.gui.test_kiosk import answer_every_question, at_check_in, log_in, resident, tap

TZ = "America/Chicago"


def shown_text(btn: QAbstractButton) -> str:
    """What a button shows: Qt hides a lone "&" (it marks a keyboard shortcut) and
    shows "&&" as one "&"."""
    raw = QAbstractButton.text(btn)
    return re.sub(r"&(.?)", r"\1", raw)


def lone_ampersand(btn: QAbstractButton) -> bool:
    return "&" in QAbstractButton.text(btn).replace("&&", "")


def press_at(win: QWidget, widget: QWidget) -> QPoint:
    """A finger down on the middle of `widget` (window coordinates)."""
    pos = widget.mapTo(win, widget.rect().center())
    QTest.mousePress(win.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     pos)
    return pos


def release_at(win: QWidget, pos: QPoint) -> None:
    QTest.mouseRelease(win.windowHandle(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, pos)


class _LoopBetweenTaps(QObject):
    """Runs the event loop's posted work between the two taps of a double tap, as the
    ~150 ms between a person's taps do (QTest sends them back to back)."""

    def __init__(self, window: QObject) -> None:
        super().__init__()
        self.window, self.presses = window, 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.MouseButtonPress:
            self.presses += 1
            if self.presses == 2:
                QApplication.sendPostedEvents()  # e.g. the layout after the first tap
        return False


def double_tap(win: QWidget, pos: QPoint) -> None:
    """Two quick taps at `pos`: the system makes the second a double-click."""
    between = _LoopBetweenTaps(win.windowHandle())
    QApplication.instance().installEventFilter(between)
    try:
        QTest.mouseDClick(win.windowHandle(), Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier, pos)
    finally:
        QApplication.instance().removeEventFilter(between)


def touch(win: QWidget, widget: QWidget, settle) -> None:
    release_at(win, press_at(win, widget))
    settle()


def key_for(win: KioskWindow, ch: str) -> QAbstractButton:
    for keys in win.keyboard.keys:
        for key in keys:
            if key.accessibleName() in (f"Symbol {ch}", f"Letter {ch.upper()}"):
                return key
    raise AssertionError(f"no key for {ch!r}")


# -- the "&" key and every other button text ------------------------------------------------
@pytest.fixture
def ampersands(house):
    """Words with "&" wherever the kiosk puts a person's or a staff member's words on a
    button: a second house, a meeting in the directory, a goal step."""
    res = resident(house, "Alex", "Rivera")
    houses.create_house(house.store, house.manager, houses.HouseRules(
        name="Oak & Elm", timezone=TZ))
    resources.create_resource(house.store, house.manager, resources.ResourceInput(
        name="Smith & Jones Step Study (NA)", kind="meeting", house_id=house.house_id,
        schedule="Fridays 6 & 8 pm"))
    goals.create_goal(house.store, house.manager, res.id, "family", "Family time",
                      steps=["Call Mom & Dad"])
    return res


def test_every_kiosk_button_shows_an_ampersand_as_typed(house, qtbot, settle, open_kiosk,
                                                         ampersands):
    """Qt reads a lone "&" on a button as a shortcut mark and hides it: the "&" key was
    blank. Every button the kiosk shows, on every screen, shows its words as written."""
    win = open_kiosk()
    seen: dict[str, str] = {}

    def look() -> None:
        for btn in win.findChildren(QAbstractButton):
            if btn.isVisible():
                assert not lone_ampersand(btn), (win.current.key, QAbstractButton.text(btn))
                seen[btn.accessibleName()] = shown_text(btn)

    look()
    assert seen["House: Oak & Elm"] == "Oak & Elm"
    tap(qtbot, settle, win, "Staff: close the kiosk")
    win.current.username.setFocus()
    settle()
    assert win.keyboard.isVisible()
    win.keyboard.toggle_symbols()
    look()
    assert shown_text(key_for(win, "&")) == "&"
    win.keyboard.toggle_symbols()
    tap(qtbot, settle, win, "Back")
    log_in(qtbot, settle, win, ampersands)
    for screen in ("home", "checkin", "talk", "chores", "signout", "meeting", "schedule",
                   "resources", "goals", "crisis"):
        win.show_screen(screen)
        settle()
        look()
    assert seen["Meeting: Smith & Jones Step Study (NA)"] == (
        "Smith & Jones Step Study (NA)\nFridays 6 & 8 pm")
    assert seen["Mark done: Call Mom & Dad"] == "Mark done"
    win.confirm("Thanks & well done.")
    look()


def test_the_ampersand_key_types_an_ampersand(house, qtbot, settle, open_kiosk):
    win = open_kiosk()
    tap(qtbot, settle, win, "Staff: close the kiosk")
    box = win.current.username
    box.setFocus()
    settle()
    win.keyboard.toggle_symbols()
    touch(win, key_for(win, "&"), settle)
    assert box.text() == "&"


# -- the keyboard starts with letters ----------------------------------------------------------
def test_the_keyboard_comes_up_with_letters_for_each_box_and_each_person(
        house, qtbot, settle, open_kiosk):
    res = resident(house)
    win = open_kiosk()
    tap(qtbot, settle, win, "Staff: close the kiosk")
    staff = win.current
    staff.password.setFocus()
    settle()
    win.keyboard.toggle_symbols()
    win.keyboard.toggle_shift()
    staff.username.setFocus()  # the next box: letters again, no capital pending
    settle()
    assert (win.keyboard.symbols, win.keyboard.shift) == (False, False)
    assert QAbstractButton.text(win.keyboard.keys[1][0]) == "q"
    win.keyboard.toggle_symbols()
    tap(qtbot, settle, win, "Back")  # someone else comes to the kiosk
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "Check in")
    win.current.note.setFocus()
    settle()
    assert win.keyboard.isVisible() and not win.keyboard.symbols
    win.keyboard.toggle_symbols()
    tap(qtbot, settle, win, "Back")
    tap(qtbot, settle, win, "I'm finished: sign off the kiosk")
    tap(qtbot, settle, win, "Staff: close the kiosk")
    win.current.username.setFocus()
    settle()
    assert win.keyboard.isVisible() and not win.keyboard.symbols


# -- a tap while the keyboard is up ----------------------------------------------------------
def test_a_tap_on_a_button_while_the_keyboard_is_up_acts_the_first_time(
        house, qtbot, settle, open_kiosk):
    win = open_kiosk()
    tap(qtbot, settle, win, "Staff: close the kiosk")
    screen = win.current
    screen.username.setFocus()
    settle()
    assert win.keyboard.isVisible()
    close = screen.submit_button
    where = close.mapTo(win, QPoint(0, 0))
    pos = press_at(win, close)
    QApplication.processEvents()
    # The finger is still down: nothing has moved under it.
    assert close.mapTo(win, QPoint(0, 0)) == where and win.keyboard.isVisible()
    release_at(win, pos)
    settle()
    assert screen.message.text() == "Enter a staff username and password."
    assert not win.keyboard.isVisible()  # the keyboard goes once the finger is lifted


def test_a_tap_on_an_answer_while_the_keyboard_is_up_picks_it(house, qtbot, settle,
                                                             open_kiosk):
    res = resident(house)
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "Sign out")
    screen = win.current
    screen.where.setFocus()
    settle()
    assert win.keyboard.isVisible()
    touch(win, screen.place.buttons["work"], settle)
    assert screen.place.value() == "work"


# -- only Save saves a check-in -------------------------------------------------------------------
class Presses(QObject):
    """Which widget got each press and double-click."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[QObject, QEvent.Type]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self.seen.append((watched, event.type()))
        return False


def test_a_check_in_is_saved_only_by_its_save_button(house, qtbot, settle, open_kiosk):
    res = resident(house)
    win, screen = at_check_in(qtbot, settle, open_kiosk(), res)
    answer_every_question(qtbot, settle, win)
    screen.note.setFocus()
    settle()
    qtbot.keyClicks(screen.note, "Grateful")
    qtbot.keyClick(screen.note, Qt.Key.Key_Return)  # Enter types nothing more, saves nothing
    qtbot.keyClick(screen.note, Qt.Key.Key_Enter)
    settle()
    assert win.current is screen
    # A quick double tap on the keyboard's Done: the first tap hides the keyboard, and
    # the Save button moves under the finger for the second.
    done = [k for k in win.keyboard.findChildren(QAbstractButton)
            if k.accessibleName() == "Hide the keyboard"][0]
    presses = Presses()
    QApplication.instance().installEventFilter(presses)
    try:
        pos = done.mapTo(win, done.rect().center())
        double_tap(win, pos)
        settle()
    finally:
        QApplication.instance().removeEventFilter(presses)
    assert not win.keyboard.isVisible()
    # The first tap hit Done, the second (a double-click) landed on Save, moved there.
    assert [w for w, _t in presses.seen if isinstance(w, QAbstractButton)] == [done, screen.save]
    assert (screen.save, QEvent.Type.MouseButtonDblClick) in presses.seen
    assert win.current is screen
    day = local_day(now(), TZ)
    assert checkins.checkins_for_resident(house.store, house.manager, res.id, day,
                                          day + timedelta(days=1)) == []
    touch(win, screen.save, settle)  # a tap of its own on Save saves
    assert win.current.key == "done"
    assert len(checkins.checkins_for_resident(house.store, house.manager, res.id, day,
                                              day + timedelta(days=1))) == 1


def test_a_quick_second_tap_on_the_same_key_still_types(house, qtbot, settle, open_kiosk):
    """Double taps on one key are two letters (and two PIN digits), never one."""
    res = resident(house, "Anna", "Lee")
    win = open_kiosk()
    tap(qtbot, settle, win, "Staff: close the kiosk")
    box = win.current.username
    box.setFocus()
    settle()
    key = key_for(win, "l")
    double_tap(win, key.mapTo(win, key.rect().center()))
    settle()
    assert box.text() == "ll"
    tap(qtbot, settle, win, "Back")
    tap(qtbot, settle, win, f"I am {res.board_name}")
    pad = win.current.pad
    key = pad.keys["4"]
    double_tap(win, key.mapTo(win, key.rect().center()))
    settle()
    assert pad.digits == "44"


# -- every return to the start screen forgets everything --------------------------------------
@pytest.fixture
def busy_resident(house):
    """A resident with something on every screen."""
    today = local_day(now(), TZ)
    res = resident(house, "Zephyrine", "Quill", sobriety_date=today - timedelta(days=30))
    chores.create_chore(house.store, house.manager, house.house_id, ChoreInput(
        "Polish the zeppelin", frequency="daily", rotating=False, fixed_resident_id=res.id))
    chores.generate_week(house.store, house.manager, house.house_id, week_start(today),
                         include_past=True)
    goals.create_goal(house.store, house.manager, res.id, "work", "Quixotic goal",
                      steps=["Xylophone lessons"])
    meetings.schedule(house.store, house.manager, house.house_id, now() + timedelta(days=2),
                      topic="Vexillology night")
    resources.create_resource(house.store, house.manager, resources.ResourceInput(
        name="Jubilee Clinic", kind="clinic", house_id=house.house_id))
    return res


PRIVATE = ("Zephyrine", "Polish the zeppelin", "Quixotic", "Xylophone", "Vexillology",
           "Jubilee", "30 days", "typed-by-someone")
ROUTES = ("finished", "idle", "thank-you", "choose-pin back", "pin back", "staff back",
          "crisis back")


def dirty(win: KioskWindow) -> None:
    """Type, tap, scroll and say something on every screen, as people leave them."""
    for screen in win.screens.values():
        for box in screen.findChildren(QLineEdit):
            box.setText("typed-by-someone")
        for row in screen.findChildren(ChoiceRow):
            next(iter(row.buttons.values())).click()
            row.mark_invalid()
        for btn in screen.findChildren(QAbstractButton):
            if btn.isCheckable() and btn.group() is None:
                btn.setChecked(True)
        for pad in screen.findChildren(PinPad):
            pad.press("7")
            pad.setEnabled(False)
        for btn in screen.findChildren(QAbstractButton):
            btn.setEnabled(False)
        screen.say("typed-by-someone said this")
        screen.scroll.verticalScrollBar().setValue(30)
    win.set_scale(+2)
    win.keyboard.toggle_symbols()
    win.keyboard.toggle_shift()


def texts(win: KioskWindow) -> str:
    """Every word the kiosk holds (labels, buttons, boxes, names read out) but the
    names to tap on the start screen."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what was cleared away
    roster = win.screens["start"].names
    out = []
    for w in win.findChildren(QWidget):
        if roster.isAncestorOf(w):
            continue
        out += [w.accessibleName(), w.accessibleDescription(), w.toolTip()]
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            out.append(w.text())
    return "\n".join(out)


def all_reset(win: KioskWindow) -> list[str]:
    problems = []
    if win.current.key != "start" or win.actor is not None or win.name:
        problems.append(f"on {win.current.key} with {win.actor}")
    if win.scale_index != win.default_scale:
        problems.append("text size not back to the house's")
    kb = win.keyboard
    if kb.isVisible() or kb.symbols or kb.shift or kb.target is not None:
        problems.append("keyboard not reset")
    if win.screens["done"].countdown.isActive():
        problems.append("thank-you countdown still running")
    for screen in win.screens.values():
        key = screen.key
        problems += [f"{key}: box {b.accessibleName()!r} holds {b.text()!r}"
                     for b in screen.findChildren(QLineEdit) if b.text()]
        problems += [f"{key}: {b.accessibleName()!r} still chosen"
                     for b in screen.findChildren(QAbstractButton) if b.isChecked()]
        problems += [f"{key}: {b.accessibleName()!r} left disabled"
                     for b in screen.findChildren(QAbstractButton) if not b.isEnabled()]
        problems += [f"{key}: {w.accessibleName()!r} still marked"
                     for w in screen.findChildren(QWidget) if w.property("invalid")]
        problems += [f"{key}: PIN pad holds digits or is off"
                     for p in screen.findChildren(PinPad) if p.digits or not p.isEnabled()]
        if screen.message.text() or screen.message.isVisibleTo(screen):
            problems.append(f"{key}: message {screen.message.text()!r} left")
        if screen.scroll.verticalScrollBar().value():
            problems.append(f"{key}: left scrolled down")
        if screen.typing is not None:
            problems.append(f"{key}: still typing")
    words = texts(win)
    problems += [f"{secret!r} still in the kiosk" for secret in PRIVATE if secret in words]
    return problems


@pytest.fixture
def hand_ticks(monkeypatch) -> None:
    """The thank-you screen's seconds pass only when the test says so."""
    monkeypatch.setattr(screens_home, "TICK_MS", 3_600_000)


@pytest.mark.parametrize("route", ROUTES)
def test_every_return_to_the_start_screen_resets_everything(house, qtbot, settle, open_kiosk,
                                                            clock, busy_resident, hand_ticks,
                                                            route):
    houses.set_setting(house.store, house.manager, "kiosk_text_size", "1.15")
    res = busy_resident
    win = open_kiosk()
    assert win.scale_index == SCALES.index(1.15)
    log_in(qtbot, settle, win, res)
    for screen in ("home", "checkin", "talk", "chores", "signout", "meeting", "schedule",
                   "resources", "goals", "crisis"):
        win.show_screen(screen)
        settle()
    win.screens["pin"].title.setText(f"Hi, {res.board_name}")
    assert all_reset(win)  # the walk above left plenty to forget
    start_on = {"thank-you": "done", "choose-pin back": "choose_pin", "pin back": "pin",
                "staff back": "staff", "crisis back": "crisis"}.get(route, "home")
    if route == "crisis back":
        win._crisis_return = "start"
    if route == "thank-you":
        win.confirm("Thanks, Zephyrine.")
    else:
        win.show_screen(start_on)
    settle()
    assert win.current.key == start_on
    dirty(win)
    if route == "finished":
        win.end_session()
    elif route == "idle":
        clock.t += 3600
        win.idle.check()
    elif route == "thank-you":
        for _ in range(win.done_seconds):
            win.screens["done"].tick()
    else:
        win.current.back_button.setEnabled(True)
        tap(qtbot, settle, win, "Back")
    settle()
    assert all_reset(win) == []
    assert [b for b in win.current.findChildren(QAbstractButton)  # the names, for whoever
            if b.accessibleName() == f"I am {res.board_name}" and b.isVisible()]  # is next


# -- the thank-you screen -------------------------------------------------------------------
def test_thank_you_screen_waits_the_houses_seconds_and_says_how_long_is_left(
        house, qtbot, settle, open_kiosk, hand_ticks):
    res = resident(house)
    houses.set_setting(house.store, house.manager, "kiosk_done_seconds", "12")
    win = open_kiosk()
    assert win.done_seconds == 12
    log_in(qtbot, settle, win, res)
    win.confirm("Thanks, Alex.")
    done = win.current
    assert done.key == "done" and done.countdown.isActive()
    assert done.soon.text() == "Going back to the start in 12 seconds."
    for left in range(11, 0, -1):
        done.tick()
        assert win.current is done
        assert done.soon.text() == (f"Going back to the start in {left} second"
                                    f"{'s' if left > 1 else ''}.")
    tap(qtbot, settle, win, "Do something else")  # there is time to choose
    assert win.current.key == "home" and not done.countdown.isActive()


@pytest.mark.parametrize(("stored", "seconds"), [("", 10), ("3", 8), ("abc", 10), ("45", 45)])
def test_thank_you_time_is_never_under_8_seconds(house, open_kiosk, stored, seconds):
    if stored:
        houses.set_setting(house.store, house.manager, "kiosk_done_seconds", stored)
    win = open_kiosk()
    assert win.done_seconds == seconds
    assert kiosk_settings.DEFAULT_DONE_S >= 8
