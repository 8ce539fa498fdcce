"""Which language the kiosk speaks, and when it changes.

The start screen speaks the house's language (`services.languages.house_language`; a
bilingual house its first), or the one a person taps there (EN / ES) until someone signs
in or the kiosk is left idle. From sign-in until the kiosk returns to the start, every
screen speaks the signed-in resident's language, which they may change on their home
screen. The language is the process default while the kiosk is open (worker threads start
in it) and Qt's own words follow; the language before the kiosk opened (the manager's, in
kiosk mode) comes back when it closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from peerhouse.i18n import _, current_language, default_language, set_default_language
from peerhouse.i18n.language import language_from_environment
from peerhouse.services.kiosk import KioskHouse
from peerhouse.ui.kiosk.flow import rescale_grids
from peerhouse.ui.kiosk.widgets import rescale_icons
from peerhouse.ui.qt_language import use_qt_language

if TYPE_CHECKING:
    from peerhouse.ui.kiosk.window import KioskWindow


class KioskLanguage:
    """The kiosk's language now (`code`), the one tapped on the start screen (`chosen`)
    and the one to put back when the kiosk closes."""

    def __init__(self) -> None:
        self.before = default_language()
        self.code = current_language()
        self.chosen: str | None = None
        self.pinned = language_from_environment()  # a developer's switch, over the house's

    def use(self, code: str) -> bool:
        """Speak `code` from now on; True when that is a change (the screens are then
        made again in it)."""
        if code == self.code:
            return False
        self.code = code
        set_default_language(code)
        use_qt_language(code)
        return True

    def for_start(self, house: KioskHouse | None) -> str:
        """The start screen's language: the one chosen there, else the house's."""
        if self.chosen is not None:
            return self.chosen
        if self.pinned is not None:
            return self.pinned
        return house.language if house is not None else self.code

    def restore(self) -> None:
        """The kiosk closes: the process's language from before it opened."""
        set_default_language(self.before)
        use_qt_language(self.before)


class LanguageSwitch:
    """The kiosk window's part that changes its language (a mixin of KioskWindow)."""

    @property
    def language(self: Any) -> str:
        return self.languages.code

    def use_language(self: KioskWindow, code: str) -> None:
        """Every word in `code` from now on (ui/kiosk/language.py). The screens are made
        again in it (the one on show comes back, its facts loaded afresh); service calls
        of the old screens are dropped (a new turn of `call`)."""
        if not self.languages.use(code):
            return
        self.setWindowTitle(_("PeerHouse kiosk"))
        self.footer.retranslate()
        self.keyboard.retranslate()
        self._tick()
        if not self.screens:
            return
        self._token += 1
        key = self.current.key
        self._hide_keyboard()
        for screen in self.screens.values():
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.screens = {}
        self._build_screens()
        scale = self.scale
        rescale_icons(self, scale)
        rescale_grids(self)
        for screen in self.screens.values():
            screen.rescaled(scale)
        self._show(self.screens[key])

    def choose_language(self: KioskWindow, code: str) -> None:
        """EN / ES on the start screen: the start (and PIN) screens in `code` until
        someone signs in or the kiosk is left idle."""
        self.languages.chosen = code
        self.use_language(code)
        start = self.screens.get("start")
        if start is not None:
            start.focus_language(code)  # type: ignore[attr-defined]
