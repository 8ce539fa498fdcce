"""The mouse wheel scrolls forms; it never changes a choice, a number or a date it passes
over (Settings → House: "At the kiosk, residents" flipped to "Type their name" while
scrolling). Only the field being worked in (the one with the focus) takes the wheel.

Driven for real under Xvfb as well (see the report): xdotool button 4/5 over a combo box.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

from peerhouse.ui import wheel_guard
from peerhouse.ui.manager.settings.section import SettingsSection
from tests.gui.every_window import each_form
from tests.gui.steps import shown

GUARDED = (QComboBox, QAbstractSpinBox)  # date and time fields are spin boxes


@pytest.fixture
def guard(qapp) -> Iterator[wheel_guard.WheelGuard]:
    """The guard as the app has it (ui/start.prepare_app installs it), for one test."""
    made = wheel_guard.install(qapp)
    yield made
    qapp.removeEventFilter(made)
    made.setParent(None)


def wheel(widget: QWidget, notches: int) -> None:
    """Turn the wheel over the middle of `widget` (positive: away from you, up)."""
    middle = QPointF(widget.width() / 2, widget.height() / 2)
    for _ in range(abs(notches)):
        event = QWheelEvent(middle, QPointF(widget.mapToGlobal(middle)), QPoint(),
                            QPoint(0, 120 if notches > 0 else -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(widget, event)


def value(widget: QWidget) -> object:
    return widget.currentIndex() if isinstance(widget, QComboBox) else widget.text()


def guarded_fields(root: QWidget) -> list[QWidget]:
    return [w for w in [root, *root.findChildren(QWidget)] if isinstance(w, GUARDED)
            and w.isVisible() and w.isEnabled() and not w.objectName().startswith("qt_")]


def scroll_over(root: QWidget) -> list[QWidget]:
    """Wheel over every choice, number and date in `root` with none of them focused;
    returns those that changed."""
    fields = guarded_fields(root)
    focused = QApplication.focusWidget()
    if focused is not None:
        focused.clearFocus()
    changed = []
    for w in fields:
        was = value(w)
        for notch in (-1, -1, 1, 1, 1):  # a moved value shows after one notch or another
            wheel(w, notch)
            if value(w) != was:
                changed.append(w)
                break
    return changed


def focused_field_takes_the_wheel(qtbot, root: QWidget) -> bool:
    """The control: the same wheel does change a field the person is working in."""
    for w in guarded_fields(root):
        root.window().activateWindow()
        w.setFocus()
        qtbot.waitUntil(w.hasFocus, timeout=2000)
        was = value(w)
        wheel(w, -1)
        if value(w) == was:
            wheel(w, 1)
        if value(w) != was:
            return True
    return False


def test_scrolling_over_every_settings_page_changes_nothing(guard, qtbot, owner_ctx, settle):
    section = shown(qtbot, settle, SettingsSection(owner_ctx), 1100, 700)
    pages_with_fields = 0
    for index in range(section.tabs.count()):
        section.tabs.setCurrentIndex(index)
        settle()
        page = section.tabs.widget(index)
        if not guarded_fields(page):
            continue
        pages_with_fields += 1
        changed = scroll_over(page)
        assert changed == [], f"{section.tabs.tabText(index)}: " + ", ".join(
            w.accessibleName() or type(w).__name__ for w in changed)
        settle()
    assert pages_with_fields >= 3  # House, Backups, Audit log at least
    assert not section.has_unsaved_changes()
    section.tabs.setCurrentIndex(0)
    assert focused_field_takes_the_wheel(qtbot, section.tabs.widget(0))


def test_scrolling_over_every_form_changes_nothing(guard, world, qtbot, settle):
    changed: list[str] = []
    deaf: list[str] = []
    for name, form in each_form(world, settle):
        if not guarded_fields(form):
            continue  # nothing the wheel could change here
        changed += [f"{name}: {w.accessibleName() or type(w).__name__}"
                    for w in scroll_over(form)]
        if not focused_field_takes_the_wheel(qtbot, form):
            deaf.append(name)
    assert changed == [] and deaf == []


def test_the_app_puts_the_guard_on_itself(qapp, tmp_path, monkeypatch):
    """`prepare_app` (both windows' start) installs it, once however often it runs."""
    from peerhouse.paths import DataPaths
    from peerhouse.ui.qt_app import prepare_app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # prepare_app replaces it
    sheet = qapp.styleSheet()
    try:
        for _ in range(2):
            assert prepare_app(DataPaths(tmp_path / "data")) is qapp
        guards = [c for c in qapp.children() if isinstance(c, wheel_guard.WheelGuard)]
        assert len(guards) == 1
    finally:
        for g in [c for c in qapp.children() if isinstance(c, wheel_guard.WheelGuard)]:
            qapp.removeEventFilter(g)
            g.setParent(None)
        qapp.setStyleSheet(sheet)
