"""Whose language is which: residents, staff accounts and houses (English until chosen)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.i18n import use_language
from peerhouse.models.audit import AuditEvent
from peerhouse.services import languages, residents
from peerhouse.services.actor import Actor


def _resident(house) -> int:
    res = residents.admit(house.store, house.manager, residents.ResidentInput(
        first_name="Łucja", last_name="Nguyễn", house_id=house.house_id,
        sobriety_date=date(2025, 1, 1), move_in_date=date(2025, 2, 1)))
    assert res.id is not None
    return res.id


def test_everyone_reads_english_until_a_language_is_chosen(house):
    rid = _resident(house)
    assert languages.language_of_resident(house.store, house.manager, rid) == "en"
    assert languages.language_of_house(house.store, house.manager, house.house_id) == \
        languages.HouseLanguage("en", False)
    with house.store.read() as session:
        assert languages.staff_language(session, house.staff.id) == "en"


def test_choices_are_kept_and_audited_once(house):
    rid = _resident(house)
    languages.set_resident_language(house.store, house.manager, rid, "es")
    languages.set_resident_language(house.store, house.manager, rid, "es")  # no change
    languages.set_house_language(house.store, house.manager, house.house_id, "es", True)
    languages.choose_own_language(house.store, house.staff, "es")
    with house.store.read() as session:
        assert languages.resident_language(session, rid) == "es"
        assert languages.residents_languages(session) == {rid: "es"}
        assert languages.house_language(session, house.house_id) == \
            languages.HouseLanguage("es", True)
        assert languages.staff_language(session, house.staff.id) == "es"
        events = session.exec(select(AuditEvent).where(
            AuditEvent.action == "language.set")).all()
    assert [(e.entity, e.entity_id) for e in events] == [
        ("resident", str(rid)), ("house", str(house.house_id)), ("staff", str(house.staff.id))]


def test_a_resident_chooses_only_their_own(house):
    rid, other = _resident(house), _resident(house)
    me = Actor.resident(rid, house.house_id)
    languages.choose_own_language(house.store, me, "es")
    with pytest.raises(PermissionDenied) as caught:
        languages.set_resident_language(house.store, me, other, "es")
    assert type(caught.value) is PermissionDenied
    with house.store.read() as session:
        assert languages.residents_languages(session) == {rid: "es"}


def test_staff_choose_their_own_language_and_the_owner_anyones(house):
    with pytest.raises(PermissionDenied):
        languages.set_staff_language(house.store, house.manager, house.staff.id, "es")
    with pytest.raises(PermissionDenied):
        languages.set_resident_language(house.store, house.staff, 1, "es")
    languages.set_staff_language(house.store, house.owner, house.staff.id, "es")
    languages.choose_own_language(house.store, house.manager, "es")
    with house.store.read() as session:
        assert languages.staff_language(session, house.staff.id) == "es"
        assert languages.staff_language(session, house.manager.id) == "es"
        assert languages.staff_languages(session) == {house.staff.id: "es",
                                                      house.manager.id: "es"}


def test_an_unknown_language_is_refused_in_the_readers_language(house):
    with pytest.raises(ValidationError) as caught:
        languages.set_house_language(house.store, house.manager, house.house_id, "fr")
    assert caught.value.field == "language"
    assert str(caught.value) == "Choose English or Spanish as the language (not 'fr')."
    with use_language("es"):
        assert str(caught.value) == "Elija inglés o español como idioma (no «fr»)."
