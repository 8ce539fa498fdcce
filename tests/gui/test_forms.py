"""Guards over every form of the app (the `FORMS` of tests/gui/registry.py): a message about a field
goes away as soon as the person changes that field, and every text field shows the
limit the services hold it to."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from peerhouse.errors import ValidationError
from peerhouse.ui.widgets.common import FieldErrors
from tests.gui.every_window import each_form, form_kinds_in_app
from tests.gui.registry import FORMS


def test_every_form_is_in_the_registry():
    in_app = form_kinds_in_app()
    listed = {entry.form for entry in FORMS}
    assert in_app - listed == set(), "add entries for these forms to tests/gui/registry.py"
    assert listed - in_app == set()


def _editable(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled()


def person_changes(widget: QWidget) -> bool:
    """Change `widget` (or the first field in it) with keys or a click, as a person does;
    False when it cannot be changed (empty, disabled)."""
    inputs = [widget, *widget.findChildren(QWidget)]
    if hasattr(widget, "changed"):  # a picker of its own (a week with ◀ ▶): its first button
        inputs = [b for b in inputs if isinstance(b, QPushButton)] + inputs
    for w in inputs:
        if not _editable(w) or w.objectName().startswith("qt_"):
            continue
        if isinstance(w, QLineEdit) and not isinstance(w.parent(), (QComboBox,
                                                                     QAbstractSpinBox)):
            if not w.isReadOnly():
                QTest.keyClicks(w, "x")
                return True
        elif isinstance(w, QPlainTextEdit) and not w.isReadOnly():
            QTest.keyClicks(w, "x")
            return True
        elif isinstance(w, QComboBox) and w.count() > 1:
            key = Qt.Key.Key_Up if w.currentIndex() == w.count() - 1 else Qt.Key.Key_Down
            QTest.keyClick(w, key)
            return True
        elif isinstance(w, QAbstractSpinBox):  # numbers, dates and times
            before = w.text()
            QTest.keyClick(w, Qt.Key.Key_Up)
            if w.text() == before:
                QTest.keyClick(w, Qt.Key.Key_Down)
            return w.text() != before
        elif isinstance(w, QAbstractButton) and (w.isCheckable() or w in inputs[:1]):
            QTest.keyClick(w, Qt.Key.Key_Space)
            return True
        elif isinstance(w, QListWidget) and w.count():
            item = w.item(0)
            item.setCheckState(Qt.CheckState.Unchecked if item.checkState()
                               == Qt.CheckState.Checked else Qt.CheckState.Checked)
            return True
    return False


def _errors(form: QWidget) -> FieldErrors:
    errors = getattr(form, "errors", None)
    assert isinstance(errors, FieldErrors), f"{type(form).__name__} has no `errors`"
    return errors


def _shown(errors: FieldErrors) -> bool:
    return not errors.label.isHidden() and bool(errors.label.text())


def _messages_that_stay(name: str, form: QWidget) -> list[str]:
    """Show a message on each field and change the field: what stayed, as sentences."""
    errors = _errors(form)
    stayed: list[str] = []
    tried = 0
    for field, widget in list(errors.fields.items()):
        if not shiboken6.isValid(widget) or not _editable(widget):
            continue
        errors.show(ValidationError(field, "is required."))
        widget = errors.fields[field]  # a date field marks the box inside it
        assert _shown(errors) and widget.property("invalid")
        if not person_changes(widget):
            errors.clear()
            continue
        tried += 1
        if _shown(errors):
            stayed.append(f"{name}: the message on {field!r} stayed")
        if widget.property("invalid"):
            stayed.append(f"{name}: {field!r} is still marked")
    # A refusal that names no field on the form goes with any change of the form.
    errors.show(ValidationError("not on this form", "cannot be saved right now."))
    assert _shown(errors)
    assert person_changes(form), f"{name}: nothing to change"
    if _shown(errors):
        stayed.append(f"{name}: a message that names no field stayed")
    assert tried or not errors.fields, f"{name}: no field could be changed"
    return stayed


def test_every_message_goes_when_its_field_changes(world, settle):
    """"First name is required" stayed on screen after the first name was typed."""
    stayed = [s for name, form in each_form(world, settle)
              for s in _messages_that_stay(name, form)]
    assert stayed == [], "\n".join(stayed)


def _fields_without_limit(name: str, form: QWidget) -> list[str]:
    missing = []
    for box in form.findChildren(QLineEdit):
        if isinstance(box.parent(), (QComboBox, QAbstractSpinBox)) or box.isReadOnly() \
                or box.echoMode() != QLineEdit.EchoMode.Normal:
            continue  # part of another field, or a password (never stored as typed)
        if not box.property("text_limit") or box.maxLength() != box.property("text_limit"):
            missing.append(f"{name}: {box.accessibleName()!r}")
    for note in form.findChildren(QPlainTextEdit):
        if note.isReadOnly() or note.accessibleName().startswith("First steps"):
            continue  # (one step a line: the service checks each line)
        if not note.property("text_limit"):
            missing.append(f"{name}: {note.accessibleName()!r}")
    return missing


def test_every_text_field_shows_its_limit(world, settle):
    """A text box takes no more than the service keeps; a note counts down near it."""
    missing = [m for name, form in each_form(world, settle)
               for m in _fields_without_limit(name, form)]
    assert missing == []
