"""A meeting's papers: the sign-in sheet for the clipboard and the minutes for the file.

Both are built from the `MeetingPaper` read model. The sign-in sheet has a line per
resident (and blank lines for anyone not listed) tall enough to sign on; the minutes
list who came and keep the text as it was typed, one paragraph per line, decisions
numbered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from peerhouse.clock_text import short_day
from peerhouse.i18n import _, lazy
from peerhouse.reports.common import styles
from peerhouse.reports.document import Furniture, content_width, render
from peerhouse.reports.paper_language import both, inline, languages_now
from peerhouse.reports.tables import (
    boxed,
    facts,
    flows,
    para,
    section,
    stacked,
    table,
    title_block,
)
from peerhouse.reports.wording import (
    MEETING_KINDS,
    PART2_SHORT,
    PART2_SHORT_MESSAGE,
    day_text,
    label,
    part2_texts,
    time_text,
)

if TYPE_CHECKING:
    from peerhouse.services.meeting_papers import MeetingPaper

BLANK_LINES = 3
# Translators: how people came to a meeting; on the minutes, "Present (4)".
ATTENDANCE = (("present", lazy("Present ({n})")), ("late", lazy("Late ({n})")),
              ("excused", lazy("Excused ({n})")), ("absent", lazy("Absent ({n})")),
              (None, lazy("Not recorded ({n})")))


def _when(m: MeetingPaper) -> str:
    return _("{kind} · {day}, {year} at {time}").format(
        kind=label(MEETING_KINDS, m.kind), day=day_text(m.starts_at.date()),
        year=m.starts_at.year, time=time_text(m.starts_at))


def _heading(m: MeetingPaper, title: str, width: float) -> list[Flowable]:
    return [
        *title_block(title, both(lambda: _when(m)), 11),
        Spacer(1, 2),
        facts([(inline(lambda: _("House")), m.house_name),
               (inline(lambda: _("Topic")), m.topic or "–"),
               (inline(lambda: _("Facilitator")), m.facilitator or "–")],
              (_label_width(), width - _label_width()), size=11),
        Spacer(1, 6),
    ]


def _label_width() -> float:
    """The facts' label column: room for 'Facilitator · Facilitador(a)' on a bilingual paper."""
    return 85 if len(languages_now()) == 1 else 150


def build_sign_in_sheet(m: MeetingPaper) -> bytes:
    """The sign-in sheet as PDF bytes."""
    width = content_width(m.paper)
    rows = [[str(i), p.name, "", ""] for i, p in enumerate(m.people, 1)]
    rows += [[str(len(rows) + i), "", "", ""] for i in range(1, BLANK_LINES + 1)]
    header = ["#", both(lambda: _("Name")), both(lambda: _("Time in")),
              both(lambda: _("Signature"))]
    sheet = table(header, rows,
                  [width * 0.06, width * 0.36, width * 0.16, width * 0.42], size=12,
                  align="CLLL", extra=[("TOPPADDING", (0, 1), (-1, -1), 6),
                                       ("BOTTOMPADDING", (0, 1), (-1, -1), 6)])
    story = [*_heading(m, both(lambda: _("Meeting sign-in sheet")), width), sheet, Spacer(1, 6),
             *flows(stacked(both(lambda: _(
                 "Please sign next to your name when you arrive. If your name is not listed, "
                 "write it on a blank line.")), styles(10).small))]
    furniture = Furniture(inline(lambda: _("Sign-in sheet")),
                          f"{m.house_name} · {short_day(m.starts_at, year=True)}",
                          m.generated_at)
    return render(story, furniture, paper=m.paper)


def build_minutes(m: MeetingPaper, *, password: str | None = None) -> bytes:
    """The minutes as PDF bytes (confidential: they are about people in recovery)."""
    width = content_width(m.paper)
    st = styles(11)
    who: list[tuple[str, object]] = []
    for status, title in ATTENDANCE:
        names = [p.name for p in m.people if p.status == status]
        if names and (status is not None or m.status == "held"):
            count = title.with_values(n=len(names))
            who.append((both(count), ", ".join(names)))
    wide = _label_width() + 25
    story = _heading(m, both(lambda: _("Meeting minutes")), width)
    story += section(both(lambda: _("Who came")),
                     facts(who or [(both(lambda: _("Attendance")),
                                    both(lambda: _("Not taken"), " · "))],
                           (wide, width - wide), size=10.5))
    lines = [x.strip() for x in m.minutes.splitlines() if x.strip()]
    story += section(both(lambda: _("Minutes")), *[para(x, st.body) for x in lines] or
                     flows(stacked(both(lambda: _("No minutes were written for this meeting.")),
                                    st.body)))
    decisions = [x.strip() for x in m.decisions.splitlines() if x.strip()]
    story += section(both(lambda: _("Decisions")),
                     table(["#", both(lambda: _("What the house agreed"))],
                           [[str(i), d] for i, d in enumerate(decisions, 1)],
                           [width * 0.07, width * 0.93], size=10.5, align="CL",
                           empty=both(lambda: _("No decisions were recorded."))))
    line, short = "_" * 30, "_" * 20
    story += section(both(lambda: _("Approved")), boxed([
        *flows(stacked(both(lambda: _("Minutes taken by: {line}   Approved on: {short}").format(
            line=line, short=short)), st.body))], width), keep=True)
    notice = part2_texts(PART2_SHORT_MESSAGE, languages_now())
    if len(notice) > 1:  # the short notice's translation, under the English legal text
        story += [Spacer(1, 8), *[para(x, styles(9).small) for x in notice]]
    furniture = Furniture(inline(lambda: _("Meeting minutes")),
                          f"{m.house_name} · {short_day(m.starts_at, year=True)}",
                          m.generated_at, confidential=True, notice=PART2_SHORT)
    return render(story, furniture, paper=m.paper, password=password)
