"""Demo house routines: weekly house meetings with attendance, chores, local resources."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from faker import Faker

from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.directory import Resource
from peerhouse.models.meetings import Attendance, Meeting
from peerhouse.services.demo_bulk import Ctx, Person
from peerhouse.services.demo_words import (
    BUSINESS_MEETING_AT,
    CHORES,
    EXCUSED_NOTES,
    HOUSE_MEETING_AT,
    HOUSE_MEETING_DECISIONS,
    HOUSE_MEETING_MINUTES,
    HOUSE_MEETING_TOPICS,
    LOCAL_RESOURCES,
)

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


def _due(frequency: str, weekday: int | None, custom: str, day: date) -> bool:
    if frequency == "daily":
        return True
    if frequency == "weekly":
        return day.weekday() == weekday
    return str(day.weekday()) in custom.split(",")


def plan_chores(ctx: Ctx) -> None:
    """The chore list and every assignment up to the end of next week (as if the manager
    had already made next week's rotation, so the house board has a chart to print),
    shared out fairly (whoever has had the fewest so far gets the next one); the past is
    mostly done."""
    rng = ctx.rng
    chores = []
    for name, area, frequency, weekday, custom, instructions in CHORES:
        cid = ctx.add(Chore, house_id=ctx.house_id, name=name, area=area, frequency=frequency,
                      weekday=weekday, custom_days=custom, instructions=instructions)
        chores.append((cid, frequency, weekday, custom))
    load: dict[int, int] = {}
    week_end = ctx.today + timedelta(days=13 - ctx.today.weekday())
    current = [p for p in ctx.people if p.move_out is None]
    day = ctx.start
    while day <= week_end:
        here = ctx.present_on(day) if day <= ctx.today else current
        for cid, frequency, weekday, custom in chores:
            if not here or not _due(frequency, weekday, custom, day):
                continue
            who = min(here, key=lambda p: (load.get(p.id, 0), rng.random()))
            load[who.id] = load.get(who.id, 0) + 1
            _assignment(ctx, cid, who, day)
        day += timedelta(days=1)


def _assignment(ctx: Ctx, chore_id: int, who: Person, day: date) -> None:
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
