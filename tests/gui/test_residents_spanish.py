"""The Residents section, a resident's page and Today built in Spanish: Spanish words on
screen and none of the English ones; and a resident admitted in Spanish from the form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from peerhouse.i18n import set_default_language
from peerhouse.services import languages
from peerhouse.ui.manager.residents.form import ResidentFormDialog
from peerhouse.ui.manager.residents.page.page import ResidentPage
from peerhouse.ui.manager.residents.section import ResidentsSection
from tests.gui.steps import shown
from tests.gui.test_today import shown as shown_today
from tests.support.audit_log import audit_details, house_today


def texts(root: QWidget) -> set[str]:
    """Every word a person can read in `root`: labels, buttons, group titles, tabs, combo
    items, placeholders and table headers (mnemonic '&' removed)."""
    found: set[str] = set()
    for w in root.findChildren(QLabel):
        found.add(w.text())
    for w in root.findChildren(QAbstractButton):
        found.add(w.text())
    for w in root.findChildren(QGroupBox):
        found.add(w.title())
    for w in root.findChildren(QTabWidget):
        found.update(w.tabText(i) for i in range(w.count()))
    for w in root.findChildren(QComboBox):
        found.update(w.itemText(i) for i in range(w.count()))
    for w in root.findChildren(QLineEdit):
        found.add(w.placeholderText())
    for w in root.findChildren(QTableView):
        model = w.model()
        found.update(str(model.headerData(c, Qt.Orientation.Horizontal))
                     for c in range(model.columnCount()))
    return {t.replace("&", "") for t in found if t}


def assert_spanish(root: QWidget, spanish_words: set[str], english_words: set[str]) -> None:
    shown_words = texts(root)
    joined = "\n".join(shown_words)
    missing = {w for w in spanish_words if w not in joined}
    assert not missing, f"not on screen: {missing}"
    english = {w for w in english_words if re.search(rf"\b{re.escape(w)}\b", joined)}
    assert not english, f"still English: {english}"


def test_the_residents_section_reads_spanish(qtbot, settle, house, manager_ctx, spanish):
    house.admit("Ana", "López", bed="1", sobriety_date=house_today() - timedelta(days=40))
    section = shown(qtbot, settle, ResidentsSection(manager_ctx), 1100, 700)
    assert_spanish(section, {"Residentes", "Mostrar", "Ingresar", "Importar…", "Editar",
                             "Registrar salida…", "Restablecer PIN", "Cambiar de casa",
                             "Nombre", "Cama", "Fase", "Fecha de ingreso", "Días en sobriedad",
                             "Estado", "Actuales", "Solicitantes", "Todos", "1 residente actual"},
                   {"Admit", "Import…", "Move out", "Reset PIN", "Move house", "Days sober",
                    "Status", "Active", "Applicants", "active resident", "Search by name"})


def test_admitting_in_spanish_offers_the_houses_language_and_saves_it(
        qtbot, settle, house, manager_ctx, spanish):
    languages.set_house_language(house.store, house.owner, house.house_id, "es")
    section = shown(qtbot, settle, ResidentsSection(manager_ctx), 1100, 700)
    dialog = section.admit()
    assert isinstance(dialog, ResidentFormDialog)
    assert dialog.windowTitle() == "Ingresar a un residente"
    assert dialog.language.currentText() == "Español"
    assert [dialog.language.itemText(i) for i in range(2)] == ["English", "Español"]
    assert_spanish(dialog, {"Nombre", "Apellido", "Idioma preferido", "Fecha de nacimiento",
                            "Contacto de emergencia", "Recuperación", "Padrino o madrina",
                            "Logros", "Ingresar"},
                   {"First name", "Last name", "Preferred language", "Emergency contact",
                    "Sponsor", "Milestones", "Admit"})
    dialog.text["first name"].setText("Rosa")
    dialog.text["last name"].setText("Díaz")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle()
    qtbot.waitUntil(lambda: not section.busy, timeout=15000)
    spoken = [d for _e, d in audit_details(house.store, "language.set") if d["language"] == "es"]
    assert len(spoken) == 2  # the house, then Rosa
    rosa = [r for r in section.model.rows if r.first_name == "Rosa"]
    assert rosa
    with house.store.read() as s:
        assert languages.resident_language(s, rosa[0].id) == "es"


def test_an_empty_form_names_its_spanish_label(qtbot, settle, house, manager_ctx, spanish):
    section = shown(qtbot, settle, ResidentsSection(manager_ctx), 1100, 700)
    dialog = section.admit()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=15000)
    # The field's on-screen label, whatever language the sentence around it is in.
    assert dialog.error_label.text().startswith("«Nombre»")


def test_a_residents_page_reads_spanish(qtbot, settle, house, manager_ctx, spanish):
    ana = house.admit("Ana", "López", bed="1", language="es",
                      sobriety_date=house_today() - timedelta(days=40))
    page = ResidentPage(manager_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.show_resident(ana.id)
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)
    settle()
    assert page.tab_titles() == ["Resumen", "Historial", "Metas", "Mentoría",
                                 "Consentimientos", "Gráfica"]
    assert "Residente actual" in page.facts_label.text()
    assert "Español" in page.facts_label.text()
    assert page.overview.sober_value.text() == "40 días"
    assert_spanish(page.overview, {"Tiempo en sobriedad", "Estancia", "Contacto", "Logros",
                                   "Idioma preferido", "Español", "Próximo logro"},
                   {"Sobriety time", "Stay", "Contact", "Milestones", "Next milestone",
                    "Preferred language", "days to go"})
    page.tabs.setCurrentWidget(page.timeline_tab)
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)
    settle()
    rows = [page.timeline_tab.model.data(page.timeline_tab.model.index(r, 2))
            for r in range(page.timeline_tab.model.rowCount())]
    assert any(str(t).startswith("Ingresó a ") for t in rows)
    assert_spanish(page.timeline_tab, {"Cuándo", "Qué", "Detalles", "Últimos 90 días",
                                       "Ingreso / salida"},
                   {"When", "What", "Details", "Last 90 days", "Move in / out", "Moved in"})


def test_today_reads_spanish(qtbot, settle, house, manager_ctx, spanish):
    house.admit("Ana", "López", bed="1", sobriety_date=house_today() - timedelta(days=29))
    section = shown_today(qtbot, settle, manager_ctx)
    assert "actualizado a las" in section.status.text()
    beds = section.cards["census"].buttons()[0]
    assert re.fullmatch(r"1 / \d+", beds.text())  # the big number of beds filled
    assert re.fullmatch(r"1 de \d+ camas ocupadas", beds.accessibleName())
    assert_spanish(section, {"Hoy", "Actualizar", "Camas", "Sin registro diario hoy",
                             "Pidió hablar", "Tareas atrasadas", "Logros de esta semana",
                             "Próxima reunión", "camas ocupadas", "30 días"},
                   {"Refresh", "Beds", "Not checked in", "Asked to talk", "Overdue chores",
                    "Milestones this week", "Next meeting", "beds filled", "30 days",
                    "No meeting is scheduled"})


def _mnemonics(root: QWidget) -> list[str]:
    """The Alt+letters of the labels and buttons a person can reach in `root`."""
    keys = []
    for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        text = w.text()
        at = text.find("&")
        if at >= 0 and at + 1 < len(text) and w.isVisibleTo(root):
            keys.append(text[at + 1].casefold())
    return keys


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_resident_form_keeps_one_alt_letter_per_field(
        qtbot, settle, house, manager_ctx, spanish, language):
    set_default_language(language)
    ana = house.admit("Ana", "López", bed="1")
    section = shown(qtbot, settle, ResidentsSection(manager_ctx), 1100, 700)
    admit = section.admit()
    keys = _mnemonics(admit)
    assert len(keys) >= 15 and len(keys) == len(set(keys)), sorted(keys)
    admit.close()
    section.select_resident(ana.id)
    section.edit_selected()
    qtbot.waitUntil(lambda: section.dialog is not admit, timeout=15000)
    edit = section.dialog
    edit.sobriety.set_value(house_today())  # the reason row shows, with its Alt+letter
    keys = _mnemonics(edit)
    assert len(keys) >= 14 and len(keys) == len(set(keys)), sorted(keys)


def test_editing_in_spanish_changes_the_language(qtbot, settle, house, manager_ctx, spanish):
    ana = house.admit("Ana", "López", bed="1")
    section = shown(qtbot, settle, ResidentsSection(manager_ctx), 1100, 700)
    assert section.select_resident(ana.id)
    section.edit_selected()
    qtbot.waitUntil(lambda: isinstance(section.dialog, ResidentFormDialog), timeout=15000)
    dialog = section.dialog
    assert dialog.language.currentText() == "English"
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle()
    qtbot.waitUntil(lambda: not section.busy, timeout=15000)
    with house.store.read() as s:
        assert languages.resident_language(s, ana.id) == "es"
    assert [d["language"] for _e, d in audit_details(house.store, "language.set")] == ["es"]
