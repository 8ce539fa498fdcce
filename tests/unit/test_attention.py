"""Requests for attention from the kiosk: which are open, which are new, who hears of
cravings, and the notice recorded (ids only) only when there is something new to tell."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from peerhouse.errors import AccountInactive, PermissionDenied, RoleChanged
from peerhouse.models.audit import AuditEvent
from peerhouse.services import accounts, attention, checkins, houses, kiosk
from peerhouse.services.actor import Actor


def notices(house) -> list[AuditEvent]:
    with house.store.read() as s:
        return list(s.exec(select(AuditEvent).where(
            AuditEvent.action == "checkin.attention.notify")))


def check_in(house, res, craving: int = 2, talk: bool = False):
    return checkins.submit_checkin(house.store, Actor.resident(res.id, res.house_id), res.id,
                                   3, craving, wants_to_talk=talk)


def test_new_requests_are_told_once_and_recorded_by_id(house):
    talker, craver, calm = house.admit("Tess", "Talker"), house.admit("Cal", "Craver"), \
        house.admit("Quinn", "Calm")
    first = attention.check(house.store, house.manager, house.house_id, None)
    assert first.open == frozenset() and first.new == frozenset() and first.notify
    talk = check_in(house, talker, talk=True)
    high = check_in(house, craver, craving=checkins.HIGH_CRAVING)
    check_in(house, calm, craving=checkins.HIGH_CRAVING - 1)
    found = attention.check(house.store, house.manager, house.house_id, first.open)
    assert found.open == found.new == {talk.id, high.id}
    [event] = notices(house)
    assert json.loads(event.details) == {"checkins": sorted([talk.id, high.id])}
    assert "Tess" not in event.details and event.actor == house.manager.audit_name
    again = attention.check(house.store, house.manager, house.house_id, found.open)
    assert again.new == frozenset() and len(notices(house)) == 1  # never twice
    check_in(house, talker, craving=checkins.HIGH_CRAVING, talk=True)  # the same request
    assert attention.check(house.store, house.manager, house.house_id, again.open).new == set()
    checkins.mark_talk_followed_up(house.store, house.manager, talk.id)
    assert attention.check(house.store, house.manager, house.house_id, again.open).open == {
        talk.id, high.id}  # followed up, but its craving is still high today


def test_staff_hear_only_of_requests_to_talk(house):
    talker, craver = house.admit("Tess", "Talker"), house.admit("Cal", "Craver")
    talk = check_in(house, talker, talk=True)
    check_in(house, craver, craving=10)
    found = attention.check(house.store, house.staff, house.house_id, frozenset())
    assert found.open == found.new == {talk.id}


def test_asking_to_talk_from_the_home_screen_counts(house):
    res = house.admit("Tess", "Talker")
    row = check_in(house, res)
    kiosk.ask_to_talk(house.store, Actor.resident(res.id, res.house_id))
    assert attention.check(house.store, house.manager, house.house_id, frozenset()).new == {
        row.id}


def test_notices_turned_off_record_nothing(house):
    houses.set_setting(house.store, house.owner, attention.SETTING, "off")
    res = house.admit("Tess", "Talker")
    row = check_in(house, res, talk=True)
    found = attention.check(house.store, house.manager, house.house_id, frozenset())
    assert found.new == {row.id} and not found.notify and notices(house) == []


def test_residents_may_not_ask(house):
    res = house.admit("Tess", "Talker")
    with pytest.raises(PermissionDenied):
        attention.check(house.store, Actor.resident(res.id, res.house_id), house.house_id, None)


def test_a_turned_off_or_demoted_account_hears_of_nothing(house):
    """The window's Actor may be stale: the check reads the account as it is now."""
    res = house.admit("Tess", "Talker")
    check_in(house, res, craving=10, talk=True)
    accounts.set_account_state(house.store, house.owner, house.manager.id, role="staff")
    with pytest.raises(RoleChanged):
        attention.check(house.store, house.manager, house.house_id, frozenset())
    accounts.set_account_state(house.store, house.owner, house.staff.id, active=False)
    with pytest.raises(AccountInactive):
        attention.check(house.store, house.staff, house.house_id, frozenset())
    assert notices(house) == []
