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
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.people import Resident
from peerhouse.services import houses, lookups
from peerhouse.services.actor import Actor
from peerhouse.services.checkins import HIGH_CRAVING
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads, record_now
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
    found, notify = _asking(store, actor, house_id)
    new = frozenset() if seen is None else found - seen
    if new and notify:
        record_now(store, actor, Action.CHECKIN_ATTENTION_NOTIFY, "house", house_id,
                   checkins=sorted(new))
    return AttentionCheck(found, new, notify)


@reads(Perm.CHECKINS_OVERVIEW)
def _asking(u: Unit, house_id: int) -> tuple[frozenset[int], bool]:
    """The check-ins asking for attention now, and whether notices are on."""
    talk = col(CheckIn.wants_to_talk).is_(True) & col(CheckIn.talk_followed_up_at).is_(None)
    high = (CheckIn.day == lookups.today(u.session, house_id)) & (
        CheckIn.craving >= HIGH_CRAVING)
    ids = u.session.exec(
        select(CheckIn.id)
        .join(Resident, col(Resident.id) == CheckIn.resident_id)
        .where(Resident.house_id == house_id, Resident.status == ResidentStatus.ACTIVE,
               or_(talk, high) if u.allowed(Perm.CHECKINS_READ) else talk))
    return frozenset(i for i in ids if i is not None), houses.setting(u.session, SETTING) != "off"
