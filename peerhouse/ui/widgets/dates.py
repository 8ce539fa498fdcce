"""The date and time fields every manager form uses: one display style, and a keyboard
that can always leave them.

The style matches `peerhouse.ui.formats` ("Mar 3, 2026", "Tue Mar 3, 2026, 7:05 PM"), so a day reads the
same in a field as in the table next to it. Qt's QDateTimeEdit swallows Tab while it shows
its special value text ("Not set"): an empty optional field became a keyboard trap. These
subclasses pass Tab on to the next field in that case.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QDateTime, QLocale
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QTimeEdit, QWidget

DATE_DISPLAY = "MMM d, yyyy"  # 'Mar 3, 2026', as formats.date_text
MONTH_DAY_DISPLAY = "MMM d"  # 'Mar 3', as formats.month_day (a chart's axis)
TIME_DISPLAY = "h:mm AP"  # '7:05 PM', as clock_text
# 'Tue Mar 3, 2026, 7:05 PM', as formats.local_when(..., year=True)
DATE_TIME_DISPLAY = f"ddd {DATE_DISPLAY}, {TIME_DISPLAY}"


# Month and weekday names as the texts built in Python have them (the app's US defaults),
# whatever language this PC's Qt would otherwise pick.
US_LOCALE = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def _shows_special_value(edit: QDateTimeEdit) -> bool:
    return bool(edit.specialValueText()) and edit.dateTime() == edit.minimumDateTime()


def _fit(edit: QDateTimeEdit, widest: str) -> None:
    """Wide enough for its longest text: the theme's padding and arrow button are not in
    Qt's own size hint, which clipped 'Nov 30, 2026' to 'Nov 30, 20'."""
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(widest) + 52)


class DateEdit(QDateEdit):
    """A day field with a calendar, in the app's date style."""

    def __init__(self, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(US_LOCALE)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_DISPLAY)
        _fit(self, "Sep 30, 2026")
        if day is not None:
            self.setDate(QDate(day.year, day.month, day.day))

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        # Showing "Not set" there are no sections to step through: move on, as any field.
        if _shows_special_value(self):
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)


class DateTimeEdit(QDateTimeEdit):
    """A day-and-time field with a calendar, in the app's style."""

    def __init__(self, at: QDateTime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(US_LOCALE)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_TIME_DISPLAY)
        _fit(self, "Wed Sep 30, 2026, 12:59 PM")
        if at is not None:
            self.setDateTime(at)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 (Qt's name)
        if _shows_special_value(self):
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)


class TimeEdit(QTimeEdit):
    """A time-of-day field: '7:05 PM'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(US_LOCALE)
        self.setDisplayFormat(TIME_DISPLAY)
