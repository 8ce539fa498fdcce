"""What a manager session needs before its window is built, read in one go off the UI
thread at sign-in (and when the window is rebuilt for a new role or language)."""

from __future__ import annotations

from dataclasses import dataclass

from peerhouse.app.languages import own_language
from peerhouse.app.ops import ReadOp
from peerhouse.models.houses import House
from peerhouse.services import houses
from peerhouse.services.actor import Actor
from peerhouse.store.engine import Store

__all__ = ["SessionFacts", "session_facts"]


@dataclass(frozen=True)
class SessionFacts:
    """What a session needs before its window is built."""

    houses: list[House]
    idle_minutes: float
    language: str  # the signed-in staff member's: the window is built in it


def session_facts(store: Store, actor: Actor) -> SessionFacts:
    """Runs off the UI thread: the houses this person may see, the idle-lock minutes and
    the staff member's language."""
    minutes = float(houses.get_setting(store, "manager_idle_minutes") or 10)
    return SessionFacts(houses.list_houses(store, actor), minutes,
                        ReadOp(own_language).run(store, actor))
