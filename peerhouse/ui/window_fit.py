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

import time

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FIRST_SIZE = QSize(1280, 800)  # the manager window's first size, where the screen has room
GUESSED_FRAME = (8, 32, 8, 8)  # px: a title bar and borders, before the real ones are known
SETTLING_S = 1.5  # after showing, the window manager frames and moves a window: keep up


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
    """The window manager's frame around `window` (left, top, right, bottom); a usual
    title bar and border until the window is shown and framed."""
    outer, inner = window.frameGeometry(), window.geometry()
    margins = (inner.left() - outer.left(), inner.top() - outer.top(),
               outer.right() - inner.right(), outer.bottom() - inner.bottom())
    return margins if any(margins) else GUESSED_FRAME


def keep_inside(window: QWidget) -> None:
    """Move and shrink `window` (frame included) into the free area of its screen."""
    if not window.isVisible() or window.isMaximized() or window.isFullScreen():
        return
    inside = fit(window.geometry(), screen_area(window.geometry()), frame_margins(window))
    if inside != window.geometry():
        window.setGeometry(inside)


class _OnScreen(QObject):
    """Every window as it is shown, and as the window manager frames and moves it just
    after (its frame is known only then: a window as tall as the screen had its title
    bar pushed off the top). Later moves are the person's own: left alone."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.Show, QEvent.Type.Move, QEvent.Type.Resize) \
                or not isinstance(watched, QWidget) or not watched.isWindow() \
                or watched.windowType() not in (Qt.WindowType.Window, Qt.WindowType.Dialog):
            return False
        if kind == QEvent.Type.Show:
            watched.setProperty("onScreenUntil", time.monotonic() + SETTLING_S)
        elif time.monotonic() > float(watched.property("onScreenUntil") or 0):
            return False
        QTimer.singleShot(0, watched, lambda: keep_inside(watched))
        return False


def keep_on_screen(target: QObject) -> QObject:
    """From now on, no window of `target` (the application, or one window) opens larger
    than its screen or past its edge. The filter that does it is returned: removing it
    ends that."""
    watcher = _OnScreen(target)
    target.installEventFilter(watcher)
    return watcher


def stop_keeping_on_screen(target: QObject) -> None:
    """Undo `keep_on_screen(target)` (a test that started the app's real set-up)."""
    for watcher in target.findChildren(_OnScreen):
        target.removeEventFilter(watcher)
        watcher.setParent(None)
        watcher.deleteLater()
