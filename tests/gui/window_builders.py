"""How to build each window, dialog and form of the app over the demo house of
tests/gui/registry.py (its `ENTRIES` name them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from peerhouse.paths import DataPaths
from peerhouse.services import accounts
from peerhouse.services.timeline import MentorChoice
from peerhouse.ui.manager.residents.table import build_rows

if TYPE_CHECKING:
    from tests.gui.registry import World


def sign_in(w: World) -> QWidget:
    from peerhouse.ui.session.login import LoginDialog

    return LoginDialog(w.store, house_name="Maple House")


def lock(w: World) -> QWidget:
    from peerhouse.ui.session.login import LoginDialog

    return LoginDialog(w.store, username="olivia", unsaved=lambda: [])


def unlock(w: World) -> QWidget:
    from peerhouse.ui.session.unlock import UnlockDialog

    return UnlockDialog(w.db.paths, "This computer's keyring has no key for these records.")


def backup_unlock(w: World) -> QWidget:
    from peerhouse.ui.session.restore_flow import BackupUnlockDialog

    return BackupUnlockDialog(w.db.paths, w.tmp / "a.phbackup")


def restore_progress(w: World) -> QWidget:
    from peerhouse.ui.session.restore_flow import RestoreProgress, RestoreRequest

    return RestoreProgress(w.db.paths, RestoreRequest(w.tmp / "a.phbackup", b"k" * 32,
                                                      w.db.owner))


def damage(w: World) -> QWidget:
    from peerhouse.ui.session.open_check import DamageDialog

    folder = w.tmp / "no-backups"
    folder.mkdir(exist_ok=True)
    return DamageDialog(w.db.paths, b"k" * 32, "page 3: checksum", [folder])


def changes_lost(w: World) -> QWidget:
    from peerhouse.ui.session.open_check import DamageDialog

    folder = w.tmp / "no-backups"
    folder.mkdir(exist_ok=True)
    return DamageDialog(w.db.paths, b"k" * 32, "commit seal: 2 behind", [folder], lost=True)


def recover(w: World) -> QWidget:
    from peerhouse.ui.session.recover_owner import RecoverOwnerDialog

    return RecoverOwnerDialog(w.store, "olivia")


def house_page(w: World) -> QWidget:
    from peerhouse.ui.session.setup_wizard import HousePage

    return HousePage()


def owner_page(w: World) -> QWidget:
    from peerhouse.ui.session.setup_wizard import OwnerPage

    return OwnerPage(DataPaths(w.tmp / "new-owner-page"))


def wizard(w: World) -> QWidget:
    from peerhouse.ui.session.setup_wizard import SetupWizard

    return SetupWizard(DataPaths(w.tmp / f"new-{len(list(w.tmp.iterdir()))}"))


def main(w: World) -> QWidget:
    from peerhouse.ui.manager.window import MainWindow

    window = MainWindow(w.ctx)
    window.resize(1280, 800)
    return window


def kiosk(w: World) -> QWidget:
    from peerhouse.ui.kiosk.window import KioskWindow

    window = KioskWindow(w.db.paths, w.store)
    window.resize(1280, 800)
    return window


def kiosk_notice(w: World) -> QWidget:
    from peerhouse.ui.kiosk.app import NOT_SET_UP, NoticeScreen

    window = NoticeScreen(NOT_SET_UP)
    window.resize(1280, 800)
    return window


def help_window(w: World) -> QWidget:
    from peerhouse.ui.help import HelpWindow

    return HelpWindow()


def attention_toast(w: World) -> QWidget:
    from peerhouse.ui.manager.notice import Toast, notice_text

    return Toast(notice_text(2))


def checkin(w: World) -> QWidget:
    from peerhouse.ui.manager.accountability.checkins import CheckInDialog

    r = w.house.active[0]
    return CheckInDialog(w.ctx, w.house, r.id, r.display_name, w.house.today, None)  # type: ignore[arg-type]


def incident(w: World) -> QWidget:
    from peerhouse.ui.manager.accountability.dialogs import IncidentDialog

    return IncidentDialog(w.ctx, w.house)


def screen(w: World) -> QWidget:
    from peerhouse.ui.manager.accountability.dialogs import ScreenDialog

    return ScreenDialog(w.ctx, w.house)


def outside(w: World) -> QWidget:
    from peerhouse.ui.manager.accountability.outside import OutsideMeetingDialog

    return OutsideMeetingDialog(w.ctx, w.house, w.house.active[0].id)


def sign_out(w: World) -> QWidget:
    from peerhouse.ui.manager.accountability.signouts import SignOutDialog

    return SignOutDialog(w.ctx, w.house, set())


def sign_back_in(w: World) -> QWidget:
    from peerhouse.ui.manager.accountability.signouts import SignInDialog

    return SignInDialog(w.ctx, w.house, w.extras["out"])  # type: ignore[arg-type]


def correct(w: World) -> QWidget:
    from peerhouse.ui.manager.accountability.signouts import CorrectSignOutDialog

    return CorrectSignOutDialog(w.ctx, w.house, w.extras["signout"])  # type: ignore[arg-type]


def chore(w: World) -> QWidget:
    from peerhouse.ui.manager.chores.dialogs import ChoreDialog

    return ChoreDialog(w.ctx, [(r.id, r.display_name) for r in w.house.active])  # type: ignore[misc]


def chore_note(w: World) -> QWidget:
    from peerhouse.ui.manager.chores.dialogs import ChoreNoteDialog

    row, day, cell = w.extras["cell"]  # type: ignore[misc]
    return ChoreNoteDialog(w.ctx, "excuse", cell, row.name, day)


def meeting(w: World) -> QWidget:
    from peerhouse.ui.manager.meetings.dialogs import MeetingDialog

    return MeetingDialog(w.ctx, w.house.tz)


def cancel_meeting(w: World) -> QWidget:
    from peerhouse.ui.manager.meetings.dialogs import CancelMeetingDialog

    return CancelMeetingDialog(w.ctx, w.house.tz, w.extras["meeting"], 2)  # type: ignore[arg-type]


def minutes(w: World) -> QWidget:
    from peerhouse.ui.manager.meetings.detail import MinutesPanel

    return MinutesPanel(w.ctx)


def _section(section: QWidget) -> QWidget:
    """A section of the main window on its own, at the main window's size."""
    section.resize(1100, 760)
    return section


