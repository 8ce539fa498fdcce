"""The Sign-outs & curfew tab: who is out now, signing someone out or back in on their
behalf, correcting a sign-out, and missed curfews for a chosen week.

Missed curfews are worked out from sign-outs, never stored, so correcting a sign-out
(a wrong time back, say) corrects the missed curfew with it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.errors import NotFound
from peerhouse.i18n import _, lazy, ngettext, pgettext
from peerhouse.models.accountability import SignOut
from peerhouse.services import signouts
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import now
from peerhouse.services.curfew import CurfewMiss
from peerhouse.services.signouts import OutNow
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.formats import short_day
from peerhouse.ui.manager.accountability.common import (
    HouseData,
    HouseForm,
    HouseTimeEdit,
    Tab,
    TintedRows,
    button_row,
    chosen_resident,
    fmt_when,
    heading,
    house_read,
    picked,
    resident_box,
    same_minute,
)
from peerhouse.ui.manager.accountability.pickers import WeekPicker
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import button


def missed_signout(u: Unit, miss: CurfewMiss) -> SignOut | None:
    """The sign-out a missed curfew was found in (None once it is gone)."""
    rows = signouts.signouts_for_resident(u, miss.resident_id, miss.night - timedelta(days=1),
                                          miss.night + timedelta(days=2))
    return next((r for r in rows if r.id == miss.signout_id), None)


class SignOutsTab(Tab[Any]):
    # Translators: a tab title; "&&" shows one "&".
    title = lazy("Sign-outs && curfew")

    def __init__(self, section: Any) -> None:
        super().__init__(section)
        layout = self.box
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(heading(_("Out right now")))
        self.out_summary = QLabel()
        self.out_summary.setObjectName("Muted")
        top.addWidget(self.out_summary, 1)
        layout.addLayout(top)
        self.out_model = TintedRows([
            Column(_("Resident"), lambda r: self.name(r.resident_id)),
            Column(_("Where"), lambda r: r.destination),
            Column(_("Out since"), lambda r: fmt_when(r.out_at, self.tz(), self.today()),
                   sort=lambda r: r.out_at.timestamp()),
            Column(_("Expected back"), lambda r: fmt_when(r.expected_back_at, self.tz(),
                                                          self.today())
                   or _("Not given"), sort=lambda r: r.expected_back_at.timestamp()
                   if r.expected_back_at else 0.0),
            Column("", lambda r: _("Overdue") if r.overdue else ""),
        ], lambda r: bool(r.overdue))
        self.out_view, self.out_proxy, self.out_pane = self.table(
            self.out_model, _("Residents out right now"), sort=2, stretch=(1,),
            on_select=self._update_buttons, on_open=self.open_sign_in_dialog)
        layout.addWidget(self.out_pane, 3)
        self.in_btn = button(_("Signed back &in…"), "check", on_click=self.open_sign_in_dialog)
        self.fix_out_btn = button(_("Co&rrect…"), "edit", on_click=self.correct_out_now,
                                  tip=_("Fix the destination or times of this sign-out"))
        layout.addLayout(button_row(
            button(_("Sign someone &out…"), "logout", primary=True,
                   on_click=self.open_sign_out_dialog), self.in_btn, self.fix_out_btn))

        layout.addSpacing(10)
        top2 = QHBoxLayout()
        top2.addWidget(heading(_("Missed curfews")))
        top2.addStretch(1)
        self.week = self.picker = WeekPicker()
        self.week.changed.connect(lambda _d: self._load_misses())
        top2.addWidget(self.week)
        layout.addLayout(top2)
        self.miss_model: RowsModel[CurfewMiss] = RowsModel([
            Column(_("Night"), lambda m: short_day(m.night), sort=lambda m: m.night.toordinal()),
            Column(_("Resident"), lambda m: self.name(m.resident_id)),
            Column(_("Curfew"), lambda m: fmt_when(m.curfew_at, self.tz()),
                   sort=lambda m: m.curfew_at.timestamp()),
            Column(_("Back in"), lambda m: fmt_when(m.back_at, self.tz()) if m.back_at
                   else _("Still out"), sort=lambda m: m.back_at.timestamp() if m.back_at else 9e12),
        ])
        self.miss_view, self.miss_proxy, self.miss_pane = self.table(
            self.miss_model, _("Missed curfews"), stretch=(1,), on_select=self._update_buttons,
            on_open=self.correct_miss)
        layout.addWidget(self.miss_pane, 2)
        self.fix_miss_btn = button(_("Correct this &sign-out…"), "edit",
                                   on_click=self.correct_miss,
                                   tip=_("If the times were entered wrongly, fix the sign-out"))
        layout.addLayout(button_row(self.fix_miss_btn))
        self.out_rows: list[OutNow] = []
        self._update_buttons()

    # -- loading -------------------------------------------------------------------
    def reload(self) -> None:
        self.load(house_read(self.ctx, signouts.who_is_out), self._show_out)
        self._load_misses()

    def _load_misses(self) -> None:
        self.load_picked(lambda start: house_read(self.ctx, signouts.curfew_misses_for_house,
                                                  start, start + timedelta(days=7)),
                         self._show_misses)

    def _show_out(self, rows: list[OutNow]) -> None:
        self.out_rows = rows
        self.out_model.set_rows(rows)
        overdue = sum(r.overdue for r in rows)
        text = ngettext("{n} resident is out", "{n} residents are out", len(rows)).format(
            n=len(rows)) if rows else ""
        if rows and overdue:
            text += " · " + ngettext("{n} past their expected time back",
                                     "{n} past their expected time back", overdue
                                     ).format(n=overdue)
        self.out_summary.setText(text)
        self.out_pane.show_rows(len(rows), _("Everyone is in the house right now."))
        self._update_buttons()

    def _show_misses(self, _start: Any, rows: list[CurfewMiss]) -> None:
        self.miss_model.set_rows(rows)
        self.miss_pane.show_rows(len(rows), _("No missed curfews this week."))
        self._update_buttons()

    # -- actions -------------------------------------------------------------------
    def selected_out(self) -> OutNow | None:
        return picked(self.out_view, self.out_proxy, OutNow)

    def selected_miss(self) -> CurfewMiss | None:
        return picked(self.miss_view, self.miss_proxy, CurfewMiss)

    def _update_buttons(self) -> None:
        has_out = self.selected_out() is not None
        self.in_btn.setEnabled(has_out)
        self.fix_out_btn.setEnabled(has_out)
        self.fix_miss_btn.setEnabled(self.selected_miss() is not None)

    def open_sign_out_dialog(self) -> SignOutDialog | None:
        out = {r.resident_id for r in self.out_rows}
        return self.open_form(lambda house: SignOutDialog(self.ctx, house, out, self))

    def open_sign_in_dialog(self) -> SignInDialog | None:
        row = self.selected_out()
        if row is None:
            return None
        return self.open_form(lambda house: SignInDialog(self.ctx, house, row, self))

    def correct_out_now(self) -> None:
        row = self.selected_out()
        if row is not None:
            self.load(ReadOp(signouts.open_signout, row.resident_id), self._open_correct)

    def correct_miss(self) -> None:
        miss = self.selected_miss()
        if miss is None:
            return
        self.load(ReadOp(missed_signout, miss), self._open_correct)

    def _open_correct(self, row: SignOut | None) -> None:
        if row is None or self.house is None:
            report_error(NotFound(lazy("That sign-out no longer exists.")), self)
            return
        self.show_dialog(CorrectSignOutDialog(self.ctx, self.house, row, self))


class SignOutDialog(HouseForm):
    """Sign a resident out on their behalf (e.g. they forgot at the kiosk)."""

    def __init__(self, ctx: AppContext, house: HouseData, already_out: set[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Sign a resident out"), pgettext("resident leaves", "Sign out"),
                         parent)
        self.resident = resident_box([r for r in house.active if r.id not in already_out])
        self.add_field(_("&Resident:"), self.resident, "resident", "sign-out")
        self.destination = self.add_line(_("&Destination:"), "destination", limits.LINE,
                                         _("Where they are going, e.g. work, NA meeting, family"))
        self.when = self.add_time(_("&Time out:"), house.tz, "time out")
        self.has_expected = QCheckBox(_("Expected back at"))
        self.has_expected.setAccessibleName(_("Give an expected time back"))
        self.expected = HouseTimeEdit(house.tz)
        self.expected.set_value(now() + timedelta(hours=2))
        self.expected.setEnabled(False)
        self.has_expected.toggled.connect(self.expected.setEnabled)
        self.form.addRow(self.has_expected, self.expected)
        self.expected.setAccessibleName(_("Expected back"))
        self.errors.fields["expected back"] = self.expected

    def operation(self) -> Any:
        rid = chosen_resident(self.resident, lazy(
            "{field} cannot be chosen: everyone living in the house is already out."))
        expected = self.expected.value() if self.has_expected.isChecked() else None
        return WriteOp(signouts.sign_out, int(rid),
                       self.destination.text(), expected, at=self.when.at_or_none())


class SignInDialog(HouseForm):
    """A resident is back: record the time they came in (now, unless told otherwise)."""

    def __init__(self, ctx: AppContext, house: HouseData, row: OutNow,
                 parent: QWidget | None = None) -> None:
        name = house.name(row.resident_id)
        super().__init__(ctx, _("{name} is back").format(name=name),
                         pgettext("resident is back", "Sign in"), parent)
        self.resident_id = row.resident_id
        info = QLabel(_("{name} went out {when} ({destination}).").format(
            name=name, when=fmt_when(row.out_at, house.tz, house.today),
            destination=row.destination))
        info.setWordWrap(True)
        self.form.addRow(info)
        self.when = self.add_time(_("&Time back:"), house.tz, "time back", "sign-in")

    def operation(self) -> Any:
        return WriteOp(signouts.sign_in, self.resident_id,
                       at=self.when.at_or_none())


class CorrectSignOutDialog(HouseForm):
    """Fix a sign-out's destination or times; only what changed is saved (and audited)."""

    def __init__(self, ctx: AppContext, house: HouseData, row: SignOut,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Correct {name}'s sign-out").format(
            name=house.name(row.resident_id)), parent=parent)
        self.row = row
        self.destination = self.add_line(_("&Destination:"), "destination", limits.LINE,
                                         text=row.destination)
        self.out_at = self.add_time(_("&Time out:"), house.tz, "time out")
        self.out_at.set_value(row.out_at)
        self.has_expected, self.expected = self._optional(
            house, _("Expected back at"), row.expected_back_at, "expected back")
        self.is_back, self.back = self._optional(house, _("Time back in"), row.back_at,
                                                 "time back")

    def _optional(self, house: HouseData, text: str, value: Any,
                  field: str) -> tuple[QCheckBox, HouseTimeEdit]:
        box, edit = QCheckBox(text), HouseTimeEdit(house.tz)
        box.setChecked(value is not None)
        if value is not None:
            edit.set_value(value)
        edit.setEnabled(value is not None)
        box.toggled.connect(edit.setEnabled)
        edit.setAccessibleName(text)
        self.form.addRow(box, edit)
        self.errors.fields[field] = edit
        return box, edit

    def changes(self) -> dict[str, Any]:
        row, out = self.row, dict[str, Any]()
        if self.destination.text().strip() != row.destination:
            out["destination"] = self.destination.text()
        for key, value, old in (
            ("out_at", self.out_at.value(), row.out_at),
            ("expected_back_at", self.expected.value() if self.has_expected.isChecked() else None,
             row.expected_back_at),
            ("back_at", self.back.value() if self.is_back.isChecked() else None, row.back_at),
        ):
            if not same_minute(value, old):
                out[key] = value
        return out

    def operation(self) -> Any:
        changes = self.changes()
        assert self.row.id is not None
        if not changes:
            return lambda: None  # nothing to correct: close without writing
        return WriteOp(signouts.correct_signout, self.row.id,
                       changes)
