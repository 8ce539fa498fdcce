"""Dialogs and shared widgets of the House tab: phases table columns, add or edit a phase,
add a house, time and time-zone fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from peerhouse.app.ops import WriteOp
from peerhouse.models.houses import House, Phase
from peerhouse.services import houses
from peerhouse.services import text_limits as limits
from peerhouse.services.curfew import RULE
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import clock, plural
from peerhouse.ui.tablemodels.rows import Column
from peerhouse.ui.widgets.dates import TimeEdit
from peerhouse.ui.widgets.limits import limit_text, limited_line
from peerhouse.ui.widgets.operation_dialog import OperationDialog


def timezone_names() -> list[str]:
    """Zone names a person would pick: 'Region/City' plus UTC, sorted."""
    names = {n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "posix", "right"))}
    return ["UTC", *sorted(names)]


def timezone_combo(current: str = "") -> QComboBox:
    """An editable combo over every time zone; typing any part of a name narrows it."""
    box = QComboBox()
    box.setEditable(True)
    box.lineEdit().setAccessibleName("Time zone")  # what a screen reader says when typing
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems(timezone_names())
    # Size by a typical name, not the longest of ~600, so forms stay compact.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(16)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    box.setCompleter(completer)
    box.setAccessibleName("Time zone")
    box.setToolTip("The house's local time decides days, weeks and curfews, e.g. America/Chicago.")
    if current:
        set_timezone(box, current)
    return box


def set_timezone(box: QComboBox, name: str) -> None:
    if box.findText(name) < 0:
        box.addItem(name)
    box.setCurrentIndex(box.findText(name))


def to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())


@dataclass(frozen=True)
class HouseSettings:
    """What the House tab shows for one house, loaded in one background call."""

    house: House
    phases: list[Phase]
    lock: dict[str, str]  # the Screen lock, kiosk and notices card's settings


KIOSK_NAMES = (("initials", "Pick their name from a list"), ("type", "Type their name"))
PAPER = (("letter", "US Letter"), ("a4", "A4"))


def combo(items: tuple[tuple[str, str], ...] | list[tuple[str, str]], name: str) -> QComboBox:
    """A drop-down of (value, label) choices, named `name` for screen readers."""
    box = QComboBox()
    for value, label in items:
        box.addItem(label, value)
    box.setAccessibleName(name)
    return box


def on_edit(widget: QWidget, fn: Callable[..., Any]) -> None:
    """Call `fn` whenever a person edits `widget` (not when the program fills it)."""
    for signal in ("textEdited", "valueChanged", "timeChanged", "toggled", "activated"):
        sig = getattr(widget, signal, None)
        if sig is not None:
            sig.connect(fn)
    if isinstance(widget, QComboBox) and widget.isEditable() and widget.lineEdit() is not None:
        widget.lineEdit().textEdited.connect(fn)


def spin(low: int, high: int, value: int = 0, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    if suffix:
        box.setSuffix(suffix)
    return box


def time_edit(value: time | None = None) -> QTimeEdit:
    edit = TimeEdit()
    if value is not None:
        edit.setTime(to_qtime(value))
    return edit


def _curfew(phase: Phase) -> str:
    """The Sun–Thu curfew a phase keeps (services/curfew.in_force): its own, or the house's."""
    return clock(phase.curfew) if phase.curfew else "House curfew"


PHASE_COLUMNS: list[Column[Phase]] = [
    Column("#", lambda p: str(p.position), sort=lambda p: p.position, align_right=True),
    Column("Phase", lambda p: p.name),
    Column("From day", lambda p: str(p.min_days), sort=lambda p: p.min_days, align_right=True),
    Column("Sun–Thu curfew", _curfew, sort=lambda p: p.curfew.isoformat() if p.curfew else "",
           tooltip=lambda _p: str(RULE)),
    Column("Meetings", lambda p: str(p.meetings_per_week), sort=lambda p: p.meetings_per_week,
           align_right=True, tooltip=lambda p: f"{p.meetings_per_week} outside meetings a week"),
    Column("Screens", lambda p: str(p.screens_per_month), sort=lambda p: p.screens_per_month,
           align_right=True, tooltip=lambda p: f"{plural(p.screens_per_month, 'screen')} a month"),
]


