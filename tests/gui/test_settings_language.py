"""The manager window in a staff member's language: built in it at sign-in (Qt's own
buttons too), rebuilt when they change it under Settings › My account, an owner setting
another account's language, a house's papers' language saved with its rules (audited),
the sign-in's English | Español switch, and every Settings tab in Spanish."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
)
from sqlmodel import select

from peerhouse.i18n import default_language, set_default_language
from peerhouse.models import AuditEvent
from peerhouse.services import languages
from peerhouse.ui.app import ManagerApp
from peerhouse.ui.manager.settings.account_dialogs import MyAccountDialog, RoleDialog
from peerhouse.ui.manager.settings.section import SettingsSection
from peerhouse.ui.qt_language import use_qt_language
from peerhouse.ui.session.login import LoginDialog
from peerhouse.ui.session.login_language import FILE_NAME, remember, remembered
from tests.gui.steps import shown, sign_in

SPANISH_SECTIONS = ["Hoy", "Residentes", "Reuniones", "Tareas", "Seguimiento", "Informes",
                    "Configuración"]
ENGLISH_SECTIONS = ["Today", "Residents", "Meetings", "Chores", "Accountability", "Reports",
                    "Settings"]


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """Every test leaves the process in English, as the rest of the suite expects."""
    before = QLocale()
    yield
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            box.done(0)
    set_default_language("en")
    use_qt_language("en")
    QLocale.setDefault(before)


def _audit(store, action: str) -> list[AuditEvent]:
    with store.read() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)))


def _sidebar(window) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def _texts(root: QWidget) -> list[str]:
    """What a person reads in `root`: labels, buttons, tab titles, combo items, tooltips."""
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton):
            found.append(w.text().replace("&", ""))
        if isinstance(w, QTabWidget):
            found += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        found += [w.toolTip(), w.accessibleName()]
    return [t for t in found if t]


def _cancel_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    try:
        return box.button(QDialogButtonBox.StandardButton.Cancel).text()
    finally:
        box.deleteLater()


@pytest.fixture
def manny_in_spanish(house) -> Iterator[ManagerApp]:
    languages.set_staff_language(house.store, house.owner, house.manager.id, "es")
    app = ManagerApp(house.paths)
    app.store = house.store
    yield app
    if app.ctx is not None:
        app.logout()
    if app.dialog is not None:
        app.dialog.close()


def test_a_spanish_speaking_staff_member_signs_in_to_a_spanish_window(qtbot, manny_in_spanish):
    window = sign_in(qtbot, manny_in_spanish, "manny", "manager-pass-123")
    assert default_language() == "es"
    assert _sidebar(window) == SPANISH_SECTIONS
    top = {b.text() for b in window.findChildren(QAbstractButton)}
    assert {"Ayuda", "Bloquear", "Iniciar el quiosco", "Cerrar sesión"} <= top
    assert not top & {"Help", "Lock", "Start kiosk", "Log out"}
    assert _cancel_text() == "Cancelar"  # Qt's own words too
    window.show_section("settings")
    settings = window.section("settings")
    assert settings.tab_titles() == ["Casa", "Recursos", "Copias de seguridad"]


def test_changing_my_language_rebuilds_the_window_in_it_on_the_same_section(
        qtbot, settle, house, manny_in_spanish):
    app = manny_in_spanish
    old = sign_in(qtbot, app, "manny", "manager-pass-123")
    old.show_section("settings")
    settings = old.section("settings")
    [mine] = [b for b in settings.findChildren(QAbstractButton) if b.text() == "Mi cuenta…"]
    mine.click()
    dialog = settings.dialog
    assert isinstance(dialog, MyAccountDialog)
    qtbot.waitUntil(dialog.language.isEnabled, timeout=5000)
    assert dialog.language.currentData() == "es"  # the saved choice, shown
    assert [dialog.language.itemText(i) for i in range(2)] == ["English", "Español"]
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: app.window is not None and app.window is not old, timeout=15000)
    window = app.window
    qtbot.addWidget(window)
    settle()
    assert _sidebar(window) == ENGLISH_SECTIONS and default_language() == "en"
    assert _cancel_text() == "Cancel"
    assert window.current_section() is not None and window.current_section().key == "settings"
    with house.store.read() as s:
        assert languages.staff_language(s, house.manager.id) == "en"
    [event] = [e for e in _audit(house.store, "language.set") if e.entity == "staff"
               and json.loads(e.details)["language"] == "en"]
    assert event.entity_id == str(house.manager.id)


def test_the_owner_sets_another_accounts_language_beside_its_role(qtbot, settle, house,
                                                                  owner_ctx):
    section = shown(qtbot, settle, SettingsSection(owner_ctx), 1280, 800)
    section.refresh()
    tab = section.accounts_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=5000)
    tab.select(house.staff.id)
    tab.change_role()
    dialog = tab.dialog
    assert isinstance(dialog, RoleDialog) and dialog.language.currentData() == "en"
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    with house.store.read() as s:
        assert languages.staff_language(s, house.staff.id) == "es"
    column = [c.title for c in tab.columns].index("Language")
    qtbot.waitUntil(lambda: "Español" in [tab.model.index(r, column).data()
                                          for r in range(tab.model.rowCount())], timeout=5000)


def test_the_house_papers_language_saves_with_the_rules_and_is_audited(qtbot, settle, house,
                                                                        manager_ctx):
    section = shown(qtbot, settle, SettingsSection(manager_ctx), 1280, 800)
    section.refresh()
    tab = section.house_tab
    qtbot.waitUntil(lambda: tab.data is not None, timeout=5000)
    assert tab.papers_language.currentData() == "en" and not tab.bilingual.isChecked()
    tab.papers_language.setCurrentIndex(tab.papers_language.findData("es"))
    tab.bilingual.setChecked(True)
    tab.save_rules()
    qtbot.waitUntil(lambda: tab.saved_note.text() == "Saved.", timeout=5000)
    with house.store.read() as s:
        assert languages.house_language(s, house.house_id) == languages.HouseLanguage("es", True)
    [event] = [e for e in _audit(house.store, "language.set") if e.entity == "house"]
    assert event.entity_id == str(house.house_id) and event.actor == f"staff:{house.manager.id}"
    help_lines = [t for t in _texts(tab) if "this language" in t]
    assert help_lines, "a line says what the language setting changes"


def test_every_settings_tab_reads_in_spanish(qtbot, settle, house, owner_ctx):
    set_default_language("es")
    use_qt_language("es")
    section = shown(qtbot, settle, SettingsSection(owner_ctx), 1280, 800)
    section.refresh()
    qtbot.waitUntil(lambda: section.house_tab.data is not None
                    and section.accounts_tab.model.rowCount() == 3, timeout=5000)
    assert section.tab_titles() == ["Casa", "Cuentas del personal", "Recursos", "Seguridad",
                                    "Copias de seguridad", "Registro de auditoría"]
    seen: list[str] = []
    for i in range(section.tabs.count()):
        section.tabs.setCurrentIndex(i)
        settle()
        seen += _texts(section.tabs.widget(i))
    text = "\n".join(seen + _texts(section))
    for spanish in ("Reglas de la casa", "Guardar reglas", "Agregar cuenta…", "Mi cuenta…",
                    "Idioma de los documentos de la casa", "Hacer una copia ahora",
                    "Verificar cadena", "Todas las acciones", "Bloqueo de pantalla, quiosco y avisos",
                    "Código de recuperación", "Buscar en el directorio"):
        assert spanish in text, spanish
    for english in ("House rules", "Save rules", "Add account", "My account", "Back up now",
                    "Verify chain", "All actions", "Recovery code", "Search the directory",
                    "Staff accounts", "Audit log", "Never"):
        assert not re.search(rf"\b{re.escape(english)}\b", text), english


def test_spanish_mnemonics_are_unique_on_every_settings_tab(qtbot, settle, owner_ctx):
    set_default_language("es")
    section = shown(qtbot, settle, SettingsSection(owner_ctx), 1280, 800)
    for i in range(section.tabs.count()):
        section.tabs.setCurrentIndex(i)
        settle()
        keys: dict[str, list[str]] = {}
        for w in section.findChildren(QLabel) + section.findChildren(QAbstractButton):
            if not w.isVisibleTo(section) or w.isHidden():
                continue
            found = re.search(r"&([^&\s])", w.text())
            if found:
                keys.setdefault(found.group(1).lower(), []).append(w.text())
        clashes = {k: v for k, v in keys.items() if len(v) > 1}
        assert clashes == {}, f"{section.tabs.tabText(i)}: {clashes}"


def test_the_sign_in_switches_language_and_this_pc_remembers_it(qtbot, house):
    dialog = LoginDialog(house.store, house_name="Maple House")
    qtbot.addWidget(dialog)
    chosen: list[str] = []
    dialog.language_chosen.connect(chosen.append)
    assert dialog.ok_button.text() == "&Sign in"
    assert not dialog.switch.buttons["en"].isEnabled()
    qtbot.mouseClick(dialog.switch.buttons["es"], Qt.MouseButton.LeftButton)
    assert chosen == ["es"] and default_language() == "es"
    assert dialog.title.text() == "Le damos la bienvenida a PeerHouse"
    assert dialog.ok_button.text() == "&Iniciar sesión" and dialog.leave_button.text() == "&Salir"
    assert dialog.hint.text() == "Inicie sesión con su cuenta del personal de Maple House."
    assert _cancel_text() == "Cancelar"
    assert [b.text() for b in dialog.switch.buttons.values()] == ["English", "Español"]
    assert remembered(house.paths) is None
    remember(house.paths, "es")
    assert remembered(house.paths) == "es"
    kept = house.paths.root / FILE_NAME
    assert kept.read_text() == "es" and kept.stat().st_mode & 0o077 == 0
    kept.write_text("xx")  # anything else is ignored
    assert remembered(house.paths) is None
    qtbot.mouseClick(dialog.switch.buttons["en"], Qt.MouseButton.LeftButton)
    assert dialog.ok_button.text() == "&Sign in" and chosen == ["es", "en"]


def test_the_set_up_wizard_starts_again_in_the_language_chosen_on_it(qtbot):
    from peerhouse.app.startup import State
    from peerhouse.paths import DataPaths
    from peerhouse.ui.session.setup_wizard import SetupWizard

    app = ManagerApp(DataPaths.resolve())
    app.start()
    first = app.dialog
    assert isinstance(first, SetupWizard) and first.windowTitle() == "Set up PeerHouse"
    qtbot.mouseClick(first.switch.buttons["es"], Qt.MouseButton.LeftButton)
    wizard = app.dialog
    assert isinstance(wizard, SetupWizard) and wizard is not first
    qtbot.addWidget(wizard)
    assert app.state is State.SETTING_UP and not first.isVisible()
    assert wizard.windowTitle() == "Configurar PeerHouse"
    assert wizard.currentPage().title() == "Le damos la bienvenida a PeerHouse"
    wizard.next()
    assert wizard.house_page.title() == "Su casa"
    assert wizard.button(wizard.WizardButton.BackButton).text().replace("&", "") == "< Atrás"
    wizard.rejected.disconnect()  # closing it here must not quit the test run
    wizard.close()


def test_my_account_is_not_unsaved_input_once_it_shows_the_saved_language(qtbot, house,
                                                                           manager_ctx):
    """Escape closes My account without "Discard what you typed?" when nothing was changed:
    the saved language arrives after the dialog appears, and is not the person's typing."""
    languages.set_staff_language(house.store, house.owner, house.manager.id, "es")
    dialog = MyAccountDialog(manager_ctx)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(dialog.language.isEnabled, timeout=5000)
    assert dialog.language.currentData() == "es" and not dialog.is_dirty()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
