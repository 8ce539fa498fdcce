"""Dialogs of the Chores section: add or edit a chore, and excuse / mark a chore missed.

Both run their service call in the background (OperationDialog) and show refused input
next to the field it names.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.ops import WriteOp
from peerhouse.i18n import _, lazy
from peerhouse.models.chores import Chore
from peerhouse.models.enums import ChoreFrequency
from peerhouse.services import chores
from peerhouse.services import text_limits as limits
from peerhouse.services.chores import BoardCell, ChoreInput
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import weekday_name
from peerhouse.ui.manager.chores.board import day_words
from peerhouse.ui.widgets.common import muted
from peerhouse.ui.widgets.limits import limit_text
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.styled import restyle

F = ChoreFrequency
MONDAY = date(2024, 1, 1)  # a Monday: a chore's weekday 0 is Monday, 6 Sunday
# A weekly chore's day, as "Tuesdays".
EVERY = (lazy("Mondays"), lazy("Tuesdays"), lazy("Wednesdays"), lazy("Thursdays"),
         lazy("Fridays"), lazy("Saturdays"), lazy("Sundays"))


def day_name(weekday: int, *, short: bool = False) -> str:
    """'Tuesday' ('Tue') for a chore's weekday number, in the current language."""
    return weekday_name(MONDAY + timedelta(days=weekday), short=short)


def schedule_text(chore: Chore) -> str:
    """'Every day', 'Tuesdays', 'Mon, Wed, Fri' — how often a chore is due, in words."""
    if chore.frequency == F.DAILY:
        return _("Every day")
    if chore.frequency == F.WEEKLY and chore.weekday is not None:
        return str(EVERY[chore.weekday])
    days = [int(d) for d in chore.custom_days.split(",") if d.strip()]
    return ", ".join(day_name(d, short=True) for d in days) or _("No days set")


