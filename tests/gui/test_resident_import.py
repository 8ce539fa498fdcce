"""Importing residents in the window: progress while the file is checked, the rows to fix,
possible duplicates confirmed with "Import anyway", and Stop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from peerhouse.models.people import Resident
from peerhouse.services import residents_import
from peerhouse.ui.manager.residents.import_csv import ImportDialog
from tests.gui.gates import Gate, enough_threads
from tests.gui.test_residents import _section
from tests.support.tables import count_rows

HEADER = "first_name,last_name,date_of_birth,status\n"


def _csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "residents.csv"
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_possible_duplicates_are_listed_and_imported_only_when_confirmed(
        qtbot, manager_ctx, house, settle, tmp_path):
    house.admit("Ana", "López", date_of_birth="1990-01-01", status="applicant")
    section = _section(qtbot, manager_ctx, settle)
    assert section.buttons["import"].isVisible()
    src = _csv(tmp_path, "ANA,LOPEZ,1990-01-01,applicant", "Ben,Ng,1985-02-02,applicant")
    dialog = section.import_csv(src)
    assert isinstance(dialog, ImportDialog)
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    settle()
    assert "may already be in the house" in dialog.status.text()
    assert dialog.problems.toPlainText() == (
        "row 2: ANA LOPEZ may be the same person as Ana López, already in this house (same "
        "name and date of birth).")
    assert dialog.anyway.isVisible() and dialog.close_button.isDefault()
    assert count_rows(house.store, Resident) == 1
    qtbot.mouseClick(dialog.anyway, Qt.MouseButton.LeftButton)
    settle()
    assert dialog.status.text() == "Imported 2 residents into Maple House."
    assert seen and seen[-1] == 100 and not dialog.anyway.isVisible()
    assert count_rows(house.store, Resident) == 3
    assert section.data is not None and len(section.data.rows) == 3  # the list reloaded
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_rows_to_fix_are_listed_and_nothing_is_saved(qtbot, manager_ctx, house, settle,
                                                     tmp_path):
    section = _section(qtbot, manager_ctx, settle)
    dialog = section.import_csv(_csv(tmp_path, "Ana,Lopez,1990-13-01,applicant",
                                     "Ben,,,applicant"))
    settle()
    assert dialog.status.text().startswith("Nothing was imported: 2 rows need fixing")
    assert dialog.problems.toPlainText().splitlines() == [
        "row 2: Date of birth must be a date written YYYY-MM-DD.",
        "row 3: Last name is required."]
    assert not dialog.anyway.isVisible() and count_rows(house.store, Resident) == 0


def test_stop_while_checking_saves_nothing(qtbot, manager_ctx, house, settle, tmp_path,
                                           monkeypatch):
    gate = Gate(residents_import.read_table)
    monkeypatch.setattr(residents_import, "read_table", gate)
    section = _section(qtbot, manager_ctx, settle)
    with enough_threads():
        dialog = section.import_csv(_csv(tmp_path, "Ana,Lopez,1990-01-01,applicant"))
        assert gate.started.wait(10)
        assert dialog.close_button.text() == "&Stop"
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.status.text() == "Stopping…"
        gate.release()
        settle()
    assert dialog.status.text() == "Stopped. Nothing was imported." and count_rows(house.store, Resident) == 0
    assert dialog.close_button.isEnabled()


def test_staff_cannot_import(qtbot, staff_ctx, settle):
    section = _section(qtbot, staff_ctx, settle)
    assert "import" not in section.buttons and section.import_csv(Path("x.csv")) is None
