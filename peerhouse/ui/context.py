"""What every window and section shares: the open store, who is logged in, which house.

Sections talk to each other through `bus` signals instead of holding references to
one another (a check-in saved anywhere refreshes Today; a name clicked anywhere opens
the resident page). What changed travels as a typed `Changes` (app/changes.py): the
runner (ui/ops_runner.py) broadcasts each write's own, derived from the rows it wrote;
`EVERYTHING` says another process saved something (ui/manager/live.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from peerhouse.app.changes import Changes
from peerhouse.app.records import Store
from peerhouse.paths import DataPaths
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm, allowed


class Bus(QObject):
    """App-wide notifications."""

    # What changed (a Changes: which kinds of records, in which houses) and the widget
    # whose operation changed it (None when not known: another process, say).
    changed = Signal(object, object)
    open_resident = Signal(int)
    open_section = Signal(str)  # a section key, e.g. "meetings"
    house_changed = Signal(int)
    # A verified backup to restore (session.restore_flow.RestoreRequest): the app signs
    # everyone out, restores it and starts again at the sign-in screen.
    restore_requested = Signal(object)
    # The signed-in staff member chose another language (a code): the app rebuilds the
    # window in it.
    language_changed = Signal(str)


@dataclass
class AppContext:
    paths: DataPaths
    store: Store
    actor: Actor
    username: str
    display_name: str
    house_id: int
    bus: Bus = field(default_factory=Bus)
    # Check-ins asking for attention (to talk, a high craving) that came in while this
    # window was open and are still open: Today highlights them (ui/manager/live.py).
    attention: frozenset[int] = frozenset()

    def can(self, perm: Perm) -> bool:
        return allowed(self.actor, perm)

    def broadcast(self, changes: Changes, initiator: object = None) -> None:
        """Tell every window what changed (nothing is sent for no change)."""
        if changes:
            self.bus.changed.emit(changes, initiator)
