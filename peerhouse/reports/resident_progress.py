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

from peerhouse.i18n import Message, _, lazy, lazy_plural, ngettext
from peerhouse.models.consent import part_words
from peerhouse.reports.common import styles
from peerhouse.reports.document import Furniture, content_width, render
from peerhouse.reports.paper_language import languages_now
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
    GOAL_AREAS,
    GOAL_STATUS,
    PART2_MESSAGE,
    PART2_SHORT,
    SCREEN_RESULTS,
    SCREEN_WORDS,
    label,
    long_day,
    part2_texts,
)

if TYPE_CHECKING:
    from peerhouse.services.progress import ResidentProgress

TITLE = lazy("Resident progress report")


def build_resident_progress(p: ResidentProgress, *, password: str | None = None) -> bytes:
    """The report as PDF bytes (in memory; `common.save_pdf` writes them to a file)."""
    width = content_width(p.paper)
    st = styles(10.5)
    notice = part2_texts(PART2_MESSAGE, languages_now())
    story: list[Flowable] = [
        *title_block(str(TITLE), _("{name} · {first} to {last}").format(
            name=p.full_name, first=long_day(p.first), last=long_day(p.last)), 10.5),
        Spacer(1, 4),
        facts(_about(p), (_LABELS, width - _LABELS)),
        Spacer(1, 8),
        boxed([para(_("Notice to the recipient"), cell_style(10, bold=True)), Spacer(1, 2),
               para(notice[0], cell_style(8.5)),
               *[para(x, cell_style(8.5, bold=i == 0)) for i, x in enumerate(notice[1:])]],
              width),
    ]
    story += section(_("At a glance"), table([_("Area"), _("During this period")], _glance(p),
                                             [width * 0.26, width * 0.74], size=10))
    if {"attendance", "checkins", "chores"} & set(p.sections) and p.weeks:
        story += section(_("Week by week"), _weeks(p, width),
                         para(_("Counted against the days the resident lived in the house; a "
                                "dash means that part is not included in this report."),
                              st.small))
    if "screens" in p.sections:
        story += section(_("Drug and alcohol screens"), _screens(p, width))
    if "goals" in p.sections:
        story += section(_("Goals the resident set"), _goals(p, width))
    story += section(_("Prepared by"), _signature(p, width), keep=True)
    furniture = Furniture(str(TITLE), _("{house} · for {recipient}").format(
        house=p.house_name, recipient=p.recipient), p.generated_at,
        confidential=True, notice=PART2_SHORT)
    return render(story, furniture, paper=p.paper, password=password)


_LABELS = 120  # the facts' label column (room for the Spanish labels)


def _about(p: ResidentProgress) -> list[tuple[str, object]]:
    stays = "; ".join(
        _("{first} to {last}").format(first=long_day(a), last=long_day(b)) if b
        else _("since {day}").format(day=long_day(a)) for a, b in p.stays)
    parts = part_words(p.sections)
    return [
        (_("Prepared for"), p.recipient),
        (_("Purpose"), p.purpose),
        (_("Consent"), _("Signed by the resident on {signed}, valid until {expires} (consent "
                         "no. {id}).").format(signed=long_day(p.consent_signed),
                                              expires=long_day(p.consent_expires),
                                              id=p.consent_id)),
        (_("May be shared"), p.information),
        (_("Residence"), _("{house}, a recovery residence").format(house=p.house_name)),
        (_("In the house"), stays or _("Not in the house during this period")),
        # Translators: {parts} is a list of the report's parts, e.g. "meeting attendance,
        # chores"; its first letter is made a capital.
        (_("This report covers"), _capital(_("{parts}.").format(parts=parts))),
    ]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _percent(part: int, whole: int) -> str:
    return _(" ({percent}%)").format(percent=round(100 * part / whole)) if whole else ""


def _days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def _counted(counts: tuple[Message, ...]) -> str:
    """'; 1 late, 2 absent' (only the counts that are not zero)."""
    shown = [str(m) for m in counts if m.count]
    return _("; {list}").format(list=", ".join(shown)) if shown else ""


