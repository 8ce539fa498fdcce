"""The Chart tab: mood (1–5) and craving (0–10) from the daily check-ins, over the last
30 or 90 days, on two axes. Managers only: check-in answers are private.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import partial

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QWidget

from peerhouse.app.changes import RecordKind
from peerhouse.i18n import _, ngettext
from peerhouse.services import timeline
from peerhouse.services.permissions import Perm
from peerhouse.services.timeline import MoodPoint
from peerhouse.ui.manager.residents.page.tab import ResidentTab, fmt_day
from peerhouse.ui.widgets.common import muted
from peerhouse.ui.widgets.dates import MONTH_DAY_DISPLAY, US_LOCALE

MOOD_COLOR = QColor("#2f5d62")
CRAVING_COLOR = QColor("#c0792a")
PERIODS = (30, 90)


def _ms(day: object) -> float:
    assert hasattr(day, "year")
    return datetime.combine(day, time(12)).timestamp() * 1000  # type: ignore[arg-type]


def _series(name: str, color: QColor) -> QLineSeries:
    s = QLineSeries()
    s.setName(name)
    pen = QPen(color)
    pen.setWidth(2)
    s.setPen(pen)
    s.setPointsVisible(True)
    return s


def _axis(title: str, low: int, high: int, ticks: int, color: QColor) -> QValueAxis:
    """A whole-number scale in its series' colour."""
    axis = QValueAxis()
    axis.setRange(low, high)
    axis.setTickCount(ticks)
    axis.setLabelFormat("%d")
    axis.setTitleText(title)
    axis.setLinePenColor(color)
    return axis


class ChartTab(ResidentTab):
    permission = Perm.CHECKINS_READ
    watches = (RecordKind.CHECKINS,)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, parent)
        self.days = PERIODS[0]
        self.points: list[MoodPoint] = []
        layout = self.column()

        bar = QHBoxLayout()
        # Translators: followed by the buttons "30 days" and "90 days".
        bar.addWidget(QLabel(_("Mood and craving from the daily check-ins, last")))
        self.period_group = QButtonGroup(self)
        self.period_buttons: dict[int, QPushButton] = {}
        for days in PERIODS:
            b = QPushButton(_("&{n} days").format(n=days))
            b.setCheckable(True)
            b.setStyleSheet("QPushButton:checked { background: #2f5d62; color: #ffffff; "
                            "border-color: #2f5d62; font-weight: 600; }")
            b.setAccessibleName(_("Show the last {n} days").format(n=days))
            self.period_group.addButton(b, days)
            self.period_buttons[days] = b
            bar.addWidget(b)
        self.period_buttons[self.days].setChecked(True)
        self.period_group.idClicked.connect(self.set_days)
        # Numbered loads: a 90-day result arriving after the 30-day one asked later is dropped.
        self._request = 0
        bar.addStretch(1)
        layout.addLayout(bar)

        self.chart = QChart()
        self.chart.setBackgroundRoundness(8)
        self.chart.setMargins(QMargins(6, 6, 6, 6))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.mood_series = _series(_("Mood (1–5)"), MOOD_COLOR)
        self.craving_series = _series(_("Craving (0–10)"), CRAVING_COLOR)
        self.chart.addSeries(self.mood_series)
        self.chart.addSeries(self.craving_series)
        self.x_axis = QDateTimeAxis()
        self.chart.setLocale(US_LOCALE)
        self.x_axis.setFormat(MONTH_DAY_DISPLAY)  # 'Nov 2', as everywhere else
        self.mood_axis = _axis(_("Mood"), 1, 5, 5, MOOD_COLOR)
        self.craving_axis = _axis(_("Craving"), 0, 10, 6, CRAVING_COLOR)
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.mood_axis, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(self.craving_axis, Qt.AlignmentFlag.AlignRight)
        for s, y in ((self.mood_series, self.mood_axis), (self.craving_series, self.craving_axis)):
            s.attachAxis(self.x_axis)
            s.attachAxis(y)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(_("Mood and craving chart"))
        self.view.setMinimumHeight(280)
        self.body = self.add_body(layout, self.view)
        self.summary = muted("")
        self.summary.setAccessibleName(_("Chart summary"))
        layout.addWidget(self.summary)

    def set_days(self, days: int) -> None:
        if days != self.days:
            self.days = days
            self.period_buttons[days].setChecked(True)
            self.refresh()

    def clear(self) -> None:
        self.points = []
        self.mood_series.clear()
        self.craving_series.clear()
        self.summary.setText("")

    def refresh(self) -> None:
        self._request += 1
        self.fetch_resident(timeline.mood_series, self.days,
                            apply=partial(self._show, request=self._request))

    def _show(self, points: list[MoodPoint], request: int | None = None) -> None:
        if request is not None and request != self._request:
            return  # an older period's result, overtaken by a newer request
        self.points = points
        self.mood_series.clear()
        self.craving_series.clear()
        for p in points:
            if p.mood is not None:
                self.mood_series.append(_ms(p.day), p.mood)
            if p.craving is not None:
                self.craving_series.append(_ms(p.day), p.craving)
        if points:
            first, last = points[0].day, points[-1].day
            self.x_axis.setRange(datetime.combine(first, time(0)), datetime.combine(last, time(23)))
            self.x_axis.setTickCount(7 if self.days <= 30 else 10)
        text = self._summary()
        has_points = self.mood_series.count() > 0
        self.body.set_empty("" if has_points else text)
        self.summary.setText(text if has_points else "")

    def _summary(self) -> str:
        seen = [p for p in self.points if p.mood is not None]
        if not seen:
            return _("No check-ins in the last {days} days, so there is nothing to chart yet. "
                     "Check-ins are made at the kiosk.").format(days=self.days)
        avg = sum(p.mood or 0 for p in seen) / len(seen)
        top = max(seen, key=lambda p: (p.craving or 0, p.day))
        return ngettext(
            "{n} check-in in the last {days} days · average mood {mood} of 5 · highest craving "
            "{craving} of 10 (on {day}). Days without a check-in are skipped.",
            "{n} check-ins in the last {days} days · average mood {mood} of 5 · highest "
            "craving {craving} of 10 (on {day}). Days without a check-in are skipped.",
            len(seen)).format(n=len(seen), days=self.days, mood=f"{avg:.1f}",
                              craving=top.craving, day=fmt_day(top.day))
