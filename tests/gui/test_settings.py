"""Settings: house rules and phases, staff accounts, resources, security, audit log —
driven through the real widgets, checked in the encrypted database and audit trail."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTime
from sqlmodel import select

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.errors import AuthenticationFailed, WrongKey
from peerhouse.models.directory import Resource
from peerhouse.services import accounts, houses
from peerhouse.services.actor import Actor
from peerhouse.store import vault
from peerhouse.ui import workers
from peerhouse.ui.manager.settings import accounts as settings_accounts
from peerhouse.ui.manager.settings import resources as settings_resources
from peerhouse.ui.manager.settings import security as settings_security
from peerhouse.ui.manager.settings.section import SettingsSection
from peerhouse.ui.manager.settings.security import RecoveryCodeDialog
from tests.conftest import OWNER_PASSWORD
from tests.gui.conftest import make_ctx
from tests.gui.steps import shown
from tests.support.audit_log import audit_details


@pytest.fixture
def settle(settle, qapp):
    """Settle until quiet: a save's callback starts a reload, which must finish too."""
    def _settle() -> None:
        for _ in range(20):
            settle()
            qapp.processEvents()
            if workers.active() == 0:
                return
    return _settle


def _message_after_save(dialog, settle) -> str:
    """Press the dialog's Save and let the service answer: the message the form shows."""
    dialog.submit()
    settle()
    return dialog.errors.label.text()


@pytest.fixture
def open_section(qtbot, settle):
    def _open(ctx) -> SettingsSection:
        return shown(qtbot, settle, SettingsSection(ctx), 1100, 760)
    return _open


def test_edit_house_rules_saves_to_db_and_audit(manager_ctx, house, open_section, qtbot, settle):
    tab = open_section(manager_ctx).house_tab
    assert tab.name.text() == "Maple House" and tab.beds.value() == 6
    assert tab.timezone.currentText() == "America/Chicago"

    tab.beds.setValue(7)
    tab.curfew_weeknight.setTime(QTime(21, 30))
    tab.chores.setValue(4)
    tab.paper.setCurrentIndex(tab.paper.findData("a4"))
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    settle()

    h = houses.get_house(house.store, house.manager, house.house_id)
    assert (h.capacity, h.curfew_weeknight, h.chores_per_week, h.paper_size) == (7, time(21, 30), 4, "a4")
    [(ev, details)] = audit_details(house.store, "house.update")
    assert ev.actor == f"staff:{house.manager.id}" and ev.entity_id == str(house.house_id)
    assert set(details["fields"]) == {"capacity", "curfew_weeknight", "chores_per_week", "paper_size"}
    assert tab.saved_note.text() == "Saved." and not tab.undo_btn.isEnabled()

    # Inline validation names the field; nothing is saved.
    tab.name.clear()
    tab.timezone.setEditText("Mars/Olympus")
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    settle()
    assert tab.errors.label.isVisible() and tab.errors.label.text().startswith("House name")
    assert tab.name.property("invalid") is True
    assert houses.get_house(house.store, house.manager, house.house_id).name == "Maple House"
    assert len(audit_details(house.store, "house.update")) == 1
    tab.name.setText("Maple House")
    qtbot.mouseClick(tab.save_btn, Qt.MouseButton.LeftButton)
    settle()
    assert "not a known time zone" in tab.errors.label.text()
    assert tab.timezone.property("invalid") is True


def test_add_and_edit_a_phase(manager_ctx, house, open_section, qtbot, settle):
    tab = open_section(manager_ctx).house_tab
    assert tab.phase_model.rowCount() == 3
    qtbot.mouseClick(tab.add_phase_btn, Qt.MouseButton.LeftButton)
    dlg = tab.dialog
    assert dlg is not None and dlg.isVisible() and dlg.position.value() == 4
    qtbot.keyClicks(dlg.name, "Phase 4: Alumni")
    dlg.min_days.setValue(180)
    dlg.own_curfew.setChecked(True)
    dlg.curfew.setTime(QTime(23, 30))
    dlg.screens.setValue(0)
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    settle()
    assert not dlg.isVisible()
    phases = houses.list_phases(house.store, house.manager, house.house_id)
    new = phases[-1]
    assert (new.name, new.position, new.min_days, new.curfew, new.screens_per_month) == (
        "Phase 4: Alumni", 4, 180, time(23, 30), 0)
    assert [ev.entity_id for ev, _ in audit_details(house.store, "phase.save")] == [str(new.id)]
    assert tab.phase_model.rowCount() == 4  # the table refreshed from the bus

    # Edit: an empty name is refused inline, then a real rename is saved.
    tab.phase_view.selectRow(0)
    tab.edit_phase()
    dlg = tab.dialog
    dlg.name.clear()
    dlg.submit()
    settle()
    assert dlg.isVisible() and dlg.errors.label.text().startswith("Phase name")
    dlg.name.setText("Phase 1 – Welcome")
    dlg.submit()
    settle()
    assert houses.list_phases(house.store, house.manager, house.house_id)[0].name == "Phase 1 – Welcome"


