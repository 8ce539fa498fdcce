"""What "Generate week" would do, before it does it.

A manager confirms generating a rota only after seeing how many chores it will hand
out and to how many residents. This counts the same slots `chores.generate_week`
fills (active chores due from today on that are not assigned yet) without writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import col, select

from peerhouse.models.chores import Chore, ChoreAssignment
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.people import Resident
from peerhouse.services.chores import due_days, house_week
from peerhouse.services.clock import local_day, now
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads


@dataclass(frozen=True)
class WeekPreview:
    """How many assignments generating `week_start`'s week would create, and for whom."""

    week_start: date
    to_create: int
    already_assigned: int
    residents: int
    active_chores: int


@reads(Perm.CHORES_CONFIGURE)
def preview_week(u: Unit, house_id: int, week_start: date) -> WeekPreview:
    """Count what `generate_week(house_id, week_start)` would create (nothing is written)."""
    end = week_start + timedelta(days=7)
    session = u.session
    house = house_week(session, house_id, week_start)
    first = max(week_start, local_day(now(), house.timezone))
    chores = session.exec(select(Chore).where(Chore.house_id == house_id,
                                              col(Chore.active).is_(True))).all()
    taken = set(session.exec(select(ChoreAssignment.due_date, ChoreAssignment.chore_id)
                             .join(Chore, col(Chore.id) == ChoreAssignment.chore_id)
                             .where(Chore.house_id == house_id,
                                    ChoreAssignment.due_date >= week_start,
                                    ChoreAssignment.due_date < end)).all())
    people = session.exec(select(Resident.move_in_date).where(
        Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE)).all()
    here = sum(1 for moved_in in people if moved_in is None or moved_in < end)
    open_slots = sum(1 for c in chores for day in due_days(c, week_start)
                     if day >= first and (day, c.id) not in taken)
    # With nobody living in the house, generate_week has no one to give chores to.
    return WeekPreview(week_start, open_slots if here else 0, len(taken), here, len(chores))
