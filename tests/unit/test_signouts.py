"""Sign-outs, sign-ins, corrections, who is out, tonight's curfew and missed curfews."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlmodel import select

from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.models.accountability import SignOut
from peerhouse.services import houses, residents, signouts
from tests.support.audit_log import audit_events

CHI = ZoneInfo("America/Chicago")


def _local(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=CHI)


def _rows(house) -> list[SignOut]:
    with house.store.read() as s:
        return list(s.exec(select(SignOut).order_by(SignOut.id)))


def _past(house, res, out_at, back_at=None, destination="work"):
    """A back-dated sign-out entered by a manager (e.g. from the paper log)."""
    so = signouts.sign_out(house.store, house.manager, res.id, destination, at=out_at)
    if back_at is not None:
        so = signouts.sign_in(house.store, house.manager, res.id, at=back_at)
    return so


def test_sign_out_and_back_in(house):
    res = house.admit()
    me = house.resident_actor(res)
    back = datetime.now(UTC) + timedelta(hours=3)
    so = signouts.sign_out(house.store, me, res.id, "  job interview ", back)
    assert so.destination == "job interview" and so.source == "kiosk" and so.back_at is None
    assert signouts.open_signout(house.store, me, res.id).id == so.id
    with pytest.raises(ValidationError) as err:
        signouts.sign_out(house.store, me, res.id, "store")
    assert "already signed out" in str(err.value)
    assert len(_rows(house)) == 1
    signouts.sign_in(house.store, me, res.id)
    [row] = _rows(house)
    assert row.back_at is not None and row.back_at >= row.out_at
    assert signouts.open_signout(house.store, me, res.id) is None
    with pytest.raises(ValidationError) as err:
        signouts.sign_in(house.store, me, res.id)
    assert err.value.field == "sign-in"
    [ev_out] = audit_events(house.store, "signout.out")
    [ev_in] = audit_events(house.store, "signout.in")
    assert json.loads(ev_out.details) == {"resident_id": res.id, "source": "kiosk"}
    assert "interview" not in ev_out.details and ev_in.entity_id == str(so.id)


def test_sign_out_validation(house):
    res = house.admit()
    me = house.resident_actor(res)
    with pytest.raises(ValidationError) as err:
        signouts.sign_out(house.store, me, res.id, "   ")
    assert err.value.field == "destination"
    with pytest.raises(ValidationError) as err:
        signouts.sign_out(house.store, me, res.id, "x" * 201)
    assert err.value.field == "destination"
    with pytest.raises(ValidationError) as err:
        signouts.sign_out(house.store, me, res.id, "work", datetime.now(UTC) - timedelta(hours=1))
    assert err.value.field == "expected back"
    with pytest.raises(ValidationError):
        signouts.sign_out(house.store, me, res.id, "work", datetime(2030, 1, 1))  # no time zone
    with pytest.raises(ValidationError):
        signouts.sign_out(house.store, me, res.id, "work", at=datetime.now(UTC))  # kiosk: now
    with pytest.raises(ValidationError):
        signouts.sign_out(house.store, house.manager, res.id, "work",
                          at=datetime.now(UTC) + timedelta(hours=1))
    assert _rows(house) == []


def test_permissions(house):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    other = house.resident_actor(blair)
    with pytest.raises(PermissionDenied):
        signouts.sign_out(house.store, other, alex.id, "work")
    so = signouts.sign_out(house.store, house.staff, alex.id, "work")  # house senior may
    assert so.source == "staff"
    with pytest.raises(PermissionDenied):
        signouts.sign_in(house.store, other, alex.id)
    with pytest.raises(PermissionDenied):
        signouts.open_signout(house.store, other, alex.id)
    with pytest.raises(PermissionDenied):
        signouts.tonight_curfew(house.store, other, alex.id)
    with pytest.raises(PermissionDenied):
        signouts.who_is_out(house.store, other, house.house_id)
    with pytest.raises(PermissionDenied):
        signouts.correct_signout(house.store, house.resident_actor(alex), so.id,
                                 {"back_at": datetime.now(UTC)})
    with pytest.raises(PermissionDenied):
        signouts.curfew_misses_for_house(house.store, other, house.house_id, date(2025, 1, 1),
                                         date(2025, 1, 8))


def test_moved_out_resident_cannot_sign_out(house):
    res = house.admit()
    residents.discharge(house.store, house.manager, res.id, "moved_on")
    with pytest.raises(ValidationError):
        signouts.sign_out(house.store, house.staff, res.id, "work")


def test_who_is_out(house):
    alex, blair, casey = house.admit(), house.admit("Blair", "Chen"), house.admit("Casey", "Diaz")
    now = datetime.now(UTC)
    signouts.sign_out(house.store, house.manager, alex.id, "work", now - timedelta(minutes=30),
                      at=now - timedelta(hours=5))
    signouts.sign_out(house.store, house.resident_actor(blair), blair.id, "meeting",
                      now + timedelta(hours=2))
    _past(house, casey, now - timedelta(hours=8), now - timedelta(hours=7))
    out = signouts.who_is_out(house.store, house.staff, house.house_id)
    assert [(o.resident_id, o.overdue) for o in out] == [(alex.id, True), (blair.id, False)]
    assert out[1].name == "Blair C." and out[1].destination == "meeting"


def test_staff_correct_and_close(house):
    res = house.admit()
    out_at, back_at = _local(2025, 3, 5, 18), _local(2025, 3, 5, 20)
    so = _past(house, res, out_at, back_at)
    fixed = signouts.correct_signout(house.store, house.staff, so.id,
                                     {"back_at": _local(2025, 3, 5, 21, 30), "destination": "work"})
    assert fixed.back_at == _local(2025, 3, 5, 21, 30)
    [ev] = audit_events(house.store, "signout.correct")
    assert json.loads(ev.details)["fields"] == ["back_at"]  # destination was unchanged
    with pytest.raises(ValidationError) as err:
        signouts.correct_signout(house.store, house.staff, so.id,
                                 {"back_at": _local(2025, 3, 5, 17)})
    assert err.value.field == "time back"
    with pytest.raises(ValidationError) as err:
        signouts.correct_signout(house.store, house.staff, so.id, {"resident_id": 3})
    assert err.value.field == "resident_id"
    later = _past(house, res, _local(2025, 3, 6, 18), _local(2025, 3, 6, 19))
    with pytest.raises(ValidationError) as err:  # would overlap the first one
        signouts.correct_signout(house.store, house.staff, later.id,
                                 {"out_at": _local(2025, 3, 5, 21)})
    assert err.value.field == "time out"
    # A sign-out left open is closed by staff; closing it twice is refused.
    left_open = signouts.sign_out(house.store, house.manager, res.id, "family",
                                  at=_local(2025, 3, 7, 12))
    closed = signouts.close_signout(house.store, house.staff, left_open.id, _local(2025, 3, 7, 18))
    assert closed.back_at == _local(2025, 3, 7, 18)
    with pytest.raises(ValidationError):
        signouts.close_signout(house.store, house.staff, left_open.id)
    # Reopening one while another is open would make two open sign-outs.
    signouts.sign_out(house.store, house.staff, res.id, "store")
    with pytest.raises(ValidationError):
        signouts.correct_signout(house.store, house.manager, closed.id, {"back_at": None})
    assert len(audit_events(house.store, "signout.correct")) == 2


def test_signouts_for_resident_by_local_days(house):
    alex, blair = house.admit(), house.admit("Blair", "Chen")
    _past(house, alex, _local(2025, 3, 4, 23), _local(2025, 3, 5, 1))  # spans midnight
    _past(house, alex, _local(2025, 3, 6, 10), _local(2025, 3, 6, 11))
    rows = signouts.signouts_for_resident(house.store, house.manager, alex.id, date(2025, 3, 5),
                                          date(2025, 3, 6))
    assert len(rows) == 1 and rows[0].out_at == _local(2025, 3, 4, 23)
    with pytest.raises(PermissionDenied):
        signouts.signouts_for_resident(house.store, house.resident_actor(blair), alex.id,
                                       date(2025, 3, 1), date(2025, 3, 9))


def test_tonight_curfew_uses_phase_and_weekend(house):
    res = house.admit()  # first phase: curfew 21:00; house weekend curfew 23:59
    me = house.resident_actor(res)
    wed = signouts.tonight_curfew(house.store, me, res.id, at=_local(2025, 3, 5, 18))
    assert wed.night == date(2025, 3, 5) and wed.local.time() == time(21, 0)
    assert wed.at == _local(2025, 3, 5, 21).astimezone(UTC)
    after_midnight = signouts.tonight_curfew(house.store, me, res.id, at=_local(2025, 3, 6, 1))
    assert after_midnight.night == date(2025, 3, 5)
    fri = signouts.tonight_curfew(house.store, house.staff, res.id, at=_local(2025, 3, 7, 12))
    assert fri.local.time() == time(23, 59)
    phases = houses.list_phases(house.store, house.manager, house.house_id)
    residents.edit(house.store, house.manager, res.id, {"phase_id": phases[2].id})
    assert signouts.tonight_curfew(house.store, me, res.id,
                                   at=_local(2025, 3, 5, 18)).local.time() == time(23, 0)


def test_curfew_misses_for_house(house):
    alex, blair, casey = house.admit(), house.admit("Blair", "Chen"), house.admit("Casey", "Diaz")
    phases = houses.list_phases(house.store, house.manager, house.house_id)
    residents.edit(house.store, house.manager, blair.id, {"phase_id": phases[2].id})  # 23:00
    # Wednesday 5 March: both back at 22:30 — late for phase 1 (21:00), fine for phase 3 (23:00).
    _past(house, alex, _local(2025, 3, 5, 19), _local(2025, 3, 5, 22, 30))
    _past(house, blair, _local(2025, 3, 5, 19), _local(2025, 3, 5, 22, 30))
    # Saturday 8 March, the night clocks spring forward: back 05:30 CDT Sunday.
    _past(house, casey, _local(2025, 3, 8, 22), _local(2025, 3, 9, 5, 30))
    # Still out from Thursday evening (open sign-out).
    signouts.sign_out(house.store, house.manager, blair.id, "family", at=_local(2025, 3, 6, 20))

    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(house.store.engine, "before_cursor_execute", count)
    try:
        misses = signouts.curfew_misses_for_house(house.store, house.staff, house.house_id,
                                                  date(2025, 3, 3), date(2025, 3, 10),
                                                  at=_local(2025, 3, 9, 12))
    finally:
        event.remove(house.store.engine, "before_cursor_execute", count)
    got = [(m.resident_id, m.night) for m in misses]
    assert got == [
        (alex.id, date(2025, 3, 5)),
        (blair.id, date(2025, 3, 6)), (blair.id, date(2025, 3, 7)), (blair.id, date(2025, 3, 8)),
        (casey.id, date(2025, 3, 8)),
    ]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 4  # the account (read again), the house, the sign-outs, the curfews
    with pytest.raises(ValidationError):
        signouts.curfew_misses_for_house(house.store, house.staff, house.house_id,
                                         date(2025, 3, 10), date(2025, 3, 3))
