"""Keyboard and screen-reader use of forms that are part of a page rather than a dialog,
of search boxes, and of buttons whose key is the window's (F1, F5)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from peerhouse.i18n import _


class _EnterPresses(QObject):
    """Enter in a field of an in-page form presses its button, as a dialog's default does.

    Not from a focused push button (Enter there is that button's own business), and
    never when the key was used already (a drop-down's open list takes its Enter)."""

    def __init__(self, form: QWidget, target: QAbstractButton) -> None:
        super().__init__(form)
        self._target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() not in keys or mods != Qt.KeyboardModifier.NoModifier:
            return False
        focus = QApplication.focusWidget()
        target = self._target
        if isinstance(focus, (QPushButton, QToolButton)) or not shiboken6.isValid(target):
            return False
        if target.isVisible() and target.isEnabled():
            target.click()
        return True


def enter_presses(form: QWidget, target: QAbstractButton) -> None:
    """In a form that is part of a page (not a dialog), Enter in its fields presses
    `target` (its Save button)."""
    form.installEventFilter(_EnterPresses(form, target))


def clear_button(edit: QLineEdit) -> None:
    """The little ✕ that empties a search box; it and a search icon beside the text get a
    name a screen reader can say (call it after adding the icon)."""
    edit.setClearButtonEnabled(True)
    for part in edit.findChildren(QToolButton):
        action = part.defaultAction()
        clears = action is not None and action.objectName() == "_q_qlineeditclearaction"
        part.setAccessibleName(_("Clear") if clears else _("Search"))


# The property that names the window-level shortcut a button acts as (read by the
# shortcut guard, tests/gui/test_shortcuts.py, to match the key a tip names).
ACTS_AS = "acts_as_shortcut"


def acts_as(button: QAbstractButton, shortcut: QShortcut | QAction) -> None:
    """A click on `button` activates `shortcut`: for a key that belongs to the window or
    to whichever section is on screen (F1 opens the help for it, F5 reloads it) rather
    than to the button, so the key its tip names and the click can never do different
    things."""
    fire = shortcut.trigger if isinstance(shortcut, QAction) else shortcut.activated.emit
    button.clicked.connect(lambda _checked=False: fire())
    button.setProperty(ACTS_AS, shortcut)
