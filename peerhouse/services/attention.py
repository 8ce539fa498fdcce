"""Requests for attention from the kiosk, for a desktop notice on the office PC.

A resident asking to talk, or reporting a craving at or above the house's threshold,
should reach staff even when nobody is watching the manager window. `check` answers
which check-ins ask for attention now (ids only: no names, no answers leave this module)
and which of them are new; a notice about new ones is an audited disclosure ("someone
needs attention"), recorded here in the same call. Staff who may not read check-in
answers hear only about requests to talk.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, or_, select

from peerhouse.models.accountability import CheckIn
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.people import Resident
from peerhouse.services import houses
from peerhouse.services.actor import Actor
from peerhouse.services.checkins import HIGH_CRAVING
from peerhouse.services.clock import local_day, now
from peerhouse.services.lookups import house as _house
from peerhouse.services.permissions import Perm, allowed, require
from peerhouse.services.unit import reading, writing
from peerhouse.store.engine import Store

SETTING = "attention_notifications"  # "on" (default) or "off"


@dataclass(frozen=True)
class AttentionCheck:
    """Check-in ids: those asking for attention now, and those of them not seen before."""

    open: frozenset[int]
    new: frozenset[int]
    notify: bool  # desktop notices are on (Settings); if so, `new` ones were recorded


def check(store: Store, actor: Actor, house_id: int,
          seen: frozenset[int] | None) -> AttentionCheck:
    """Open requests to talk, and today's high cravings (for roles that may read them),
    of the house's current residents. `seen`: the ids already known to the caller (None
    the first time: nothing counts as new then)."""
    require(actor, Perm.CHECKINS_OVERVIEW)
    with reading(store, actor) as u:  # as the account is now: turned off, no notices
        session = u.session
        cravings = allowed(u.actor, Perm.CHECKINS_READ)
        day = local_day(now(), _house(session, house_id).timezone)
        talk = (col(CheckIn.wants_to_talk).is_(True)
                & col(CheckIn.talk_followed_up_at).is_(None))
        high = (CheckIn.day == day) & (CheckIn.craving >= HIGH_CRAVING)
        ids = session.exec(
            select(CheckIn.id)
            .join(Resident, col(Resident.id) == CheckIn.resident_id)
            .where(Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE,
                   or_(talk, high) if cravings else talk))
        found = frozenset(i for i in ids if i is not None)
    new = frozenset() if seen is None else found - seen
    notify = houses.get_setting(store, SETTING) != "off"
    if new and notify:
        with writing(store, actor) as u:
            u.audit("checkin.attention.notify", "house", house_id, checkins=sorted(new))
    return AttentionCheck(found, new, notify)
