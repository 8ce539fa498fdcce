"""The user guide: F1 opens the page for the section on screen, the Help button too, every
page shows with its screenshots and its links lead to other pages of the guide (offline),
and the README links to the same pages; in a Spanish window the guide is the Spanish one
(resources/help/es/; test_help_spanish.py keeps it in step with the English)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from peerhouse.i18n import set_default_language
from peerhouse.resources_path import resource
from peerhouse.ui.help import PAGES, HelpWindow
from peerhouse.ui.manager.window import MainWindow, section_classes

ROOT = Path(__file__).resolve().parents[2]
HELP = ROOT / "resources" / "help"
LINK = re.compile(r"\]\(([^)\s]+)\)")



@pytest.fixture
def window(qtbot, settle, owner_ctx):
    win = MainWindow(owner_ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    settle()
    yield win
    win.close()


def test_every_section_and_the_kiosk_has_a_page():
    pages = {key for key, _title in PAGES}
    assert {cls.key for cls in section_classes()} | {"index", "kiosk"} == pages
    assert {p.stem for p in HELP.glob("*.md")} == pages


def _press_f1_on(window: MainWindow, key: str, qtbot, settle) -> HelpWindow:
    """Show section `key`, press F1 as a person does; the guide that opened."""
    window.show_section(key)
    settle()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    settle()
    guide = window.help
    assert isinstance(guide, HelpWindow) and guide.isVisible()
    return guide


@pytest.mark.parametrize("key", [cls.key for cls in section_classes()])
def test_f1_opens_the_page_of_the_section_on_screen(window, qtbot, settle, key):
    guide = _press_f1_on(window, key, qtbot, settle)
    assert guide.current_key == key
    title = (HELP / f"{key}.md").read_text("utf-8").splitlines()[0].lstrip("# ")
    assert guide.browser.toPlainText().startswith(title)
    assert guide.pages.currentItem().data(Qt.ItemDataRole.UserRole) == key


def test_the_help_button_opens_the_guide_and_its_links_work(window, qtbot, settle):
    [help_button] = [b for b in window.findChildren(QAbstractButton) if b.text() == "Help"]
    qtbot.mouseClick(help_button, Qt.MouseButton.LeftButton)
    guide = window.help
    assert guide.current_key == "today"  # Today is on screen at sign-in
    guide.browser.setSource(guide.browser.source().resolved("index.md"))
    assert guide.current_key == "index"
    guide.pages.setCurrentRow([k for k, _t in PAGES].index("kiosk"))
    assert guide.current_key == "kiosk" and "kiosk" in guide.browser.toPlainText()
    guide.browser.backward()
    assert guide.current_key == "index"
    qtbot.waitUntil(guide.isActiveWindow, timeout=5000)  # a person presses keys in it
    qtbot.keyClick(guide.browser, Qt.Key.Key_Escape)  # the Close button's own key
    qtbot.waitUntil(lambda: not guide.isVisible(), timeout=5000)


@pytest.mark.parametrize("key", [key for key, _title in PAGES])
def test_every_page_shows_its_screenshots_and_links_only_to_the_guide(qtbot, key):
    guide = HelpWindow()
    qtbot.addWidget(guide)
    guide.resize(900, 700)
    guide.show_page(key)
    qtbot.waitUntil(lambda: guide.browser.document().size().height() > 0, timeout=5000)
    text = (HELP / f"{key}.md").read_text("utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
    assert images or key == "index"
    assert guide.browser.missing == []
    for target in LINK.findall(text):
        assert not re.match(r"[a-z]+:", target), f"{key}.md links outside the guide: {target}"
        assert (HELP / target).resolve().exists(), f"{key}.md: {target} is missing"
    guide.close()


def test_screenshots_fit_the_help_window(qtbot):
    guide = HelpWindow()
    qtbot.addWidget(guide)
    guide.resize(700, 600)
    guide.show_page("today")
    image = guide.browser.loadResource(
        2, guide.browser.source().resolved("../screenshots/02-today.png"))
    assert 0 < image.width() <= guide.browser.viewport().width()


def test_the_readme_links_to_every_page():
    readme = (ROOT / "README.md").read_text("utf-8")
    linked = set(re.findall(r"\(resources/help/(\w+)\.md\)", readme))
    assert linked == {key for key, _title in PAGES}
    assert resource("help", "index.md").exists()


def test_a_spanish_window_shows_the_spanish_guide(qtbot):
    """Every page has its Spanish twin (resources/help/es/), shown with its screenshots and
    links inside the Spanish guide; the list of pages reads in Spanish too."""

    spanish = HELP / "es"
    assert {p.stem for p in spanish.glob("*.md")} == {key for key, _title in PAGES}
    set_default_language("es")
    try:
        guide = HelpWindow()
        qtbot.addWidget(guide)
        guide.resize(900, 700)
        assert guide.pages.item(0).text() == "Empiece aquí"
        for key, _title in PAGES:
            guide.show_page(key)
            assert guide.current_key == key and "/help/es/" in guide.browser.source().path()
            text = (spanish / f"{key}.md").read_text("utf-8")
            assert guide.browser.toPlainText().startswith(text.splitlines()[0].lstrip("# "))
            for target in LINK.findall(text):
                assert (spanish / target).resolve().exists(), f"es/{key}.md: {target}"
        assert guide.browser.missing == []
        guide.close()
    finally:
        set_default_language("en")


def test_f1_in_spanish_opens_the_spanish_page_and_lists_the_pages_in_spanish(
        spanish, window, qtbot, settle):
    guide = _press_f1_on(window, "chores", qtbot, settle)  # a window built in Spanish
    assert guide.current_key == "chores"
    assert Path(guide.browser.source().toLocalFile()) == HELP / "es" / "chores.md"
    shown = guide.browser.toPlainText()
    assert shown.startswith("Tareas") and "Esta semana" in shown and "This week" not in shown
    titles = [guide.pages.item(row).text() for row in range(guide.pages.count())]
    assert titles[:5] == ["Empiece aquí", "Hoy", "Residentes", "Reuniones", "Tareas"]
    assert not {"Start here", "Chores", "Settings", "The resident kiosk"} & set(titles)
    # A link and the list stay in Spanish.
    guide.browser.setSource(guide.browser.source().resolved("index.md"))
    assert guide.current_key == "index" and "Guía de uso de PeerHouse" in guide.browser.toPlainText()
    guide.pages.setCurrentRow([k for k, _t in PAGES].index("kiosk"))
    assert Path(guide.browser.source().toLocalFile()) == HELP / "es" / "kiosk.md"
    guide.close()
