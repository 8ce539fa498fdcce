"""Taking attendance during a meeting: one click (or one key) per resident.

A model/view list: each resident's row has Present / Late / Excused / Absent painted as
toggle buttons. A click, or P/L/E/A on the focused resident (arrow keys move), saves
that one status at once, so a facilitator can take attendance live and nothing is lost
if the window is closed half way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.i18n import Message, _, lazy, ngettext, pgettext
from peerhouse.models.enums import AttendanceStatus
from peerhouse.services import meetings
from peerhouse.services.meetings import AttendanceRow
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.tablemodels.rows import Column, Index, RowsModel
from peerhouse.ui.tablemodels.views import read_only_view
from peerhouse.ui.widgets.common import button, muted

A = AttendanceStatus
# The statuses in column order, with their colours.
STATUSES: tuple[str, ...] = (A.PRESENT, A.LATE, A.EXCUSED, A.ABSENT)
COLOURS = {A.PRESENT: "#2e7d4f", A.LATE: "#a8650f", A.EXCUSED: "#3b6ea5", A.ABSENT: "#8a4b4b"}
LABELS = {A.PRESENT: lazy("Present"), A.LATE: lazy("Late"), A.EXCUSED: lazy("Excused"),
          A.ABSENT: lazy("Absent")}
# The same words inside a sentence ("P present"); a translation is never lower-cased.
WORDS = {A.PRESENT: lazy("present"), A.LATE: lazy("late"), A.EXCUSED: lazy("excused"),
         A.ABSENT: lazy("absent")}
TIPS = {A.PRESENT: lazy("Mark {name} present (key {key})"),
        A.LATE: lazy("Mark {name} late (key {key})"),
        A.EXCUSED: lazy("Mark {name} excused (key {key})"),
        A.ABSENT: lazy("Mark {name} absent (key {key})")}
# Status columns: 86 px when there is room (or what the longest word needs), down to
# 70 px (still fits "Excused") in a narrow window, so the names column keeps NAME_WIDTH.
STATUS_WIDTH, STATUS_MIN_WIDTH, NAME_WIDTH = 86, 70, 150
CHECKED_ROLE = Qt.ItemDataRole.UserRole + 20
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 21


def key_letter(status: str) -> str:
    """The key that marks `status` (P, L, E, A in English), in the current language."""
    # Translators: one letter, the key that marks a resident present (the first letter of
    # "Present"); the four keys must differ.
    keys = {A.PRESENT: pgettext("attendance key", "P"),
            # Translators: the key for "Late".
            A.LATE: pgettext("attendance key", "L"),
            # Translators: the key for "Excused".
            A.EXCUSED: pgettext("attendance key", "E"),
            # Translators: the key for "Absent".
            A.ABSENT: pgettext("attendance key", "A")}
    return keys[status].upper()


def keys_text() -> str:
    """'P present, L late, E excused, A absent' in the current language."""
    return ", ".join(f"{key_letter(s)} {WORDS[s]!s}" for s in STATUSES)


def status_keys() -> dict[int, str]:
    """Qt key → status, for the current language's letters."""
    return {int(getattr(Qt.Key, f"Key_{key_letter(s)}", 0)): s for s in STATUSES}


def _status_column(status: str) -> Column[AttendanceRow]:
    """One status as a column of toggle buttons (painted by ToggleDelegate)."""
    label, key = str(LABELS[status]), key_letter(status)

    def spoken(r: AttendanceRow) -> str:
        return (_("{status} for {name}, selected") if r.status == status
                else _("{status} for {name}, not selected")).format(status=label, name=r.name)

    return Column(label, lambda _r: label,
                  tooltip=lambda r: str(TIPS[status].with_values(name=r.board_name, key=key)),
                  roles={CHECKED_ROLE: lambda r: r.status == status,
                         COLOUR_ROLE: lambda _r: COLOURS[status],
                         Qt.ItemDataRole.AccessibleTextRole: spoken})


def _recorded(r: AttendanceRow) -> str:
    word: Message | None = WORDS.get(r.status) if r.status else None
    return _("{name}: {status}").format(
        name=r.name, status=str(word) if word else r.status or _("not recorded yet"))


def columns() -> tuple[Column[AttendanceRow], ...]:
    """The name, then a column per status, in the current language."""
    return (Column(_("Resident"), lambda r: r.name,
                   roles={Qt.ItemDataRole.AccessibleTextRole: _recorded}),
            *(_status_column(s) for s in STATUSES))


