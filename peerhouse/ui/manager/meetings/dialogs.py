"""Dialogs of the Meetings section: schedule (one-off or weekly), edit, cancel.

Also the date and time wording shared by the section, always in the house's own time
zone (a house in Chicago shows Chicago times wherever the office PC is set).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.ops import WriteOp
from peerhouse.models.labels import MEETING_KIND_LABELS, meeting_kind_label
from peerhouse.models.meetings import Meeting
from peerhouse.services import meetings
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import local_time, zone
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import clock, local_when, short_day, weekday_name
from peerhouse.ui.widgets.common import muted
from peerhouse.ui.widgets.dates import DateEdit, TimeEdit
from peerhouse.ui.widgets.limits import limit_text
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.styled import restyle

STATUS_LABELS = {"scheduled": "Scheduled", "held": "Held", "cancelled": "Canceled"}


def meeting_when_text(at: datetime, tz: str) -> str:
    """'Tue Mar 3, 7:00 PM' in the house's own time zone."""
    return local_when(at, tz)


def kind_text(meeting: Meeting) -> str:
    return meeting_kind_label(meeting.kind)


class MeetingDialog(OperationDialog):
    """Schedule a meeting (once, or weekly for a number of weeks) or edit one."""

    def __init__(self, ctx: AppContext, tz: str, meeting: Meeting | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, "Edit meeting" if meeting else "Schedule a meeting")
        self.ctx, self.tz, self.meeting = ctx, tz, meeting
        self.kind = QComboBox()
        for value, label in MEETING_KIND_LABELS.items():
            self.kind.addItem(str(label), str(value))
        self.day = DateEdit()
        self.at = TimeEdit()
        self.topic = QLineEdit()
        self.topic.setPlaceholderText("e.g. House rules, Step 4, planning the cookout")
        limit_text(self.topic, limits.LINE)
        self.facilitator = QLineEdit()
        self.facilitator.setPlaceholderText("Who leads it (a resident or staff member)")
        limit_text(self.facilitator, limits.FULL_NAME)
        self.repeat = QCheckBox("&Repeat every week")
        self.weeks = QSpinBox()
        self.weeks.setRange(2, meetings.MAX_SERIES_WEEKS)
        self.weeks.setValue(12)
        self.weeks.setSuffix(" weeks")
        self.series_note = muted("")
        for widget, name in ((self.kind, "Kind of meeting"), (self.day, "Date"),
                             (self.at, "Time"), (self.topic, "Topic"),
                             (self.facilitator, "Facilitator"), (self.repeat, "Repeat every week"),
                             (self.weeks, "Number of weeks")):
            widget.setAccessibleName(name)

        form = QFormLayout()
        form.setSpacing(10)
        form.addRow("&Kind:", self.kind)
        when = QHBoxLayout()
        when.addWidget(self.day, 2)
        when.addWidget(self.at, 1)
        when_label = QLabel("&Date and time:")
        when_label.setBuddy(self.day)
        form.addRow(when_label, when)
        form.addRow("&Topic:", self.topic)
        form.addRow("&Facilitator:", self.facilitator)
        if meeting is None:
            repeat = QHBoxLayout()
            repeat.addWidget(self.repeat)
            repeat.addWidget(QLabel("for"))
            repeat.addWidget(self.weeks)
            repeat.addStretch(1)
            form.addRow("", repeat)
            form.addRow("", self.series_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.errors.fields = {"kind": self.kind, "start time": self.day, "topic": self.topic,
                              "facilitator": self.facilitator, "number of weeks": self.weeks}
        self.ok_button.setText("Save" if meeting else "Schedule")
        restyle(self.ok_button, "primary", True)
        self.setMinimumWidth(460)

        if meeting is not None:
            here = local_time(meeting.starts_at, tz)
            self.kind.setCurrentIndex(max(0, self.kind.findData(meeting.kind)))
            self.day.setDate(QDate(here.year, here.month, here.day))
            self.at.setTime(QTime(here.hour, here.minute))
            self.topic.setText(meeting.topic)
            self.facilitator.setText(meeting.facilitator)
        else:
            today = datetime.now(zone(tz)).date()
            self.day.setDate(QDate(today.year, today.month, today.day))
            self.at.setTime(QTime(19, 0))
        self.repeat.toggled.connect(self._update_series)
        self.weeks.valueChanged.connect(self._update_series)
        self.day.dateChanged.connect(self._update_series)
        self.at.timeChanged.connect(self._update_series)
        self._update_series()

    def _start(self) -> tuple[date, time]:
        d, t = self.day.date(), self.at.time()
        return date(d.year(), d.month(), d.day()), time(t.hour(), t.minute())

    def _update_series(self) -> None:
        self.weeks.setEnabled(self.repeat.isChecked())
        first, at = self._start()
        if self.repeat.isChecked():
            last = first + timedelta(weeks=self.weeks.value() - 1)
            self.series_note.setText(f"{self.weeks.value()} meetings, every {weekday_name(first)} at "
                                     f"{clock(at)}, from {short_day(first)} to "
                                     f"{short_day(last, year=True)}.")
        else:
            self.series_note.setText(f"Just this one meeting, on a {weekday_name(first)}.")

    def operation(self) -> WriteOp[Any]:
        first, at = self._start()
        kind = str(self.kind.currentData())
        topic, facilitator = self.topic.text(), self.facilitator.text()
        if self.meeting is not None:
            assert self.meeting.id is not None
            return WriteOp(meetings.edit, self.meeting.id, topic=topic,
                           facilitator=facilitator, kind=kind,
                           starts_at=datetime.combine(first, at))
        if self.repeat.isChecked():
            return WriteOp(meetings.schedule_series, self.ctx.house_id, first, at,
                           self.weeks.value(), kind=kind, topic=topic, facilitator=facilitator)
        return WriteOp(meetings.schedule, self.ctx.house_id,
                       datetime.combine(first, at), kind=kind, topic=topic,
                       facilitator=facilitator)


class CancelMeetingDialog(OperationDialog):
    """Confirm cancelling; for a series, optionally the later meetings too."""

    def __init__(self, ctx: AppContext, tz: str, meeting: Meeting, later: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, "Cancel meeting")
        self.ctx, self.meeting = ctx, meeting
        text = QLabel(f"Cancel the {kind_text(meeting).lower()} on "
                      f"{meeting_when_text(meeting.starts_at, tz)}?\n\nIt stays in the list marked "
                      "canceled, and attendance can no longer be taken for it.")
        text.setWordWrap(True)
        self.rest = QCheckBox(f"Also cancel the {later} later meeting{'s' if later != 1 else ''}"
                              " in this series")
        self.rest.setAccessibleName("Also cancel this and later meetings in the series")
        self.rest.setVisible(later > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.rest)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.ok_button.setText("Cancel meeting")
        restyle(self.ok_button, "danger", True)
        keep = self.cancel_button
        keep.setText("Keep it")
        keep.setDefault(True)
        keep.setFocus()
        self.setMinimumWidth(420)

    def operation(self) -> WriteOp[Any]:
        assert self.meeting.id is not None
        return WriteOp(meetings.cancel, self.meeting.id,
                       rest_of_series=self.rest.isChecked())
