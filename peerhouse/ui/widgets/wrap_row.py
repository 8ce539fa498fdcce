"""A tool row that wraps: its left and right groups side by side when the window is wide
enough, the right group on a line of its own (still on the right) when it is not.

At 1024 px (the smallest window the app supports, a 1366×768 laptop at 125 %) a week
picker and two action buttons do not fit on one line; at 1280 px they do, and a second
line there would only take height from the table below.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


class WrapRow(QWidget):
    """`left` and `right` are the two groups' layouts: add widgets to them."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(8)
        self._first = QHBoxLayout()
        self._second = QHBoxLayout()
        self.left, self.right = QHBoxLayout(), QHBoxLayout()
        for row in (self.left, self.right, self._first, self._second):
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(spacing)
        self._holder_left, self._holder_right = QWidget(), QWidget()
        self._holder_left.setLayout(self.left)
        self._holder_right.setLayout(self.right)
        self._outer.addLayout(self._first)
        self._outer.addLayout(self._second)
        self._wrapped: bool | None = None
        self._place(False)

    def wrapped(self) -> bool:
        return bool(self._wrapped)

    def _place(self, wrapped: bool) -> None:
        if wrapped == self._wrapped:
            return
        self._wrapped = wrapped
        for row in (self._first, self._second):
            while row.count():
                row.takeAt(0)
        self._first.addWidget(self._holder_left)
        self._first.addStretch(1)
        target = self._second if wrapped else self._first
        if wrapped:
            target.addStretch(1)
        target.addWidget(self._holder_right)
        self.updateGeometry()

    def _one_line(self) -> int:
        return (self._holder_left.minimumSizeHint().width()
                + self._holder_right.minimumSizeHint().width() + self._first.spacing() + 12)

    def minimumSizeHint(self) -> QSize:
        # Never more than the wider group: wrapping is what makes it fit.
        hint = super().minimumSizeHint()
        width = max(self._holder_left.minimumSizeHint().width(),
                    self._holder_right.minimumSizeHint().width())
        return QSize(width, hint.height())

    def sizeHint(self) -> QSize:
        # What it would like: one line. A layout gives that when it has the room.
        return QSize(self._one_line(), super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place(event.size().width() < self._one_line())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        # The groups' sizes changed (styled once shown, a text set): decide again, as no
        # resize may follow (Save and Print were squeezed onto one line at 1024 px).
        if event.type() == QEvent.Type.LayoutRequest and self.width() > 0:
            self._place(self.width() < self._one_line())
        return super().event(event)
