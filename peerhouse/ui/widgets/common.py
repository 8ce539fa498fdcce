"""Widgets used across sections: cards, tables, confirmations, inline form errors, and
the base of every form dialog (`SafeDialog`: no closing under a running save, and a
question before throwing away what someone typed)."""

from __future__ import annotations

import inspect
import re
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from peerhouse.errors import ValidationError
from peerhouse.i18n import _, lazy
from peerhouse.ui.tablemodels.rows import RowsModel, SearchProxy
from peerhouse.ui.tablemodels.views import read_only_view
from peerhouse.ui.theme import icon
from peerhouse.ui.widgets.styled import note_label, restyle
from peerhouse.ui.widgets.watch import ChangeWatch


class Card(QFrame):
    """A white rounded panel with a title; `body` is its content layout."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 12, 14, 12)
        self.body.setSpacing(6)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("CardTitle")
        self.body.addWidget(self.title_label)


def button(text: str, icon_name: str = "", *, primary: bool = False, danger: bool = False,
           on_click: Callable[[], Any] | None = None, tip: str = "") -> QPushButton:
    btn = QPushButton(text)
    if icon_name:
        btn.setIcon(icon(icon_name))
    if primary:
        btn.setProperty("primary", True)
    if danger:
        btn.setProperty("danger", True)
    if tip:
        btn.setToolTip(tip)
    btn.setAccessibleName(text.replace("&", ""))
    if on_click is not None:
        btn.clicked.connect(lambda _checked=False: on_click())
    return btn


def make_table(model: RowsModel[Any], *, sortable: bool = True) -> tuple[QTableView, SearchProxy]:
    """A read-only, row-selecting table over `model` through a search/sort proxy."""
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(sortable)
    read_only_view(view)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view, proxy


def selected_row(view: QTableView, proxy: SearchProxy) -> Any | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    return proxy.row_at(rows[0].row())


def _question(parent: QWidget | None, title: str, text: str, yes: str,
              no: str) -> tuple[QMessageBox, QPushButton]:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, ok


def confirm(parent: QWidget, title: str, text: str, yes: str = "") -> bool:
    """Ask before anything destructive; Escape and the default button both mean No.

    If the window locks while the question is open, the box is closed and this
    returns False: the caller's action is simply not done (the person can do it
    again after unlocking). The box is deleted afterwards, so it never comes back.
    """
    box, ok = _question(parent, title, text, yes or _("Yes"), _("Cancel"))
    try:
        box.exec()
        return shiboken6.isValid(box) and box.clickedButton() is ok
    finally:
        if shiboken6.isValid(box):
            box.deleteLater()


def ask(parent: QWidget | None, title: str, text: str, yes: str, on_yes: Callable[[], Any],
        no: str = "") -> QMessageBox:
    """Like `confirm`, without blocking: `on_yes` runs once `yes` is clicked.

    Anything else (Escape, the default button, closing, the window locking) does nothing.
    """
    box, ok = _question(parent, title, text, yes, no or _("Cancel"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # A method is held weakly: the box must not be what keeps its own parent alive (the
    # parent would then be deleted from inside the box's destructor).
    call: Callable[[], Callable[[], Any] | None] = (
        weakref.WeakMethod(on_yes) if inspect.ismethod(on_yes) else lambda: on_yes)

    def answered(_result: int) -> None:
        fn = call()
        if fn is not None and box.clickedButton() is ok:
            fn()

    box.finished.connect(answered)
    box.open()
    return box


def leave_question(titles: list[str]) -> str:
    """The question before closing or logging out with unsaved input in `titles`."""
    return _("Some changes are not saved yet ({places}). Leave anyway?").format(
        places=", ".join(titles))


def info(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


class FieldErrors:
    """Shows a ValidationError next to the field it names (and marks the field invalid).

    A message is true only until the person changes that field (or, for a message that
    names no field on the form, any field of the form): then it goes away by itself.
    """

    def __init__(self, fields: dict[str, QWidget], label: QLabel) -> None:
        self.fields = fields
        self.label = label
        self._watch = ChangeWatch(self.clear, label)
        label.setObjectName("FieldError")
        label.setWordWrap(True)
        label.hide()

    def clear(self) -> None:
        self._watch.stop()
        self.label.hide()
        for w in self.fields.values():
            if shiboken6.isValid(w) and w.property("invalid"):
                restyle(w, "invalid", False)

    def show(self, exc: ValidationError) -> None:
        widget = self.fields.get(exc.field)
        self.show_text(field_message(exc, shown_name(widget, exc.field)), exc.field)

    def show_text(self, text: str, field: str = "") -> None:
        """A message about `field` (a refusal that is not a ValidationError, too)."""
        self.clear()
        widget = self.fields.get(field)
        self.label.setText(text)
        self.label.show()
        if widget is not None:
            restyle(widget, "invalid", True)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        form = self.label.parentWidget()
        self._watch.watch([widget] if widget is not None else
                          [form] if form is not None else self.fields.values())


_PREDICATE_STARTS = {"is", "are", "must", "cannot", "can", "may", "and", "needs", "should",
                     "has", "was", "does", "already"}


def field_message(exc: ValidationError, name: str | None = None) -> str:
    """'First name is required.' — or the message alone when it is a sentence of its own
    ('bed 4 is already taken.' → 'Bed 4 is already taken.'). `name` is how the form
    names the field (default: the service's field name)."""
    if exc.whole:
        return exc.text(name)
    name = name or exc.field
    first = exc.message.split(" ", 1)[0].lower()
    if first in _PREDICATE_STARTS:
        return f"{name[:1].upper()}{name[1:]} {exc.message}"
    return exc.message[:1].upper() + exc.message[1:]


def _words(text: str) -> set[str]:
    return {w.removesuffix("'s") for w in re.findall(r"[a-z0-9']+", text.replace("&", "").lower())}


def _row_label(widget: QWidget) -> str:
    """The text of the label beside `widget` (or the field holding it) in a form layout."""
    window = widget.window()
    for candidate in (widget, widget.parentWidget(), widget.parentWidget() and
                      widget.parentWidget().parentWidget()):
        if candidate is None or candidate is window:
            break
        for form in window.findChildren(QFormLayout):
            label = form.labelForField(candidate)
            if isinstance(label, (QLabel, QAbstractButton)) and label.text().strip():
                return label.text().replace("&", "").strip().rstrip(":").strip()
    return ""


def shown_name(widget: QWidget | None, field: str) -> str:
    """How the form names a field: the service's name for it when that name is what the
    person sees (its label, with the title of the group it sits in), else the label.

    A message must name a field that is on screen: 'What kind is required', not
    'Category is required' under a label that says "What kind"."""
    if widget is None:
        return field
    label = _row_label(widget)
    if not label:
        return field
    group = widget.parentWidget()
    while group is not None and not isinstance(group, QGroupBox):
        group = group.parentWidget()
    seen = _words(label + " " + (group.title() if group is not None else ""))
    return field if _words(field) <= seen else label


def muted(text: str) -> QLabel:
    return note_label("Muted", text)


# -- form dialogs ------------------------------------------------------------------
_NOT_A_FIELD = object()


def field_value(widget: QWidget) -> object:
    """What a person may have typed or picked in `widget` (or _NOT_A_FIELD)."""
    if isinstance(widget, QLineEdit):
        # The text box inside a spin box or combo box belongs to that widget.
        if isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
            return _NOT_A_FIELD
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText()
    if isinstance(widget, QDateTimeEdit):  # and QDateEdit, QTimeEdit
        return widget.dateTime()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, (QCheckBox, QRadioButton)):
        return widget.isChecked()
    if isinstance(widget, QGroupBox) and widget.isCheckable():
        return widget.isChecked()
    return _NOT_A_FIELD