def test_the_curfew_in_force_is_shown_beside_the_two_settings(manager_ctx, house,
                                                               open_section, settle):
    """House rules and phases both set curfews: the page says which one a resident keeps,
    from the one rule (services/curfew), and follows saved changes."""
    tab = open_section(manager_ctx).house_tab
    text = " ".join(tab.phases_about.text().split())
    assert ("Sun–Thu nights: 9:00 PM for Phase 1 – Orientation, 10:00 PM for Phase 2 – "
            "Building, 11:00 PM for Phase 3 – Leadership, 10:00 PM for everyone else (the "
            "house curfew). Fri–Sat nights: 11:59 PM for everyone.") in text
    column = [tab.phase_model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(tab.phase_model.columnCount())].index("Sun–Thu curfew")
    assert tab.phase_model.index(0, column).data() == "9:00 PM"
    phase = houses.list_phases(house.store, house.manager, house.house_id)[1]
    phase.curfew = None
    houses.save_phase(house.store, house.manager, phase)
    manager_ctx.broadcast(Changes.of(RecordKind.HOUSES))  # as the phase dialog announces a save
    settle()
    assert "10:00 PM for everyone else" in " ".join(tab.phases_about.text().split())
    assert "Phase 2" not in tab.phases_about.text()
    assert tab.phase_model.index(1, column).data() == "House curfew"


def test_screen_lock_times_saved(manager_ctx, house, open_section, settle):
    tab = open_section(manager_ctx).house_tab
    assert tab.idle_minutes.value() == 10 and tab.kiosk_seconds.value() == 60
    tab.idle_minutes.setValue(5)
    tab.kiosk_seconds.setValue(90)
    tab.save_lock()
    settle()
    assert houses.get_setting(house.store, "manager_idle_minutes") == "5"
    assert houses.get_setting(house.store, "kiosk_idle_seconds") == "90"
    assert {ev.entity_id for ev, _ in audit_details(house.store, "setting.update")} == {
        "manager_idle_minutes", "kiosk_idle_seconds"}
    tab.kiosk_seconds.setValue(120)
    tab.save_lock()
    settle()
    assert [ev.entity_id for ev, _ in audit_details(house.store, "setting.update")][2:] == ["kiosk_idle_seconds"]
    tab.lock.kiosk_text.setCurrentIndex(tab.lock.kiosk_text.findText("Large"))
    assert tab.lock.dirty()
    tab.save_lock()
    settle()
    assert houses.get_setting(house.store, "kiosk_text_size") == "1.3" and not tab.lock.dirty()


def test_refreshes_keep_unsaved_rules_and_lock_times(manager_ctx, house, open_section, settle):
    section = open_section(manager_ctx)
    tab = section.house_tab
    assert not section.has_unsaved_changes()
    houses.set_setting(house.store, house.manager, "manager_idle_minutes", "20")
    manager_ctx.broadcast(Changes.of(RecordKind.SETTINGS))  # saved elsewhere, nothing typed here: shown
    settle()
    assert tab.idle_minutes.value() == 20 and not section.has_unsaved_changes()

    tab.idle_minutes.setValue(5)
    assert section.has_unsaved_changes() and tab.lock.note.text() == "Not saved yet."
    houses.set_setting(house.store, house.manager, "kiosk_idle_seconds", "120")
    manager_ctx.broadcast(Changes.of(RecordKind.SETTINGS))
    settle()
    assert (tab.idle_minutes.value(), tab.kiosk_seconds.value()) == (5, 60)
    tab.beds.setValue(9)
    manager_ctx.broadcast(Changes.of(RecordKind.HOUSES))
    settle()
    assert tab.beds.value() == 9 and tab.idle_minutes.value() == 5
    tab.save_lock()
    settle()
    assert houses.get_setting(house.store, "manager_idle_minutes") == "5"
    assert houses.get_setting(house.store, "kiosk_idle_seconds") == "60"
    assert section.has_unsaved_changes()  # the rules are still edited
    tab._undo()
    assert tab.beds.value() == 6 and not section.has_unsaved_changes()


