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
from peerhouse.reports.common import styles
from peerhouse.reports.document import Furniture, content_width, render
from peerhouse.reports.tables import boxed, facts, para, section, table, title_block
from peerhouse.reports.wording import MEETING_KINDS, PART2_SHORT, day_text, label, time_text

if TYPE_CHECKING:
    from peerhouse.services.meeting_papers import MeetingPaper

BLANK_LINES = 3
ATTENDANCE = (("present", "Present"), ("late", "Late"), ("excused", "Excused"),
              ("absent", "Absent"), (None, "Not recorded"))


def _when(m: MeetingPaper) -> str:
    return f"{day_text(m.starts_at.date())}, {m.starts_at.year} at {time_text(m.starts_at)}"


def _heading(m: MeetingPaper, title: str, width: float) -> list[Flowable]:
    return [
        *title_block(title, f"{label(MEETING_KINDS, m.kind)} · {_when(m)}", 11),
        Spacer(1, 2),
        facts([("House", m.house_name), ("Topic", m.topic or "–"),
               ("Facilitator", m.facilitator or "–")], (85, width - 85), size=11),
        Spacer(1, 6),
    ]


def build_sign_in_sheet(m: MeetingPaper) -> bytes:
    """The sign-in sheet as PDF bytes."""
    width = content_width(m.paper)
    rows = [[str(i), p.name, "", ""] for i, p in enumerate(m.people, 1)]
    rows += [[str(len(rows) + i), "", "", ""] for i in range(1, BLANK_LINES + 1)]
    sheet = table(["#", "Name", "Time in", "Signature"], rows,
                  [width * 0.06, width * 0.36, width * 0.16, width * 0.42], size=12,
                  align="CLLL", extra=[("TOPPADDING", (0, 1), (-1, -1), 6),
                                       ("BOTTOMPADDING", (0, 1), (-1, -1), 6)])
    story = [*_heading(m, "Meeting sign-in sheet", width), sheet, Spacer(1, 6),
             para("Please sign next to your name when you arrive. If your name is not listed, "
                  "write it on a blank line.", styles(10).small)]
    furniture = Furniture("Sign-in sheet", f"{m.house_name} · {short_day(m.starts_at, year=True)}",
                          m.generated_at)
    return render(story, furniture, paper=m.paper)


def build_minutes(m: MeetingPaper, *, password: str | None = None) -> bytes:
    """The minutes as PDF bytes (confidential: they are about people in recovery)."""
    width = content_width(m.paper)
    st = styles(11)
    who = []
    for status, title in ATTENDANCE:
        names = [p.name for p in m.people if p.status == status]
        if names and (status is not None or m.status == "held"):
            who.append((f"{title} ({len(names)})", ", ".join(names)))
    story = _heading(m, "Meeting minutes", width)
    story += section("Who came", facts(who or [("Attendance", "Not taken")],
                                       (110, width - 110), size=10.5))
    lines = [x.strip() for x in m.minutes.splitlines() if x.strip()]
    story += section("Minutes", *[para(x, st.body) for x in lines] or
                     [para("No minutes were written for this meeting.", st.body)])
    decisions = [x.strip() for x in m.decisions.splitlines() if x.strip()]
    story += section("Decisions", table(["#", "What the house agreed"],
                                        [[str(i), d] for i, d in enumerate(decisions, 1)],
                                        [width * 0.07, width * 0.93], size=10.5, align="CL",
                                        empty="No decisions were recorded."))
    story += section("Approved", boxed([
        para(f"Minutes taken by: {'_' * 30}   Approved on: {'_' * 20}", st.body)], width),
        keep=True)
    furniture = Furniture("Meeting minutes", f"{m.house_name} · {short_day(m.starts_at, year=True)}",
                          m.generated_at, confidential=True, notice=PART2_SHORT)
    return render(story, furniture, paper=m.paper, password=password)
