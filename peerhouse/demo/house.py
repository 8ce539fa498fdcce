"""Demo house routines: weekly house meetings with attendance, chores, local resources."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from faker import Faker

from peerhouse.demo.bulk import Ctx, DemoPerson
from peerhouse.demo.words import (
    BUSINESS_MEETING_AT,
    CHORES,
    EXCUSED_NOTES,
    HOUSE_MEETING_AT,
    HOUSE_MEETING_DECISIONS,
    HOUSE_MEETING_MINUTES,
    HOUSE_MEETING_TOPICS,
    LOCAL_RESOURCES,
)
from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.directory import Resource
from peerhouse.models.meetings import Attendance, Meeting
from peerhouse.services import rotation
from peerhouse.services.chores import due_days
from peerhouse.services.clock import week_start

ATTENDANCE = (("present", 84), ("late", 6), ("excused", 7), ("absent", 3))
CHORE_DONE = (("verified", 72), ("done", 16), ("missed", 7), ("excused", 5))


def plan_meetings(ctx: Ctx) -> None:
    """Sunday house meetings (a weekly series, two still to come) and a monthly business
    meeting on the first Wednesday, with attendance for whoever lived there that day."""
    rng = ctx.rng
    series = str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))
    sunday = ctx.start + timedelta(days=(6 - ctx.start.weekday()) % 7)
    while sunday <= ctx.today + timedelta(days=14):
        _meeting(ctx, sunday, "house", series)
        sunday += timedelta(days=7)
    month = date(ctx.start.year, ctx.start.month, 1)
    while month <= ctx.today:
        wednesday = month + timedelta(days=(2 - month.weekday()) % 7)
        if ctx.start <= wednesday and rng.random() < 0.9:
            _meeting(ctx, wednesday, "business", None)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _meeting(ctx: Ctx, day: date, kind: str, series: str | None) -> None:
    rng = ctx.rng
    when = HOUSE_MEETING_AT if kind == "house" else BUSINESS_MEETING_AT
    starts = ctx.at(day, when.hour, when.minute)
    held = starts + timedelta(hours=1) <= ctx.now
    cancelled = held and rng.random() < 0.02
    here = ctx.present_on(day) if held else []
    leaders = [p for p in here if ctx.phase_on(p, day).position >= 3] or here
    status = "cancelled" if cancelled else "held" if held else "scheduled"
    topic = rng.choice(HOUSE_MEETING_TOPICS) if kind == "house" else "House business and budget"
    mid = ctx.add(
        Meeting, house_id=ctx.house_id, kind=kind, starts_at=starts, topic=topic, status=status,
        facilitator=rng.choice(leaders).board_name if leaders and held else "",
        minutes=rng.choice(HOUSE_MEETING_MINUTES) if held and not cancelled else "",
        decisions=rng.choice(HOUSE_MEETING_DECISIONS) if held and rng.random() < 0.3 else "",
        series_id=series, created_at=min(ctx.now, starts - timedelta(days=6)),
    )
    if status != "held":
        return
    for p in here:
        mark = ctx.pick(ATTENDANCE)
        if kind == "business" and mark == "absent":
            mark = "excused"
        ctx.add(Attendance, meeting_id=mid, resident_id=p.id, status=mark,
                note=rng.choice(EXCUSED_NOTES) if mark == "excused" else "")


def plan_chores(ctx: Ctx) -> None:
    """The chore list and every assignment up to the end of next week (as if the manager
    had generated each week's rotation, this one and next included, so the board and the
    house board have a chart), shared out by the program's own fair rotation
    (services/rotation.py, as chores.generate_week does); the past is mostly done.

    Each week's rotation is among the residents living there that week, a newcomer from
    their first day; someone moving out during the week is left out of it."""
    chores = []
    for name, area, frequency, weekday, custom, instructions in CHORES:
        cid = ctx.add(Chore, house_id=ctx.house_id, name=name, area=area, frequency=frequency,
                      weekday=weekday, custom_days=custom, instructions=instructions)
        chores.append(Chore(id=cid, house_id=ctx.house_id, name=name, frequency=frequency,
                            weekday=weekday, custom_days=custom))
    people = {p.id: p for p in ctx.people}
    counts: rotation.Counts = {}
    week = week_start(ctx.start)
    last = week_start(ctx.today) + timedelta(days=7)
    while week <= last:
        end = week + timedelta(days=7)
        here = [p for p in ctx.people if p.move_in < end and p.move_in <= ctx.today
                and (p.move_out is None or p.move_out >= end)]
        due = [rotation.Slot(day, c.id) for c in chores if c.id is not None
               for day in due_days(c, week) if day >= ctx.start]
        plan = rotation.assign_week(due, [p.id for p in here], counts, week.toordinal() // 7,
                                    available_from={p.id: p.move_in for p in here
                                                    if p.move_in > week})
        counts = plan.counts
        for slot, rid in sorted(plan.assignments.items()):
            _assignment(ctx, slot.chore_id, people[rid], slot.day)
        week = end


def _assignment(ctx: Ctx, chore_id: int, who: DemoPerson, day: date) -> None:
    rng = ctx.rng
    done_at = ctx.at(day, rng.randint(10, 20), rng.randint(0, 59))
    status = "pending"
    if day < ctx.today:
        status = ctx.pick(CHORE_DONE)
        if status == "missed" and who.diligence > 0.9 and rng.random() < 0.5:
            status = "verified"
    elif day == ctx.today and done_at <= ctx.now and rng.random() < 0.5:
        status = "done"
    verified_at = done_at + timedelta(hours=rng.randint(1, 20))
    if status == "verified" and verified_at > ctx.now:
        status = "done"
    ctx.add(ChoreAssignment, chore_id=chore_id, resident_id=who.id, due_date=day, status=status,
            done_at=done_at if status in ("done", "verified") else None,
            verified_by=ctx.owner_id if status == "verified" else None,
            verified_at=verified_at if status == "verified" else None,
            note="Out at work all day; swapped with a housemate." if status == "excused" else "")


def plan_resources(ctx: Ctx, fake: Faker, area_code: str) -> None:
    """A few local (invented) meetings and services for this house's directory."""
    for name, kind, schedule, suffix in LOCAL_RESOURCES:
        phone = f"({area_code}) 555-01{suffix:02d}" if suffix is not None else ""
        ctx.add(Resource, house_id=ctx.house_id, name=name, kind=kind, schedule=schedule,
                address=f"{fake.street_address()}, {fake.city()}", phone=phone)
