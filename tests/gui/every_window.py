"""Every window and dialog the app has, built over a demo house, for the guards that must
cover all of them (Enter in every field, shortcuts and mnemonics, accessible names).

`CASES` names a way to build each one. `window_classes()` finds every QDialog,
QMainWindow, QWizardPage and kiosk Screen class under peerhouse.ui; the guard tests
fail when one of them is built by no case, so a new dialog cannot slip past them.
A case may show several states of its window (each section and tab of the main window,
each kiosk screen, each wizard page): `states` walks them.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
    QWizard,
    QWizardPage,
)

import peerhouse.ui
from peerhouse.services import chores, clock, kiosk, meetings, signouts
from peerhouse.services.actor import Actor
from peerhouse.ui.context import AppContext
from peerhouse.ui.kiosk.widgets import Screen
from peerhouse.ui.manager.accountability.common import HouseData, load_house
from tests.gui import window_builders as build
from tests.support.demo_db import DemoDB

# What Enter in a field is expected to do: press the window's primary button, or nothing
# (or, in a case's `enter`, press the button with a given text).
PRIMARY, NOTHING = "primary", "nothing"


@dataclass
class World:
    """A demo house and what the dialogs are opened on, loaded once per test module."""

    db: DemoDB
    house: HouseData
    tmp: Path
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def store(self):  # noqa: ANN201 - the Store
        return self.db.store

    @property
    def ctx(self) -> AppContext:
        """A fresh context (and bus) for each window, as each sign-in has its own."""
        db = self.db
        return AppContext(db.paths, db.store, db.owner, "olivia", "Olivia Owner", db.house_id)


def make_world(db: DemoDB, tmp: Path) -> World:
    ctx = AppContext(db.paths, db.store, db.owner, "olivia", "Olivia Owner", db.house_id)
    house = load_house(ctx)
    world = World(db, house, tmp)
    active = house.active
    # someone out right now (Sign in), a closed sign-out (Correct), a board cell (Excuse)
    out = signouts.who_is_out(db.store, db.owner, db.house_id)
    if not out:
        signouts.sign_out(db.store, db.owner, active[0].id, "Work",  # type: ignore[arg-type]
                          clock.now() + timedelta(hours=3))
        out = signouts.who_is_out(db.store, db.owner, db.house_id)
    world.extras["out"] = out[0]
    back = next(r for r in active if r.id not in {o.resident_id for o in out})
    days = (house.today - timedelta(days=30), house.today + timedelta(days=1))
    closed = [s for s in signouts.signouts_for_resident(db.store, db.owner, back.id, *days)
              if s.back_at is not None]
    assert closed, "the demo house has a closed sign-out"
    world.extras["signout"] = closed[-1]
    board = chores.week_board(db.store, db.owner, db.house_id, house.this_week())
    cells = [(row, day, cell) for row in board.rows
             for day, day_cells in zip(board.days, row.days, strict=True) for cell in day_cells]
    assert cells, "the demo house has chores this week"
    world.extras["cell"] = cells[0]
    upcoming = meetings.list_meetings(db.store, db.owner, db.house_id, clock.now(),
                                      clock.now() + timedelta(days=30))
    assert upcoming
    world.extras["meeting"] = upcoming[0]
    return world


@dataclass(frozen=True)
class Case:
    """How to build one window; `enter` is what Enter in its fields should do (a dict:
    per field accessible name, "*" for the rest); `states` shows each state in turn."""

    name: str
    build: Callable[[World], QWidget]
    enter: dict[str, str] = field(default_factory=lambda: {"*": PRIMARY})
    states: Callable[[QWidget], Iterator[str]] | None = None
    # The button Enter presses, where it is not the one `primary_button` finds.
    primary: Callable[[QWidget], QAbstractButton | None] | None = None

    def expected_button(self, window: QWidget, field_name: str) -> QAbstractButton | None:
        """The button Enter in the field named `field_name` should press (None: none)."""
        wanted = self.enter.get(field_name, self.enter.get("*", PRIMARY))
        if wanted == NOTHING:
            return None
        if wanted == PRIMARY:
            return (self.primary or primary_button)(window)
        named = [b for b in window.findChildren(QAbstractButton)
                 if b.isVisible() and b.text().replace("&", "") == wanted]
        assert len(named) == 1, f"no one button {wanted!r}"
        return named[0]

    def walk(self, window: QWidget) -> Iterator[str]:
        if self.states is None:
            yield self.name
            return
        for state in self.states(window):
            yield f"{self.name} / {state}"


def primary_button(window: QWidget) -> QAbstractButton | None:
    """The button Enter should press: a QWizard's Next/Commit/Finish, else the visible
    button styled primary, else the accepting button of the window's button box."""
    if isinstance(window, QWizard):
        for which in (QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton,
                      QWizard.WizardButton.NextButton):
            btn = window.button(which)
            if btn is not None and btn.isVisible():
                return btn
        return None
    shown = [b for b in window.findChildren(QAbstractButton)
             if b.isVisible() and b.window() is window]
    primary = [b for b in shown if b.property("primary")]
    if len(primary) == 1:
        return primary[0]
    for box in window.findChildren(QDialogButtonBox):
        for b in box.buttons():
            if b.isVisible() and box.buttonRole(b) in (QDialogButtonBox.ButtonRole.AcceptRole,
                                                       QDialogButtonBox.ButtonRole.YesRole):
                return b
    return None


