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

from peerhouse.i18n import SPANISH, _, gettext_, lazy
from peerhouse.i18n.formats import weekday_name
from peerhouse.models.labels import seeded_text
from peerhouse.reports import fonts
from peerhouse.reports.common import styles
from peerhouse.reports.document import Furniture, content_width, render
from peerhouse.reports.paper_language import both, has_spanish, inline, second_language
from peerhouse.reports.tables import (
    CELL_PAD,
    boxed,
    cell_style,
    fitted,
    para,
    section,
    stacked,
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

TITLE = lazy("House board")
# On a Spanish paper the crisis box says that help is there in Spanish (the glossary's words).
SPANISH_HELP = (
    lazy("Call 988 and press 2 to talk in Spanish. Free, confidential, 24 hours a day."),
    lazy("SAMHSA's National Helpline: 1-800-662-4357 (HELP). Information and treatment "
         "referrals, in English and in Spanish. Free, confidential, 24 hours a day, every day "
         "of the year."),
    lazy("In an emergency, call 911."),
)
CRISIS = colors.HexColor("#fdecea")
CRISIS_RULE = colors.HexColor("#b23b3b")


def build_weekly_board(board: WeeklyBoard) -> bytes:
    """The board as PDF bytes (in memory; `common.save_pdf` writes them to a file)."""
    width = content_width(board.paper)
    story: list[Flowable] = [
        *title_block(both(lambda: _("{house}: house board").format(house=board.house_name)),
                     both(lambda: week_of(board.week_start, year=True)), 12),
        Spacer(1, 4),
        _crisis(board.resources, width),
    ]
    story += section(both(lambda: _("Chores next week: {week}").format(
        week=week_span(board.chores_week_start, year=True))),
                     _chores(board, width), size=12, room=140)
    story += section(both(lambda: _("Meetings this week")), _meetings(board, width), size=12)
    story += section(both(lambda: _("Celebrating milestones")), _milestones(board, width),
                     size=12)
    story += section(both(lambda: _("Help and resources")), _resources(board.resources, width),
                     size=12)
    furniture = Furniture(inline(TITLE),
                          f"{board.house_name} · {week_of(board.week_start, year=True)}",
                          board.generated_at,
                          notice=inline(lambda: _("For the house notice board.")))
    return render(story, furniture, paper=board.paper)


def _crisis(resources: tuple[BoardResource, ...], width: float) -> Flowable:
    lines = [r for r in resources if r.crisis]
    big = cell_style(15, bold=True, color=CRISIS_RULE)
    body = cell_style(11.5)
    content: list[Flowable] = [para(inline(lambda: _("Need help right now? You are not "
                                                     "alone.")), big)]
    for r in lines:
        when = f" · {seeded_text(r.schedule)}" if r.schedule else ""
        content.append(Paragraph(
            f"<b>{_x(r.name)}: {_x(r.phone)}</b>{_x(when)}", body))
    if has_spanish():  # help answers in Spanish too: say so, in Spanish
        content += [para(gettext_(m.msgid, language=SPANISH), body) for m in SPANISH_HELP]
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
    header = [both(lambda: _("Chore")),
              *(both(lambda d=d: f"{weekday_name(d, short=True)} {d.day}") for d in days)]
    return table(header, rows, [first, *[day_w] * 7], size=10, align="LCCCCCCC",
                 empty=both(lambda: _("Next week's chores have not been set yet.")))


def _meetings(board: WeeklyBoard, width: float) -> Flowable:
    rows = []
    for m in board.meetings:
        what = both(lambda m=m: label(MEETING_KINDS, m.kind))
        if m.cancelled:
            what = both(lambda m=m: _("{meeting} (canceled)").format(
                meeting=label(MEETING_KINDS, m.kind)))
        rows.append([_lines(both(lambda m=m: day_text(m.starts_at.date())), 11),
                     time_text(m.starts_at), _lines(what, 11), m.topic or "–"])
    header = [both(lambda: _("Day")), both(lambda: _("Time")), both(lambda: _("Meeting")),
              both(lambda: _("Topic"))]
    return table(header, rows,
                 [width * 0.2, width * 0.14, width * 0.28, width * 0.38], size=11,
                 empty=both(lambda: _("No meetings are scheduled this week.")))


def _milestones(board: WeeklyBoard, width: float) -> Flowable:
    rows = [[m.name, _lines(both(lambda m=m: str(m.label))),
             _lines(both(lambda m=m: long_day(m.on)))] for m in board.milestones]
    note = stacked(both(lambda: _("Residents choose whether their milestones are shown here.")),
                   styles(10).small)
    if not rows:
        return _with_note(stacked(both(lambda: _("No milestones to celebrate this week or "
                                                 "next.")), styles(11).body), note)
    header = [both(lambda: _("Who")), both(lambda: _("Milestone")), both(lambda: _("Day"))]
    return _with_note(table(header, rows, [width * 0.35, width * 0.3, width * 0.35], size=12),
                      note)


def _with_note(first: Flowable | list[Flowable], note: Paragraph | list[Flowable]) -> Flowable:
    return KeepTogether([*_list(first), Spacer(1, 3), *_list(note)])


def _list(made: Flowable | list[Flowable]) -> list[Flowable]:
    return made if isinstance(made, list) else [made]


def _lines(text: str, size: float = 12) -> Paragraph | list[Flowable]:
    """A cell we wrote: on a bilingual board, the second language beneath, lighter."""
    return stacked(text, cell_style(size)) if second_language() else text  # type: ignore[return-value]


def _resources(resources: tuple[BoardResource, ...], width: float) -> Flowable:
    widths = [width * 0.27, width * 0.12, width * 0.21, width * 0.17, width * 0.23]
    phone_room = widths[3] - 2 * CELL_PAD - 1
    # A phone number is never broken across lines: a smaller font if it must.
    rows = [[r.name, _lines(both(lambda r=r: label(RESOURCE_KINDS, r.kind)), 9.5),
             seeded_text(r.schedule) or "–", fitted(r.phone or "–", phone_room, 9.5), r.address or "–"]
            for r in resources]
    header = [both(lambda: _("Name")), both(lambda: _("What")), both(lambda: _("When")),
              both(lambda: _("Phone")), both(lambda: _("Where"))]
    return table(header, rows, widths,
                 size=9.5, empty=both(lambda: _("The resources directory is empty.")))


def _x(text: str) -> str:
    return fonts.markup(text)
