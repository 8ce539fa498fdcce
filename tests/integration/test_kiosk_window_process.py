"""The real kiosk window in one process and a manager in another, on one encrypted file.

The kiosk child drives its own widgets (name → PIN keypad → check-in faces → save), the
way a resident taps them, and reports each check-in only once the thank-you screen shows
(the save has committed). Meanwhile the manager child admits applicants. Afterwards every
reported check-in is in the file with the values last reported for each resident, every
write has its audit event, and all checks pass.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import timedelta

from sqlmodel import func, select

from peerhouse.models import AuditEvent, CheckIn, Resident
from peerhouse.services import pins
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_day, now
from peerhouse.store.checks import run_checks

PIN = "402917"
ROUNDS = 18

KIOSK = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QAbstractButton, QApplication
    app = QApplication([])
    from peerhouse.paths import DataPaths
    from peerhouse.services import kiosk
    from peerhouse.store import vault
    from peerhouse.ui.kiosk import screens_home
    from peerhouse.ui.kiosk.window import KioskWindow

    screens_home.TICK_MS = 2
    pin, rounds = sys.argv[1], int(sys.argv[2])
    paths = DataPaths.resolve()
    store = vault.open_from_keyring(paths)
    win = KioskWindow(paths, store)
    win.resize(1280, 800)
    win.show()

    def wait(cond, what, timeout=30.0):
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                said = getattr(win.current, "message", None)
                raise SystemExit(f"timed out waiting for {what} on {win.current.key}: "
                                 f"{said.text() if said is not None else ''}")
            app.processEvents()
            time.sleep(0.005)
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()

    def tap(prefix):
        found = [b for b in win.current.findChildren(QAbstractButton)
                 if b.accessibleName().startswith(prefix) and b.isVisible()]
        if not found:
            raise SystemExit(f"no button {prefix!r} on {win.current.key}")
        found[0].click()
        app.processEvents()

    wait(lambda: win.house is not None, "the house")
    roster = kiosk.roster(store, win.house.house_id)
    for n in range(rounds):
        entry = roster[n % len(roster)]
        wait(lambda: win.current.key == "start" and win.actor is None, "the start screen")
        win.screens["start"].pick(entry)
        for digit in pin:
            win.current.pad.keys[digit].click()
        wait(lambda: win.current.key == "home", "home")
        tap("Update my check-in" if win.home_view.checked_in_today else "Check in")
        wait(lambda: win.current.key == "checkin", "the check-in")
        mood, craving = 1 + n % 5, n % 11
        tap(f"Mood {mood} of 5")
        tap(f"Craving {craving} of 10")
        tap("Did you sleep well? " + ("Yes" if n % 2 else "No"))
        tap("Talked with your sponsor today? Yes")
        tap("Save my")
        wait(lambda: win.current.key == "done", "the thank-you")
        print("ok", n, entry.resident_id, mood, craving, flush=True)
    win.leave_kiosk()
    QThreadPool.globalInstance().waitForDone()
    store.close()
    """
)

MANAGER = textwrap.dedent(
    """
    import sys
    from peerhouse.paths import DataPaths
    from peerhouse.services import residents
    from peerhouse.services.accounts import login
    from peerhouse.store import vault
    store = vault.open_from_keyring(DataPaths.resolve())
    house_id, rounds = int(sys.argv[1]), int(sys.argv[2])
    me = login(store, "manny", "manager-pass-123")
    for n in range(rounds):
        residents.admit(store, me, residents.ResidentInput(
            first_name=f"Applicant{n}", last_name="Waiting", house_id=house_id,
            status="applicant"))
        print("ok", n, flush=True)
    store.close()
    """
)


def test_real_kiosk_window_and_manager_write_one_file_at_once(house):
    moved_in = local_day(now(), "America/Chicago") - timedelta(days=20)
    ids = []
    for first in ("Alex", "Blair", "Casey", "Devon"):
        res = house.admit(first, "Kiosk", move_in_date=moved_in)
        pins.reset_pin(house.store, house.manager, res.id, "583920")
        pins.choose_pin(house.store, Actor.resident(res.id, res.house_id), PIN)
        ids.append(res.id)
    kiosk = subprocess.Popen([sys.executable, "-c", KIOSK, PIN, str(ROUNDS)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    manager = subprocess.Popen([sys.executable, "-c", MANAGER, str(house.house_id), "30"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    k_out, k_err = kiosk.communicate(timeout=300)
    m_out, m_err = manager.communicate(timeout=300)
    assert kiosk.returncode == 0, k_err[-2000:]
    assert manager.returncode == 0, m_err[-2000:]
    reported = [line.split()[1:] for line in k_out.splitlines() if line.startswith("ok ")]
    assert len(reported) == ROUNDS and m_out.count("ok") == 30
    last = {int(rid): (int(mood), int(craving)) for _n, rid, mood, craving in reported}
    assert set(last) == set(ids)

    with house.store.read() as s:
        rows = {c.resident_id: (c.mood, c.craving, c.source) for c in s.exec(select(CheckIn))}
        applicants = s.exec(select(func.count()).select_from(Resident)
                            .where(Resident.status == "applicant")).one()
        acts = list(s.exec(select(AuditEvent.action, AuditEvent.actor)))
    assert {rid: (mood, craving) for rid, (mood, craving, _src) in rows.items()} == last
    assert {src for *_v, src in rows.values()} == {"kiosk"}
    assert applicants == 30
    checkin_events = [actor for action, actor in acts if action.startswith("checkin.")]
    assert len(checkin_events) == ROUNDS
    assert set(checkin_events) == {f"resident:{rid}" for rid in ids}
    assert sum(action == "kiosk.login" for action, _a in acts) >= ROUNDS
    report = run_checks(house.store)
    assert report.ok, report.lines
