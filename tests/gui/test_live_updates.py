"""An open manager window sees what other processes save, F5 reloads what is shown, and
a request for attention at the kiosk reaches staff as a desktop notice without a name.

The other process is a real child process writing to the same encrypted file (as the
kiosk or `peerhouse import` would), driven step by step over its standard input.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from sqlmodel import func, select

from peerhouse.models.audit import AuditEvent
from peerhouse.services import attention, checkins, houses
from peerhouse.services.actor import Actor
from peerhouse.ui import workers
from peerhouse.ui.manager import live
from peerhouse.ui.manager.notice import Toast, notice_text
from peerhouse.ui.manager.window import MainWindow

CHILD = textwrap.dedent(
    """
    import sys
    from peerhouse.paths import DataPaths
    from peerhouse.services import checkins, residents
    from peerhouse.services.accounts import login
    from peerhouse.services.actor import Actor
    from peerhouse.store import vault
    store = vault.open_from_keyring(DataPaths.resolve())
    house_id = int(sys.argv[1])
    for line in sys.stdin:
        what, *args = line.split()
        if what == "admit":
            me = login(store, "manny", "manager-pass-123")
            residents.admit(store, me, residents.ResidentInput(
                first_name=args[0], last_name=args[1], house_id=house_id))
        elif what == "checkin":
            rid, craving, talk = int(args[0]), int(args[1]), args[2] == "talk"
            checkins.submit_checkin(store, Actor.resident(rid, house_id), rid, 3, craving,
                                    wants_to_talk=talk)
        print("ok", flush=True)
    store.close()
    """
)


class Elsewhere:
    """Another process on the same file: `do("admit Ann Lee")` returns once it is saved."""

    def __init__(self, house) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", CHILD, str(house.house_id)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def do(self, command: str) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "ok", f"{command!r} failed elsewhere"

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=60) == 0


@pytest.fixture
def elsewhere(house) -> Iterator[Elsewhere]:
    other = Elsewhere(house)
    yield other
    other.close()


@pytest.fixture
def fast_polls(monkeypatch) -> None:
    monkeypatch.setattr(live, "POLL_MS", 20)


@pytest.fixture
def window(qtbot, settle, fast_polls, request) -> Iterator[MainWindow]:
    ctx = request.getfixturevalue(getattr(request, "param", "manager_ctx"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: win.live.watch is not None and win.live.seen is not None,
                    timeout=15000)
    settle()
    yield win
    win.close()


@pytest.fixture
def notices(monkeypatch) -> list[tuple[str, str]]:
    """What the tray was asked to show (title, text)."""
    shown: list[tuple[str, str]] = []

    def show_message(_tray, title, text, *_args) -> None:
        shown.append((title, text))

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", show_message)
    return shown


def audit_count(house) -> int:
    with house.store.read() as s:
        return s.exec(select(func.count()).select_from(AuditEvent)).one()


def resident_names(win: MainWindow) -> list[str]:
    model = win.section("residents").model
    return [model.rows[i].first_name for i in range(len(model.rows))]


def changes_seen(qtbot, win: MainWindow):
    """Waits (as a context) until the window has told its sections of a change elsewhere."""
    return qtbot.waitSignal(win.ctx.bus.changed, timeout=15000,
                            check_params_cb=lambda changes, _by: changes.everything)


# -- other processes' changes ------------------------------------------------------------------
def test_a_save_in_another_process_shows_in_the_open_section(house, window, elsewhere, qtbot,
                                                             settle):
    window.show_section("residents")
    qtbot.waitUntil(lambda: window.section("residents").data is not None, timeout=15000)
    assert "Zed" not in resident_names(window)
    elsewhere.do("admit Zed Importova")  # as `peerhouse import` would
    qtbot.waitUntil(lambda: "Zed" in resident_names(window), timeout=15000)
    today = window.section("today")
    assert today._stale  # hidden: it loads the latest when next shown


def test_nothing_is_written_while_nothing_changes(house, window, elsewhere, qtbot, settle):
    """Polling is not an audited read: the trail grows only when something changes, and
    this window's own audited reads (after a change) are not taken for changes."""
    alex = house.admit("Alex", "Rivera")
    checkins.submit_checkin(house.store, Actor.resident(alex.id, house.house_id), alex.id, 3, 9)
    window.show_section("accountability")  # its check-ins tab reads answers (audited)
    settle()

    def quiet_for(polls: int) -> int:
        before, start = audit_count(house), window.live.checks
        qtbot.waitUntil(lambda: window.live.checks >= start + polls, timeout=15000)
        settle()
        assert audit_count(house) == before
        return before

    quiet_for(10)
    houses.set_setting(house.store, house.manager, "kiosk_idle_seconds", "90")  # our own
    quiet_for(10)
    with changes_seen(qtbot, window):
        elsewhere.do(f"checkin {alex.id} 2 calm")
    settle()
    quiet_for(10)  # the reloads it caused were read once, and nothing since


