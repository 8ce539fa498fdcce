"""The shared date fields: the keyboard can always leave them, and they read in the
app's one date style (the same as the tables and cards beside them)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QTime
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget

from peerhouse.ui.formats import date_text, local_when, plural
from peerhouse.ui.manager.residents.form import DateField
from peerhouse.ui.widgets.dates import DateEdit, DateTimeEdit


def open_calendar(qtbot, edit, box: QWidget):
    """Click the field's arrow (in `box`), as a person does; returns the calendar shown."""
    qtbot.addWidget(box)
    QVBoxLayout(box).addWidget(edit)
    box.show()
    qtbot.waitExposed(box)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 8,
                                                                 edit.height() // 2))
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible, timeout=5000)
    return calendar


def empty_field() -> DateEdit:
    edit = DateEdit()
    edit.setMinimumDate(QDate(1900, 1, 1))
    edit.setSpecialValueText("Not set")
    edit.setDate(edit.minimumDate())
    return edit


FIELDS = {
    "day": lambda: DateEdit(date(2026, 3, 31)),  # March 2026 spans six week rows
    "day and time": lambda: DateTimeEdit(QDateTime(QDate(2026, 3, 31), QTime(19, 5))),
    "not set": empty_field,
    "optional field of a form": lambda: DateField("Sobriety date", optional=True).edit,
}


@pytest.mark.parametrize("kind", FIELDS)
def test_calendar_popup_shows_every_week_row_and_marks_today(qtbot, themed, kind):
    """The shared pop-up (widgets/dates.py) fits its six week rows under the theme's table
    frame, marks today, and an empty field opens on today rather than on the 1st."""
    edit, box = FIELDS[kind](), QWidget()
    before = edit.text()
    calendar = open_calendar(qtbot, edit, box)
    view = calendar.findChild(QTableView)
    model = view.model()
    rows = [(view.rowViewportPosition(r), view.rowHeight(r)) for r in range(model.rowCount())]
    # Every row (weekday names and six weeks) wholly in view, none scrolled out of sight.
    assert len(rows) == 7 and rows[0][0] >= 0, (kind, rows)
    assert rows[-1][0] + rows[-1][1] <= view.viewport().height(), (kind, rows)
    today = QDate.currentDate()
    assert calendar.dateTextFormat(today).fontWeight() == QFont.Weight.Bold
    if edit.specialValueText():
        # Opens on this month with today picked, yet the field stays empty until a day is
        # chosen: Escape leaves it "Not set".
        assert calendar.selectedDate() == today
        assert model.data(view.currentIndex()) == today.day()
        assert edit.text() == before == "Not set"
        qtbot.keyClick(view, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not calendar.isVisible(), timeout=5000)
        assert edit.text() == "Not set"
    else:
        assert calendar.selectedDate() == edit.date() and edit.text() == before


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
