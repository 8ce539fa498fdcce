"""The Residents section: a searchable, sortable list of a house's residents, and the
resident page (page 1 of the section's stack) for the one a manager opens.

The whole house is loaded once (every status) and filtered in memory, so typing in the
search box or changing "Show" never waits for the database, even with 10,000 rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.app.resident_page import resident_for_edit
from peerhouse.i18n import _, lazy
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.people import Resident
from peerhouse.services import residents
from peerhouse.services.permissions import Perm
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.residents import actions as resident_actions
from peerhouse.ui.manager.residents.form import ResidentFormDialog
from peerhouse.ui.manager.residents.import_csv import open_import
from peerhouse.ui.manager.residents.table import (
    FILTERS,
    HouseResidents,
    ResidentRow,
    ResidentsModel,
    count_text,
    empty_message,
    filter_label,
    load_house_residents,
    match_text,
    residents_view,
)
from peerhouse.ui.manager.section import Section, page_layout
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.theme import icon
from peerhouse.ui.widgets.access import clear_button
from peerhouse.ui.widgets.common import button, confirm, muted

_PAGE_MODULE = "peerhouse.ui.manager.residents.page.page"
class ResidentsSection(Section):
    key = "residents"
    title = lazy("Residents")
    permission = Perm.RESIDENTS_READ
    watches = (RecordKind.RESIDENTS,)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: HouseResidents | None = None
        self.dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self.page: Any = None  # ResidentPage, built on first use
        self._generation = 0
        self._select_id: int | None = None
        self._fetching = False  # the record for Edit is being read: a second click waits
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        # The theme's danger colour would otherwise make a disabled Move out look active.
        self.setStyleSheet('QPushButton[danger="true"]:disabled { color: #9aa5a3; border-color: #d8dedc; }')
        self.list_page = QWidget()
        self.stack.addWidget(self.list_page)
        self._build_list()
        ctx.bus.house_changed.connect(lambda _id: self.show_list())

    # -- building ------------------------------------------------------------------
    def _build_list(self) -> None:
        layout = page_layout(self.list_page, _("Residents"))
        top = QHBoxLayout()
        top.setSpacing(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, bed or phase   (Ctrl+F)"))
        self.search.setAccessibleName(_("Search residents"))
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        clear_button(self.search)
        self.search.setMinimumWidth(320)
        self.search.textChanged.connect(self._search_changed)
        top.addWidget(self.search, 2)
        show = QLabel(_("&Show"))
        self.filter = QComboBox()
        self.filter.setAccessibleName(_("Show"))
        for key in FILTERS:
            self.filter.addItem(filter_label(key), key)
        show.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        top.addSpacing(8)
        top.addWidget(show)
        top.addWidget(self.filter)
        top.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        if self.ctx.can(Perm.RESIDENTS_MANAGE):
            admit = self._button("admit", _("&Admit"), "", self.admit, primary=True,
                                 tip=_("Admit a resident or add an applicant (Ctrl+N)"))
            admit.setShortcut(QKeySequence("Ctrl+N"))  # the button's own, as its tip says
            top.addWidget(admit)
        if self.ctx.can(Perm.RESIDENTS_IMPORT) and self.ctx.can(Perm.RESIDENTS_MANAGE):
            top.addWidget(self._button("import", _("I&mport…"), "", self.import_csv,
                                       tip=_("Add residents from a spreadsheet (a CSV file)")))
        layout.addLayout(top)
        self.count = QLabel(_("Loading residents…"))
        self.count.setObjectName("Muted")
        self.count.setAccessibleName(_("Number of residents shown"))
        counts = QHBoxLayout()
        counts.addWidget(self.count)
        counts.addStretch(1)
        # Beside the count, not beside the buttons: at 1024 px the buttons need the row.
        hint = QLabel(_("Double-click a resident, or press Enter, to open their page."))
        hint.setObjectName("Muted")
        counts.addWidget(hint)
        layout.addLayout(counts)

        self.model = ResidentsModel(self)
        self.view = residents_view(self.model, lambda: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.empty = muted("")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_card = QFrame()  # keeps the table's place, so the page does not jump
        self.empty_card.setObjectName("Card")
        QVBoxLayout(self.empty_card).addWidget(self.empty)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.view)
        self.table_stack.addWidget(self.empty_card)
        layout.addWidget(self.table_stack, 1)

        layout.addLayout(self._actions())
        self._shortcut("Ctrl+F", self.focus_search)
        self._update_buttons()
        self._show_empty_or_table()

    def _actions(self) -> QHBoxLayout:  # the buttons under the table, for the selected one
        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addStretch(1)
        if self.ctx.can(Perm.RESIDENTS_MANAGE):
            actions.addWidget(self._button("edit", _("&Edit"), "edit", self.edit_selected,
                                           tip=_("Change their details")))
            actions.addWidget(self._button("move_in", _("Move &in"), "check", self.move_in_selected,
                                           tip=_("An applicant moves in today")))
            actions.addWidget(self._button("move_house", _("Mo&ve house"), "residents",
                                           self.move_selected, tip=_("Move to another house")))
        if self.ctx.can(Perm.RESIDENTS_PIN_RESET):
            actions.addWidget(self._button("reset_pin", _("Reset &PIN"), "lock", self.reset_pin_selected,
                                           tip=_("Give a temporary kiosk PIN")))
        if self.ctx.can(Perm.RESIDENTS_MANAGE):
            actions.addWidget(self._button("discharge", _("Move &out…"), "logout",
                                           self.discharge_selected, danger=True,
                                           tip=_("Record that they moved out")))
        return actions

    def _button(self, key: str, text: str, icon_name: str, fn: Any, **kw: Any) -> QPushButton:
        btn = button(text, icon_name, on_click=fn, **kw)
        self.buttons[key] = btn
        return btn

    def _shortcut(self, keys: str, fn: Any) -> None:
        # Parented to the list page: active only while the list is on screen.
        shortcut = QShortcut(QKeySequence(keys), self.list_page)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(fn)

    # -- loading ---------------------------------------------------------------------
    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation

        def apply(data: HouseResidents) -> None:
            if generation == self._generation:  # a newer load (another house) wins
                self._apply(data)

        self.load(ReadOp(load_house_residents, self.ctx.house_id), apply)

    def _apply(self, data: HouseResidents) -> None:
        keep = self._select_id or (self.selected().id if self.selected() else None)
        self._select_id = None
        self.data = data
        self.model.set_rows(data.rows)
        if keep is not None:
            self.select_resident(keep)
        self._after_filter()

    # -- filtering ---------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def filter_key(self) -> str:
        return str(self.filter.currentData())

    def _search_changed(self, text: str) -> None:
        self.model.set_filter(text=text)
        self._after_filter()

    def _filter_changed(self, _index: int) -> None:
        self.model.set_filter(statuses=FILTERS[self.filter_key()])
        self._after_filter()

    def _after_filter(self) -> None:
        key = self.filter_key()
        total, shown = self.model.total(FILTERS[key]), self.model.rowCount()
        text = self.search.text().strip()
        if self.data is None:
            self.count.setText(_("Loading residents…"))
        elif text:
            self.count.setText(match_text(key, shown, total, text))
        else:
            self.count.setText(count_text(key, total))
        self._show_empty_or_table()
        self._update_buttons()

    def _show_empty_or_table(self) -> None:
        if self.model.rowCount() > 0:
            self.table_stack.setCurrentWidget(self.view)
            return
        self.empty.setText(empty_message(self.data is not None, self.search.text().strip(),
                                         self.filter_key(), "admit" in self.buttons))
        self.table_stack.setCurrentWidget(self.empty_card)

    # -- selection -----------------------------------------------------------------------
    def selected(self) -> ResidentRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_resident(self, resident_id: int) -> bool:
        row = self.model.row_of(resident_id)
        if row < 0:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _update_buttons(self) -> None:
        row = self.selected()
        status = row.status if row else None
        live = status in (ResidentStatus.ACTIVE, ResidentStatus.APPLICANT)
        others = bool(self.data and self.data.other_houses)
        rules = {
            "edit": row is not None and not self._fetching,
            "move_in": status == ResidentStatus.APPLICANT,
            "move_house": status == ResidentStatus.ACTIVE and others,
            "reset_pin": live,
            "discharge": live,
        }
        for key, enabled in rules.items():
            if key in self.buttons:
                self.buttons[key].setEnabled(enabled)
        if "move_house" in self.buttons:
            self.buttons["move_house"].setToolTip(
                _("Move to another house") if others or self.data is None
                else _("There is no other house to move to (add houses in Settings)."))

    # -- the resident page -------------------------------------------------------------------
    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_resident(row.id)

    def refresh_requested(self) -> None:
        """F5: the list, and the resident's page when that is what is shown."""
        self.refresh()
        if self.page is not None and self.stack.currentWidget() is self.page:
            self.page.reload()

    def open_resident(self, resident_id: int) -> None:
        """Show a resident's page (the main window calls this for the bus's open_resident)."""
        page = self._resident_page()
        if page is None:  # no page available: at least find them in the list
            self.show_list()
            self.select_resident(resident_id)
            return
        page.show_resident(resident_id)
        self.stack.setCurrentWidget(page)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _resident_page(self) -> Any:
        if self.page is None:
            try:
                from peerhouse.ui.manager.residents.page.page import ResidentPage
            except ModuleNotFoundError as exc:
                if exc.name != _PAGE_MODULE:
                    raise
                return None
            self.page = ResidentPage(self.ctx)
            self.page.back.connect(self.show_list)
            self.stack.addWidget(self.page)
        return self.page

    # -- actions ---------------------------------------------------------------------------
    def admit(self) -> QDialog | None:
        if self.data is None or "admit" not in self.buttons:
            return None
        data = self.data
        full = (data.house_name, data.capacity) if data.full else None
        dialog = ResidentFormDialog(self.ctx, data.phases, data.today, None, self, house_full=full,
                                    language=data.language)
        dialog.saved.connect(self._admitted)
        return self._open(dialog)

    def import_csv(self, path: Path | None = None) -> QDialog | None:
        """Choose a CSV file (unless given) and import it into this house."""
        if self.data is None or "import" not in self.buttons:
            return None
        dialog = open_import(self.ctx, self.data.house_name, self, path)
        if dialog is not None:
            self._remember(dialog)
            dialog.imported.connect(lambda _r: self._saved(None))
        return dialog

    def edit_selected(self) -> None:
        row, data = self.selected(), self.data
        if row is None or data is None or "edit" not in self.buttons or self._fetching:
            return
        self._fetching = True  # Edit stays disabled until the record is back
        self._update_buttons()

        def opened(found: tuple[Resident, str] | BaseException) -> None:
            self._fetching = False
            self._update_buttons()
            if isinstance(found, BaseException):
                return report_error(found, self)
            resident, language = found
            dialog = ResidentFormDialog(self.ctx, data.phases, data.today, resident, self,
                                        language=language)
            dialog.saved.connect(lambda _r: self._saved(row.id))
            self._open(dialog)

        # The full record (with manager-only notes) is an audited read: fetch it off-thread.
        notes = self.ctx.can(Perm.RESIDENTS_NOTES)
        run_op(self, ReadOp(resident_for_edit, row.id, audited=notes)).success(opened).failure(opened).run()

    def discharge_selected(self) -> QDialog | None:
        row = self.selected()
        if row is None or self.data is None or "discharge" not in self.buttons:
            return None
        dialog = resident_actions.DischargeDialog(self.ctx, row, self.data.today, self)
        dialog.saved.connect(lambda _r: self._saved(row.id))
        return self._open(dialog)

    def move_selected(self) -> QDialog | None:
        row = self.selected()
        if row is None or self.data is None or "move_house" not in self.buttons:
            return None
        dialog = resident_actions.MoveHouseDialog(self.ctx, row, self.data.other_houses, self.data.today, self)
        dialog.saved.connect(lambda _r: self._saved(None))
        return self._open(dialog)

    def reset_pin_selected(self) -> None:
        row = self.selected()
        if row is not None and "reset_pin" in self.buttons:
            resident_actions.reset_pin(self.ctx, row, self, on_shown=self._remember)

    def move_in_selected(self) -> None:
        row = self.selected()
        if row is None or row.status != ResidentStatus.APPLICANT or "move_in" not in self.buttons:
            return
        asked = _("{name} moves in today?").format(name=row.full_name)
        if not confirm(self, _("Move in"), asked, yes=_("Move in")):
            return
        run_op(self, WriteOp(residents.activate, row.id)).success(
            lambda _r: self._saved(row.id)).run()

    def _open(self, dialog: QDialog) -> QDialog:
        self._remember(dialog)
        dialog.open()
        return dialog

    def _remember(self, dialog: QDialog) -> None:
        self.dialog = dialog

    def _admitted(self, resident: object) -> None:
        if isinstance(resident, Resident) and resident.id is not None:
            key = "applicants" if resident.status == ResidentStatus.APPLICANT else "active"
            if resident.status not in FILTERS[self.filter_key()]:
                self.filter.setCurrentIndex(self.filter.findData(key))
            self._saved(resident.id)

    def _saved(self, resident_id: int | None) -> None:
        """Select `resident_id` when the list comes back (the write's change reloads it)."""
        self._select_id = resident_id
