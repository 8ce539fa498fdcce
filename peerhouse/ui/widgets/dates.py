"""The date and time fields every manager form uses: one display style, a keyboard that
can always leave them, and one calendar pop-up.

The style matches `peerhouse.ui.formats` ("Mar 3, 2026", "Tue Mar 3, 2026, 7:05 PM"; in
Spanish "3 mar 2026", "mar, 3 mar 2026, 7:05 p.m."), so a day reads the same in a field as
in the table next to it, in the window's language whatever the PC's. Qt's QDateTimeEdit swallows Tab while it shows
its special value text ("Not set"): an empty optional field became a keyboard trap. These
subclasses pass Tab on to the next field in that case.

The calendar pop-up is made here for every field: the theme frames every table, and Qt
sizes the calendar without that frame, so its last week row was cut off; today is marked,
and a field showing "Not set" opens on today (picked, but only chosen when a day is
clicked or Enter pressed), not on the 1st of the month or of the year 1900.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    QSignalBlocker,
    QSize,
    QTime,
)
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QDateTimeEdit, QTimeEdit, QWidget

from peerhouse.i18n import SPANISH, current_language
from peerhouse.i18n.language import CLDR_LOCALES

DATE_DISPLAY = "MMM d, yyyy"  # 'Mar 3, 2026', as formats.date_text
MONTH_DAY_DISPLAY = "MMM d"  # 'Mar 3', as formats.month_day (a chart's axis)
TIME_DISPLAY = "h:mm AP"  # '7:05 PM', as clock_text
# 'Tue Mar 3, 2026, 7:05 PM', as formats.local_when(..., year=True)
DATE_TIME_DISPLAY = f"ddd {DATE_DISPLAY}, {TIME_DISPLAY}"


# Month and weekday names as the texts built in Python have them (the app's US defaults),
# whatever language this PC's Qt would otherwise pick.
US_LOCALE = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
# The same shapes in Spanish (formats.py's): day before month, 'p.m.'.
SPANISH_DISPLAYS = {"d": "d MMM yyyy", "md": "d MMM", "t": "h:mm ap",
                    "dt": "ddd, d MMM yyyy, h:mm ap"}
ENGLISH_DISPLAYS = {"d": DATE_DISPLAY, "md": MONTH_DAY_DISPLAY, "t": TIME_DISPLAY,
                    "dt": DATE_TIME_DISPLAY}


def field_locale() -> QLocale:
    """Qt's locale for date and time fields in the current language."""
    code = current_language()
    return US_LOCALE if code != SPANISH else QLocale(CLDR_LOCALES[code])


def display(kind: str) -> str:
    """A field's display format in the current language: 'd' a day, 'md' a month and day,
    't' a time, 'dt' a day and time."""
    return (SPANISH_DISPLAYS if current_language() == SPANISH else ENGLISH_DISPLAYS)[kind]
# The calendar's own table, without the frame and round corners the theme gives tables
# (Qt's size hint for the calendar has no room for them).
CALENDAR_QSS = "QTableView { border: none; border-radius: 0px; }"
CALENDAR_AIR = QSize(28, 28)  # a little room around the days, beyond Qt's tight fit


def _shows_special_value(edit: QDateTimeEdit) -> bool:
    return bool(edit.specialValueText()) and edit.dateTime() == edit.minimumDateTime()


def _fit(edit: QDateTimeEdit, widest: str) -> None:
    """Wide enough for its longest text: the theme's padding and arrow button are not in
    Qt's own size hint, which clipped 'Nov 30, 2026' to 'Nov 30, 20'."""
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(widest) + 52)


class _Calendar:
    """The pop-up calendar of DateEdit and DateTimeEdit, readied the first time it may open
    (a click or a key on the field), so forms full of date fields make no calendar early."""

    _calendar_ready = False

    def _style(self: QDateTimeEdit, display: str, widest: str) -> None:  # type: ignore[misc]
        """The app's display style, a calendar pop-up, and room for the longest text."""
        locale = field_locale()
        self.setLocale(locale)
        self.setCalendarPopup(True)
        self.setDisplayFormat(display)
        sample = QDateTime(QDate(2026, 9, 30), QTime(12, 59))
        _fit(self, max(widest, locale.toString(sample, display), key=len))

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        # Showing "Not set" there are no sections to step through: move on, as any field.
        if _shows_special_value(self):  # type: ignore[arg-type]
            return QWidget.focusNextPrevChild(self, next)  # type: ignore[arg-type]
        return super().focusNextPrevChild(next)  # type: ignore[misc]

    def _ready_calendar(self: QDateTimeEdit) -> None:  # type: ignore[misc]
        if self._calendar_ready or not self.calendarPopup():
            return
        self._calendar_ready = True
        calendar = self.calendarWidget()
        calendar.setStyleSheet(CALENDAR_QSS)
        calendar.ensurePolished()
        calendar.setMinimumSize(calendar.sizeHint() + CALENDAR_AIR)
        calendar.installEventFilter(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._ready_calendar()
        super().mousePressEvent(event)  # type: ignore[misc]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._ready_calendar()
        super().keyPressEvent(event)  # type: ignore[misc]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QCalendarWidget) and event.type() == QEvent.Type.Show:
            _show_today(self, watched)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)  # type: ignore[misc]


def _show_today(edit: QDateTimeEdit, calendar: QCalendarWidget) -> None:
    """Mark today; an empty field ("Not set") opens on today instead of its placeholder
    day. Picked without signals, so only a click or Enter sets the field (Escape leaves it
    empty, as Qt puts the field's own date back when the pop-up closes unchosen)."""
    today = QDate.currentDate()
    mark = QTextCharFormat()
    mark.setFontWeight(QFont.Weight.Bold)
    mark.setFontUnderline(True)
    calendar.setDateTextFormat(QDate(), QTextCharFormat())  # yesterday's mark, if left open
    calendar.setDateTextFormat(today, mark)
    if _shows_special_value(edit):
        day = min(max(today, edit.minimumDate()), edit.maximumDate())
        blocker = QSignalBlocker(calendar)
        calendar.setSelectedDate(day)
        blocker.unblock()


class DateEdit(_Calendar, QDateEdit):
    """A day field with a calendar, in the app's date style."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style(display("d"), "Sep 30, 2026")
        if day is not None:
            self.setDate(QDate(day.year, day.month, day.day))


class DateTimeEdit(_Calendar, QDateTimeEdit):
    """A day-and-time field with a calendar, in the app's style."""

    def __init__(self, at: QDateTime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style(display("dt"), "Wed Sep 30, 2026, 12:59 PM")
        if at is not None:
            self.setDateTime(at)


class TimeEdit(QTimeEdit):
    """A time-of-day field: '7:05 PM'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(field_locale())
        self.setDisplayFormat(display("t"))
