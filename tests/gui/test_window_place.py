"""The manager window opens within the screen, where it was last time on this PC, and no
window (a big form included) opens larger than its screen."""

from __future__ import annotations

import json
import os
import stat
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication

from peerhouse.ui.app import ManagerApp
from peerhouse.ui.manager.window import MainWindow
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.window_fit import FIRST_SIZE, GUESSED_FRAME, fit, keep_on_screen
from peerhouse.ui.window_place import FILE_NAME, place_and_show

FRAME = (1, 22, 1, 1)  # left, top (title bar), right, bottom


def _frame_of(inside: QRect) -> QRect:
    left, top, right, bottom = FRAME
    return inside.adjusted(-left, -top, right, bottom)


@pytest.mark.parametrize(("saved", "area"), [
    (None, QRect(0, 0, 1920, 1040)),  # first time, big screen
    (None, QRect(0, 0, 1366, 728)),  # first time, laptop with a taskbar
    (None, QRect(0, 0, 910, 480)),  # first time, 1366x768 at 150 %
    (QRect(100, 100, 1280, 800), QRect(0, 0, 1024, 728)),  # remembered, screen smaller now
    (QRect(3000, 2000, 900, 600), QRect(0, 0, 1366, 728)),  # its screen is gone
    (QRect(-1500, 40, 900, 600), QRect(0, 0, 1366, 728)),  # the left-hand screen is gone
    (QRect(1380, 30, 800, 600), QRect(1366, 0, 1920, 1040)),  # on the second screen: stays
])
def test_a_window_is_placed_inside_the_free_area_of_its_screen(saved, area) -> None:
    inside = fit(saved, area, FRAME)
    assert area.contains(_frame_of(inside))
    if saved is None:
        assert inside.size() == FIRST_SIZE.boundedTo(inside.size())
        assert abs(inside.center().x() - area.center().x()) <= 2  # centred
    else:
        assert inside.width() <= saved.width() and inside.height() <= saved.height()
        if area.contains(_frame_of(saved)):
            assert inside == saved  # where it was, when that is on the screen


@settings(deadline=None)  # pure arithmetic; a busy machine must not make it fail
@given(x=st.integers(-5000, 5000), y=st.integers(-5000, 5000), w=st.integers(1, 4000),
       h=st.integers(1, 4000), aw=st.integers(300, 4000), ah=st.integers(300, 3000))
def test_no_remembered_place_puts_a_window_off_its_screen(x, y, w, h, aw, ah) -> None:
    area = QRect(0, 0, aw, ah)
    inside = fit(QRect(x, y, w, h), area, FRAME)
    assert area.contains(_frame_of(inside))
    assert inside.width() <= w and inside.height() <= h


def _sign_in(qtbot, paths, user: str = "manny", password: str = "manager-pass-123") -> ManagerApp:
    app = ManagerApp(paths)
    app.start()
    dialog = app.dialog
    assert isinstance(dialog, LoginDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.store is not None, timeout=15000)
    dialog.username.setText(user)
    dialog.password.setText(password)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: app.window is not None, timeout=15000)
    assert app.window is not None  # the app deletes it when it logs out
    return app


def test_the_manager_window_opens_within_the_screen_and_where_it_was(qtbot, house) -> None:
    area = QApplication.primaryScreen().availableGeometry()  # the test screen: 800 x 600
    app = _sign_in(qtbot, house.paths)
    window = app.window
    assert window is not None
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: area.contains(window.frameGeometry()))  # its frame too, once known
    assert window.minimumSizeHint().width() <= area.width()
    assert window.minimumSizeHint().height() <= area.height()

    least = window.minimumSizeHint()  # with or without the theme, wherever tests run
    moved = QRect(area.x() + 40, area.y() + 50, max(600, least.width()), max(420, least.height()))
    window.setGeometry(moved)
    app.logout()  # hides and closes the window: its place is kept
    saved = house.paths.root / FILE_NAME
    text = saved.read_text("utf-8")
    kept = json.loads(text)
    frame = kept.pop("frame")
    assert kept == {"x": moved.x(), "y": moved.y(), "width": moved.width(),
                    "height": moved.height(), "maximized": False}
    assert len(frame) == 4 and all(isinstance(v, int) and 0 <= v < 100 for v in frame)
    assert "Manny" not in text and "manny" not in text  # no names, numbers only
    if os.name == "posix":
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    app.dialog.close()
    app.shutdown()

    again = _sign_in(qtbot, house.paths)
    assert again.window is not None and again.window.geometry() == moved
    again.logout()
    again.dialog.close()
    again.shutdown()


def test_an_unreadable_place_file_opens_a_first_window(qtbot, house, manager_ctx) -> None:
    (house.paths.root / FILE_NAME).write_text("{not json", "utf-8")
    window = MainWindow(manager_ctx)
    qtbot.addWidget(window)
    place_and_show(window, house.paths)
    area = QApplication.primaryScreen().availableGeometry()
    assert window.size() == fit(None, area, GUESSED_FRAME).size()
    assert window.size() == FIRST_SIZE.boundedTo(window.size())


def test_a_big_form_never_opens_larger_than_its_screen(qtbot, manager_ctx, settle) -> None:
    from peerhouse.ui.manager.residents.form import ResidentFormDialog

    app = QApplication.instance()
    watcher = keep_on_screen(app)
    try:
        area = QApplication.primaryScreen().availableGeometry()
        dialog = ResidentFormDialog(manager_ctx, [], date.today())
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        settle()
        qtbot.waitUntil(lambda: area.contains(dialog.frameGeometry()))
        # the fields scroll; the buttons stay in view inside the dialog
        assert dialog.rect().contains(dialog.buttons.geometry())
        assert dialog.ok_button.isVisible()
        assert dialog.size().boundedTo(QSize(area.width(), area.height())) == dialog.size()
    finally:
        app.removeEventFilter(watcher)
