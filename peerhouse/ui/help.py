"""The user guide, in the program: resources/help/*.md shown in a window of its own.

The pages are Markdown with screenshots, so the same files read well on GitHub (the
README links to them) and here, offline. F1 opens the page for the section on screen; a
list beside the page leads to the others, and links between pages work as in a browser
(Back / Alt+Left returns). Screenshots are scaled down to the width of the window.
The Spanish guide is resources/help/es/*.md, shown when the window speaks Spanish (a page
not translated yet shows in English).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from peerhouse.i18n import ENGLISH, _, current_language, lazy
from peerhouse.resources_path import resource
from peerhouse.ui.widgets.common import button

# Every page, in the order of the list: file name (without .md) and title.
PAGES = (("index", lazy("Start here")), ("today", lazy("Today")),
         ("residents", lazy("Residents")), ("meetings", lazy("Meetings")),
         ("chores", lazy("Chores")), ("accountability", lazy("Accountability")),
         ("reports", lazy("Reports")), ("settings", lazy("Settings")),
         ("kiosk", lazy("The resident kiosk")))
IMAGE_MARGIN = 40  # px kept free beside a screenshot


def page_url(key: str) -> QUrl:
    """The page in the current language (resources/help/<code>/), else the English one."""
    code = current_language()
    translated = resource("help") / code / f"{key}.md"
    if code != ENGLISH and translated.exists():
        return QUrl.fromLocalFile(str(translated))
    return QUrl.fromLocalFile(str(resource("help", f"{key}.md")))


class HelpBrowser(QTextBrowser):
    """Shows one page; screenshots fit the width it has (never wider than they are)."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(True)
        self.setOpenExternalLinks(False)  # the guide is offline: no page leaves it
        self.missing: list[str] = []  # images a page names that could not be read
        self._width = 0

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        if kind == QTextDocument.ResourceType.ImageResource.value:
            path = url.toLocalFile() if isinstance(url, QUrl) else str(url)
            image = QImage(path)
            if image.isNull():
                self.missing.append(path)
                return image
            self._width = self.viewport().width()
            room = max(240, self._width - IMAGE_MARGIN)
            if image.width() > room:
                image = image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
            return image
        return super().loadResource(kind, url)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if self._width and abs(width - self._width) > self._width // 6:
            self._width = 0
            self.reload()  # the screenshots again, sized for the new width


class HelpWindow(QWidget):
    """The guide: the list of pages, and the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(_("PeerHouse help"))
        self.setAccessibleName(_("PeerHouse help"))
        self.resize(QSize(960, 700))
        self.pages = QListWidget()
        self.pages.setAccessibleName(_("Help pages"))
        self.pages.setFixedWidth(200)
        self.pages.setSpacing(3)
        for key, title in PAGES:
            item = QListWidgetItem(str(title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.pages.addItem(item)
        self.pages.currentItemChanged.connect(self._page_picked)
        self.browser = HelpBrowser()
        self.browser.setAccessibleName(_("Help page"))
        self.browser.sourceChanged.connect(self._shown)
        # The keys the tips name are the buttons' own, so a key and a click do the same.
        self.back = button(_("Back"), "back", on_click=self.browser.backward,
                           tip=_("Back (Alt+Left)"))
        self.back.setShortcut(QKeySequence("Alt+Left"))
        self.back.setEnabled(False)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        close = button(_("Close"), on_click=self.close, tip=_("Close the help (Escape)"))
        close.setShortcut(QKeySequence("Escape"))
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addStretch(1)
        top.addWidget(close)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(self.browser, 1)
        row = QHBoxLayout(self)
        row.addWidget(self.pages)
        row.addLayout(right, 1)

    @property
    def current_key(self) -> str:
        return _key(self.browser.source())

    def show_page(self, key: str) -> None:
        """Open page `key` (a section's key, or "index"), and bring the window forward."""
        known = {k for k, _t in PAGES}
        self.browser.setSource(page_url(key if key in known else "index"),
                               QTextDocument.ResourceType.MarkdownResource)
        self.show()
        self.raise_()
        self.activateWindow()
        self.browser.setFocus()

    def _page_picked(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole) != self.current_key:
            self.browser.setSource(page_url(item.data(Qt.ItemDataRole.UserRole)),
                                   QTextDocument.ResourceType.MarkdownResource)

    def _shown(self, url: QUrl) -> None:
        """Keep the list on the page shown (also after a link or Back)."""
        for row in range(self.pages.count()):
            if self.pages.item(row).data(Qt.ItemDataRole.UserRole) == _key(url):
                self.pages.blockSignals(True)
                self.pages.setCurrentRow(row)
                self.pages.blockSignals(False)


def _key(url: QUrl) -> str:
    """The page's key: "today" for …/help/today.md."""
    name = url.fileName()
    return name[:-3] if name.endswith(".md") else ""
