"""Small, labelled trend charts (reportlab.graphics): one value per day of a week.

Every chart has a title, a labelled value axis with its scale, a label under each day
and a marker with its value on every day that has one; days without data leave a gap
in the line rather than a line drawn through nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Group, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from peerhouse.i18n import _
from peerhouse.i18n.formats import month_day, weekday_name
from peerhouse.reports import fonts
from peerhouse.reports.common import FONT, FONT_BOLD
from peerhouse.reports.wording import number

INK = colors.HexColor("#1a1a1a")
GRID = colors.HexColor("#dde5e5")


def day_trend(title: str, days: Sequence[date], values: Sequence[Fraction | None], *,
              low: float, high: float, step: float, axis_label: str, color: colors.Color,
              width: float, height: float = 170, note: str = "") -> Drawing:
    """A line of daily values over `days` (None: no data that day)."""
    fonts.register()
    d = Drawing(width, height)
    d.initialFontName = FONT  # not reportlab's Helvetica: only embedded fonts in the file
    d.add(String(0, height - 11, title, fontName=FONT_BOLD, fontSize=10, fillColor=INK))
    if note:
        d.add(String(width, height - 11, note, fontName=FONT, fontSize=8,
                     fillColor=colors.HexColor("#666666"), textAnchor="end"))
    left, bottom = 40, 30
    plot = LinePlot()
    plot.x, plot.y = left, bottom
    plot.width, plot.height = width - left - 8, height - bottom - 26
    points = [(i, v) for i, v in enumerate(values) if v is not None]  # exact, for the labels
    segments = _segments(values)
    plot.data = segments or [[(0, low)]]
    for n in range(len(plot.data)):
        line = plot.lines[n]
        line.strokeColor = color if segments else colors.transparent
        line.strokeWidth = 1.8
        line.symbol = makeMarker("FilledCircle", size=4.5, fillColor=color,
                                 strokeColor=color) if segments else None
    xa, ya = plot.xValueAxis, plot.yValueAxis
    xa.valueMin, xa.valueMax = -0.4, len(days) - 0.6
    xa.valueSteps = list(range(len(days)))
    labels = [f"{weekday_name(day, short=True)}\n{month_day(day)}" for day in days]
    xa.labelTextFormat = lambda v: labels[int(round(v))] if 0 <= round(v) < len(labels) else ""
    xa.labels.fontName, xa.labels.fontSize, xa.labels.leading = FONT, 7.5, 8.5
    xa.labels.dy = -3
    xa.tickDown = 2
    ya.valueMin, ya.valueMax, ya.valueStep = low, high, step
    ya.labels.fontName, ya.labels.fontSize = FONT, 8
    ya.labelTextFormat = "%d"
    ya.visibleGrid = True
    ya.gridStrokeColor = GRID
    ya.gridStrokeWidth = 0.5
    d.add(plot)
    for i, v in points:
        x = plot.x + plot.width * (i - xa.valueMin) / (xa.valueMax - xa.valueMin)
        y = plot.y + plot.height * (v - low) / (high - low)
        d.add(String(x, y + 5, number(v), fontName=FONT, fontSize=7, fillColor=INK,
                     textAnchor="middle"))
    axis = Group(String(0, 0, axis_label, fontName=FONT, fontSize=8, fillColor=INK,
                        textAnchor="middle"))
    axis.translate(10, bottom + plot.height / 2)
    axis.rotate(90)
    d.add(axis)
    if not points:
        d.add(String(plot.x + plot.width / 2, plot.y + plot.height / 2, _("No check-ins this week"),
                     fontName=FONT, fontSize=9, fillColor=INK, textAnchor="middle"))
    d.add(Line(plot.x, plot.y, plot.x + plot.width, plot.y, strokeColor=INK, strokeWidth=0.6))
    return d


def _segments(values: Sequence[Fraction | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive days with a value, each drawn as its own line."""
    out: list[list[tuple[int, float]]] = []
    run: list[tuple[int, float]] = []
    for i, v in enumerate(values):
        if v is None:
            if run:
                out.append(run)
            run = []
        else:
            run.append((i, float(v)))
    if run:
        out.append(run)
    return out
