"""The weekly summary read model: one house, one house-local ISO week (confidential).

Managers see it on the dashboard and print it as the confidential weekly PDF; the audit
chain head printed on it anchors the log on paper (`peerhouse check --head`). The reads are a fixed
handful of week-bounded queries (summary_queries.py), assembled in memory: the house
part and the attention list here, the per-resident rows in summary_residents.py. The notice-board version, with public data only, is
`weekly_board_data` (weekly_board.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from peerhouse.clock_text import week_span
from peerhouse.errors import ValidationError
from peerhouse.i18n import Message, lazy, lazy_plural
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ExitReason, ScreenResult
from peerhouse.models.houses import House
from peerhouse.models.people import Resident, Stay
from peerhouse.services import clock, lookups
from peerhouse.services.curfew import house_curfews
from peerhouse.services.languages import staff_language
from peerhouse.services.milestones import milestones_between
from peerhouse.services.permissions import Perm
from peerhouse.services.summary_queries import (
    SummaryWeekData,
    WeekRange,
    check_week_start,
    load_week,
)
from peerhouse.services.summary_residents import (
    AttendanceCounts,
    DayPoint,
    IncidentEntry,
    Presence,
    ResidentWeek,
    ScreenEntry,
    daily,
    names,
    presence,
    resident_rows,
)
from peerhouse.services.unit import Unit, audited
from peerhouse.services.weekly_board import WeeklyBoard, weekly_board_data
from peerhouse.store.audit import chain_head

__all__ = [
    "Attention", "AttendanceCounts", "Census", "DayPoint", "IncidentEntry", "MilestoneEntry",
    "Move", "ResidentWeek", "ScreenEntry", "WeekTalkRequest", "WeeklyBoard", "WeeklySummary",
    "weekly_board_data", "weekly_summary",
]

# The screen results that need a follow-up, as the attention list names them.
RESULT_WORDS = {ScreenResult.POSITIVE: lazy("positive"), ScreenResult.REFUSED: lazy("refused")}
CRAVING_ATTENTION = 7
CHECKIN_GAP_ATTENTION = 2
SCREEN_ATTENTION = (ScreenResult.POSITIVE, ScreenResult.REFUSED)
# Attention reasons, most pressing first.
REASONS = ("talk", "screen", "craving", "curfew", "checkin_gap", "outside_meetings")


@dataclass(frozen=True)
class Census:
    """Who lives in the house at the end of the week (today, for the current week)."""

    as_of: date
    active: int
    capacity: int
    beds_filled: int
    beds_free: int


@dataclass(frozen=True)
class Move:
    """A move-in or move-out; a transfer names the other house."""

    resident_id: int
    board_name: str
    full_name: str
    on: date
    exit_reason: str | None = None
    other_house_id: int | None = None


@dataclass(frozen=True)
class MilestoneEntry:
    resident_id: int
    board_name: str
    label: str
    on: date


@dataclass(frozen=True)
class WeekTalkRequest:
    resident_id: int
    day: date


@dataclass(frozen=True)
class Attention:
    """Something a manager may want to follow up, worded about the situation, not the person."""

    resident_id: int
    reason: str
    text: Message  # a whole sentence, rendered in the reader's language


@dataclass(frozen=True)
class WeeklySummary:
    house_id: int
    house_name: str
    week: str
    week_start: date
    week_end: date  # the Sunday
    timezone: str
    complete: bool  # the week is over
    generated_at: datetime
    census: Census
    move_ins: tuple[Move, ...]
    move_outs: tuple[Move, ...]
    milestones_reached: tuple[MilestoneEntry, ...]
    milestones_coming: tuple[MilestoneEntry, ...]
    open_talk_requests: tuple[WeekTalkRequest, ...]
    incidents: int
    residents: tuple[ResidentWeek, ...]
    days: tuple[DayPoint, ...]
    attention: tuple[Attention, ...]
    audit_seq: int = 0
    audit_hash: str = ""
    paper: str = "letter"  # the house's paper size, for printing
    # Names of the other houses that transfers in `move_ins` / `move_outs` point to.
    other_houses: dict[int, str] = field(default_factory=dict)
    # The curfews in force for the week's residents, in words (services/curfew).
    curfews: object = ""
    # The language of the staff member who asked for it: the summary's, unless they choose.
    language: str = "en"


@audited(Perm.REPORTS_CONFIDENTIAL)
def weekly_summary(u: Unit, house_id: int, week_start: date) -> WeeklySummary:
    """The confidential summary of the ISO week starting on Monday `week_start` (audited)."""
    check_week_start(week_start)
    now = clock.now()
    # One transaction: the event first, then the read, then the chain head, which is
    # therefore this very event and anchors it on the printed page.
    u.audit(Action.REPORT_WEEKLY_SUMMARY, "house", house_id, house_id=house_id,
            week=clock.iso_week_label(week_start))
    session = u.session
    house = lookups.house(session, house_id)
    week = WeekRange(week_start, house.timezone)
    today = week.local_day(now)
    if week.start > today:
        raise ValidationError("week", lazy("The week of {week} has not started yet.",
                                           week=week_span(week.start, year=True)))
    data = load_week(session, house, week)
    summary = _assemble(house, week, data, now, today)
    others = _house_names(session, {m.other_house_id for m in (*summary.move_ins,
                                                                *summary.move_outs)})
    seq, head = chain_head(session)
    language = staff_language(session, u.actor.staff_id) if u.actor.staff_id else "en"
    return replace(summary, audit_seq=seq, audit_hash=head, paper=house.paper_size,
                   other_houses=others, language=language)


def _house_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(session.exec(select(House.id, House.name).where(col(House.id).in_(wanted))).all())


def _assemble(
    house: House, week: WeekRange, data: SummaryWeekData, now: datetime, today: date
) -> WeeklySummary:
    assert house.id is not None
    present = presence(data.stays, house.id, week)
    residents = data.residents
    rows = resident_rows(house, week, data, present, now, today)
    move_ins, move_outs = _moves(data.stays, house.id, week, residents)
    open_talks = tuple(WeekTalkRequest(t.resident_id, t.day) for t in data.open_talks)
    complete = today > week.last_day
    reached_until = min(week.end, today + timedelta(days=1))
    return WeeklySummary(
        house_id=house.id,
        house_name=house.name,
        week=week.label,
        week_start=week.start,
        week_end=week.last_day,
        timezone=house.timezone,
        complete=complete,
        generated_at=now,
        census=_census(data.stays, house, min(today, week.last_day)),
        move_ins=move_ins,
        move_outs=move_outs,
        # Reached: days of the week up to today (a milestone is celebrated on its day),
        # by those living in the house that day. Coming: the rest of the week and the next.
        milestones_reached=_milestones(residents, week.start, reached_until, present),
        milestones_coming=_milestones(
            residents, reached_until, week.end + timedelta(days=7),
            _staying(data.stays, house.id, week.last_day)),
        open_talk_requests=open_talks,
        incidents=len({i.incident_id for i in data.incidents}),
        residents=rows,
        days=daily(week, data.checkins, present),
        attention=_attention(rows, {t.resident_id for t in open_talks}, complete),
        curfews=house_curfews(house, data.phases.values()),
    )


def _moves(
    stays: list[Stay], house_id: int, week: WeekRange, residents: dict[int, Resident]
) -> tuple[tuple[Move, ...], tuple[Move, ...]]:
    """Move-ins and move-outs of the week; a transfer is both, named with the other house."""
    elsewhere = [s for s in stays if s.house_id != house_id]
    ins: list[Move] = []
    outs: list[Move] = []
    for s in (s for s in stays if s.house_id == house_id):
        board, full = names(residents.get(s.resident_id))
        if week.start <= s.moved_in < week.end:
            came_from = next((o.house_id for o in elsewhere if o.resident_id == s.resident_id
                              and o.moved_out == s.moved_in
                              and o.exit_reason == ExitReason.TRANSFERRED), None)
            ins.append(Move(s.resident_id, board, full, s.moved_in, None, came_from))
        if s.moved_out is not None and week.start <= s.moved_out < week.end:
            went_to = None
            if s.exit_reason == ExitReason.TRANSFERRED:
                went_to = next((o.house_id for o in elsewhere if o.resident_id == s.resident_id
                                and o.moved_in == s.moved_out), None)
            outs.append(Move(s.resident_id, board, full, s.moved_out, s.exit_reason, went_to))
    return (tuple(sorted(ins, key=lambda m: (m.on, m.full_name))),
            tuple(sorted(outs, key=lambda m: (m.on, m.full_name))))


def _census(stays: list[Stay], house: House, as_of: date) -> Census:
    active = len({s.resident_id for s in stays if s.house_id == house.id
                  and s.moved_in <= as_of and (s.moved_out is None or s.moved_out > as_of)})
    filled = min(active, house.capacity)
    return Census(as_of, active, house.capacity, filled, house.capacity - filled)


def _staying(stays: list[Stay], house_id: int, day: date) -> set[int]:
    """Residents still living in the house on the night of `day`."""
    return {s.resident_id for s in stays if s.house_id == house_id
            and (s.moved_out is None or s.moved_out > day)}


def _milestones(
    residents: dict[int, Resident], start: date, end: date,
    who: set[int] | dict[int, Presence],
) -> tuple[MilestoneEntry, ...]:
    """Milestones on days in [start, end) of the residents `who` (with their presence:
    only those falling on a day they lived in the house)."""
    out = [
        MilestoneEntry(rid, res.board_name, m.label, m.on)
        for rid, res in residents.items()
        if rid in who and res.sobriety_date is not None
        for m in milestones_between(res.sobriety_date, start, end)
        if not isinstance(who, dict) or m.on in who[rid].window
    ]
    return tuple(sorted(out, key=lambda m: (m.on, m.board_name)))


def _attention(
    rows: tuple[ResidentWeek, ...], open_talk: set[int], complete: bool
) -> tuple[Attention, ...]:
    """Reasons to check in with someone, most pressing first; outside meetings are judged
    only once the week is over."""
    found: list[tuple[int, int, Attention]] = []

    def add(order: int, row: ResidentWeek, reason: str, text: Message) -> None:
        found.append((REASONS.index(reason), order, Attention(row.resident_id, reason, text)))

    for order, r in enumerate(rows):
        if r.resident_id in open_talk:
            add(order, r, "talk", lazy("Asked to talk with someone; not yet followed up"))
        elif r.talk_requests:
            add(order, r, "talk", lazy("Asked to talk with someone this week (followed up)"))
        flagged = [s.result for s in r.screens if s.result in SCREEN_ATTENTION]
        if flagged:
            add(order, r, "screen", _results(flagged))
        if r.craving_peak is not None and r.craving_peak >= CRAVING_ATTENTION:
            add(order, r, "craving", lazy("Craving reported at {n} of 10", n=r.craving_peak))
        if r.curfew_misses:
            add(order, r, "curfew", lazy_plural("Missed curfew on {n} night",
                                                "Missed curfew on {n} nights", r.curfew_misses))
        if r.checkin_gap >= CHECKIN_GAP_ATTENTION:
            add(order, r, "checkin_gap", lazy_plural(
                "No check-in for {n} day in a row", "No check-in for {n} days in a row",
                r.checkin_gap))
        if complete and r.outside_meetings < r.outside_required:
            add(order, r, "outside_meetings", lazy(
                "{done} of {required} outside meetings this week", done=r.outside_meetings,
                required=r.outside_required))
    return tuple(a for _, _, a in sorted(found, key=lambda f: f[:2]))



def _results(flagged: list[str]) -> Message:
    """'Screen result: positive' ('Screen results: positive, refused'): each kind once."""
    kinds = list(dict.fromkeys(flagged))
    words = [RESULT_WORDS.get(k) or k for k in kinds]
    if len(words) == 1:
        return lazy("Screen result: {result}", result=words[0])
    return lazy("Screen results: {first}, {second}", first=words[0], second=words[1])
