"""The generate-week preview counts exactly what generate_week then creates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.models.audit import AuditEvent
from peerhouse.services import chores
from peerhouse.services.chore_preview import preview_week
from peerhouse.services.chores import ChoreInput
from peerhouse.services.clock import local_day, now, week_start

THIS_WEEK = week_start(local_day(now(), "America/Chicago"))
NEXT_WEEK = THIS_WEEK + timedelta(days=7)


def add(house, name: str, **kw):
    return chores.create_chore(house.store, house.manager, house.house_id, ChoreInput(name, **kw))


def generate(house, week):
    return chores.generate_week(house.store, house.manager, house.house_id, week)


def preview(house, week, actor=None):
    return preview_week(house.store, actor or house.manager, house.house_id, week)


def test_preview_matches_generate_and_writes_nothing(house):
    a = house.admit("Alex", "A")
    house.admit("Bea", "B")
    add(house, "Dishes", frequency="daily")
    add(house, "Trash", weekday=0)
    add(house, "Garden", weekday=5, rotating=False, fixed_resident_id=a.id)
    with house.store.read() as s:
        before = len(s.exec(select(AuditEvent)).all())
    p = preview(house, NEXT_WEEK)
    assert (p.to_create, p.already_assigned, p.residents, p.active_chores) == (9, 0, 2, 3)
    with house.store.read() as s:
        assert len(s.exec(select(AuditEvent)).all()) == before
    assert len(generate(house, NEXT_WEEK)) == 9
    again = preview(house, NEXT_WEEK)
    assert (again.to_create, again.already_assigned) == (0, 9)
    add(house, "Mop", frequency="custom", custom_days=[2, 4])
    assert preview(house, NEXT_WEEK).to_create == len(generate(house, NEXT_WEEK)) == 2


def test_preview_this_week_skips_past_days_and_empty_house(house):
    add(house, "Dishes", frequency="daily")
    assert preview(house, NEXT_WEEK).to_create == 0  # nobody lives here yet
    house.admit()
    p = preview(house, THIS_WEEK)
    assert p.to_create == len(generate(house, THIS_WEEK)) >= 1


def test_preview_rules(house):
    with pytest.raises(ValidationError) as e:
        preview(house, NEXT_WEEK + timedelta(days=1))
    assert e.value.field == "week start"
    with pytest.raises(PermissionDenied):
        preview(house, NEXT_WEEK, house.staff)
