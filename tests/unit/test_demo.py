"""The demo generator: plausible houses, one audit event per house, same seed same data."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, func, select

from peerhouse.demo import generate as demo
from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.models import (
    Attendance,
    AuditEvent,
    CheckIn,
    Chore,
    ChoreAssignment,
    Consent,
    Goal,
    House,
    Incident,
    Meeting,
    MentorSession,
    OutsideMeeting,
    Resident,
    Resource,
    Screen,
    ScreenDraw,
    SignOut,
    SobrietyDateChange,
    Stay,
)
from peerhouse.paths import DataPaths
from peerhouse.services import screens, signouts
from peerhouse.services.accounts import create_account
from peerhouse.services.actor import Actor
from peerhouse.services.clock import week_start
from peerhouse.store import vault
from peerhouse.store.checks import run_checks
from peerhouse.store.engine import Store
from tests.conftest import OWNER_PASSWORD
from tests.support.tables import count_rows

NOW = datetime(2026, 3, 18, 21, 30, tzinfo=UTC)
BOUND = 2  # services/rotation.py: counts of a chore differ by at most 2 (4 over a stretch)
TZ = "America/Chicago"


def _fresh(root: Path) -> tuple[Store, int]:
    store = vault.create_database(DataPaths(root), OWNER_PASSWORD).store
    owner = create_account(store, Actor.system(), "olivia", "Olivia Owner", "owner", OWNER_PASSWORD)
    return store, owner.id


@pytest.fixture
def small(tmp_path: Path):
    store, owner_id = _fresh(tmp_path / "a")
    summary = demo.generate(store, Actor.system(), owner_id=owner_id, seed=7, years=0.5,
                            timezone=TZ, now=NOW)
    yield store, summary
    store.close()


def _fingerprint(store: Store) -> str:
    """A digest of the generated content (ids and values), not of creation timestamps."""
    h = hashlib.sha256()
    with store.read() as s:
        for r in s.exec(select(Resident).order_by(col(Resident.id))):
            h.update(repr((r.id, r.first_name, r.last_name, r.preferred_name, r.bed, r.status,
                           r.move_in_date, r.move_out_date, r.exit_reason, r.sobriety_date,
                           r.phone, r.mentor_resident_id, r.notes)).encode())
        for c in s.exec(select(CheckIn).order_by(col(CheckIn.id))):
            h.update(repr((c.resident_id, c.day, c.at, c.mood, c.craving, c.note)).encode())
        for so in s.exec(select(SignOut).order_by(col(SignOut.id))):
            h.update(repr((so.resident_id, so.out_at, so.back_at, so.destination)).encode())
        for sc in s.exec(select(Screen).order_by(col(Screen.id))):
            h.update(repr((sc.resident_id, sc.at, sc.reason, sc.result)).encode())
    return h.hexdigest()


def test_small_house_is_plausible(small):
    store, summary = small
    assert len(summary.house_ids) == 1 and summary.residents == count_rows(store, Resident)
    with store.read() as s:
        house = s.get(House, summary.house_ids[0])
        assert house is not None and house.capacity == demo.BEDS and house.timezone == TZ
        active = list(s.exec(select(Resident).where(Resident.status == "active")))
        beds = [r.bed for r in active]
        assert 10 <= len(active) <= house.capacity and len(set(beds)) == len(beds)
        assert summary.current_residents == len(active)
        assert s.exec(select(func.count()).where(Resident.status == "applicant")).one() == 2
        discharged = list(s.exec(select(Resident).where(Resident.status == "discharged")))
        assert discharged and all(r.exit_reason and r.move_out_date for r in discharged)
        assert all(r.sobriety_date and r.sobriety_date <= NOW.date() for r in active)
        # Every current resident has an open stay; every discharged one a closed stay.
        open_stays = {st.resident_id for st in s.exec(select(Stay).where(col(Stay.moved_out).is_(None)))}
        assert open_stays == {r.id for r in active}
        today, start = NOW.astimezone(ZoneInfo(TZ)).date(), NOW.date() - timedelta(days=183)
        resident_days = sum(max(0, ((r.move_out_date or today + timedelta(days=1))
                                    - max(r.move_in_date, start)).days)
                            for r in [*active, *discharged])
        checkins = list(s.exec(select(CheckIn)))
        # Most days, not every day, and never in the future.
        assert 0.7 < len(checkins) / resident_days < 1.0
        assert max(c.at for c in checkins) <= NOW
        assert all(1 <= c.mood <= 5 and 0 <= c.craving <= 10 for c in checkins)
        assert 0 < sum(c.wants_to_talk for c in checkins) < len(checkins) * 0.15
        results = list(s.exec(select(Screen.result)))
        assert results.count("negative") / len(results) > 0.85
        for draw in s.exec(select(ScreenDraw)):
            assert screens.replay_draw(draw).matches
        statuses = list(s.exec(select(ChoreAssignment.status)))
        assert statuses.count("verified") + statuses.count("done") > 0.75 * len(statuses)
        assert "missed" in statuses
        meetings = list(s.exec(select(Meeting).where(Meeting.kind == "house")))
        assert 24 <= len(meetings) <= 30 and {"held", "scheduled"} <= {m.status for m in meetings}
        assert s.exec(select(func.count()).select_from(Attendance)).one() > 10 * 20
    for model in (OutsideMeeting, Goal, MentorSession, Consent, Incident, Resource):
        assert count_rows(store, model) > 0, model.__name__
    assert run_checks(store).ok


def _chore_weeks(store: Store, house_id: int) -> tuple[dict[date, Counter], dict[int, Stay]]:
    """Assignments per (house) week as a Counter of (resident, chore), and each stay."""
    weeks: dict[date, Counter] = defaultdict(Counter)
    with store.read() as s:
        rows = s.exec(select(ChoreAssignment.due_date, ChoreAssignment.resident_id,
                             ChoreAssignment.chore_id).join(Chore).where(
            Chore.house_id == house_id)).all()
        stays = {st.resident_id: st for st in s.exec(select(Stay).where(Stay.house_id == house_id))}
    for day, rid, cid in rows:
        weeks[week_start(day)][rid, cid] += 1
    return weeks, stays


def check_fair_chores(store: Store, house_id: int) -> None:
    """The demo plans chores with the program's fair rotation (services/rotation.py), not a
    rule of its own that handed a newcomer every chore: over any stretch of weeks, residents
    who lived there throughout had each chore within rotation.py's bound of each other
    (4), and no one's week holds more than their share of its chores and the bound."""
    weeks, stays = _chore_weeks(store, house_id)
    today = NOW.astimezone(ZoneInfo(TZ)).date()
    this_week = week_start(today)
    # As if the manager had already generated this week and next (the board has a chart).
    assert this_week in weeks and this_week + timedelta(days=7) in weeks
    order = sorted(weeks)
    chores = {cid for week in weeks.values() for _rid, cid in week}
    for length in (1, 4, 13):
        for i in range(len(order) - length + 1):
            first, last = order[i], order[i + length - 1] + timedelta(days=7)
            here = [r for r, st in stays.items() if st.moved_in <= first
                    and (st.moved_out is None or st.moved_out >= last)]
            if len(here) < 2:
                continue
            for cid in chores:
                counts = [sum(weeks[w][r, cid] for w in order[i:i + length]) for r in here]
                assert max(counts) - min(counts) <= 2 * BOUND, (first, length, cid, counts)
    for week in order:
        end = week + timedelta(days=7)
        here = [r for r, st in stays.items() if st.moved_in <= week
                and (st.moved_out is None or st.moved_out >= end)]
        load = [sum(n for (r, _c), n in weeks[week].items() if r == rid) for rid in here]
        slots = sum(weeks[week].values())
        fair = -(-slots // max(1, len(here)))  # each resident's share, rounded up
        assert not load or max(load) <= fair + BOUND, (week, sorted(load))


def test_demo_chores_are_shared_out_by_the_houses_rotation(small):
    store, summary = small
    check_fair_chores(store, summary.house_ids[0])


def test_demo_consents_cover_the_parts_their_words_name(small):
    store, _summary = small
    with store.read() as s:
        found = list(s.exec(select(Consent)))
    assert found and all(c.part_keys and c.parts == ",".join(c.part_keys) for c in found)
    assert len({c.parts for c in found}) >= 3  # varied, not one blanket consent
    words = {"attendance": "attendance", "checkins": "check-in", "chores": "chores",
             "screens": "screen", "goals": "goals"}
    for c in found:
        assert all(words[k] in c.information.lower() for k in c.part_keys), c.information


def test_curfew_misses_are_few(small):
    store, summary = small
    misses = signouts.curfew_misses_for_house(
        store, Actor.system(), summary.house_ids[0], NOW.date() - timedelta(days=90), NOW.date(),
        at=NOW)
    # A few in a quarter, not one a night.
    assert len(misses) <= 25


def test_one_audit_event_per_house_without_names(small):
    store, summary = small
    with store.read() as s:
        events = list(s.exec(select(AuditEvent).order_by(col(AuditEvent.seq))))
        names = {r.first_name for r in s.exec(select(Resident))}
    assert [e.action for e in events] == ["database.create", "account.create", "demo.generate"]
    ev = events[2]
    assert ev.entity == "house" and ev.entity_id == str(summary.house_ids[0])
    details = json.loads(ev.details)
    assert details["seed"] == 7 and details["residents"] == summary.residents
    assert not any(name in ev.details for name in names)


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    fingerprints = []
    for root, seed in (("a", 11), ("b", 11), ("c", 12)):
        store, owner_id = _fresh(tmp_path / root)
        demo.generate(store, Actor.system(), owner_id=owner_id, seed=seed, years=0.3,
                      timezone=TZ, now=NOW)
        fingerprints.append(_fingerprint(store))
        store.close()
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0] != fingerprints[2]


