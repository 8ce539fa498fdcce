"""Qt's standard words (dialog buttons, context menus) in the chosen language, from the
qtbase translation shipped with PySide6 (and kept by build.spec)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QLocale
from PySide6.QtWidgets import QDialogButtonBox

from peerhouse.ui.qt_language import use_qt_language


def _cancel_button_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    try:
        return box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
    finally:
        box.deleteLater()


def test_qt_speaks_spanish_then_english_again(qapp):
    before = QLocale()
    try:
        assert use_qt_language("es")
        assert _cancel_button_text() == "Cancelar"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
        assert QLocale().toString(QDate(2026, 3, 3), "MMMM") == "marzo"
        assert use_qt_language("es")  # again: one translator, not two
        assert use_qt_language("en")
        assert _cancel_button_text() == "Cancel"
        assert QLocale().toString(QDate(2026, 3, 3), "MMMM") == "March"
    finally:
        use_qt_language("en")
        QLocale.setDefault(before)  # the rest of the tests run as they always did