class ChoreDialog(OperationDialog):
    """Name, area, instructions, how often, and rotating or always the same resident."""

    def __init__(self, ctx: AppContext, residents: list[tuple[int, str]],
                 chore: Chore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Edit chore") if chore else _("Add a chore"))
        self.ctx, self.chore = ctx, chore
        self.name = QLineEdit()
        limit_text(self.name, limits.TITLE)
        self.name.setPlaceholderText(_("e.g. Kitchen clean-up"))
        self.area = QLineEdit()
        limit_text(self.area, limits.TITLE)
        self.area.setPlaceholderText(_("e.g. Kitchen, upstairs bathroom, yard"))
        self.instructions = QPlainTextEdit()
        limit_text(self.instructions, limits.NOTE)
        self.instructions.setPlaceholderText(_("What “done” looks like, so everyone does it "
                                               "the same way"))
        self.instructions.setTabChangesFocus(True)
        self.instructions.setFixedHeight(90)

        self._build_frequency()

        self.rotating = QRadioButton(_("Residents &take turns (fair rotation)"))
        self.fixed = QRadioButton(_("Always the &same resident:"))
        self.who = QButtonGroup(self)
        self.who.addButton(self.rotating)
        self.who.addButton(self.fixed)
        self.resident = QComboBox()
        for rid, name in residents:
            self.resident.addItem(name, rid)
        if not residents:
            self.fixed.setEnabled(False)
            self.fixed.setToolTip(_("Nobody lives in the house right now."))
        for widget, label in ((self.name, _("Chore name")), (self.area, _("Area")),
                              (self.instructions, _("Instructions")),
                              (self.weekday, _("Weekday")), (self.days_box, _("Days")),
                              (self.resident, _("Resident"))):
            widget.setAccessibleName(label)

        form = QFormLayout()
        form.setSpacing(10)
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Area:"), self.area)
        form.addRow(_("&Instructions:"), self.instructions)
        when = QGridLayout()
        when.addWidget(self.daily, 0, 0)
        when.addWidget(self.weekly, 1, 0)
        when.addWidget(self.weekday, 1, 1)
        when.addWidget(self.custom, 2, 0)
        when.addWidget(self.days_box, 3, 0, 1, 2)
        when.setColumnStretch(1, 1)
        form.addRow(QLabel(_("How often:")), when)
        form.addRow(QLabel(_("Who does it:")), self.rotating)
        fixed = QHBoxLayout()
        fixed.addWidget(self.fixed)
        fixed.addWidget(self.resident, 1)
        form.addRow("", fixed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.errors.fields = {"chore name": self.name, "area": self.area,
                              "instructions": self.instructions, "frequency": self.daily,
                              "weekday": self.weekday, "days": self.days_box,
                              "resident": self.resident}
        self.ok_button.setText(_("Save") if chore else _("Add chore"))
        restyle(self.ok_button, "primary", True)
        self.setMinimumWidth(520)
        self._fill(chore)
        self.freq.buttonToggled.connect(lambda *_: self._enable())
        self.who.buttonToggled.connect(lambda *_: self._enable())
        self._enable()

    def _build_frequency(self) -> None:
        """Every day, once a week on a weekday, or on certain days of the week."""
        self.daily = QRadioButton(_("Every &day"))
        self.weekly = QRadioButton(_("Once a &week, on"))
        self.custom = QRadioButton(_("On &certain days:"))
        self.freq = QButtonGroup(self)
        for b in (self.daily, self.weekly, self.custom):
            self.freq.addButton(b)
        self.weekday = QComboBox()
        for i in range(7):
            self.weekday.addItem(day_name(i), i)
        self.days_box = QWidget()
        days = QHBoxLayout(self.days_box)
        days.setContentsMargins(0, 0, 0, 0)
        self.day_checks = [QCheckBox(day_name(i, short=True)) for i in range(7)]
        for i, box in enumerate(self.day_checks):
            box.setAccessibleName(day_name(i))
            days.addWidget(box)
        days.addStretch(1)

    def _fill(self, chore: Chore | None) -> None:
        if chore is None:
            self.weekly.setChecked(True)
            self.rotating.setChecked(True)
            return
        self.name.setText(chore.name)
        self.area.setText(chore.area)
        self.instructions.setPlainText(chore.instructions)
        (self.daily if chore.frequency == F.DAILY else
         self.weekly if chore.frequency == F.WEEKLY else self.custom).setChecked(True)
        if chore.weekday is not None:
            self.weekday.setCurrentIndex(chore.weekday)
        for d in (int(x) for x in chore.custom_days.split(",") if x.strip()):
            self.day_checks[d].setChecked(True)
        (self.rotating if chore.rotating else self.fixed).setChecked(True)
        if chore.fixed_resident_id is not None:
            self.resident.setCurrentIndex(max(0, self.resident.findData(chore.fixed_resident_id)))

    def _enable(self) -> None:
        self.weekday.setEnabled(self.weekly.isChecked())
        self.days_box.setEnabled(self.custom.isChecked())
        self.resident.setEnabled(self.fixed.isChecked())

    def data(self) -> ChoreInput:
        frequency = (F.DAILY if self.daily.isChecked() else
                     F.WEEKLY if self.weekly.isChecked() else F.CUSTOM)
        return ChoreInput(
            name=self.name.text(), area=self.area.text(),
            instructions=self.instructions.toPlainText(), frequency=frequency,
            weekday=self.weekday.currentIndex() if frequency == F.WEEKLY else None,
            custom_days=[i for i, box in enumerate(self.day_checks) if box.isChecked()],
            rotating=self.rotating.isChecked(),
            fixed_resident_id=None if self.rotating.isChecked() else self.resident.currentData())

    def operation(self) -> WriteOp[Any]:
        if self.chore is not None:
            assert self.chore.id is not None
            return WriteOp(chores.edit_chore, self.chore.id, self.data())
        return WriteOp(chores.create_chore, self.ctx.house_id, self.data())


class ChoreNoteDialog(OperationDialog):
    """Excuse a chore, or record it as missed, with an optional short note."""

    def __init__(self, ctx: AppContext, action: str, cell: BoardCell, who: str, day: date,
                 parent: QWidget | None = None) -> None:
        excuse = action == "excuse"
        super().__init__(parent, _("Excuse chore") if excuse else _("Mark chore missed"))
        self.ctx, self.action, self.cell = ctx, action, cell
        question = (_("Excuse {who} from “{chore}” on {day}?") if excuse else
                    _("Record that “{chore}” on {day} was not done by {who}?"))
        text = QLabel(question.format(who=who, chore=cell.chore, day=day_words(day)))
        text.setWordWrap(True)
        self.note = QLineEdit()
        limit_text(self.note, limits.SHORT_NOTE)
        self.note.setPlaceholderText(_("e.g. at work, unwell, swapped with a housemate")
                                     if excuse else _("Anything the house should know"))
        self.note.setAccessibleName(_("Note"))
        form = QFormLayout()
        form.addRow(_("&Note (optional):"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(muted(_("An excused chore does not count against anyone.") if excuse
                               else _("This can still be changed to excused or verified "
                                      "later.")))
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.errors.fields = {"note": self.note}
        self.ok_button.setText(_("Excuse") if excuse else _("Mark missed"))
        restyle(self.ok_button, "primary" if excuse else "danger", True)
        self.setMinimumWidth(440)

    def operation(self) -> WriteOp[Any]:
        fn = chores.excuse if self.action == "excuse" else chores.mark_missed
        return WriteOp(fn, self.cell.assignment_id,
                       self.note.text())
