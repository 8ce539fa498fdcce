"""Display scaling: a 1920x1080 laptop at 150 % is a 1280x720 screen, a 1366x768 one about
910x512. At 1280x720 every section of the manager window fits, nothing cut off and no
scroll bar; on a smaller screen the window still fits and the sections scroll instead of
squeezing or cutting off their controls. Every state of the window is checked (each
section, each tab, a resident's page), on a demo house, with the app's own theme."""

from __future__ import annotations

from PySide6.QtCore import QSize

from peerhouse.ui.devtools.layout_check import clipped_controls
from peerhouse.ui.widgets.page_scroll import PageScroll
from tests.gui.every_window import Windows
from tests.gui.registry import CASES

# The window's inside on such a screen: less a 40 px taskbar and a 30 px title bar.
AT_1280x720 = QSize(1280 - 16, 720 - 40 - 30)
AT_1366x768_150 = QSize(910 - 16, 512 - 32 - 30)
MAIN = next(c for c in CASES if c.name == "main window")


def _scroll_bars(window) -> tuple[bool, bool]:  # noqa: ANN001 - the MainWindow
    area = window.stack.currentWidget()
    assert isinstance(area, PageScroll)
    return area.horizontalScrollBar().isVisible(), area.verticalScrollBar().isVisible()


def test_every_section_fits_or_scrolls_and_nothing_is_cut_off(world, qtbot, settle,
                                                              themed) -> None:
    wrong: list[str] = []
    scrolled: dict[str, list[str]] = {"1280x720": [], "910x512": []}
    with Windows(world) as windows:
        window = windows.open(MAIN)
        qtbot.waitExposed(window)
        for state in MAIN.walk(window):
            settle()
            for name, size in (("1280x720", AT_1280x720), ("910x512", AT_1366x768_150)):
                window.resize(size)
                qtbot.waitUntil(lambda s=size: window.size() == s, timeout=2000)
                settle()  # rows that wrap at the new width have done so
                window.stack.currentWidget().fit()
                wrong += [f"{name} {state}: {c}" for c in clipped_controls(window)]
                if any(_scroll_bars(window)):
                    scrolled[name].append(state)
    assert wrong == [], "\n".join(wrong)
    assert scrolled["1280x720"] == [], "these need scrolling at 1280x720"
    # on the smaller screen the window still fits: sections scroll instead of squeezing
    assert "main window / settings" in scrolled["910x512"]


def test_a_selected_sections_icon_stays_white_at_150_percent(qapp, monkeypatch) -> None:
    """The sidebar's selected row is dark teal: its icon must be the white one at the
    screen's scale too, not the teal SVG drawn on teal."""
    from PySide6.QtGui import QGuiApplication, QIcon

    from peerhouse.ui import theme

    class Scaled:
        def devicePixelRatio(self) -> float:  # noqa: N802 - Qt's name
            return 1.5

    monkeypatch.setattr(QGuiApplication, "primaryScreen", staticmethod(lambda: Scaled()))
    theme.icon.cache_clear()
    try:
        image = theme.icon("today").pixmap(QSize(20, 20), 1.5, QIcon.Mode.Selected).toImage()
        inked = [image.pixelColor(x, y) for x in range(image.width())
                 for y in range(image.height()) if image.pixelColor(x, y).alpha() > 128]
        assert inked and all(c.lightness() > 200 for c in inked)
    finally:
        theme.icon.cache_clear()
