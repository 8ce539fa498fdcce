"""A banner: news on the page itself (not a pop-up) in the theme's warm strip."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget


class Banner(QFrame):
    """A sentence (`text`, wrapping) in a tinted strip; `row` takes an icon before it or
    a button after it."""

    def __init__(self, margins: tuple[int, int, int, int] = (10, 6, 10, 6),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(*margins)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.row.addWidget(self.text, 1)
