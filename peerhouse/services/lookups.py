"""Fetching a row by id inside a service's session, with the one message people see.

Shared so every service says "no longer exists" the same way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from sqlmodel import Session

from peerhouse.errors import NotFound, PeerHouseError
from peerhouse.i18n import lazy
from peerhouse.models.houses import House
from peerhouse.models.people import Resident
from peerhouse.services import clock, validate

T = TypeVar("T")


def row(session: Session, model: type[T], row_id: Any, missing: PeerHouseError) -> T:
    """The `model` row `row_id`, or `missing` raised: what a person is told when it is gone
    (or was never one, such as a mentor picked from a stale list)."""
    found = session.get(model, row_id)
    if found is None:
        raise missing
    return found


def house(session: Session, house_id: int) -> House:
    return row(session, House, house_id, NotFound(lazy("That house no longer exists.")))


def resident(session: Session, resident_id: int) -> Resident:
    return row(session, Resident, resident_id,
               NotFound(lazy("That resident record no longer exists.")))


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
