"""The kiosk in the reader's language: the house's at the start screen (EN / ES to change
it), the resident's from sign-in until the kiosk returns to the start, a resident's own
switch on their home screen (saved, audited), Spanish letters on the on-screen keyboard,
and the language from before the kiosk opened put back when it closes.

The walk reads every visible word of each screen (texts, accessible names and
descriptions, grey hints) and fails on any that is one of the kiosk's English messages.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from peerhouse.i18n import catalog, default_language, set_default_language
from peerhouse.models.audit_actions import Action
from peerhouse.services import languages, resources
from peerhouse.ui.kiosk.window import KioskWindow
from peerhouse.ui.qt_language import use_qt_language
from tests.gui.test_kiosk import button, enter_pin, resident, tap
from tests.gui.test_kiosk_input import busy_resident  # noqa: F401 (a fixture)
from tests.support.audit_log import audit_events

KIOSK_FILES = ("peerhouse/ui/kiosk/", "peerhouse/services/kiosk.py", "peerhouse/services/pins.py")
AFTER_LOGIN = ("checkin", "talk", "chores", "signout", "meeting", "schedule", "resources",
               "goals", "crisis")


@pytest.fixture(autouse=True)
def english_after():
    """Whatever a test leaves behind, the next one starts in English."""
    yield
    set_default_language("en")
    if QCoreApplication.instance() is not None:
        use_qt_language("en")


@cache
def english_messages() -> frozenset[str]:
    """The kiosk's own English messages (whole, without {fields}) that read differently
    in Spanish: any of them on a Spanish screen is a word left untranslated."""
    path = catalog.LOCALE_DIR / "es" / "LC_MESSAGES" / "peerhouse.po"
    with path.open("rb") as file:
        po = read_po(file, locale="es")
    found = set()
    for m in po:
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if (m.id and any(loc.startswith(KIOSK_FILES) for loc, _line in m.locations)
                and ids[0] not in strings):
            found.update(i for i in ids if "{" not in i)
    return frozenset(found)


def words(root: QWidget) -> list[str]:
    """Everything a person (or a screen reader) meets on the visible part of `root`."""
    out = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QLabel) and widget.textFormat() == Qt.TextFormat.RichText:
            out += QTextDocumentFragment.fromHtml(widget.text()).toPlainText().splitlines()
        elif isinstance(widget, QLabel | QAbstractButton):
            out += widget.text().replace("&&", "&").split("\n")
        if isinstance(widget, QLineEdit):
            out.append(widget.placeholderText())
        out += [widget.accessibleName(), widget.accessibleDescription()]
    return [w.strip() for w in out if w.strip()]


def english_left(win: KioskWindow) -> list[str]:
    # Not the kiosk's words: what the English button says in English (each language in
    # its own words), and crisis lines' names as the directory holds them (data).
    english = english_messages() - {"Show the kiosk in English",
                                    resources.LIFELINE_988["name"],
                                    resources.SAMHSA_HELPLINE["name"]}
    return sorted({f"{win.current.key}: {w!r}" for w in words(win) if w in english})


@pytest.fixture
def spanish_house(house, busy_resident):  # noqa: F811
    """A Spanish-speaking house and resident, with something on every screen."""
    languages.set_house_language(house.store, house.owner, house.house_id, "es")
    languages.set_resident_language(house.store, house.manager, busy_resident.id, "es")
    return busy_resident


def test_a_spanish_house_walks_the_whole_kiosk_in_spanish(spanish_house, qtbot, settle,
                                                           open_kiosk):
    res = spanish_house
    win = open_kiosk()
    problems = []
    assert win.language == "es" and win.current.title.text() == "Bienvenidos"
    assert "Toque su nombre para empezar." in words(win)
    problems += english_left(win)
    tap(qtbot, settle, win, "English")  # the toggle: the start screen redraws in English
    assert win.current.key == "start" and win.current.title.text() == "Welcome"
    assert "Need help now? Call or text" in words(win)
    tap(qtbot, settle, win, "Español")
    assert win.current.title.text() == "Bienvenidos"
    tap(qtbot, settle, win, f"Soy {res.board_name}")
    assert win.current.key == "pin" and win.current.title.text() == f"Hola, {res.board_name}"
    assert "Escriba su PIN de 6 dígitos." in words(win)
    problems += english_left(win)
    enter_pin(qtbot, settle, win, "000000")  # a wrong PIN: the refusal in Spanish too
    assert win.current.message.text() == "Ese PIN no coincide. Le quedan 4 intentos más."
    enter_pin(qtbot, settle, win, "402917")
    qtbot.waitUntil(lambda: win.current.key == "home")
    settle()
    home = win.current
    assert home.title.text() == "Hola, Zephyrine" and home.sober_count.text() == "30 días"
    assert "Registrarme" in words(win) and "Quiero hablar con alguien" in words(win)
    problems += english_left(win)
    spanish = {"checkin": "¿Cómo se siente hoy?", "talk": "Avisar a alguien",
               "chores": "Mis tareas", "signout": "¿Adónde va?", "meeting": "¿De qué comunidad?",
               "schedule": "Próxima reunión de la casa", "resources": "Clínicas y salud",
               "goals": "Quixotic goal", "crisis": "Ayuda ahora mismo"}
    for key in AFTER_LOGIN:
        win.show_screen(key)
        settle()
        assert spanish[key] in " ".join(words(win)), key
        problems += english_left(win)
    for key in ("resources", "crisis"):  # the lines that answer in Spanish
        win.show_screen(key)
        settle()
        text = " ".join(words(win))
        assert "Llame al 988 y oprima el 2 para hablar en español." in text
        assert "1-800-662-4357" in text and "en inglés y en español" in text
    win.show_screen("signout")
    box = win.current.where
    box.setFocus()
    settle()
    assert win.keyboard.isVisible() and "Espacio" in words(win.keyboard)
    problems += english_left(win)
    win.confirm("Gracias")
    settle()
    assert any(w.startswith("Volviendo al inicio en") for w in words(win))
    problems += english_left(win)
    assert problems == []


def test_the_residents_language_wins_after_sign_in_and_the_houses_comes_back(
        house, qtbot, settle, open_kiosk):
    res = resident(house)
    languages.set_resident_language(house.store, house.manager, res.id, "es")
    win = open_kiosk()
    assert win.language == "en" and win.current.title.text() == "Welcome"
    tap(qtbot, settle, win, f"I am {res.board_name}")
    assert win.current.title.text() == f"Hi, {res.board_name}"  # still the house's
    enter_pin(qtbot, settle, win, "402917")
    qtbot.waitUntil(lambda: win.current.key == "home")
    settle()
    assert win.language == "es" and default_language() == "es"
    assert win.current.title.text() == "Hola, Alex"
    assert QLocale().name() == "es_US"  # Qt's own words and locale follow
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    tap(qtbot, settle, win, "Mis tareas")
    assert win.current.key == "chores" and win.current.title.text() == "Mis tareas"
    tap(qtbot, settle, win, "Volver")
    tap(qtbot, settle, win, "Terminé: salir de la pantalla de la casa")
    assert win.current.key == "start" and win.actor is None
    assert win.language == "en" and win.current.title.text() == "Welcome"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_start_screen_toggle_lasts_until_someone_signs_in_or_the_kiosk_is_idle(
        house, qtbot, settle, open_kiosk, clock):
    res = resident(house)  # English, in an English house
    win = open_kiosk()
    tap(qtbot, settle, win, "Español")
    assert win.current.title.text() == "Bienvenidos"
    assert button(win, "Español").hasFocus()  # Tab and Enter users keep their place
    tap(qtbot, settle, win, f"Soy {res.board_name}")
    tap(qtbot, settle, win, "Volver")  # back from the PIN screen: still Spanish
    assert win.current.key == "start" and win.language == "es"
    tap(qtbot, settle, win, f"Soy {res.board_name}")
    enter_pin(qtbot, settle, win, "402917")
    qtbot.waitUntil(lambda: win.current.key == "home")
    assert win.language == "en"  # the resident's own language
    win.end_session()
    settle()
    assert win.language == "en"  # the next person meets the house's language
    tap(qtbot, settle, win, "Español")
    clock.t += 3600
    win.idle.check()
    settle()
    assert win.current.key == "start" and win.language == "en"


def test_enter_on_the_language_toggle_reached_by_tab_changes_the_language(
        house, qtbot, settle, open_kiosk):
    win = open_kiosk()
    spanish = button(win, "Español")
    spanish.setFocus()
    qtbot.keyClick(spanish, Qt.Key.Key_Return)
    settle()
    assert win.language == "es" and win.current.title.text() == "Bienvenidos"
    assert button(win, "English").accessibleDescription() == "Show the kiosk in English"
    assert button(win, "Español").accessibleDescription() == "Mostrar la pantalla en español"


def test_a_resident_switches_language_at_home_and_it_is_saved_audited(
        house, qtbot, settle, open_kiosk):
    res = resident(house)
    win = open_kiosk()
    tap(qtbot, settle, win, f"I am {res.board_name}")
    enter_pin(qtbot, settle, win, "402917")
    qtbot.waitUntil(lambda: win.current.key == "home")
    before = len(audit_events(house.store, Action.LANGUAGE_SET))
    tap(qtbot, settle, win, "Español")
    qtbot.waitUntil(lambda: win.current.key == "home" and win.language == "es")
    settle()
    assert win.current.title.text() == "Hola, Alex" and "Registrarme" in words(win)
    with house.store.read() as session:
        assert languages.resident_language(session, res.id) == "es"
    events = audit_events(house.store, Action.LANGUAGE_SET)
    assert len(events) == before + 1
    event = events[-1]
    assert (event.entity, event.entity_id) == ("resident", str(res.id))
    assert json.loads(event.details)["language"] == "es"
    assert event.actor.startswith("resident")  # the resident's own choice
    tap(qtbot, settle, win, "English")  # and back
    qtbot.waitUntil(lambda: win.language == "en")
    with house.store.read() as session:
        assert languages.resident_language(session, res.id) == "en"


def test_the_keyboard_types_spanish_letters_and_marks(house, qtbot, settle, open_kiosk):
    win = open_kiosk()
    win.show_screen("staff")
    box = win.current.username  # no capitals of its own
    box.setFocus()
    settle()
    keys = {b.accessibleName(): b for row in win.keyboard.keys for b in row}
    for name in ("Letter Ñ", "Letter Á", "Letter É", "Letter Í", "Letter Ó", "Letter Ú",
                 "Letter Ü", "Opening question mark", "Opening exclamation mark"):
        qtbot.mouseClick(keys[name], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(win.keyboard.shift_key, Qt.MouseButton.LeftButton)
    assert keys["Letter Ñ"].text() == "Ñ"  # Shift shows the capitals
    qtbot.mouseClick(keys["Letter Ñ"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keys["Letter É"], Qt.MouseButton.LeftButton)
    assert box.text() == "ñáéíóúü¿¡Ñé"
    qtbot.mouseClick(win.keyboard.mode_key, Qt.MouseButton.LeftButton)  # symbols: still there
    keys = {b.accessibleName(): b for row in win.keyboard.keys for b in row}
    qtbot.mouseClick(keys["Letter Ú"], Qt.MouseButton.LeftButton)
    assert box.text().endswith("ú")
    heights = {b.height() for row in win.keyboard.keys for b in row}
    widths = {b.width() for row in win.keyboard.keys for b in row}
    assert len(heights) == 1 and max(widths) - min(widths) <= 2  # sized like the others


def test_closing_the_kiosk_puts_back_the_language_from_before(house, qtbot, settle):
    languages.set_house_language(house.store, house.owner, house.house_id, "es")
    set_default_language("en")  # the manager's, in kiosk mode
    use_qt_language("en")
    win = KioskWindow(house.paths, house.store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.language == "es")
    assert default_language() == "es" and QLocale().name() == "es_US"
    win.leave_kiosk()
    settle()
    assert default_language() == "en" and QLocale().name() == "en_US"
