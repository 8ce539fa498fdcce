"""Finding controls a window cuts off: squeezed below the size they need, or reaching past
the edge of what shows them (outside a scroll area's view is scrolled, not cut off).

Used by the layout tests and by `make screenshots`, which says which controls it saw cut
off at each screen size it shoots.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTabBar,
    QWidget,
)

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar,
            QGroupBox, QLabel)
SLACK = 1  # px: rounding


def _describe(w: QWidget) -> str:
    text = ""
    for attr in ("text", "title", "placeholderText"):
        getter = getattr(w, attr, None)
        if callable(getter):
            try:
                text = str(getter())
            except TypeError:
                continue
            if text:
                break
    text = (w.accessibleName() or text).replace("&", "").replace("\n", " ")[:40]
    return f"{type(w).__name__} {text!r}"


def _squeezed(w: QWidget) -> str:
    """Why `w` is drawn smaller than it needs ('' when it is not)."""
    policy = w.sizePolicy()
    hint, least = w.minimumSizeHint(), w.minimumSize()  # an explicit minimum wins, as in Qt
    need = QSize(least.width() or hint.width(), least.height() or hint.height())
    if isinstance(w, QAbstractScrollArea):
        return ""  # scrolls its content instead
    ignored = QSizePolicy.Policy.Ignored
    if policy.horizontalPolicy() != ignored and w.width() + SLACK < need.width() \
            and not (isinstance(w, QLabel) and w.wordWrap()):
        return f"{w.width()} px wide, needs {need.width()}"
    height = need.height()
    if isinstance(w, QLabel) and w.wordWrap() and w.text():
        height = max(height, w.heightForWidth(w.width()))
    if policy.verticalPolicy() != ignored and w.height() + SLACK < height:
        return f"{w.height()} px high, needs {height}"
    return ""


def _cut(w: QWidget, window: QWidget) -> str:
    """Which ancestor cuts `w` off ('' when none): each one up to the window, or up to the
    view of a scroll area (past its edge is scrolled out of view, not cut off)."""
    rect = QRect(QPoint(0, 0), w.size())
    child: QWidget = w
    parent = w.parentWidget()
    while parent is not None and child is not window:
        scroller = parent.parentWidget()
        if isinstance(scroller, QAbstractScrollArea) and parent is scroller.viewport():
            return ""
        rect.translate(child.pos())
        if not parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
            return f"cut off by {_describe(parent)}"
        child, parent = parent, scroller
    return ""


def clipped_controls(window: QWidget) -> list[str]:
    """Every control shown in `window` that is squeezed or cut off, described."""
    found = []
    for w in window.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisible() or w.window() is not window:
            continue
        if w.objectName().startswith("qt_") or not w.width() or not w.height():
            continue
        if isinstance(w, QAbstractButton) and isinstance(w.parentWidget(), QLineEdit):
            continue  # a text box's own icon (clear, search): it sizes them itself
        if isinstance(w, QLineEdit) and isinstance(w.parentWidget(), (QComboBox,
                                                                      QAbstractSpinBox)):
            continue  # the text part of a drop-down or spin box: sized by it
        if isinstance(w, QLabel) and not w.text() and w.pixmap().isNull():
            continue
        why = _squeezed(w) or _cut(w, window)
        if why:
            found.append(f"{_describe(w)}: {why}")
    return found
