"""The House tab: house rules (with the language of the house's papers), phases,
screen-lock timing, and adding a house.

Everyone who can log in may read the rules; only managers and the owner may change them
(the widgets are disabled otherwise). Unsaved edits (rules or lock times) survive a reload
triggered by another section, so nothing typed is lost; switching to another house with
unsaved rules asks first, and the rules always save to the house they were loaded for."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.errors import ValidationError
from peerhouse.i18n import _
from peerhouse.models.houses import House, Phase
from peerhouse.services import houses, languages
from peerhouse.services import text_limits as limits
from peerhouse.services.curfew import house_curfews
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.settings.forms import fit_columns, weekdays
from peerhouse.ui.manager.settings.house_data import house_settings, save_house
from peerhouse.ui.manager.settings.house_dialogs import (
    KIOSK_NAMES,
    PAPER,
    PHASES_ABOUT,
    AddHouseDialog,
    HouseSettings,
    PhaseDialog,
    combo,
    from_qtime,
    on_edit,
    phase_columns,
    set_timezone,
    spin,
    time_edit,
    timezone_combo,
    to_qtime,
)
from peerhouse.ui.manager.settings.lock import LockCard
from peerhouse.ui.manager.settings.tab import Loader, SettingsTab
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.tablemodels.rows import RowsModel
from peerhouse.ui.widgets.access import enter_presses
from peerhouse.ui.widgets.choices import language_box
from peerhouse.ui.widgets.common import Card, FieldErrors, button, make_table, muted, selected_row
from peerhouse.ui.widgets.limits import limited_line
from peerhouse.ui.widgets.pages import scrolling_page, tab_layout

SIDE_BY_SIDE = 880  # px of page needed for the rules and the phases side by side


class HouseTab(SettingsTab):
    edit_permission = Perm.HOUSES_MANAGE

    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(ctx, load, parent)
        self.data: HouseSettings | None = None
        self.dialog: PhaseDialog | AddHouseDialog | None = None
        self._dirty = self._filling = False
        self.pending: HouseSettings | None = None  # another house's data, held while rules are unsaved
        self.switch_box: QMessageBox | None = None

        scroll, content = scrolling_page(self)
        page = tab_layout(content, spacing=12)

        top = QHBoxLayout()
        self.heading = muted("")
        top.addWidget(self.heading, 1)
        self.add_house_btn = button(_("Add a &house…"), "add", on_click=self.add_house)
        self.add_house_btn.setVisible(self.can_edit)
        top.addWidget(self.add_house_btn)
        page.addLayout(top)
        self.house_note = muted("")
        self.house_note.hide()
        page.addWidget(self.house_note)

        columns = self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.setSpacing(12)
        columns.addWidget(self._rules_card(), 4)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self._phases_card(), 1)
        self.lock = LockCard(ctx, self.can_edit)
        # The card's parts, by the names the rest of the window (and its tests) use.
        self.idle_minutes, self.kiosk_seconds = self.lock.idle_minutes, self.lock.kiosk_seconds
        self.save_lock, self.save_lock_btn = self.lock.save, self.lock.save_btn
        right.addWidget(self.lock)
        columns.addLayout(right, 6)
        page.addLayout(columns, 1)
        self._scroll = scroll

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Rules beside phases when there is room; one above the other in a narrow window
        (1024 px), so the page never needs a sideways scroll bar."""
        super().resizeEvent(event)
        wide = self._scroll.viewport().width() >= SIDE_BY_SIDE
        direction = (QBoxLayout.Direction.LeftToRight if wide
                     else QBoxLayout.Direction.TopToBottom)
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
            self.columns.setStretch(0, 4 if wide else 0)
            self.columns.setStretch(1, 6 if wide else 0)

    # -- building --------------------------------------------------------------
    def _rules_card(self) -> Card:
        card = Card(_("House rules"))
        form = QFormLayout()
        form.setSpacing(8)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # long Spanish labels
        self.name = limited_line(limits.TITLE)
        self.address = limited_line(limits.LONG_LINE)
        self.beds = spin(1, 500, 8)
        self.timezone = timezone_combo()
        self.curfew_weeknight = time_edit()
        self.curfew_weekend = time_edit()
        self.week_start = combo([(str(i), d) for i, d in enumerate(weekdays())],
                                _("Week starts on"))
        self.checkin_daily = QCheckBox(_("Residents check in every day"))
        self.checkin_daily.setMinimumWidth(self.checkin_daily.sizeHint().width())  # all words
        self.chores = spin(0, 50, 3, _(" a week"))
        self.kiosk_names = combo(KIOSK_NAMES, _("Kiosk names"))
        self.paper = combo(PAPER, _("Paper size"))
        self.papers_language = language_box(name=_("Language of the house's papers"))
        self.bilingual = QCheckBox(_("Board and meetings in both languages"))
        self.bilingual.setAccessibleName(_("Print the board and meeting papers in both languages"))
        rows: list[tuple[str, QWidget, str]] = [
            (_("House &name:"), self.name, "house name"),
            (_("&Address:"), self.address, "address"),
            (_("&Beds:"), self.beds, "beds"),
            (_("&Time zone:"), self.timezone, "time zone"),
            (_("Cu&rfew, Sun–Thu nights:"), self.curfew_weeknight, "curfew weeknight"),
            (_("Curfew, &Fri–Sat nights:"), self.curfew_weekend, "curfew weekend"),
            (_("&Week starts on:"), self.week_start, "week start day"),
            (_("Daily &check-in:"), self.checkin_daily, "checkin required daily"),
            (_("Ch&ores per resident:"), self.chores, "chores per week"),
            (_("At the &kiosk, residents:"), self.kiosk_names, "kiosk names"),
            (_("Paper s&ize:"), self.paper, "paper size"),
            (_("Language of papers:"), self.papers_language, "language"),
            ("", self.bilingual, "bilingual"),
        ]
        fields: dict[str, QWidget] = {}
        for label, widget, key in rows:
            text = QLabel(label)
            text.setBuddy(widget)
            if not widget.accessibleName():
                widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(text, widget)
            fields[key] = widget
            on_edit(widget, self._mark_dirty)
        self.kiosk_names.setToolTip(_("A list shows each resident's first name and last initial."))
        language_help = muted(_("The board, meeting sign-in sheets and minutes are printed in "
                                "this language (or both); each resident's own papers follow "
                                "theirs."))
        form.addRow(language_help)  # the whole width: it wraps less
        card.body.addLayout(form)
        error = QLabel()
        self.errors = FieldErrors(fields, error)
        card.body.addWidget(error)
        actions = QHBoxLayout()
        self.saved_note = muted("")
        actions.addWidget(self.saved_note, 1)
        self.undo_btn = button(_("&Undo changes"), on_click=self._undo)
        self.save_btn = button(_("&Save rules"), primary=True, on_click=self.save_rules)
        actions.addWidget(self.undo_btn)
        actions.addWidget(self.save_btn)
        card.body.addLayout(actions)
        enter_presses(card, self.save_btn)
        if not self.can_edit:
            for _label, widget, _key in rows:
                widget.setEnabled(False)
            self.save_btn.hide()
            self.undo_btn.hide()
        self.undo_btn.setEnabled(False)
        card.body.addStretch(1)
        return card

    def _phases_card(self) -> Card:
        card = Card(_("Phases"))
        self.phases_about = muted(str(PHASES_ABOUT))
        card.body.addWidget(self.phases_about)
        self.phase_model: RowsModel[Phase] = RowsModel(phase_columns(), self)
        self.phase_view, self.phase_proxy = make_table(self.phase_model, sortable=False)
        self.phase_view.setAccessibleName(_("Phases"))
        self.phase_view.setMinimumHeight(150)
        card.body.addWidget(self.phase_view, 1)
        self.phase_empty = muted(_("This house has no phases yet. Add the first one, e.g. "
                                   "'Phase 1 – Orientation' from day 0."))
        self.phase_empty.hide()
        card.body.addWidget(self.phase_empty)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_phase_btn = button(_("Add &phase…"), "add", on_click=self.add_phase)
        self.edit_phase_btn = button(_("&Edit phase…"), "edit", on_click=self.edit_phase)
        row.addWidget(self.add_phase_btn)
        row.addWidget(self.edit_phase_btn)
        card.body.addLayout(row)
        if self.can_edit:
            self.phase_view.doubleClicked.connect(lambda _i: self.edit_phase())
            self.phase_view.selectionModel().selectionChanged.connect(self._phase_selected)
            self.edit_phase_btn.setEnabled(False)
        else:
            self.add_phase_btn.hide()
            self.edit_phase_btn.hide()
        return card

    # -- loading ---------------------------------------------------------------
    def refresh(self) -> None:
        self._load(ReadOp(house_settings, self.ctx.house_id), self._apply)

    def has_unsaved_changes(self) -> bool:
        """Rules or lock times changed here and not saved."""
        return self.can_edit and (self._dirty or self.lock.dirty())

    def _apply(self, data: HouseSettings) -> None:
        if self.data is not None and self.data.house.id != data.house.id and self._dirty:
            self._hold_switch(data)  # keep the edited rules until the person decides
            return
        self.pending = None
        if self.switch_box is not None:  # back on the edited house: nothing to decide
            self.switch_box.done(0)
        self.data = data
        heading = _("Rules for {house}. Residents, the kiosk and the weekly papers all follow "
                    "these.").format(house=data.house.name)
        if not self.can_edit:
            heading += " " + _("A manager or the owner can change them.")
        self.heading.setText(heading)
        if not self._dirty:
            self._fill_rules(data.house, data.language)
        self.phase_model.set_rows(data.phases)
        self.phases_about.setText(f"{PHASES_ABOUT}\n{house_curfews(data.house, data.phases)}")
        fit_columns(self.phase_view, 1)
        self.phase_empty.setVisible(not data.phases)
        self.phase_view.setVisible(bool(data.phases))
        self.lock.set_saved(data.lock)
        self._phase_selected()

    def _hold_switch(self, data: HouseSettings) -> None:
        """Another house was chosen while this one's rules have unsaved edits: ask whether
        to save them (to the house they belong to) or discard them. Until then the tab
        keeps showing the edited house, and Save or Undo settle it."""
        self.pending = data
        assert self.data is not None
        old, new = self.data.house.name, data.house.name
        self.heading.setText(_("Rules for {old}, with changes that are not saved yet. Save them "
                               "or undo them to see the rules for {new}.").format(old=old, new=new))
        if self.switch_box is not None and self.switch_box.isVisible():
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Save the house rules?"),
                          _("You changed the rules of {old} and have not saved them. Save them "
                            "to {old} before showing {new}?").format(old=old, new=new), parent=self)
        save = box.addButton(_("&Save to {house}").format(house=old),
                             QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_("&Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(save)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is save:
                self.save_rules()
            elif box.clickedButton() is discard:
                self._undo()
            self.switch_box = None

        box.finished.connect(answered)
        self.switch_box = box
        box.open()

    def _fill_rules(self, h: House, language: languages.HouseLanguage) -> None:
        self._filling = True
        self.name.setText(h.name)
        self.address.setText(h.address)
        self.address.setCursorPosition(0)
        self.beds.setValue(h.capacity)
        set_timezone(self.timezone, h.timezone)
        self.curfew_weeknight.setTime(to_qtime(h.curfew_weeknight))
        self.curfew_weekend.setTime(to_qtime(h.curfew_weekend))
        self.week_start.setCurrentIndex(h.week_start_day)
        self.checkin_daily.setChecked(h.checkin_required_daily)
        self.chores.setValue(h.chores_per_week)
        self.kiosk_names.setCurrentIndex(max(0, self.kiosk_names.findData(h.kiosk_name_mode)))
        self.paper.setCurrentIndex(max(0, self.paper.findData(h.paper_size)))
        self.papers_language.setCurrentIndex(
            max(0, self.papers_language.findData(language.language)))
        self.bilingual.setChecked(language.bilingual)
        self.errors.clear()
        self._filling = False
        self._set_dirty(False)

    def _mark_dirty(self, *_args: object) -> None:
        if not self._filling:
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.undo_btn.setEnabled(dirty)
        if dirty:
            self.saved_note.setText("")

    def _undo(self) -> None:
        if self.pending is not None:
            self._set_dirty(False)
            self._apply(self.pending)
        elif self.data is not None:
            self._fill_rules(self.data.house, self.data.language)

    # -- saving ----------------------------------------------------------------
    def rules_from_form(self) -> houses.HouseRules:
        return houses.HouseRules(
            name=self.name.text(),
            address=self.address.text(),
            capacity=self.beds.value(),
            timezone=self.timezone.currentText().strip(),
            curfew_weeknight=from_qtime(self.curfew_weeknight.time()),
            curfew_weekend=from_qtime(self.curfew_weekend.time()),
            week_start_day=self.week_start.currentIndex(),
            checkin_required_daily=self.checkin_daily.isChecked(),
            chores_per_week=self.chores.value(),
            kiosk_name_mode=str(self.kiosk_names.currentData()),
            paper_size=str(self.paper.currentData()),
        )

    def save_rules(self) -> None:
        if self.data is None:
            return
        self.errors.clear()
        rules = self.rules_from_form()
        self.save_btn.setEnabled(False)
        spoken = self.papers_language_from_form()
        # To the house the form was filled from, even if another house was chosen since.
        run_op(self, WriteOp(save_house, self.data.house.id, rules, spoken.language,
                             spoken.bilingual)).success(
            lambda house: self._rules_saved(house, spoken)).failure(self._rules_failed).run()

    def papers_language_from_form(self) -> languages.HouseLanguage:
        return languages.HouseLanguage(str(self.papers_language.currentData()),
                                       self.bilingual.isChecked())

    def _rules_saved(self, house: House, spoken: languages.HouseLanguage) -> None:
        self.save_btn.setEnabled(True)
        if self.data is not None and self.data.house.id == house.id:
            self.data = replace(self.data, house=house, language=spoken)
            self._fill_rules(house, spoken)
        self.saved_note.setText(_("Saved to {house}.").format(house=house.name)
                                if self.pending else _("Saved."))
        if self.pending is not None:
            self._apply(self.pending)  # now show the house that was chosen meanwhile

    def _rules_failed(self, exc: BaseException) -> None:
        self.save_btn.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc)
        else:
            report_error(exc, self)

    # -- phases and houses -----------------------------------------------------
    def _phase_selected(self, *_args: object) -> None:
        has = selected_row(self.phase_view, self.phase_proxy) is not None
        self.edit_phase_btn.setEnabled(has)

    def add_phase(self) -> None:
        next_pos = max((p.position for p in self.phase_model.rows), default=0) + 1
        if self.data is not None:
            self._open(PhaseDialog(self.ctx, self.data.house.id, None, next_pos, self))

    def edit_phase(self) -> None:
        phase = selected_row(self.phase_view, self.phase_proxy)
        if phase is not None and self.data is not None:
            self._open(PhaseDialog(self.ctx, self.data.house.id, phase, phase.position, self))

    def add_house(self) -> None:
        tz = self.data.house.timezone if self.data else "UTC"
        dialog = AddHouseDialog(self.ctx, tz, self)
        dialog.saved.connect(self._house_added)
        self._open(dialog)

    def _house_added(self, house: House) -> None:
        self.house_note.setText(_("{house} was added with the usual three phases. Choose it in "
                                  "the house list at the top of the window to set its "
                                  "rules.").format(house=house.name))
        self.house_note.show()

    def _open(self, dialog: PhaseDialog | AddHouseDialog) -> None:
        self.dialog = dialog
        dialog.open()