def _glance(p: ResidentProgress) -> list[list[object]]:
    rows: list[list[object]] = [[_("Days in the house"), _days(p.days_in_house)]]
    if "attendance" in p.sections:
        m = p.meetings
        came = m.present + m.late
        # The same word for one and many in English, not in Spanish.
        extra = _counted((lazy_plural("{n} late", "{n} late", m.late),
                          lazy_plural("{n} excused", "{n} excused", m.excused),
                          lazy_plural("{n} absent", "{n} absent", m.absent)))
        rows.append([_("House meetings"), _("Attended {came} of {held} held{percent}").format(
            came=came, held=m.held, percent=_percent(came, m.held)) + extra])
        kinds = ", ".join(f"{f} {n}" for f, n in p.outside_by_fellowship)
        weekly = p.outside_meetings * 7 / p.days_in_house if p.days_in_house else 0
        text = _("{n} logged ({weekly} a week)").format(n=p.outside_meetings,
                                                       weekly=f"{weekly:.1f}")
        rows.append([_("Outside meetings"), text + (f": {kinds}" if kinds else "")])
    if "checkins" in p.sections:
        gap = (_("; longest run without one: {days}").format(days=_days(p.longest_gap))
               if p.longest_gap else "")
        rows.append([_("Daily check-ins"), _("Checked in on {done} of {days}{percent}").format(
            done=p.checkins_done, days=_days(p.days_in_house),
            percent=_percent(p.checkins_done, p.days_in_house)) + gap])
    if "chores" in p.sections:
        c = p.chores
        extra = _counted((lazy_plural("{n} missed", "{n} missed", c.missed),
                          lazy_plural("{n} excused", "{n} excused", c.excused)))
        rows.append([_("Chores"), _("Done {done} of {assigned}{percent}").format(
            done=c.done, assigned=c.assigned, percent=_percent(c.done, c.assigned)) + extra])
    if "screens" in p.sections:
        results = Counter(s.result for s in p.screens)
        listed = ", ".join(_count_of(r, n) for r, n in sorted(results.items()))
        count = ngettext("{n} screen", "{n} screens", len(p.screens)).format(n=len(p.screens))
        rows.append([_("Screens"), count + (f": {listed}" if listed else "")])
    if "goals" in p.sections:
        status = Counter(g.status for g in p.goals)
        # In the order of the English words, as before ('achieved', 'paused', …).
        listed = ", ".join(_count_of(st, status[st]) for st in
                           ("achieved", "paused", "dropped", "active") if status[st])
        count = ngettext("{n} goal", "{n} goals", len(p.goals)).format(n=len(p.goals))
        rows.append([_("Goals"), count + (f": {listed}" if listed else "")])
    return rows


def _count_of(code: str, n: int) -> str:
    """'2 negative' ('2 negativas'), '1 achieved' ('1 lograda'): a count of screens with one
    result or of goals where they stand (the same word in English whatever the count, not
    in Spanish)."""
    words = {
        "negative": lazy_plural("{n} negative", "{n} negative", n),
        "positive": lazy_plural("{n} positive", "{n} positive", n),
        "dilute": lazy_plural("{n} dilute", "{n} dilute", n),
        "refused": lazy_plural("{n} refused", "{n} refused", n),
        "invalid": lazy_plural("{n} invalid", "{n} invalid", n),
        "active": lazy_plural("{n} working on it", "{n} working on it", n),
        "achieved": lazy_plural("{n} achieved", "{n} achieved", n),
        "paused": lazy_plural("{n} paused", "{n} paused", n),
        "dropped": lazy_plural("{n} set aside", "{n} set aside", n),
    }
    found = words.get(code)
    return str(found) if found is not None else f"{n} {label(SCREEN_RESULTS, code)}"


def _of(a: int, b: int) -> str:
    return _("{part} of {whole}").format(part=a, whole=b)


def _weeks(p: ResidentProgress, width: float) -> Flowable:
    show = set(p.sections)

    def part(name: str, text: str) -> str:
        return text if name in show else "–"

    rows = [[long_day(w.start), str(w.days), part("checkins", _of(w.checkins, w.days)),
             part("attendance", _of(w.meetings_attended, w.meetings_held)),
             part("attendance", str(w.outside)),
             part("chores", _of(w.chores_done, w.chores_assigned))] for w in p.weeks]
    header = [_("Week from"), _("Days in the house"), _("Check-ins"),
              _("House meetings attended"), _("Outside meetings"), _("Chores done")]
    return table(header, rows, [width * f for f in (0.24, 0.14, 0.15, 0.17, 0.15, 0.15)],
                 size=9.5, align="LCCCCC")


def _screens(p: ResidentProgress, width: float) -> Flowable:
    rows = [[long_day(s.day), label(SCREEN_WORDS, s.method), label(SCREEN_WORDS, s.reason),
             label(SCREEN_WORDS, s.result)] for s in p.screens]
    return table([_("Date"), _("Method"), _("Reason"), _("Result")], rows,
                 [width * 0.3, width * 0.2, width * 0.25, width * 0.25], size=9.5,
                 empty=_("No screens were recorded during this period."))


def _goals(p: ResidentProgress, width: float) -> Flowable:
    rows = [[label(GOAL_AREAS, g.area), g.title, label(GOAL_STATUS, g.status),
             _of(g.steps_done, g.steps_total) if g.steps_total else "–",
             long_day(g.target_date) if g.target_date else "–"] for g in p.goals]
    return table([_("Area"), _("Goal, in the resident's words"), _("Where it stands"),
                  _("Steps done"), _("Target date")], rows,
                 [width * f for f in (0.13, 0.39, 0.16, 0.12, 0.2)], size=9.5,
                 align="LLLCL", empty=_("No goals were set by the end of this period."))


def _signature(p: ResidentProgress, width: float) -> Flowable:
    st = styles(10.5)
    line, short = "_" * 34, "_" * 24
    return boxed([
        para(_("Name: {line}   Role: {short}").format(line=line, short=short), st.body),
        Spacer(1, 12),
        para(_("Signature: {line}   Date: {short}").format(line=line, short=short), st.body),
        Spacer(1, 6),
        para(_("Disclosed with the resident's written consent no. {consent}; this disclosure "
               "is recorded in the house's audit trail as event {event}.").format(
                   consent=p.consent_id, event=p.audit_seq), st.small),
    ], width)
