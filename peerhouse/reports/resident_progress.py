"""The resident progress report (confidential, consent-bound) for one outside recipient.

Built from the `ResidentProgress` read model, which the service produces only under a
current consent naming this recipient, and records as a disclosure. The page names the
consent, prints the 42 CFR Part 2 notice that must accompany a disclosure, and shows only
the parts chosen, all of them within the consent: attendance, check-in regularity,
chores, screens, goals.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from peerhouse.models.consent import REPORT_PARTS
from peerhouse.reports.common import styles
from peerhouse.reports.document import Furniture, content_width, render
from peerhouse.reports.tables import (
    boxed,
    cell_style,
    facts,
    para,
    section,
    table,
    title_block,
)
from peerhouse.reports.wording import (
    GOAL_STATUS,
    PART2_NOTICE,
    PART2_SHORT,
    label,
    long_day,
    plural,
)

if TYPE_CHECKING:
    from peerhouse.services.progress import ResidentProgress

TITLE = "Resident progress report"


def build_resident_progress(p: ResidentProgress, *, password: str | None = None) -> bytes:
    """The report as PDF bytes (in memory; `common.save_pdf` writes them to a file)."""
    width = content_width(p.paper)
    st = styles(10.5)
    story: list[Flowable] = [
        *title_block(TITLE, f"{p.full_name} · {long_day(p.first)} to {long_day(p.last)}", 10.5),
        Spacer(1, 4),
        facts(_about(p), (110, width - 110)),
        Spacer(1, 8),
        boxed([para("Notice to the recipient", cell_style(10, bold=True)), Spacer(1, 2),
               para(PART2_NOTICE, cell_style(8.5))], width),
    ]
    story += section("At a glance", table(["Area", "During this period"], _glance(p),
                                          [width * 0.26, width * 0.74], size=10))
    if {"attendance", "checkins", "chores"} & set(p.sections) and p.weeks:
        story += section("Week by week", _weeks(p, width),
                         para("Counted against the days the resident lived in the house; a "
                              "dash means that part is not included in this report.",
                              st.small))
    if "screens" in p.sections:
        story += section("Drug and alcohol screens", _screens(p, width))
    if "goals" in p.sections:
        story += section("Goals the resident set", _goals(p, width))
    story += section("Prepared by", _signature(p, width), keep=True)
    furniture = Furniture(TITLE, f"{p.house_name} · for {p.recipient}", p.generated_at,
                          confidential=True, notice=PART2_SHORT)
    return render(story, furniture, paper=p.paper, password=password)


def _about(p: ResidentProgress) -> list[tuple[str, object]]:
    stays = "; ".join(
        f"{long_day(a)} to {long_day(b)}" if b else f"since {long_day(a)}" for a, b in p.stays)
    parts = ", ".join(REPORT_PARTS[s] for s in p.sections)
    return [
        ("Prepared for", p.recipient),
        ("Purpose", p.purpose),
        ("Consent", f"Signed by the resident on {long_day(p.consent_signed)}, valid until "
                    f"{long_day(p.consent_expires)} (consent no. {p.consent_id})."),
        ("May be shared", p.information),
        ("Residence", f"{p.house_name}, a recovery residence"),
        ("In the house", stays or "Not in the house during this period"),
        ("This report covers", parts[:1].upper() + parts[1:] + "."),
    ]


def _percent(part: int, whole: int) -> str:
    return f" ({round(100 * part / whole)}%)" if whole else ""


def _glance(p: ResidentProgress) -> list[list[object]]:
    rows: list[list[object]] = [["Days in the house", plural(p.days_in_house, "day")]]
    if "attendance" in p.sections:
        m = p.meetings
        came = m.present + m.late
        extra = [f"{n} {w}" for n, w in ((m.late, "late"), (m.excused, "excused"),
                                          (m.absent, "absent")) if n]
        rows.append(["House meetings", f"Attended {came} of {m.held} held{_percent(came, m.held)}"
                     + (f"; {', '.join(extra)}" if extra else "")])
        kinds = ", ".join(f"{f} {n}" for f, n in p.outside_by_fellowship)
        weekly = p.outside_meetings * 7 / p.days_in_house if p.days_in_house else 0
        rows.append(["Outside meetings",
                     f"{p.outside_meetings} logged ({weekly:.1f} a week)"
                     + (f": {kinds}" if kinds else "")])
    if "checkins" in p.sections:
        gap = f"; longest run without one: {plural(p.longest_gap, 'day')}" if p.longest_gap else ""
        rows.append(["Daily check-ins", f"Checked in on {p.checkins_done} of "
                     f"{plural(p.days_in_house, 'day')}{_percent(p.checkins_done, p.days_in_house)}"
                     + gap])
    if "chores" in p.sections:
        c = p.chores
        extra = [f"{n} {w}" for n, w in ((c.missed, "missed"), (c.excused, "excused")) if n]
        rows.append(["Chores", f"Done {c.done} of {c.assigned}{_percent(c.done, c.assigned)}"
                     + (f"; {', '.join(extra)}" if extra else "")])
    if "screens" in p.sections:
        results = Counter(s.result for s in p.screens)
        rows.append(["Screens", plural(len(p.screens), "screen") + (
            ": " + ", ".join(f"{n} {r}" for r, n in sorted(results.items())) if results else "")])
    if "goals" in p.sections:
        status = Counter(label(GOAL_STATUS, g.status).lower() for g in p.goals)
        rows.append(["Goals", plural(len(p.goals), "goal") + (
            ": " + ", ".join(f"{n} {s}" for s, n in sorted(status.items())) if status else "")])
    return rows


def _weeks(p: ResidentProgress, width: float) -> Flowable:
    show = set(p.sections)

    def part(name: str, text: str) -> str:
        return text if name in show else "–"

    rows = [[long_day(w.start), str(w.days), part("checkins", f"{w.checkins} of {w.days}"),
             part("attendance", f"{w.meetings_attended} of {w.meetings_held}"),
             part("attendance", str(w.outside)),
             part("chores", f"{w.chores_done} of {w.chores_assigned}")] for w in p.weeks]
    header = ["Week from", "Days in the house", "Check-ins", "House meetings attended",
              "Outside meetings", "Chores done"]
    return table(header, rows, [width * f for f in (0.24, 0.14, 0.15, 0.17, 0.15, 0.15)],
                 size=9.5, align="LCCCCC")


def _screens(p: ResidentProgress, width: float) -> Flowable:
    rows = [[long_day(s.day), s.method.capitalize(), s.reason.capitalize(),
             s.result.capitalize()] for s in p.screens]
    return table(["Date", "Method", "Reason", "Result"], rows,
                 [width * 0.3, width * 0.2, width * 0.25, width * 0.25], size=9.5,
                 empty="No screens were recorded during this period.")


def _goals(p: ResidentProgress, width: float) -> Flowable:
    rows = [[g.area.capitalize(), g.title, label(GOAL_STATUS, g.status),
             f"{g.steps_done} of {g.steps_total}" if g.steps_total else "–",
             long_day(g.target_date) if g.target_date else "–"] for g in p.goals]
    return table(["Area", "Goal, in the resident's words", "Where it stands", "Steps done",
                  "Target date"], rows,
                 [width * f for f in (0.13, 0.39, 0.16, 0.12, 0.2)], size=9.5,
                 align="LLLCL", empty="No goals were set by the end of this period.")


def _signature(p: ResidentProgress, width: float) -> Flowable:
    st = styles(10.5)
    line = "_" * 34
    return boxed([
        para(f"Name: {line}   Role: {'_' * 24}", st.body), Spacer(1, 12),
        para(f"Signature: {line}   Date: {'_' * 24}", st.body), Spacer(1, 6),
        para(f"Disclosed with the resident's written consent no. {p.consent_id}; this "
             f"disclosure is recorded in the house's audit trail as event {p.audit_seq}.",
             st.small),
    ], width)
