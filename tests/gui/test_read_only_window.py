"""The manager window over a read-only data folder (store/read_only.py): signing in and
reading work, and saving a change says "the data folder is read-only" in the form,
which stays open with what was typed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from peerhouse.services import accounts
from peerhouse.store import read_only, vault
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.residents.section import ResidentsSection
from tests.conftest import OWNER_PASSWORD
from tests.gui.steps import shown


def test_a_change_in_the_window_says_the_data_folder_is_read_only(qtbot, house, settle,
                                                                  monkeypatch, tmp_path):
    house.admit("Alex", "Rivera")
    house.store.close()
    root = house.paths.root
    monkeypatch.setattr(read_only, "writable", lambda folder, db: Path(folder) != root)
    store = vault.open_from_keyring(house.paths)
    try:
        owner = accounts.login(store, "olivia", OWNER_PASSWORD)
        ctx = AppContext(paths=house.paths, store=store, actor=owner, username="olivia",
                         display_name="Olivia Owner", house_id=house.house_id)
        section = shown(qtbot, settle, ResidentsSection(ctx), 1100, 700)
        assert section.model.rowCount() == 1  # reading works
        dialog = section.admit()
        qtbot.keyClicks(dialog.text["first name"], "Jordan")
        qtbot.keyClicks(dialog.text["last name"], "Lee")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        settle()
        messages = [dialog.error_label.text()] + [
            w.text() for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]
        assert any("the data folder is read-only" in text.lower() for text in messages), messages
        assert dialog.isVisible() and dialog.text["first name"].text() == "Jordan"
        dialog.grab().save(str(tmp_path / "read-only-admit.png"))
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox):
                w.close()
        dialog.reject()
    finally:
        store.close()
