"""The Consents tab: every disclosure consent the resident signed, with the parts of a
progress report it covers and where it stands today (current, expired, revoked),
recording a new one and revoking one (asked first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import WriteOp
from peerhouse.i18n import _
from peerhouse.models.consent import Consent
from peerhouse.services import consent as consent_svc
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.manager.reports.parts import short_parts_text
from peerhouse.ui.manager.residents.page.dialogs import consent_dialog, value_of
from peerhouse.ui.manager.residents.page.tab import ResidentTab, fmt_day
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import button, confirm, make_table, muted, selected_row
from peerhouse.ui.widgets.operation_dialog import OperationDialog


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    state: str  # a consent_svc.ConsentState value, worked out off the UI thread

    @property
    def state_text(self) -> str:
        c = self.consent
        if self.state == consent_svc.ConsentState.REVOKED and c.revoked_on:
            return _("Revoked on {day}").format(day=fmt_day(c.revoked_on))
        if self.state == consent_svc.ConsentState.EXPIRED:
            return _("Expired on {day}").format(day=fmt_day(c.expires_on))
        if self.state == consent_svc.ConsentState.NOT_YET_SIGNED:
            return _("Starts {day}").format(day=fmt_day(c.signed_on))
        return _("Current")

    @property
    def parts_text(self) -> str:
        """What the consent covers, short ('Attendance, screens'): the tooltip has it in full."""
        return short_parts_text(self.consent.part_keys) or _("None recorded: record it again")

    @property
    def parts_tip(self) -> str:
        keys = self.consent.part_keys
        if not keys:
            return _("Recorded before PeerHouse kept the parts a resident agrees to share: it "
                     "covers no progress report. Record the consent again with the parts "
                     "checked.")
        return _("A progress report may hold: {parts}.").format(
            parts=consent_svc.part_words(keys))


def load_consents(u: Unit, resident_id: int, today: date) -> list[ConsentRow]:
    """The resident's consents and their state on `today` (an audited read)."""
    rows = consent_svc.consents_for(u, resident_id)
    return [ConsentRow(c, str(consent_svc.consent_state(c, today))) for c in rows]


def columns() -> list[Column[ConsentRow]]:
    """The table's columns, titled in the current language."""
    return [
        Column(_("Recipient"), lambda r: r.consent.recipient,
               tooltip=lambda r: r.consent.recipient),
        Column(_("Purpose"), lambda r: r.consent.purpose, tooltip=lambda r: r.consent.purpose),
        Column(_("What may be shared"), lambda r: r.consent.information,
               tooltip=lambda r: r.consent.information),
        Column(_("Report parts"), lambda r: r.parts_text, tooltip=lambda r: r.parts_tip),
        Column(_("Signed"), lambda r: fmt_day(r.consent.signed_on),
               sort=lambda r: r.consent.signed_on),
        Column(_("Expires"), lambda r: fmt_day(r.consent.expires_on),
               sort=lambda r: r.consent.expires_on),
        Column(_("State"), lambda r: r.state_text),
    ]


class ConsentsTab(ResidentTab):
    permission = Perm.CONSENTS_READ
    watches = (RecordKind.CONSENTS,)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        manage = ctx.can(Perm.CONSENTS_MANAGE)
        layout = self.column()
        layout.addWidget(muted(_("Nothing about a resident is shared outside the house "
                                 "without a current, signed consent naming the recipient. A "
                                 "revoked consent stays on record.")))
        bar = QHBoxLayout()
        self.record_button = button(_("&Record consent…"), primary=True,
                                    on_click=self.record_consent)
        self.revoke_button = button(_("Re&voke…"), danger=True, on_click=self.revoke_selected,
                                    tip=_("The resident withdrew this consent"))
        # The theme's danger colour would otherwise hide that the button is disabled.
        self.revoke_button.setStyleSheet("QPushButton:disabled { color: #b7a9a9; "
                                         "border-color: #e4d9d9; }")
        for b in (self.record_button, self.revoke_button):
            b.setVisible(manage)
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model: RowsModel[ConsentRow] = RowsModel(columns(), self)
        self.view, self.proxy = make_table(self.model)
        self.view.setAccessibleName(_("Consents"))
        for col, width in ((0, 170), (1, 150), (2, 190), (3, 160), (4, 95), (5, 95)):
            self.view.setColumnWidth(col, width)
        # A consent's terms are read in full: a few rows, each as tall as its words.
        self.view.setWordWrap(True)
        self.view.horizontalHeader().sectionResized.connect(lambda *_a: self._fit_rows())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.body = self.add_body(layout, self.view)
        self._update_buttons()

    def clear(self) -> None:
        self.model.set_rows([])
        self._update_buttons()

    def refresh(self) -> None:
        if self.profile is not None:
            self.fetch_resident(load_consents, self.profile.today, apply=self._show,
                                audited=True)

    def _show(self, rows: list[ConsentRow]) -> None:
        self.model.set_rows(rows)
        self.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self._fit_rows()
        self.body.set_empty("" if rows else _("No consents on record. Nothing about this "
                                              "resident may be shared outside the house until "
                                              "they sign one."))
        self._update_buttons()

    def _fit_rows(self) -> None:
        """Each row as tall as its longest text, with the breathing room of other tables."""
        self.view.resizeRowsToContents()
        for row in range(self.proxy.rowCount()):
            self.view.setRowHeight(row, max(30, self.view.rowHeight(row) + 10))

    def selected(self) -> ConsentRow | None:
        row = selected_row(self.view, self.proxy)
        return row if isinstance(row, ConsentRow) else None

    def _update_buttons(self) -> None:
        row = self.selected()
        self.revoke_button.setEnabled(row is not None and row.consent.revoked_on is None)

    # -- changes -----------------------------------------------------------------------
    def record_consent(self) -> OperationDialog | None:
        if self.profile is None:
            return None
        return self.open_form(consent_dialog(self, self.profile.today), self._save)

    def _save(self, d: OperationDialog) -> None:
        f = d.fields
        self.save(WriteOp(consent_svc.record_consent, self.resident_id,
                          recipient=value_of(f["recipient"]), purpose=value_of(f["purpose"]),
                          information=value_of(f["information to share"]),
                          parts=value_of(f["parts"]), signed_on=value_of(f["signed on"]),
                          expires_on=value_of(f["expires on"])), dialog=d)

    def revoke_selected(self) -> None:
        row = self.selected()
        if row is None or row.consent.revoked_on is not None:
            return
        c = row.consent
        if confirm(self, _("Revoke consent"),
                   _("Record that the resident withdrew their consent for {recipient}?\n\n"
                     "From today nothing more may be shared with them. This cannot be undone; "
                     "a new consent can be recorded if they sign again.").format(
                       recipient=c.recipient), yes=_("Revoke consent")):
            self.save(WriteOp(consent_svc.revoke_consent, c.id))

