"""Windows that fit: their wrapped text, and their screen.

Qt sets a window's minimum size from its layout without asking word-wrapped labels how
tall they get, so a longer message ("Too many wrong passwords…") squeezed the rows
around it: "Forgot the owner password?" was drawn 4 px high, out of reach
(`grow_to_fit`). And a window opened at a fixed size ran past the edge of a small or
scaled screen: every window is kept inside the free area of its screen, taskbars left
out (`keep_on_screen`). Free of the database code: the sign-in dialog uses it before
that is imported.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

FIRST_SIZE = QSize(1280, 800)  # the manager window's first size, where the screen has room


# -- text --------------------------------------------------------------------------------
class _GrowToFit(QObject):
    """After each layout pass: the window's minimum height is what its content needs at
    its narrowest allowed width (the most it can need), and it grows to that if smaller.

    It keeps no reference of its own: Qt may still call it while the window goes away."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The layout handles a request before event filters see it: its sizes are fresh.
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show) \
                and isinstance(watched, QWidget):
            _grow(watched)
        return False


def _grow(window: QWidget) -> None:
    layout = window.layout()
    if layout is None:
        return
    least = layout.totalMinimumSize()
    narrowest = max(window.minimumWidth(), least.width())
    need = least.height()
    if layout.hasHeightForWidth():
        need = max(need, layout.totalHeightForWidth(narrowest))
    if window.minimumHeight() != need:
        window.setMinimumHeight(need)
    if window.height() < need:
        window.resize(window.width(), need)


def grow_to_fit(window: QWidget) -> None:
    """Keep `window` (with its layout set) tall enough for all of its wrapped text."""
    window.installEventFilter(_GrowToFit(window))


# -- the screen ----------------------------------------------------------------------------
def fit(rect: QRect | None, available: QRect, frame: tuple[int, int, int, int] = (0, 0, 0, 0),
        first: QSize = FIRST_SIZE) -> QRect:
    """A window's inside on a screen whose free area is `available`: `rect` (None: a
    first window, centred) made no larger than the free area less the window's frame
    (`frame`: left, top, right, bottom), and moved until its frame is inside the area."""
    left, top, right, bottom = frame
    room = QSize(max(1, available.width() - left - right),
                 max(1, available.height() - top - bottom))
    if rect is None or not rect.isValid():
        size = first.boundedTo(room)
        corner = QPoint(available.x() + left + (room.width() - size.width()) // 2,
                        available.y() + top + (room.height() - size.height()) // 2)
        return QRect(corner, size)
    size = rect.size().boundedTo(room)
    x = min(max(rect.x(), available.x() + left), available.right() + 1 - right - size.width())
    y = min(max(rect.y(), available.y() + top), available.bottom() + 1 - bottom - size.height())
    return QRect(QPoint(x, y), size)


def screen_area(rect: QRect | None) -> QRect:
    """The free area of the screen `rect` is on (by its centre); the main screen's when
    it is on none (a screen that was unplugged)."""
    screen = QGuiApplication.screenAt(rect.center()) if rect is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def frame_margins(window: QWidget) -> tuple[int, int, int, int]:
    outer, inner = window.frameGeometry(), window.geometry()
    return (inner.left() - outer.left(), inner.top() - outer.top(),
            outer.right() - inner.right(), outer.bottom() - inner.bottom())


def keep_inside(window: QWidget) -> None:
    """Move and shrink `window` (frame included) into the free area of its screen."""
    if not window.isVisible() or window.isMaximized() or window.isFullScreen():
        return
    inside = fit(window.geometry(), screen_area(window.geometry()), frame_margins(window))
    if inside != window.geometry():
        window.setGeometry(inside)


class _OnScreen(QObject):
    """Every window, as it is shown (and again once the window manager framed it)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) \
                and watched.isWindow() and watched.windowType() in (
                    Qt.WindowType.Window, Qt.WindowType.Dialog):
            keep_inside(watched)
            QTimer.singleShot(0, lambda w=watched: _later(w))
        return False


def _later(window: QWidget) -> None:
    try:
        keep_inside(window)
    except RuntimeError:  # closed and deleted meanwhile
        return


def keep_on_screen(app: QApplication) -> QObject:
    """From now on, no window of `app` opens larger than its screen or past its edge (the
    filter that does it is returned: removing it ends that)."""
    watcher = _OnScreen(app)
    app.installEventFilter(watcher)
    return watcher
