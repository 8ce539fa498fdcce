"""The manager window under stress: the idle lock with forms and questions open, late
background results, errors that keep coming, and leaving with unsaved input."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from peerhouse.app.ops import ReadOp
from peerhouse.errors import PeerHouseError
from peerhouse.services import accounts
from peerhouse.services.unit import Unit
from peerhouse.store import vault
from peerhouse.ui import errors, workers
from peerhouse.ui.app import ManagerApp
from peerhouse.ui.manager.residents import form as resident_dialogs
from peerhouse.ui.manager.residents.page import dialogs as resident_page_dialogs
from peerhouse.ui.manager.window import MainWindow
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.widgets import common
from peerhouse.ui.widgets.operation_dialog import OperationDialog


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def _click(box: QMessageBox, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text().replace("&", "") == text]
    button.click()


@pytest.fixture(autouse=True)
def _no_leftover_windows(qapp) -> Iterator[None]:
    """Start from a clean screen: no question or form left open by an earlier test."""
    for w in qapp.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible():
            w.done(0)
    qapp.processEvents()
    yield
    for box in _boxes():
        box.done(0)


def _unlock(qtbot, app: ManagerApp, password: str = "manager-pass-123") -> None:
    lock = app.dialog
    assert isinstance(lock, LoginDialog)
    lock.password.setText(password)
    lock.ok_button.click()
    qtbot.waitUntil(lambda: not app.locked, timeout=15000)


# -- 1. idle lock and unlock ------------------------------------------------------------
def test_unlock_skips_finished_and_deleted_dialogs_and_always_shows_the_window(qtbot, signed_in):
    app, window = signed_in
    kept, finished, deleted = QDialog(window), QDialog(window), QDialog(window)

    class Broken(QDialog):
        def show(self) -> None:
            raise RuntimeError("cannot show")

    broken = Broken(window)
    for d in (broken, kept, finished, deleted):
        d.open()
    app.lock()
    assert not window.isVisible() and not kept.isVisible()
    finished.accept()  # e.g. its save finished while locked
    shiboken6.delete(deleted)
    _unlock(qtbot, app)
    assert window.isVisible() and kept.isVisible() and not finished.isVisible()


def test_a_question_interrupted_by_the_lock_is_cancelled_and_never_comes_back(qtbot, signed_in):
    app, window = signed_in
    QTimer.singleShot(50, app.lock)
    answered = common.confirm(window, "Remove meeting", "Remove it?", "Remove")
    assert answered is False  # the lock closed it: the action is simply not done
    _unlock(qtbot, app)
    QApplication.processEvents()
    assert window.isVisible() and _boxes() == []


def test_a_non_blocking_question_is_closed_by_the_lock(qtbot, signed_in):
    app, window = signed_in
    done: list[bool] = []
    box = common.ask(window, "Generate chores", "Generate?", "Generate", lambda: done.append(True))
    app.lock()
    assert not box.isVisible()
    _unlock(qtbot, app)
    assert _boxes() == [] and done == []


# -- 2. late results --------------------------------------------------------------------
def _slow() -> Callable[[], str]:
    return lambda: time.sleep(0.3) or "late"


def _slow_read(_u: Unit) -> str:
    """A read of the records that takes a while (the window may log out meanwhile)."""
    time.sleep(0.3)
    return "late"


def test_a_result_for_a_deleted_owner_is_dropped(qtbot, settle):
    owner = QWidget()
    got: list[Any] = []
    workers.run_task(_slow(), on_success=got.append, owner=owner)
    shiboken6.delete(owner)
    settle()
    assert got == []


def test_logout_waits_for_tasks_and_drops_their_results(qtbot, signed_in, settle):
    app, window = signed_in
    section = window.section("today")
    old_bus = app.ctx.bus
    applied: list[Any] = []
    section.load(ReadOp(_slow_read), applied.append)
    app.logout()
    settle()
    assert applied == [] and workers.pending() == 0
    # The old session's bus can never fire again (blocked, then deleted).
    assert not shiboken6.isValid(old_bus) or old_bus.signalsBlocked()
    assert isinstance(app.dialog, LoginDialog) and app.ctx is None


# -- 3. nothing pops up over the lock screen ---------------------------------------------
def test_results_and_errors_wait_while_locked_and_arrive_in_order(qtbot, signed_in, settle):
    app, window = signed_in
    app.lock()
    order: list[str] = []
    workers.run_task(lambda: "first", on_success=order.append)
    settle()
    workers.run_task(lambda: "second", on_success=order.append)
    workers.run_task(_raise, on_failure=lambda exc: errors.report_error(exc, window))
    settle()
    assert order == [] and _boxes() == [] and workers.held() >= 3
    _unlock(qtbot, app)
    assert order == ["first", "second"]
    [box] = _boxes()
    assert box.text() == "That meeting no longer exists." and window.isVisible()


def _raise() -> None:
    raise PeerHouseError("That meeting no longer exists.")


def test_an_error_open_at_lock_time_is_shown_again_after_unlock(qtbot, signed_in):
    app, window = signed_in
    errors.report_error(PeerHouseError("Could not save."), window)
    app.lock()
    assert _boxes() == []
    _unlock(qtbot, app)
    assert [b.text() for b in _boxes()] == ["Could not save."]


# -- 4. dialog bases ------------------------------------------------------------------------
class _Gate:
    """A save that runs until the test lets it finish."""

    def __init__(self) -> None:
        self.go = threading.Event()

    def __call__(self) -> str:
        self.go.wait(10)
        return "saved"


def _plain_dialog(ctx: Any, gate: _Gate) -> tuple[QDialog, QLineEdit, Callable[[], None]]:
    class D(OperationDialog):  # lays itself out, as the Meetings and Chores dialogs do
        def operation(self) -> Callable[[], Any]:
            return gate

    d = D(None, "Schedule a meeting")
    edit = QLineEdit("Tuesday")
    box = QVBoxLayout(d)
    box.addWidget(edit)
    box.addWidget(d.buttons)
    return d, edit, d.submit


def _form_dialog(look: str) -> Callable[[Any, _Gate], tuple[QDialog, QLineEdit,
                                                           Callable[[], None]]]:
    def build(ctx: Any, gate: _Gate) -> tuple[QDialog, QLineEdit, Callable[[], None]]:
        class D(OperationDialog):  # the standard form (Accountability, Settings)
            def operation(self) -> Callable[[], Any]:
                return gate

        d = D(None, "Add an account", "Save", role="primary", default=True)
        d.build_form("Intro", look=look)
        edit = QLineEdit()
        d.add_field("Name", edit, "name")
        return d, edit, d.submit

    build.__name__ = f"_{look}_form_dialog"
    return build


def _resident_tab_dialog(ctx: Any, gate: _Gate) -> tuple[QDialog, QLineEdit, Callable[[], None]]:
    page = QWidget()
    d = resident_page_dialogs.form_dialog(page, "New goal", "Save")
    d.page = page  # type: ignore[attr-defined]  # keeps the parent alive
    edit = QLineEdit()
    d.add_field("Goal", edit, "title")

    def submit(dialog: Any) -> None:  # as ResidentTab.save runs it
        dialog.set_busy(True)
        workers.run_task(gate, on_success=lambda _r: (dialog.set_busy(False), dialog.accept()))

    d.on_submit = submit
    return d, edit, d.submit


def _scrolling_dialog(ctx: Any, gate: _Gate) -> tuple[QDialog, QLineEdit, Callable[[], None]]:
    class D(OperationDialog):  # as the Residents dialogs are
        def operation(self) -> None:
            self.run(gate)

    d = D(None, "Discharge", "Save", role="danger")
    body = resident_dialogs.scrolling_form(d)
    edit = QLineEdit()
    body.addWidget(edit)
    return d, edit, d.submit


BUILDERS = [_plain_dialog, _form_dialog("plain"), _form_dialog("roomy"), _resident_tab_dialog,
            _scrolling_dialog]


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__.strip("_"))
def test_dialog_stays_open_while_saving(qtbot, manager_ctx, settle, build):
    gate = _Gate()
    dialog, edit, save = build(manager_ctx, gate)
    results = _watch(qtbot, dialog)
    dialog.open()
    save()
    for close in (dialog.reject, dialog.close, lambda: qtbot.keyClick(dialog, Qt.Key.Key_Escape)):
        close()
        assert dialog.isVisible(), "closed under a running save"
    gate.go.set()
    settle()
    assert results == [QDialog.DialogCode.Accepted]


def _watch(qtbot, dialog: QDialog) -> list[int]:
    """How the dialog finished (some delete themselves on close, so ask no more of them)."""
    results: list[int] = []
    dialog.finished.connect(results.append)
    if not dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose):
        qtbot.addWidget(dialog)
    return results


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__.strip("_"))
def test_dialog_asks_before_throwing_typed_input_away(qtbot, manager_ctx, build):
    dialog, edit, _save = build(manager_ctx, _Gate())
    results = _watch(qtbot, dialog)
    dialog.open()
    assert not dialog.is_dirty()
    edit.setText(edit.text() + " at 7")
    assert dialog.is_dirty()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    [box] = _boxes()
    assert box.text().startswith("Discard what you typed?") and dialog.isVisible()
    assert box.defaultButton().text().replace("&", "") == "Keep editing"
    _click(box, "Keep editing")
    assert dialog.isVisible() and edit.text().endswith(" at 7")
    dialog.close()  # the window's close button asks too
    [box] = _boxes()
    _click(box, "Discard")
    assert results == [QDialog.DialogCode.Rejected]


def test_untouched_dialog_closes_without_asking(qtbot, manager_ctx):
    dialog, edit, _save = _form_dialog("roomy")(manager_ctx, _Gate())
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and _boxes() == []


# -- 5. unsaved work when leaving ----------------------------------------------------------
def test_closing_the_window_with_unsaved_work_asks_first(qtbot, manager_ctx, monkeypatch):
    window = MainWindow(manager_ctx)
    qtbot.addWidget(window)
    window.show()
    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    monkeypatch.setattr(window.section("meetings"), "has_unsaved_changes", lambda: True)
    window.close()
    [box] = _boxes()
    assert "not saved yet (Meetings)" in box.text() and box.text().endswith("Leave anyway?")
    _click(box, "Cancel")
    assert window.isVisible() and closed == []
    window.close()
    _click(_boxes()[0], "Close anyway")
    assert not window.isVisible() and closed == [True]


def test_log_out_with_unsaved_work_asks_first(qtbot, signed_in, monkeypatch):
    app, window = signed_in
    monkeypatch.setattr(window.section("settings"), "has_unsaved_changes", lambda: True)
    window.request_logout()
    [box] = _boxes()
    assert "(Settings)" in box.text()
    _click(box, "Cancel")
    assert app.window is window and window.isVisible()
    window.request_logout()
    _click(_boxes()[0], "Log out anyway")
    assert app.window is None and isinstance(app.dialog, LoginDialog)


def test_log_out_from_the_lock_screen_names_the_unsaved_work(qtbot, signed_in, monkeypatch):
    app, window = signed_in
    monkeypatch.setattr(window.section("meetings"), "has_unsaved_changes", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr(common, "confirm", lambda _p, _t, text, yes="": asked.append(text) or False)
    app.lock()
    lock = app.dialog
    lock._leave()
    assert asked and "not saved yet (Meetings)" in asked[0]
    assert app.window is window and lock.isVisible()  # "no": still locked, nothing lost


# -- 6. errors never pile up -----------------------------------------------------------------
def test_errors_never_stack(qtbot):
    closer = QTimer()  # only matters if report_error blocks: it must not
    closer.timeout.connect(lambda: [b.done(0) for b in _boxes()])
    closer.start(200)
    try:
        first = errors.report_error(PeerHouseError("The chores could not be loaded."))
        second = errors.report_error(RuntimeError("boom"))
        assert first is not None and second is None
        assert [b.text() for b in _boxes()] == ["The chores could not be loaded."]
    finally:
        closer.stop()
        for b in _boxes():
            b.done(0)


# -- 7. start-up off the UI thread; the role after unlock ---------------------------------------
def test_the_keyring_is_read_off_the_ui_thread(qtbot, house, monkeypatch):
    house.store.close()
    seen: list[bool] = []
    real = vault.key_from_keyring

    def spy(paths: Any) -> bytes:
        seen.append(QThread.currentThread() is QApplication.instance().thread())
        return real(paths)

    monkeypatch.setattr(vault, "key_from_keyring", spy)
    app = ManagerApp(house.paths)
    app.start()
    qtbot.waitUntil(lambda: isinstance(app.dialog, LoginDialog), timeout=15000)
    qtbot.addWidget(app.dialog)
    qtbot.waitUntil(lambda: "Maple House" in app.dialog.hint.text(), timeout=15000)
    assert seen == [False]
    app.dialog.close()
    app.shutdown()


def test_unlock_uses_the_role_the_account_has_now(qtbot, signed_in, house, settle):
    app, window = signed_in
    app.lock()
    manny = accounts.account_by_username(house.store, house.owner, "manny")
    accounts.set_account_state(house.store, house.owner, manny.id, role="staff")  # type: ignore[union-attr]
    _unlock(qtbot, app)
    qtbot.waitUntil(lambda: app.window is not None and app.window is not window, timeout=15000)
    assert app.ctx is not None and app.ctx.actor.role == "staff"
    assert app.window.isVisible() and app.window.ctx is app.ctx
    settle()


def test_finishing_tasks_keeps_the_screen_painting_and_says_why(qtbot):
    import threading

    from PySide6.QtWidgets import QApplication, QProgressDialog

    gate, seen = threading.Event(), []
    workers.run_task(lambda: gate.wait(5))
    timer_ticks: list[int] = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: timer_ticks.append(1))
    timer.start(20)

    def look() -> None:  # while waiting: the note is up and events still run
        seen.extend(w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QProgressDialog) and w.isVisible())
        gate.set()

    QTimer.singleShot(600, look)
    assert workers.finish_tasks("Finishing what is being saved…")
    timer.stop()
    assert seen and seen[0].labelText() == "Finishing what is being saved…"
    assert len(timer_ticks) > 5  # the event loop kept running: no frozen window


def test_a_result_no_longer_wanted_is_dropped_in_one_place(qtbot, settle):
    """The one stale-result guard (a section now showing another house, a report whose
    options changed): the result goes to `on_dropped`, never to `on_success`; a failure
    is still reported."""
    showing = {"house": 1}
    got: list[object] = []
    dropped: list[bool] = []
    failed: list[BaseException] = []
    asked = showing["house"]
    gate = threading.Event()

    def slow() -> str:
        gate.wait(10)
        return "house 1's rows"

    workers.run_task(slow, on_success=got.append, on_dropped=lambda: dropped.append(True),
                     wanted=lambda: asked == showing["house"])
    showing["house"] = 2  # the person switched house while it ran
    gate.set()
    settle()
    assert got == [] and dropped == [True]
    workers.run_task(lambda: "house 2's rows", on_success=got.append,
                     on_dropped=lambda: dropped.append(True), wanted=lambda: True)
    workers.run_task(_raise, on_failure=failed.append, wanted=lambda: False)
    settle()
    assert got == ["house 2's rows"] and dropped == [True]
    assert [str(e) for e in failed] == ["That meeting no longer exists."]