def _fields(root: QWidget) -> list[QWidget]:
    found = []
    for w in root.findChildren(QWidget):
        if w.objectName().startswith("qt_"):  # Qt's own parts (a calendar's year box, …)
            continue
        parent = w.parentWidget()
        while parent is not None and parent is not root and not isinstance(parent, QCalendarWidget):
            parent = parent.parentWidget()
        if isinstance(parent, QCalendarWidget) or isinstance(w, QDialog):
            continue
        found.append(w)
    return found


class SafeDialog(QDialog):
    """A form dialog that never closes under a save that is still running, and asks
    "Discard what you typed?" (Cancel by default) before Escape, Cancel or the window's
    close button throw typed input away.

    Typed input is anything that differs from the values the fields held when the
    dialog was first shown (`is_dirty`; a dialog whose fields are filled after it
    appears calls `mark_clean()` then). Subclasses call `set_saving(True/False)`
    around their save.
    """

    DISCARD_TEXT = lazy("Discard what you typed? It has not been saved.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saving = False
        self._initial: list[tuple[QWidget, object]] | None = None
        self._asking: QMessageBox | None = None
        self._discard = False

    def set_saving(self, saving: bool) -> None:
        self.saving = saving

    def mark_clean(self) -> None:
        """Remember what the fields hold now as 'nothing typed yet'."""
        self._initial = [(w, v) for w in _fields(self) if (v := field_value(w)) is not _NOT_A_FIELD]

    def is_dirty(self) -> bool:
        """True when a field holds something other than when the dialog appeared."""
        if self._initial is None:
            return False
        return any(shiboken6.isValid(w) and field_value(w) != v for w, v in self._initial)

    def showEvent(self, event: QShowEvent) -> None:
        if self._initial is None:  # the first time only: not again after the idle lock
            self._order_keyboard()
            self.mark_clean()
        super().showEvent(event)

    def _order_keyboard(self) -> None:
        """Tab walks the fields, then the buttons; Enter presses the default button; the
        first field has the focus (unless the dialog chose one itself).

        Most forms create their button box before their fields, so Qt put the buttons
        first in Tab order (focus opened on Save), and a default set on a button before
        it was in the dialog did not stick once focus moved on (Enter did nothing).
        """
        chain: list[QWidget] = []
        widget = self.nextInFocusChain()
        while widget is not self and widget not in chain:
            chain.append(widget)
            widget = widget.nextInFocusChain()
        mine = [w for w in chain if w.window() is self
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.objectName().startswith("qt_")]
        boxes = [b for b in self.findChildren(QDialogButtonBox) if b.window() is self]
        buttons = [w for w in mine if any(b.isAncestorOf(w) for b in boxes)]
        fields = [w for w in mine if w not in buttons]
        if fields and buttons:
            before = fields[-1]
            for button_ in buttons:
                QWidget.setTabOrder(before, button_)
                before = button_
        for push in self.findChildren(QPushButton):
            if push.isDefault() and push.window() is self:
                push.setDefault(False)  # set again now it is in the dialog: the dialog
                push.setDefault(True)   # remembers it as its default button
        if self.focusWidget() is None:
            first = next((w for w in fields if w.isEnabled() and w.isVisibleTo(self)), None)
            if first is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)

    def reject(self) -> None:
        if self.saving:  # never close under a save that is still running
            return
        if self._discard or not self.isVisible() or not self.is_dirty():
            self._discard = False
            super().reject()
            return
        if self._asking is not None and shiboken6.isValid(self._asking) and self._asking.isVisible():
            self._asking.raise_()
            return
        self._asking = ask(self, _("Discard what you typed?"), str(self.DISCARD_TEXT),
                           _("&Discard"),
                           self._discard_and_close, no=_("&Keep editing"))

    def _discard_and_close(self) -> None:
        if self.saving:
            return
        self._discard = True
        self.reject()
