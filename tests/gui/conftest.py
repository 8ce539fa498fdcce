"""GUI fixtures: a logged-in AppContext over the real encrypted database, and a way to
wait for background tasks so tests never race the worker threads."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from peerhouse.i18n import set_default_language
from peerhouse.ui import gc_timer, workers
from peerhouse.ui.context import AppContext
from peerhouse.ui.qt_language import use_qt_language
from peerhouse.ui.theme import apply_theme
from peerhouse.ui.window_fit import stop_keeping_on_screen
from peerhouse.ui.workers import active, pending, wait_for_tasks
from tests.gui.steps import shown, sign_in


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_ui_thread(qapp) -> Iterator[None]:
    """As in the app (ui/gc_timer.py): no automatic collection, which could free a widget
    on a worker thread and crash; each test's garbage is collected here, on this thread."""
    gc.collect()
    gc.disable()
    yield
    gc_timer.release_windows(qapp)  # as the program does before it ends
    gc.enable()


@pytest.fixture(autouse=True)
def _drain_tasks(qapp) -> Iterator[None]:
    """No test may leave a background task or a top-level window behind."""
    yield
    assert wait_for_tasks(15000), "a background task did not finish"
    stop_keeping_on_screen(qapp)  # the app's set-up (ui/start.py) may have started it
    qapp.processEvents()
    for w in qapp.topLevelWidgets():
        if w.isVisible():
            w.close()
    qapp.processEvents()
    gc.collect()


@pytest.fixture
def themed(qapp) -> Iterator[None]:
    """The app's real look (Fusion and light.qss), put back as it was afterwards."""
    style, sheet = qapp.style().name(), qapp.styleSheet()
    apply_theme(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


@pytest.fixture
def settle(qtbot, qapp) -> Callable[[], None]:
    """Wait until background tasks are done and their callbacks have run."""

    def _settle() -> None:
        # Twice: a callback may start a follow-on task (save, then reload).
        for _ in range(2):
            qtbot.waitUntil(lambda: pending() == 0 and active() == 0, timeout=15000)
            for _ in range(3):
                qapp.processEvents()

    return _settle


@pytest.fixture
def settle_chains(qtbot, qapp) -> Callable[[], None]:
    """Wait until no background task is left, including ones started by the callbacks of
    others (save → reload a list → load its details), so chained tasks never race a test."""

    def _settle() -> None:
        def idle() -> bool:
            qapp.processEvents()
            return not workers._running

        qtbot.waitUntil(idle, timeout=15000)
        qapp.processEvents()

    return _settle


def make_ctx(house, actor, username: str = "manny", name: str = "Manny Manager") -> AppContext:
    return AppContext(paths=house.paths, store=house.store, actor=actor, username=username,
                      display_name=name, house_id=house.house_id)


@pytest.fixture
def manager_ctx(house) -> AppContext:
    return make_ctx(house, house.manager)


@pytest.fixture
def staff_ctx(house) -> AppContext:
    return make_ctx(house, house.staff, "sam", "Sam Staff")


@pytest.fixture
def owner_ctx(house) -> AppContext:
    return make_ctx(house, house.owner, "olivia", "Olivia Owner")


class Clock:
    """A wall clock the test moves by hand (idle timeouts)."""

    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def open_kiosk(house, qtbot, settle, clock, monkeypatch):
    """Build kiosks over a store (1280 x 800, the thank-you screen's seconds over in
    milliseconds); each is closed with a staff password at the end."""
    from peerhouse.ui.kiosk import screens_home
    from peerhouse.ui.kiosk.window import KioskWindow

    monkeypatch.setattr(screens_home, "TICK_MS", 5)
    made: list[KioskWindow] = []

    def _open(store=None) -> KioskWindow:
        win = shown(qtbot, settle, KioskWindow(house.paths, store or house.store, clock=clock),
                    1280, 800)
        made.append(win)
        return win

    yield _open
    for win in made:
        win.leave_kiosk()


@pytest.fixture
def signed_in(qtbot, house):
    """The manager program signed in as a manager through its sign-in dialog: (app, main
    window); logged out, and any question box closed, afterwards."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from peerhouse.ui.app import ManagerApp

    app = ManagerApp(house.paths)
    app.store = house.store
    yield app, sign_in(qtbot, app, "manny", "manager-pass-123")
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            box.done(0)
    if app.ctx is not None:
        app.logout()
    if app.dialog is not None:
        app.dialog.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[object]:
    """A demo house to open every window and dialog of the app on (tests/gui/registry.py)."""
    from tests.gui.registry import make_world
    from tests.support.demo_db import demo_database

    tmp = tmp_path_factory.mktemp("every-window")
    db = demo_database(tmp, years=0.2, seed=5)
    scratch = tmp / "scratch"
    scratch.mkdir()
    yield make_world(db, scratch)
    db.store.close()


@pytest.fixture
def spanish(qapp) -> Iterator[None]:
    """Windows built from here on speak Spanish (Qt's own buttons too); English after."""
    set_default_language("es")
    use_qt_language("es")
    yield
    set_default_language("en")
    use_qt_language("en")