@pytest.mark.parametrize("key", ["today", "residents", "meetings", "chores", "accountability",
                                 "reports", "settings"])
def test_f5_reloads_the_section_on_screen(house, window, qtbot, settle, key):
    window.show_section(key)
    settle()
    section = window.section(key)
    calls: list[str] = []
    original = section.refresh
    section.refresh = lambda: (calls.append(key), original())  # type: ignore[method-assign]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    settle()
    assert calls == [key]


def test_f5_on_a_residents_page_reloads_the_page(house, window, qtbot, settle):
    alex = house.admit("Alex", "Rivera")
    window.ctx.bus.open_resident.emit(alex.id)
    page = window.section("residents").page
    qtbot.waitUntil(lambda: page.profile is not None and not page.busy, timeout=15000)
    house.admit("Blair", "Chen")  # (anything; the page shows Alex)
    before = page.profile
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(page, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.profile is not before, timeout=15000)


# -- notices ---------------------------------------------------------------------------------------
def test_a_request_to_talk_elsewhere_shows_a_notice_without_a_name(house, window, elsewhere,
                                                                    notices, qtbot, settle):
    tess = house.admit("Tessaly", "Quarrington", preferred_name="Tess")
    cal = house.admit("Calloway", "Brightwater")
    window.showMinimized()  # nobody is watching the window
    elsewhere.do(f"checkin {tess.id} 3 talk")
    qtbot.waitUntil(lambda: len(notices) == 1, timeout=15000)
    title, text = notices[0]
    for word in ("Tess", "Quarrington", "Q.", "talk", "craving", "mood"):
        assert word not in title + text
    assert "Today" in text
    talk_id = checkins.talk_requests(house.store, house.manager, house.house_id)[0].checkin_id

    with changes_seen(qtbot, window):  # the same request saved again: no second notice
        elsewhere.do(f"checkin {tess.id} 4 talk")
    settle()
    assert len(notices) == 1

    with changes_seen(qtbot, window):  # a high craving, with the window locked
        workers.hold()
        try:
            elsewhere.do(f"checkin {cal.id} {checkins.HIGH_CRAVING} calm")
        finally:
            qtbot.waitUntil(lambda: len(notices) == 2, timeout=15000)
            workers.release()
    assert "Calloway" not in notices[1][1] and "Brightwater" not in notices[1][1]

    window.showNormal()
    window.show_section("today")
    today = window.section("today")
    qtbot.waitUntil(lambda: today.board is not None and not today.busy, timeout=15000)
    settle()
    talk, cravings = today.cards["talk"], today.cards["cravings"]
    assert talk.property("attention") and cravings.property("attention")
    details = [b.accessibleDescription() for b in talk.buttons() + cravings.buttons()
               if b.accessibleDescription()]
    assert sum(d.startswith("New · ") for d in details) == 2
    assert talk_id in window.ctx.attention
    with house.store.read() as s:
        told = list(s.exec(select(AuditEvent.details).where(
            AuditEvent.action == "checkin.attention.notify")))
    assert len(told) == 2 and not any("Tess" in d or "Cal" in d for d in told)


