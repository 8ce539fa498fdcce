"""The resident page's small forms: goal, step, progress note, mentor, session, consent.

Each builder returns an OperationDialog whose `fields` are keyed by the names the
services use in their ValidationErrors, so a problem is shown next to the right field;
the tab that opens it starts the save (`on_submit`, then `ResidentTab.save`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from peerhouse.errors import PeerHouseError
from peerhouse.i18n import _
from peerhouse.models.enums import GoalArea
from peerhouse.models.labels import goal_area_label
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import local_time, now
from peerhouse.services.text_limits import TextLimit
from peerhouse.services.timeline import MentorChoice
from peerhouse.ui.manager.accountability.common import HouseTimeEdit
from peerhouse.ui.manager.reports.parts import PartsPicker
from peerhouse.ui.widgets.dates import DateEdit
from peerhouse.ui.widgets.limits import limit_text
from peerhouse.ui.widgets.operation_dialog import OperationDialog

_DAY = TextLimit(10)  # YYYY-MM-DD


def line(placeholder: str = "", limit: TextLimit = limits.LINE) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    limit_text(edit, limit)
    return edit


def text_box(placeholder: str = "", height: int = 90,
             limit: TextLimit | None = limits.NOTE) -> QPlainTextEdit:
    """A note (`limit`; None for a box whose lines are checked one by one)."""
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on; the form stays usable from the keyboard
    box.setFixedHeight(height)
    if limit is not None:
        limit_text(box, limit)
    return box


def day_edit(day: date, *, latest: date | None = None) -> QDateEdit:
    edit = DateEdit(day)
    if latest is not None:
        edit.setMaximumDate(QDate(latest.year, latest.month, latest.day))
    return edit


def value_of(widget: QWidget) -> object:
    """What a field holds, as the services expect it."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, PartsPicker):
        return widget.selected()
    if isinstance(widget, HouseTimeEdit):
        return widget.value()  # house wall-clock time, as a UTC instant
    if isinstance(widget, QDateEdit):
        return widget.date().toPython()
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime().toPython()
    raise TypeError(type(widget).__name__)


def form_dialog(parent: QWidget, title: str, ok_text: str, intro: str = "") -> OperationDialog:
    """A small form whose refusals of any kind are shown in it, next to the field."""
    d = OperationDialog(parent, title, ok_text, role="primary", default=True)
    d.build_form(intro, min_width=440, look="aligned")
    d.inline_refusals = (PeerHouseError,)
    return d


def goal_dialog(parent: QWidget) -> OperationDialog:
    d = form_dialog(parent, _("New goal"), _("&Save goal"),
                    _("A goal in the resident's own words, set up together with them."))
    area = QComboBox()
    for a in GoalArea:
        area.addItem(goal_area_label(a.value), a.value)
    d.add_field(_("&Area:"), area, "area")
    d.add_field(_("&Goal:"), line(_("e.g. Find a part-time job")), "title")
    d.add_field(_("&First steps:"), text_box(_("One step per line (optional)"), limit=None),
                "step")
    d.add_field(_("&Target date:"), line(_("YYYY-MM-DD (optional)"), _DAY), "target date")
    d.add_field(_("&Review on:"), line(_("YYYY-MM-DD (optional)"), _DAY), "review date")
    return d


def step_dialog(parent: QWidget, goal_title: str) -> OperationDialog:
    d = form_dialog(parent, _("Add a step"), _("&Add step"),
                    _("A next step toward “{goal}”.").format(goal=goal_title))
    d.add_field(_("&Step:"), line(_("e.g. Update CV"), limits.LONG_LINE), "step")
    return d


def note_dialog(parent: QWidget, goal_title: str) -> OperationDialog:
    d = form_dialog(parent, _("Progress note"), _("&Save note"),
                    _("How is “{goal}” going? Managers see these notes; the resident does not "
                      "at the kiosk.").format(goal=goal_title))
    d.add_field(_("&Note:"), text_box(_("What happened, what helped, what is next")), "note")
    return d


def _mentor_combo(choices: Sequence[MentorChoice], current: tuple[int | None, int | None],
                  current_name: str = "") -> QComboBox:
    box = QComboBox()
    if current_name and current != (None, None) and all(
            (c.resident_id, c.staff_id) != current for c in choices):
        # The assigned mentor may have moved out since: a past session with them still counts.
        box.addItem(_("{name} (assigned mentor)").format(name=current_name), current)
    for c in choices:
        text = (_("{name} (resident)") if c.resident_id is not None else _("{name} (staff)"))
        box.addItem(text.format(name=c.name), (c.resident_id, c.staff_id))
        if (c.resident_id, c.staff_id) == current:
            box.setCurrentIndex(box.count() - 1)
    return box


def mentor_dialog(parent: QWidget, choices: Sequence[MentorChoice],
                  current: tuple[int | None, int | None]) -> OperationDialog:
    d = form_dialog(parent, _("Peer mentor"), _("&Save mentor"),
                    _("Pair the resident with a peer further along (a resident of this house) "
                      "or with a staff member."))
    d.add_field(_("&Peer mentor:"), _mentor_combo(choices, current), "peer mentor")
    return d


def session_dialog(parent: QWidget, choices: Sequence[MentorChoice],
                   current: tuple[int | None, int | None], current_name: str = "",
                   tz: str | None = None) -> OperationDialog:
    """`tz`: the house's time zone (default: that of the resident the parent tab shows),
    so "When" reads as the house clock, not this PC's."""
    d = form_dialog(parent, _("Log a mentoring session"), _("&Save session"),
                    _("A one-to-one conversation. The note stays private to managers."))
    profile = getattr(parent, "profile", None)
    when = HouseTimeEdit(tz or (profile.tz if profile is not None else "UTC"))
    latest = local_time(now(), when.tz) + timedelta(minutes=5)
    when.setMaximumDateTime(QDateTime(QDate(latest.year, latest.month, latest.day),
                                      QTime(latest.hour, latest.minute)))
    d.add_field(_("&Time:"), when, "time")
    d.add_field(_("&Mentor:"), _mentor_combo(choices, current, current_name), "peer mentor")
    d.add_field(_("&Note:"), text_box(_("What you talked about (optional)")), "note")
    return d


def consent_dialog(parent: QWidget, today: date) -> OperationDialog:
    d = form_dialog(parent, _("Record a consent"), _("&Save consent"),
                    _("Copy the signed consent form: who may receive information, why, and "
                      "what exactly may be shared. Check only the parts of a progress report "
                      "the form names; a report can hold nothing else."))
    d.add_field(_("&Recipient:"), line(_("e.g. County probation office")), "recipient")
    d.add_field(_("P&urpose:"), line(_("e.g. Progress updates for the court"),
                                     limits.SHORT_NOTE), "purpose")
    d.add_field(_("&What may be shared:"),
                text_box(_("In the form's words, e.g. Attendance, check-in completion, screen "
                           "results"), 70), "information to share")
    d.add_field(_("&Parts it covers:"), PartsPicker(_("Parts of a progress report it covers")),
                "parts")
    d.add_field(_("Si&gned on:"), day_edit(today, latest=today), "signed on")
    d.add_field(_("&Expires on:"), day_edit(today + timedelta(days=365)), "expires on")
    return d


def aware(at: datetime) -> datetime:
    """A QDateTimeEdit gives local wall time without a zone: attach this PC's zone."""
    return at if at.tzinfo is not None else at.astimezone()
