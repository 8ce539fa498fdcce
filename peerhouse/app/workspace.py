"""The signed-in person's workspace: the open records, who acts, and the house in view.

What a window holds instead of a bare `Store` (the bridge moves the windows onto it): it
runs operations as this person (`read`, `write`), answers what the role may do, and gives
the actor as the records say now after the owner changed the account.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

from peerhouse.app.ops import Done, ReadOp, WriteOp
from peerhouse.services import permissions, unit
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm
from peerhouse.store.engine import Store

R = TypeVar("R")


@dataclass(frozen=True)
class Workspace:
    """One signed-in person (or kiosk resident) working in one house of the records."""

    store: Store
    actor: Actor
    house_id: int | None = None  # the house in view; a resident's is their own

    def __post_init__(self) -> None:
        scope = permissions.house_scope(self.actor)
        if scope is not None and self.house_id not in (None, scope):
            raise ValueError("a resident's workspace is their own house")
        if scope is not None:
            object.__setattr__(self, "house_id", scope)

    def read(self, op: ReadOp[R]) -> R:
        return op.run(self.store, self.actor)

    def write(self, op: WriteOp[R]) -> Done[R]:
        return op.run(self.store, self.actor)

    def can(self, perm: Perm) -> bool:
        """Whether the role (as signed in) may; each operation checks again as it is now."""
        return permissions.allowed(self.actor, perm, house_id=self.house_id)

    def in_house(self, house_id: int) -> Workspace:
        """The same person looking at another house."""
        return replace(self, house_id=house_id)

    def refreshed(self) -> Workspace:
        """The workspace with the actor as the records say now (AccountInactive if the
        account may no longer act at all)."""
        return replace(self, actor=unit.refresh(self.store, self.actor))