def test_switching_house_with_unsaved_rules_asks_and_saves_to_the_right_house(
        manager_ctx, house, open_section, qtbot, settle):
    oak = houses.create_house(house.store, Actor.system(), houses.HouseRules(
        name="Oak House", capacity=4, timezone="America/Chicago"))
    section = open_section(manager_ctx)
    tab = section.house_tab
    tab.beds.setValue(7)

    def switch(house_id: int) -> None:
        manager_ctx.house_id = house_id
        manager_ctx.bus.house_changed.emit(house_id)
        settle()

    switch(oak.id)
    box = tab.switch_box
    assert box is not None and box.isVisible() and "Maple House" in box.text()
    assert tab.name.text() == "Maple House" and tab.beds.value() == 7  # nothing lost yet
    [save] = [b for b in box.buttons() if b.text() == "&Save to Maple House"]
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    settle()
    assert houses.get_house(house.store, house.manager, house.house_id).capacity == 7
    assert houses.get_house(house.store, house.manager, oak.id).capacity == 4
    assert tab.name.text() == "Oak House" and tab.beds.value() == 4
    assert not section.has_unsaved_changes() and tab.saved_note.text() == "Saved to Maple House."

    tab.beds.setValue(12)  # now the other way round, and discard
    switch(house.house_id)
    box = tab.switch_box
    [discard] = [b for b in box.buttons() if b.text() == "&Discard changes"]
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    settle()
    assert tab.name.text() == "Maple House" and tab.beds.value() == 7
    assert houses.get_house(house.store, house.manager, oak.id).capacity == 4
    assert not section.has_unsaved_changes()


def test_add_a_house(manager_ctx, house, open_section, settle):
    tab = open_section(manager_ctx).house_tab
    tab.add_house()
    dlg = tab.dialog
    assert dlg.timezone.currentText() == "America/Chicago"
    dlg.name.setText("Maple House")
    dlg.submit()
    settle()
    assert dlg.name.property("invalid") is True and "already exists" in dlg.errors.label.text()
    dlg.name.setText("Cedar House")
    dlg.beds.setValue(10)
    dlg.submit()
    settle()
    cedar = houses.house_by_name(house.store, house.manager, "Cedar House")
    assert cedar.capacity == 10 and len(houses.list_phases(house.store, house.manager, cedar.id)) == 3
    assert "Cedar House was added" in tab.house_note.text()


def test_add_staff_account_then_deactivate(owner_ctx, house, open_section, qtbot, settle, monkeypatch):
    section = open_section(owner_ctx)
    tab = section.accounts_tab
    assert {r.acc.username for r in tab.model.rows} == {"olivia", "manny", "sam"}
    assert tab.note.text() == "3 active accounts, 0 deactivated."
    qtbot.mouseClick(tab.add_btn, Qt.MouseButton.LeftButton)
    dlg = tab.dialog
    qtbot.keyClicks(dlg.username, "Jordan")
    qtbot.keyClicks(dlg.display_name, "Jordan Lee")
    dlg.role.setCurrentIndex(dlg.role.findData("manager"))
    qtbot.keyClicks(dlg.password, "short")
    qtbot.keyClicks(dlg.repeat, "short")
    assert _message_after_save(dlg, settle).startswith("Password must be at least 10")
    dlg.password.setText("lantern-harbor-19")
    dlg.repeat.setText("lantern-harbor-91")
    assert _message_after_save(dlg, settle).startswith("Repeat password")
    assert accounts.account_by_username(house.store, house.owner, "jordan") is None
    dlg.repeat.setText("lantern-harbor-19")
    dlg.submit()
    settle()
    jordan = accounts.account_by_username(house.store, house.owner, "jordan")
    assert jordan is not None and jordan.role == "manager" and jordan.active
    assert [ev.entity_id for ev, _ in audit_details(house.store, "account.create")][-1] == str(jordan.id)
    accounts.login(house.store, "jordan", "lantern-harbor-19")

    tab.select(jordan.id)
    assert tab.current().id == jordan.id and tab.active_btn.text() == "&Deactivate…"
    asked: list[str] = []
    monkeypatch.setattr(settings_accounts, "confirm", lambda *a, **k: asked.append(a[2]) or False)
    qtbot.mouseClick(tab.active_btn, Qt.MouseButton.LeftButton)
    settle()
    assert asked and accounts.account_by_username(house.store, house.owner, "jordan").active
    monkeypatch.setattr(settings_accounts, "confirm", lambda *a, **k: True)
    qtbot.mouseClick(tab.active_btn, Qt.MouseButton.LeftButton)
    settle()
    assert not accounts.account_by_username(house.store, house.owner, "jordan").active
    _, details = audit_details(house.store, "account.update")[-1]
    assert details["active"] is False
    with pytest.raises(AuthenticationFailed):
        accounts.login(house.store, "jordan", "lantern-harbor-19")
    assert tab.current().id == jordan.id and tab.active_btn.text() == "Re&activate"


