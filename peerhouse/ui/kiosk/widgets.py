"""Building blocks of the kiosk screens: big buttons, choice rows and the screen frame.

Sizes live in resources/theme/kiosk.qss (px, scaled by the text-size setting); a
minimum size of 48 px or more never scales below 48 px, so every touch target stays at
least 48 px high at every text size, and most are 64 px or more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from peerhouse.i18n import _
from peerhouse.resources_path import resource
from peerhouse.services.text_limits import TextLimit
from peerhouse.ui.formats import long_day, relative_day
from peerhouse.ui.theme import icon, white_icon
from peerhouse.ui.widgets.limits import limited_line
from peerhouse.ui.widgets.styled import restyle
from peerhouse.ui.widgets.watch import ChangeWatch

if TYPE_CHECKING:
    from peerhouse.services.kiosk import KioskHome
    from peerhouse.ui.kiosk.window import KioskWindow

SCALES = (0.85, 1.0, 1.15, 1.3, 1.5)
TOUCH_MIN = 48  # px: the smallest touch target, at any text size
TYPING_MARGIN = 4  # px kept in view around the box the on-screen keyboard types in
Box = TypeVar("Box", bound=QBoxLayout)
_SIZED = re.compile(r"((font-size|min-height|min-width):\s*)(\d+)px")


def scaled_px(prop: str, px: int, scale: float) -> int:
    """A size from the style sheet at a text size. Text grows and shrinks with `scale`;
    minimum sizes by half as much (a button grows anyway to fit its words, and bigger
    text needs no giant empty buttons), and a touch target's (48 px or more) never
    shrinks below 48 px."""
    if not prop.startswith("min-"):
        return round(px * scale)
    value = round(px * (1 + (scale - 1) / 2))
    return max(value, TOUCH_MIN) if px >= TOUCH_MIN else value


def kiosk_qss(scale: float = 1.0) -> str:
    """The kiosk style sheet with every size multiplied by `scale`."""
    text = resource("theme", "kiosk.qss").read_text("utf-8")
    return _SIZED.sub(lambda m: f"{m[1]}{scaled_px(m[2], int(m[3]), scale)}px", text)


def long_day_text(day: date, today: date | None = None) -> str:
    """'Today', 'Tomorrow', 'Yesterday' or 'Wednesday, March 18'."""
    return (relative_day(day, today) if today is not None else None) or long_day(day)


def fill_screen(window: QWidget) -> None:
    """Full screen, also where no window manager honours the request (a bare X session
    or a kiosk compositor): the window is first sized to its whole screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.geometry())
    window.showFullScreen()


def label(text: str = "", role: str = "KioskText", *, wrap: bool = True) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName(role)
    lab.setWordWrap(wrap)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


class KioskButton(QPushButton):
    """A button that shows its words exactly as written.

    Qt reads a lone "&" in a button's text as the mark of a keyboard shortcut and hides
    it: the keyboard's "&" key was blank, and "Smith & Jones" lost its "&". Kiosk buttons
    have no such shortcuts (it is a touch screen), so every "&" is doubled on the way in
    (shown as one) and `text()` gives back the words as they were set.
    """

    def setText(self, text: str) -> None:
        super().setText(text.replace("&", "&&"))

    def text(self) -> str:
        return super().text().replace("&&", "&")


def kbutton(text: str, *, kind: str = "", icon_name: str = "", icon_px: int = 0,
            primary: bool = False, name: str = "", checkable: bool = False,
            on_click: Callable[[], Any] | None = None) -> QPushButton:
    """A kiosk button; `name` is its accessible name when the text alone is not enough."""
    btn = KioskButton()
    btn.setText(text)
    if kind:
        btn.setProperty("kiosk", kind)
    if primary:
        btn.setProperty("primary", True)
    if icon_name:
        btn.setIcon(white_icon(icon_name) if primary else icon(icon_name))
        set_icon_px(btn, icon_px or 32)
    btn.setCheckable(checkable)
    btn.setAccessibleName(name or text.replace("\n", " "))
    btn.setCursor(Qt.CursorShape.PointingHandCursor)
    if on_click is not None:
        btn.clicked.connect(lambda _checked=False: on_click())
    return btn


