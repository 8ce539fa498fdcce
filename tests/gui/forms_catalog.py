"""Every form of the app, built over a real house: each dialog class and dialog builder,
and each page that holds a form with inline messages (`FieldErrors`).

`FORMS` maps a name to a builder; `test_forms_catalog_is_complete` (test_forms.py) fails
when a form is added to the app without being added here, so the guards that walk every
form (messages clear when their field changes, text fields show their limit, the wheel
changes nothing it passes over) keep covering the whole app.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

import peerhouse.ui
from peerhouse.services import accounts, chores, houses, meetings, signouts
from peerhouse.services.chores import BoardCell
from peerhouse.services.timeline import MentorChoice
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.accountability import checkins as accountability_checkins
from peerhouse.ui.manager.accountability import dialogs as accountability_dialogs
from peerhouse.ui.manager.accountability import outside as accountability_outside
from peerhouse.ui.manager.accountability import signouts as accountability_signouts
from peerhouse.ui.manager.accountability.common import HouseData, load_house
from peerhouse.ui.manager.chores import dialogs as chores_dialogs
from peerhouse.ui.manager.meetings import dialogs as meetings_dialogs
from peerhouse.ui.manager.meetings.detail import MinutesPanel
from peerhouse.ui.manager.reports.pdf_panel import PdfPanel
from peerhouse.ui.manager.reports.section import ReportsSection
from peerhouse.ui.manager.residents import actions as resident_actions
from peerhouse.ui.manager.residents import form as resident_dialogs
from peerhouse.ui.manager.residents.page import dialogs as resident_page_dialogs
from peerhouse.ui.manager.residents.table import HouseResidents, load_house_residents
from peerhouse.ui.manager.settings import account_dialogs as settings_account_dialogs
from peerhouse.ui.manager.settings import house_dialogs as settings_house_dialogs
from peerhouse.ui.manager.settings import resources as settings_resources
from peerhouse.ui.manager.settings.audit import AuditTab
from peerhouse.ui.manager.settings.section import SettingsSection
from peerhouse.ui.session.recover_owner import RecoverOwnerDialog
from peerhouse.ui.session.setup_wizard import HousePage, OwnerPage
from peerhouse.ui.widgets.common import FieldErrors, SafeDialog

# The bases the dialogs share (each has its own message line, never shown on its own).
BASES = {"peerhouse.ui.widgets.common.SafeDialog",
         "peerhouse.ui.widgets.operation_dialog.OperationDialog",
         "peerhouse.ui.manager.accountability.common.HouseForm",
         "peerhouse.ui.manager.residents.actions.ResidentRowDialog"}


@dataclass
class Env:
    """A house with a resident out signed out, a chore, a meeting and a second house."""

    house: Any
    ctx: AppContext
    acc: HouseData
    res: HouseResidents
    meeting: Any
    out: signouts.OutNow
    parent: QWidget  # for the builders that need one (kept alive here)
    sections: list[QWidget]  # built for the forms they hold; deleted after the test


def make_env(house: Any) -> Env:
    from tests.gui.conftest import make_ctx

    ctx = make_ctx(house, house.owner, "olivia", "Olivia Owner")
    alex = house.admit("Alex", "Rivera", bed="1A")
    house.admit("Bo", "Diaz", bed="1B")
    houses.create_house(house.store, house.owner, houses.HouseRules(
        name="Oak House", capacity=6, timezone="America/Chicago"))
    chores.create_chore(house.store, house.manager, house.house_id,
                        chores.ChoreInput("Dishes", frequency="daily"))
    meeting = meetings.schedule(house.store, house.manager, house.house_id,
                                datetime.now(UTC) + timedelta(days=3), topic="House rules")
    signouts.sign_out(house.store, house.manager, alex.id, "Work")
    (out,) = signouts.who_is_out(house.store, house.manager, house.house_id)
    return Env(house, ctx, load_house(ctx),
               load_house_residents(house.store, house.owner, house.house_id), meeting, out,
               QWidget(), [])


def _section(env: Env, cls: type[QWidget]) -> QWidget:
    section = cls(env.ctx)
    env.sections.append(section)
    section.resize(1100, 760)
    section.show()
    return section


def _pdf_panel(env: Env) -> PdfPanel:
    panel = PdfPanel(env.ctx, "Nothing to show yet.")
    panel.password.show()  # as for a confidential report
    return panel


def _open_signout(env: Env) -> Any:
    return signouts.open_signout(env.house.store, env.house.manager, env.out.resident_id)


def _staff(env: Env) -> accounts.StaffView:
    views = accounts.list_accounts(env.house.store, env.house.owner)
    return next(v for v in views if v.username == "sam")


CELL = BoardCell(assignment_id=1, chore_id=1, chore="Dishes", area="Kitchen", status="pending")
CHOICES = [MentorChoice(None, 1, "Olivia Owner"), MentorChoice(2, None, "Bo Diaz")]

P = Callable[[Env], QWidget]
FORMS: dict[str, P] = {
    # Residents
    "manager.residents.form.ResidentFormDialog (admit)": lambda e: resident_dialogs.ResidentFormDialog(
        e.ctx, e.res.phases, e.res.today),
    "manager.residents.form.ResidentFormDialog (edit)": lambda e: resident_dialogs.ResidentFormDialog(
        e.ctx, e.res.phases, e.res.today, e.acc.residents[0]),
    "manager.residents.actions.DischargeDialog": lambda e: resident_actions.DischargeDialog(
        e.ctx, e.res.rows[0], e.res.today),
    "manager.residents.actions.MoveHouseDialog": lambda e: resident_actions.MoveHouseDialog(
        e.ctx, e.res.rows[0], e.res.other_houses, e.res.today),
    # The resident page
    "manager.residents.page.dialogs.goal_dialog": lambda e: resident_page_dialogs.goal_dialog(e.parent),
    "manager.residents.page.dialogs.step_dialog": lambda e: resident_page_dialogs.step_dialog(
        e.parent, "Find a job"),
    "manager.residents.page.dialogs.note_dialog": lambda e: resident_page_dialogs.note_dialog(
        e.parent, "Find a job"),
    "manager.residents.page.dialogs.mentor_dialog": lambda e: resident_page_dialogs.mentor_dialog(
        e.parent, CHOICES, (None, None)),
    "manager.residents.page.dialogs.session_dialog": lambda e: resident_page_dialogs.session_dialog(
        e.parent, CHOICES, (None, 1), "Olivia Owner", "America/Chicago"),
    "manager.residents.page.dialogs.consent_dialog": lambda e: resident_page_dialogs.consent_dialog(
        e.parent, e.acc.today),
    # Meetings
    "manager.meetings.dialogs.MeetingDialog": lambda e: meetings_dialogs.MeetingDialog(e.ctx, e.acc.tz),
    "manager.meetings.dialogs.CancelMeetingDialog": lambda e: meetings_dialogs.CancelMeetingDialog(
        e.ctx, e.acc.tz, e.meeting, 2),
    "manager.meetings.detail.MinutesPanel": lambda e: MinutesPanel(e.ctx),
    # Chores
    "manager.chores.dialogs.ChoreDialog": lambda e: chores_dialogs.ChoreDialog(
        e.ctx, [(r.id, r.first_name) for r in e.acc.active]),
    "manager.chores.dialogs.ChoreNoteDialog": lambda e: chores_dialogs.ChoreNoteDialog(
        e.ctx, "excuse", CELL, "Alex R.", e.acc.today),
    # Accountability
    "manager.accountability.dialogs.ScreenDialog": lambda e: accountability_dialogs.ScreenDialog(
        e.ctx, e.acc),
    "manager.accountability.dialogs.IncidentDialog": lambda e: accountability_dialogs.IncidentDialog(
        e.ctx, e.acc),
    "manager.accountability.checkins.CheckInDialog": lambda e: accountability_checkins.CheckInDialog(
        e.ctx, e.acc, e.acc.active[0].id, "Alex Rivera", e.acc.today, None),
    "manager.accountability.signouts.SignOutDialog": lambda e: accountability_signouts.SignOutDialog(
        e.ctx, e.acc, {e.out.resident_id}),
    "manager.accountability.signouts.SignInDialog": lambda e: accountability_signouts.SignInDialog(
        e.ctx, e.acc, e.out),
    "manager.accountability.signouts.CorrectSignOutDialog":
        lambda e: accountability_signouts.CorrectSignOutDialog(e.ctx, e.acc, _open_signout(e)),
    "manager.accountability.outside.OutsideMeetingDialog":
        lambda e: accountability_outside.OutsideMeetingDialog(e.ctx, e.acc, None),
    # Reports
    "manager.reports.form.ReportForm": lambda e: _section(e, ReportsSection).form,
    "manager.reports.pdf_panel.PdfPanel": _pdf_panel,
    # Settings
    "manager.settings.house.HouseTab": lambda e: _section(e, SettingsSection).house_tab,
    "manager.settings.audit.AuditTab": lambda e: AuditTab(e.ctx),
    "manager.settings.house_dialogs.PhaseDialog": lambda e: settings_house_dialogs.PhaseDialog(
        e.ctx, e.house.house_id, None, 4),
    "manager.settings.house_dialogs.AddHouseDialog": lambda e: settings_house_dialogs.AddHouseDialog(
        e.ctx, "America/Chicago"),
    "manager.settings.account_dialogs.AddAccountDialog":
        lambda e: settings_account_dialogs.AddAccountDialog(e.ctx),
    "manager.settings.account_dialogs.RoleDialog": lambda e: settings_account_dialogs.RoleDialog(
        e.ctx, _staff(e)),
    "manager.settings.account_dialogs.PasswordDialog":
        lambda e: settings_account_dialogs.PasswordDialog(e.ctx),
    "manager.settings.account_dialogs.TakeOverDialog":
        lambda e: settings_account_dialogs.TakeOverDialog(e.ctx, "olivia"),
    "manager.settings.resources.ResourceDialog": lambda e: settings_resources.ResourceDialog(
        e.ctx, "Maple House", None),
    # Signing in and setting up
    "session.recover_owner.RecoverOwnerDialog": lambda e: RecoverOwnerDialog(e.house.store, "olivia"),
    "session.setup_wizard.HousePage": lambda _e: HousePage(),
    "session.setup_wizard.OwnerPage": lambda e: OwnerPage(e.house.paths),
}


def form_kinds_in_app() -> set[str]:
    """'module.Class' of every dialog class and every widget with inline messages, and
    'module.function' of every dialog builder, as the keys of FORMS name them."""
    found: set[str] = set()
    for info in pkgutil.walk_packages(peerhouse.ui.__path__, "peerhouse.ui."):
        if info.name.startswith("peerhouse.ui.devtools"):
            continue
        module = importlib.import_module(info.name)
        short = info.name.removeprefix("peerhouse.ui.")
        for name, obj in vars(module).items():
            if getattr(obj, "__module__", None) != info.name:
                continue
            full = f"{info.name}.{name}"
            if inspect.isclass(obj) and full not in BASES and not issubclass(obj, FieldErrors):
                source = inspect.getsource(obj)
                if issubclass(obj, SafeDialog) or "FieldErrors(" in source \
                        or "FormErrors(" in source:
                    found.add(f"{short}.{name}")
            elif inspect.isfunction(obj) and name.endswith("_dialog") and \
                    "= form_dialog(" in inspect.getsource(obj):
                found.add(f"{short}.{name}")
    return found


@pytest.fixture
def forms_env(house, settle) -> Iterator[Env]:
    """One house for every form (a house each made the guards take a minute)."""
    made = make_env(house)
    yield made
    settle()
    for widget in [*made.sections, made.parent]:
        _dispose(widget)
    settle()


def each_form(env: Env, settle: Callable[[], None]) -> Iterator[tuple[str, QWidget]]:
    """Every form in turn, on screen and settled; each is closed before the next."""
    for name in sorted(FORMS):
        form = FORMS[name](env)
        own = form.parent() is None
        form.window().show()
        settle()
        try:
            yield name, form
        finally:
            settle()  # what the checks started (a filter's reload) ends first
            if own:
                _dispose(form)


def _dispose(widget: QWidget) -> None:
    """Closed and deleted now: no timer of its may fire in a later test."""
    if shiboken6.isValid(widget):
        widget.close()
    if shiboken6.isValid(widget):  # (a dialog may delete itself on close)
        widget.deleteLater()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
