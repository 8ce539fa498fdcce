"""Reports: choose a report, see it as it will print, then save it or print it.

The report is made off the UI thread through its service (which checks the role and
audits the read) and shown from memory; the preview, saving and printing never put a
copy in a temp folder. Staff see the house board only; managers and owners also the
confidential manager summary and resident progress reports (with a current consent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from peerhouse.app.changes import RecordKind
from peerhouse.app.ops import ReadOp
from peerhouse.app.reports import (
    PreparedReport,
    resident_report,
    weekly_board_report,
    weekly_manager_report,
)
from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.consent import Consent
from peerhouse.models.houses import House
from peerhouse.models.people import Resident
from peerhouse.services import consent, houses, residents
from peerhouse.services.clock import local_day, now, week_start
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.reports.form import ReportForm
from peerhouse.ui.manager.reports.pdf_panel import PdfPanel
from peerhouse.ui.manager.section import Section, page_layout
from peerhouse.ui.workers import run_task

EMPTY = ("Choose a report on the left and press “Show preview”.\n\nThe report appears here as "
         "it will print; then save it as a PDF or print it.")
CHANGED = ("The choices on the left changed, so the preview was cleared.\n\nPress “Show "
           "preview” to make the report as it is chosen now.")
LATE = "The choices changed while the report was being made: it was not shown."


@dataclass(frozen=True)
class Houses:
    houses: list[House]
    today: date
    week: date


def report_houses(u: Unit, wanted: int | None) -> Houses:
    """Every house, with today and this week in house `wanted` (else the first)."""
    found = houses.list_houses(u)
    house = next((h for h in found if h.id == wanted), found[0] if found else None)
    today = local_day(now(), house.timezone if house else "UTC")
    return Houses(found, today, week_start(today))


def report_residents(u: Unit, house_id: int) -> list[Resident]:
    """Who a progress report may be about: the house's residents but applicants, those
    living there first, by last name."""
    people = residents.list_residents(u, house_id=house_id, status=None)
    people = [r for r in people if r.status != "applicant"]
    return sorted(people, key=lambda r: (r.status != "active", r.last_name.casefold(),
                                         r.first_name.casefold()))


def current_consents(u: Unit, resident_id: int, today: date) -> list[Consent]:
    """The resident's consents in force on `today` (an audited read)."""
    return [c for c in consent.consents_for(u, resident_id) if consent.is_current(c, today)]


class ReportsSection(Section):
    key = "reports"
    title = lazy("Reports")
    icon_name = "reports"
    permission = Perm.REPORTS_BOARD
    watches = (RecordKind.HOUSES, RecordKind.RESIDENTS, RecordKind.CONSENTS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.houses: list[House] = []
        # What the shown preview, and the report being made, were made for (`_choice`):
        # a preview never outlives its options, or a confidential summary could be
        # printed while the form says "House board (public)".
        self._shown: tuple[object, ...] | None = None
        self._asked: tuple[object, ...] | None = None
        layout = page_layout(self, "Reports", "Print the weekly house board and manager "
                                              "summary, and progress reports a resident has "
                                              "agreed to in writing.")
        self.form = ReportForm(ctx)
        self.panel = PdfPanel(ctx, EMPTY)
        row = QHBoxLayout()
        row.setSpacing(16)
        # In a column over a stretch, not aligned to the top: an aligned form got its
        # preferred height for another width, which cut off its wrapped text and buttons.
        column = QVBoxLayout()
        column.addWidget(self.form)
        column.addStretch(1)
        row.addLayout(column)
        row.addWidget(self.panel, 1)
        layout.addLayout(row, 1)
        self.form.house_picked.connect(self._house_picked)
        self.form.kind_picked.connect(lambda _k: self._load_residents())
        self.form.resident_picked.connect(self._load_consents)
        self.form.preview_requested.connect(self.preview)
        self.form.options_changed.connect(self._check_preview)

    # -- loading the choices -------------------------------------------------------------
    def refresh(self) -> None:
        self.load(ReadOp(report_houses, self.form.house_id() or self.ctx.house_id),
                  self._fill_houses)

    def _fill_houses(self, result: Houses) -> None:
        self.houses = result.houses
        self.form.set_houses(result.houses, self.form.house_id() or self.ctx.house_id)
        self.form.set_today(result.today, result.week)
        self._check_preview()  # the paper size, or the week of a new day, may have changed
        self._load_residents()

    def _house_picked(self, house_id: int) -> None:
        house = next((h for h in self.houses if h.id == house_id), None)
        if house is not None:
            today = local_day(now(), house.timezone)
            self.form.set_today(today, week_start(today))
        self._check_preview()
        self._load_residents()

    # -- the preview and its options -----------------------------------------------------
    def _choice(self) -> tuple[object, ...]:
        house = next((h for h in self.houses if h.id == self.form.house_id()), None)
        return (*self.form.choice(), house.paper_size if house else None)

    def _check_preview(self) -> None:
        """Clear a preview (and turn Print… and Save as… off) once the options differ from
        those it was made for."""
        if self.panel.report is not None and self._choice() != self._shown:
            self._shown = None
            self.panel.clear(CHANGED)

    def _load_residents(self) -> None:
        house_id = self.form.house_id()
        if self.form.kind_key != "resident" or house_id is None:
            return
        self.load(ReadOp(report_residents, house_id), self.form.set_residents)

    def _load_consents(self, resident_id: int) -> None:
        self.load(ReadOp(current_consents, resident_id, self.form.today, audited=True),
                  lambda found: self.form.set_consents(resident_id, found))

    # -- making the report -----------------------------------------------------------------
    def preview(self) -> None:
        if self.panel.working or not self.form.preview_button.isEnabled():
            return
        self.form.errors.clear()
        store, actor, form = self.ctx.store, self.ctx.actor, self.form
        kind, house_id = form.kind_key, form.house_id()
        assert house_id is not None
        args: tuple[Any, ...]
        if kind == "resident":
            rid, cid = form.resident_id(), form.consent_id()
            first, last = form.span()
            job, args = resident_report, (store, actor, rid, cid, first, last, form.sections())
        elif kind == "weekly_manager":
            job, args = weekly_manager_report, (store, actor, house_id, form.week_start())
        else:
            job, args = weekly_board_report, (store, actor, house_id, form.week_start())
        form.preview_button.setEnabled(False)
        asked = self._asked = self._choice()
        self.panel.set_busy(True, "Preparing the report…")
        # Made for options no longer chosen: dropped, and said so (`_late`).
        run_task(job, *args, on_success=self._show, on_failure=self._failed, owner=self,
                 wanted=lambda: asked == self._choice(), on_dropped=self._late)

    def _show(self, report: PreparedReport) -> None:
        self.form.preview_button.setEnabled(True)
        self.panel.set_busy(False)
        self._shown = self._asked
        self.panel.show_report(report)

    def _late(self) -> None:
        self.form.preview_button.setEnabled(True)
        self.panel.set_busy(False)
        self._shown = None
        self.panel.clear(CHANGED)
        self.panel.status.setText(LATE)

    def _failed(self, exc: BaseException) -> None:
        self.form.preview_button.setEnabled(True)
        self.panel.set_busy(False)
        if isinstance(exc, ValidationError):
            self.form.errors.show(exc)
        elif isinstance(exc, PermissionDenied):  # a consent no longer current, say
            self.form.error.setText(str(exc))
            self.form.error.show()
            if self.form.kind_key == "resident" and self.form.resident_id() is not None:
                self._load_consents(self.form.resident_id())  # type: ignore[arg-type]
        else:
            report_error(exc, self)
