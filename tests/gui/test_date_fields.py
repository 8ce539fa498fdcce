"""The shared date fields: the keyboard can always leave them, and they read in the
app's one date style (the same as the tables and cards beside them)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from peerhouse.ui.formats import date_text, local_when, plural
from peerhouse.ui.widgets.dates import DateEdit, DateTimeEdit


def test_tab_leaves_a_date_that_shows_its_special_value(qtbot):
    """The audit log's From field reads "the start" when unbounded: Tab still moves on."""
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    before, edit, after = QLineEdit(), DateEdit(), QLineEdit()
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setSpecialValueText("the start")
    edit.setDate(edit.minimumDate())
    for w in (before, edit, after):
        layout.addWidget(w)
    box.show()
    box.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    assert edit.text() == "the start"
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is before


def test_date_fields_read_like_the_rest_of_the_app(qtbot):
    day = date(2026, 3, 3)
    edit = DateEdit(day)
    qtbot.addWidget(edit)
    assert edit.text() == date_text(day) == "Mar 3, 2026"
    at = DateTimeEdit(QDateTime(QDate(2026, 3, 3), QTime(19, 5)))
    qtbot.addWidget(at)
    assert at.text() == local_when(datetime(2026, 3, 3, 19, 5, tzinfo=UTC), "UTC", year=True)
    assert at.text() == "Tue Mar 3, 2026, 7:05 PM"


def test_counts_read_as_words_do():
    assert plural(1, "active account") == "1 active account"
    assert plural(2, "active account") == "2 active accounts"
    assert (plural(1, "entry", "entries"), plural(0, "entry", "entries")) == ("1 entry", "0 entries")
