"""A resident's preferred language: chosen at admission (the house's by default), changed
with an edit, kept through a CSV export and import; and the Residents services' words in
Spanish (problems, milestones, the timeline)."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from peerhouse.errors import ValidationError
from peerhouse.i18n import use_language
from peerhouse.services import houses, languages, residents, timeline
from peerhouse.services.milestones import milestones_between, sober_time_text
from peerhouse.services.residents_csv import export_residents
from peerhouse.services.residents_csv_read import ImportProblems
from peerhouse.services.residents_import import import_residents
from tests.support.audit_log import audit_details

HEADER = "first_name,last_name,language\n"


def _language(house, resident_id: int) -> str:
    with house.store.read() as s:
        return languages.resident_language(s, resident_id)


def _language_events(house) -> list[dict]:
    return [d for _e, d in audit_details(house.store, "language.set")]


def _spanish_house(house) -> None:
    languages.set_house_language(house.store, house.owner, house.house_id, "es")


def test_admitting_in_spanish_saves_the_language_with_its_audit_event(house):
    ana = house.admit("Ana", "López", language="es")
    assert _language(house, ana.id) == "es"
    assert {"language": "es", "bilingual": False}.items() <= _language_events(house)[0].items()
    ben = house.admit("Ben", "Okafor", language="en")  # English: no row, no event
    assert _language(house, ben.id) == "en"
    assert len(_language_events(house)) == 1


def test_a_new_resident_reads_the_houses_language_unless_another_is_chosen(house):
    _spanish_house(house)
    assert _language(house, house.admit("Ana", "López").id) == "es"
    assert _language(house, house.admit("Ben", "Okafor", language="en").id) == "en"


def test_a_refused_admission_saves_no_language(house):
    with pytest.raises(ValidationError):
        house.admit("Ana", "", language="es")
    with pytest.raises(ValidationError):
        house.admit("Ana", "López", language="fr")
    assert _language_events(house) == []


def test_an_edit_changes_the_language_alone_and_audits_it(house):
    ana = house.admit("Ana", "López")
    residents.edit(house.store, house.manager, ana.id, {"language": "es"})
    assert _language(house, ana.id) == "es"
    assert _language_events(house)[-1]["language"] == "es"
    # Only the language changed: no resident.edit event with an empty list of fields.
    assert [d for _e, d in audit_details(house.store, "resident.edit")] == []


def _export(house, path, **kw) -> list[dict[str, str]]:
    export_residents(house.store, house.owner, path, house_id=house.house_id, **kw)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_csv_round_trip_keeps_each_residents_language(house, tmp_path):
    house.admit("Ana", "López", bed="1", language="es")
    house.admit("Ben", "Okafor", bed="2")
    rows = _export(house, tmp_path / "out.csv")
    assert {r["first_name"]: r["language"] for r in rows} == {"Ana": "es", "Ben": "en"}
    oak = houses.create_house(house.store, house.owner, houses.HouseRules(
        name="Oak House", capacity=6, timezone="America/Chicago"))
    result = import_residents(house.store, house.owner, tmp_path / "out.csv", oak.id)
    with house.store.read() as s:
        got = sorted(languages.resident_language(s, rid) for rid in result.resident_ids)
    assert got == ["en", "es"]
    spoken = [d for d in _language_events(house) if d["language"] == "es"]
    assert len(spoken) == 2  # the admission, then the import


def test_a_language_cell_may_be_a_code_or_a_name_in_any_case(house, tmp_path):
    _spanish_house(house)
    src = tmp_path / "in.csv"
    src.write_text(HEADER + "Ana,López,ESPAÑOL\nBen,Okafor,spanish\nCy,Young,English\n"
                   "Dee,Park,\nEd,Ruiz,Espanol\nFay,Lee,EN\n", encoding="utf-8")
    result = import_residents(house.store, house.owner, src, house.house_id)
    with house.store.read() as s:
        got = [languages.resident_language(s, rid) for rid in result.resident_ids]
    # A blank cell is the house's language (Spanish here).
    assert got == ["es", "es", "en", "es", "es", "en"]


def test_a_bad_language_is_a_row_problem_in_the_readers_language(house, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(HEADER + "Ana,López,fr\n", encoding="utf-8")
    with pytest.raises(ImportProblems) as info:
        import_residents(house.store, house.owner, src, house.house_id)
    assert info.value.lines() == [
        "row 2: language must be en (English) or es (Spanish, Español), not 'fr'."]
    with use_language("es"):
        assert info.value.lines() == [
            "fila 2: language debe ser en (inglés) o es (español, Español), no 'fr'."]
        assert str(info.value).startswith("No se importó nada: el archivo tiene 1 problema")


def test_import_problems_read_as_whole_spanish_sentences(house, tmp_path):
    house.admit("Ana", "López", bed="1A")
    src = tmp_path / "in.csv"
    src.write_text("first_name,last_name,bed,celebrate_milestones_publicly\n"
                   "Ben,Okafor,1A,no\nCy,Young,2A,maybe\nAna,LOPEZ,3A,no\n", encoding="utf-8")
    with pytest.raises(ImportProblems) as info:
        import_residents(house.store, house.owner, src, house.house_id)
    with use_language("es"):
        lines = info.value.lines()
    assert lines[0] == "fila 2: La cama 1A ya está ocupada."
    assert lines[1] == "fila 3: celebrate_milestones_publicly debe ser yes o no."
    assert not any("row " in line or "is already" in line for line in lines)


def test_milestones_and_sober_time_read_in_spanish():
    sober = date(2024, 1, 10)
    with use_language("es"):
        assert sober_time_text(sober, date(2025, 4, 20)) == "1 año y 3 meses"
        assert sober_time_text(sober, date(2024, 2, 9)) == "30 días"
        labels = [m.label for m in milestones_between(sober, sober, sober + timedelta(days=31))]
    assert labels == ["24 horas", "7 días", "30 días"]
    assert sober_time_text(sober, date(2025, 4, 20)) == "1 year, 3 months"


def test_timeline_lines_render_in_the_readers_language(house):
    ana = house.admit("Ana", "López", sobriety_date=date.today() - timedelta(days=40))
    residents.change_sobriety_date(house.store, house.manager, ana.id,
                                   date.today() - timedelta(days=20), "Corrected")
    items = timeline.resident_timeline(house.store, house.manager, ana.id)
    texts = {str(i.summary) for i in items}
    assert any(t.startswith("Moved in to ") for t in texts)
    spanish = {i.summary.render("es") for i in items}
    assert any(t.startswith("Ingresó a ") for t in spanish)
    assert any(t.startswith("Fecha de sobriedad cambiada de ") for t in spanish)
    assert not any("Moved in" in t or "Sobriety date" in t for t in spanish)
    assert str(timeline.KIND_LABELS["stay"].render("es")) == "Ingreso / salida"