@cache
def set_icon_px(btn: QAbstractButton, px: int) -> None:
    """Remember the icon's base size so the text-size setting can scale it."""
    btn.setProperty("iconBase", px)
    btn.setIconSize(QSize(px, px))


def rescale_icons(root: QWidget, scale: float) -> None:
    for btn in root.findChildren(QAbstractButton):
        base = btn.property("iconBase")
        if base:
            px = round(int(base) * scale)
            btn.setIconSize(QSize(px, px))


def plain(widget: QWidget) -> QWidget:
    """A container that lets its parent's background show through."""
    widget.setProperty("plain", True)
    return widget


def text_box(hint: str, name: str, limit: TextLimit | None = None, *,
             autocap: str = "") -> QLineEdit:
    """A kiosk text box: its grey hint, the name a screen reader says, the longest text the
    records keep, and how the on-screen keyboard starts capitals ("words", "sentence")."""
    box = limited_line(limit, hint)
    box.setAccessibleName(name)
    if autocap:
        box.setProperty("autocap", autocap)
    return box


def plain_box(layout_type: type[Box], spacing: int | None = None) -> tuple[QWidget, Box]:
    """A see-through container with a row or column of its own and no margins, so what it
    holds lines up with the rest of the screen (a question with its answers, choices
    rebuilt on each visit, a list)."""
    box = plain(QWidget())
    layout = layout_type(box)
    layout.setContentsMargins(0, 0, 0, 0)
    if spacing is not None:
        layout.setSpacing(spacing)
    return box, layout


def set_invalid(widget: QWidget, bad: bool) -> None:
    restyle(widget, "invalid", bad)


