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

from peerhouse.i18n import _, lazy, ngettext, pgettext
from peerhouse.i18n.formats import weekday_name
from peerhouse.reports import fonts
from peerhouse.reports.charts import day_trend
from peerhouse.reports.common import FONT_BOLD, MONO, styles
from peerhouse.reports.document import Furniture, content_width, render
from peerhouse.reports.paper_language import languages_now
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
    PART2_MESSAGE,
    PART2_SHORT,
    SCREEN_RESULTS,
    day_text,
    label,
    number,
    part2_texts,
    week_of,
)

if TYPE_CHECKING:
    from peerhouse.services.summaries import Move, ResidentWeek, WeeklySummary

TITLE = lazy("Weekly manager summary")
# Relative column widths of the residents table, scaled to the paper.
# Each is wide enough for its header's longest word at 7.5 pt, on Letter and on A4, in
# English and in Spanish. (A screen is the weekday over its result: "Mon" / "negative".)
_COLUMNS = ((lazy("Resident"), 76), (lazy("Check-ins"), 49), (lazy("Mood avg"), 37),
            (lazy("Craving peak"), 40), (lazy("Asked to talk"), 33),
            (lazy("Outside meetings"), 47), (lazy("House meetings"), 47),
            (lazy("Chores done"), 40), (lazy("Curfew missed"), 43), (lazy("Screens"), 48),
            (lazy("Incidents"), 52))
_PAD = 3  # the residents table's cell padding (points)
MOOD = colors.HexColor("#2f5d62")
CRAVING = colors.HexColor("#b5651d")
MUTED_INK = colors.HexColor("#555555")


def build_weekly_manager(summary: WeeklySummary, *, password: str | None = None) -> bytes:
    """The summary as PDF bytes (in memory; `common.save_pdf` writes them to a file)."""
    width = content_width(summary.paper)
    st = styles(10)
    story: list[Flowable] = title_block(
        str(TITLE), f"{summary.house_name} · {week_of(summary.week_start, year=True)}", 10)
    if not summary.complete:
        story.append(para(_("The week is still in progress: figures up to {day}.").format(
            day=day_text(summary.census.as_of)), st.small))
    story += _census(summary, width)
    story += section(_("Needs attention first"), _attention(summary, width))
    story += section(_("Residents this week ({n})").format(n=len(summary.residents)),
                     _residents(summary.residents, width, ZoneInfo(summary.timezone)),
                     Spacer(1, 3), _legend(st.small))
    story += section(_("Mood and cravings, day by day"), _charts(summary, width), keep=True)
    story += _milestones(summary, width)
    notice = part2_texts(PART2_MESSAGE, languages_now())
    story += section(_("Audit trail"), _chain(summary, width), Spacer(1, 8),
                     *[para(x, st.small) for x in notice], keep=True)
    furniture = Furniture(str(TITLE),
                          f"{summary.house_name} · {week_of(summary.week_start, year=True)}",
                          summary.generated_at.astimezone(ZoneInfo(summary.timezone)),
                          confidential=True, notice=PART2_SHORT)
    return render(story, furniture, paper=summary.paper, password=password)


def _census(s: WeeklySummary, width: float) -> list[Flowable]:
    c = s.census
    talks = len(s.open_talk_requests)
    pairs: list[tuple[str, object]] = [
        (_("Beds filled"), ngettext("{filled} of {capacity} ({n} bed free) on {day}",
                                    "{filled} of {capacity} ({n} beds free) on {day}",
                                    c.beds_free).format(
            filled=c.beds_filled, capacity=c.capacity, n=c.beds_free, day=day_text(c.as_of))),
        (pgettext("summary", "Moved in"), _moves(s.move_ins, s, into=True) or _("No one")),
        (pgettext("summary", "Moved out"), _moves(s.move_outs, s, into=False) or _("No one")),
        (_("Incidents"), ngettext("{n} incident recorded this week",
                                  "{n} incidents recorded this week", s.incidents).format(
            n=s.incidents)),
        (_("Talk requests"), ngettext("{n} request not yet followed up",
                                      "{n} requests not yet followed up", talks).format(n=talks)
         if talks else _("All followed up")),
        (_("Curfews"), str(s.curfews)),
    ]
    return section(_("Census"), facts(pairs, (105, width - 105)))  # type: ignore[arg-type]


def _moves(moves: Sequence[Move], s: WeeklySummary, *, into: bool) -> str:
    out = []
    for m in moves:
        text = _("{name} ({day})").format(name=m.full_name, day=day_text(m.on))
        if m.other_house_id is not None:  # a transfer: say which house, not a reason
            other = s.other_houses.get(m.other_house_id) or _("another house")
            text = (_("{name} ({day}): Transferred from {house}") if into else
                    _("{name} ({day}): Transferred to {house}")).format(
                name=m.full_name, day=day_text(m.on), house=other)
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
        reasons.setdefault(a.resident_id, []).append(str(a.text))
    style = cell_style(9.5)
    rows = [[names.get(rid) or _("Resident {id}").format(id=rid),
             [para(t, style) for t in texts]] for rid, texts in reasons.items()]
    return table([_("Resident"), _("What to follow up")], rows, [width * 0.3, width * 0.7],
                 size=9.5, empty=_("Nothing stands out this week."))


