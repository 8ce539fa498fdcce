"""Demo residents: who lived in which bed when, why they left, and their own plans.

Each bed is a chain of stays with a realistic mix of exit reasons (short stays end
more often in a return to use or leaving early; completions take months), so the
census, turnover and milestones look like a real house's.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from faker import Faker

from peerhouse.demo.bulk import Ctx, DemoPerson
from peerhouse.demo.words import (
    AREA_CODES,
    CONSENT_RECIPIENTS,
    FELLOWSHIP_WEIGHTS,
    GOAL_NOTES,
    GOALS,
    MENTOR_NOTES,
    NICKNAMES,
    RESIDENT_NOTES,
    SCREEN_SUBSTANCES,
)
from peerhouse.models.consent import Consent
from peerhouse.models.enums import GoalStatus, ResidentStatus
from peerhouse.models.growth import Goal, GoalNote, GoalStep, MentorSession
from peerhouse.models.people import Resident, SobrietyDateChange, Stay

# exit reason, weight, minimum days, mean extra days
EXITS = (
    ("completed", 35, 150, 120), ("moved_on", 20, 60, 100), ("left_voluntarily", 15, 3, 45),
    ("return_to_use", 18, 5, 50), ("rule_violation", 7, 10, 60), ("other", 5, 10, 80),
)
MAX_STAY = 720


def bed_labels(capacity: int) -> list[str]:
    """Two beds a room: 1A, 1B, 2A, …"""
    return [f"{i // 2 + 1}{'AB'[i % 2]}" for i in range(capacity)]


def _stays_for_bed(ctx: Ctx, bed: str) -> list[tuple[str, date, date | None, str | None]]:
    rng = ctx.rng
    out: list[tuple[str, date, date | None, str | None]] = []
    if rng.random() < 0.9:
        move_in = ctx.start - timedelta(days=rng.randint(1, 180))
    else:
        move_in = ctx.start + timedelta(days=rng.randint(0, 20))
    while move_in <= ctx.today:
        reason, _, low, mean = rng.choices(EXITS, [e[1] for e in EXITS])[0]
        length = min(MAX_STAY, low + int(rng.expovariate(1 / mean)))
        if move_in < ctx.start:
            length = max(length, (ctx.start - move_in).days + rng.randint(1, 90))
        move_out = move_in + timedelta(days=length)
        if move_out > ctx.today:
            out.append((bed, move_in, None, None))
            break
        out.append((bed, move_in, move_out, reason))
        move_in = move_out + timedelta(days=int(rng.expovariate(1 / 7)))
    return out


def plan_residents(ctx: Ctx, fake: Faker, capacity: int) -> None:
    """Create every resident, stay and sobriety-date change of the house's history."""
    rng = ctx.rng
    stays = [s for bed in bed_labels(capacity) for s in _stays_for_bed(ctx, bed)]
    stays.sort(key=lambda s: (s[1], s[0]))
    gender = rng.choice(("male", "male", "female", "mixed"))
    rows: dict[int, dict[str, Any]] = {}
    for bed, move_in, move_out, reason in stays:
        person = DemoPerson(
            id=ctx.new_id(Resident), move_in=move_in, move_out=move_out, exit_reason=reason,
            bed=bed, diligence=rng.uniform(0.78, 0.97), mood_base=rng.uniform(2.6, 3.8),
            craving_base=rng.uniform(2.5, 6.0), has_sponsor=rng.random() < 0.7,
            fellowship=ctx.pick(FELLOWSHIP_WEIGHTS), substance=rng.choice(SCREEN_SUBSTANCES),
        )
        ctx.people.append(person)
        rows[person.id] = _resident_row(ctx, fake, person, gender)
        _sobriety_history(ctx, person, rows[person.id])
        ctx.add(Stay, resident_id=person.id, house_id=ctx.house_id, moved_in=move_in,
                moved_out=move_out, exit_reason=reason)
    for _ in range(2):  # applicants waiting for a bed
        pid = ctx.new_id(Resident)
        first, last = _name(fake, gender, rng.random())
        planned = ctx.today + timedelta(days=rng.randint(5, 20))
        ctx.add(Resident, id=pid, house_id=ctx.house_id, first_name=first, last_name=last,
                status=ResidentStatus.APPLICANT, move_in_date=planned, phase_id=ctx.phases[0].id,
                phone=_phone(rng),
                date_of_birth=ctx.today - timedelta(days=rng.randint(20 * 365, 60 * 365)),
                sobriety_date=ctx.today - timedelta(days=rng.randint(10, 60)),
                created_at=ctx.now - timedelta(days=rng.randint(1, 6)), updated_at=ctx.now)
    _assign_mentors(ctx, rows)
    for person in ctx.people:
        ctx.add(Resident, **rows[person.id])


