"""The Audit log tab (owner only): every login, change, export and report, newest first,
with filters, and a check that the log has not been altered since it was written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from peerhouse.app.ops import ReadOp
from peerhouse.errors import ValidationError
from peerhouse.i18n import _, lazy, ngettext
from peerhouse.models.audit_actions import action_text, entity_text, who_text
from peerhouse.services import accounts, audit_trail, houses
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import local_midnight
from peerhouse.services.integrity import CheckReport, check_records
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.settings.forms import fit_columns, local_text
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.access import clear_button
from peerhouse.ui.widgets.common import FieldErrors, button, make_table, muted
from peerhouse.ui.widgets.dates import DateEdit
from peerhouse.ui.widgets.limits import limited_line
from peerhouse.ui.widgets.pages import tab_layout
from peerhouse.ui.widgets.styled import note_label
from peerhouse.ui.workers import run_task

LIMIT = 500
# (label, action prefix) in the order a manager thinks of them.
KNOWN_PREFIXES: tuple[tuple[object, str], ...] = (
    (lazy("All actions"), ""),
    (lazy("Staff logins"), "login."),
    (lazy("Kiosk logins"), "kiosk."),
    (lazy("Staff accounts"), "account."),
    (lazy("Keys and recovery code"), "keys."),
    (lazy("House rules"), "house."),
    (lazy("Phases"), "phase."),
    (lazy("Settings"), "setting."),
    (lazy("Residents"), "resident."),
    (lazy("Resident import and export"), "residents."),
    (lazy("Check-ins"), "checkin."),
    (lazy("Sign-outs"), "signout."),
    (lazy("Outside meetings"), "outside_meeting."),
    (lazy("House meetings"), "meeting."),
    (lazy("Chores"), "chore."),
    (lazy("Screens"), "screen."),
    (lazy("Incidents"), "incident."),
    (lazy("Goals"), "goal."),
    (lazy("Peer mentoring"), "mentor."),
    (lazy("Consents"), "consent."),
    (lazy("Resources directory"), "resource."),
    (lazy("Reports"), "report."),
    (lazy("Backups"), "backup."),
    (lazy("Demo data"), "demo."),
    (lazy("Database"), "database."),
    (lazy("Languages"), "language."),
    (lazy("Records file"), "records."),
    (lazy("Timeline reads"), "timeline."),
)
PERIODS: tuple[tuple[object, int | None], ...] = (
    (lazy("Last 7 days"), 7), (lazy("Last 30 days"), 30), (lazy("Last 90 days"), 90),
    (lazy("Last year"), 365), (lazy("All time"), None), (lazy("Chosen dates"), -1),
)
_ACTOR_ID = re.compile(r"^(staff|resident):\d+$")
EARLIEST = QDate(2000, 1, 1)


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    at_text: str
    who: str  # 'Olivia Owner'
    who_code: str  # 'olivia (staff:1)', in the tooltip
    actor: str
    action: str
    entity: str
    entity_id: str
    details: str


def in_the_log(code: str) -> str:
    """A tooltip with the code the log stores (what the Who box also accepts)."""
    return _("In the log as: {code}").format(code=code)


@dataclass(frozen=True)
class Query:
    prefix: str
    who: str
    since: date | None
    until: date


def fetch_events(u: Unit, house_id: int, q: Query) -> list[AuditRow]:
    """Resolve 'who', turn house-local dates into UTC, list events (in one read)."""
    tz = houses.get_house(u, house_id).timezone
    staff = accounts.list_accounts(u)
    names = {f"staff:{a.id}": a.display_name or a.username for a in staff}
    usernames = {f"staff:{a.id}": a.username for a in staff}
    who = q.who.strip().casefold()
    if who in ("peerhouse", "system"):
        who = "system"
    elif who and not _ACTOR_ID.match(who):
        # A username or the name the log shows ("olivia" or "Olivia Owner").
        match = [key for key in names if who in (usernames[key], names[key].casefold())]
        if not match:
            raise ValidationError("who", lazy(
                "No staff account is called '{name}'. Type a name or username, 'PeerHouse', or "
                "resident:ID.", name=q.who.strip()))
        who = match[0]
    flt = audit_trail.AuditFilter(
        action_prefix=q.prefix, actor=who, limit=LIMIT,
        since=local_midnight(q.since, tz) if q.since else None,
        until=local_midnight(q.until + timedelta(days=1), tz))
    return [AuditRow(e.seq, e.at, local_text(e.at, tz), who_text(e.actor, names),
                     f"{usernames[e.actor]} ({e.actor})" if e.actor in usernames else e.actor,
                     e.actor, e.action, e.entity, e.entity_id, e.details)
            for e in audit_trail.list_events(u, flt)]


def columns() -> list[Column[AuditRow]]:
    """The log's columns, in the current language."""
    return [
        Column("#", lambda r: str(r.seq), sort=lambda r: r.seq, align_right=True),
        Column(_("Time"), lambda r: r.at_text, sort=lambda r: r.seq),
        Column(_("Who"), lambda r: r.who, tooltip=lambda r: in_the_log(r.who_code)),
        Column(_("Action"), lambda r: str(action_text(r.action)),
               sort=lambda r: str(action_text(r.action)),
               tooltip=lambda r: _("{action}\nDetails: {details}").format(
                   action=r.action, details=r.details)),
        Column(_("Record"), lambda r: str(entity_text(r.entity)),
               tooltip=lambda r: in_the_log(r.entity)),
        Column(_("Id"), lambda r: r.entity_id),
    ]


class AuditTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        self.passed: bool | None = None  # the last "Verify chain" outcome
        layout = tab_layout(
            self, _("Every login, change, export, printed report and backup is written here, "
                    "newest first. Entries are never edited or removed; a correction is a new "
                    "entry. The log names records by number only."))

        filters = QHBoxLayout()
        self.action = QComboBox()
        for label, prefix in KNOWN_PREFIXES:
            self.action.addItem(str(label), prefix)
        # A name is never longer.
        self.who = limited_line(limits.FULL_NAME, _("name or username"))
        clear_button(self.who)
        self.who.setMinimumWidth(200)
        self.period = QComboBox()
        for label, days in PERIODS:
            self.period.addItem(str(label), days)
        self.period.setCurrentIndex(1)
        self.date_from, self.date_to = DateEdit(), DateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setMinimumDate(EARLIEST)
        self.date_from.setSpecialValueText(_("the start"))
        # Two rows: what and who, then when; one row would squeeze the fields at 1280 px.
        when = QHBoxLayout()
        for row, text, widget, name in (
                (filters, _("&Action:"), self.action, _("Action")),
                (filters, _("&Who:"), self.who, _("Who")),
                (when, _("&Period:"), self.period, _("Period")),
                (when, _("&From:"), self.date_from, _("From date")),
                (when, _("&To:"), self.date_to, _("To date"))):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            row.addWidget(label)
            row.addWidget(widget, 1 if widget is self.who else 0)
            row.addSpacing(8)
        when.addStretch(1)
        self.reset_btn = button(_("&Reset filters"), "refresh", on_click=self.reset_filters)
        when.addWidget(self.reset_btn)
        layout.addLayout(filters)
        layout.addLayout(when)
        error = QLabel()
        self.errors = FieldErrors({"who": self.who}, error)
        layout.addWidget(error)

        self.columns = columns()
        self.model: RowsModel[AuditRow] = RowsModel(self.columns, self)
        self.view, self.proxy = make_table(self.model)
        self.view.setAccessibleName(_("Audit log"))
        layout.addWidget(self.view, 1)

        bottom = QHBoxLayout()
        self.count = muted("")
        bottom.addWidget(self.count, 1)
        self.verify_btn = button(_("&Verify chain"), "check", on_click=self.verify,
                                 tip=_("Check the records file and that no log entry was "
                                       "changed"))
        bottom.addWidget(self.verify_btn)
        layout.addLayout(bottom)
        self.result = note_label("Banner", shown=False)
        layout.addWidget(self.result)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(350)
        self._debounce.timeout.connect(self.refresh)
        self.who.textChanged.connect(lambda _t: self._debounce.start())
        self.who.returnPressed.connect(self.refresh)
        self.action.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period.currentIndexChanged.connect(self._period_picked)
        self.date_from.dateChanged.connect(self._dates_edited)
        self.date_to.dateChanged.connect(self._dates_edited)
        self._apply_period()  # loads when first shown, not when built

    # -- filters ---------------------------------------------------------------
    def _set_dates(self, start: QDate, end: QDate) -> None:
        for edit, value in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(value)
            edit.blockSignals(False)

    def _period_picked(self, *_args: object) -> None:
        if self._apply_period():
            self.refresh()

    def _apply_period(self) -> bool:
        """Set the dates from the chosen period; False for 'Chosen dates'."""
        days = self.period.currentData()
        if days == -1:
            return False
        today = QDate.currentDate()
        self._set_dates(EARLIEST if days is None else today.addDays(-(days - 1)), today)
        return True

    def _dates_edited(self, *_args: object) -> None:
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(-1))
        self.period.blockSignals(False)
        self.refresh()

    def reset_filters(self) -> None:
        for w in (self.action, self.period, self.who):
            w.blockSignals(True)
        self.action.setCurrentIndex(0)
        self.who.clear()
        self.period.setCurrentIndex(1)
        for w in (self.action, self.period, self.who):
            w.blockSignals(False)
        self._period_picked()

    def query(self) -> Query:
        start = self.date_from.date()
        return Query(prefix=str(self.action.currentData() or ""), who=self.who.text(),
                     since=None if start == EARLIEST else start.toPython(),  # type: ignore[arg-type]
                     until=self.date_to.date().toPython())  # type: ignore[arg-type]

    # -- loading ---------------------------------------------------------------
    def refresh(self) -> None:
        self._debounce.stop()
        self._generation += 1
        gen = self._generation
        self.count.setText(_("Loading…"))
        run_op(self, ReadOp(fetch_events, self.ctx.house_id, self.query())).success(
            lambda rows: self._apply(gen, rows)).failure(lambda exc: self._failed(gen, exc)).run()

    def _apply(self, gen: int, rows: list[AuditRow]) -> None:
        if gen != self._generation:
            return  # a newer filter is on its way
        self.errors.clear()
        self.model.set_rows(rows)
        fit_columns(self.view, len(self.columns) - 1, descending=True)
        self._learn_prefixes(rows)
        if not rows:
            self.count.setText(_("No entries match these filters. Try a longer period or All "
                                 "actions."))
        elif len(rows) >= LIMIT:
            self.count.setText(_("Showing the newest {n} entries; narrow the filters to see "
                                 "older ones.").format(n=LIMIT))
        else:
            self.count.setText(ngettext("{n} entry.", "{n} entries.", len(rows)).format(
                n=len(rows)))

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen != self._generation:
            return
        self.count.setText("")
        if isinstance(exc, ValidationError):
            self.model.set_rows([])
            self.errors.show(exc)
        else:
            report_error(exc, self)

    def _learn_prefixes(self, rows: list[AuditRow]) -> None:
        """Actions added after this screen was written still get a filter entry."""
        known = {self.action.itemData(i) for i in range(self.action.count())}
        for prefix in sorted({r.action.split(".", 1)[0] + "." for r in rows} - known):
            self.action.addItem(prefix.rstrip(".").replace("_", " ").capitalize(), prefix)

    # -- verifying -------------------------------------------------------------
    def verify(self) -> None:
        self.verify_btn.setEnabled(False)
        self.result.setText(_("Checking the records file and the audit log…"))
        self.result.show()
        run_task(check_records, self.ctx.store, self.ctx.actor, on_success=self._verified,
                 on_failure=self._verify_failed)

    def _verified(self, report: CheckReport) -> None:
        self.verify_btn.setEnabled(True)
        details = "<br>".join(f"{'✓' if ok else '✗'} {name}: {detail}"
                              for name, ok, detail in report.lines)
        if report.ok:
            head = _("<b>Everything checks out.</b> The records file is sound, no audit log "
                     "entry has been changed, removed or reordered, and every record is as its "
                     "last audited change left it.")
        else:
            head = _("<b>A problem was found.</b> Do not delete anything. Make a copy of the "
                     "data folder, then restore the newest good backup or ask whoever supports "
                     "PeerHouse.")
        self.result.setText(f"{head}<br><span style='color:#5d6b6a'>{details}</span>")
        self.passed = report.ok

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_btn.setEnabled(True)
        self.result.hide()
        report_error(exc, self)
