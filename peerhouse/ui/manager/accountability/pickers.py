"""Date pickers for the Accountability tabs: one day, one house week, or a range of days.

Each starts at the house's own "today" (set by the tab on first load), never the office
PC's, and none lets someone pick a day that has not happened yet where that makes no sense.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from peerhouse.i18n import _
from peerhouse.ui.formats import short_day, week_of
from peerhouse.ui.manager.accountability.common import HouseData, pydate, qdate
from peerhouse.ui.widgets.common import button
from peerhouse.ui.widgets.dates import DateEdit
from peerhouse.ui.widgets.wrap_row import WrapRow


class DayPicker(QWidget):
    """◀ [day] ▶ Today — one house-local day, never in the future."""

    changed = Signal(object)  # date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = DateEdit()
        self.edit.setAccessibleName(_("Day"))
        self.edit.setMinimumWidth(220)
        caption = QLabel(_("&Day:"))
        caption.setBuddy(self.edit)
        self._today = date.today()
        prev = button("◀", on_click=lambda: self._step(-1), tip=_("Day before"))
        prev.setAccessibleName(_("Day before"))
        nxt = button("▶", on_click=lambda: self._step(1), tip=_("Day after"))
        nxt.setAccessibleName(_("Day after"))
        self.today_btn = button(_("Today"), on_click=lambda: self.set_day(self._today, emit=True))
        for w in (caption, prev, self.edit, nxt, self.today_btn):
            row.addWidget(w)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit(self.day()))

    def day(self) -> date:
        return pydate(self.edit.date())

    value = day

    def follow(self, house: HouseData, *, first: bool) -> None:
        """The house's today, moved on if the window stayed open overnight; the day shown
        starts there, and afterwards stays what someone picked."""
        self.set_today(house.today)
        if first:
            self.set_day(house.today)

    def set_today(self, today: date) -> None:
        self._today = today
        self.edit.setMaximumDate(qdate(today))

    def set_day(self, day: date, *, emit: bool = False) -> None:
        self.edit.blockSignals(not emit)
        self.edit.setDate(qdate(day))
        self.edit.blockSignals(False)

    def _step(self, days: int) -> None:
        self.set_day(min(self._today, self.day() + timedelta(days=days)), emit=True)


class WeekPicker(QWidget):
    """◀ Week of Mar 16 – 22 ▶ This week — the house's week."""

    changed = Signal(object)  # date: the first day of the week

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self._start = date.today()
        self._this = self._start
        self.label = QLabel()
        self.label.setMinimumWidth(190)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        prev = button("◀", on_click=lambda: self.set_week(self._start - timedelta(days=7), emit=True),
                      tip=_("Week before"))
        prev.setAccessibleName(_("Week before"))
        nxt = button("▶", on_click=lambda: self.set_week(self._start + timedelta(days=7), emit=True),
                     tip=_("Week after"))
        nxt.setAccessibleName(_("Week after"))
        this = button(_("This week"), on_click=lambda: self.set_week(self._this, emit=True))
        for w in (prev, self.label, nxt, this):
            row.addWidget(w)
        self._show()

    def start(self) -> date:
        return self._start

    value = start

    def follow(self, house: HouseData, *, first: bool) -> None:
        """As DayPicker.follow, for the house's week."""
        self.set_this_week(house.this_week())
        if first:
            self.set_week(house.this_week())

    def set_this_week(self, start: date) -> None:
        self._this = start

    def set_week(self, start: date, *, emit: bool = False) -> None:
        self._start = start
        self._show()
        if emit:
            self.changed.emit(start)

    def _show(self) -> None:
        self.label.setText(week_of(self._start))
        self.label.setAccessibleName(self.label.text())


def span_days(bounds: tuple[date, date]) -> dict[str, str]:
    """The first and last day of a range's [start, end) bounds, as `{first}` and `{last}`
    values for a sentence ('No screens recorded from {first} to {last}.')."""
    start, end = bounds
    return {"first": short_day(start), "last": short_day(end - timedelta(days=1))}


class RangePicker(WrapRow):
    """From [date] to [date] (both days included) — `bounds()` gives [start, end).
    In a narrow pane "To" goes under "From".

    `changed` waits until typing pauses: each load of confidential records is an audited
    read, and typing a date must not log one read per keystroke.
    """

    changed = Signal()

    def __init__(self, days_back: int = 30, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(450)
        self._quiet.timeout.connect(self.changed.emit)
        self.days_back = days_back
        self.start_edit, self.end_edit = DateEdit(), DateEdit()
        for edit, name, text, row in ((self.start_edit, _("From"), _("&From:"), self.left),
                                      (self.end_edit, _("To"), _("&To:"), self.right)):
            edit.setAccessibleName(name)
            caption = QLabel(text)
            caption.setBuddy(edit)
            row.addWidget(caption)
            row.addWidget(edit)
            edit.dateChanged.connect(lambda _d: self._quiet.start())
        self.set_today(date.today())

    def set_today(self, today: date) -> None:
        for edit in (self.start_edit, self.end_edit):
            edit.blockSignals(True)
        self.end_edit.setDate(qdate(today))
        self.start_edit.setDate(qdate(today - timedelta(days=self.days_back)))
        for edit in (self.start_edit, self.end_edit):
            edit.blockSignals(False)

    def follow(self, house: HouseData, *, first: bool) -> None:
        """The range starts at the house's today; afterwards it stays what someone picked."""
        if first:
            self.set_today(house.today)

    def bounds(self) -> tuple[date, date]:
        start, last = pydate(self.start_edit.date()), pydate(self.end_edit.date())
        if last < start:
            start, last = last, start
        return start, last + timedelta(days=1)

    value = bounds


