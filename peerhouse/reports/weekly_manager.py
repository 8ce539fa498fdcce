"""The weekly manager summary (confidential): the house's week for the manager's binder.

Built from the `WeeklySummary` read model only (the service has already checked the
role and written the audit event); it lays out the census, what needs attention
first, one row per resident, the mood and craving trends, milestones and the audit
chain head that anchors the log on paper. Every page says CONFIDENTIAL and carries
the 42 CFR Part 2 notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from peerhouse.i18n.formats import weekday_name
from peerhouse.reports.charts import day_trend
from peerhouse.reports.common import MONO, styles
from peerhouse.reports.document import Furniture, content_width, render
from peerhouse.reports.tables import (
    EMBEDDED,
    boxed,
    cell_style,
    facts,
    fitted,
    para,
    section,
    table,
    title_block,
)
from peerhouse.reports.wording import (
    EXIT_REASONS,
    INCIDENT_CATEGORIES,
    PART2_NOTICE,
    PART2_SHORT,
    day_text,
    label,
    number,
    plural,
    week_of,
)

if TYPE_CHECKING:
    from peerhouse.services.summaries import Move, ResidentWeek, WeeklySummary

TITLE = "Weekly manager summary"
# Relative column widths of the residents table, scaled to the paper.
# Each is wide enough for its header's longest word at 7.5 pt, on Letter and on A4.
# (A screen is the weekday over its result: "Mon" / "negative".)
_COLUMNS = (("Resident", 93), ("Check-ins", 49), ("Mood avg", 31), ("Craving peak", 40),
            ("Asked to talk", 33), ("Outside meetings", 47), ("House meetings", 47),
            ("Chores done", 37), ("Curfew missed", 38), ("Screens", 48), ("Incidents", 47))
_PAD = 3  # the residents table's cell padding (points)
MOOD = colors.HexColor("#2f5d62")
CRAVING = colors.HexColor("#b5651d")
MUTED_INK = colors.HexColor("#555555")


def build_weekly_manager(summary: WeeklySummary, *, password: str | None = None) -> bytes:
    """The summary as PDF bytes (in memory; `common.save_pdf` writes them to a file)."""
    width = content_width(summary.paper)
    st = styles(10)
    story: list[Flowable] = title_block(
        TITLE, f"{summary.house_name} · {week_of(summary.week_start, year=True)}", 10)
    if not summary.complete:
        story.append(para(f"The week is still in progress: figures up to "
                          f"{day_text(summary.census.as_of)}.", st.small))
    story += _census(summary, width)
    story += section("Needs attention first", _attention(summary, width))
    story += section(f"Residents this week ({len(summary.residents)})",
                     _residents(summary.residents, width, ZoneInfo(summary.timezone)),
                     Spacer(1, 3), _legend(st.small))
    story += section("Mood and cravings, day by day", _charts(summary, width), keep=True)
    story += _milestones(summary, width)
    story += section("Audit trail", _chain(summary, width), Spacer(1, 8),
                     para(PART2_NOTICE, st.small), keep=True)
    furniture = Furniture(TITLE, f"{summary.house_name} · {week_of(summary.week_start, year=True)}",
                          summary.generated_at.astimezone(ZoneInfo(summary.timezone)),
                          confidential=True, notice=PART2_SHORT)
    return render(story, furniture, paper=summary.paper, password=password)


def _census(s: WeeklySummary, width: float) -> list[Flowable]:
    c = s.census
    pairs: list[tuple[str, object]] = [
        ("Beds filled", f"{c.beds_filled} of {c.capacity} ({plural(c.beds_free, 'bed')} free) "
                        f"on {day_text(c.as_of)}"),
        ("Moved in", _moves(s.move_ins, s, "from") or "No one"),
        ("Moved out", _moves(s.move_outs, s, "to") or "No one"),
        ("Incidents", plural(s.incidents, "incident") + " recorded this week"),
        ("Talk requests", plural(len(s.open_talk_requests), "request")
         + " not yet followed up" if s.open_talk_requests else "All followed up"),
        ("Curfews", s.curfews),
    ]
    return section("Census", facts(pairs, (95, width - 95)))  # type: ignore[arg-type]


def _moves(moves: Sequence[Move], s: WeeklySummary, direction: str) -> str:
    out = []
    for m in moves:
        text = f"{m.full_name} ({day_text(m.on)})"
        if m.other_house_id is not None:  # a transfer: say which house, not a reason
            other = s.other_houses.get(m.other_house_id, "another house")
            text += f": Transferred {direction} {other}"
        elif m.exit_reason:
            text += f": {label(EXIT_REASONS, m.exit_reason)}"
        out.append(text)
    return "; ".join(out)


def _names(s: WeeklySummary) -> dict[int, str]:
    return {r.resident_id: r.full_name for r in s.residents}


def _attention(s: WeeklySummary, width: float) -> Flowable:
    """One row per person, in the order of their most pressing reason."""
    names = _names(s)
    reasons: dict[int, list[str]] = {}
    for a in s.attention:
        reasons.setdefault(a.resident_id, []).append(_sentence(a.text))
    style = cell_style(9.5)
    rows = [[names.get(rid, f"Resident {rid}"), [para(t, style) for t in texts]]
            for rid, texts in reasons.items()]
    return table(["Resident", "What to follow up"], rows, [width * 0.3, width * 0.7],
                 size=9.5, empty="Nothing stands out this week.")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _residents(rows: Sequence[ResidentWeek], width: float, tz: ZoneInfo) -> Flowable:
    scale = width / sum(w for _, w in _COLUMNS)
    widths = [w * scale for _, w in _COLUMNS]
    small = cell_style(7.5, color=MUTED_INK)
    name_room = widths[0] - 2 * _PAD - 1
    out = []
    for r in rows:
        sub = r.phase_name or "No phase set"
        if r.days_present < 7:
            sub += f" · {plural(r.days_present, 'day')} in the house"
        a = r.attendance
        house = [f"{a.present + a.late} of {a.held}"]
        if a.excused:
            house.append(f"{a.excused} excused")
        chores = [f"{r.chores_done} of {r.chores_assigned}"]
        if r.chores_missed:
            chores.append(f"{r.chores_missed} missed")
        out.append([
            # A long name gets a smaller font rather than a break inside the word.
            [fitted(r.full_name, name_room, 8.5, bold=True), para(sub, small)],
            f"{r.checkins_done} of {r.days_present}",
            number(r.mood_avg),
            _dash(r.craving_peak),
            _dash(r.talk_requests),
            f"{r.outside_meetings} of {r.outside_required}",
            _lines(house, "C"),
            _lines(chores, "C"),
            _dash(r.curfew_misses),
            # The weekday is enough inside one week.
            _lines([f"{weekday_name(sc.at.astimezone(tz), short=True)} {sc.result}" for sc in r.screens] or ["–"],
                   "L", same=True),
            _incidents(r),
        ])
    header = [h for h, _ in _COLUMNS]
    return table(header, out, widths, size=8.5, head_size=7.5, pad=_PAD, align="LCCCCCCCCLL",
                 empty="No one lived in the house this week.")


def _dash(n: int | None) -> str:
    return "–" if not n else str(n)


def _lines(lines: list[str], align: str, *, same: bool = False) -> list[Paragraph]:
    """One cell of several lines: the first in the table's style, the others small and
    muted (or all alike with `same`)."""
    first = cell_style(8.5, align)
    rest = first if same else cell_style(7.5, align, color=MUTED_INK)
    return [para(lines[0], first)] + [para(x, rest) for x in lines[1:]]


def _incidents(r: ResidentWeek) -> str | list[Paragraph]:
    """The count, and the kinds of incident underneath in small type."""
    if not r.incidents:
        return "–"
    kinds = sorted({label(INCIDENT_CATEGORIES, i.category) for i in r.incidents})
    return _lines([str(len(r.incidents)), ", ".join(kinds)], "L")


def _legend(style: ParagraphStyle) -> Paragraph:
    return para((
        "Counts cover the days each person lived in the house. Check-ins: done of days in the "
        "house. Outside meetings: attended of the number the phase asks for (for part of a week, "
        "in proportion, rounded to the nearest whole meeting). House meetings: present or late "
        "of the house meetings held (business, peer group and emergency meetings are not "
        "counted). Screens: weekday and result. A dash means none."), style)


def _charts(s: WeeklySummary, width: float) -> Flowable:
    half = (width - 12) / 2
    days = [p.day for p in s.days]
    total = sum(p.checkins for p in s.days)
    note = plural(total, "check-in")
    mood = day_trend("Average mood", days, [p.mood_avg for p in s.days], low=1, high=5, step=1,
                     axis_label="Mood: 1 low, 5 good", color=MOOD, width=half, note=note)
    craving = day_trend("Average craving", days, [p.craving_avg for p in s.days], low=0,
                        high=10, step=2, axis_label="Craving: 0 none, 10 strong",
                        color=CRAVING, width=half, note=note)
    t = Table([[mood, craving]], colWidths=[half + 6, half + 6], hAlign="LEFT")
    t.setStyle(TableStyle([EMBEDDED, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
    return t


def _milestones(s: WeeklySummary, width: float) -> list[Flowable]:
    names = _names(s)
    widths = [width * 0.45, width * 0.3, width * 0.25]

    def rows(entries: Sequence[object]) -> list[list[str]]:
        return [[names.get(m.resident_id, m.board_name), m.label, day_text(m.on)]  # type: ignore[attr-defined]
                for m in entries]

    # A week still under way: only the days up to today count as reached.
    reached, coming = (("Milestones reached this week", "Milestones coming next week")
                       if s.complete else
                       (f"Milestones reached this week, up to {day_text(s.census.as_of)}",
                        "Milestones coming in the rest of this week and next week"))
    return [
        *section(reached, table(["Resident", "Milestone", "Date"], rows(s.milestones_reached),
                                widths, empty="No milestones reached this week.")),
        *section(coming, table(["Resident", "Milestone", "Date"], rows(s.milestones_coming),
                               widths, empty="No milestones coming.")),
    ]


def _chain(s: WeeklySummary, width: float) -> Flowable:
    st = styles(9.5)
    mono = cell_style(9.5)
    mono.fontName = MONO
    return boxed([
        para(f"Audit chain head when this summary was made: event {s.audit_seq}", st.body),
        para(f"{s.audit_seq}:{s.audit_hash}", mono),
        para("Keep this page. 'peerhouse check --head' followed by the line above checks that "
             "the audit log still holds this event with this hash, so a log rewritten before "
             "this point, even by someone holding the key, is found.", st.small),
    ], width)
