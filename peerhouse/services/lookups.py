"""Fetching a row by id inside a service's session, with the one message people see.

Shared so every service says "no longer exists" the same way.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from peerhouse.errors import NotFound
from peerhouse.models.houses import House
from peerhouse.models.people import Resident
from peerhouse.services import clock, validate


def house(session: Session, house_id: int) -> House:
    found = session.get(House, house_id)
    if found is None:
        raise NotFound("That house no longer exists.")
    return found


def resident(session: Session, resident_id: int) -> Resident:
    found = session.get(Resident, resident_id)
    if found is None:
        raise NotFound("That resident record no longer exists.")
    return found


def house_span(session: Session, house_id: int, start: date, end: date,
               ) -> tuple[datetime, datetime]:
    """House-local days [start, end) as UTC instants [from, to), in the house's own time
    zone; an empty span is refused."""
    validate.day_range(start, end)
    tz = house(session, house_id).timezone
    return clock.local_midnight(start, tz), clock.local_midnight(end, tz)


def today(session: Session, house_id: int) -> date:
    """Today in the house's own time zone (which decides what "today" is there)."""
    return clock.local_day(clock.now(), house(session, house_id).timezone)
