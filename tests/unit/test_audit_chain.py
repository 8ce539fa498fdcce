"""The HMAC audit chain detects edits, deletions, reordering and truncation."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from peerhouse.models.audit import AuditEvent
from peerhouse.services.audit_trail import AuditFilter, list_events
from peerhouse.services.unit import record_now
from peerhouse.store.audit import verify_chain
from tests.support.setup_write import setup_write


def _events(house, n=6):
    for i in range(n):
        record_now(house.store, house.manager, "test.event", "thing", i, n=i)


def _verify(house):
    with house.store.read() as s:
        return verify_chain(s, house.store.audit_key)


def _sql(house, stmt, **params):
    with house.store.write() as s:
        s.execute(text(stmt), params)


def test_intact_chain_counts_events(house):
    _events(house)
    report = _verify(house)
    assert report.ok and report.events > 6


def test_edit_is_detected_and_named(house):
    _events(house)
    with house.store.read() as s:
        target = s.exec(AuditEvent.__table__.select().where(AuditEvent.action == "test.event")).all()[2]
    _sql(house, "UPDATE auditevent SET details = :d WHERE id = :id", d='{"n":99}', id=target.id)
    report = _verify(house)
    assert not report.ok and report.bad_seq == target.seq and "changed" in str(report.problem)


# (what is done to the trail, the event named as the first bad one; None: any)
TAMPERING = {
    "delete in the middle": ("DELETE FROM auditevent WHERE seq = 5", 5),
    "reorder": ("UPDATE auditevent SET id = -1 WHERE seq = 4", None),
    # an unparseable row is named, not a crash
    "unparseable row": ("UPDATE auditevent SET at = 'garbage' WHERE seq = 3", 3),
}


@pytest.mark.parametrize(("stmt", "bad_seq"), TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_is_detected(house, stmt: str, bad_seq: int | None):
    _events(house)
    _sql(house, stmt)
    report = _verify(house)
    assert not report.ok
    if bad_seq is not None:
        assert report.bad_seq == bad_seq


def test_truncation_and_head_tampering_are_detected(house):
    _events(house)
    with house.store.read() as s:
        last = s.exec(text("SELECT max(seq) FROM auditevent")).scalar()
    _sql(house, "DELETE FROM auditevent WHERE seq = :s", s=last)
    report = _verify(house)
    assert not report.ok and "removed from the end" in str(report.problem)
    _sql(house, "UPDATE audithead SET seq = seq - 1")
    assert "head was changed" in str(_verify(house).problem)


def test_event_details_never_hold_names(house):
    house.admit("Quincy", "Marlowe", notes="Sensitive words here")
    with house.store.read() as s:
        rows = s.exec(text("SELECT actor, action, entity, entity_id, details FROM auditevent")).all()
    flat = " ".join(" ".join(map(str, r)) for r in rows)
    assert "Quincy" not in flat and "Marlowe" not in flat and "Sensitive" not in flat


def test_audit_log_viewer_is_owner_only_and_filters(house):
    import pytest

    from peerhouse.errors import PermissionDenied

    _events(house, 3)
    events = list_events(house.store, house.owner, AuditFilter(action_prefix="test."))
    assert [e.action for e in events] == ["test.event"] * 3
    assert events[0].seq > events[-1].seq
    for actor in (house.manager, house.staff):
        with pytest.raises(PermissionDenied):
            list_events(house.store, actor)


def test_wiping_the_whole_trail_is_detected(house):
    _sql(house, "DELETE FROM auditevent")
    _sql(house, "DELETE FROM audithead")
    report = _verify(house)
    assert not report.ok and "head is missing" in str(report.problem)


def test_locked_out_attempts_are_audited(house):
    import pytest

    from peerhouse.errors import LockedOut
    from peerhouse.services import accounts

    with setup_write(house.store) as s:
        s.execute(text("UPDATE staffaccount SET failed_attempts = 10 WHERE username = 'sam'"))
    with pytest.raises(LockedOut):
        accounts.login(house.store, "sam", "staff-pass-1234")
    with house.store.read() as s:
        refused = s.exec(text("SELECT count(*) FROM auditevent WHERE action = 'login.refused'")).scalar()
    assert refused == 1


def test_many_events_at_once_chain_exactly_as_one_by_one(house):
    """`append_many` (the CSV import's) writes the very chain `append` would write."""
    from datetime import UTC, datetime

    from peerhouse.store import audit

    at = datetime(2026, 3, 3, 21, 14, tzinfo=UTC)
    events = [("resident.admit", "resident", i, {"house_id": 1, "status": "active"})
              for i in range(1, 6)] + [("residents.import", "house", 1, {"count": 5})]
    class Undo(Exception):
        pass

    expected: list[tuple[int, str, str]] = []
    with pytest.raises(Undo), house.store.write() as s:  # one by one, then rolled back
        expected += [(ev.seq, ev.prev_hash, ev.hash) for ev in (
            audit.append(s, house.store.audit_key, actor="staff:2", action=a, entity=e,
                         entity_id=i, details=d, at=at) for a, e, i, d in events)]
        raise Undo
    with house.store.write() as s:
        last = audit.append_many(s, house.store.audit_key, actor="staff:2", events=events, at=at)
    with house.store.read() as s:
        written = [(r.seq, r.prev_hash, r.hash) for r in s.exec(
            AuditEvent.__table__.select().where(AuditEvent.seq > last - 6)
            .order_by(AuditEvent.seq))]
    assert written == expected and last == expected[-1][0]
    assert _verify(house).ok
