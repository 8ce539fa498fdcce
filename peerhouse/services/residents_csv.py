"""Residents to CSV files (spreadsheets); importing them is in `residents_import`.

Export writes the columns a house would keep in a spreadsheet (with each resident's
language as its code, en or es): no manager notes, no PIN data, no mentor links, and cells
a spreadsheet would run as formulas defused.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from sqlmodel import col, select

from peerhouse.errors import ValidationError
from peerhouse.files import write_atomic
from peerhouse.i18n import ENGLISH, lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.houses import House, Phase
from peerhouse.models.people import Resident
from peerhouse.services import languages, lookups, validate
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm, require
from peerhouse.services.residents_csv_columns import COLUMNS, INFO_COLUMNS
from peerhouse.services.residents_csv_read import FORMULA_START
from peerhouse.services.unit import writing
from peerhouse.store.engine import Store

EXPORT_STATUSES = ("active", "applicant", "discharged", "all")
_PLAIN_COLUMNS = {"phone", "emergency_contact_phone", "sponsor_phone", "date_of_birth",
                  "move_in_date", "move_out_date", "sobriety_date"}


def _out(key: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if key not in _PLAIN_COLUMNS and text.startswith(FORMULA_START):
        return "'" + text  # shown as text by spreadsheets, undone by import
    return text


def export_residents(
    store: Store, actor: Actor, target: Path, *, house_id: int | None = None,
    status: str = ResidentStatus.ACTIVE,
) -> int:
    """Write residents (one house, or every house) to `target`; returns how many."""
    require(actor, Perm.RESIDENTS_EXPORT)
    status = validate.choice("status", status, EXPORT_STATUSES, label=lazy("Status"))
    target = Path(target)
    if not target.parent.is_dir():
        raise ValidationError("file", lazy("The folder {folder} does not exist.",
                                           folder=target.parent))
    if target.is_dir():
        raise ValidationError("file", lazy(
            "{path} is a folder; give a file name ending in .csv.", path=target))
    stmt = (select(Resident, House.name, Phase.name)
            .join(House, col(House.id) == Resident.house_id)
            .outerjoin(Phase, col(Phase.id) == Resident.phase_id))
    if house_id is not None:
        stmt = stmt.where(Resident.house_id == house_id)
    if status != "all":
        stmt = stmt.where(Resident.status == status)
    stmt = stmt.order_by(col(House.name), col(Resident.last_name), col(Resident.first_name))
    written = False
    try:
        with writing(store, actor, Perm.RESIDENTS_EXPORT) as u:
            session = u.session
            if house_id is not None:
                lookups.house(session, house_id)
            rows = list(session.exec(stmt))
            spoken = languages.residents_languages(session)
            buf = io.StringIO(newline="")
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow(COLUMNS + INFO_COLUMNS)
            for res, house_name, phase_name in rows:
                values = {k: getattr(res, k, None) for k in COLUMNS + INFO_COLUMNS}
                values.update(phase=phase_name or "", house=house_name,
                              language=spoken.get(res.id, ENGLISH))
                writer.writerow([_out(k, values[k]) for k in COLUMNS + INFO_COLUMNS])
            # A byte-order mark so spreadsheet programs read accented names correctly.
            write_atomic(target, buf.getvalue().encode("utf-8-sig"))
            written = True
            u.audit(Action.RESIDENTS_EXPORT, "house",
                    "" if house_id is None else house_id, status=status, count=len(rows))
    except BaseException:
        if written:  # the export's audit event did not commit: no file without it
            target.unlink(missing_ok=True)
        raise
    return len(rows)
