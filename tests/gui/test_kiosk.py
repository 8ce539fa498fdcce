"""The resident kiosk, driven through its real widgets over the real encrypted database.

Every action is checked in the database (through services) and in the audit chain.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from sqlmodel import col, select

from peerhouse.models.audit import AuditEvent
from peerhouse.models.people import Resident
from peerhouse.services import (
    checkins,
    chores,
    goals,
    houses,
    outside_meetings,
    pins,
    resources,
    signouts,
)
from peerhouse.services.actor import Actor
from peerhouse.services.chores import ChoreInput
from peerhouse.services.clock import local_day, now, week_start, zone
from peerhouse.store import vault
from peerhouse.store.audit import verify_chain
from peerhouse.ui.formats import clock as clock_text
from peerhouse.ui.kiosk import window as kiosk_window
from peerhouse.ui.kiosk.widgets import long_day_text
from peerhouse.ui.kiosk.window import KioskWindow
from tests.gui.steps import sign_in
from tests.support.audit_log import audit_events

PIN = "402917"


def resident(house, first="Alex", last="Rivera", *, must_change=False, **kw) -> Resident:
    res = house.admit(first, last, move_in_date=local_day(now(), "America/Chicago")
                      - timedelta(days=20), **kw)
    pins.reset_pin(house.store, house.manager, res.id, "583920")
    if not must_change:
        pins.choose_pin(house.store, Actor.resident(res.id, res.house_id), PIN)
    return res


def button(win: KioskWindow, name: str) -> QAbstractButton:
    found = [b for b in win.current.findChildren(QAbstractButton)
             if b.accessibleName() == name and b.isVisible()]
    assert found, f"no visible button {name!r} on {win.current.key}"
    return found[0]


def tap(qtbot, settle, win: KioskWindow, name: str) -> None:
    qtbot.mouseClick(button(win, name), Qt.MouseButton.LeftButton)
    settle()


def enter_pin(qtbot, settle, win: KioskWindow, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(win.current.pad.keys[digit], Qt.MouseButton.LeftButton)
    settle()


def log_in(qtbot, settle, win: KioskWindow, res: Resident, pin: str = PIN) -> None:
    tap(qtbot, settle, win, f"I am {res.board_name}")
    assert win.current.key == "pin"
    enter_pin(qtbot, settle, win, pin)


def at_check_in(qtbot, settle, win: KioskWindow, res: Resident) -> tuple[KioskWindow, QWidget]:
    """`res` signed in at the kiosk `win` and on the check-in screen: (win, that screen)."""
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "Check in")
    return win, win.current


def answer_every_question(qtbot, settle, win: KioskWindow) -> None:
    """Mood 4, craving 2, slept well, no sponsor call: every question of a check-in."""
    for name in ("Mood 4 of 5: good", "Craving 2 of 10", "Did you sleep well? Yes",
                 "Talked with your sponsor today? No"):
        tap(qtbot, settle, win, name)


def chain_ok(house) -> bool:
    with house.store.read() as s:
        return verify_chain(s, house.store.audit_key).ok


def back_to_start(qtbot, settle, win: KioskWindow) -> None:
    """The thank-you screen returns to the start by itself (the roster then reloads)."""
    qtbot.waitUntil(lambda: win.current.key == "start" and win.actor is None, timeout=5000)
    settle()


def test_login_shows_the_residents_own_home(house, qtbot, settle, open_kiosk):
    res = resident(house, "Alexander", "Rivera", preferred_name="Alex",
                   sobriety_date=local_day(now(), "America/Chicago") - timedelta(days=30))
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    assert win.current.key == "home" and win.current.title.text() == "Hi Alex"
    assert win.current.sober_count.text() == "30 days" and win.current.celebrate.isVisible()
    # Tonight's curfew is the one in force for them, and says whose it is (curfew.in_force).
    tonight = signouts.tonight_curfew(house.store, house.manager, res.id)
    assert str(tonight.whose) in ("Phase 1 – Orientation's curfew", "the weekend curfew")
    assert (f"Curfew tonight: {clock_text(tonight.local)} ({tonight.whose})."
            in win.current.status.text())
    assert [e.actor for e in audit_events(house.store, "kiosk.login")] == [f"resident:{res.id}"]
    tap(qtbot, settle, win, "I'm finished: sign off the kiosk")
    assert win.current.key == "start" and win.actor is None and chain_ok(house)


def test_first_login_asks_for_a_new_pin_twice_and_refuses_common_ones(house, qtbot, settle,
                                                                      open_kiosk):
    res = resident(house, must_change=True)
    win = open_kiosk()
    log_in(qtbot, settle, win, res, "583920")
    assert win.current.key == "choose_pin"
    enter_pin(qtbot, settle, win, "123456")
    assert "too easy to guess" in win.current.message.text()
    enter_pin(qtbot, settle, win, "715204")
    enter_pin(qtbot, settle, win, "715205")
    assert "not the same" in win.current.message.text()
    enter_pin(qtbot, settle, win, "715204")
    enter_pin(qtbot, settle, win, "715204")
    assert win.current.key == "home" and "new PIN is saved" in win.current.message.text()
    login = pins.verify_pin(house.store, res.id, "715204")
    assert not login.must_change_pin
    assert [e.actor for e in audit_events(house.store, "resident.pin.choose")][-1] == f"resident:{res.id}"
    assert chain_ok(house)


def test_five_wrong_pins_lock_and_stay_locked_after_a_restart(house, qtbot, settle, open_kiosk):
    res = resident(house)
    win = open_kiosk()
    tap(qtbot, settle, win, f"I am {res.board_name}")
    enter_pin(qtbot, settle, win, "999888")
    assert win.current.message.text() == "That PIN didn't match. You have 4 more tries."
    for _ in range(4):
        enter_pin(qtbot, settle, win, "999888")
    assert "ask the house manager" in win.current.message.text()
    assert not win.current.pad.isVisible()
    assert len(audit_events(house.store, "kiosk.login_failed")) == 5

    house.store.close()  # a restart: the records reopened, a new kiosk
    store = vault.open_store(house.paths, vault.key_from_keyring(house.paths))
    try:
        again = open_kiosk(store)
        log_in(qtbot, settle, again, res)  # the right PIN
        assert again.current.key == "pin" and again.actor is None
        assert "PIN is locked" in again.current.message.text()
        with store.read() as s:
            assert s.get(Resident, res.id).pin_locked
            assert verify_chain(s, store.audit_key).ok
            refused = s.exec(select(AuditEvent.action).where(
                col(AuditEvent.action).in_(["kiosk.login_failed", "kiosk.login_refused"]))
                .order_by(col(AuditEvent.seq)))
            assert list(refused) == ["kiosk.login_failed"] * 5 + ["kiosk.login_refused"]
    finally:
        again.leave_kiosk()
        store.close()


def test_check_in_then_a_second_check_in_updates_it(house, qtbot, settle, open_kiosk):
    res = resident(house)
    win, screen = at_check_in(qtbot, settle, open_kiosk(), res)
    tap(qtbot, settle, win, "Save my check-in")
    assert "tap a face" in screen.message.text()  # nothing saved half-way
    answer_every_question(qtbot, settle, win)
    qtbot.keyClicks(screen.note, "Grateful for my sponsor")
    tap(qtbot, settle, win, "Save my check-in")
    assert win.current.key == "done"
    assert win.current.text.text() == "Thanks, Alex. Your check-in is saved."
    back_to_start(qtbot, settle, win)

    log_in(qtbot, settle, win, res)
    assert win.current.tiles["check"].accessibleName() == "Update my check-in"
    tap(qtbot, settle, win, "Update my check-in")
    assert screen.mood.value() == 4 and screen.note.text() == "Grateful for my sponsor"
    tap(qtbot, settle, win, "Mood 2 of 5: low")
    screen.talk.click()
    tap(qtbot, settle, win, "Save my changes")
    assert win.current.text.text().startswith("Thanks, Alex. Your check-in is updated.")

    day = local_day(now(), "America/Chicago")
    rows = checkins.checkins_for_resident(house.store, house.manager, res.id, day,
                                          day + timedelta(days=1))
    assert len(rows) == 1 and (rows[0].mood, rows[0].craving, rows[0].wants_to_talk) == (2, 2, True)
    assert rows[0].source == "kiosk" and rows[0].slept_well and not rows[0].sponsor_contact
    created, updated = audit_events(house.store, "checkin.create"), audit_events(house.store, "checkin.update")
    assert [e.actor for e in created + updated] == [f"resident:{res.id}"] * 2
    assert set(json.loads(updated[0].details)["fields"]) == {"mood", "wants_to_talk"}
    assert "Grateful" not in created[0].details and chain_ok(house)


def test_id_like_to_talk_without_a_check_in_asks_how_they_feel(house, qtbot, settle, open_kiosk):
    res = resident(house)
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "I'd like to talk to someone")
    assert win.current.key == "talk"
    tap(qtbot, settle, win, "Mood 2 of 5: low")
    tap(qtbot, settle, win, "Craving 6 of 10")
    tap(qtbot, settle, win, "Let someone know")
    assert win.current.key == "done" and "Staff will see" in win.current.text.text()
    talk = checkins.talk_requests(house.store, house.staff, house.house_id)
    assert [t.resident_id for t in talk] == [res.id]


def test_the_kiosks_writes_run_on_the_one_write_thread_and_its_reads_on_the_pool(
        house, qtbot, settle, open_kiosk, monkeypatch):
    """A resident's saves are applied in the order tapped, on the write thread the manager
    window's writes use too (the kiosk may run in the manager's process)."""
    asked: list[tuple[str, bool]] = []
    real = kiosk_window.run_task

    def spy(fn, *args, serial: bool = False, **kwargs):
        asked.append((getattr(fn, "__name__", "?"), serial))
        return real(fn, *args, serial=serial, **kwargs)

    monkeypatch.setattr(kiosk_window, "run_task", spy)
    res = resident(house)
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "I'd like to talk to someone")
    tap(qtbot, settle, win, "Mood 2 of 5: low")
    tap(qtbot, settle, win, "Craving 6 of 10")
    tap(qtbot, settle, win, "Let someone know")
    assert win.current.key == "done"
    on_write_thread = dict(asked)
    assert on_write_thread["ask_to_talk"] is True
    assert on_write_thread["home"] is False and on_write_thread["roster"] is False


def test_mark_a_chore_done(house, qtbot, settle, open_kiosk):
    res = resident(house)
    chores.create_chore(house.store, house.manager, house.house_id, ChoreInput(
        "Dishes", frequency="daily", rotating=False, fixed_resident_id=res.id))
    today = local_day(now(), "America/Chicago")
    chores.generate_week(house.store, house.manager, house.house_id, week_start(today),
                         include_past=True)
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "My chores")
    buttons = [b for b in win.current.findChildren(QAbstractButton)
               if b.accessibleName() == "Mark done: Dishes"]
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)  # today's comes first
    settle()
    assert win.current.text.text() == "Thanks, Alex. Dishes is marked done."
    mine = chores.resident_chores(house.store, house.manager, res.id, today)
    assert [c.status for c in mine] == ["done"]
    ev = audit_events(house.store, "chore.done")
    assert [e.actor for e in ev] == [f"resident:{res.id}"] and chain_ok(house)


def test_sign_out_then_sign_in(house, qtbot, settle, open_kiosk):
    res = resident(house)
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "Sign out")
    assert "Curfew tonight" in win.current.curfew.text()
    tap(qtbot, settle, win, "Going to: Work")
    tap(qtbot, settle, win, "Back in 2 hours")
    tap(qtbot, settle, win, "Sign out now")
    assert win.current.key == "done" and "You're signed out" in win.current.text.text()
    out = signouts.open_signout(house.store, house.manager, res.id)
    assert out is not None and out.destination == "Work" and out.expected_back_at is not None
    back_to_start(qtbot, settle, win)

    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "Sign in: I'm back")
    assert win.current.text.text() == "Welcome back, Alex. You're signed in."
    assert signouts.open_signout(house.store, house.manager, res.id) is None
    assert [e.actor for e in audit_events(house.store, "signout.out") + audit_events(house.store, "signout.in")] == [
        f"resident:{res.id}"] * 2
    assert chain_ok(house)
    tap(qtbot, settle, win, "Do something else")  # the tile works again: sign out once more
    assert win.current.key == "home" and button(win, "Sign out").isEnabled()


def test_log_an_outside_meeting_picked_from_the_directory(house, qtbot, settle, open_kiosk):
    res = resident(house)
    resources.create_resource(house.store, house.manager, resources.ResourceInput(
        name="Tuesday Night Step Study (AA)", kind="meeting", house_id=house.house_id,
        schedule="Tuesdays 7 pm", address="12 Elm St"))
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "I went to a meeting")
    tap(qtbot, settle, win, "Meeting: Tuesday Night Step Study (AA)")
    assert win.current.fellowship.value() == "AA"
    tap(qtbot, settle, win, "Save my meeting")
    assert win.current.text.text() == "Thanks, Alex. Your meeting is saved."
    today = local_day(now(), "America/Chicago")
    logged = outside_meetings.list_for_resident(house.store, house.manager, res.id, today, today)
    assert [(m.fellowship, m.name, m.place, m.source) for m in logged] == [
        ("AA", "Tuesday Night Step Study (AA)", "12 Elm St", "kiosk")]
    ev = audit_events(house.store, "outside_meeting.log")
    assert ev[0].actor == f"resident:{res.id}" and "AA" not in ev[0].details and chain_ok(house)


def test_idle_returns_to_start_and_discards_unsaved_input(house, qtbot, settle, open_kiosk,
                                                          clock):
    houses.set_setting(house.store, house.manager, "kiosk_idle_seconds", "30")
    res = resident(house)
    win = open_kiosk()
    assert win.idle.timeout_s == 30
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "Check in")
    screen = win.current
    tap(qtbot, settle, win, "Mood 3 of 5: okay")
    clock.t += 29
    win.idle.check()
    assert win.current.key == "checkin"
    clock.t += 31  # wall-clock time: a sleeping PC counts too
    win.idle.check()
    assert win.current.key == "start" and win.actor is None
    assert screen.mood.value() is None
    day = local_day(now(), "America/Chicago")
    assert checkins.checkins_for_resident(house.store, house.manager, res.id, day,
                                          day + timedelta(days=1)) == []


def test_escape_and_close_never_leave_without_a_staff_password(house, qtbot, settle,
                                                               open_kiosk):
    win = open_kiosk()
    qtbot.keyClick(win, Qt.Key.Key_Escape)
    win.close()
    settle()
    assert win.isVisible()
    tap(qtbot, settle, win, "Staff: close the kiosk")
    screen = win.current
    qtbot.keyClicks(screen.username, "sam")
    qtbot.keyClicks(screen.password, "not-the-password")
    tap(qtbot, settle, win, "Close the kiosk")
    assert win.isVisible() and "Wrong username or password" in screen.message.text()
    screen.password.setText("staff-pass-1234")
    with qtbot.waitSignal(win.closed, timeout=5000):
        tap(qtbot, settle, win, "Close the kiosk")
    assert not win.isVisible()
    assert [e.actor for e in audit_events(house.store, "kiosk.close")] == [house.staff.audit_name]
    assert chain_ok(house)


def test_start_roster_shows_board_names_only(house, qtbot, settle, open_kiosk):
    res = resident(house, "Alex", "Rivera", notes="private manager note", phone="555-0101",
                   sponsor_name="Pat Sponsor",
                   sobriety_date=local_day(now(), "America/Chicago") - timedelta(days=45))
    house.admit("Cal", "Applicant", status="applicant")
    win = open_kiosk()
    texts = [w.text() for w in win.findChildren(QAbstractButton) + win.findChildren(QLabel)
             if w.isVisible()]
    assert "Alex R." in texts and "Cal A." not in texts  # applicants are not listed
    joined = " ".join(texts)
    for secret in ("Rivera", "private", "555", "Pat", "45 days", "months"):
        assert secret not in joined
    assert win.current.entries[0].resident_id == res.id


def test_header_clock_shows_the_houses_time_not_the_pcs(house, settle, open_kiosk):
    far = "Pacific/Kiritimati"  # UTC+14: never the day and hour of the machine running this
    houses.update_house(house.store, house.manager, house.house_id,
                        houses.HouseRules(name="Maple House", timezone=far))
    win = open_kiosk()
    assert win.house is not None and win.house.timezone == far
    before = now().astimezone(zone(far))
    win._tick()
    after = now().astimezone(zone(far))
    assert win.clock_label.text() in {f"{long_day_text(at.date())}  ·  {clock_text(at)}"
                                      for at in (before, after)}


def test_type_your_first_name_mode_hides_the_roster(house, qtbot, settle, open_kiosk):
    res = resident(house)
    rules = houses.HouseRules(name="Maple House", timezone="America/Chicago",
                              kiosk_name_mode="type")
    houses.update_house(house.store, house.manager, house.house_id, rules)
    win = open_kiosk()
    assert not [b for b in win.current.findChildren(QAbstractButton)
                if b.accessibleName().startswith("I am") and b.isVisible()]
    qtbot.keyClicks(win.current.typed, "alex")
    tap(qtbot, settle, win, "Find my name")
    assert win.current.key == "pin" and win.current.entry.resident_id == res.id


def test_goal_step_done_and_late_results_never_reach_the_next_person(house, qtbot, settle,
                                                                     open_kiosk):
    res = resident(house)
    view = goals.create_goal(house.store, house.manager, res.id, "work", "Find a job",
                             steps=["Update my resume", "Apply to three places"])
    win = open_kiosk()
    log_in(qtbot, settle, win, res)
    tap(qtbot, settle, win, "My goals")
    tap(qtbot, settle, win, "Mark done: Update my resume")
    assert win.current.text.text() == "Well done, Alex. That step is marked done."
    step = goals.get_goal(house.store, house.manager, view.goal.id).steps[0]
    assert step.done_at is not None
    assert audit_events(house.store, "goal.step.done")[0].actor == f"resident:{res.id}"
    back_to_start(qtbot, settle, win)

    log_in(qtbot, settle, win, res)
    win.show_screen("goals")  # the goals are still loading when the session ends…
    win.end_session()
    settle()  # …so they are dropped, not shown to whoever stands there next
    goals_screen = win.screens["goals"]
    assert goals_screen.items.count() == 0 and win.current.key == "start"
    assert chain_ok(house)


def test_start_kiosk_from_the_manager_window_logs_out_and_leaving_returns_to_login(
        house, qtbot, settle):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from peerhouse.ui.app import ManagerApp
    from peerhouse.ui.session.login import LoginDialog

    res = resident(house)
    app = ManagerApp(house.paths)
    app.store = house.store
    app.kiosk.full_screen = False
    window = sign_in(qtbot, app, "sam", "staff-pass-1234")
    [start] = [b for b in window.findChildren(QAbstractButton) if b.text() == "Start kiosk"]
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    [box] = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert "logged out" in box.text()
    [yes] = [b for b in box.buttons() if b.text().replace("&", "") == "Start kiosk"]
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.kiosk.window is not None, timeout=15000)
    win = app.kiosk.window
    assert isinstance(win, KioskWindow) and win.isVisible()
    assert app.window is None and app.ctx is None  # no manager screen is reachable
    assert [e.actor for e in audit_events(house.store, "kiosk.open")] == [house.staff.audit_name]
    settle()
    log_in(qtbot, settle, win, res)
    assert win.current.key == "home"
    tap(qtbot, settle, win, "I'm finished: sign off the kiosk")
    tap(qtbot, settle, win, "Staff: close the kiosk")
    screen = win.current
    qtbot.keyClicks(screen.username, "sam")
    qtbot.keyClicks(screen.password, "staff-pass-1234")
    tap(qtbot, settle, win, "Close the kiosk")
    qtbot.waitUntil(lambda: isinstance(app.dialog, LoginDialog), timeout=5000)
    assert app.kiosk.window is None and not (shiboken6.isValid(win) and win.isVisible())
    assert chain_ok(house)
    app.dialog.close()


def test_house_text_size_is_the_default_and_comes_back_after_each_person(house, qtbot, settle,
                                                                         open_kiosk):
    from peerhouse.ui.kiosk.widgets import SCALES

    res = resident(house)
    houses.set_setting(house.store, house.manager, "kiosk_text_size", "1.3")
    win = open_kiosk()
    assert SCALES[win.scale_index] == 1.3
    tap(qtbot, settle, win, "Larger text")
    assert SCALES[win.scale_index] == 1.5
    log_in(qtbot, settle, win, res)
    assert win.current.key == "home" and SCALES[win.scale_index] == 1.5
    tap(qtbot, settle, win, "I'm finished: sign off the kiosk")
    assert win.current.key == "start" and SCALES[win.scale_index] == 1.3


@pytest.mark.parametrize("case", ["key", "no_key", "no_keyring", "no_database",
                                  "damaged_key_file"])
def test_peerhouse_kiosk_opens_with_the_remembered_key_or_explains_plainly(
        house, qtbot, settle, monkeypatch, tmp_path, case):
    import keyring
    from keyring.errors import KeyringError

    from peerhouse.paths import DataPaths
    from peerhouse.store import keyring_slot
    from peerhouse.ui.kiosk import app as kiosk_app

    paths = house.paths
    if case == "no_key":
        keyring_slot.forget_key(house.store.setup_id)
    elif case == "no_keyring":
        def broken(*_a, **_k):
            raise KeyringError("no backend")
        monkeypatch.setattr(type(keyring.get_keyring()), "get_password", broken)
    elif case == "no_database":
        paths = DataPaths(tmp_path / "empty")
    elif case == "damaged_key_file":
        house.store.close()
        paths.keyfile.write_bytes(b"{ not a key file")
    launcher = kiosk_app.KioskLauncher(paths, full_screen=False)
    launcher.start()
    settle()
    win = launcher.window
    assert win is not None and win.isVisible()
    if case == "key":
        qtbot.addWidget(win)
        assert isinstance(win, KioskWindow)
        win.leave_kiosk()
    else:
        expected = {"no_key": kiosk_app.LOCKED, "no_keyring": kiosk_app.NO_KEYRING,
                    "no_database": kiosk_app.NOT_SET_UP,
                    "damaged_key_file": "The kiosk can't open the records.\n\nThe key file "
                                        "peerhouse.keys is damaged"}[case]
        assert isinstance(win, kiosk_app.NoticeScreen)
        assert win.text.text().startswith(str(expected))
        win.close()
    settle()
    if launcher.store is not None:
        launcher.store.close()


def test_no_touch_target_under_48_px_at_the_smallest_text(house, qtbot, settle, open_kiosk):
    win = open_kiosk()
    win.set_scale(-len(kiosk_window.SCALES))
    settle()
    small = [(b.accessibleName(), b.height()) for b in win.findChildren(QAbstractButton)
             if b.isVisible() and b.height() < 48]
    assert small == []
