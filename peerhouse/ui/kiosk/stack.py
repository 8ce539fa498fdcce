"""The kiosk's screens, one shown at a time, sized by the one on show."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from peerhouse.ui.kiosk.widgets import plain


class ScreenStack(QWidget):
    """The screens, one shown at a time. Only the screen on show decides how small the
    window may be: a QStackedWidget asks for the most any of its pages needs (also for
    word-wrapped heights), so a hidden screen could push the keyboard or the crisis
    bar off. Here the other screens are hidden, and a layout leaves hidden widgets out.
    The screen's minimum height is what it gets at least (not its height-for-width, which
    counts every part at its preferred size): the keyboard is fitted to the rest."""

    def __init__(self) -> None:
        super().__init__()
        plain(self)
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._current: QWidget | None = None

    def hasHeightForWidth(self) -> bool:
        return False

    def addWidget(self, page: QWidget) -> None:
        page.hide()
        self._box.addWidget(page)

    def removeWidget(self, page: QWidget) -> None:
        self._box.removeWidget(page)
        page.hide()
        if page is self._current:
            self._current = None

    def currentWidget(self) -> QWidget | None:
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:
        if page is self._current:
            return
        if self._current is not None:
            self._current.hide()
        self._current = page
        page.show()
