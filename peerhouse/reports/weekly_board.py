"""The weekly house board (public): what goes on the notice board for everyone to read.

Built from the `WeeklyBoard` read model, which holds public information only: next
week's chore chart by first name and last initial, this week's meetings, milestones
of residents who chose to celebrate them publicly, and the resources directory with
the crisis line. Large type, so it reads from a step or two away.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from peerhouse.i18n.formats import weekday_name
from peerhouse.reports import fonts
from peerhouse.reports.common import styles
from peerhouse.reports.document import Furniture, content_width, render
from peerhouse.reports.tables import (
    CELL_PAD,
    boxed,
    cell_style,
    fitted,
    para,
    section,
    table,
    title_block,
)
from peerhouse.reports.wording import (
    MEETING_KINDS,
    RESOURCE_KINDS,
    day_text,
    label,
    long_day,
    time_text,
    week_of,
    week_span,
)

if TYPE_CHECKING:
    from peerhouse.services.weekly_board import BoardResource, WeeklyBoard

TITLE = "House board"
CRISIS = colors.HexColor("#fdecea")
CRISIS_RULE = colors.HexColor("#b23b3b")


def build_weekly_board(board: WeeklyBoard) -> bytes:
    """The board as PDF bytes (in memory; `common.save_pdf` writes them to a file)."""
    width = content_width(board.paper)
    story: list[Flowable] = [
        *title_block(f"{board.house_name}: house board", week_of(board.week_start, year=True), 12),
        Spacer(1, 4),
        _crisis(board.resources, width),
    ]
    story += section(f"Chores next week: {week_span(board.chores_week_start, year=True)}",
                     _chores(board, width), size=12, room=140)
    story += section("Meetings this week", _meetings(board, width), size=12)
    story += section("Celebrating milestones", _milestones(board, width), size=12)
    story += section("Help and resources", _resources(board.resources, width), size=12)
    furniture = Furniture(TITLE, f"{board.house_name} · {week_of(board.week_start, year=True)}",
                          board.generated_at,
                          notice="For the house notice board.")
    return render(story, furniture, paper=board.paper)


def _crisis(resources: tuple[BoardResource, ...], width: float) -> Flowable:
    lines = [r for r in resources if r.crisis]
    big = cell_style(15, bold=True, color=CRISIS_RULE)
    body = cell_style(11.5)
    content: list[Flowable] = [para("Need help right now? You are not alone.", big)]
    for r in lines:
        when = f" · {r.schedule}" if r.schedule else ""
        content.append(Paragraph(
            f"<b>{_x(r.name)}: {_x(r.phone)}</b>{_x(when)}", body))
    return boxed(content, width, background=CRISIS, border=CRISIS_RULE)


def _chores(board: WeeklyBoard, width: float) -> Flowable:
    """A chart: one row per chore, one column per day, the name of who does it."""
    days = [board.chores_week_start + timedelta(days=i) for i in range(7)]
    grid: dict[tuple[str, str], dict[date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c in board.chores:
        grid[c.chore, c.area][c.day].append(c.name)
    first = width * 0.22
    day_w = (width - first) / 7
    small = cell_style(8.5, color=colors.HexColor("#555555"))
    pad = 2 * CELL_PAD + 1  # the cell's padding, and a point to spare
    rows = []
    for (chore, area), by_day in sorted(grid.items(), key=lambda kv: kv[0][0].casefold()):
        # A long name in a narrow day cell gets a smaller font rather than a break
        # inside the word.
        name_cell: list[Flowable] = [fitted(chore, first - pad, 10.5, bold=True)]
        if area:
            name_cell.append(para(area, small))
        rows.append([name_cell, *(fitted(", ".join(by_day.get(d, [])), day_w - pad, 10, "C")
                                  for d in days)])
    header = ["Chore", *(f"{weekday_name(d, short=True)} {d.day}" for d in days)]
    return table(header, rows, [first, *[day_w] * 7], size=10, align="LCCCCCCC",
                 empty="Next week's chores have not been set yet.")


def _meetings(board: WeeklyBoard, width: float) -> Flowable:
    rows = []
    for m in board.meetings:
        what = label(MEETING_KINDS, m.kind)
        rows.append([day_text(m.starts_at.date()), time_text(m.starts_at),
                     what + (" (canceled)" if m.cancelled else ""), m.topic or "–"])
    return table(["Day", "Time", "Meeting", "Topic"], rows,
                 [width * 0.2, width * 0.14, width * 0.28, width * 0.38], size=11,
                 empty="No meetings are scheduled this week.")


def _milestones(board: WeeklyBoard, width: float) -> Flowable:
    rows = [[m.name, m.label, long_day(m.on)] for m in board.milestones]
    note = para("Residents choose whether their milestones are shown here.",
                styles(10).small)
    if not rows:
        return para("No milestones to celebrate this week or next. " + note.text, styles(11).body)
    return _with_note(table(["Who", "Milestone", "Day"], rows,
                            [width * 0.35, width * 0.3, width * 0.35], size=12), note)


def _with_note(first: Flowable, note: Paragraph) -> Flowable:
    return KeepTogether([first, Spacer(1, 3), note])


def _resources(resources: tuple[BoardResource, ...], width: float) -> Flowable:
    widths = [width * 0.27, width * 0.12, width * 0.21, width * 0.17, width * 0.23]
    phone_room = widths[3] - 2 * CELL_PAD - 1
    # A phone number is never broken across lines: a smaller font if it must.
    rows = [[r.name, label(RESOURCE_KINDS, r.kind), r.schedule or "–",
             fitted(r.phone or "–", phone_room, 9.5), r.address or "–"] for r in resources]
    return table(["Name", "What", "When", "Phone", "Where"], rows, widths,
                 size=9.5, empty="The resources directory is empty.")


def _x(text: str) -> str:
    return fonts.markup(text)
