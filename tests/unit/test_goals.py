"""Resident goals: managers set them up, residents read theirs and tick off steps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from peerhouse.errors import NotFound, PermissionDenied, ValidationError
from peerhouse.models.growth import Goal, GoalNote, GoalStep
from peerhouse.services import goals, residents
from peerhouse.services import text_limits as limits
from tests.support.audit_log import audit_details, house_today


@pytest.fixture
def alex(house):
    return house.admit("Alex", "Rivera")


@pytest.fixture
def goal(house, alex):
    return goals.create_goal(house.store, house.manager, alex.id, "work", "Find a full-time job",
                             steps=["Update my résumé", "Apply to three places"],
                             target_date=house_today() + timedelta(days=60),
                             review_date=house_today() + timedelta(days=14))


def test_create_goal_stores_goal_steps_and_audit(house, alex, goal):
    assert goal.goal.status == "active"
    assert [s.text for s in goal.steps] == ["Update my résumé", "Apply to three places"]
    with house.store.read() as s:
        row = s.get(Goal, goal.goal.id)
        steps = s.exec(select(GoalStep).where(GoalStep.goal_id == goal.goal.id)
                       .order_by(col(GoalStep.position))).all()
    assert row.resident_id == alex.id and row.area == "work"
    assert [st.position for st in steps] == [1, 2]
    [(ev, details)] = audit_details(house.store, "goal.create")
    assert ev.actor == f"staff:{house.manager.id}" and ev.entity_id == str(goal.goal.id)
    # Ids and counts only: neither free text nor the area (it may be "health").
    assert details == {"resident_id": alex.id, "steps": 2}
    assert "job" not in ev.details and "work" not in ev.details


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"area": "hobbies"}, "area"),
    ({"title": "   "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"target_date": "next month"}, "target date"),
    ({"target_date": "2000-01-01"}, "target date"),
    ({"review_date": "2000-01-01"}, "review date"),
    ({"steps": [""]}, "step"),
    ({"steps": ["step"] * 21}, "steps"),
])
def test_create_goal_validation(house, alex, kwargs, field):
    args = {"area": "health", "title": "Walk every day", **kwargs}
    with pytest.raises(ValidationError) as err:
        goals.create_goal(house.store, house.manager, alex.id, args.pop("area"), args.pop("title"), **args)
    assert err.value.field == field
    with house.store.read() as s:
        assert s.exec(select(Goal)).all() == []


def test_target_date_too_far_ahead(house, alex):
    with pytest.raises(ValidationError, match="within 5 years"):
        goals.create_goal(house.store, house.manager, alex.id, "housing", "Own a home",
                          target_date=house_today() + timedelta(days=366 * 5 + 1))


def test_goal_for_discharged_resident_refused(house, alex):
    residents.discharge(house.store, house.manager, alex.id, "completed")
    with pytest.raises(ValidationError):
        goals.create_goal(house.store, house.manager, alex.id, "work", "Job")


def test_staff_and_residents_cannot_manage_goals(house, alex, goal):
    me = house.resident_actor(alex)
    for actor in (house.staff, me):
        with pytest.raises(PermissionDenied):
            goals.create_goal(house.store, actor, alex.id, "work", "Job")
        with pytest.raises(PermissionDenied):
            goals.add_note(house.store, actor, goal.goal.id, "note")
        with pytest.raises(PermissionDenied):
            goals.set_status(house.store, actor, goal.goal.id, "achieved")
        with pytest.raises(PermissionDenied):
            goals.goals_due_review(house.store, actor, house.house_id, house_today())
    with pytest.raises(PermissionDenied):
        goals.goals_for(house.store, house.staff, alex.id)
    assert audit_details(house.store, "goal.note.add") == []


def test_resident_reads_own_goals_without_manager_notes(house, alex, goal):
    goals.add_note(house.store, house.manager, goal.goal.id, "Talked through interview nerves.")
    mine = goals.goals_for(house.store, house.resident_actor(alex), alex.id)
    assert len(mine) == 1 and len(mine[0].steps) == 2 and mine[0].notes == ()
    managed = goals.get_goal(house.store, house.manager, goal.goal.id)
    assert [n.text for n in managed.notes] == ["Talked through interview nerves."]
    assert managed.notes[0].author == f"staff:{house.manager.id}"
    [(ev, details)] = audit_details(house.store, "goal.note.add")
    assert details == {"note_id": managed.notes[0].id} and "nerves" not in ev.details


def test_manager_reads_are_audited_resident_own_reads_are_not(house, alex, goal):
    me = house.resident_actor(alex)
    goals.goals_for(house.store, me, alex.id)
    goals.get_goal(house.store, me, goal.goal.id)
    assert audit_details(house.store, "goal.read") == []
    goals.goals_for(house.store, house.manager, alex.id)
    goals.get_goal(house.store, house.owner, goal.goal.id)
    reads = audit_details(house.store, "goal.read")
    assert [(e.actor, e.entity, e.entity_id, d) for e, d in reads] == [
        (house.manager.audit_name, "resident", str(alex.id), {}),
        (house.owner.audit_name, "goal", str(goal.goal.id), {})]
    assert not any("job" in e.details or "work" in e.details for e, _ in reads)
    with pytest.raises(NotFound):
        goals.get_goal(house.store, house.manager, 4242)
    assert len(audit_details(house.store, "goal.read")) == 2  # a failed read leaves no event


def test_another_resident_cannot_read_goals(house, alex, goal):
    jo = house.admit("Jo", "Park")
    with pytest.raises(PermissionDenied):
        goals.goals_for(house.store, house.resident_actor(jo), alex.id)
    with pytest.raises(PermissionDenied):
        goals.get_goal(house.store, house.resident_actor(jo), goal.goal.id)
    with pytest.raises(PermissionDenied):
        goals.get_goal(house.store, house.staff, goal.goal.id)
    assert audit_details(house.store, "goal.read") == []


def test_resident_completes_own_step(house, alex, goal):
    step = goal.steps[0]
    done = goals.complete_step(house.store, house.resident_actor(alex), step.id)
    assert done.done_at is not None
    with house.store.read() as s:
        assert s.get(GoalStep, step.id).done_at is not None
    [(ev, details)] = audit_details(house.store, "goal.step.done")
    assert ev.actor == f"resident:{alex.id}" and details == {"goal_id": goal.goal.id}
    # A second press is harmless and not logged twice.
    goals.complete_step(house.store, house.resident_actor(alex), step.id)
    assert len(audit_details(house.store, "goal.step.done")) == 1
    assert goals.goals_for(house.store, house.manager, alex.id)[0].steps_done == 1


def test_complete_step_refused_for_staff_and_other_resident(house, alex, goal):
    jo = house.admit("Jo", "Park")
    step = goal.steps[0]
    with pytest.raises(PermissionDenied):
        goals.complete_step(house.store, house.staff, step.id)
    with pytest.raises(PermissionDenied):
        goals.complete_step(house.store, house.resident_actor(jo), step.id)
    with house.store.read() as s:
        assert s.get(GoalStep, step.id).done_at is None
    assert audit_details(house.store, "goal.step.done") == []
    with pytest.raises(NotFound):
        goals.complete_step(house.store, house.resident_actor(alex), 9999)


def test_closed_goal_steps_cannot_change(house, alex, goal):
    goals.set_status(house.store, house.manager, goal.goal.id, "dropped")
    with pytest.raises(ValidationError, match="dropped"):
        goals.complete_step(house.store, house.resident_actor(alex), goal.steps[0].id)


def test_manager_step_management(house, alex, goal):
    st = goals.add_step(house.store, house.manager, goal.goal.id, "Practise an interview")
    assert st.position == 3
    goals.edit_step(house.store, house.manager, st.id, "Practise two interviews")
    goals.complete_step(house.store, house.manager, goal.steps[0].id)
    with pytest.raises(ValidationError):
        goals.remove_step(house.store, house.manager, goal.steps[0].id)
    goals.reopen_step(house.store, house.manager, goal.steps[0].id)
    with pytest.raises(ValidationError):
        goals.reopen_step(house.store, house.manager, goal.steps[0].id)
    goals.remove_step(house.store, house.manager, goal.steps[1].id)
    with house.store.read() as s:
        texts = [x.text for x in s.exec(select(GoalStep).where(GoalStep.goal_id == goal.goal.id)
                                        .order_by(col(GoalStep.position)))]
    assert texts == ["Update my résumé", "Practise two interviews"]
    for action in ("goal.step.add", "goal.step.edit", "goal.step.reopen", "goal.step.remove"):
        assert len(audit_details(house.store, action)) == 1, action
    with pytest.raises(ValidationError):
        goals.add_step(house.store, house.manager, goal.goal.id, " ")


def test_edit_goal_and_status(house, alex, goal):
    g = goals.edit_goal(house.store, house.manager, goal.goal.id,
                        {"title": "Find steady work", "area": "money"})
    assert g.title == "Find steady work" and g.area == "money"
    [(_, details)] = audit_details(house.store, "goal.edit")
    assert details == {"fields": ["area", "title"]}
    with pytest.raises(ValidationError) as err:
        goals.edit_goal(house.store, house.manager, goal.goal.id, {"resident_id": 5})
    assert err.value.field == "resident_id"
    with pytest.raises(ValidationError):
        goals.edit_goal(house.store, house.manager, goal.goal.id, {"target_date": "1999-01-01"})

    goals.set_status(house.store, house.manager, goal.goal.id, "achieved")
    with pytest.raises(ValidationError):
        goals.set_status(house.store, house.manager, goal.goal.id, "achieved")
    with pytest.raises(ValidationError):
        goals.set_status(house.store, house.manager, goal.goal.id, "failed")
    [(_, details)] = audit_details(house.store, "goal.status")
    assert details == {"old": "active", "new": "achieved"}
    with house.store.read() as s:
        assert s.get(Goal, goal.goal.id).status == "achieved"
    assert goals.goals_for(house.store, house.manager, alex.id, include_closed=False) == []


def test_review_dates_and_due_list(house, alex, goal):
    today = house_today()
    jo = house.admit("Jo", "Park")
    due = goals.create_goal(house.store, house.manager, jo.id, "family", "Call my daughter weekly",
                            steps=["Sunday call"], review_date=today)
    later = goals.create_goal(house.store, house.manager, jo.id, "health", "See a dentist",
                              review_date=today + timedelta(days=30))
    closed = goals.create_goal(house.store, house.manager, jo.id, "money", "Open an account",
                               review_date=today)
    goals.set_status(house.store, house.manager, closed.goal.id, "achieved")
    gone = house.admit("Sam", "Lee")
    goals.create_goal(house.store, house.manager, gone.id, "work", "Job", review_date=today)
    residents.discharge(house.store, house.manager, gone.id, "moved_on")

    rows = goals.goals_due_review(house.store, house.manager, house.house_id, today)
    assert [r.goal_id for r in rows] == [due.goal.id]
    assert rows[0].resident_id == jo.id and rows[0].resident_name == "Jo P."
    assert (rows[0].steps_done, rows[0].steps_total) == (0, 1)

    week = goals.goals_due_review(house.store, house.manager, house.house_id, today + timedelta(days=30))
    assert {r.goal_id for r in week} == {due.goal.id, goal.goal.id, later.goal.id}

    goals.set_review_date(house.store, house.manager, due.goal.id, today + timedelta(days=28))
    with house.store.read() as s:
        assert s.get(Goal, due.goal.id).review_date == today + timedelta(days=28)
    with pytest.raises(ValidationError, match="cannot be before"):
        goals.set_review_date(house.store, house.manager, due.goal.id, today - timedelta(days=1))
    assert len(audit_details(house.store, "goal.review_date")) == 1
    assert goals.goals_due_review(house.store, house.manager, house.house_id, today) == []


def test_notes_validated(house, goal):
    with pytest.raises(ValidationError):
        goals.add_note(house.store, house.manager, goal.goal.id, "")
    with pytest.raises(ValidationError):
        goals.add_note(house.store, house.manager, goal.goal.id, "x" * (limits.NOTE.max_len + 1))
    with pytest.raises(NotFound):
        goals.add_note(house.store, house.manager, 9999, "hello")
    with house.store.read() as s:
        assert s.exec(select(GoalNote)).all() == []
