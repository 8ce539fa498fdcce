"""A manager's view of one day's check-in answers for the whole house, in one audited read.

The per-resident read (`checkins.checkins_for_resident`) writes one audit event per
resident; the Accountability screen shows every resident's answers for a day at once,
so it reads them here with a single audit event naming the house and the day.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from peerhouse.models.accountability import CheckIn
from peerhouse.models.audit_actions import Action
from peerhouse.models.people import Resident
from peerhouse.services import lookups
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, audited


@audited(Perm.CHECKINS_READ)
def answers_for_house(u: Unit, house_id: int, day: date) -> dict[int, CheckIn]:
    """Check-ins of the house's residents on house-local `day`, by resident id (managers, audited)."""
    # The event and the read share one transaction: no read without its audit record.
    u.audit(Action.CHECKIN_READ, "house", house_id, day=day.isoformat())
    lookups.house(u.session, house_id)
    rows = u.session.exec(
        select(CheckIn)
        .join(Resident, col(Resident.id) == CheckIn.resident_id)
        .where(Resident.house_id == house_id, CheckIn.day == day)
    ).all()
    return {row.resident_id: row for row in rows}
