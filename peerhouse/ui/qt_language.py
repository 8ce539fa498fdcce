"""Qt's own words in the chosen language: the buttons of the standard dialogs (Cancel,
Yes, No), text boxes' context menus (Copy, Paste), the date pickers' month names.

Qt ships them as `qtbase_<lang>.qm` in the PySide6 wheel (PySide6/Qt/translations/), and
build.spec keeps the Spanish one in the frozen build. Qt's locale is set to the same
language's, so Qt's widgets never follow the PC's locale either.
"""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from peerhouse.i18n.language import CLDR_LOCALES, ENGLISH, checked

_installed: list[QTranslator] = []


def qt_translation_dirs() -> list[Path]:
    """Where Qt's translations are: Qt's own answer, then the wheel's and the bundle's
    folder next to the PySide6 package."""
    here = Path(PySide6.__file__).resolve().parent
    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            here / "Qt" / "translations", here / "translations"]


def use_qt_language(code: str) -> bool:
    """Qt's standard words and its locale in `code` from now on ('en': Qt's built-in
    English). False when `code` has no qtbase translation here (Qt then shows English)."""
    app = QCoreApplication.instance()
    assert app is not None, "make the QApplication first"
    QLocale.setDefault(QLocale(CLDR_LOCALES[checked(code)]))
    while _installed:
        app.removeTranslator(_installed.pop())
    if code == ENGLISH:
        return True
    translator = QTranslator(app)
    for folder in qt_translation_dirs():
        if translator.load(f"qtbase_{code}", str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
            return True
    return False
