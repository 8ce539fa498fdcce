"""The resources directory: managed by managers, readable by all, 988 always listed."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.directory import Resource
from peerhouse.services import houses
from peerhouse.services import resources as directory
from peerhouse.services import text_limits as limits
from peerhouse.services.actor import Actor
from peerhouse.services.resources import ResourceInput
from tests.support.audit_log import audit_details


def _all(store):
    with store.read() as s:
        return s.exec(select(Resource).order_by(col(Resource.id))).all()


def test_create_edit_delete_with_audit(house):
    r = directory.create_resource(house.store, house.manager, ResourceInput(
        name="  Tuesday Night NA  ", kind="meeting", house_id=house.house_id,
        schedule="Tuesdays 19:00", address="12 Elm St", phone="(555) 010-2000"))
    assert r.id and r.name == "Tuesday Night NA"
    [(ev, details)] = audit_details(house.store, "resource.create")
    assert ev.entity_id == str(r.id) and details == {"house_id": house.house_id, "kind": "meeting"}

    directory.edit_resource(house.store, house.manager, r.id,
                            {"schedule": "Tuesdays 19:30", "active": False, "phone": "(555) 010-2000"})
    [row] = _all(house.store)
    assert row.schedule == "Tuesdays 19:30" and row.active is False
    [(_, details)] = audit_details(house.store, "resource.edit")
    assert details == {"fields": ["active", "schedule"]}

    directory.delete_resource(house.store, house.manager, r.id)
    assert _all(house.store) == []
    [(ev, details)] = audit_details(house.store, "resource.delete")
    assert ev.entity_id == str(r.id) and details == {"kind": "meeting"}
    with pytest.raises(NotFound):
        directory.delete_resource(house.store, house.manager, r.id)


@pytest.mark.parametrize(("kw", "field"), [
    ({"name": " "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"kind": "bar"}, "kind"),
    ({"phone": "call me"}, "phone"),
    ({"address": "x" * 301}, "address"),
    ({"notes": "x" * (limits.NOTE.max_len + 1)}, "notes"),
    ({"house_id": 9999}, "house"),
])
def test_create_validation(house, kw, field):
    data = {"name": "Clinic", "kind": "clinic", **kw}
    with pytest.raises(ValidationError) as err:
        directory.create_resource(house.store, house.manager, ResourceInput(**data))
    assert err.value.field == field
    assert _all(house.store) == []
    assert audit_details(house.store, "resource.create") == []


def test_edit_validation(house):
    r = directory.create_resource(house.store, house.manager, ResourceInput(name="Jobs", kind="job"))
    with pytest.raises(ValidationError) as err:
        directory.edit_resource(house.store, house.manager, r.id, {"id": 5})
    assert err.value.field == "id"
    with pytest.raises(ValidationError):
        directory.edit_resource(house.store, house.manager, r.id, {"kind": "nope"})
    assert _all(house.store)[0].kind == "job"
    assert audit_details(house.store, "resource.edit") == []


def test_staff_and_residents_cannot_manage(house):
    alex = house.admit("Alex", "Rivera")
    r = directory.create_resource(house.store, house.manager, ResourceInput(name="Jobs", kind="job"))
    for actor in (house.staff, house.resident_actor(alex)):
        with pytest.raises(PermissionDenied):
            directory.create_resource(house.store, actor, ResourceInput(name="X", kind="other"))
        with pytest.raises(PermissionDenied):
            directory.edit_resource(house.store, actor, r.id, {"name": "Y"})
        with pytest.raises(PermissionDenied):
            directory.delete_resource(house.store, actor, r.id)
        with pytest.raises(PermissionDenied):
            directory.seed_default_resources(house.store, actor)
    assert [x.name for x in _all(house.store)] == ["Jobs"]


def test_listing_for_residents_staff_and_managers(house):
    other = houses.create_house(house.store, Actor.system(), houses.HouseRules(name="Oak House"))
    add = directory.create_resource
    glob = add(house.store, house.manager, ResourceInput(name="Food bank", kind="other"))
    mine = add(house.store, house.manager, ResourceInput(name="Elm clinic", kind="clinic",
                                                         house_id=house.house_id))
    closed = add(house.store, house.manager, ResourceInput(name="Old clinic", kind="clinic",
                                                           house_id=house.house_id, active=False))
    theirs = add(house.store, house.manager, ResourceInput(name="Oak jobs", kind="job",
                                                           house_id=other.id))
    alex = house.admit("Alex", "Rivera")
    me = house.resident_actor(alex)
    # Residents: their house plus global, active only, whatever they ask for.
    got = directory.list_resources(house.store, me, house_id=other.id, include_inactive=True)
    assert {r.id for r in got} == {glob.id, mine.id}
    assert directory.get_resource(house.store, me, mine.id).name == "Elm clinic"
    for hidden in (theirs.id, closed.id):
        with pytest.raises(NotFound):
            directory.get_resource(house.store, me, hidden)
    # Staff read too; a house view is that house plus global.
    got = directory.list_resources(house.store, house.staff, house_id=house.house_id)
    assert {r.id for r in got} == {glob.id, mine.id}
    got = directory.list_resources(house.store, house.manager, house_id=house.house_id,
                                   include_inactive=True, kind="clinic")
    assert [r.id for r in got] == [mine.id, closed.id]
    everything = directory.list_resources(house.store, house.manager, include_inactive=True)
    assert {r.id for r in everything} == {glob.id, mine.id, closed.id, theirs.id}
    with pytest.raises(ValidationError):
        directory.list_resources(house.store, house.manager, kind="bar")


def test_crisis_lines_always_include_988(house):
    alex = house.admit("Alex", "Rivera")
    me = house.resident_actor(alex)
    for actor in (me, house.staff, house.manager):
        lines = directory.crisis_lines(house.store, actor)
        assert [r.phone for r in lines] == ["988"] and lines[0].id is None
        assert "988 Suicide & Crisis Lifeline" in lines[0].name
    assert _all(house.store) == []  # the fallback is never written


def test_seed_is_idempotent_and_feeds_crisis_lines(house):
    added = directory.seed_default_resources(house.store, house.manager)
    assert [r.phone for r in added] == ["988", "1-800-662-4357"]
    assert directory.seed_default_resources(house.store, house.manager) == []
    rows = _all(house.store)
    assert [(r.name, r.house_id, r.kind) for r in rows] == [
        ("988 Suicide & Crisis Lifeline", None, "crisis"),
        ("SAMHSA National Helpline", None, "crisis"),
    ]
    assert "text 988" in rows[0].notes
    [(_, details)] = audit_details(house.store, "resource.seed")
    assert details == {"ids": [r.id for r in rows]}

    local = directory.create_resource(house.store, house.manager, ResourceInput(
        name="County mobile crisis team", kind="crisis", house_id=house.house_id,
        phone="555-010-3000"))
    alex = house.admit("Alex", "Rivera")
    lines = directory.crisis_lines(house.store, house.resident_actor(alex))
    assert lines[0].id == rows[0].id
    assert {r.id for r in lines} == {rows[0].id, rows[1].id, local.id}
    assert local.id not in {r.id for r in directory.crisis_lines(house.store, house.manager)}

    # A renamed or deactivated default is not added again; crisis lines still show 988.
    directory.edit_resource(house.store, house.manager, rows[0].id,
                            {"name": "Lifeline", "active": False})
    assert directory.seed_default_resources(house.store, house.manager) == []
    lines = directory.crisis_lines(house.store, house.manager, house_id=house.house_id)
    assert lines[0].phone == "988" and lines[0].id is None
    assert len(audit_details(house.store, "resource.seed")) == 1


def test_seed_adds_only_what_is_missing(house):
    directory.create_resource(house.store, house.manager, ResourceInput(
        name="SAMHSA", kind="other", phone="800-662-4357"))
    added = directory.seed_default_resources(house.store, Actor.system())
    assert [r.phone for r in added] == ["988"]
    assert len(_all(house.store)) == 2
