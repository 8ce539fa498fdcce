"""The right-hand pane of Meetings: one meeting's details, attendance, minutes.

Minutes typed for a meeting are kept as a draft per meeting while the window is open,
so picking another meeting in the list (or a refresh) never throws typing away. A save
that finishes while someone kept typing keeps the newer text as a draft instead of
putting the saved text back over it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.ops import WriteOp
from peerhouse.errors import ValidationError
from peerhouse.i18n import _
from peerhouse.models.enums import MeetingStatus
from peerhouse.models.meetings import Meeting
from peerhouse.services import meetings
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import local_time
from peerhouse.services.meetings import AttendanceRow
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.formats import clock, short_day
from peerhouse.ui.manager.meetings.attendance import AttendancePanel, keys_text
from peerhouse.ui.manager.meetings.dialogs import (
    kind_text,
    meeting_when_text,
    status_text,
)
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.widgets.common import Card, FieldErrors, button, muted
from peerhouse.ui.widgets.limits import limit_text

BADGE = {"scheduled": ("#e4efed", "#2f5d62"), "held": ("#e3f1e6", "#2e6b41"),
         "cancelled": ("#f1e6e4", "#8a4b4b")}


class MinutesPanel(QWidget):
    """Minutes and decisions of one meeting; saving once it has started marks it held
    (saved before the start, they are kept and the meeting stays scheduled)."""

    saved = Signal(object)  # the saved Meeting

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting: Meeting | None = None
        self.starts = ""  # the meeting's start time as the house clock reads it
        self.drafts: dict[int, tuple[str, str]] = {}
        self._filling = False
        self.minutes = QPlainTextEdit()
        self.minutes.setPlaceholderText(_("What was talked about: check-ins, house business, "
                                          "concerns raised, celebrations…"))
        self.minutes.setAccessibleName(_("Minutes"))
        self.decisions = QPlainTextEdit()
        self.decisions.setPlaceholderText(_("What the house agreed, one decision per line"))
        self.decisions.setAccessibleName(_("Decisions"))
        self.decisions.setMaximumHeight(130)
        self.minutes.setTabChangesFocus(True)
        limit_text(self.minutes, limits.LONG_NOTE)
        limit_text(self.decisions, limits.LONG_NOTE)
        self.decisions.setTabChangesFocus(True)
        self.save_button = button(_("Save minutes"), "check", primary=True, on_click=self.save,
                                  tip=_("Save the minutes and decisions (Ctrl+S); once the "
                                        "meeting has started, it is then marked held."))
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.state = muted("")
        self.error = QLabel()
        self.errors = FieldErrors({"minutes": self.minutes, "decisions": self.decisions},
                                  self.error)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        minutes_label = QLabel(_("Mi&nutes"))
        minutes_label.setBuddy(self.minutes)
        minutes_label.setObjectName("CardTitle")
        layout.addWidget(minutes_label)
        layout.addWidget(self.minutes, 1)
        decisions_label = QLabel(_("&Decisions"))
        decisions_label.setBuddy(self.decisions)
        decisions_label.setObjectName("CardTitle")
        layout.addWidget(decisions_label)
        layout.addWidget(self.decisions)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.minutes.textChanged.connect(self._typed)
        self.decisions.textChanged.connect(self._typed)

    def set_meeting(self, meeting: Meeting, *, can_save: bool, why_not: str = "",
                    starts: str = "") -> None:
        self.meeting = meeting
        self.starts = starts or self.starts
        self.errors.clear()
        assert meeting.id is not None
        if self.drafts.get(meeting.id) == (meeting.minutes, meeting.decisions):
            del self.drafts[meeting.id]  # the draft is what is saved now: nothing unsaved
        minutes, decisions = self.drafts.get(meeting.id, (meeting.minutes, meeting.decisions))
        self._filling = True
        if self.minutes.toPlainText() != minutes:
            self.minutes.setPlainText(minutes)
        if self.decisions.toPlainText() != decisions:
            self.decisions.setPlainText(decisions)
        self._filling = False
        for box in (self.minutes, self.decisions):
            box.setReadOnly(not can_save)
        self.save_button.setEnabled(can_save)
        self.save_button.setVisible(can_save)
        self.save_button.setText(_("Save changes") if meeting.status == MeetingStatus.HELD
                                 else _("Save minutes"))
        if meeting.id in self.drafts:
            self.state.setText(_("Unsaved changes."))
        elif not can_save:
            self.state.setText(why_not)
        elif meeting.status == MeetingStatus.HELD:
            self.state.setText(_("Saved. You can correct the minutes and save again."))
        elif not meetings.has_started(meeting):
            self.state.setText(self._early_text(bool(meeting.minutes or meeting.decisions)))
        else:
            self.state.setText(_("Saving marks the meeting as held."))

    def _early_text(self, saved: bool) -> str:
        """Before the start: minutes are kept, but a meeting not started is not held."""
        if saved:
            return _("Saved. The meeting has not started yet (it starts at {time}), so it "
                     "stays scheduled: save again after it starts to mark it held."
                     ).format(time=self.starts)
        return _("The meeting starts at {time}. Minutes saved before then are kept; saving "
                 "after it starts marks it held.").format(time=self.starts)

    def _typed(self) -> None:
        if self._filling or self.meeting is None or self.meeting.id is None:
            return
        text = (self.minutes.toPlainText(), self.decisions.toPlainText())
        if text == (self.meeting.minutes, self.meeting.decisions):
            # Typed back to what is saved (undo, say): nothing to lose on closing.
            self.drafts.pop(self.meeting.id, None)
            self.state.setText(_("No unsaved changes."))
            return
        self.drafts[self.meeting.id] = text
        self.state.setText(_("Unsaved changes."))

    def has_unsaved_changes(self) -> bool:
        """Whether any meeting has minutes typed that differ from what is saved."""
        return bool(self.drafts)

    def save(self) -> None:
        meeting = self.meeting
        if meeting is None or meeting.id is None or not self.save_button.isEnabled():
            return
        self.errors.clear()
        self.save_button.setEnabled(False)
        meeting_id = meeting.id
        sent = (self.minutes.toPlainText(), self.decisions.toPlainText())

        def done(saved: Meeting) -> None:
            # Typing may have gone on while the save ran: only what was sent is saved, so
            # a newer text stays a draft (and stays on screen) rather than being replaced.
            showing = self.meeting is not None and self.meeting.id == meeting_id
            text = ((self.minutes.toPlainText(), self.decisions.toPlainText()) if showing
                    else self.drafts.get(meeting_id, sent))
            if text == sent:
                self.drafts.pop(meeting_id, None)
            else:
                self.drafts[meeting_id] = text
            self.save_button.setEnabled(True)
            if showing:
                self.set_meeting(saved, can_save=True)
                if meeting_id not in self.drafts:
                    self.state.setText(_("Saved. The meeting is marked held.")
                                       if saved.status == MeetingStatus.HELD
                                       else self._early_text(True))
            self.saved.emit(saved)

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(exc, ValidationError) and exc.field in self.errors.fields:
                self.errors.show(exc)
            else:
                report_error(exc, self)

        run_op(self, WriteOp(meetings.save_minutes, meeting_id, *sent)).success(done).failure(
            failed).run()


class MeetingDetail(QWidget):
    """Header (when, what, status, Print, Edit / Cancel) over Attendance and Minutes tabs."""

    edit_requested = Signal()
    cancel_requested = Signal()
    print_requested = Signal(str)  # "sign_in_sheet" or "meeting_minutes"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting: Meeting | None = None
        header = Card("")
        header.title_label.hide()
        self.heading = QLabel()
        self.heading.setObjectName("CardTitle")
        self.heading.setStyleSheet("font-size: 13pt;")
        self.heading.setWordWrap(True)
        self.badge = QLabel()
        self.info = muted("")
        self.edit_button = button(_("&Edit…"), "edit", on_click=self.edit_requested.emit,
                                  tip=_("Change the time, kind, topic or facilitator"))
        self.cancel_button = button(_("&Cancel meeting…"), danger=True,
                                    on_click=self.cancel_requested.emit)
        self.print_button = button(_("P&rint"), "print",
                                   tip=_("Print the sign-in sheet or the minutes"))
        menu = QMenu(self.print_button)
        self.sign_in_action = menu.addAction(_("Sign-in sheet…"),
                                             lambda: self.print_requested.emit("sign_in_sheet"))
        self.minutes_action = menu.addAction(_("Minutes…"),
                                             lambda: self.print_requested.emit("meeting_minutes"))
        self.print_button.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        header.body.addLayout(top)
        # The topic gets the pane's whole width and the buttons a row of their own, so
        # neither is squeezed when the window is narrow (1024 px).
        header.body.addWidget(self.info)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.cancel_button)
        header.body.addLayout(row)

        self.attendance = AttendancePanel(ctx)
        self.minutes = MinutesPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.attendance, _("&Attendance"))
        self.tabs.addTab(self.minutes, _("&Minutes and decisions"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)

    def show_meeting(self, meeting: Meeting, tz: str, today: date,
                     rows: list[AttendanceRow] | None) -> None:
        """Fill the pane; `rows` None keeps the attendance shown (it is being reloaded)."""
        self.meeting = meeting
        manage = self.ctx.can(Perm.MEETINGS_MANAGE)
        cancelled = meeting.status == MeetingStatus.CANCELLED
        day = local_time(meeting.starts_at, tz).date()
        self.heading.setText(f"{kind_text(meeting)} · {meeting_when_text(meeting.starts_at, tz)}")
        bg, fg = BADGE.get(meeting.status, BADGE["scheduled"])
        self.badge.setText(status_text(meeting.status))
        self.badge.setStyleSheet(f"background: {bg}; color: {fg}; border-radius: 9px; "
                                 "padding: 3px 10px; font-weight: 600;")
        bits = [_("Led by {name}").format(name=meeting.facilitator) if meeting.facilitator
                else _("No facilitator set")]
        if meeting.series_id:
            bits.append(_("part of a weekly series"))
        topic = (_("Topic: {topic}").format(topic=meeting.topic) if meeting.topic
                 else _("No topic set"))
        self.info.setText(f"{topic}\n{' · '.join(bits)}")
        # Hidden rather than disabled: a greyed-out red button still reads as available.
        self.edit_button.setVisible(manage and not cancelled)
        self.cancel_button.setVisible(manage and meeting.status == MeetingStatus.SCHEDULED)
        self.print_button.setVisible(self.ctx.can(Perm.REPORTS_BOARD))
        self.sign_in_action.setEnabled(not cancelled)
        self.minutes_action.setVisible(self.ctx.can(Perm.REPORTS_CONFIDENTIAL))
        self.minutes_action.setEnabled(meeting.status == MeetingStatus.HELD)
        self.minutes_action.setText(_("Minutes…") if meeting.status == MeetingStatus.HELD
                                    else _("Minutes… (once the meeting is held)"))

        if cancelled:
            note = _("This meeting was canceled, so attendance cannot be taken.")
        elif not manage:
            note = _("Your account can see attendance but not change it.")
        elif day > today:
            note = _("This meeting is on {day}. You can already mark someone excused; "
                     "{keys}.").format(day=short_day(day), keys=keys_text())
        else:
            note = ""
        if rows is not None:
            assert meeting.id is not None
            self.attendance.set_meeting(meeting.id, rows, editable=manage and not cancelled,
                                        note=note)
        if cancelled:
            why = _("This meeting was canceled.")
        elif day > today:
            why = _("Minutes can be saved from the day of the meeting ({day}).").format(
                day=short_day(day))
        else:
            why = _("Your account cannot change minutes.")
        self.minutes.set_meeting(meeting, can_save=manage and not cancelled and day <= today,
                                 why_not=why, starts=clock(local_time(meeting.starts_at, tz)))
