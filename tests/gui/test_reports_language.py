"""Reports in Spanish, and the Language choice: it starts as the paper's reader's (the
house's for the board, both for a bilingual house; the resident's for a progress report;
the window's for the manager summary) and the paper is made in what is chosen."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QLabel

from peerhouse.services import clock, consent, languages
from peerhouse.ui.manager.reports.section import ReportsSection
from tests.gui.conftest import make_ctx
from tests.gui.steps import shown
from tests.support.pdfcheck import text

TZ = "America/Chicago"



def kind(section: ReportsSection, key: str) -> None:
    section.form.kind.setCurrentIndex(section.form.kind.findData(key))


def visible_text(section: ReportsSection) -> str:
    labels = [w.text() for w in section.findChildren(QLabel) if w.isVisible()]
    combos = [section.form.kind.itemText(i) for i in range(section.form.kind.count())]
    return " ".join([*labels, *combos, section.form.preview_button.text(),
                     section.panel.save_button.text(), section.panel.print_button.text()])


def test_the_reports_section_in_spanish(house, qtbot, settle, spanish):
    section = shown(qtbot, settle, ReportsSection(make_ctx(house, house.manager)), 1200, 800)
    words = visible_text(section)
    for spanish_words in ("Qué imprimir", "Tablero de la casa (público)", "Para el tablero de "
                          "avisos", "Mostrar &vista previa", "&Guardar como…", "&Imprimir…",
                          "I&dioma:", "Elija un informe a la izquierda"):
        assert spanish_words in words, spanish_words
    for english in ("What to print", "House board (public)", "Show &preview", "&Save as…",
                    "&Language:", "Choose a report"):
        assert english not in words, english
    form = section.form
    # Each mnemonic once in Spanish too (Alt+letter reaches one field or button).
    keys = [form.rows[k][0].text() for k in form.rows] + [
        w.text() for w in (form.preview_button, section.panel.save_button,
                           section.panel.print_button)]
    keys += [label.text() for label in form.findChildren(QLabel) if label.buddy() is form.language]
    letters = [t[t.index("&") + 1].lower() for t in keys if "&" in t]
    assert len(letters) == len(set(letters)) >= 8, keys
    kind(section, "weekly_manager")
    settle()
    # The manager summary starts in the window's language: the staff member's.
    assert form.paper_language() == "es" and form.language.currentText() == "Español"
    assert "semana pasada" in form.week_label.text()
    form.preview_button.click()
    settle()
    report = section.panel.report
    assert report.title.startswith("Resumen semanal para el encargado o encargada (confidencial)")
    assert "Ocupación" in text(report.pdf) and "Census" not in text(report.pdf)
    assert section.panel.page_label.text().startswith("Página 1 de ")


def test_the_language_starts_as_the_readers_and_the_paper_follows_the_choice(house, qtbot,
                                                                             settle):
    today = clock.local_day(clock.now(), TZ)
    ana = house.admit("Ana", "Soto", move_in_date=today - timedelta(days=30))
    ben = house.admit("Ben", "Lee", move_in_date=today - timedelta(days=30))
    languages.set_resident_language(house.store, house.manager, ana.id, "es")
    languages.set_house_language(house.store, house.owner, house.house_id, "es", bilingual=True)
    for who in (ana, ben):
        consent.record_consent(house.store, house.manager, who.id, recipient="Clinic",
                               purpose="Care", information="Attendance", parts=["attendance"],
                               signed_on=today, expires_on=today + timedelta(days=30))
    section = shown(qtbot, settle, ReportsSection(make_ctx(house, house.manager)), 1200, 800)
    form = section.form
    # The board: the house is Spanish and bilingual, so both, Spanish first.
    assert form.paper_language() == "both"
    assert [form.language.itemData(i) for i in range(form.language.count())] == [
        "en", "es", "both"]
    assert [form.language.itemText(i) for i in range(2)] == ["English", "Español"]
    form.preview_button.click()
    settle()
    body = " ".join(text(section.panel.report.pdf).split())
    assert "Tablero de la casa" in body and "House board" in body
    assert body.index("Reuniones de esta semana") < body.index("Meetings this week")
    # An English copy: choosing clears the preview, the paper is English only.
    form.language.setCurrentIndex(form.language.findData("en"))
    settle()
    assert section.panel.report is None
    form.preview_button.click()
    settle()
    body = text(section.panel.report.pdf)
    assert "Meetings this week" in body and "Reuniones" not in body
    # A progress report: the resident's language; no "both" for it.
    kind(section, "resident")
    settle()
    assert [form.language.itemData(i) for i in range(form.language.count())] == ["en", "es"]
    for who, code in ((ana, "es"), (ben, "en")):
        form.resident.setCurrentIndex(form.resident.findData(who.id))
        settle()
        assert form.paper_language() == code, who.first_name
    form.resident.setCurrentIndex(form.resident.findData(ana.id))
    settle()
    form.preview_button.click()
    settle()
    body = text(section.panel.report.pdf)
    assert "Informe de progreso del residente" in body and "At a glance" not in body
    # The window stays in its own language (English here); only the paper is Spanish.
    assert section.panel.report.title.startswith("Resident progress report (confidential)")