def test_change_my_password_and_owner_key_slot(owner_ctx, house, open_section, qtbot, settle):
    section = open_section(owner_ctx)
    section.change_my_password()
    dlg = section.dialog
    settle()
    assert dlg.holds_key_slot and "re-locks the key file" in dlg.key_note.text()
    dlg.current.setText("not-my-password")
    dlg.new.setText("new-owner-words-42")
    dlg.repeat.setText("new-owner-words-42")
    dlg.submit()
    settle()
    assert dlg.isVisible() and "current password is wrong" in dlg.errors.label.text()
    dlg.current.setText(OWNER_PASSWORD)
    dlg.submit()
    settle()
    assert not dlg.isVisible()
    accounts.login(house.store, "olivia", "new-owner-words-42")
    assert vault.key_from_secret(house.paths, password="new-owner-words-42") == house.store._db_key
    with pytest.raises(WrongKey):
        vault.key_from_secret(house.paths, password=OWNER_PASSWORD)


def test_new_recovery_code_opens_db_and_old_one_does_not(owner_ctx, house, open_section, qtbot,
                                                         settle, monkeypatch, tmp_path: Path):
    section = open_section(owner_ctx)
    tab = section.security_tab
    section.show_tab(tab)
    assert "olivia" not in tab.holder_label.text() and tab.take_over_btn.isHidden()
    monkeypatch.setattr(settings_security, "confirm", lambda *a, **k: False)
    qtbot.mouseClick(tab.code_btn, Qt.MouseButton.LeftButton)
    settle()
    assert tab.dialog is None and not audit_details(house.store, "keys.recovery_code")

    # No place chosen for the sheet (or one that cannot be written): no new code.
    monkeypatch.setattr(settings_security, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(settings_security, "ask_save_path", lambda *_a: None)
    qtbot.mouseClick(tab.code_btn, Qt.MouseButton.LeftButton)
    settle()
    assert tab.dialog is None and "No new code was made" in tab.code_note.text()
    monkeypatch.setattr(settings_security, "ask_save_path",
                        lambda *_a: tmp_path / "missing" / "sheet.pdf")
    qtbot.mouseClick(tab.code_btn, Qt.MouseButton.LeftButton)
    settle()
    assert tab.dialog is None and "does not exist" in tab.code_note.text()
    assert not audit_details(house.store, "keys.recovery_code")
    vault.key_from_secret(house.paths, recovery_code=house.recovery_code)  # still works

    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(settings_security, "ask_save_path", lambda *_a: target)
    qtbot.mouseClick(tab.code_btn, Qt.MouseButton.LeftButton)
    settle()
    dlg = tab.dialog
    assert isinstance(dlg, RecoveryCodeDialog) and dlg.isVisible()
    code = dlg.code
    assert dlg.code_label.text() == code and code != house.recovery_code
    assert dlg.code_label.objectName() == "RecoveryCode"
    assert dlg.saved_to == target and target.exists() and str(target) in dlg.status.text()
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert code.split("-")[0] in text and "Maple House" in text
    assert not section.has_unsaved_changes()

    key = vault.key_from_secret(house.paths, recovery_code=code)
    assert key == house.store._db_key
    reopened = vault.open_store(house.paths, key)
    try:
        assert houses.house_by_name(reopened, house.owner, "Maple House").id == house.house_id
    finally:
        reopened.close()
    with pytest.raises(WrongKey):
        vault.key_from_secret(house.paths, recovery_code=house.recovery_code)
    assert len(audit_details(house.store, "keys.recovery_code")) == 1
    monkeypatch.setattr(settings_security, "confirm", lambda *a, **k: pytest.fail("asked"))
    dlg.reject()  # the sheet is saved: closes without asking
    assert not dlg.isVisible()


def test_a_code_whose_sheet_failed_is_not_closed_unsaved(owner_ctx, house, open_section, qtbot,
                                                         settle, monkeypatch, tmp_path: Path):
    section = open_section(owner_ctx)
    tab = section.security_tab
    section.show_tab(tab)

    def broken(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(settings_security, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(settings_security, "ask_save_path", lambda *_a: tmp_path / "a.pdf")
    monkeypatch.setattr(settings_security, "build_recovery_sheet", broken)
    qtbot.mouseClick(tab.code_btn, Qt.MouseButton.LeftButton)
    settle()
    dlg = tab.dialog
    assert isinstance(dlg, RecoveryCodeDialog) and dlg.isVisible() and dlg.saved_to is None
    assert "could not be written" in dlg.status.text()
    vault.key_from_secret(house.paths, recovery_code=dlg.code)  # the new code is in force
    assert section.has_unsaved_changes()

    asked: list[str] = []
    monkeypatch.setattr(settings_security, "confirm",
                        lambda *a, **k: asked.append(k.get("yes", "")) or False)
    dlg.reject()  # Escape / Done
    dlg.close()  # the window's close button, or a log-out closing windows
    assert dlg.isVisible() and asked == ["I wrote the code down"] * 2
    assert section.has_unsaved_changes()

    monkeypatch.undo()
    monkeypatch.setattr(settings_security, "ask_save_path", lambda *_a: tmp_path / "b.pdf")
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    settle()
    assert dlg.saved_to == tmp_path / "b.pdf" and (tmp_path / "b.pdf").exists()
    assert not section.has_unsaved_changes()
    dlg.reject()
    assert not dlg.isVisible()


def test_resources_add_edit_delete(manager_ctx, house, open_section, settle, monkeypatch):
    section = open_section(manager_ctx)
    tab = section.resources_tab
    assert tab.model.rowCount() == 0 and tab.seed_btn.isVisibleTo(tab)
    tab.add()
    dlg = tab.dialog
    dlg.name.setText("Tuesday Night NA")
    dlg.phone.setText("call me")
    assert _message_after_save(dlg, settle).startswith("Phone")
    dlg.phone.setText("(555) 010-2000")
    dlg.schedule.setText("Tuesdays 7 PM")
    dlg.submit()
    settle()
    assert [r.res.name for r in tab.model.rows] == ["Tuesday Night NA"]
    tab.view.selectRow(0)
    tab.edit()
    tab.dialog.active.setChecked(False)
    tab.dialog.submit()
    settle()
    with house.store.read() as s:
        [res] = s.exec(select(Resource)).all()
    assert res.active is False and res.house_id == house.house_id
    tab.view.selectRow(0)
    monkeypatch.setattr(settings_resources, "confirm", lambda *a, **k: True)
    tab.delete()
    settle()
    with house.store.read() as s:
        assert s.exec(select(Resource)).all() == []
    assert len(audit_details(house.store, "resource.delete")) == 1
    tab.seed()
    settle()
    assert {r.res.phone for r in tab.model.rows} == {"988", "1-800-662-4357"}
    assert not tab.seed_btn.isVisibleTo(tab)


def test_audit_viewer_filters_by_action_and_actor(owner_ctx, house, open_section, settle):
    houses.update_house(house.store, house.manager, house.house_id,
                        houses.HouseRules(name="Maple House", capacity=7, timezone="America/Chicago"))
    section = open_section(owner_ctx)
    tab = section.audit_tab
    section.show_tab(tab)
    settle()
    actions = {r.action for r in tab.model.rows}
    assert {"login.success", "house.update", "account.create"} <= actions
    assert tab.model.rows[0].seq > tab.model.rows[-1].seq  # newest first

    tab.action.setCurrentIndex(tab.action.findData("login."))
    settle()
    assert tab.model.rows and all(r.action.startswith("login.") for r in tab.model.rows)
    tab.action.setCurrentIndex(tab.action.findData("house."))
    settle()
    assert {r.action for r in tab.model.rows} == {"house.create", "house.update"}

    tab.who.setText("manny")
    tab.refresh()
    settle()
    assert [r.actor for r in tab.model.rows] == [f"staff:{house.manager.id}"]
    # Plain words on screen, the codes in the tooltips.
    model, row = tab.model, tab.model.rows[0]
    assert row.who == "Manny Manager" and row.who_code == f"manny (staff:{house.manager.id})"
    assert model.data(model.index(0, 2)) == "Manny Manager"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == f"In the log as: {row.who_code}"
    assert model.data(model.index(0, 3)) == "Changed house rules"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole).startswith("house.update")
    assert model.data(model.index(0, 4)) == "House"
    tab.who.setText("Manny Manager")  # the name the log shows works as a filter too
    tab.refresh()
    settle()
    assert [r.actor for r in tab.model.rows] == [f"staff:{house.manager.id}"]
    tab.who.setText("nobody")
    tab.refresh()
    settle()
    assert tab.who.property("invalid") is True and "No staff account is called" in tab.errors.label.text()

    tab.reset_filters()
    settle()
    assert tab.model.rowCount() > 3
    tab.verify()
    settle()
    assert tab.passed is True and "Everything checks out" in tab.result.text()


def test_staff_sees_only_house_read_only_and_resources(staff_ctx, house, open_section, settle):
    section = open_section(staff_ctx)
    assert section.tab_titles() == ["House", "Resources"]
    assert section.accounts_tab is None and section.security_tab is None and section.audit_tab is None
    house_tab = section.house_tab
    assert house_tab.name.text() == "Maple House" and not house_tab.name.isEnabled()
    for hidden in (house_tab.save_btn, house_tab.add_phase_btn, house_tab.edit_phase_btn,
                   house_tab.save_lock_btn, house_tab.add_house_btn):
        assert hidden.isHidden()
    assert house_tab.phase_model.rowCount() == 3
    res = section.resources_tab
    assert res.add_btn.isHidden() and res.edit_btn.isHidden() and res.delete_btn.isHidden()
    # Everyone may change their own password.
    section.change_my_password()
    dlg = section.dialog
    dlg.current.setText("staff-pass-1234")
    dlg.new.setText("kettle-morning-88")
    dlg.repeat.setText("kettle-morning-88")
    dlg.submit()
    settle()
    assert not dlg.holds_key_slot
    accounts.login(house.store, "sam", "kettle-morning-88")


@pytest.mark.parametrize(("role", "tabs"), [
    ("manager", ["House", "Resources", "Backups"]),
    ("owner", ["House", "Staff accounts", "Resources", "Security", "Backups", "Audit log"]),
])
def test_tabs_follow_the_role(role, tabs, request, open_section):
    section = open_section(request.getfixturevalue(f"{role}_ctx"))
    assert section.tab_titles() == tabs and not section.house_tab.save_btn.isHidden()


def test_second_owner_takes_over_the_key_slot(house, open_section, settle):
    accounts.create_account(house.store, Actor.system(), "rae", "Rae Owner", "owner", "second-owner-77")
    rae = accounts.login(house.store, "rae", "second-owner-77")
    tab = open_section(make_ctx(house, rae, "rae", "Rae Owner")).security_tab
    assert not tab.take_over_btn.isHidden() and "'olivia'" in tab.holder_label.text()
    tab.take_over()
    dlg = tab.dialog
    dlg.password.setText("not-it-at-all")
    dlg.submit()
    settle()
    assert dlg.isVisible() and "not your current password" in dlg.errors.label.text()
    dlg.password.setText("second-owner-77")
    dlg.submit()
    settle()
    assert vault.owner_slot_holder(house.store) == "rae"
    assert vault.key_from_secret(house.paths, password="second-owner-77") == house.store._db_key
    assert tab.take_over_btn.isHidden() and len(audit_details(house.store, "keys.owner_slot")) == 1
