"""The kiosk read model: a roster with nothing confidential, and a resident's own screens."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlmodel import func, select

from peerhouse.errors import PermissionDenied
from peerhouse.models.audit import AuditEvent
from peerhouse.services import checkins, chores, houses, kiosk, meetings, residents, signouts
from peerhouse.services.chores import ChoreInput
from peerhouse.services.clock import local_day, now, week_start

TZ = "America/Chicago"


def today():
    return local_day(now(), TZ)


def audit_count(house) -> int:
    with house.store.read() as s:
        return int(s.exec(select(func.count()).select_from(AuditEvent)).one())


def test_roster_is_active_residents_of_the_house_with_ids_and_board_names_only(house):
    a = house.admit("Alex", "Rivera", preferred_name="Lex", notes="private note",
                    phone="555-0101", sobriety_date=today() - timedelta(days=40))
    b = house.admit("Bea", "Moss")
    house.admit("Cal", "Applicant", status="applicant")
    gone = house.admit("Dee", "Left")
    residents.discharge(house.store, house.manager, gone.id, "moved_on", today())
    other = houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak House"))
    residents.admit(house.store, house.manager, residents.ResidentInput(
        first_name="Eli", last_name="Oak", house_id=other.id))
    before = audit_count(house)

    entries = kiosk.roster(house.store, house.house_id)

    assert [(e.resident_id, e.name) for e in entries] == [(b.id, "Bea M."), (a.id, "Lex R.")]
    assert [f.name for f in dataclasses.fields(kiosk.RosterEntry)] == ["resident_id", "name"]
    assert audit_count(house) == before  # the start screen is not a disclosure


def test_typed_first_name_matches_exactly_and_never_by_prefix(house):
    a = house.admit("Alex", "Rivera")
    b = house.admit("Sam", "Moss", preferred_name="Sammy")
    assert [e.resident_id for e in kiosk.find_by_first_name(house.store, house.house_id,
                                                            "  alex ")] == [a.id]
    assert [e.resident_id for e in kiosk.find_by_first_name(house.store, house.house_id,
                                                            "SAMMY")] == [b.id]
    assert kiosk.find_by_first_name(house.store, house.house_id, "a") == []
    assert kiosk.find_by_first_name(house.store, house.house_id, "") == []


def test_houses_list_names_name_mode_and_time_zone(house):
    houses.create_house(house.store, house.owner,
                        houses.HouseRules(name="Oak House", kiosk_name_mode="type",
                                          timezone="Asia/Tokyo"))
    found = kiosk.kiosk_houses(house.store)
    assert [(h.name, h.name_mode, h.timezone) for h in found] == [
        ("Maple House", "initials", TZ), ("Oak House", "type", "Asia/Tokyo")]


def test_home_greets_by_preferred_name_and_celebrates_a_milestone_day(house):
    r = house.admit("Alexander", "Rivera", preferred_name="Alex",
                    sobriety_date=today() - timedelta(days=30))
    me = house.resident_actor(r)
    view = kiosk.home(house.store, me)
    assert (view.name, view.house_name, str(view.sober_time)) == ("Alex", "Maple House",
                                                                  "30 days")
    assert str(view.milestone_today) == "30 days"
    assert (str(view.next_milestone), view.days_to_next) == ("60 days", 30)
    assert not view.signed_out and not view.checked_in_today

    checkins.submit_checkin(house.store, me, r.id, 4, 1)
    signouts.sign_out(house.store, me, r.id, "Work")
    view = kiosk.home(house.store, me)
    assert view.checked_in_today and view.signed_out and view.destination == "Work"


def test_home_without_sobriety_date_and_for_other_actors(house):
    r = house.admit("Bea", "Moss")
    view = kiosk.home(house.store, house.resident_actor(r))
    assert view.sober_time is None and view.next_milestone is None
    assert view.days_to_next is None
    with pytest.raises(PermissionDenied):
        kiosk.home(house.store, house.manager)


def test_ask_to_talk_updates_todays_checkin_and_keeps_the_answers(house):
    r = house.admit()
    me = house.resident_actor(r)
    assert kiosk.ask_to_talk(house.store, me) is None  # nothing saved without a feeling
    assert kiosk.today_checkin(house.store, me) is None
    first = kiosk.ask_to_talk(house.store, me, mood=2, craving=6)
    assert first is not None and first.wants_to_talk and (first.mood, first.craving) == (2, 6)

    other = house.admit("Bea", "Moss")
    them = house.resident_actor(other)
    checkins.submit_checkin(house.store, them, other.id, 4, 2, True, True, "grateful")
    again = kiosk.ask_to_talk(house.store, them)
    assert again is not None and again.wants_to_talk
    assert (again.mood, again.craving, again.slept_well, again.note) == (4, 2, True, "grateful")
    talk = checkins.talk_requests(house.store, house.staff, house.house_id)
    assert {t.resident_id for t in talk} == {r.id, other.id}


def test_my_chores_cover_the_house_week(house):
    r = house.admit(move_in_date=today() - timedelta(days=20))
    chores.create_chore(house.store, house.manager, house.house_id,
                        ChoreInput("Dishes", frequency="daily", rotating=False,
                                   fixed_resident_id=r.id))
    start = week_start(today())
    chores.generate_week(house.store, house.manager, house.house_id, start, include_past=True)
    mine = kiosk.my_chores(house.store, house.resident_actor(r))
    assert mine.week[0] == start and len(mine.items) == 7
    assert {c.chore for c in mine.items} == {"Dishes"}
    assert kiosk.home(house.store, house.resident_actor(r)).chores_left_today == 1


def test_schedule_shows_board_names_in_the_order_they_read_and_upcoming_meetings(house):
    moved_in = today() - timedelta(days=20)
    r = house.admit("Alex", "Rivera", move_in_date=moved_in)
    b = house.admit("Samantha", "Moss", move_in_date=moved_in)
    house.admit("Samantha", "Lee", move_in_date=moved_in)
    house.admit("Zoe", "Brandt", preferred_name="Ana", move_in_date=moved_in)
    chores.create_chore(house.store, house.manager, house.house_id,
                        ChoreInput("Trash", frequency="daily"))
    chores.generate_week(house.store, house.manager, house.house_id, week_start(today()),
                         include_past=True)
    meetings.schedule(house.store, house.manager, house.house_id, now() + timedelta(days=2),
                      topic="Chore swap")
    meetings.schedule(house.store, house.manager, house.house_id, now() + timedelta(days=40))
    plan = kiosk.house_schedule(house.store, house.resident_actor(r))
    assert [(m.kind, m.topic) for m in plan.meetings] == [("house", "Chore swap")]
    # Two Samanthas are told apart as on the printed board; "Ana" sorts as it reads.
    assert [line.name for line in plan.board] == ["Alex R.", "Ana B.", "Samantha L.",
                                                  "Samantha M."]
    joined = " ".join(line.name for line in plan.board)
    assert "Zoe" not in joined and "Moss" not in joined and "Rivera" not in joined
    assert len(plan.days) == 7 and b.id is not None


def test_crisis_help_lists_988_first_without_login(house):
    lines = kiosk.crisis_help(house.store, house.house_id)
    assert lines[0].phone == "988"


def test_only_staff_can_close_the_kiosk_and_it_is_audited(house):
    r = house.admit()
    with pytest.raises(PermissionDenied):
        kiosk.leave(house.store, house.resident_actor(r), house.house_id)
    kiosk.leave(house.store, house.staff, house.house_id)
    with house.store.read() as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "kiosk.close")).one()
    assert ev.actor == house.staff.audit_name


def test_sober_time_and_milestones_are_messages_in_the_readers_language(house):
    from datetime import date

    from peerhouse.i18n import use_language
    from peerhouse.services import languages, milestones

    r = house.admit("Ana", "Ruiz", sobriety_date=today() - timedelta(days=400))
    languages.set_resident_language(house.store, house.manager, r.id, "es")
    view = kiosk.home(house.store, house.resident_actor(r))
    assert view.language == "es"
    assert str(view.sober_time) == "1 year, 1 month"
    with use_language("es"):
        assert str(view.sober_time) == "1 año y 1 mes"
        assert str(milestones.sober_time(date(2026, 1, 1), date(2026, 1, 2))) == "1 día"
        assert str(milestones.sober_time(date(2024, 1, 1), date(2026, 1, 2))) == "2 años"
        assert str(milestones.sober_time(date(2026, 1, 1), date(2026, 5, 2))) == "4 meses"
    # Every milestone the table names reads in both languages (none falls back to English).
    sober = date(2020, 2, 29)
    every = milestones.milestones_between(sober, sober, date(2031, 1, 1))
    english = [str(m.message) for m in every]
    assert english == [m.label for m in every]
    with use_language("es"):
        spanish = [str(m.message) for m in every]
    assert spanish[:9] == ["24 horas", "7 días", "30 días", "60 días", "90 días", "6 meses",
                           "9 meses", "1 año", "18 meses"]
    assert spanish[9:] == [f"{n} años" for n in range(2, 2 + len(every) - 9)]


def test_the_kiosk_knows_each_houses_language(house):
    from peerhouse.services import languages

    assert [h.language for h in kiosk.kiosk_houses(house.store)] == ["en"]
    languages.set_house_language(house.store, house.owner, house.house_id, "es", bilingual=True)
    assert [h.language for h in kiosk.kiosk_houses(house.store)] == ["es"]