def test_notices_turned_off_show_none_but_today_still_marks_them(house, window, elsewhere,
                                                                 notices, qtbot, settle):
    houses.set_setting(house.store, house.owner, attention.SETTING, "off")
    tess = house.admit("Tess", "Talker")
    with changes_seen(qtbot, window):
        elsewhere.do(f"checkin {tess.id} 3 talk")
    settle()
    assert notices == []
    today = window.section("today")
    qtbot.waitUntil(lambda: today.cards["talk"].property("attention") is True, timeout=15000)


def test_without_a_tray_the_notice_shows_in_a_corner_panel(house, window, elsewhere, qtbot,
                                                             settle, monkeypatch):
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    tess = house.admit("Tessaly", "Quarrington")
    window.show_section("residents")
    elsewhere.do(f"checkin {tess.id} 3 talk")

    def panels() -> list[Toast]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, Toast) and w.isVisible()]

    qtbot.waitUntil(lambda: len(panels()) == 1, timeout=15000)
    [panel] = panels()
    assert panel.text.text() == notice_text(1) and "Tessaly" not in panel.text.text()
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton)
    settle()
    assert window.current_section() is window.section("today") and not panels()


@pytest.mark.parametrize("window", ["staff_ctx"], indirect=True)
def test_staff_are_told_of_requests_to_talk_only(house, window, elsewhere, notices, qtbot,
                                                 settle):
    cal, tess = house.admit("Cal", "Craver"), house.admit("Tess", "Talker")
    with changes_seen(qtbot, window):
        elsewhere.do(f"checkin {cal.id} 10 calm")
    settle()
    assert notices == []  # staff may not know answers, a high craving included
    elsewhere.do(f"checkin {tess.id} 2 talk")
    qtbot.waitUntil(lambda: len(notices) == 1, timeout=15000)


def test_the_notices_setting_is_saved_and_audited(house, window, qtbot, settle):
    window.show_section("settings")
    settle()
    tab = window.section("settings").house_tab
    card = tab.lock
    assert card.notify.isChecked() and card.done_seconds.value() == 10
    assert tab._scroll.horizontalScrollBar().maximum() == 0  # the card's words fit beside
    card.notify.setChecked(False)
    card.done_seconds.setValue(15)
    assert card.dirty()
    card.save()
    settle()
    assert houses.get_setting(house.store, attention.SETTING) == "off"
    assert houses.get_setting(house.store, "kiosk_done_seconds") == "15"
    with house.store.read() as s:
        changed = set(s.exec(select(AuditEvent.entity_id).where(
            AuditEvent.action == "setting.update")))
    assert changed == {attention.SETTING, "kiosk_done_seconds"}
    assert not card.dirty()


def test_a_notice_clicked_while_locked_leaves_the_window_locked(house, elsewhere, qtbot,
                                                                settle, fast_polls,
                                                                monkeypatch, signed_in):
    from peerhouse.ui.session.login import LoginDialog

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    tess = house.admit("Tess", "Talker")
    app, window = signed_in
    qtbot.waitUntil(lambda: window.live.watch is not None and window.live.seen is not None,
                    timeout=15000)
    window.showMinimized()  # left minimised, then it locked itself
    app.lock()
    lock = app.dialog
    assert isinstance(lock, LoginDialog) and not window.isVisible()
    elsewhere.do(f"checkin {tess.id} 3 talk")
    qtbot.waitUntil(lambda: window.live.notice.toast is not None, timeout=15000)
    qtbot.mouseClick(window.live.notice.toast, Qt.MouseButton.LeftButton)
    settle()
    assert not window.isVisible() and lock.isVisible() and app.locked
    lock.password.setText("manager-pass-123")
    lock.ok_button.click()
    qtbot.waitUntil(lambda: not app.locked, timeout=15000)
    assert window.current_section() is window.section("today")
