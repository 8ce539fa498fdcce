"""The sign-in dialog is on screen before the records are open (and before the database
code is imported), and signing in works the moment they are."""

from __future__ import annotations

import logging
import subprocess
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from peerhouse.ui import start
from peerhouse.ui.app import ManagerApp
from peerhouse.ui.session.login import LoginDialog

# What the first window must not wait for: imported later, off the UI thread.
LATER = ("sqlalchemy", "sqlmodel", "sqlcipher3", "alembic", "reportlab", "keyring", "argon2",
         "peerhouse.store", "peerhouse.services", "peerhouse.reports", "peerhouse.models",
         "peerhouse.ui.app", "peerhouse.ui.manager.window")


def test_the_first_window_imports_no_database_code() -> None:
    code = (
        "import sys, peerhouse.entry, peerhouse.paths, peerhouse.ui.start, peerhouse.ui.session.login\n"
        f"later = {LATER!r}\n"
        "print(sorted(m for m in sys.modules if m.startswith(later)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout.strip()
    assert out == "[]"


def test_sign_in_pressed_while_the_records_open_signs_in_once_they_are(qtbot, house) -> None:
    app = ManagerApp(house.paths)
    app.start()
    dialog = app.dialog
    assert isinstance(dialog, LoginDialog) and dialog.store is None  # on screen at once
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and "Opening the records" in dialog.hint.text()
    assert dialog.recover_button is not None and not dialog.recover_button.isEnabled()
    dialog.username.setText("manny")
    dialog.password.setText("manager-pass-123")
    dialog.ok_button.click()
    assert "as soon as they are open" in dialog.hint.text() and not dialog.ok_button.isEnabled()
    qtbot.waitUntil(lambda: app.window is not None, timeout=15000)
    assert app.window is not None
    qtbot.addWidget(app.window)
    assert dialog.store is not None and app.ctx is not None and app.ctx.username == "manny"
    app.logout()
    assert isinstance(app.dialog, LoginDialog) and app.dialog is not dialog
    app.dialog.close()
    app.shutdown()


def test_the_records_open_behind_the_dialog_and_it_says_when_they_are(qtbot, house) -> None:
    app = ManagerApp(house.paths)
    app.start()
    dialog = app.dialog
    assert isinstance(dialog, LoginDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.store is not None, timeout=15000)
    assert app.dialog is dialog  # the same dialog, now able to sign in
    qtbot.waitUntil(lambda: "Maple House" in dialog.hint.text(), timeout=15000)
    assert dialog.ok_button.isEnabled() and dialog.recover_button is not None
    assert dialog.recover_button.isEnabled()
    dialog.close()
    app.shutdown()


def test_work_after_the_first_paint_waits_for_it(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    ran: list[str] = []
    start.after_first_paint(widget, lambda: ran.append("painted"))
    qtbot.wait(50)
    assert ran == []  # not shown: nothing painted yet
    widget.show()
    qtbot.waitUntil(lambda: ran == ["painted"], timeout=5000)
    widget.update()
    qtbot.wait(600)  # later paints and the fallback timer never run it again
    assert ran == ["painted"]


def test_work_after_the_first_paint_runs_anyway_when_nothing_paints(qtbot) -> None:
    ran: list[str] = []
    hidden = QWidget()
    qtbot.addWidget(hidden)
    start.after_first_paint(hidden, lambda: ran.append("late"))
    start.after_first_paint(None, lambda: ran.append("no window"))
    qtbot.waitUntil(lambda: ran == ["no window"], timeout=2000)
    qtbot.waitUntil(lambda: ran == ["no window", "late"], timeout=2000)


def test_the_window_program_starts_with_sign_in_and_quits_from_it(qtbot, house) -> None:
    seen: list[str] = []

    def look() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, LoginDialog) and w.isVisible()), None)
        if dialog is None or dialog.store is None:
            QTimer.singleShot(20, look)
            return
        seen.append(dialog.windowTitle())
        dialog.reject()  # Quit

    QTimer.singleShot(0, look)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        assert start.main(house.paths) == 0
    finally:
        root.setLevel(level)
        for h in list(root.handlers):
            if h not in handlers:
                root.removeHandler(h)
                h.close()
    assert seen == ["PeerHouse — sign in"]
    assert (house.paths.logs / "peerhouse.log").exists()
