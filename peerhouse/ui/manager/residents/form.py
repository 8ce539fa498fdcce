"""The admit / edit resident form, and the pieces every Residents-section dialog shares:
a date field that may be empty, inline errors that read as sentences, and the layout
whose fields scroll on a small screen.

Discharge, move house and reset PIN are in `actions.py`.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.ops import WriteOp
from peerhouse.errors import PeerHouseError, ValidationError
from peerhouse.i18n import ENGLISH, LANGUAGES, _, lazy
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.people import Resident
from peerhouse.services import residents
from peerhouse.services import text_limits as limits
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.widgets.common import FieldErrors, muted
from peerhouse.ui.widgets.dates import DateEdit
from peerhouse.ui.widgets.limits import limit_text
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.page_scroll import PageScroll

_NO_DATE = QDate(1900, 1, 1)
_VERBS = {"is", "must", "cannot", "can", "should", "does", "has", "needs"}
# The theme marks invalid line edits and combos; dialogs also hold dates and notes.
_DIALOG_QSS = ('QDateEdit[invalid="true"], QPlainTextEdit[invalid="true"] '
               "{ border: 2px solid #b3473f; }")


class DateField(QWidget):
    """A date picker with a calendar; an optional one can be 'Not set' (and cleared)."""

    def __init__(self, name: str, value: date | None = None, *, optional: bool = False) -> None:
        super().__init__()
        self.optional = optional
        self.edit = DateEdit()
        self.edit.setAccessibleName(name)
        self.edit.setMinimumWidth(150)
        self.setFocusProxy(self.edit)
        self.setFocusPolicy(self.edit.focusPolicy())  # its label's Alt+letter lands in it
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        if optional:
            self.edit.setMinimumDate(_NO_DATE)
            self.edit.setSpecialValueText(_("Not set"))
            clear = QPushButton(_("Clear"))
            clear.setAccessibleName(_("Clear {field}").format(field=name))
            clear.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            clear.clicked.connect(lambda: self.set_value(None))
            # As tall as the date box beside it (the theme's buttons are taller).
            clear.setStyleSheet("QPushButton { padding: 4px 12px; min-height: 0; }")
            row.addWidget(clear)
        row.addStretch(1)
        self.set_value(value if value or optional else date.today())

    def value(self) -> date | None:
        if self.optional and self.edit.date() == _NO_DATE:
            return None
        return self.edit.date().toPython()  # type: ignore[return-value]

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(QDate(value) if value else _NO_DATE)


class FormErrors(FieldErrors):
    """FieldErrors that also reads well when the message is a whole sentence."""

    def show(self, exc: ValidationError) -> None:
        target = self.fields.get(exc.field)
        if isinstance(target, DateField):
            self.fields[exc.field] = target.edit
        super().show(exc)
        if not exc.whole and exc.message.split(" ", 1)[0] not in _VERBS:  # "bed 3 is already taken."
            self.label.setText(exc.message[:1].upper() + exc.message[1:])


def scrolling_form(dialog: OperationDialog) -> QVBoxLayout:
    """The Residents dialogs' layout: their fields scroll on a screen too small for them
    (large display scaling), with the error line and the buttons in view below; returns
    the layout the fields go in. Every refusal is shown in the dialog; it is deleted when
    closed."""
    dialog.inline_refusals = (PeerHouseError,)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setStyleSheet(_DIALOG_QSS)
    dialog.fit_first_show = True
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(20, 18, 20, 16)
    outer.setSpacing(10)
    content = QWidget()
    body = QVBoxLayout(content)
    body.setContentsMargins(0, 0, 0, 0)
    body.setSpacing(10)
    outer.addWidget(PageScroll(content), 1)
    outer.addWidget(dialog.error_label)
    outer.addWidget(dialog.buttons)
    return body


# Each language in its own name, so a person who reads only one can find it.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}

# (form field, ResidentInput / edit() key, text limit); field names match ValidationError.field.
_TEXT_FIELDS = (
    ("first name", "first_name", limits.NAME), ("last name", "last_name", limits.NAME),
    ("preferred name", "preferred_name", limits.NAME), ("phone", "phone", limits.PHONE),
    ("bed", "bed", limits.BED),
    ("emergency contact name", "emergency_contact_name", limits.FULL_NAME),
    ("emergency contact phone", "emergency_contact_phone", limits.PHONE),
    ("sponsor name", "sponsor_name", limits.FULL_NAME),
    ("sponsor phone", "sponsor_phone", limits.PHONE),
)


class ResidentFormDialog(OperationDialog):
    """Admit a resident (resident=None) or edit one. A changed sobriety date needs a reason."""

    def __init__(self, ctx: AppContext, phases: list[tuple[int, str]], today: date,
                 resident: Resident | None = None, parent: QWidget | None = None, *,
                 house_full: tuple[str, int] | None = None, language: str = ENGLISH) -> None:
        """`house_full`: (house name, beds) when admitting into a house with no free bed;
        `language`: the resident's (editing) or the house's (admitting), chosen at first."""
        editing = resident is not None
        title = (_("Edit {name}").format(name=f"{resident.first_name} {resident.last_name}")
                 if resident else _("Admit a resident"))
        super().__init__(parent, title, _("&Save changes") if editing else _("&Admit"),
                         role="primary", errors=FormErrors)
        self.ctx = ctx
        self.body = scrolling_form(self)
        self.resident, self.today = resident, today
        # What is saved already; a retry after a failed second step resends only the rest.
        self._sobriety_saved = resident.sobriety_date if resident else None
        self.text: dict[str, QLineEdit] = {}
        for field, key, limit in _TEXT_FIELDS:
            edit = QLineEdit(str(getattr(resident, key)) if resident else "")
            limit_text(edit, limit)
            edit.setAccessibleName(str(residents.LABELS[key]))
            self.text[field] = edit
        for field in ("phone", "emergency contact phone", "sponsor phone"):
            self.text[field].setPlaceholderText(_("e.g. 555-201-3344"))
        self.text["bed"].setPlaceholderText(_("e.g. 3 or 2B"))
        self.text["preferred name"].setPlaceholderText(_("What they like to be called"))
        self.birth = DateField(_("Date of birth"), resident.date_of_birth if resident else None,
                               optional=True)
        self.move_in = DateField(_("Move-in date"), resident.move_in_date if resident else today)
        self.sobriety = DateField(_("Sobriety date"), self._sobriety_saved, optional=True)
        self.reason = QLineEdit()
        limit_text(self.reason, limits.SHORT_NOTE)
        self.reason.setAccessibleName(_("Reason for changing the sobriety date"))
        self.reason.setPlaceholderText(_("Why it changed"))
        self.reason.setToolTip(_("Kept in their sobriety-date history."))
        self.language = language_box(language)
        self._language_saved = language
        self.status = QComboBox()
        self.status.setAccessibleName(_("Status"))
        self.status.addItem(_("Moving in now"), str(ResidentStatus.ACTIVE))
        self.status.addItem(_("Applicant (waiting for a bed)"), str(ResidentStatus.APPLICANT))
        # Said before anything is typed, not after the whole form is filled.
        self.full_note: QLabel | None = None
        if house_full is not None and not editing:
            name, beds = house_full
            self.full_note = QLabel(_(
                "<b>{full}</b> They are added as an applicant, waiting for a bed; use Move in "
                "on the Residents list once a bed is free.").format(
                full=escape(str(residents.house_full(name, beds)))))
            self.full_note.setObjectName("Banner")
            self.full_note.setWordWrap(True)
            self.status.setCurrentIndex(self.status.findData(str(ResidentStatus.APPLICANT)))
        self.phase = QComboBox()
        self.phase.setAccessibleName(_("Phase"))
        if resident is not None and resident.phase_id is None:
            self.phase.addItem(_("Not set"), None)
        for phase_id, name in phases:
            self.phase.addItem(name, phase_id)
        if resident is not None:
            self.phase.setCurrentIndex(max(0, self.phase.findData(resident.phase_id)))
        self.celebrate = QCheckBox(_("Sho&w their milestones on the house notice board"))
        self.celebrate.setAccessibleName(_("Celebrate milestones publicly"))
        self.celebrate.setChecked(bool(resident and resident.celebrate_milestones_publicly))
        self.notes: QPlainTextEdit | None = None
        if ctx.can(Perm.RESIDENTS_NOTES):
            self.notes = QPlainTextEdit(resident.notes if resident else "")
            self.notes.setAccessibleName(_("Private notes"))
            self.notes.setPlaceholderText(_("Only managers see these notes."))
            self.notes.setTabChangesFocus(True)
            self.notes.setFixedHeight(84)
            limit_text(self.notes, limits.NOTE)
        self._build(editing)
        self.errors.fields.update({**self.text, "date of birth": self.birth, "move in date": self.move_in,
                                   "sobriety date": self.sobriety, "reason": self.reason,
                                   "status": self.status, "phase": self.phase,
                                   "language": self.language})
        if self.notes is not None:
            self.errors.fields["notes"] = self.notes
        self.sobriety.edit.dateChanged.connect(lambda _d: self._show_reason())
        self._show_reason()
        self.text["first name"].setFocus()

    def _build(self, editing: bool) -> None:
        t = self.text
        about, form = _group(_("About them"))
        form.addRow(_("&First name"), t["first name"])
        form.addRow(_("&Last name"), t["last name"])
        form.addRow(_("P&referred name"), t["preferred name"])
        form.addRow(_("Date of &birth"), self.birth)
        form.addRow(_("&Phone"), t["phone"])
        form.addRow(_("Preferred lang&uage"), self.language)
        contact, form = _group(_("Emergency contact"))
        form.addRow(_("&Name"), t["emergency contact name"])
        form.addRow(_("Phone"), t["emergency contact phone"])
        home, form = _group(_("Living here"))
        if not editing:
            form.addRow(_("&Status"), self.status)
        form.addRow(_("B&ed"), t["bed"])
        # Fixed once they live here: no Alt+M leading to a box that cannot be changed.
        form.addRow(_("Move-in date") if editing else _("&Move-in date"), self.move_in)
        if editing:
            self.move_in.setEnabled(False)
            self.move_in.setToolTip(_("Set when they moved in; use Move house to change "
                                      "houses."))
        form.addRow(_("P&hase"), self.phase)
        recovery, self.recovery_form = _group(_("Recovery"))
        self.recovery_form.addRow(_("Sobrie&ty date"), self.sobriety)
        self.recovery_form.addRow(_("Reason for chan&ge"), self.reason)
        self.recovery_form.addRow(_("Sp&onsor"), t["sponsor name"])
        self.recovery_form.addRow(_("Sponsor's phone"), t["sponsor phone"])
        if self.full_note is not None:
            self.body.addWidget(self.full_note)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        for groups in ((about, contact), (home, recovery)):
            column = QVBoxLayout()
            for g in groups:
                column.addWidget(g)
            column.addStretch(1)
            columns.addLayout(column, 1)
        self.body.addLayout(columns)
        milestones = QGroupBox(_("Milestones"))
        row = QHBoxLayout(milestones)
        row.addWidget(self.celebrate)
        said = muted(_("Celebrated publicly. Check it only if the resident says yes."))
        said.setWordWrap(True)
        row.addWidget(said, 1)
        self.body.addWidget(milestones)
        if self.notes is not None:
            notes, form = _group(_("Private notes (managers only)"))
            form.addRow(self.notes)
            self.body.addWidget(notes)

    def _show_reason(self) -> None:
        changed = self.resident is not None and self.sobriety.value() != self._sobriety_saved
        self.recovery_form.setRowVisible(self.reason, changed)

    # -- saving ------------------------------------------------------------------
    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: self.text[f].text().strip() for f, key, _ in _TEXT_FIELDS}
        values.update(date_of_birth=self.birth.value(), phase_id=self.phase.currentData(),
                      celebrate_milestones_publicly=self.celebrate.isChecked())
        if self.notes is not None:
            values["notes"] = self.notes.toPlainText().strip()
        return values

    def operation(self) -> WriteOp[Any] | None:
        """Admit, or save the edit (and an audited sobriety-date change) in one unit; a
        form with no change saves nothing."""
        values = self._values()
        if self.resident is None:
            data = residents.ResidentInput(
                house_id=self.ctx.house_id, status=self.status.currentData(),
                move_in_date=self.move_in.value(), sobriety_date=self.sobriety.value(),
                language=self.language.currentData(), **values)
            return WriteOp(residents.admit, data)
        current = self.resident.model_dump()
        changes = {k: v for k, v in values.items() if v != current.get(k)}
        if self.language.currentData() != self._language_saved:
            changes["language"] = self.language.currentData()
        sobriety = self.sobriety.value()
        new_date: tuple[date | None, str] | None = None
        if sobriety != self._sobriety_saved:
            # Checked here too, so the other changes are never saved without this one.
            if sobriety is not None and sobriety > self.today:
                raise ValidationError("sobriety date", lazy(
                    "{field} cannot be in the future.", field=residents.LABELS["sobriety_date"]))
            if not self.reason.text().strip():
                raise ValidationError("reason", lazy(
                    "{field} is required when the sobriety date changes.", field=lazy("Reason")))
            new_date = (sobriety, self.reason.text().strip())
        if not changes and new_date is None:
            self.accept()  # nothing changed: nothing to save or audit
            return None
        return WriteOp(_save_edit, self.resident.id, changes, new_date)


def _save_edit(u: Unit, resident_id: int, changes: dict[str, Any],
               new_date: tuple[date | None, str] | None) -> Resident | None:
    """The edit and the audited sobriety-date change: saved together or not at all."""
    result = None
    if changes:
        result = residents.edit(u, resident_id, changes)
    if new_date is not None:
        result = residents.change_sobriety_date(u, resident_id, *new_date)
    return result


def language_box(language: str) -> QComboBox:
    """English / Español, each in its own name, with `language` chosen."""
    box = QComboBox()
    box.setAccessibleName(_("Preferred language"))
    box.setToolTip(_("The language of their kiosk screens and the papers they are given."))
    for code in LANGUAGES:
        box.addItem(LANGUAGE_NAMES[code], code)
    box.setCurrentIndex(max(0, box.findData(language)))
    return box


def _group(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(8)
    return box, form