class Screen(QWidget):
    """One kiosk screen: a title row (with Back where it makes sense) over scrolling content.

    `reset()` forgets the last person (every return to the start screen); `shown()` runs
    each time the screen comes up and loads what it needs through the window's `call`.
    """

    key = ""
    back_to = "home"  # "" for no Back button
    MIN_SCROLL = 48  # px of scrolling content always left in view

    def __init__(self, host: KioskWindow, title: str = "") -> None:
        super().__init__()
        plain(self)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.host = host
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 10, 28, 10)
        outer.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(16)
        self.back_button: QPushButton | None = None
        if self.back_to:
            self.back_button = kbutton(_("Back"), kind="small", icon_name="back", icon_px=28,
                                       on_click=self.go_back)
            top.addWidget(self.back_button)
        self.title = label(title, "KioskTitle")
        self.base_title = title  # the title before anyone signs in ("Hi", not "Hi Alex")
        self.setAccessibleName(title)  # the screen gets the focus when it comes up
        top.addWidget(self.title, 1)
        self.top_row = top
        outer.addLayout(top)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        content = plain(QWidget())
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 4)
        self.body.setSpacing(14)
        self.scroll.setWidget(content)
        self.scroll.setMinimumHeight(self.MIN_SCROLL)
        self.scroll.viewport().installEventFilter(self)
        outer.addWidget(self.scroll, 1)
        # Shown only while the on-screen keyboard is not (an explanation above the boxes).
        self.hide_with_keyboard: list[QWidget] = []
        self.typing: QWidget | None = None  # the text box the on-screen keyboard types in

        self.message = label("", "KioskMessage")
        self.message.setAccessibleName(_("Message"))
        self.message.hide()
        self._about = ChangeWatch(lambda: self.say(""), self)
        outer.addWidget(self.message)
        # The screen's main buttons stay in view below the scrolling content.
        self.actions = QHBoxLayout()
        self.actions.setSpacing(14)
        outer.addLayout(self.actions)

    def add_list(self, spacing: int = 12) -> QVBoxLayout:
        """A column of rows in the scrolling body (rebuilt on each visit with clear_layout)."""
        box, items = plain_box(QVBoxLayout, spacing)
        self.body.addWidget(box)
        self.body.addStretch(1)
        return items

    def go_back(self) -> None:
        self.host.show_screen(self.back_to)

    def say(self, text: str, *, info: bool = False, about: Sequence[QWidget] = ()) -> None:
        """A kind message at the bottom of the screen (an empty text hides it). A message
        `about` some answers goes away as soon as one of them changes."""
        self._about.stop()
        if text:
            self._about.watch(about)
        self.message.setObjectName("KioskInfo" if info else "KioskMessage")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.host.fit_keyboard()  # the message takes room the keyboard may have had

    def reset(self) -> None:
        """Forget the last person (every return to the start screen does this for every
        screen): every box emptied, every answer and toggle cleared, every button usable
        again, no message, scrolled to the top. Screens add what only they hold."""
        self.say("")
        for box in self.findChildren(QLineEdit):
            box.clear()
        for group in self.findChildren(QButtonGroup):  # one-of answers: none chosen
            exclusive = group.exclusive()
            group.setExclusive(False)
            for btn in group.buttons():
                btn.setChecked(False)
            group.setExclusive(exclusive)
        for btn in self.findChildren(QAbstractButton):
            btn.setChecked(False)
            btn.setEnabled(True)
        for widget in self.findChildren(QWidget):
            if widget.property("invalid"):
                set_invalid(widget, False)
        self.keyboard_shown(None)
        self.scroll.verticalScrollBar().setValue(0)
        if self.base_title:  # the name a screen reader says came from the last title shown
            self.setAccessibleName(self.base_title)

    def shown(self) -> None:
        self.say("")  # a message belongs to the visit it was said in ("Your new PIN is saved")
        self.scroll.verticalScrollBar().setValue(0)
        if self.title.text():  # a screen reader names the screen by its (current) title
            self.setAccessibleName(self.title.text())
        self.setFocus()  # no control looks "selected" until someone touches it
        view = self.host.home_view
        if view is not None:
            self.show_home(view)

    def show_home(self, view: KioskHome) -> None:
        """Each visit, once the signed-in resident's home facts are known: what this screen
        shows of them (their name and sober time, tonight's curfew)."""

    def keyboard_shown(self, box: QWidget | None) -> None:
        """The on-screen keyboard came up for `box` (None: it went away). The box's row
        stays in view however little room the keyboard leaves; explanations and a kind
        note ("You checked in earlier today") step aside while it is up."""
        self.typing = self.typing_area(box) if box is not None else None
        for widget in self.hide_with_keyboard:
            widget.setVisible(box is None)
        if self.message.objectName() == "KioskInfo":
            self.message.setVisible(box is None and bool(self.message.text()))
        keep = self.typing.sizeHint().height() + 2 * TYPING_MARGIN if self.typing else 0
        self.scroll.setMinimumHeight(max(self.MIN_SCROLL, keep))

    def typing_area(self, box: QWidget) -> QWidget:
        """What stays in view while typing in `box`: the box, or the row it sits in."""
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """As the keyboard takes its room the visible part shrinks: keep the box shown."""
        if event.type() == QEvent.Type.Resize and watched is self.scroll.viewport():
            QTimer.singleShot(0, self._keep_typing_in_view)  # once the scroll range is set
        return super().eventFilter(watched, event)

    def _keep_typing_in_view(self) -> None:
        if self.typing is not None and self.typing.isVisible():
            show_whole(self.scroll, self.typing, TYPING_MARGIN)

    def rescaled(self, scale: float) -> None:
        """The text size changed (A− / A+): screens that size things by hand redo it."""


def show_whole(scroll: QScrollArea, widget: QWidget, margin: int = 8) -> None:
    """Scroll so all of `widget` shows, or its top when it is taller than the view
    (QScrollArea.ensureWidgetVisible shows only a text box's cursor, which can leave
    the box itself half hidden)."""
    content = scroll.widget()
    if content is None or not content.isAncestorOf(widget):
        return
    top = widget.mapTo(content, QPoint(0, 0)).y()
    if widget.height() + 2 * margin > scroll.viewport().height():  # too tall: its top
        scroll.verticalScrollBar().setValue(top - margin)
        return
    half = widget.height() // 2
    scroll.ensureVisible(0, top + half, 0, half + margin)


def clear_layout(layout: Any) -> None:
    """Remove and delete everything in a layout (lists rebuilt on each visit)."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()  # gone at once, even before the deferred delete
            item.widget().deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())
