"""Text fields that show the service's limit as you type (`services.text_limits`).

A one-line field stops at its limit. A note counts down in its corner once it is near
its limit ("3,700 of 4,000 characters"), in red past it, so nobody types a page only to
have Save refuse it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

from peerhouse.i18n import _
from peerhouse.i18n.formats import number
from peerhouse.services.text_limits import TextLimit

# The counter appears once a note holds this share of its limit.
NEAR = 0.9
_COUNTER_QSS = ("QLabel { background: rgba(255, 255, 255, 225); color: #5b6664; "
                "padding: 1px 6px; border-radius: 4px; font-size: 9pt; }")
_OVER_QSS = _COUNTER_QSS.replace("#5b6664", "#b3473f; font-weight: 600")


def limit_text(widget: QLineEdit | QPlainTextEdit, limit: TextLimit) -> None:
    """Hold `widget` to `limit`: the property `text_limit` says which (tests read it)."""
    widget.setProperty("text_limit", limit.max_len)
    if isinstance(widget, QLineEdit):
        widget.setMaxLength(limit.max_len)
        return
    _Counter(widget, limit.max_len)


def limited_line(limit: TextLimit | None, hint: str = "", text: str = "") -> QLineEdit:
    """A one-line text box held to `limit` (None: no limit of the records' own, such as a
    password), holding `text`, with `hint` in grey while it is empty."""
    box = QLineEdit(text)
    if limit is not None:
        limit_text(box, limit)
    if hint:
        box.setPlaceholderText(hint)
    return box


def counter_of(widget: QPlainTextEdit) -> QLabel | None:
    """The count-down label of a note (None for a field without one)."""
    return widget.findChild(QLabel, "TextCounter")


class _Counter(QLabel):
    """The count in a note's bottom-right corner; hidden while far from the limit."""

    def __init__(self, edit: QPlainTextEdit, max_len: int) -> None:
        super().__init__(edit)
        self.setObjectName("TextCounter")
        self.setAccessibleName(_("Characters used"))
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._edit, self._max = edit, max_len
        edit.installEventFilter(self)
        edit.textChanged.connect(self.update_count)
        self.update_count()

    def update_count(self) -> None:
        used = len(self._edit.toPlainText().strip())  # as the service counts it
        self.setVisible(used >= self._max * NEAR)
        if not self.isVisibleTo(self._edit):
            return
        over = used - self._max
        self.setText(_("{used} of {limit} characters: {over} too many").format(
            used=number(used), limit=number(self._max), over=number(over)) if over > 0 else
            _("{used} of {limit} characters").format(used=number(used), limit=number(self._max)))
        self.setStyleSheet(_OVER_QSS if over > 0 else _COUNTER_QSS)
        self._place()

    def _place(self) -> None:
        self.adjustSize()
        area = self._edit.viewport().geometry()
        self.move(area.right() - self.width() - 2, area.bottom() - self.height() - 2)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisibleTo(self._edit):
            self._place()
        return False