# -- the classes that must be covered ------------------------------------------------------
WINDOW_BASES = (QDialog, QMainWindow, QWizardPage, Screen)
# A plain widget class that opens as a window of its own says so in its constructor (the
# kiosk, the help, a notice): Qt.WindowType.Window, Tool or Dialog.
WINDOW_FLAG = re.compile(r"WindowType\.(Window|Tool|Dialog)\b")


def _opens_as_window(cls: type) -> bool:
    if not issubclass(cls, QWidget):
        return False
    try:
        source = inspect.getsource(cls.__init__)  # type: ignore[misc]
    except (OSError, TypeError):  # Qt's own constructor: a child widget unless told
        return False
    return WINDOW_FLAG.search(source) is not None


def window_classes() -> set[type]:
    """Every dialog, main window, wizard page and kiosk screen class under peerhouse.ui,
    and every other widget class that opens as a window of its own."""
    found: set[type] = set()
    for info in pkgutil.walk_packages(peerhouse.ui.__path__, "peerhouse.ui."):
        if info.name.startswith("peerhouse.ui.devtools"):
            continue  # tools that make screenshots, not windows of the app
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name and (issubclass(cls, WINDOW_BASES)
                                                or _opens_as_window(cls)):
                found.add(cls)
    return found


def built_classes(window: QWidget) -> set[type]:
    """The classes of `window` and of every widget in it that peerhouse.ui defines."""
    widgets = [window, *window.findChildren(QWidget)]
    return {type(w) for w in widgets if type(w).__module__.startswith("peerhouse.ui")}


def uncovered(built: set[type]) -> list[str]:
    """Window classes with no built instance of themselves or a subclass."""
    return sorted(f"{c.__module__}.{c.__qualname__}" for c in window_classes()
                  if not any(issubclass(b, c) for b in built))


class Windows:
    """Builds the windows of a test and deletes them at its end, while Qt is still up: a
    window without a parent that a signal's lambda keeps alive would otherwise live on to
    the interpreter's exit and crash it there (its shortcuts outlive the application)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.made: list[QWidget] = []

    def open(self, case: Case) -> QWidget:
        window = case.build(self.world)
        self.made.append(window)
        window.show()
        return window

    def __enter__(self) -> Windows:
        return self

    def __exit__(self, *_exc: object) -> None:
        for window in self.made:
            if shiboken6.isValid(window):
                window.hide()
                window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- keeping pop-ups out of the way ---------------------------------------------------------
class Dismisser:
    """While active, closes every message box or file dialog that pops up over the window
    under test (also inside a blocking exec()), and remembers their titles."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(30)
        self.timer.timeout.connect(self._sweep)

    def __enter__(self) -> Dismisser:
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._sweep()
        self.timer.stop()

    def _sweep(self) -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, (QMessageBox, QFileDialog)) and w.isVisible():
                self.seen.append(w.windowTitle())
                w.done(QDialog.DialogCode.Rejected)


