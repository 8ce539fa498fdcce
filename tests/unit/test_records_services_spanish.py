"""The record services' refusals and words in Spanish: each names the field the person sees,
in the reader's language, and no English is left in them (issue 16)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import product

import pytest

from peerhouse.errors import NotFound, ValidationError
from peerhouse.i18n import use_language
from peerhouse.models.enums import ChoreStatus, ExitReason, MeetingKind
from peerhouse.models.houses import House, Phase
from peerhouse.models.labels import exit_reason_label, meeting_kind_label
from peerhouse.services import (
    checkins,
    chore_status,
    chores,
    curfew,
    houses,
    incidents,
    meetings,
    outside_meetings,
    resources,
    screens,
    signouts,
)
from peerhouse.services.chores import ChoreInput


def spanish(exc: pytest.ExceptionInfo[Exception]) -> str:
    with use_language("es"):
        return str(exc.value)


def test_a_sign_out_refusal_names_the_field_in_spanish(house):
    res = house.admit()
    me = house.resident_actor(res)
    with pytest.raises(ValidationError) as e:
        signouts.sign_out(house.store, me, res.id, "  ")
    assert e.value.field == "destination"
    # The sentence itself is validate's (translated with it); the field's name is ours.
    assert spanish(e).startswith(("Destino", "«Destino»"))
    assert str(e.value) == "Destination is required."
    signouts.sign_out(house.store, me, res.id, "work")
    with pytest.raises(ValidationError) as e:
        signouts.sign_out(house.store, me, res.id, "store")
    assert spanish(e) == "Usted ya registró su salida. Primero registre su regreso, por favor."
    back = datetime.now(UTC) - timedelta(days=2)
    with pytest.raises(ValidationError) as e:
        signouts.close_signout(house.store, house.manager,
                               signouts.open_signout(house.store, me, res.id).id, back)
    assert spanish(e) == "«Hora de regreso» no puede ser antes de la hora de salida."


def test_check_in_and_outside_meeting_refusals_in_spanish(house):
    res = house.admit()
    me = house.resident_actor(res)
    with pytest.raises(ValidationError) as e:
        checkins.submit_checkin(house.store, me, res.id, 3, 2, at=datetime.now(UTC))
    assert spanish(e) == ("Un registro diario en la pantalla de la casa siempre es para este "
                          "momento.")
    with pytest.raises(ValidationError) as e:
        outside_meetings.log(house.store, me, res.id, date.today() - timedelta(days=40), "AA")
    text = spanish(e)
    assert "14 días" in text and "personal" in text and "staff" not in text


def test_chore_refusals_in_spanish_name_the_weekday_and_the_status(house):
    house.admit()
    chores.create_chore(house.store, house.manager, house.house_id,
                        ChoreInput("Dishes", frequency="daily"))
    today = date.today()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    with pytest.raises(ValidationError) as e:
        chores.generate_week(house.store, house.manager, house.house_id,
                             monday + timedelta(days=1))
    assert "un lunes" in spanish(e) and "Monday" not in spanish(e)
    assert "must be a Monday" in str(e.value)
    with pytest.raises(ValidationError) as e:
        chores.create_chore(house.store, house.manager, house.house_id,
                            ChoreInput("Dishes", frequency="daily"))
    assert spanish(e) == "Ya existe una tarea llamada «Dishes»."
    with pytest.raises(ValidationError) as e:
        chores.create_chore(house.store, house.manager, house.house_id,
                            ChoreInput("Yard", frequency="weekly"))
    assert spanish(e) == "«Día de la semana» es obligatorio para una tarea semanal."


def test_every_refused_chore_move_has_its_own_sentence():
    """The class of fix: each (status now, new status) that TRANSITIONS refuses has a whole
    sentence, in English and Spanish, so no refusal glues a status word into a sentence."""
    for now, to in product(ChoreStatus, chore_status.TRANSITIONS):
        if now in chore_status.TRANSITIONS[to]:
            continue
        message = chore_status.REFUSED[now, to]
        with use_language("es"):
            assert str(message).startswith("Esta tarea ya")
        assert str(message).startswith("This chore is already")


def test_meeting_screen_and_incident_refusals_in_spanish(house):
    when = datetime.now(UTC) - timedelta(days=1)
    meeting = meetings.schedule(house.store, house.manager, house.house_id, when)
    meetings.cancel(house.store, house.manager, meeting.id)
    with pytest.raises(ValidationError) as e:
        meetings.save_minutes(house.store, house.manager, meeting.id, "notes")
    assert spanish(e) == "Esta reunión se canceló, así que no se puede marcar como realizada."
    with pytest.raises(NotFound) as e:
        meetings.get_meeting(house.store, house.manager, 9999)
    assert spanish(e) == "Esa reunión ya no existe."
    with pytest.raises(ValidationError) as e:
        screens.draw_random(house.store, house.manager, house.house_id, 1)
    assert spanish(e) == "No hay nadie viviendo en la casa para hacer el sorteo."
    with pytest.raises(ValidationError) as e:
        incidents.record_incident(house.store, house.manager, house.house_id, "conflict", "x",
                                  [9999])
    assert spanish(e) == "El residente 9999 no existe."
    with pytest.raises(ValidationError) as e:
        incidents.record_incident(house.store, house.manager, house.house_id, "conflict", " ")
    assert "Qué pasó" in spanish(e)


def test_house_refusals_and_new_phases_in_the_creators_language(house):
    with pytest.raises(ValidationError) as e:
        houses.create_house(house.store, house.owner, houses.HouseRules(name="x", capacity=0))
    assert "Camas" in spanish(e)
    with use_language("es"):
        oak = houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak"))
    names = [p.name for p in houses.list_phases(house.store, house.owner, oak.id)]
    assert names[0] == "Fase 1 – Orientación"
    # Once stored, a phase's name is the house's own words: English readers see it as stored.
    assert [p.name for p in houses.list_phases(house.store, house.owner, oak.id)] == names
    with pytest.raises(ValidationError) as e:
        houses.create_house(house.store, house.owner, houses.HouseRules(name="Oak"))
    assert spanish(e) == "Ya existe una casa llamada «Oak»."


def test_curfew_words_in_spanish():
    home = House(name="Elm", timezone="America/Chicago", curfew_weeknight=time(22, 0),
                 curfew_weekend=time(23, 59))
    first = Phase(name="Fase 1", position=1, curfew=time(21, 0), house_id=1)
    rule = curfew.in_force(home, first)
    with use_language("es"):
        assert str(rule.whose(date(2026, 12, 9))) == "la hora de llegada de Fase 1"
        assert str(curfew.RULE).startswith("Noches de domingo a jueves")
        assert "p.m." in rule.text() and "PM" not in rule.text()
    assert rule.text(language="es").startswith("9:00 p.m. las noches de domingo a jueves")
    text = curfew.house_curfews(home, [first], language="es")
    assert text == ("Noches de domingo a jueves: 9:00 p.m. para Fase 1, 10:00 p.m. para todos "
                    "los demás (la hora de llegada de la casa). Noches de viernes y sábado: "
                    "11:59 p.m. para todos.")
    assert "Sun–Thu nights: 9:00 PM for Fase 1" in curfew.house_curfews(home, [first])


def test_labels_and_seeded_crisis_words_in_spanish():
    with use_language("es"):
        assert meeting_kind_label(MeetingKind.HOUSE) == "Reunión de la casa"
        assert exit_reason_label(ExitReason.RETURN_TO_USE) == "Un regreso al consumo"
        notes = resources.shown(resources.LIFELINE_988["notes"])
    assert "oprima el 2" in notes and "español" in notes
    assert resources.shown(resources.SAMHSA_HELPLINE["notes"], "es").startswith("Información")
    # What a manager typed is shown as it is, in any language.
    assert resources.shown("Open Mondays", "es") == "Open Mondays"
    assert meeting_kind_label(MeetingKind.HOUSE) == "House meeting"
