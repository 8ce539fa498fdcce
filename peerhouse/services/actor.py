"""Who is acting: a staff member, a resident at the kiosk, or the program itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from peerhouse.models.enums import Role, Source


class ActorKind(StrEnum):
    """What kind of actor calls a service; a resident's and the program's role is their kind."""

    STAFF = "staff"
    RESIDENT = "resident"
    SYSTEM = "system"


def _role(value: str) -> str:
    """The role as its enum where it is one (an unknown role stays as given: it may nothing)."""
    if value in Role._value2member_map_:
        return Role(value)
    if value in (ActorKind.RESIDENT, ActorKind.SYSTEM):
        return ActorKind(value)
    return value


@dataclass(frozen=True)
class Actor:
    """The acting user every service call receives; `role` decides what it may do."""

    kind: ActorKind
    id: int | None
    role: Role | ActorKind  # a staff account's Role; a resident's and the system's kind
    house_id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ActorKind(self.kind))
        object.__setattr__(self, "role", _role(self.role))

    @property
    def audit_name(self) -> str:
        """How the audit trail names the actor: ids only, never a name."""
        return str(self.kind) if self.id is None else f"{self.kind}:{self.id}"

    @property
    def staff_id(self) -> int | None:
        return self.id if self.kind is ActorKind.STAFF else None

    @property
    def at_kiosk(self) -> bool:
        """A resident acting at the kiosk: what they enter is for themselves, right now."""
        return self.kind is ActorKind.RESIDENT

    @property
    def is_program(self) -> bool:
        """The program itself (set-up, demo data), which may enter records of any source."""
        return self.kind is ActorKind.SYSTEM

    @property
    def source(self) -> Source:
        """Where a record this actor enters comes from: the kiosk for a resident."""
        return Source.KIOSK if self.at_kiosk else Source.STAFF

    @classmethod
    def system(cls) -> Actor:
        """The program itself (set-up, demo data, maintenance): may do everything."""
        return cls(ActorKind.SYSTEM, None, ActorKind.SYSTEM)

    @classmethod
    def staff(cls, account_id: int, role: Role | str) -> Actor:
        return cls(ActorKind.STAFF, account_id, Role(role))

    @classmethod
    def resident(cls, resident_id: int, house_id: int) -> Actor:
        return cls(ActorKind.RESIDENT, resident_id, ActorKind.RESIDENT, house_id)