def wait_for(condition: Callable[[], object], seconds: float = 15) -> None:
    """Let background work report back until `condition` holds."""
    from PySide6.QtTest import QTest

    for _ in range(int(seconds * 50)):
        if condition():
            return
        QTest.qWait(20)
    raise AssertionError("timed out")


# -- states of the big windows ------------------------------------------------------------
def main_window_states(window: QWidget) -> Iterator[str]:
    """Each section, and in it each tab (of every tab widget shown); then a resident's
    page and its tabs."""
    from peerhouse.services import residents
    from peerhouse.ui.manager.window import MainWindow

    assert isinstance(window, MainWindow)
    for key in window.section_keys:
        section = window.section(key)
        window.show_section(key)
        yield key
        yield from _tabs(section, key)
    ctx = window.ctx
    first = residents.list_residents(ctx.store, ctx.actor, house_id=ctx.house_id)[0]
    ctx.bus.open_resident.emit(first.id)
    yield "a resident's page"
    yield from _tabs(window.section("residents"), "a resident's page")


def _tabs(root: QWidget, where: str) -> Iterator[str]:
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for i in range(tabs.count()):
            if i != tabs.currentIndex():
                tabs.setCurrentIndex(i)
            yield f"{where} / {tabs.tabText(i).replace('&', '')}"


def wizard_states(window: QWidget) -> Iterator[str]:
    """Each page, reached with valid answers (creating the records takes a moment)."""
    from peerhouse.ui.session.setup_wizard import SetupWizard

    assert isinstance(window, SetupWizard)
    yield "welcome"
    window.next()
    yield "house"
    window.house_page.name.setText("Maple House")
    window.next()
    yield "owner"
    page = window.owner_page
    page.username.setText("olivia")
    page.display.setText("Olivia Owner")
    page.password.setText("a long owner password")
    page.confirm.setText("a long owner password")
    window.next()
    yield "create"
    window.next()  # Create: runs in a worker, then moves on by itself
    yield "recovery code"


def kiosk_states(window: QWidget) -> Iterator[str]:
    """Every screen; the resident's screens with a resident signed in; the start screen
    also as houses that have residents type their name."""
    from peerhouse.ui.kiosk.window import KioskWindow

    assert isinstance(window, KioskWindow)
    wait_for(lambda: window.house is not None)
    house = window.house
    assert house is not None
    for key, screen in window.screens.items():
        if getattr(screen, "needs_login", False) and window.actor is None:
            resident = _kiosk_resident(window)
            window.begin_session(Actor.resident(resident[0], house.house_id), resident[1])
        window.show_screen(key)
        yield key
    window.end_session()
    window.choose_house(kiosk.KioskHouse(house.house_id, house.name, "type", house.timezone))
    window.show_screen("start")
    yield "start (type your name)"


def _kiosk_resident(window: QWidget) -> tuple[int, str]:
    roster = kiosk.roster(window.store, window.house.house_id)  # type: ignore[attr-defined]
    return roster[0].resident_id, roster[0].name


def help_states(window: QWidget) -> Iterator[str]:
    """The guide on its first page, then on a section's page after a link (Back works)."""
    from peerhouse.ui.help import HelpWindow

    assert isinstance(window, HelpWindow)
    window.show_page("index")
    yield "start here"
    window.show_page("today")
    yield "a section's page"


