"""Where the manager window opens: where it was last time on this PC, inside the screen
it is on, never larger than that screen's free area (taskbars left out).

The place is kept in a small file in the data folder (this PC's, never in a backup): where
the window was, its size, the window manager's frame around it and whether it was
maximised — numbers, nothing else. A screen that is gone (a
laptop off its docking station) or smaller now (display scaling raised) moves the window
onto a screen that is there and shrinks it to fit (`window_fit`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QWidget

from peerhouse.files import write_atomic
from peerhouse.paths import DataPaths
from peerhouse.ui.window_fit import (
    GUESSED_FRAME,
    fit,
    frame_margins,
    keep_on_screen,
    screen_area,
)

log = logging.getLogger(__name__)
FILE_NAME = "manager-window.json"


@dataclass(frozen=True)
class Place:
    rect: QRect  # the window's inside (no title bar), in screen coordinates
    maximized: bool = False
    frame: tuple[int, int, int, int] = GUESSED_FRAME  # the window manager's, around it


def load(paths: DataPaths) -> Place | None:
    try:
        data = json.loads(_file(paths).read_text("utf-8"))
        rect = QRect(int(data["x"]), int(data["y"]), int(data["width"]), int(data["height"]))
        frame = data.get("frame", GUESSED_FRAME)
        left, top, right, bottom = (max(0, min(200, int(v))) for v in frame)
        return Place(rect, bool(data.get("maximized", False)), (left, top, right, bottom))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or unreadable: a first window


def save(paths: DataPaths, place: Place) -> None:
    r = place.rect
    data = {"x": r.x(), "y": r.y(), "width": r.width(), "height": r.height(),
            "maximized": place.maximized, "frame": list(place.frame)}
    try:
        write_atomic(_file(paths), json.dumps(data).encode("utf-8"))
    except OSError as exc:  # a read-only data folder: the next window opens as a first one
        log.warning("window place not kept: %s", type(exc).__name__)


def _file(paths: DataPaths) -> Path:
    return paths.root / FILE_NAME


class _Keeper(QObject):
    """Remembers the window's place whenever it is hidden (closed, logged out, locked)."""

    def __init__(self, window: QWidget, paths: DataPaths) -> None:
        super().__init__(window)
        self.paths = paths
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget) or not watched.isWindow():
            return False
        if event.type() == QEvent.Type.Hide:
            save(self.paths, Place(watched.normalGeometry(), watched.isMaximized(),
                                   frame_margins(watched)))
        return False


def place_and_show(window: QWidget, paths: DataPaths) -> None:
    """Show `window` where it was last time on this PC, fitted to the screen it is on."""
    saved = load(paths)
    rect = saved.rect if saved is not None else None
    frame = saved.frame if saved is not None else GUESSED_FRAME
    window.setGeometry(fit(rect, screen_area(rect), frame))
    keep_on_screen(window)  # and once framed (also without the application's watcher)
    _Keeper(window, paths)
    if saved is not None and saved.maximized:
        window.showMaximized()
    else:
        window.show()
