"""Noticing that a person changed a field, whatever kind of field it is.

Messages about a field ("First name is required", "Please tap a face") are true only
until the field changes: `ChangeWatch` calls back once on the first change, so the
message goes away as the person fixes it (used by `FieldErrors` and the kiosk screens).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)


def change_signal(widget: QWidget) -> SignalInstance | None:
    """The signal a field sends when its value changes (None: not a field)."""
    if isinstance(widget, QLineEdit):
        if isinstance(widget.parent(), (QComboBox, QDateTimeEdit, QSpinBox, QDoubleSpinBox)):
            return None  # the text box inside a combo or spin box: the outer one says it
        return widget.textChanged
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QDateTimeEdit):  # and QDateEdit, QTimeEdit
        return widget.dateTimeChanged
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.valueChanged
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.toggled
    if isinstance(widget, QGroupBox) and widget.isCheckable():
        return widget.toggled
    if isinstance(widget, QListWidget):
        return widget.itemChanged
    own = getattr(widget, "changed", None)  # a composite field with its own signal
    return own if isinstance(own, SignalInstance) else None


def fields_in(widget: QWidget) -> list[QWidget]:
    """`widget` if it is a field, else the fields inside it (a date with a Clear button,
    a row of choices, a form that scrolls), not looking inside a field (a date's calendar)
    or Qt's own parts of a control (a calendar's year box)."""
    if change_signal(widget) is not None:
        return [widget]
    found: list[QWidget] = []
    for child in widget.children():
        if isinstance(child, QWidget) and _may_hold_fields(widget, child):
            found += fields_in(child)
    return found


def _may_hold_fields(parent: QWidget, child: QWidget) -> bool:
    """Qt names its own parts qt_…; two of them hold the form's own widgets: the view
    of a scroll area (a form that scrolls on a small screen) and a tab widget's pages."""
    if not child.objectName().startswith("qt_"):
        return True
    return ((isinstance(parent, QAbstractScrollArea) and child is parent.viewport())
            or (isinstance(parent, QTabWidget) and isinstance(child, QStackedWidget)))


class ChangeWatch(QObject):
    """Calls `on_change` once, at the first change of any watched field; `stop()` forgets."""

    def __init__(self, on_change: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_change = on_change
        self._links: list[tuple[QWidget, SignalInstance]] = []

    def watch(self, widgets: Iterable[QWidget]) -> None:
        for root in widgets:
            for field in fields_in(root):
                signal = change_signal(field)
                assert signal is not None
                signal.connect(self._changed)
                self._links.append((field, signal))

    def stop(self) -> None:
        links, self._links = self._links, []
        for field, signal in links:
            if shiboken6.isValid(field):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(self._changed)

    def _changed(self, *_args: object) -> None:
        if self._links:
            self.stop()
            self._on_change()
