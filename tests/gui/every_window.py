"""What the guards over every window, dialog and form do with the entries of
tests/gui/registry.py (the one list of them): open and close them (`Windows`, `each_form`),
walk the states of the big windows, find the primary button, keep pop-ups out of the way,
and find every window class (`window_classes`) and form kind (`form_kinds_in_app`) the app
defines, so the guards fail when one of them is built by no entry.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

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
from peerhouse.services import kiosk
from peerhouse.services.actor import Actor
from peerhouse.ui.kiosk.widgets import Screen
from peerhouse.ui.widgets.common import FieldErrors, SafeDialog

if TYPE_CHECKING:
    from tests.gui.registry import Entry, World

# What Enter in a field is expected to do: press the window's primary button, or nothing
# (or, in an entry's `enter`, press the button with a given text).
PRIMARY, NOTHING = "primary", "nothing"


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


def _ui_modules() -> Iterator[tuple[str, object]]:
    """(name, module) of every module of peerhouse.ui but the development tools (they make
    screenshots; they are not windows of the app)."""
    for info in pkgutil.walk_packages(peerhouse.ui.__path__, "peerhouse.ui."):
        if not info.name.startswith("peerhouse.ui.devtools"):
            yield info.name, importlib.import_module(info.name)


def window_classes() -> set[type]:
    """Every dialog, main window, wizard page and kiosk screen class under peerhouse.ui,
    and every other widget class that opens as a window of its own."""
    found: set[type] = set()
    for name, module in _ui_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and (issubclass(cls, WINDOW_BASES)
                                           or _opens_as_window(cls)):
                found.add(cls)
    return found


# The bases the dialogs share (each has its own message line, never shown on its own).
FORM_BASES = {"peerhouse.ui.widgets.common.SafeDialog",
              "peerhouse.ui.widgets.operation_dialog.OperationDialog",
              "peerhouse.ui.manager.accountability.common.HouseForm",
              "peerhouse.ui.manager.residents.actions.ResidentRowDialog"}


def form_kinds_in_app() -> set[str]:
    """'module.Class' of every dialog class and every widget with inline messages, and
    'module.function' of every dialog builder, as the registry's `form` names them."""
    found: set[str] = set()
    for module_name, module in _ui_modules():
        short = module_name.removeprefix("peerhouse.ui.")
        for name, obj in vars(module).items():
            if getattr(obj, "__module__", None) != module_name:
                continue
            full = f"{module_name}.{name}"
            if inspect.isclass(obj) and full not in FORM_BASES \
                    and not issubclass(obj, FieldErrors):
                source = inspect.getsource(obj)
                if issubclass(obj, SafeDialog) or "FieldErrors(" in source \
                        or "FormErrors(" in source:
                    found.add(f"{short}.{name}")
            elif inspect.isfunction(obj) and name.endswith("_dialog") and \
                    "= form_dialog(" in inspect.getsource(obj):
                found.add(f"{short}.{name}")
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

    def open(self, case: Entry) -> QWidget:
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


def each_form(world: World, settle: Callable[[], None]) -> Iterator[tuple[str, QWidget]]:
    """Every form of the registry in turn, on screen and settled; each is closed and
    deleted before the next."""
    from tests.gui.registry import FORMS

    for entry in sorted(FORMS, key=lambda e: e.name):
        built = entry.build(world)
        form = entry.form_in(built)
        form.window().show()
        settle()
        try:
            yield entry.name, form
        finally:
            settle()  # what the checks started (a filter's reload) ends first
            dispose(built)


def dispose(widget: QWidget) -> None:
    """Closed and deleted now: no timer of its may fire in a later test."""
    if shiboken6.isValid(widget):
        widget.close()
    if shiboken6.isValid(widget):  # (a dialog may delete itself on close)
        widget.deleteLater()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- keeping pop-ups out of the way ---------------------------------------------------------
class Dismisser:
    """While active, closes every message box or file dialog that pops up over the window
    under test (also inside a blocking exec()), and remembers their titles (and what a
    message box said)."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.said: list[str] = []  # a message box's text and informative text
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
                if isinstance(w, QMessageBox):
                    self.said += [w.text(), w.informativeText()]
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
    from tests.gui.steps import fill_owner

    assert isinstance(window, SetupWizard)
    yield "welcome"
    window.next()
    yield "house"
    window.house_page.name.setText("Maple House")
    window.next()
    yield "owner"
    fill_owner(window.owner_page, "olivia", "Olivia Owner", "a long owner password")
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
    window.choose_house(replace(house, name_mode="type"))  # (its language and clock kept)
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
