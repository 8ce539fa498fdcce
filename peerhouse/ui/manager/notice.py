"""The desktop notice that someone at the kiosk asked for attention.

It goes through the system tray (QSystemTrayIcon), so it shows whatever window is in
front, and the window's taskbar entry flashes too. A desktop with no tray (GNOME without
its tray extension, a bare X session) gets the same words in a small panel in the
corner of the screen instead. The office PC is shared: the notice never names the
resident or says what they asked or answered; it only sends staff to Today. Clicking it
opens the window on Today.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from peerhouse.i18n import lazy, ngettext
from peerhouse.ui.theme import icon

TITLE = lazy("PeerHouse: someone would like attention")
SHOW_MS = 20_000


def notice_text(count: int) -> str:
    """No name, no answer: only that someone asked, and where to look."""
    return ngettext("A resident asked for attention at the kiosk. Open Today in PeerHouse to "
                    "see who.",
                    "{n} residents asked for attention at the kiosk. Open Today in PeerHouse "
                    "to see who.", count).format(n=count)


class AttentionNotice(QObject):
    """The tray icon (shown from the first notice on, while the window is open)."""

    clicked = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.tray = QSystemTrayIcon(icon("peerhouse"), self)
        self.tray.setToolTip("PeerHouse")
        self.tray.messageClicked.connect(self.clicked.emit)
        self.tray.activated.connect(lambda _reason: self.clicked.emit())
        self.toast: Toast | None = None  # the panel shown where there is no tray

    def show(self, count: int) -> None:
        if QSystemTrayIcon.isSystemTrayAvailable():
            if not self.tray.isVisible():
                self.tray.show()
            self.tray.showMessage(str(TITLE), notice_text(count),
                                  QSystemTrayIcon.MessageIcon.Information, SHOW_MS)
        else:
            self._close_toast()  # one panel at a time, with the newest words
            self.toast = Toast(notice_text(count))
            self.toast.clicked.connect(self.clicked.emit)
            self.toast.pop_up()
        QApplication.alert(self.window)  # the taskbar entry asks to be looked at

    def close(self) -> None:
        self.tray.hide()
        self._close_toast()

    def _close_toast(self) -> None:
        if self.toast is not None and shiboken6.isValid(self.toast):
            self.toast.close()
        self.toast = None


class Toast(QFrame):
    """The notice where there is no tray: on top of every window, bottom right, taking no
    focus from whatever someone is typing; it closes itself after SHOW_MS, or on a click
    (which opens Today)."""

    clicked = Signal()

    def __init__(self, text: str) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setObjectName("Notice")
        self.setStyleSheet("#Notice { background: #fff8ef; border: 2px solid #c77a2e; "
                           "border-radius: 10px; } QLabel { background: transparent; }")
        self.setWindowTitle(str(TITLE))
        self.setAccessibleName(str(TITLE))
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        title = QLabel(f"<b>{TITLE}</b>")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        for lab in (title, self.text):
            box.addWidget(lab)
        self.setFixedWidth(380)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        QTimer.singleShot(SHOW_MS, self.close)

    def pop_up(self) -> None:
        screen = QGuiApplication.primaryScreen()
        self.adjustSize()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.right() - self.width() - 16, area.bottom() - self.height() - 16)
        self.show()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        self.close()
