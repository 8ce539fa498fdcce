"""The kiosk's two bars: the house and its clock on top, the crisis line at the bottom.

The crisis line is on every kiosk screen, so it lives in the window's own footer rather
than in any screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from peerhouse.i18n import _
from peerhouse.ui.kiosk.widgets import kbutton, label


def header_bar() -> tuple[QWidget, QLabel, QLabel]:
    """The bar, the house name label and the clock label."""
    bar = QWidget()
    bar.setObjectName("KioskHeader")
    bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    row = QHBoxLayout(bar)
    row.setContentsMargins(32, 6, 32, 6)
    house = label("PeerHouse", "KioskHouse", wrap=False)
    clock = label("", "KioskClock", wrap=False)
    clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    row.addWidget(house, 1)
    row.addWidget(clock)
    return bar, house, clock


class FooterBar(QWidget):
    """The crisis line (988) and the More help button, in the kiosk's current language
    (`retranslate` after it changes)."""

    def __init__(self, on_more_help: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("KioskFooter")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 6, 24, 6)
        row.setSpacing(12)
        self.text = label("", "KioskFooterText", wrap=False)
        self.number = label("988", "CrisisNumber", wrap=False)
        row.addWidget(self.text)
        row.addWidget(self.number)
        row.addStretch(1)
        self.more_help = kbutton("", icon_name="phone", icon_px=26, on_click=on_more_help)
        row.addWidget(self.more_help)
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setText(_("Need help now? Call or text"))
        self.number.setAccessibleName(_("Crisis line: call or text 988"))
        self.more_help.setText(_("More help"))
        self.more_help.setAccessibleName(_("More help: crisis lines"))


def footer_bar(on_more_help: Callable[[], None]) -> tuple[FooterBar, QPushButton]:
    """The crisis bar and its More help button."""
    bar = FooterBar(on_more_help)
    return bar, bar.more_help
