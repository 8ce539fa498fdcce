"""The resident kiosk window: one full-screen stack of screens with the crisis line always shown.

A resident taps their name, enters their PIN, does one thing, sees a thank-you (that
counts down `kiosk_done_seconds`, time to choose "Do something else") and the kiosk
returns to the start screen. Idle for `kiosk_idle_seconds` (wall-clock) also returns to
the start, discarding only input not yet saved. Every way back to the start screen goes
through `end_session`, which forgets everything of the last person: what they typed and
tapped, the keyboard's mode, the text size. Escape, Alt+F4 and closing do nothing:
leaving needs a staff password (the Staff button on the start screen).
Every service call runs through `call`, which drops results that arrive after the
session they belong to has ended, so one resident's data can never show up for the next,
and ends the turn of a resident who no longer lives in the house (the kiosk's one place
for an account change; the manager window's is ui/session_guard.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.ops import changes_records
from peerhouse.app.records import Store
from peerhouse.errors import AccountChanged, PeerHouseError, ValidationError
from peerhouse.i18n import _, lazy
from peerhouse.paths import DataPaths
from peerhouse.services import kiosk
from peerhouse.services.actor import Actor
from peerhouse.services.clock import now, zone
from peerhouse.ui.formats import clock
from peerhouse.ui.idle import IdleWatcher
from peerhouse.ui.kiosk import (
    screens_actions,
    screens_checkin,
    screens_home,
    screens_info,
    screens_login,
)
from peerhouse.ui.kiosk.chrome import footer_bar, header_bar
from peerhouse.ui.kiosk.flow import rescale_grids
from peerhouse.ui.kiosk.keyboard import OnScreenKeyboard
from peerhouse.ui.kiosk.keyboard_dock import KeyboardDock
from peerhouse.ui.kiosk.language import KioskLanguage, LanguageSwitch
from peerhouse.ui.kiosk.settings import DEFAULT_DONE_S, DEFAULT_IDLE_S, KioskSettings, read_settings
from peerhouse.ui.kiosk.stack import ScreenStack
from peerhouse.ui.kiosk.taps import TapGuard
from peerhouse.ui.kiosk.widgets import (
    SCALES,
    Screen,
    fill_screen,
    kiosk_qss,
    long_day_text,
    rescale_icons,
)
from peerhouse.ui.workers import run_task

log = logging.getLogger(__name__)
SORRY = lazy("Sorry, something went wrong and that was not saved. Please try again, "
             "or ask staff for help.")
SCREEN_MODULES = (screens_login, screens_home, screens_checkin, screens_actions, screens_info)


class KioskWindow(KeyboardDock, LanguageSwitch, QWidget):
    """The kiosk. `open_full_screen()` shows it frameless over the whole screen."""

    closed = Signal()

    def __init__(self, paths: DataPaths, store: Store, *, house_id: int | None = None,
                 clock: Callable[[], float] = time.time, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("Kiosk")
        self.languages = KioskLanguage()  # the house's, the one chosen, the resident's
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.paths, self.store = paths, store
        self.house: kiosk.KioskHouse | None = None
        self.houses: list[kiosk.KioskHouse] = []
        self._wanted_house = house_id
        self.actor: Actor | None = None
        self.name = ""  # the signed-in resident's preferred name
        self.home_view: kiosk.KioskHome | None = None
        self.scale_index = self.default_scale = SCALES.index(1.0)
        self.done_seconds = DEFAULT_DONE_S
        self._token = 0
        self._may_close = False
        self._closed = False
        self._crisis_return = "start"
        self.screens: dict[str, Screen] = {}

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        # The window is as big as its screen and never grows past it (whatever a screen
        # asks for: the layout test keeps every screen within 1024 x 768).
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.header, self.house_label, self.clock_label = header_bar()
        root.addWidget(self.header)
        self.stack = ScreenStack()
        root.addWidget(self.stack, 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.hide()
        self.keyboard.done.connect(self._hide_keyboard)
        root.addWidget(self.keyboard)
        self.footer, self.more_help = footer_bar(self.show_crisis)
        root.addWidget(self.footer)

        self._build_screens()
        self.setWindowTitle(_("PeerHouse kiosk"))
        self.setStyleSheet(kiosk_qss(1.0))

        self.idle = IdleWatcher(DEFAULT_IDLE_S, clock=clock, parent=self)
        self.idle.idle.connect(self._on_idle)
        self.idle.start()
        self.taps = TapGuard(self)
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(15000)
        self._tick()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.call(read_settings, store, on_success=self._got_settings,
                  on_failure=lambda _exc: None, session=False)
        self.call(kiosk.kiosk_houses, store, on_success=self._got_houses, session=False)
        self.end_session()

    def _build_screens(self) -> None:
        """Every screen, made in the current language."""
        for module in SCREEN_MODULES:
            for cls in module.SCREENS:
                screen = cls(self)
                self.screens[screen.key] = screen
                self.stack.addWidget(screen)

    # -- chrome ------------------------------------------------------------------------
    def _tick(self) -> None:
        """The house's own time (as curfew and "today" are), not the PC's time zone."""
        at = self.local_now()
        self.clock_label.setText(_("{day}  ·  {time}").format(day=long_day_text(at.date()),
                                                             time=clock(at)))

    def local_now(self) -> datetime:
        """Now in the house's time zone; the PC's own until the house is known."""
        if self.house is None:
            return datetime.now().astimezone()
        try:
            return now().astimezone(zone(self.house.timezone))
        except ValidationError:  # a zone this PC's tz database lacks: its own clock
            return datetime.now().astimezone()

    # -- navigation ----------------------------------------------------------------------
    @property
    def current(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def show_screen(self, key: str) -> None:
        """Show screen `key`; the start screen (or a resident's screen with nobody signed
        in) only by way of `end_session`, so nothing of the last person stays."""
        screen = self.screens[key]
        if key == "start" or (getattr(screen, "needs_login", False) and self.actor is None):
            self.end_session()
            return
        self._show(screen)

    def _show(self, screen: Screen) -> None:
        self._hide_keyboard()
        self.stack.setCurrentWidget(screen)
        screen.shown()

    def show_crisis(self) -> None:
        if self.current.key != "crisis":
            self._crisis_return = self.current.key
        self.show_screen("crisis")

    def crisis_return(self) -> None:
        self.show_screen(self._crisis_return)

    def set_scale(self, step: int) -> None:
        """A− / A+: smaller or larger for the person at the kiosk (until they finish)."""
        self._use_scale(self.scale_index + step)

    def _use_scale(self, index: int) -> None:
        index = max(0, min(len(SCALES) - 1, index))
        if index == self.scale_index:
            return
        self.scale_index = index
        scale = SCALES[index]
        self.setStyleSheet(kiosk_qss(scale))
        rescale_icons(self, scale)
        rescale_grids(self)
        for screen in self.screens.values():
            screen.rescaled(scale)
        self.fit_keyboard()

    @property
    def scale(self) -> float:
        return SCALES[self.scale_index]

    # -- resident sessions -----------------------------------------------------------------
    def begin_session(self, actor: Actor, name: str, language: str | None = None) -> None:
        """A resident signed in: every screen of their turn in their `language`."""
        self._token += 1
        self.actor, self.name, self.home_view = actor, name, None
        self.languages.chosen = None
        if language is not None:
            self.use_language(language)

    def _moved_out(self, exc: AccountChanged) -> None:
        """The resident no longer lives in the house (services/unit.py): their turn ends
        at once, and the start screen says so kindly."""
        self.end_session()
        self.current.say(str(exc), info=True)

    def go_home(self, note: str = "") -> None:
        """Reload the resident's home (their state may have changed) and show it."""
        assert self.actor is not None
        self.call(kiosk.home, self.store, self.actor,
                  on_success=lambda view: self._show_home(view, note))

    def _show_home(self, view: kiosk.KioskHome, note: str) -> None:
        self.home_view, self.name = view, view.name
        self.use_language(view.language)
        self.show_screen("home")
        if note:
            self.current.say(note, info=True)

    def confirm(self, text: str) -> None:
        """The thank-you after an action; it counts down, then back to the start screen."""
        done = self.screens["done"]
        done.set_message(text)  # type: ignore[attr-defined]
        self.show_screen("done")
        done.count_down(self.done_seconds)  # type: ignore[attr-defined]

    def stay(self) -> None:
        """From the thank-you screen: do something else instead of leaving."""
        self.screens["done"].reset()
        self.go_home()

    def end_session(self) -> None:
        """The one way back to the start screen: forget the resident, everything typed or
        tapped on any screen, the keyboard's mode and the text size chosen with A− / A+;
        the start screen in the house's language (or the one just chosen there)."""
        self._token += 1
        self.actor, self.name, self.home_view = None, "", None
        self.use_language(self.languages.for_start(self.house))
        self._crisis_return = "start"
        self._hide_keyboard()
        self.keyboard.reset()
        for screen in self.screens.values():
            screen.reset()
        self._use_scale(self.default_scale)  # the next person starts at the house's size
        self._show(self.screens["start"])

    def _on_idle(self) -> None:
        self.languages.chosen = None  # the next person meets the house's language
        self.end_session()
        self.idle.reset()

    def _got_settings(self, found: KioskSettings) -> None:
        self.idle.timeout_s, self.done_seconds = found.idle_s, found.done_s
        self.default_scale = found.scale_index  # the house's usual text size
        if self.actor is None:
            self._use_scale(self.default_scale)

    def _got_houses(self, found: list[kiosk.KioskHouse]) -> None:
        self.houses = found
        pick = [h for h in found if h.house_id == self._wanted_house] or found[:1]
        self.choose_house(pick[0] if pick else None)

    def choose_house(self, house: kiosk.KioskHouse | None) -> None:
        self.house = house
        self.house_label.setText(house.name if house else "PeerHouse")
        self._tick()
        if self.current.key == "start":
            self.use_language(self.languages.for_start(self.house))
            self.current.shown()

    # -- background work -----------------------------------------------------------------
    def call(self, fn: Callable[..., Any], *args: Any, on_success: Callable[[Any], None],
             on_failure: Callable[[BaseException], None] | None = None,
             session: bool = True) -> None:
        """Run a service call off the UI thread (a write on the one write thread, in the order
        asked, like the manager window's); a result for an ended session is dropped."""
        token = self._token

        def ok(result: Any) -> None:
            if not session or token == self._token:
                on_success(result)

        def failed(exc: BaseException) -> None:
            if session and token != self._token:
                return  # (an account change of a turn that has ended included)
            if isinstance(exc, AccountChanged) and self.actor is not None:
                self._moved_out(exc)
                return
            if on_failure is not None:
                on_failure(exc)
            else:
                self.show_error(exc)

        run_task(fn, *args, on_success=ok, on_failure=failed, owner=self,
                 serial=changes_records(fn))

    def show_error(self, exc: BaseException) -> None:
        """Errors are shown kindly on the current screen, never as a pop-up."""
        if isinstance(exc, ValidationError):
            self.current.say(exc.text())
        elif isinstance(exc, PeerHouseError):
            self.current.say(str(exc))
        else:
            log.error("kiosk: unexpected %s", type(exc).__name__)
            self.current.say(str(SORRY))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_keyboard()

    # -- staying open ---------------------------------------------------------------------
    def open_full_screen(self) -> None:
        fill_screen(self)
        self.raise_()
        self.activateWindow()

    def leave_kiosk(self) -> None:
        """After a staff password: really close."""
        self._may_close = True
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Escape never leaves the kiosk
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:
            event.ignore()  # Alt+F4, the window manager or close(): staff password needed
            return
        event.accept()
        if self._closed:
            return
        self._closed = True
        self.screens["done"].reset()
        self._clock_timer.stop()
        self.idle.stop()
        self.taps.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._focus_changed)
        self._token += 1
        self.actor = None
        self.languages.restore()  # the manager's language comes back
        self.closed.emit()
