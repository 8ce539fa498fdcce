"""Who is acting: a staff member, a resident at the kiosk, or the program itself."""

from __future__ import annotations

from dataclasses import dataclass

RESIDENT_ROLE = "resident"
SYSTEM_ROLE = "system"


@dataclass(frozen=True)
class Actor:
    """The acting user every service call receives; `role` decides what it may do."""

    kind: str  # "staff", "resident" or "system"
    id: int | None
    role: str
    house_id: int | None = None

    @property
    def audit_name(self) -> str:
        """How the audit trail names the actor: ids only, never a name."""
        return self.kind if self.id is None else f"{self.kind}:{self.id}"

    @property
    def staff_id(self) -> int | None:
        return self.id if self.kind == "staff" else None

    @classmethod
    def system(cls) -> Actor:
        """The program itself (set-up, demo data, maintenance): may do everything."""
        return cls("system", None, SYSTEM_ROLE)

    @classmethod
    def resident(cls, resident_id: int, house_id: int) -> Actor:
        return cls("resident", resident_id, RESIDENT_ROLE, house_id)