def test_three_years_at_scale_two(tmp_path):
    store, owner_id = _fresh(tmp_path / "a")
    summary = demo.generate(store, Actor.system(), owner_id=owner_id, seed=1, scale=2,
                            timezone=TZ, now=NOW)
    assert len(summary.house_ids) == 2
    with store.read() as s:
        names = list(s.exec(select(House.name)))
        assert len(set(names)) == 2
        first_day = s.exec(select(func.min(CheckIn.day))).one()
        assert (NOW.date() - first_day).days >= 3 * 365 - 2
        per_house = dict(s.exec(select(Resident.house_id, func.count()).group_by(col(Resident.house_id))).all())
        # Turnover: far more residents over three years than beds.
        assert all(60 <= n <= 250 for n in per_house.values())
        assert s.exec(select(func.count()).select_from(SobrietyDateChange)).one() >= 1
        assert s.exec(select(func.count()).where(Resident.preferred_name != "")).one() > 0
        assert s.exec(select(func.count()).where(col(Resident.celebrate_milestones_publicly))).one() > 0
        assert s.exec(select(func.count()).where(col(Consent.revoked_on).is_not(None))).one() > 0
        assert s.exec(select(func.count()).where(AuditEvent.action == "demo.generate")).one() == 2
        # The shared crisis lines are added once, not once per house.
        assert s.exec(select(func.count()).where(Resource.phone == "988")).one() == 1
    for house_id in summary.house_ids:
        check_fair_chores(store, house_id)
    store.close()


def test_staff_cannot_generate_and_bad_scale_is_refused(house):
    with pytest.raises(PermissionDenied):
        demo.generate(house.store, house.staff, owner_id=1, years=0.1)
    with pytest.raises(ValidationError, match="(?i)scale"):
        demo.generate(house.store, Actor.system(), owner_id=1, scale=0)
    with pytest.raises(ValidationError, match="time zone"):
        demo.generate(house.store, Actor.system(), owner_id=1, timezone="Mars/Olympus")
    assert count_rows(house.store, Resident) == 0
