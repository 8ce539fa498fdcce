"""Backups in the app, through the real widgets: the Backups tab (back up now, folder, list,
restore asks the owner and hands a verified backup to the app), the restore cycle back to
the sign-in screen, and a damaged file at open offering the newest good backup."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlmodel import func, select

from peerhouse.models.people import Resident
from peerhouse.services import backups
from peerhouse.store import backup, open_lock, vault
from peerhouse.store.checks import run_checks
from peerhouse.ui.app import ManagerApp
from peerhouse.ui.manager.settings import backups as settings_backups
from peerhouse.ui.manager.settings.section import SettingsSection
from peerhouse.ui.session import open_check
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.session.restore_flow import RestoreRequest
from tests.conftest import OWNER_PASSWORD
from tests.gui.steps import shown


def _residents(store) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(Resident)).one()


@pytest.fixture
def backups_tab(qtbot, settle):
    def _open(ctx) -> settings_backups.BackupsTab:
        section = shown(qtbot, settle, SettingsSection(ctx), 1100, 760)
        assert section.backups_tab is not None
        section.show_tab(section.backups_tab)
        settle()
        return section.backups_tab
    return _open


def test_back_up_now_choose_a_folder_and_restore_with_the_owner_password(
        owner_ctx, house, backups_tab, qtbot, settle, monkeypatch, tmp_path):
    tab = backups_tab(owner_ctx)
    assert "inside the PeerHouse data folder" in tab.folder_label.text()
    assert "no backup" in tab.newest.text() and not tab.restore_btn.isEnabled()
    tab.backup_btn.click()
    settle()
    assert tab.model.rowCount() == 1 and "Backed up and checked" in tab.status.text()
    tab.grab().save(str(tmp_path / "backups-tab.png"))

    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(settings_backups, "ask_folder", lambda _parent, _start: usb)
    tab.folder_btn.click()
    settle()
    assert str(usb) in tab.folder_label.text() and tab.model.rowCount() == 0
    tab.backup_btn.click()
    settle()
    (made,) = usb.iterdir()
    assert tab.model.row(0).path == made

    tab.view.selectRow(0)
    assert tab.restore_btn.isEnabled()
    tab.restore_btn.click()
    unlock = tab.unlock
    assert unlock is not None and unlock.isVisible() and not unlock.remember.isVisibleTo(unlock)
    unlock.secret.setText("not the owner password")
    unlock.ok_button.click()
    settle()
    assert "does not open this backup" in unlock.error.text()
    asked: list[str] = []
    monkeypatch.setattr(settings_backups, "confirm",
                        lambda _p, _title, text, yes: asked.append(text) or True)
    unlock.secret.setText(OWNER_PASSWORD)
    with qtbot.waitSignal(owner_ctx.bus.restore_requested, timeout=15000) as got:
        unlock.ok_button.click()
    request = got.args[0]
    assert isinstance(request, RestoreRequest) and request.file == made
    assert request.key == vault.key_from_keyring(house.paths)
    assert "kept in the data folder" in asked[0] and "signed out" in asked[0]


def test_managers_back_up_now_but_only_the_owner_restores(manager_ctx, staff_ctx, house,
                                                          backups_tab, qtbot, settle):
    tab = backups_tab(manager_ctx)
    for hidden in (tab.restore_btn, tab.other_btn, tab.folder_btn, tab.default_btn):
        assert hidden.isHidden()
    tab.backup_btn.click()
    settle()
    assert tab.model.rowCount() == 1
    section = SettingsSection(staff_ctx)
    qtbot.addWidget(section)
    assert section.backups_tab is None and "Backups" not in section.tab_titles()


def test_restore_from_the_app_signs_everyone_out_and_opens_the_restored_records(qtbot, house):
    made = backups.back_up(house.store, house.owner).entry.path
    house.admit("After", "Backup")
    key = vault.key_from_keyring(house.paths)
    house.store.close()
    app = ManagerApp(house.paths)
    app.start()
    qtbot.waitUntil(lambda: isinstance(app.dialog, LoginDialog), timeout=15000)
    login = app.dialog
    login.username.setText("olivia")  # signed in as in test_startup, but the window is the
    login.password.setText(OWNER_PASSWORD)  # app's to delete: it goes at the restore
    login.ok_button.click()
    qtbot.waitUntil(lambda: app.ctx is not None, timeout=15000)
    assert app.ctx is not None
    app.ctx.bus.restore_requested.emit(RestoreRequest(made, key, app.ctx.actor))
    qtbot.waitUntil(lambda: isinstance(app.dialog, LoginDialog) and app.store is not None,
                    timeout=20000)
    assert app.window is None and app.ctx is None
    qtbot.addWidget(app.dialog)
    assert _residents(app.store) == 0
    (kept,) = house.paths.root.glob("peerhouse.before-restore-*.db")
    told = [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]
    assert told and kept.name in told[0].text()
    told[0].close()
    app.dialog.close()
    app.shutdown()


def test_back_up_now_without_room_for_the_work_copy_says_so(owner_ctx, house, backups_tab,
                                                           settle, monkeypatch, tmp_path):
    import shutil

    real = shutil.disk_usage
    monkeypatch.setattr(backup.shutil, "disk_usage",
                        lambda path: real(path)._replace(free=4096))
    tab = backups_tab(owner_ctx)
    tab.backup_btn.click()
    settle()
    told = [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]
    assert told and "There is not enough room on the disk of the data folder" in told[0].text()
    assert "unexpected" not in told[0].text()
    assert "No backup was made" in tab.status.text() and tab.backup_btn.isEnabled()
    told[0].grab().save(str(tmp_path / "no-room.png"))
    told[0].close()
    assert tab.model.rowCount() == 0 and not list(house.paths.backups.glob("*"))
    assert not list((house.paths.root / backup.WORK_DIR).glob("*/*"))


def _damage_dialog(qtbot, house) -> tuple[ManagerApp, open_check.DamageDialog]:
    """Start the app over records that fail at open; the damage dialog, its backup found."""
    app = ManagerApp(house.paths)
    app.start()
    qtbot.waitUntil(lambda: isinstance(app.dialog, open_check.DamageDialog), timeout=15000)
    dialog = app.dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.restore_btn.isEnabled, timeout=15000)
    return app, dialog


def test_a_damaged_file_at_open_offers_the_newest_good_backup(qtbot, house, monkeypatch,
                                                              tmp_path):
    for i in range(25):
        house.admit(f"F{i}", "L", status="applicant", notes="x" * 400)
    good = backups.back_up(house.store, house.owner).entry.path
    house.store.close()
    size = house.paths.db.stat().st_size
    with house.paths.db.open("r+b") as fh:
        fh.seek(size - 6000)
        fh.write(b"\x00" * 16)
    damaged = house.paths.db.read_bytes()
    app, dialog = _damage_dialog(qtbot, house)
    assert good.name in dialog.found.text() and app.store is None
    dialog.grab().save(str(tmp_path / "damage.png"))
    monkeypatch.setattr(open_check, "confirm", lambda *_a, **_k: True)
    dialog.restore_btn.click()
    unlock = dialog.unlock
    assert unlock is not None
    unlock.use_code.setChecked(True)
    unlock.secret.setText(house.recovery_code)
    unlock.ok_button.click()
    qtbot.waitUntil(lambda: isinstance(app.dialog, LoginDialog) and app.store is not None,
                    timeout=20000)
    qtbot.addWidget(app.dialog)
    (kept,) = house.paths.root.glob("peerhouse.before-restore-*.db")
    assert kept.read_bytes() == damaged  # kept aside, never overwritten
    assert _residents(app.store) == 25 and run_checks(app.store).ok
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()
    app.dialog.close()
    app.shutdown()


def test_lost_changes_at_open_offer_a_backup_or_keeping_the_records(qtbot, house, monkeypatch,
                                                                     tmp_path):
    """The last changes vanished (the WAL that held them was cut short): the damage dialog
    says so, offers the newest good backup, and also keeping the records as they are —
    which opens them, audited, with no further warning."""
    import shutil

    good = backups.back_up(house.store, house.owner).entry.path
    shutil.copy(house.paths.db, tmp_path / "older.db")
    house.admit("Late", "Change")
    house.store.close()
    shutil.copy(tmp_path / "older.db", house.paths.db)
    app, dialog = _damage_dialog(qtbot, house)
    assert good.name in dialog.found.text() and dialog.keep_btn.isVisible()
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.found)))
    assert "the last 1 change saved on this computer was lost" in texts
    assert str(open_check.LOST_TEXT) in texts
    dialog.grab().save(str(tmp_path / "lost.png"))
    asked: list[str] = []
    monkeypatch.setattr(open_check, "confirm", lambda _p, title, *_a, **_k: asked.append(title)
                        or True)
    dialog.keep_btn.click()
    assert asked == ["Keep the records as they are?"]
    qtbot.waitUntil(lambda: isinstance(app.dialog, LoginDialog) and app.store is not None,
                    timeout=20000)
    qtbot.addWidget(app.dialog)
    from peerhouse.services.audit_trail import AuditFilter, list_events

    events = list_events(app.store, house.owner, AuditFilter(action_prefix="records."))
    assert [e.action for e in events] == ["records.kept_after_loss"]
    assert '"how":"window"' in events[0].details
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()
    app.dialog.close()
    app.shutdown()
    vault.open_from_keyring(house.paths).close()  # no longer reported


def _unlock_the_backup(qtbot, app: ManagerApp) -> None:
    """Type the owner password into the backup's unlock dialog; wait for the restored
    records to open at the sign-in dialog."""
    unlock = app.restore.pending
    assert unlock is not None and unlock.isVisible()
    unlock.secret.setText(OWNER_PASSWORD)
    unlock.ok_button.click()
    qtbot.waitUntil(lambda: isinstance(app.dialog, LoginDialog) and app.store is not None,
                    timeout=20000)
    qtbot.addWidget(app.dialog)


def test_first_run_on_a_new_computer_can_restore_a_backup_instead(qtbot, house, tmp_path,
                                                                  monkeypatch):
    from peerhouse.paths import DataPaths
    from peerhouse.ui import app_restore
    from peerhouse.ui.session.setup_wizard import SetupWizard

    made = backups.back_up(house.store, house.owner).entry.path
    house.store.close()
    monkeypatch.setenv("PEERHOUSE_TEST_KEYRING_FILE", str(tmp_path / "new-pc-keyring.json"))
    new_pc = DataPaths(tmp_path / "new-pc")
    app = ManagerApp(new_pc)
    app.start()
    wizard = app.dialog
    assert isinstance(wizard, SetupWizard)
    qtbot.addWidget(wizard)
    monkeypatch.setattr(app_restore, "ask_backup_file", lambda _parent, _start: made)
    monkeypatch.setattr(app_restore, "confirm", lambda *_a, **_k: True)
    wizard.restore_btn.click()
    _unlock_the_backup(qtbot, app)
    assert vault.key_from_keyring(new_pc)  # remembered on the new computer
    assert run_checks(app.store).ok
    # The first open of the day makes an automatic backup (in the background).
    qtbot.waitUntil(lambda: any(e.kind == "auto" for e in backup.list_backups(new_pc.backups)),
                    timeout=15000)
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()
    app.dialog.close()
    app.shutdown()


def test_a_damaged_key_file_at_open_offers_a_backup_and_keeps_the_damaged_files(
        qtbot, house, monkeypatch):
    from peerhouse.ui import app_restore

    made = backups.back_up(house.store, house.owner).entry.path
    house.admit("After", "Backup")
    house.store.close()
    house.paths.keyfile.write_bytes(b"{ not a key file")
    damaged_db, damaged_keys = house.paths.db.read_bytes(), house.paths.keyfile.read_bytes()
    app = ManagerApp(house.paths)
    app.start()
    qtbot.waitUntil(lambda: isinstance(app.dialog, QMessageBox), timeout=15000)
    box = app.dialog
    assert "peerhouse.keys is damaged" in box.text() and "owner password" in box.text()
    picked: list[int] = []

    def pick(_parent, _start):  # the first time the person cancels the file dialog
        picked.append(1)
        return None if len(picked) == 1 else made

    monkeypatch.setattr(app_restore, "ask_backup_file", pick)
    monkeypatch.setattr(app_restore, "confirm", lambda *_a, **_k: True)
    [restore_btn] = [b for b in box.buttons() if "Restore" in b.text()]
    restore_btn.click()
    qtbot.waitUntil(lambda: isinstance(app.dialog, QMessageBox) and app.dialog is not box,
                    timeout=5000)  # cancelled: asked again, never left without a window
    again = app.dialog
    [restore_btn] = [b for b in again.buttons() if "Restore" in b.text()]
    restore_btn.click()
    _unlock_the_backup(qtbot, app)
    assert _residents(app.store) == 0 and run_checks(app.store).ok
    kept_keys = list(house.paths.root.glob("peerhouse.before-restore-*.keys"))
    kept_dbs = list(house.paths.root.glob("peerhouse.before-restore-*.db"))
    assert [k.read_bytes() for k in kept_keys] == [damaged_keys]
    assert [d.read_bytes() for d in kept_dbs] == [damaged_db]
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()
    app.dialog.close()
    app.shutdown()


def test_closing_the_app_backs_up_what_changed_and_then_closes_the_records(qtbot, house):
    app = ManagerApp(house.paths)
    app.store = house.store
    before = backup.list_backups(house.paths.backups, house.store.setup_id)
    house.admit("Changed", "Today")
    app.shutdown()
    after = backup.list_backups(house.paths.backups, house.store.setup_id)
    assert len(after) == len(before) + 1 and after[0].kind == "auto"
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    with open_lock.exclusive(house.paths.root):  # the records are closed: nobody holds them
        pass


def test_backup_times_read_in_house_time_as_in_the_audit_log(
        owner_ctx, house, backups_tab, settle, monkeypatch):
    """The office PC may be set to another zone than the house: a backup's time reads as
    the house's clock, like its `backup.create` line in the audit log."""
    import time as time_module

    from peerhouse.ui.manager.settings.forms import local_text

    monkeypatch.setenv("TZ", "Asia/Tokyo")  # this PC: far from the house (America/Chicago)
    time_module.tzset()
    try:
        entry = backups.back_up(house.store, house.owner).entry
        tab = backups_tab(owner_ctx)
        shown = tab.model.data(tab.model.index(0, 0))
        assert shown == local_text(entry.created, "America/Chicago")
        assert shown != local_text(entry.created, "Asia/Tokyo")
        assert tab.newest.text() == f"Newest backup: {shown}."
    finally:
        monkeypatch.undo()
        time_module.tzset()


def test_closing_while_locked_still_backs_up_and_never_hangs(qtbot, house):
    from peerhouse.ui import workers

    app = ManagerApp(house.paths)
    app.store = house.store
    house.admit("Changed", "Tonight")
    before = backup.list_backups(house.paths.backups, house.store.setup_id)
    workers.hold()  # the window locked itself when left idle, then the PC shuts down
    app.shutdown()
    assert not workers.is_held()
    after = backup.list_backups(house.paths.backups, house.store.setup_id)
    assert len(after) == len(before) + 1
