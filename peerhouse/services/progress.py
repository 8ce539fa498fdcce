"""A resident's progress over a date range, for one recipient named in their consent.

Nothing leaves the house without the resident's written consent (42 CFR part 2): the
consent is checked inside the same transaction that reads the records and writes the
disclosure to the audit trail ("report.resident", with the consent id), so a consent
revoked a moment earlier can never slip through. The parts shared are those the consent
covers (all of them unless the manager picks fewer; a part outside it is refused, and the
refusal audited); only those parts are read at all, and only routine facts: attendance,
check-in regularity (never the answers), chores, screens and the resident's goals (never
progress notes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlmodel import Session

from peerhouse.clock_text import date_text
from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.consent import REPORT_PARTS, Consent
from peerhouse.models.enums import AttendanceStatus, ChoreStatus
from peerhouse.models.houses import House
from peerhouse.services import clock, lookups, validate
from peerhouse.services import progress_queries as q
from peerhouse.services.actor import Actor
from peerhouse.services.consent import (
    ConsentDoesNotCover,
    ConsentNotCurrent,
    check_current,
    check_parts,
    known_parts,
)
from peerhouse.services.languages import resident_language
from peerhouse.services.permissions import Perm, require
from peerhouse.services.progress_queries import Period, ProgressGoal, ProgressScreen
from peerhouse.services.summary_residents import AttendanceCounts, longest_gap
from peerhouse.services.unit import Unit, record_now, writes
from peerhouse.store.audit import chain_head
from peerhouse.store.engine import Store

SECTIONS = tuple(REPORT_PARTS)
MAX_DAYS = 731


@dataclass(frozen=True)
class ProgressWeek:
    """One week of the range (clipped to it): duties counted against days in the house."""

    start: date
    days: int
    checkins: int
    meetings_held: int
    meetings_attended: int
    outside: int
    chores_assigned: int
    chores_done: int


@dataclass(frozen=True)
class ChoreCounts:
    assigned: int = 0  # excused chores are not counted as assigned
    done: int = 0
    missed: int = 0
    excused: int = 0


@dataclass(frozen=True)
class ResidentProgress:
    resident_id: int
    full_name: str
    house_name: str
    first: date
    last: date  # inclusive
    stays: tuple[tuple[date, date | None], ...]  # move-in, move-out (None: still there)
    consent_id: int
    recipient: str
    purpose: str
    information: str
    consent_signed: date
    consent_expires: date
    sections: tuple[str, ...]
    days_in_house: int
    checkins_done: int
    longest_gap: int
    meetings: AttendanceCounts
    outside_meetings: int
    outside_by_fellowship: tuple[tuple[str, int], ...]
    chores: ChoreCounts
    screens: tuple[ProgressScreen, ...]
    goals: tuple[ProgressGoal, ...]
    weeks: tuple[ProgressWeek, ...]
    generated_at: datetime  # house-local
    timezone: str
    paper: str
    audit_seq: int = 0
    language: str = "en"  # the resident's: the report's, unless someone chooses


def check_sections(sections: Iterable[str] | None) -> tuple[str, ...] | None:
    """The parts asked for, in report order (None: whatever the consent covers)."""
    if sections is None:
        return None
    return known_parts("include", sections, "choose at least one part of the report.")


def resident_progress(
    store: Store, actor: Actor, resident_id: int, consent_id: int, first: date | str,
    last: date | str, sections: Iterable[str] | None = None,
) -> ResidentProgress:
    """The progress report data, if a current consent covers it today (audited disclosure).

    `sections` None means every part the consent covers. Raises ConsentNotCurrent when
    the consent is missing, for someone else, not yet signed, expired or revoked, and
    ConsentDoesNotCover when a part asked for is outside it (or it names no parts); the
    refusal itself is recorded too.
    """
    require(actor, Perm.REPORTS_CONFIDENTIAL)
    start = validate.parse_date("from", first, required=True)
    end = validate.parse_date("to", last, required=True)
    assert start is not None and end is not None
    wanted = check_sections(sections)
    if end < start:
        raise ValidationError("to", lazy("The period's last day must not be before its first "
                                         "day."))
    if (end - start).days >= MAX_DAYS:
        raise ValidationError("to", lazy("The period can be at most two years; make two "
                                         "reports."))
    try:
        return _disclose(store, actor, resident_id, consent_id, start, end, wanted)
    except ConsentNotCurrent as exc:
        # Recorded on its own: the refused disclosure's transaction was rolled back.
        # Which parts were outside the consent ([] when it names none) — keys, never text.
        extra = {"not_covered": list(exc.outside)} if isinstance(exc, ConsentDoesNotCover) else {}
        record_now(store, actor, Action.REPORT_RESIDENT_REFUSED, "resident", resident_id,
                   consent_id=consent_id, **extra)
        raise


@writes(Perm.REPORTS_CONFIDENTIAL)
def _disclose(u: Unit, resident_id: int, consent_id: int, start: date, end: date,
              wanted: tuple[str, ...] | None) -> ResidentProgress:
    """One transaction: the consent, the parts it covers, the disclosure's audit event
    (written before anything is read) and the read itself."""
    session = u.session
    res = lookups.resident(session, resident_id)
    house = lookups.house(session, res.house_id)
    today = clock.local_day(clock.now(), house.timezone)
    consent = check_current(session.get(Consent, consent_id), resident_id, today)
    chosen = check_parts(consent, wanted)
    if end > today:
        raise ValidationError("to", lazy("The period cannot end after today ({today}).",
                                         today=date_text(today)))
    u.audit(Action.REPORT_RESIDENT, "resident", resident_id, consent_id=consent_id,
            start=start.isoformat(), end=end.isoformat(), sections=list(chosen))
    progress = _read(session, house, consent, f"{res.first_name} {res.last_name}",
                     Period(start, end, today, house.timezone), chosen)
    return replace(progress, audit_seq=chain_head(session)[0],
                   language=resident_language(session, resident_id))


def _read(session: Session, house: House, consent: Consent, name: str, period: Period,
          sections: tuple[str, ...]) -> ResidentProgress:
    rid = consent.resident_id
    stays = q.stays(session, rid, period)
    nights = period.nights(stays)
    checkins = q.checkin_days(session, rid, period) & nights if "checkins" in sections else set()
    held: dict[int, date] = {}
    marks: dict[int, str] = {}
    if "attendance" in sections:
        held, marks = q.house_meetings(session, rid, {s.house_id for s in stays}, period)
        held = {m: d for m, d in held.items() if d in nights}
        marks = {m: st for m, st in marks.items() if m in held}
    outside = [o for o in q.outside(session, rid, period) if o[0] in nights] \
        if "attendance" in sections else []
    chores = [c for c in q.chores(session, rid, period) if c[0] in nights] \
        if "chores" in sections else []
    by_status: Counter[str] = Counter()
    for _day, status, n in chores:
        by_status[status] += n
    mark_count = Counter(marks.values())
    return ResidentProgress(
        resident_id=rid, full_name=name, house_name=house.name, first=period.first,
        last=period.last, stays=tuple((s.moved_in, s.moved_out) for s in stays),
        consent_id=consent.id or 0, recipient=consent.recipient, purpose=consent.purpose,
        information=consent.information, consent_signed=consent.signed_on,
        consent_expires=consent.expires_on, sections=sections,
        days_in_house=len(nights), checkins_done=len(checkins),
        longest_gap=longest_gap(nights, checkins, period.today) if "checkins" in sections else 0,
        meetings=AttendanceCounts(
            held=len(held), present=mark_count[AttendanceStatus.PRESENT],
            late=mark_count[AttendanceStatus.LATE], excused=mark_count[AttendanceStatus.EXCUSED],
            absent=mark_count[AttendanceStatus.ABSENT]),
        outside_meetings=len(outside),
        outside_by_fellowship=tuple(sorted(Counter(f for _d, f in outside).items(),
                                           key=lambda kv: (-kv[1], kv[0]))),
        chores=ChoreCounts(
            assigned=sum(n for st, n in by_status.items() if st != ChoreStatus.EXCUSED),
            done=by_status[ChoreStatus.DONE] + by_status[ChoreStatus.VERIFIED],
            missed=by_status[ChoreStatus.MISSED], excused=by_status[ChoreStatus.EXCUSED]),
        screens=q.screens(session, rid, period) if "screens" in sections else (),
        goals=q.goals(session, rid, period) if "goals" in sections else (),
        weeks=_weeks(period, nights, checkins, held, marks, outside, chores),
        generated_at=clock.now().astimezone(clock.zone(period.tz)), timezone=period.tz,
        paper=house.paper_size,
    )


def _weeks(period: Period, nights: set[date], checkins: set[date], held: dict[int, date],
           marks: dict[int, str], outside: list[tuple[date, str]],
           chores: list[tuple[date, str, int]]) -> tuple[ProgressWeek, ...]:
    """Week by week (Monday to Sunday, clipped to the period), for regularity over time."""
    def monday(d: date) -> date:
        return d - timedelta(days=d.weekday())

    counts: dict[date, Counter[str]] = defaultdict(Counter)
    for d in nights:
        counts[monday(d)]["days"] += 1
    for d in checkins:
        counts[monday(d)]["checkins"] += 1
    for m, d in held.items():
        counts[monday(d)]["held"] += 1
        if marks.get(m) in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
            counts[monday(d)]["attended"] += 1
    for d, _f in outside:
        counts[monday(d)]["outside"] += 1
    for d, status, n in chores:
        if status != ChoreStatus.EXCUSED:
            counts[monday(d)]["assigned"] += n
        if status in (ChoreStatus.DONE, ChoreStatus.VERIFIED):
            counts[monday(d)]["done"] += n
    out = []
    week = monday(period.first)
    while week <= period.last:
        c = counts.get(week, Counter())
        if c["days"]:
            out.append(ProgressWeek(max(week, period.first), c["days"], c["checkins"], c["held"],
                                    c["attended"], c["outside"], c["assigned"], c["done"]))
        week += timedelta(days=7)
    return tuple(out)