def reports_section(w: World) -> QWidget:
    from peerhouse.ui.manager.reports.section import ReportsSection

    return _section(ReportsSection(w.ctx))


def settings_section(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.section import SettingsSection

    return _section(SettingsSection(w.ctx))


def audit_tab(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.audit import AuditTab

    return AuditTab(w.ctx)


def pdf_panel(w: World) -> QWidget:
    from peerhouse.ui.manager.reports.pdf_panel import PdfPanel

    panel = PdfPanel(w.ctx, "Nothing to show yet.")
    panel.password.show()  # as for a confidential report
    return panel


def report(w: World) -> QWidget:
    from peerhouse.app.reports import sign_in_report
    from peerhouse.ui.manager.reports.dialog import ReportDialog

    store, actor, meeting_id = w.store, w.db.owner, w.extras["meeting"].id  # type: ignore[attr-defined]
    return ReportDialog(w.ctx, "Sign-in sheet", lambda: sign_in_report(store, actor, meeting_id))


def resident_rows(w: World) -> list:
    return build_rows(w.house.active, list(w.house.phases.values()), w.house.today)


def import_residents(w: World) -> QWidget:
    from peerhouse.ui.manager.residents.import_csv import ImportDialog

    return ImportDialog(w.ctx, "Maple House", w.tmp / "residents.csv")


def discharge(w: World) -> QWidget:
    from peerhouse.ui.manager.residents.actions import DischargeDialog

    return DischargeDialog(w.ctx, resident_rows(w)[0], w.house.today)


def move_house(w: World) -> QWidget:
    from peerhouse.ui.manager.residents.actions import MoveHouseDialog

    return MoveHouseDialog(w.ctx, resident_rows(w)[0], [(999, "Oak House")], w.house.today)


def pin(w: World) -> QWidget:
    from peerhouse.ui.manager.residents.actions import PinDialog

    return PinDialog("Alex R.", "402917")


def resident_form(w: World, resident: object = None) -> QWidget:
    from peerhouse.ui.manager.residents.form import ResidentFormDialog

    phases = [(p.id, p.name) for p in w.house.phases.values()]
    return ResidentFormDialog(w.ctx, phases, w.house.today, resident)  # type: ignore[arg-type]


def resident_edit(w: World) -> QWidget:
    return resident_form(w, w.house.residents[0])


def page_dialog(which: str) -> Callable[[World], QWidget]:
    def build(w: World) -> QWidget:
        from peerhouse.ui.manager.residents.page import dialogs as d
        from peerhouse.ui.manager.residents.page.tab import ResidentTab

        parent = ResidentTab(w.ctx)
        choices = [MentorChoice(None, 1, "Olivia Owner"), MentorChoice(2, None, "Bo Diaz")]
        made = {"goal": lambda: d.goal_dialog(parent),
                "step": lambda: d.step_dialog(parent, "Find a job"),
                "note": lambda: d.note_dialog(parent, "Find a job"),
                "mentor": lambda: d.mentor_dialog(parent, choices, (None, None)),
                "session": lambda: d.session_dialog(parent, choices, (None, 1),
                                                    "Olivia Owner", w.house.tz),
                "consent": lambda: d.consent_dialog(parent, w.house.today)}[which]()
        made.setParent(None)
        made.destroyed.connect(parent.deleteLater)
        return made

    return build


def add_account(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.account_dialogs import AddAccountDialog

    return AddAccountDialog(w.ctx)


def password(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.account_dialogs import PasswordDialog

    return PasswordDialog(w.ctx)


def my_account(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.account_dialogs import MyAccountDialog

    return MyAccountDialog(w.ctx)


def role(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.account_dialogs import RoleDialog

    staff = accounts.account_by_username(w.store, w.db.owner, "sam")
    assert staff is not None
    return RoleDialog(w.ctx, staff)


def take_over(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.account_dialogs import TakeOverDialog

    return TakeOverDialog(w.ctx, "manny")


def add_house(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.house_dialogs import AddHouseDialog

    return AddHouseDialog(w.ctx, w.house.tz)


def phase(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.house_dialogs import PhaseDialog

    return PhaseDialog(w.ctx, w.db.house_id, None, len(w.house.phases) + 1)


def resource(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.resources import ResourceDialog

    return ResourceDialog(w.ctx, "Maple House", None)


def recovery_code(w: World) -> QWidget:
    from peerhouse.ui.manager.settings.security import NewCode, RecoveryCodeDialog

    return RecoveryCodeDialog(NewCode("WYP5-27N2-R962-Z06E-J5SN-P8S3", "Maple House",
                                      w.store.setup_id, "letter"), saved_to=w.tmp / "sheet.pdf")
