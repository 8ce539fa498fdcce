"""The "English | Español" switch of the windows shown before anyone signs in (the sign-in
and the first-run set-up): each language in its own name, the one shown now as plain text.

Choosing one makes it the process's language and Qt's (`choose`); the window then shows
its words again. Kept small: the sign-in loads it before the rest of the program.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from peerhouse.i18n import LANGUAGES, _, current_language, set_default_language
from peerhouse.ui.qt_language import use_qt_language

# Each language in its own name (as ui/widgets/choices.LANGUAGE_NAMES, which the first
# window does not import).
SWITCH_NAMES = {"en": "English", "es": "Español"}


class LanguageSwitch(QHBoxLayout):
    """A row, right-aligned, of one link per language; `picked(code)` after a choice."""

    def __init__(self, picked: Callable[[str], None]) -> None:
        super().__init__()
        self.buttons: dict[str, QPushButton] = {}
        self.addStretch(1)
        for code in LANGUAGES:
            link = QPushButton(SWITCH_NAMES[code])
            link.setObjectName("Link")
            link.setFlat(True)
            link.clicked.connect(lambda _c=False, code=code: picked(code))
            self.buttons[code] = link
            self.addWidget(link)
        self.show_current()

    def show_current(self) -> None:
        """The language shown now reads as plain text, the other as a link."""
        for code, link in self.buttons.items():
            link.setEnabled(code != current_language())
            link.setStyleSheet("" if link.isEnabled() else
                               "text-decoration: none; font-weight: 600; color: palette(text);")
            link.setToolTip(_("Show this window in {language}").format(
                language=SWITCH_NAMES[code]))


def choose(code: str) -> None:
    """`code` becomes the language of every window built from now on, Qt's words too."""
    set_default_language(code)
    use_qt_language(code)
