"""The resident page's profile: what its header and every tab need, read together.

A loader: the resident (their notes only for a role that may read them, an audited read),
their house and the phase whose curfews they keep, in one unit of work — one transaction,
the account read once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from peerhouse.i18n import _
from peerhouse.models.people import Resident
from peerhouse.services import houses, languages, residents, timeline
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_day, now
from peerhouse.services.curfew import in_force
from peerhouse.services.timeline import TimelineItem
from peerhouse.services.unit import Unit, unit_for
from peerhouse.store.engine import Store


@dataclass(frozen=True)
class Profile:
    """The resident as the page header and every tab need them (loaded once per refresh)."""

    resident: Resident
    house_name: str
    tz: str
    today: date
    phase: str
    curfew: str = ""  # the curfews in force for them (services/curfew.in_force)
    language: str = "en"  # the language of their kiosk screens and papers


def load_profile(store: Store, actor: Actor, resident_id: int) -> Profile:
    """The resident, their house's name, time zone and today, their phase and the curfews
    they keep."""
    with unit_for(store, actor, residents.get, houses.get_house, houses.list_phases) as u:
        return profile_of(u, resident_id)


def profile_of(u: Unit, resident_id: int) -> Profile:
    """`load_profile` in the running unit `u` (a writing one for a role that reads notes:
    reading the resident is then a disclosure, audited)."""
    res = residents.get(u, resident_id)
    house = houses.get_house(u, res.house_id)
    phases = houses.list_phases(u, res.house_id)
    phase = next((p for p in phases if p.id == res.phase_id), None)
    return Profile(res, house.name, house.timezone, local_day(now(), house.timezone),
                   phase.name if phase else _("No phase"), in_force(house, phase).text("\n"),
                   languages.language_of_resident(u, resident_id))


def resident_for_edit(u: Unit, resident_id: int) -> tuple[Resident, str]:
    """The resident as the edit form shows them (notes for a role that reads them, an
    audited read) and their language."""
    return residents.get(u, resident_id), languages.language_of_resident(u, resident_id)


def timeline_of(u: Unit, resident_id: int, start: date | str | None = None,
                end: date | str | None = None, *, kinds: Iterable[str] | None = None,
                ) -> list[TimelineItem]:
    """The resident page's timeline in the running unit `u` (a writing one when a source
    the role sees is confidential, `timeline.confidential`: the read is then audited)."""
    first, last = timeline.span(start, end)
    service, chosen = timeline.reader(u.actor, kinds)
    return service(u, resident_id, first, last, chosen)
