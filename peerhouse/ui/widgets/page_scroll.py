"""A page that scrolls when the window is smaller than it needs (a small screen, large
display scaling), instead of squeezing its controls or cutting them off.

The page gets the whole view when it fits. When it does not, it gets its minimum size,
and then as much more height as its word-wrapped texts need at that width: Qt's
minimum sizes leave out how tall wrapped text gets, and its preferred height for a
width would scroll pages that fit (their tables want more room than they need).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFormLayout,
    QLabel,
    QScrollArea,
    QWidget,
)

_ROUNDS = 4  # wrapped text that grows pushes more text to wrap; this settles in a round or two


class PageScroll(QScrollArea):
    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the page's fields take the focus
        self.setWidgetResizable(False)  # sized here (see the module's docstring)
        self.setWidget(page)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        page.installEventFilter(self)
        self._fitting = False
        self._soon = QTimer(self)  # dies with the area (a dialog deleted on close)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self.fit)
        self._echo = False  # the layout request our own refresh of the forms causes

    def sizeHint(self) -> QSize:
        """What the page would like (in a dialog: its natural size; the window is then
        kept within its screen), not QScrollArea's cap of a few dozen lines."""
        page = self.widget()
        if page is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        return page.sizeHint().expandedTo(page.minimumSizeHint()) + QSize(frame, frame)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_soon()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def _fit_soon(self) -> None:
        if not self._soon.isActive():
            self._soon.start(0)

    def fit(self) -> None:
        page = self.widget()
        if page is None or self._fitting:
            return
        self._fitting = True
        try:
            if self._echo:  # answering the refresh below: refreshing again would loop
                self._echo = False
            else:
                self._echo = _refresh_nested_forms(page)
            view = self.maximumViewportSize()  # the view without scroll bars
            least = page.minimumSizeHint().expandedTo(page.minimumSize())
            width = max(view.width(), least.width())
            if width > view.width():  # a sideways bar takes height from the view
                view.setHeight(view.height() - self.horizontalScrollBar().sizeHint().height())
            height = max(view.height(), least.height())
            if height > view.height() and width == view.width():  # a bar takes width
                width = max(least.width(), width - self.verticalScrollBar().sizeHint().width())
            self._resize(page, QSize(width, height))
            before = None
            for _ in range(_ROUNDS):
                short = _wrapped_text_short_by(page)
                if short <= 0 or (before is not None and short >= before):
                    break  # all shown, or more height does not help
                before = short
                height += short
                self._resize(page, QSize(width, height))
        finally:
            self._fitting = False

    @staticmethod
    def _resize(page: QWidget, size: QSize) -> None:
        page.resize(size)
        layout = page.layout()
        if layout is not None:
            layout.activate()  # lay the page out now, to measure it


def _refresh_nested_forms(page: QWidget) -> bool:
    """A form layout inside another layout is not told when its fields' sizes change
    (a text set, a row shown or hidden: only the widget's own top layout is), and lays
    them out from sizes it remembered: the Reports week buttons were drawn 4 px short.
    True when one was refreshed (its layout asks again, once)."""
    refreshed = False
    for form in page.findChildren(QFormLayout):
        holder = form.parentWidget()
        if holder is not None and holder.layout() is not form and holder.isVisibleTo(page):
            form.invalidate()
            refreshed = True
    return refreshed


def _wrapped_text_short_by(page: QWidget) -> int:
    """How many pixels the most squeezed word-wrapped text shown on `page` lacks."""
    short = 0
    for label in page.findChildren(QLabel):
        if label.wordWrap() and label.text() and label.isVisibleTo(page) \
                and not _scrolls_on_its_own(label, page):
            short = max(short, label.heightForWidth(label.width()) - label.height())
    return short


def _scrolls_on_its_own(widget: QWidget, page: QWidget) -> bool:
    """True inside a scroll area of the page's own (the page's height does not help)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False
