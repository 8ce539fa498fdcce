"""The per-resident rows and daily trend of the weekly summary, assembled in memory.

The rows come from the week's query results (summary_queries.py) bucketed by resident;
routine duties are counted against the days someone actually lived in the house, so a
move-in on Friday is not asked for a week of check-ins.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from fractions import Fraction

from peerhouse.models.enums import AttendanceStatus, ChoreStatus
from peerhouse.models.houses import House, Phase
from peerhouse.models.people import Resident, Stay
from peerhouse.services.curfew import curfew_misses
from peerhouse.services.summary_queries import SummaryWeekData, WeekCheckInRow, WeekRange


@dataclass(frozen=True)
class AttendanceCounts:
    """House meetings held on days the resident lived in the house, and how they came."""

    held: int = 0
    present: int = 0
    late: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def unrecorded(self) -> int:
        return max(0, self.held - self.present - self.late - self.excused - self.absent)


@dataclass(frozen=True)
class ScreenEntry:
    screen_id: int
    at: datetime
    method: str
    reason: str
    result: str


@dataclass(frozen=True)
class IncidentEntry:
    incident_id: int
    at: datetime
    category: str


@dataclass(frozen=True)
class ResidentWeek:
    """One resident's week. Routine counts cover the days they lived in the house."""

    resident_id: int
    board_name: str
    full_name: str
    phase_name: str
    days_present: int
    checkins_done: int
    mood_avg: Fraction | None  # exact: the report rounds it, once
    mood_min: int | None
    craving_avg: Fraction | None
    craving_peak: int | None
    talk_requests: int
    checkin_gap: int  # longest run of ended days present without a check-in
    outside_meetings: int
    outside_required: int  # the phase's weekly number, prorated to the nights present
    #                        and rounded to the nearest whole meeting
    attendance: AttendanceCounts
    chores_assigned: int
    chores_done: int
    chores_missed: int
    curfew_misses: int
    curfew_nights: tuple[date, ...]
    screens: tuple[ScreenEntry, ...]
    incidents: tuple[IncidentEntry, ...]


@dataclass(frozen=True)
class DayPoint:
    """One day of the trend charts, across the residents living in the house that day."""

    day: date
    checkins: int
    mood_avg: Fraction | None
    craving_avg: Fraction | None


@dataclass
class Presence:
    """`window`: days in the house, move-out day included (events of that day belong here).
    `nights`: days that end in the house (what routine duties are counted against)."""

    window: set[date] = field(default_factory=set)
    nights: set[date] = field(default_factory=set)


def presence(stays: list[Stay], house_id: int, week: WeekRange) -> dict[int, Presence]:
    """Each resident's days in this house during the week, from their stays (several stays
    in one week, e.g. leaving and coming back, add up)."""
    out: dict[int, Presence] = defaultdict(Presence)
    for stay in stays:
        if stay.house_id != house_id:
            continue
        p = out[stay.resident_id]
        for d in week.days:
            if stay.moved_in <= d and (stay.moved_out is None or d <= stay.moved_out):
                p.window.add(d)
                if stay.moved_out is None or d < stay.moved_out:
                    p.nights.add(d)
    return dict(out)


def names(res: Resident | None) -> tuple[str, str]:
    if res is None:
        return "", ""
    return res.board_name, f"{res.first_name} {res.last_name}"


def longest_gap(nights: set[date], done: set[date], today: date) -> int:
    """Longest run of consecutive ended days present without a check-in."""
    best = run = 0
    last_missing: date | None = None
    for d in sorted(nights):
        if d >= today:
            break
        if d in done:
            run = 0
            continue
        consecutive = last_missing is not None and (d - last_missing).days == 1
        run = run + 1 if consecutive and run else 1
        last_missing = d
        best = max(best, run)
    return best


def _avg(values: list[int]) -> Fraction | None:
    """The exact mean: rounding it here and again on paper printed 3.25 as 3.2."""
    return Fraction(sum(values), len(values)) if values else None


def prorated(per_week: int, nights: int) -> int:
    """A weekly number for `nights` of the week, to the nearest whole one (2.86 → 3).
    A tie cannot happen: per_week × nights / 7 never ends in exactly one half."""
    return (2 * per_week * nights + 7) // 14


@dataclass
class _Buckets:
    """The week's query rows sorted into per-resident buckets (one pass over each list)."""

    checkins: dict[int, list[WeekCheckInRow]] = field(default_factory=lambda: defaultdict(list))
    outside: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    chores: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    marks: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    held_on: dict[int, date] = field(default_factory=dict)
    screens: dict[int, list[ScreenEntry]] = field(default_factory=lambda: defaultdict(list))
    incidents: dict[int, list[IncidentEntry]] = field(default_factory=lambda: defaultdict(list))
    misses: dict[int, list[date]] = field(default_factory=lambda: defaultdict(list))


