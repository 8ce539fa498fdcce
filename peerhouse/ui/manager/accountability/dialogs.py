"""Forms for the confidential records: a screen result and an incident (managers only).

Wording is deliberately neutral ("Declined", "Return to use"): these records exist to
help someone, and residents may one day read them with a manager.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from peerhouse.app.ops import WriteOp
from peerhouse.i18n import Message, _, lazy
from peerhouse.models.enums import IncidentCategory, ScreenMethod, ScreenReason, ScreenResult
from peerhouse.services import incidents, screens
from peerhouse.services import text_limits as limits
from peerhouse.services.incidents import IncidentRecord
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.accountability.common import (
    HouseData,
    HouseForm,
    chosen_resident,
    full_name,
    resident_box,
    same_minute,
)
from peerhouse.ui.widgets.choices import choice_box, chosen
from peerhouse.ui.widgets.limits import limit_text

# The words shown for the stored codes (rendered where shown: `label`, `choices`).
METHODS = {ScreenMethod.URINE: lazy("Urine"), ScreenMethod.BREATH: lazy("Breath"),
           ScreenMethod.SALIVA: lazy("Saliva")}
REASONS = {ScreenReason.RANDOM: lazy("Random"), ScreenReason.SCHEDULED: lazy("Scheduled"),
           ScreenReason.SUSPICION: lazy("For cause (a concern)"),
           ScreenReason.ADMISSION: lazy("On admission")}
RESULTS = {ScreenResult.NEGATIVE: lazy("Negative"), ScreenResult.POSITIVE: lazy("Positive"),
           ScreenResult.DILUTE: lazy("Dilute"), ScreenResult.REFUSED: lazy("Declined"),
           ScreenResult.INVALID: lazy("Invalid sample (to retake)")}
CATEGORIES = {IncidentCategory.CURFEW: lazy("Curfew"), IncidentCategory.USE: lazy("Return to use"),
              IncidentCategory.CONFLICT: lazy("Conflict"),
              IncidentCategory.HOUSE_RULE: lazy("House rule"),
              IncidentCategory.SAFETY: lazy("Safety"),
              IncidentCategory.NEIGHBOUR: lazy("Neighbor complaint"),
              IncidentCategory.GRIEVANCE: lazy("Grievance")}


def label(values: Mapping[Any, Message], value: str) -> str:
    """The word for a stored code in the current language (an unknown code as it is)."""
    word = values.get(value)
    return str(word) if word is not None else value.replace("_", " ").capitalize()


def choices(values: Mapping[Any, Message]) -> dict[Any, str]:
    """`values` rendered in the current language, for a drop-down."""
    return {code: str(word) for code, word in values.items()}


class ScreenDialog(HouseForm):
    """Record a screen result. Opened from a random draw, it is tied to that draw."""

    def __init__(self, ctx: AppContext, house: HouseData, parent: QWidget | None = None, *,
                 resident_id: int | None = None, draw_id: int | None = None) -> None:
        super().__init__(ctx, _("Record a screen"), parent=parent)
        self.house, self.draw_id = house, draw_id
        self.resident = resident_box(house.active)
        if resident_id is not None:
            if self.resident.findData(resident_id) < 0:  # picked, and has moved out since
                self.resident.addItem(house.name(resident_id), resident_id)
            self.resident.setCurrentIndex(self.resident.findData(resident_id))
        self.add_field(_("&Resident:"), self.resident, "resident")
        self.method = choice_box(choices(METHODS))
        self.add_field(_("&Method:"), self.method, "method")
        self.reason = choice_box(choices(REASONS))
        self.add_field(_("Rea&son:"), self.reason, "reason")
        if draw_id is not None:
            self.reason.setCurrentIndex(self.reason.findData(str(ScreenReason.RANDOM)))
            self.resident.setEnabled(False)
            self.reason.setEnabled(False)
            note = QLabel(_("Picked in a random draw: this screen is recorded against that "
                            "draw."))
            note.setObjectName("Muted")
            note.setWordWrap(True)
            self.form.addRow("", note)
        self.result = choice_box(choices(RESULTS), _("Choose the result…"))
        self.add_field(_("Res&ult:"), self.result, "result")
        self.substances = self.add_line(_("Substan&ces:"), "substances", limits.LINE,
                                        _("Only if something was detected (optional)"))
        self.when = self.add_time(_("&Time:"), house.tz, "time")
        self.errors.fields["draw"] = self.resident

    def operation(self) -> Any:
        rid = chosen_resident(self.resident)
        result = str(chosen(self.result, "result"))
        return WriteOp(screens.record_screen, int(rid),
                       str(self.method.currentData()), str(self.reason.currentData()), result,
                       self.substances.text(), at=self.when.at_or_none(), draw_id=self.draw_id)


class IncidentDialog(HouseForm):
    """Record what happened, who was involved and what was done — or correct a record."""

    def __init__(self, ctx: AppContext, house: HouseData, existing: IncidentRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Correct an incident") if existing else _("Record an incident"),
                         parent=parent)
        self.setMinimumWidth(560)
        self.house, self.existing = house, existing
        self.category = choice_box(choices(CATEGORIES), _("Choose what kind…"))
        if existing is not None:
            self.category.setCurrentIndex(max(0, self.category.findData(existing.category)))
        self.add_field(_("&Kind of incident:"), self.category, "category")
        self.when = self.add_time(_("&Time:"), house.tz, "time")
        if existing is not None:
            self.when.set_value(existing.at)
        self.people = QListWidget()
        self.people.setMinimumHeight(110)
        involved = set(existing.resident_ids) if existing else set()
        shown = [r for r in house.residents if r.status == "active" or r.id in involved]
        # Someone involved who has since moved to another house is kept, not silently dropped.
        self.kept = sorted(involved - {r.id for r in shown})
        for res in sorted(shown, key=lambda r: full_name(r).lower()):
            item = QListWidgetItem(full_name(res))
            item.setData(Qt.ItemDataRole.UserRole, res.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if res.id in involved
                               else Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.add_field(_("&Residents involved:"), self.people, "residents involved")
        if self.kept:
            also = QLabel(_("Also involved: {names} (now living in another house).").format(
                names=", ".join(house.name(r) for r in self.kept)))
            also.setObjectName("Muted")
            also.setWordWrap(True)
            self.form.addRow("", also)
        self.description = QPlainTextEdit(existing.description if existing else "")
        self.description.setPlaceholderText(_("What happened, in plain and neutral words"))
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(90)
        limit_text(self.description, limits.LONG_NOTE)
        self.add_field(_("What &happened:"), self.description, "description")
        self.action = QPlainTextEdit(existing.action_taken if existing else "")
        self.action.setPlaceholderText(_("What was done or agreed, e.g. talked it through, "
                                         "house meeting on Sunday (optional)"))
        self.action.setTabChangesFocus(True)
        self.action.setMinimumHeight(70)
        limit_text(self.action, limits.NOTE)
        self.add_field(_("&Action taken:"), self.action, "action taken")

    def resident_ids(self) -> list[int]:
        out = []
        for i in range(self.people.count()):
            item = self.people.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return sorted(out + self.kept)

    def set_involved(self, resident_ids: set[int]) -> None:
        for i in range(self.people.count()):
            item = self.people.item(i)
            rid = int(item.data(Qt.ItemDataRole.UserRole))
            item.setCheckState(Qt.CheckState.Checked if rid in resident_ids
                               else Qt.CheckState.Unchecked)

    def operation(self) -> Any:
        category = str(chosen(self.category, "category"))
        description, action = self.description.toPlainText(), self.action.toPlainText()
        if self.existing is None:
            return WriteOp(incidents.record_incident, self.house.house_id, category,
                           description, self.resident_ids(), action, at=self.when.value())
        old = self.existing
        changes: dict[str, Any] = {}
        if category != old.category:
            changes["category"] = category
        if description.strip() != old.description:
            changes["description"] = description
        if action.strip() != old.action_taken:
            changes["action_taken"] = action
        if not same_minute(self.when.value(), old.at):
            changes["at"] = self.when.value()
        if tuple(self.resident_ids()) != tuple(sorted(old.resident_ids)):
            changes["resident_ids"] = self.resident_ids()
        if not changes:
            return lambda: old
        return WriteOp(incidents.edit_incident, old.id, changes)