class AttendanceModel(RowsModel[AttendanceRow]):
    """Residents × the four statuses (column 0 is the name), in the order given."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(columns(), parent, searched=(0,))
        self.editable = True

    def set_status(self, row: int, status: str | None) -> None:
        self.replace_row(row, replace(self.row(row), status=status))

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if self.editable or index.column() == 0 else Qt.ItemFlag.ItemIsSelectable


class ToggleDelegate(QStyledItemDelegate):
    """Paints a status cell as a rounded toggle button, filled when it is the status."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.column() == 0:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:  # the row's selection background, without text
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter,
                                opt.widget)
        checked = bool(index.data(CHECKED_ROLE))
        colour = QColor(str(index.data(COLOUR_ROLE)))
        enabled = bool(index.flags() & Qt.ItemFlag.ItemIsEnabled)
        pill = QRect(option.rect).adjusted(6, 5, -6, -5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if checked:
            painter.setPen(QPen(colour, 1))
            painter.setBrush(colour if enabled else colour.lighter(150))
        else:
            painter.setPen(QPen(QColor("#c3ccc9"), 1))
            painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(pill, 7, 7)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(QColor("#2f5d62"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(pill.adjusted(-3, -3, 3, 3), 9, 9)
        text = QColor("#ffffff") if checked else QColor("#4a5857" if enabled else "#9aa5a3")
        painter.setPen(text)
        font = painter.font()
        font.setBold(checked)
        painter.setFont(font)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, str(index.data()))
        painter.restore()


class AttendanceView(QTableView):
    """Arrow keys move; P/L/E/A (or Space on a status) set the focused resident's status."""

    picked = Signal(int, str)  # row, status

    def __init__(self, model: AttendanceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(ToggleDelegate(self))
        read_only_view(self)
        self.setWordWrap(True)  # a long name takes two lines rather than being cut short
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.verticalHeader().setDefaultSectionSize(40)
        self.keys = status_keys()
        # The longest status word in this language, in bold, with the pill's padding.
        bold = self.font()
        bold.setBold(True)
        words = max(QFontMetrics(bold).horizontalAdvance(str(w)) for w in LABELS.values())
        self.status_width = max(STATUS_WIDTH, words + 28)
        self.status_min_width = max(STATUS_MIN_WIDTH, words + 14)  # the pill is 12 px in
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 1 + len(STATUSES)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, self.status_width)
        self.setAccessibleName(_("Attendance"))
        self.setAccessibleDescription(_("Use the arrow keys to move between residents; press "
                                        "{keys}.").format(keys=keys_text()))
        self.clicked.connect(self._clicked)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The status buttons narrow before the names do: a name must stay readable."""
        super().resizeEvent(event)
        room = self.viewport().width() - NAME_WIDTH
        width = max(self.status_min_width, min(self.status_width, room // len(STATUSES)))
        header = self.horizontalHeader()
        for col in range(1, 1 + len(STATUSES)):
            if header.sectionSize(col) != width:
                header.resizeSection(col, width)

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() > 0 and index.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.picked.emit(index.row(), STATUSES[index.column() - 1])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        key = Qt.Key(event.key())
        extra = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                      | Qt.KeyboardModifier.ShiftModifier)
        plain = extra == Qt.KeyboardModifier.NoModifier
        if current.isValid() and plain and int(key) in self.keys:
            self.picked.emit(current.row(), self.keys[int(key)])
            return
        if current.isValid() and current.column() > 0 and key in (
                Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._clicked(current)
            return
        super().keyPressEvent(event)


def hint_text() -> str:
    return _("Click a status to save it. Keyboard: ↑ ↓ to move, then {keys}.").format(
        keys=keys_text())


def counted(status: str, n: int) -> str:
    """'2 present', '1 late' …"""
    if status == A.PRESENT:
        return ngettext("{n} present", "{n} present", n).format(n=n)
    if status == A.LATE:
        return ngettext("{n} late", "{n} late", n).format(n=n)
    if status == A.EXCUSED:
        return ngettext("{n} excused", "{n} excused", n).format(n=n)
    return ngettext("{n} absent", "{n} absent", n).format(n=n)


@dataclass(frozen=True)
class _Save:
    key: tuple[int, int]  # meeting, resident
    status: str
    note: str
    previous: str | None


class AttendancePanel(QWidget):
    """The attendance list of one meeting; every change is saved as soon as it is made."""


    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        # Clicks still being saved, (meeting, resident) → status: a list read before the
        # save finished must not show the old status again.
        self._saving: dict[tuple[int, int], str] = {}
        self._queue: list[_Save] = []
        self._writing = False
        self.model = AttendanceModel(self)
        self.view = AttendanceView(self.model)
        self.view.picked.connect(self.set_status)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("CardTitle")
        top.addWidget(self.summary, 1)
        self.all_present = button(_("Everyone &present"), "check", on_click=self.mark_all_present,
                                  tip=_("Marks everyone not recorded yet as present; statuses "
                                        "already chosen stay as they are."))
        top.addWidget(self.all_present)
        layout.addLayout(top)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.empty = muted(_("No residents live in this house right now, so there is nobody "
                             "to mark."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self.hint = muted(hint_text())
        layout.addWidget(self.hint)
        self.set_meeting(None, [], editable=False)

    # -- filling -----------------------------------------------------------------
    def set_meeting(self, meeting_id: int | None, rows: list[AttendanceRow], *,
                    editable: bool, note: str = "") -> None:
        keep = self.view.currentIndex()
        same = meeting_id == self.meeting_id
        self.meeting_id = meeting_id
        self.model.editable = editable
        if meeting_id is not None:
            rows = [replace(r, status=self._saving.get((meeting_id, r.resident_id), r.status))
                    for r in rows]
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self.all_present.setEnabled(editable and any(r.status is None for r in rows))
        self.hint.setText(note or hint_text())
        if rows:
            row = min(keep.row(), len(rows) - 1) if same and keep.isValid() else 0
            self.view.setCurrentIndex(self.model.index(row, keep.column() if same and
                                                       keep.isValid() else 0))
        self._update_summary()

    def _update_summary(self) -> None:
        rows = self.model.rows
        done = [r for r in rows if r.status]
        counts = {s: sum(r.status == s for r in rows) for s in STATUSES}
        parts = [counted(s, n) for s, n in counts.items() if n]
        text = _("{done} of {n} recorded").format(done=len(done), n=len(rows))
        self.summary.setText(text + (" · " + ", ".join(parts) if parts else ""))
        self.all_present.setEnabled(self.model.editable and len(done) < len(rows))

    # -- saving ------------------------------------------------------------------
    def set_status(self, row: int, status: str) -> None:
        """Show the new status at once and queue its save (undone on error).

        Saves run one at a time, in click order, so quick changes of mind (present, then
        late) always end with the last click in the database.
        """
        if self.meeting_id is None or not self.model.editable:
            return
        before = self.model.row(row)
        if before.status == status:
            return
        self.model.set_status(row, status)
        self._update_summary()
        key = (self.meeting_id, before.resident_id)
        self._saving[key] = status
        self._queue.append(_Save(key, status, before.note, before.status))
        self._pump()

    def _pump(self) -> None:
        if self._writing or not self._queue:
            return
        job = self._queue.pop(0)
        self._writing = True

        def finished() -> None:
            self._writing = False
            if self._saving.get(job.key) == job.status and not any(
                    q.key == job.key for q in self._queue):
                del self._saving[job.key]
            self._pump()

        def ok(_row: object) -> None:
            finished()

        def failed(exc: BaseException) -> None:
            showing = self._saving.get(job.key) == job.status
            finished()
            if showing and self.meeting_id == job.key[0]:
                for i, r in enumerate(self.model.rows):
                    if r.resident_id == job.key[1] and r.status == job.status:
                        self.model.set_status(i, job.previous)
                        self._update_summary()
            report_error(exc, self)

        run_op(self, WriteOp(meetings.set_attendance, job.key[0], job.key[1], job.status,
                             job.note)).success(ok).failure(failed).run()

    def mark_all_present(self) -> None:
        if self.meeting_id is None or not self.model.editable:
            return
        meeting_id = self.meeting_id
        self.all_present.setEnabled(False)

        def failed(exc: BaseException) -> None:
            report_error(exc, self)
            self._update_summary()

        run_op(self, WriteOp(meetings.mark_all_present, meeting_id)).success(
            lambda _count: self.reload(meeting_id)).failure(failed).run()

    def reload(self, meeting_id: int) -> None:
        """Read the list again (after 'Everyone present')."""

        def apply(rows: list[AttendanceRow]) -> None:
            if self.meeting_id == meeting_id:
                self.set_meeting(meeting_id, rows, editable=self.model.editable,
                                 note=self.hint.text())

        run_op(self, ReadOp(meetings.attendance, meeting_id)).success(apply).run()