def _bucket(
    house: House, week: WeekRange, data: SummaryWeekData, present: dict[int, Presence],
    now: datetime,
) -> _Buckets:
    b = _Buckets()
    empty: set[date] = set()

    def nights(rid: int | None) -> set[date]:
        return present[rid].nights if rid in present else empty

    for c in data.checkins:
        if c.day in nights(c.resident_id):
            b.checkins[c.resident_id].append(c)
    for o in data.outside:
        if o.day in nights(o.resident_id):
            b.outside[o.resident_id] += o.count
    for ch in data.chores:
        if ch.due_date in nights(ch.resident_id):
            b.chores[ch.resident_id][ch.status] += ch.count
    b.held_on = {a.meeting_id: week.local_day(a.starts_at) for a in data.attendance}
    for a in data.attendance:
        if a.resident_id is not None and a.status and b.held_on[a.meeting_id] in nights(
                a.resident_id):
            b.marks[a.resident_id][a.status] += 1
    for s in data.screens:
        if s.resident_id in present and week.local_day(s.at) in present[s.resident_id].window:
            b.screens[s.resident_id].append(
                ScreenEntry(s.screen_id, s.at, s.method, s.reason, s.result))
    for i in data.incidents:
        if i.resident_id is not None:
            b.incidents[i.resident_id].append(IncidentEntry(i.incident_id, i.at, i.category))
    curfews = {rid: _phase(data, rid) for rid in data.residents}
    phase_curfews: dict[int, time | None] = {
        rid: ph.curfew if ph else None for rid, ph in curfews.items()}
    for m in curfew_misses(house, data.signouts, week.start, week.end, now, phase_curfews):
        if m.night in nights(m.resident_id):
            b.misses[m.resident_id].append(m.night)
    return b


def _phase(data: SummaryWeekData, rid: int) -> Phase | None:
    res = data.residents.get(rid)
    return data.phases.get(res.phase_id) if res and res.phase_id else None


def resident_rows(
    house: House, week: WeekRange, data: SummaryWeekData, present: dict[int, Presence],
    now: datetime, today: date,
) -> tuple[ResidentWeek, ...]:
    """One row per resident who spent a night of the week (up to today) in the house, by
    name: someone who moved out on the Monday is listed as moved out, not as "0 of 0"."""
    b = _bucket(house, week, data, present, now)
    residents = sorted(
        (res for rid, res in data.residents.items()
         if rid in present and any(d <= today for d in present[rid].nights)),
        key=lambda r: (r.last_name.casefold(), r.first_name.casefold(), r.id))
    rows = []
    for res in residents:
        assert res.id is not None
        rid, p, phase = res.id, present[res.id], _phase(data, res.id)
        board, full = names(res)
        cis = b.checkins[rid]
        moods, cravings = [c.mood for c in cis], [c.craving for c in cis]
        ch, mk = b.chores[rid], b.marks[rid]
        rows.append(ResidentWeek(
            resident_id=rid, board_name=board, full_name=full,
            phase_name=phase.name if phase else "",
            days_present=sum(1 for d in p.nights if d <= today),
            checkins_done=len(cis),
            mood_avg=_avg(moods), mood_min=min(moods, default=None),
            craving_avg=_avg(cravings), craving_peak=max(cravings, default=None),
            talk_requests=sum(1 for c in cis if c.wants_to_talk),
            checkin_gap=longest_gap(p.nights, {c.day for c in cis}, today),
            outside_meetings=b.outside[rid],
            outside_required=prorated(phase.meetings_per_week, len(p.nights)) if phase else 0,
            attendance=AttendanceCounts(
                held=sum(1 for d in b.held_on.values() if d in p.nights),
                present=mk[AttendanceStatus.PRESENT], late=mk[AttendanceStatus.LATE],
                excused=mk[AttendanceStatus.EXCUSED], absent=mk[AttendanceStatus.ABSENT]),
            chores_assigned=sum(n for st, n in ch.items() if st != ChoreStatus.EXCUSED),
            chores_done=ch[ChoreStatus.DONE] + ch[ChoreStatus.VERIFIED],
            chores_missed=ch[ChoreStatus.MISSED],
            curfew_misses=len(b.misses[rid]), curfew_nights=tuple(sorted(b.misses[rid])),
            screens=tuple(b.screens[rid]), incidents=tuple(b.incidents[rid]),
        ))
    return tuple(rows)


def daily(
    week: WeekRange, checkins: list[WeekCheckInRow], present: dict[int, Presence]
) -> tuple[DayPoint, ...]:
    """Mood and craving averages per day, across the residents living in the house."""
    by_day: dict[date, list[WeekCheckInRow]] = defaultdict(list)
    for c in checkins:
        p = present.get(c.resident_id)
        if p is not None and c.day in p.nights:
            by_day[c.day].append(c)
    return tuple(
        DayPoint(d, len(by_day[d]), _avg([c.mood for c in by_day[d]]),
                 _avg([c.craving for c in by_day[d]]))
        for d in week.days
    )
