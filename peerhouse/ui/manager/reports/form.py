"""The left side of Reports: what to print (kind, house, week; for a progress report the
resident, the consent naming the recipient, the period and the parts to include).

The form only collects choices; the section loads the lists it offers and makes the
report. A progress report can be asked for only with a current consent picked, and only
the parts that consent covers can be ticked (all of them are, to begin with).

The paper's language starts as its reader's (the house's for the board, both when the
house is bilingual; the resident's for a progress report; the window's, which is the staff
member's, for the manager summary) and follows the kind, house and resident picked; the
person can choose another (an English copy of a Spanish board for an inspector).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from peerhouse.app.reports import KIND_NAMES
from peerhouse.i18n import ENGLISH, SPANISH, _, current_language, lazy
from peerhouse.models.consent import Consent, part_words
from peerhouse.models.houses import House
from peerhouse.models.people import Resident
from peerhouse.reports.paper_language import BOTH, other
from peerhouse.services.languages import HouseLanguage
from peerhouse.services.permissions import Perm
from peerhouse.services.report_weeks import BOARD, DEFAULT_WEEK, MANAGER, default_week
from peerhouse.ui.context import AppContext
from peerhouse.ui.formats import date_text
from peerhouse.ui.manager.accountability.pickers import RangePicker, WeekPicker
from peerhouse.ui.manager.reports.parts import PartsPicker
from peerhouse.ui.widgets.common import Card, FieldErrors, button, muted

# key, label, permission needed, what the form says about it
KINDS: tuple[tuple[str, object, Perm, object], ...] = (
    ("weekly_board", KIND_NAMES["weekly_board"], Perm.REPORTS_BOARD,
     lazy("For the notice board: next week's chores by first name and last initial, this "
          "week's meetings, milestones of residents who chose to share them, resources and the "
          "crisis line.")),
    ("weekly_manager", KIND_NAMES["weekly_manager"], Perm.REPORTS_CONFIDENTIAL,
     lazy("For the manager's binder: census, a row per resident, what needs attention, trends, "
          "milestones and the audit chain head.")),
    ("resident", KIND_NAMES["resident"], Perm.REPORTS_CONFIDENTIAL,
     lazy("For someone outside the house (probation, court, treatment) named in the "
          "resident's current written consent. Only the parts that consent covers can be "
          "included.")),
)
NO_PARTS = lazy("This consent names no parts of a report (it was recorded before they were "
                "kept), so it covers none. Record it again on the resident's page (Residents, "
                "Consents) with the parts the resident agreed to checked.")
# Each language in its own name, so a person who reads only one finds it.
LANGUAGE_NAMES = ((ENGLISH, "English"), (SPANISH, "Español"))


class ReportForm(Card):
    """Emits `house_picked`, `resident_picked`, `kind_picked` for the section to load lists,
    `preview_requested` when the person asks for the report, and `options_changed` when
    any choice changes (the section then compares `choice()` with what it shows)."""

    kind_picked = Signal(str)
    house_picked = Signal(int)
    resident_picked = Signal(int)
    preview_requested = Signal()
    options_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("What to print"), parent)
        self.ctx = ctx
        self.today = date.today()
        self.week_touched = False  # once someone picks a week, switching kind keeps it
        # No minimum of its own: a fixed 400 px was less than its rows need (the week
        # buttons and the wrapped text below "Kind" were cut off); its layout decides.
        self.setMaximumWidth(440)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above fields
        form.setSpacing(6)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind of report"))
        for key, text, perm, _about in KINDS:
            if ctx.can(perm):
                self.kind.addItem(str(text), key)
        self.about = muted("")
        self.house = QComboBox()
        self.house.setAccessibleName(_("House"))
        self.week = WeekPicker()
        self.this_week = self.week.start()
        self.week_label = muted("")
        self.resident = QComboBox()
        self.resident.setAccessibleName(_("Resident"))
        self.consent = QComboBox()
        self.consent.setAccessibleName(_("Consent (recipient)"))
        self.period = RangePicker(days_back=30)
        self.parts_box = PartsPicker(_("Parts to include"))
        self.parts_box.limit_to(())  # until a consent is picked
        self.parts = self.parts_box.boxes
        self.consent_parts: dict[int, tuple[str, ...]] = {}  # consent id: the parts it covers
        self.consent_note = muted("")
        self.language = self._language_box()
        self.house_languages: dict[int, HouseLanguage] = {}
        self.resident_languages: dict[int, str] = {}  # residents whose language is not English

        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        for key, text, widget in (
                ("kind", _("&Kind:"), self.kind), ("house", _("&House:"), self.house),
                ("week", _("Week:"), self.week), ("resident", _("&Resident:"), self.resident),
                ("consent", _("&Consent:"), self.consent), ("period", _("Period:"), self.period),
                ("parts", _("&Include:"), self.parts_box)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            self.rows[key] = (label, widget)
        form.insertRow(1, "", self.about)
        form.insertRow(4, "", self.week_label)
        form.addRow("", self.consent_note)
        language_label = QLabel(_("&Language:"))
        language_label.setBuddy(self.language)
        form.addRow(language_label, self.language)
        self.body.addLayout(form)
        self.error = QLabel()
        self.errors = FieldErrors({"week": self.week, "to": self.period, "from": self.period,
                                   "include": self.parts_box, "consent": self.consent},
                                  self.error)
        self.body.addWidget(self.error)
        self.preview_button = button(_("Show &preview"), "reports", primary=True,
                                     on_click=self.preview_requested.emit,
                                     tip=_("Make the report and show it here (it is recorded in "
                                           "the audit log)"))
        self.body.addWidget(self.preview_button)
        self.body.addStretch(1)

        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.house.currentIndexChanged.connect(self._house_changed)
        self.resident.currentIndexChanged.connect(self._resident_changed)
        self.consent.currentIndexChanged.connect(lambda _i: self._consent_changed())
        self.week.changed.connect(self._week_changed)
        # After the handlers above, so a kind's default week is already in place.
        for signal in (self.kind.currentIndexChanged, self.house.currentIndexChanged,
                       self.resident.currentIndexChanged, self.consent.currentIndexChanged,
                       self.week.changed, self.period.start_edit.dateChanged,
                       self.period.end_edit.dateChanged, self.language.currentIndexChanged,
                       *(box.toggled for box in self.parts.values())):
            signal.connect(lambda *_args: self.options_changed.emit())
        self._kind_changed()

    @staticmethod
    def _language_box() -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(_("Language of the paper"))
        box.setToolTip(_("The paper starts in its reader's language: the house's for the "
                         "board, the resident's for a progress report, yours for the manager "
                         "summary."))
        return box

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_notes()

    def _fit_notes(self) -> None:
        """Each wrapped note as tall as its lines at its width: the form layout gave a
        note the height of another width, which cut off the fourth line of a Spanish one."""
        changed = False
        for note in (self.about, self.week_label, self.consent_note):
            if note.width() > 0 and note.minimumHeight() != note.heightForWidth(note.width()):
                note.setMinimumHeight(note.heightForWidth(note.width()))
                changed = True
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > 0:
            # Its least height at this width (wrapped notes and all) is the one the section
            # around it must give it, or scroll for: a row squeezed under it was cut off.
            least = layout.totalHeightForWidth(self.width())
            if least != self.minimumHeight():
                self.setMinimumHeight(least)
                changed = True
        if changed:  # the section around the form makes room (or scrolls) for it
            self.updateGeometry()

    # -- what is chosen ----------------------------------------------------------------
    @property
    def kind_key(self) -> str:
        return str(self.kind.currentData() or "weekly_board")

    def house_id(self) -> int | None:
        data = self.house.currentData()
        return int(data) if data is not None else None

    def resident_id(self) -> int | None:
        data = self.resident.currentData()
        return int(data) if data is not None else None

    def consent_id(self) -> int | None:
        data = self.consent.currentData()
        return int(data) if data is not None else None

    def week_start(self) -> date:
        return self.week.start()

    def span(self) -> tuple[date, date]:
        start, stop = self.period.bounds()
        return start, stop - timedelta(days=1)

    def sections(self) -> list[str]:
        return self.parts_box.selected()

    def paper_language(self) -> str | None:
        """'en', 'es' or 'both' (a house's papers only)."""
        data = self.language.currentData()
        return str(data) if data is not None else None

    def choice(self) -> tuple[object, ...]:
        """Everything that decides what "Show preview" makes now (the paper size is the
        house's, added by the section): a preview made for another choice is stale."""
        if self.kind_key == "resident":
            return ("resident", self.house_id(), self.resident_id(), self.consent_id(),
                    self.span(), tuple(self.sections()), self.paper_language())
        return (self.kind_key, self.house_id(), self.week_start(), self.paper_language())

    # -- filling the lists -------------------------------------------------------------
    def set_houses(self, houses: list[House], current: int,
                   languages: dict[int, HouseLanguage] | None = None) -> None:
        if languages is not None:
            self.house_languages = languages
        self.house.blockSignals(True)
        self.house.clear()
        for h in houses:
            self.house.addItem(h.name, h.id)
        self.house.setCurrentIndex(max(0, self.house.findData(current)))
        self.house.blockSignals(False)
        self._default_language()
        self._update()

    def set_today(self, today: date, week_start: date) -> None:
        """The house's own today, and the first day of its current week."""
        self.today = today
        self.this_week = week_start
        self.week.set_this_week(week_start)
        self.period.set_today(today)
        self.period.end_edit.setMaximumDate(self.period.end_edit.date())
        self.period.start_edit.setMaximumDate(self.period.end_edit.date())
        if not self.week_touched:
            self._default_week()

    def set_residents(self, people: list[Resident],
                      languages: dict[int, str] | None = None) -> None:
        if languages is not None:
            self.resident_languages = languages
        keep = self.resident_id()
        self.resident.blockSignals(True)
        self.resident.clear()
        for r in people:
            name = f"{r.first_name} {r.last_name}"
            self.resident.addItem(name if r.status == "active"
                                  else _("{name} (moved out)").format(name=name), r.id)
        self.resident.setCurrentIndex(max(0, self.resident.findData(keep)))
        self.resident.blockSignals(False)
        self._resident_changed()

    def set_consents(self, resident_id: int, current: list[Consent]) -> None:
        if resident_id != self.resident_id():
            return  # the person picked someone else meanwhile
        self.consent.blockSignals(True)
        self.consent.clear()
        self.consent_parts = {c.id: c.part_keys for c in current if c.id is not None}
        for c in current:
            self.consent.addItem(_("{recipient} (until {day})").format(
                recipient=c.recipient, day=date_text(c.expires_on)), c.id)
        self.consent.blockSignals(False)
        self._consent_changed()

    # -- reacting ----------------------------------------------------------------------
    def _kind_changed(self) -> None:
        key = self.kind_key
        self.about.setText(str(next(a for k, _t, _p, a in KINDS if k == key)))
        self._fit_notes()
        resident = key == "resident"
        for w in (*self.rows["week"], self.week_label):
            w.setVisible(not resident)
        for name in ("resident", "consent", "period", "parts"):
            for w in self.rows[name]:
                w.setVisible(resident)
        self.consent_note.setVisible(resident)
        if not self.week_touched:
            self._default_week()
        self._default_language()
        self.errors.clear()
        self._update()
        self.kind_picked.emit(key)

    # -- the paper's language ------------------------------------------------------------
    def reader_language(self) -> tuple[str, bool]:
        """The language of the paper's reader, and whether it is a bilingual house's paper."""
        if self.kind_key == "weekly_board":
            house = self.house_languages.get(self.house_id() or -1, HouseLanguage())
            return house.language, house.bilingual
        if self.kind_key == "resident":
            return self.resident_languages.get(self.resident_id() or -1, ENGLISH), False
        return current_language(), False  # the window's: the staff member's

    def _default_language(self) -> None:
        """The choices (both languages only for the board) with the reader's picked."""
        code, bilingual = self.reader_language()
        items = [(name, key) for key, name in LANGUAGE_NAMES]
        if self.kind_key == "weekly_board":
            # Translators: a paper with both languages on one sheet; each name in its own.
            items.append((_("English and Español (both on one sheet)"), BOTH))
        self.language.blockSignals(True)
        self.language.clear()
        for name, key in items:
            self.language.addItem(name, key)
        self.language.setCurrentIndex(self.language.findData(BOTH if bilingual else code))
        self.language.blockSignals(False)
        self.language.setToolTip(self._language_tip(code, bilingual))

    def _language_tip(self, code: str, bilingual: bool) -> str:
        name = dict(LANGUAGE_NAMES)[code]
        if bilingual:
            return _("This house prints its papers in both languages: {first} first, then "
                     "{second}.").format(first=name, second=dict(LANGUAGE_NAMES)[other(code)])
        if self.kind_key == "weekly_board":
            return _("The house board starts in the house's language ({language}).").format(
                language=name)
        if self.kind_key == "resident":
            return _("A progress report starts in the resident's language ({language})."
                     ).format(language=name)
        return _("The manager summary starts in your language ({language}).").format(
            language=name)

    def _weekly_kind(self) -> str:
        return BOARD if self.kind_key == "weekly_board" else MANAGER

    def _default_week(self) -> None:
        """The week the command line picks too (services.report_weeks)."""
        self.week.set_week(default_week(self._weekly_kind(), self.today))
        self._show_week()

    def _week_changed(self, _start: date) -> None:
        self.week_touched = True
        self._show_week()

    def _show_week(self) -> None:
        """Under the picker (which reads "Week of Dec 7 – 13"): whether this is the usual
        week for the report, so a manager sees why it was picked."""
        kind = self._weekly_kind()
        usual = default_week(kind, self.today) == self.week.start()
        if kind == BOARD:
            text = (_("This week: the usual week for the house board.") if usual else
                    _("The house board is usually made for {week}.").format(
                        week=DEFAULT_WEEK[BOARD]))
        else:
            text = (_("Last week, the last full one: the usual week for the manager summary.")
                    if usual else _("The manager summary is usually made for {week}.").format(
                        week=DEFAULT_WEEK[MANAGER]))
        self.week_label.setText(text)
        self._fit_notes()

    def _house_changed(self, _index: int) -> None:
        house_id = self.house_id()
        self._default_language()
        if house_id is not None:
            self.house_picked.emit(house_id)

    def _consent_changed(self) -> None:
        """Only the parts the picked consent covers can be ticked; all of them are."""
        cid = self.consent_id()
        parts = self.consent_parts.get(cid, ()) if cid is not None else ()
        self.parts_box.limit_to(parts)
        if cid is None:
            self.consent_note.setText(
                _("This resident has no current consent. Record the signed consent on their "
                  "page (Residents, Consents) first.") if self.resident_id() is not None else "")
        elif not parts:
            self.consent_note.setText(str(NO_PARTS))
        else:
            self.consent_note.setText(_("Only current consents are listed. This one covers: "
                                        "{parts}. Uncheck a part to leave it out.").format(
                parts=part_words(parts)))
        self._fit_notes()
        self._update()

    def _resident_changed(self, _index: int = 0) -> None:
        self.consent.clear()
        self.consent_parts = {}
        self.parts_box.limit_to(())
        self.consent_note.setText("")
        self._default_language()
        rid = self.resident_id()
        if rid is not None and self.kind_key == "resident":
            self.consent_note.setText(_("Looking up consents…"))
            self.resident_picked.emit(rid)
        self._update()

    def _update(self) -> None:
        ok = self.house_id() is not None
        if self.kind_key == "resident":
            cid = self.consent_id()
            ok = ok and self.resident_id() is not None and bool(self.consent_parts.get(cid or -1))
        self.preview_button.setEnabled(ok)
