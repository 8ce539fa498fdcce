"""A new set-up filled with invented houses and residents, for trying PeerHouse out and for
the screenshots: the same set-up path as a real one (services/setup.py), then the demo
generator."""

from __future__ import annotations

from peerhouse.demo.generate import MAX_SCALE, generate
from peerhouse.paths import DataPaths
from peerhouse.services import houses, validate
from peerhouse.services.actor import Actor
from peerhouse.services.setup import Owner, SetupResult, create_owner, new_setup


def create_demo_setup(
    paths: DataPaths, owner: Owner, *, seed: int = 1, scale: int = 1, years: float = 3.0,
    timezone: str = "UTC",
) -> SetupResult:
    """A new set-up filled with invented houses and residents (never real people)."""
    validate.int_range("scale", scale, 1, MAX_SCALE)
    with new_setup(paths, owner) as new:
        owner_id = create_owner(new.store, owner)
        summary = generate(new.store, Actor.system(), owner_id=owner_id, seed=seed,
                           scale=scale, years=years, timezone=timezone)
        names = tuple(h.name for h in houses.list_houses(new.store, Actor.system()))
    return SetupResult(new.store, new.recovery_code, new.keyring_message, owner_id, names, summary)