def import_states(window: QWidget) -> Iterator[str]:
    """A file with one person listed twice (asks before importing anyway), then a file
    with a row to fix. Nothing is imported: each stops at its question or its list."""
    from peerhouse.ui.manager.residents.import_csv import ImportDialog

    assert isinstance(window, ImportDialog)
    for state, rows in (("possible duplicates", ["Ana,Lopez,1990-01-01"] * 2),
                        ("rows to fix", ["Ana,Lopez,1990-13-01"])):
        window.path.write_text("first_name,last_name,date_of_birth\n"
                               + "".join(f"{r}\n" for r in rows), encoding="utf-8")
        window.start()
        wait_for(lambda: not window.running)
        yield state


def kiosk_primary(window: QWidget) -> QAbstractButton | None:
    shown = [b for b in window.current.findChildren(QAbstractButton)  # type: ignore[attr-defined]
             if b.isVisible() and b.property("primary")]
    return shown[0] if len(shown) == 1 else None


# The main window's forms that are part of a page (not a dialog): Enter saves them.
_HOUSE_RULES = ("House name", "Address", "Beds", "Time zone", "Curfew, Sun–Thu nights",
                "Curfew, Fri–Sat nights", "Week starts on", "Daily check-in",
                "Chores per resident", "Kiosk names", "Paper size")
_LOCK = ("Lock the manager window after", "Kiosk returns to its start screen after",
         "Kiosk thank-you screen stays for", "Kiosk text size",
         "Desktop notices when someone at the kiosk asks for attention")
MAIN_WINDOW_FORMS = {**dict.fromkeys(_HOUSE_RULES, "Save rules"),
                     **dict.fromkeys(_LOCK, "Save lock and kiosk settings")}


CASES: tuple[Case, ...] = (
    Case("sign-in", build.sign_in),
    Case("lock screen", build.lock),
    Case("unlock the records", build.unlock),
    Case("unlock a backup", build.backup_unlock),
    Case("restoring a backup", build.restore_progress),
    Case("damaged records", build.damage),
    # The file reads fine but its newest changes were lost: keeping it is offered too.
    Case("recent changes lost", build.changes_lost),
    Case("set a new owner password", build.recover),
    Case("set-up wizard", build.wizard, states=wizard_states),
    Case("main window", build.main, enter={"*": NOTHING, **MAIN_WINDOW_FORMS},
         states=main_window_states),
    # A check-in, sign-out or meeting is saved only by its button (the on-screen keyboard
    # has an Enter key too); typing a name or the staff password goes on with Enter.
    Case("kiosk", build.kiosk, states=kiosk_states, primary=kiosk_primary,
         enter={"*": NOTHING, "Your first name": PRIMARY, "Staff password": PRIMARY}),
    Case("kiosk cannot start", build.kiosk_notice),
    Case("help", build.help_window, states=help_states),
    Case("attention notice without a tray", build.attention_toast),
    Case("check-in", build.checkin),
    Case("incident", build.incident),
    Case("drug and alcohol screen", build.screen),
    Case("outside meeting", build.outside),
    Case("sign out", build.sign_out),
    Case("sign back in", build.sign_back_in),
    Case("correct a sign-out", build.correct),
    Case("chore", build.chore),
    Case("excuse a chore", build.chore_note),
    Case("meeting", build.meeting),
    # A question before a step that cannot be undone: Enter gives the safe answer (as in
    # every confirmation), so the primary here is "Keep it".
    Case("cancel a meeting", build.cancel_meeting, primary=lambda w: w.cancel_button),  # type: ignore[attr-defined]
    Case("meeting papers", build.report),
    Case("move out", build.discharge),
    Case("move house", build.move_house),
    Case("temporary PIN", build.pin),
    Case("admit a resident", build.resident_form),
    Case("import residents", build.import_residents, states=import_states),
    *(Case(f"resident page: {n}", build.page_dialog(n))
      for n in ("goal", "step", "note", "mentor", "session", "consent")),
    Case("add a staff account", build.add_account),
    Case("change my password", build.password),
    Case("change a role", build.role),
    Case("take over the owner key", build.take_over),
    Case("add a house", build.add_house),
    Case("phase", build.phase),
    Case("resource", build.resource),
    Case("new recovery code", build.recovery_code),
)
