"""A manager's view of one day's check-in answers for the whole house, in one audited read.

The per-resident read (`checkins.checkins_for_resident`) writes one audit event per
resident; the Accountability screen shows every resident's answers for a day at once,
so it reads them here with a single audit event naming the house and the day.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from peerhouse.models.accountability import CheckIn
from peerhouse.models.people import Resident
from peerhouse.services.actor import Actor
from peerhouse.services.audit_trail import audited_read
from peerhouse.services.lookups import house as _house
from peerhouse.services.permissions import Perm, require
from peerhouse.store.engine import Store


def answers_for_house(store: Store, actor: Actor, house_id: int, day: date) -> dict[int, CheckIn]:
    """Check-ins of the house's residents on house-local `day`, by resident id (managers, audited)."""
    require(actor, Perm.CHECKINS_READ)
    # The event and the read share one transaction: no read without its audit record.
    with audited_read(store, actor, "checkin.read", "house", house_id,
                      day=day.isoformat()) as session:
        _house(session, house_id)
        rows = session.exec(
            select(CheckIn)
            .join(Resident, col(Resident.id) == CheckIn.resident_id)
            .where(Resident.house_id == house_id, CheckIn.day == day)
        ).all()
        return {row.resident_id: row for row in rows}
