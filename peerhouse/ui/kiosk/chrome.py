"""The kiosk's two bars: the house and its clock on top, the crisis line at the bottom.

The crisis line is on every kiosk screen, so it lives in the window's own footer rather
than in any screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

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


def footer_bar(on_more_help: Callable[[], None]) -> tuple[QWidget, QPushButton]:
    """The crisis line (988) and the More help button."""
    bar = QWidget()
    bar.setObjectName("KioskFooter")
    bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    row = QHBoxLayout(bar)
    row.setContentsMargins(32, 6, 24, 6)
    row.setSpacing(12)
    text = label("Need help now? Call or text", "KioskFooterText", wrap=False)
    number = label("988", "CrisisNumber", wrap=False)
    number.setAccessibleName("Crisis line: call or text 988")
    row.addWidget(text)
    row.addWidget(number)
    row.addStretch(1)
    more_help = kbutton("More help", icon_name="phone", icon_px=26,
                        name="More help: crisis lines", on_click=on_more_help)
    row.addWidget(more_help)
    return bar, more_help