def _residents(rows: Sequence[ResidentWeek], width: float, tz: ZoneInfo) -> Flowable:
    scale = width / sum(w for _h, w in _COLUMNS)
    widths = [w * scale for _h, w in _COLUMNS]
    small = cell_style(7.5, color=MUTED_INK)
    name_room = widths[0] - 2 * _PAD - 1
    out = []
    for r in rows:
        sub = r.phase_name or _("No phase set")
        if r.days_present < 7:
            sub += " · " + ngettext("{n} day in the house", "{n} days in the house",
                                    r.days_present).format(n=r.days_present)
        a = r.attendance
        house = [_of(a.present + a.late, a.held)]
        if a.excused:
            house.append(ngettext("{n} excused", "{n} excused", a.excused).format(n=a.excused))
        chores = [_of(r.chores_done, r.chores_assigned)]
        if r.chores_missed:
            chores.append(ngettext("{n} missed", "{n} missed", r.chores_missed).format(
                n=r.chores_missed))
        out.append([
            # A long name gets a smaller font rather than a break inside the word.
            [fitted(r.full_name, name_room, 8.5, bold=True), para(sub, small)],
            _of(r.checkins_done, r.days_present),
            number(r.mood_avg),
            _dash(r.craving_peak),
            _dash(r.talk_requests),
            _of(r.outside_meetings, r.outside_required),
            _lines(house, "C"),
            _lines(chores, "C"),
            _dash(r.curfew_misses),
            # The weekday is enough inside one week.
            _lines([f"{weekday_name(sc.at.astimezone(tz), short=True)} "
                    f"{label(SCREEN_RESULTS, sc.result)}" for sc in r.screens] or ["–"],
                   "L", same=True),
            _incidents(r),
        ])
    header = [str(h) for h, _w in _COLUMNS]
    return table(header, out, widths, size=8.5, head_size=_head_size(header, widths),
                 pad=_PAD, align="LCCCCCCCCLL",
                 empty=_("No one lived in the house this week."))


def _head_size(header: list[str], widths: list[float], size: float = 7.5) -> float:
    """The column heads' size: 7.5 pt, or a half point smaller at a time (down to 6) until
    every word of every head fits its column (Spanish words run longer)."""
    def fits(at: float) -> bool:
        return all(fonts.width(word, FONT_BOLD, at) <= w - 2 * _PAD
                   for h, w in zip(header, widths, strict=True) for word in h.split())

    while size > 6 and not fits(size):
        size -= 0.5
    return size


def _of(part: int, whole: int) -> str:
    return _("{part} of {whole}").format(part=part, whole=whole)


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
    return para(_(
        "Counts cover the days each person lived in the house. Check-ins: done of days in the "
        "house. Outside meetings: attended of the number the phase asks for (for part of a week, "
        "in proportion, rounded to the nearest whole meeting). House meetings: present or late "
        "of the house meetings held (business, peer group and emergency meetings are not "
        "counted). Screens: weekday and result. A dash means none."), style)


def _charts(s: WeeklySummary, width: float) -> Flowable:
    half = (width - 12) / 2
    days = [p.day for p in s.days]
    total = sum(p.checkins for p in s.days)
    note = ngettext("{n} check-in", "{n} check-ins", total).format(n=total)
    mood = day_trend(_("Average mood"), days, [p.mood_avg for p in s.days], low=1, high=5,
                     step=1, axis_label=_("Mood: 1 low, 5 good"), color=MOOD, width=half,
                     note=note)
    craving = day_trend(_("Average craving"), days, [p.craving_avg for p in s.days], low=0,
                        high=10, step=2, axis_label=_("Craving: 0 none, 10 strong"),
                        color=CRAVING, width=half, note=note)
    t = Table([[mood, craving]], colWidths=[half + 6, half + 6], hAlign="LEFT")
    t.setStyle(TableStyle([EMBEDDED, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
    return t


def _milestones(s: WeeklySummary, width: float) -> list[Flowable]:
    names = _names(s)
    widths = [width * 0.45, width * 0.3, width * 0.25]

    def rows(entries: Sequence[object]) -> list[list[str]]:
        return [[names.get(m.resident_id, m.board_name), str(m.label),  # type: ignore[attr-defined]
                 day_text(m.on)] for m in entries]  # type: ignore[attr-defined]

    # A week still under way: only the days up to today count as reached.
    reached, coming = ((_("Milestones reached this week"), _("Milestones coming next week"))
                       if s.complete else
                       (_("Milestones reached this week, up to {day}").format(
                           day=day_text(s.census.as_of)),
                        _("Milestones coming in the rest of this week and next week")))
    header = [_("Resident"), _("Milestone"), _("Date")]
    return [
        *section(reached, table(header, rows(s.milestones_reached),
                                widths, empty=_("No milestones reached this week."))),
        *section(coming, table(header, rows(s.milestones_coming),
                               widths, empty=_("No milestones coming."))),
    ]


def _chain(s: WeeklySummary, width: float) -> Flowable:
    st = styles(9.5)
    mono = cell_style(9.5)
    mono.fontName = MONO
    return boxed([
        para(_("Audit chain head when this summary was made: event {event}").format(
            event=s.audit_seq), st.body),
        para(f"{s.audit_seq}:{s.audit_hash}", mono),
        para(_("Keep this page. 'peerhouse check --head' followed by the line above checks that "
               "the audit log still holds this event with this hash, so a log rewritten before "
               "this point, even by someone holding the key, is found."), st.small),
    ], width)
