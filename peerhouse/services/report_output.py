"""Recording that a report already produced was saved to a file or sent to a printer.

Producing a report is audited by its own service, in the transaction of the read; what
happens to the pages afterwards is a separate event (every print is logged),
naming the report and how it left the app, never the file's path (it may hold a name).
"""

from __future__ import annotations

from peerhouse.errors import ValidationError
from peerhouse.i18n import lazy
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm, require
from peerhouse.services.unit import record_now
from peerhouse.store.engine import Store

PUBLIC = frozenset({"weekly_board", "sign_in_sheet"})
KINDS = PUBLIC | {"weekly_manager", "resident", "meeting_minutes"}
HOW = ("saved", "printed")


def record_output(store: Store, actor: Actor, kind: str, how: str, entity: str,
                  entity_id: object, *, pages: int, protected: bool = False) -> None:
    """Audit "report.saved" / "report.printed" for a report of `kind` about `entity`."""
    if kind not in KINDS:
        raise ValidationError("report", lazy("'{kind}' is not a kind of report.", kind=kind))
    if how not in HOW:
        raise ValidationError("output", lazy("How a report left must be one of {choices}.",
                                             choices=", ".join(HOW)))
    require(actor, Perm.REPORTS_BOARD if kind in PUBLIC else Perm.REPORTS_CONFIDENTIAL)
    record_now(store, actor, f"report.{how}", entity, entity_id, report=kind, pages=pages,
               protected=protected)