def _first(fake: Faker, male: bool) -> str:
    return fake.first_name_male() if male else fake.first_name_female()


def _name(fake: Faker, gender: str, roll: float) -> tuple[str, str]:
    return _first(fake, _is_male(gender, roll)), fake.last_name()


def _is_male(gender: str, roll: float) -> bool:
    return gender == "male" or (gender == "mixed" and roll < 0.5)


def _phone(rng: Any) -> str:
    # 555-0100…0199 is reserved for fiction: never a real person's number.
    return f"({rng.choice(AREA_CODES)}) 555-01{rng.randint(0, 99):02d}"


def _resident_row(ctx: Ctx, fake: Faker, p: DemoPerson, gender: str) -> dict[str, Any]:
    rng = ctx.rng
    male = _is_male(gender, rng.random())
    first, last = _first(fake, male), fake.last_name()
    preferred = ""
    if rng.random() < 0.15:  # a short form, or the middle name they go by
        preferred = NICKNAMES.get(first) or _first(fake, male)
    p.board_name = f"{preferred or first} {last[0]}."
    roll = rng.random()
    before = (rng.randint(1, 14) if roll < 0.3 else rng.randint(15, 90) if roll < 0.7
              else rng.randint(90, 400) if roll < 0.9 else rng.randint(400, 2000))
    last_day = p.last_day(ctx.today)
    phase = ctx.phase_on(p, last_day)
    created = ctx.at(p.move_in, 14, rng.randint(0, 59))
    return {
        "id": p.id, "house_id": ctx.house_id, "first_name": first, "last_name": last,
        "preferred_name": preferred,
        "date_of_birth": p.move_in - timedelta(days=rng.randint(19 * 365, 64 * 365)),
        "phone": _phone(rng) if rng.random() < 0.9 else "", "bed": p.bed,
        "status": ResidentStatus.ACTIVE if p.move_out is None else ResidentStatus.DISCHARGED,
        "move_in_date": p.move_in, "move_out_date": p.move_out, "exit_reason": p.exit_reason,
        "sobriety_date": p.move_in - timedelta(days=before), "phase_id": phase.id,
        "emergency_contact_name": fake.name(), "emergency_contact_phone": _phone(rng),
        "sponsor_name": f"{fake.first_name()} {fake.last_name()[0]}." if p.has_sponsor else "",
        "sponsor_phone": _phone(rng) if p.has_sponsor else "",
        "celebrate_milestones_publicly": rng.random() < 0.6,
        "notes": rng.choice(RESIDENT_NOTES) if rng.random() < 0.3 else "",
        "created_at": created, "updated_at": created if p.move_out is None
        else ctx.at(p.move_out, 12),
    }


def _sobriety_history(ctx: Ctx, p: DemoPerson, row: dict[str, Any]) -> None:
    """A few sobriety-date changes: a mid-stay return to use, or a typing mistake fixed."""
    rng = ctx.rng
    last = p.last_day(ctx.today)
    stay = (last - p.move_in).days
    if stay >= 100 and rng.random() < 0.08:
        day = p.move_in + timedelta(days=rng.randint(40, stay - 30))
        new = day + timedelta(days=1)
        if ctx.start <= day and new <= ctx.today:
            p.relapse_day = day
            ctx.add(SobrietyDateChange, resident_id=p.id, old_date=row["sobriety_date"],
                    new_date=new, changed_at=ctx.at(new, 11), changed_by=ctx.owner_id,
                    reason="Return to use; the resident reset their date and stayed "
                           "with a support plan.")
            row["sobriety_date"] = new
            return
    fix = p.move_in + timedelta(days=2)
    if rng.random() < 0.03 and ctx.start <= fix <= ctx.today:
        wrong = row["sobriety_date"] + timedelta(days=rng.choice((-365, 30, -31, 10)))
        ctx.add(SobrietyDateChange, resident_id=p.id, old_date=wrong,
                new_date=row["sobriety_date"], changed_at=ctx.at(fix, 10),
                changed_by=ctx.owner_id, reason="Corrected a typing mistake made at admission.")