class PhaseDialog(OperationDialog):
    """Add or edit one phase; an empty phase means a new one at the end."""

    def __init__(self, ctx: AppContext, house_id: int, phase: Phase | None, next_position: int,
                 parent: QWidget | None = None) -> None:
        editing = phase is not None and phase.id is not None
        super().__init__(parent, "Edit phase" if editing else "Add a phase", "&Save",
                         role="primary", default=True)
        self.build_form("Phases are the steps residents move through, each with its own "
                        f"privileges and duties. Curfews: {RULE}", min_width=500, stretch=True)
        self.ctx, self.house_id, self.phase = ctx, house_id, phase
        p = phase or Phase(house_id=house_id, position=next_position, name="", min_days=0,
                           meetings_per_week=3, screens_per_month=2)
        self.name = self.add_field("Phase &name:", QLineEdit(p.name), "phase name")
        self.name.setPlaceholderText("e.g. Phase 2 – Building")
        limit_text(self.name, limits.PHASE_NAME)
        self.position = self.add_field("&Order:", spin(1, 50, p.position), "position")
        self.min_days = self.add_field("&From day:", spin(0, 3650, p.min_days, " days in the house"),
                                       "minimum days")
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.own_curfew = QCheckBox("Own curfew")
        self.own_curfew.setChecked(p.curfew is not None)
        self.curfew = time_edit(p.curfew or time(22, 0))
        self.curfew.setAccessibleName("Phase curfew")
        self.curfew.setEnabled(p.curfew is not None)
        self.own_curfew.toggled.connect(self.curfew.setEnabled)
        line.addWidget(self.own_curfew)
        line.addWidget(self.curfew, 1)
        row.setFocusProxy(self.own_curfew)  # "Curfew:" and its Alt+C land on the tick box
        row.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.add_field("&Curfew:", row)
        self.own_curfew.setAccessibleName("Phase has its own curfew")
        self.meetings = self.add_field("Outside &meetings:", spin(0, 21, p.meetings_per_week, " a week"),
                                       "meetings per week")
        self.screens = self.add_field("Sc&reens:", spin(0, 31, p.screens_per_month, " a month"),
                                      "screens per month")
        self.name.setFocus()

    def operation(self) -> WriteOp[Any]:
        p = self.phase
        phase = Phase(
            id=p.id if p is not None else None,
            house_id=self.house_id,
            position=self.position.value(),
            name=self.name.text(),
            min_days=self.min_days.value(),
            curfew=from_qtime(self.curfew.time()) if self.own_curfew.isChecked() else None,
            meetings_per_week=self.meetings.value(),
            screens_per_month=self.screens.value(),
        )
        return WriteOp(houses.save_phase, phase)


class AddHouseDialog(OperationDialog):
    """Set up another house with the usual three phases; its rules are edited afterwards."""

    def __init__(self, ctx: AppContext, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, "Add a house", "&Add house", role="primary", default=True)
        self.build_form("The new house starts with the usual three phases and default rules; "
                        "change them on this tab after choosing the house at the top of the "
                        "window.", min_width=500, stretch=True)
        self.ctx = ctx
        self.name = self.add_field("House &name:", limited_line(limits.TITLE, "e.g. Cedar House"),
                                   "house name")
        self.address = self.add_field("A&ddress:", limited_line(limits.LONG_LINE), "address")
        self.beds = self.add_field("&Beds:", spin(1, 500, 8), "beds")
        self.timezone = self.add_field("&Time zone:", timezone_combo(timezone), "time zone")
        self.name.setFocus()

    def operation(self) -> WriteOp[Any]:
        rules = houses.HouseRules(name=self.name.text(), address=self.address.text(),
                                  capacity=self.beds.value(),
                                  timezone=self.timezone.currentText().strip())
        return WriteOp(houses.create_house, rules)
