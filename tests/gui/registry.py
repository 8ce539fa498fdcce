"""The one list of every window, dialog and form of the app, and how to build each over a
demo house: the guards that must cover all of them read it (Enter in every field,
shortcuts and mnemonics, accessible names and scaling walk `CASES`, the windows; the form
guards walk `FORMS`, each form with inline messages).

An `Entry` is a window (`window=True`: a top-level window or dialog the window guards open),
a form (`form` names the app's form kind it covers, as `form_kinds_in_app` in
tests/gui/every_window.py spells it), or both. Guards there fail when the app has a window
class or a form kind that no entry builds, so a new dialog cannot slip past them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QWidget

from peerhouse.app.ops import ReadOp
from peerhouse.services import chores, clock, meetings, signouts
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.accountability.common import HouseData, load_house
from tests.gui import window_builders as build
from tests.gui.every_window import (
    NOTHING,
    PRIMARY,
    help_states,
    import_states,
    kiosk_primary,
    kiosk_states,
    main_window_states,
    primary_button,
    wizard_states,
)
from tests.support.demo_db import DemoDB


@dataclass
class World:
    """A demo house and what the dialogs are opened on, loaded once per test module."""

    db: DemoDB
    house: HouseData
    tmp: Path
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def store(self):  # noqa: ANN201 - the Store
        return self.db.store

    @property
    def ctx(self) -> AppContext:
        """A fresh context (and bus) for each window, as each sign-in has its own."""
        return owner_ctx(self.db)


def owner_ctx(db: DemoDB) -> AppContext:
    return AppContext(db.paths, db.store, db.owner, "olivia", "Olivia Owner", db.house_id)


def make_world(db: DemoDB, tmp: Path) -> World:
    world = World(db, ReadOp(load_house, db.house_id).run(db.store, db.owner), tmp)
    house = world.house
    active = house.active
    # someone out right now (Sign in), a closed sign-out (Correct), a board cell (Excuse)
    out = signouts.who_is_out(db.store, db.owner, db.house_id)
    if not out:
        signouts.sign_out(db.store, db.owner, active[0].id, "Work",  # type: ignore[arg-type]
                          clock.now() + timedelta(hours=3))
        out = signouts.who_is_out(db.store, db.owner, db.house_id)
    world.extras["out"] = out[0]
    back = next(r for r in active if r.id not in {o.resident_id for o in out})
    days = (house.today - timedelta(days=30), house.today + timedelta(days=1))
    closed = [s for s in signouts.signouts_for_resident(db.store, db.owner, back.id, *days)
              if s.back_at is not None]
    assert closed, "the demo house has a closed sign-out"
    world.extras["signout"] = closed[-1]
    board = chores.week_board(db.store, db.owner, db.house_id, house.this_week())
    cells = [(row, day, cell) for row in board.rows
             for day, day_cells in zip(board.days, row.days, strict=True) for cell in day_cells]
    assert cells, "the demo house has chores this week"
    world.extras["cell"] = cells[0]
    upcoming = meetings.list_meetings(db.store, db.owner, db.house_id, clock.now(),
                                      clock.now() + timedelta(days=30))
    assert upcoming
    world.extras["meeting"] = upcoming[0]
    return world


@dataclass(frozen=True)
class Entry:
    """How to build one window or form. For a window: `enter` is what Enter in its fields
    should do (a dict: per field accessible name, "*" for the rest), `states` shows each
    state in turn, `primary` finds the button Enter presses where `primary_button` would
    not. For a form: `form` is the kind it covers and `pick` finds it in what was built."""

    name: str
    build: Callable[[World], QWidget]
    enter: dict[str, str] = field(default_factory=lambda: {"*": PRIMARY})
    states: Callable[[QWidget], Iterator[str]] | None = None
    primary: Callable[[QWidget], QAbstractButton | None] | None = None
    form: str | None = None
    pick: Callable[[QWidget], QWidget] | None = None
    window: bool = True

    def expected_button(self, window: QWidget, field_name: str) -> QAbstractButton | None:
        """The button Enter in the field named `field_name` should press (None: none)."""
        wanted = self.enter.get(field_name, self.enter.get("*", PRIMARY))
        if wanted == NOTHING:
            return None
        if wanted == PRIMARY:
            return (self.primary or primary_button)(window)
        named = [b for b in window.findChildren(QAbstractButton)
                 if b.isVisible() and b.text().replace("&", "") == wanted]
        assert len(named) == 1, f"no one button {wanted!r}"
        return named[0]

    def walk(self, window: QWidget) -> Iterator[str]:
        if self.states is None:
            yield self.name
            return
        for state in self.states(window):
            yield f"{self.name} / {state}"

    def form_in(self, built: QWidget) -> QWidget:
        """The form this entry covers, in the widget its builder made."""
        return built if self.pick is None else self.pick(built)


# The main window's forms that are part of a page (not a dialog): Enter saves them.
_HOUSE_RULES = ("House name", "Address", "Beds", "Time zone", "Curfew, Sun–Thu nights",
                "Curfew, Fri–Sat nights", "Week starts on", "Daily check-in",
                "Chores per resident", "Kiosk names", "Paper size",
                "Language of the house's papers",
                "Print the board and meeting papers in both languages")
_LOCK = ("Lock the manager window after", "Kiosk returns to its start screen after",
         "Kiosk thank-you screen stays for", "Kiosk text size",
         "Desktop notices when someone at the kiosk asks for attention")
MAIN_WINDOW_FORMS = {**dict.fromkeys(_HOUSE_RULES, "Save rules"),
                     **dict.fromkeys(_LOCK, "Save lock and kiosk settings")}

_M, _S = "manager.", "session."
ENTRIES: tuple[Entry, ...] = (
    Entry("sign-in", build.sign_in),
    Entry("lock screen", build.lock),
    Entry("unlock the records", build.unlock),
    Entry("unlock a backup", build.backup_unlock),
    Entry("restoring a backup", build.restore_progress),
    Entry("damaged records", build.damage),
    # The file reads fine but its newest changes were lost: keeping it is offered too.
    Entry("recent changes lost", build.changes_lost),
    Entry("set a new owner password", build.recover, form=f"{_S}recover_owner.RecoverOwnerDialog"),
    Entry("set-up wizard", build.wizard, states=wizard_states),
    Entry("set-up wizard: house page", build.house_page, window=False,
          form=f"{_S}setup_wizard.HousePage"),
    Entry("set-up wizard: owner page", build.owner_page, window=False,
          form=f"{_S}setup_wizard.OwnerPage"),
    Entry("main window", build.main, enter={"*": NOTHING, **MAIN_WINDOW_FORMS},
          states=main_window_states),
    # A check-in, sign-out or meeting is saved only by its button (the on-screen keyboard
    # has an Enter key too); typing a name or the staff password goes on with Enter.
    Entry("kiosk", build.kiosk, states=kiosk_states, primary=kiosk_primary,
          enter={"*": NOTHING, "Your first name": PRIMARY, "Staff password": PRIMARY}),
    Entry("kiosk cannot start", build.kiosk_notice),
    Entry("help", build.help_window, states=help_states),
    Entry("attention notice without a tray", build.attention_toast),
    # Accountability
    Entry("check-in", build.checkin, form=f"{_M}accountability.checkins.CheckInDialog"),
    Entry("incident", build.incident, form=f"{_M}accountability.dialogs.IncidentDialog"),
    Entry("drug and alcohol screen", build.screen,
          form=f"{_M}accountability.dialogs.ScreenDialog"),
    Entry("outside meeting", build.outside,
          form=f"{_M}accountability.outside.OutsideMeetingDialog"),
    Entry("sign out", build.sign_out, form=f"{_M}accountability.signouts.SignOutDialog"),
    Entry("sign back in", build.sign_back_in, form=f"{_M}accountability.signouts.SignInDialog"),
    Entry("correct a sign-out", build.correct,
          form=f"{_M}accountability.signouts.CorrectSignOutDialog"),
    # Chores and meetings
    Entry("chore", build.chore, form=f"{_M}chores.dialogs.ChoreDialog"),
    Entry("excuse a chore", build.chore_note, form=f"{_M}chores.dialogs.ChoreNoteDialog"),
    Entry("meeting", build.meeting, form=f"{_M}meetings.dialogs.MeetingDialog"),
    # A question before a step that cannot be undone: Enter gives the safe answer (as in
    # every confirmation), so the primary here is "Keep it".
    Entry("cancel a meeting", build.cancel_meeting, primary=lambda w: w.cancel_button,  # type: ignore[attr-defined]
          form=f"{_M}meetings.dialogs.CancelMeetingDialog"),
    Entry("meeting minutes", build.minutes, window=False, form=f"{_M}meetings.detail.MinutesPanel"),
    # Reports
    Entry("meeting papers", build.report),
    Entry("report form", build.reports_section, window=False, pick=lambda s: s.form,  # type: ignore[attr-defined]
          form=f"{_M}reports.form.ReportForm"),
    Entry("confidential PDF panel", build.pdf_panel, window=False,
          form=f"{_M}reports.pdf_panel.PdfPanel"),
    # Residents
    Entry("move out", build.discharge, form=f"{_M}residents.actions.DischargeDialog"),
    Entry("move house", build.move_house, form=f"{_M}residents.actions.MoveHouseDialog"),
    Entry("temporary PIN", build.pin),
    Entry("admit a resident", build.resident_form, form=f"{_M}residents.form.ResidentFormDialog"),
    Entry("edit a resident", build.resident_edit,
          form=f"{_M}residents.form.ResidentFormDialog"),
    Entry("import residents", build.import_residents, states=import_states),
    *(Entry(f"resident page: {n}", build.page_dialog(n),
            form=f"{_M}residents.page.dialogs.{n}_dialog")
      for n in ("goal", "step", "note", "mentor", "session", "consent")),
    # Settings
    Entry("house rules tab", build.settings_section, window=False,
          pick=lambda s: s.house_tab, form=f"{_M}settings.house.HouseTab"),  # type: ignore[attr-defined]
    Entry("audit log tab", build.audit_tab, window=False, form=f"{_M}settings.audit.AuditTab"),
    Entry("add a staff account", build.add_account,
          form=f"{_M}settings.account_dialogs.AddAccountDialog"),
    Entry("change my password", build.password,
          form=f"{_M}settings.account_dialogs.PasswordDialog"),
    Entry("my account", build.my_account,
          form=f"{_M}settings.account_dialogs.MyAccountDialog"),
    Entry("change a role", build.role, form=f"{_M}settings.account_dialogs.RoleDialog"),
    Entry("take over the owner key", build.take_over,
          form=f"{_M}settings.account_dialogs.TakeOverDialog"),
    Entry("add a house", build.add_house, form=f"{_M}settings.house_dialogs.AddHouseDialog"),
    Entry("phase", build.phase, form=f"{_M}settings.house_dialogs.PhaseDialog"),
    Entry("resource", build.resource, form=f"{_M}settings.resources.ResourceDialog"),
    Entry("new recovery code", build.recovery_code),
)

CASES: tuple[Entry, ...] = tuple(e for e in ENTRIES if e.window)
FORMS: tuple[Entry, ...] = tuple(e for e in ENTRIES if e.form is not None)