def _assign_mentors(ctx: Ctx, rows: dict[int, dict[str, Any]]) -> None:
    """Pair newcomers with a resident who has 90+ days in the house, and log their talks."""
    rng = ctx.rng
    for p in ctx.people:
        mentors = [m for m in ctx.people if m.id != p.id and m.present(p.move_in)
                   and m.days_in(p.move_in) >= 90
                   and (m.move_out is None or (m.move_out - p.move_in).days > 30)]
        mentor: DemoPerson | None = None
        if mentors and rng.random() < 0.65:
            mentor = rng.choice(mentors)
            rows[p.id]["mentor_resident_id"] = mentor.id
        elif rng.random() < 0.25:
            rows[p.id]["mentor_staff_id"] = ctx.owner_id
        else:
            continue
        end = p.move_in + timedelta(days=90)
        if mentor is not None:
            end = min(end, mentor.last_day(ctx.today))
        day = p.move_in + timedelta(days=3)
        while day <= min(end, p.last_day(ctx.today)):
            at = ctx.at(day, rng.randint(17, 20), rng.randint(0, 59))
            if day >= ctx.start and at <= ctx.now and rng.random() < 0.85:
                ctx.add(MentorSession, mentee_id=p.id, at=at, note=rng.choice(MENTOR_NOTES),
                        mentor_resident_id=mentor.id if mentor else None,
                        mentor_staff_id=None if mentor else ctx.owner_id)
            day += timedelta(days=rng.randint(6, 9))


def plan_goals_and_consents(ctx: Ctx) -> None:
    for p in ctx.people:
        for _ in range(ctx.rng.choice((1, 1, 2, 2, 3))):
            _goal(ctx, p)
        if ctx.rng.random() < 0.45:
            _consent(ctx, p)


def _goal(ctx: Ctx, p: DemoPerson) -> None:
    rng = ctx.rng
    last = p.last_day(ctx.today)
    created = max(ctx.start, p.move_in + timedelta(days=rng.randint(3, 14)))
    if created > last:
        return
    area = rng.choice(sorted(GOALS))
    title, steps = rng.choice(GOALS[area])
    target = created + timedelta(days=rng.randint(60, 240))
    if p.move_out is not None:
        good = p.exit_reason == "completed" and rng.random() < 0.6
        status = GoalStatus.ACHIEVED if good else rng.choice((GoalStatus.PAUSED, GoalStatus.DROPPED))
    else:
        status = GoalStatus.ACHIEVED if target < ctx.today and rng.random() < 0.6 else GoalStatus.ACTIVE
    review = created + timedelta(days=30)
    while status == GoalStatus.ACTIVE and review < ctx.today - timedelta(days=7):
        review += timedelta(days=30)
    gid = ctx.add(Goal, resident_id=p.id, area=area, title=title, target_date=target,
                  review_date=review, status=status, created_at=ctx.at(created, 15))
    span = max(1, (min(target, last) - created).days)
    done = len(steps) if status == GoalStatus.ACHIEVED else rng.randint(0, len(steps) - 1)
    for pos, text in enumerate(steps, 1):
        when = created + timedelta(days=span * pos // (len(steps) + 1))
        done_at = ctx.at(when, 16) if pos <= done and when <= last else None
        ctx.add(GoalStep, goal_id=gid, position=pos, text=text,
                done_at=done_at if done_at and done_at <= ctx.now else None)
    for k in range(rng.randint(0, 2)):
        when = created + timedelta(days=30 * (k + 1))
        if when <= last:
            ctx.add(GoalNote, goal_id=gid, at=ctx.at(when, 13), text=rng.choice(GOAL_NOTES),
                    author=f"staff:{ctx.owner_id}")


def _consent(ctx: Ctx, p: DemoPerson) -> None:
    rng = ctx.rng
    signed = p.move_in + timedelta(days=rng.randint(0, 10))
    if signed > p.last_day(ctx.today):
        return
    recipient, purpose, info, parts = rng.choice(CONSENT_RECIPIENTS)
    expires = signed + timedelta(days=rng.choice((180, 365)))
    revoked = signed + timedelta(days=rng.randint(10, 150)) if rng.random() < 0.1 else None
    ctx.add(Consent, resident_id=p.id, recipient=recipient, purpose=purpose, information=info,
            parts=parts, signed_on=signed, expires_on=expires,
            revoked_on=revoked if revoked and revoked <= ctx.today else None,
            recorded_by=ctx.owner_id, created_at=ctx.at(signed, 12))
