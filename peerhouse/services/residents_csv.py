"""Residents to and from CSV files (spreadsheets).

Export writes the columns a house would keep in a spreadsheet: no manager notes, no
PIN data, no mentor links. Import is all or nothing: every row is checked with the
same rules as admitting a resident by hand, every problem is listed as
"row N: field: message" (the header is row 1), and if any row has a problem nothing
at all is saved.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import col, select

from peerhouse.errors import NotFound, PeerHouseError, ValidationError
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.houses import House, Phase
from peerhouse.models.people import Resident
from peerhouse.services import validate
from peerhouse.services.actor import Actor
from peerhouse.services.permissions import Perm, require
from peerhouse.services.residents import ResidentInput, admit_in_session
from peerhouse.services.unit import writing
from peerhouse.store.engine import Store
from peerhouse.store.keyfile import write_atomic

# Columns import reads (and export writes), in order.
COLUMNS = (
    "first_name", "last_name", "preferred_name", "date_of_birth", "phone", "bed", "status",
    "move_in_date", "sobriety_date", "phase", "emergency_contact_name",
    "emergency_contact_phone", "sponsor_name", "sponsor_phone", "celebrate_milestones_publicly",
)
# Written by export for the reader's information; import accepts and ignores them.
INFO_COLUMNS = ("move_out_date", "exit_reason", "house")
REQUIRED = ("first_name", "last_name")
EXPORT_STATUSES = ("active", "applicant", "discharged", "all")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}
# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_COLUMNS = {"phone", "emergency_contact_phone", "sponsor_phone", "date_of_birth",
                  "move_in_date", "move_out_date", "sobriety_date"}


class ImportProblems(PeerHouseError):
    """The file has problems; `problems` lists them, one "row N: field: message" each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        n = len(problems)
        super().__init__(f"Nothing was imported: the file has {n} problem{'s' if n != 1 else ''} "
                         f"({problems[0]}{'; …' if n > 1 else ''}).")


@dataclass(frozen=True)
class ImportResult:
    house_id: int
    resident_ids: tuple[int, ...]


def _column_key(header: str) -> str:
    """'First name' / 'first_name' / ' FIRST NAME ' all mean first_name."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def _cell(text: str) -> str:
    """Undo the export's protection against spreadsheet formulas."""
    if text.startswith("'") and text[1:2] and text[1] in _FORMULA_START:
        return text[1:]
    return text


def _flag(value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError("celebrate milestones publicly", "must be yes or no.")


def _read(path: Path) -> list[list[str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    except FileNotFoundError:
        raise ValidationError("file", f"{path} does not exist.") from None
    except UnicodeDecodeError:
        raise ValidationError("file", "is not UTF-8 text; save it as 'CSV UTF-8' and try again.") from None
    except csv.Error as exc:
        raise ValidationError("file", f"is not a readable CSV file ({exc}).") from None


def _header(cells: list[str]) -> list[str]:
    keys = [_column_key(c) for c in cells]
    known = set(COLUMNS) | set(INFO_COLUMNS)
    problems = [f"row 1: column '{c.strip()}': is not a column PeerHouse knows "
                f"(expected: {', '.join(COLUMNS)})." for c, k in zip(cells, keys, strict=True)
                if k not in known]
    problems += [f"row 1: {k}: this column is required." for k in REQUIRED if k not in keys]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    problems += [f"row 1: {k}: this column appears more than once." for k in dupes]
    if problems:
        raise ImportProblems(problems)
    return keys


def import_residents(store: Store, actor: Actor, path: Path, house_id: int) -> ImportResult:
    """Admit every resident in the CSV file into one house, or none of them."""
    require(actor, Perm.RESIDENTS_IMPORT)
    records = _read(Path(path))
    if not records or not any(c.strip() for c in records[0]):
        raise ValidationError("file", "is empty; the first row must name the columns.")
    keys = _header(records[0])
    problems: list[str] = []
    admitted: list[int] = []
    with writing(store, actor) as u:
        session = u.session
        if session.get(House, house_id) is None:
            raise NotFound("That house no longer exists.")
        phases = {p.name.strip().lower(): p.id for p in session.exec(
            select(Phase).where(Phase.house_id == house_id).order_by(col(Phase.position)))}
        for number, cells in enumerate(records[1:], start=2):
            if not any(c.strip() for c in cells):
                continue
            try:
                data = _row_input(keys, cells, house_id, phases)
                with session.begin_nested():
                    res = admit_in_session(session, store, actor, data)
                assert res.id is not None
                admitted.append(res.id)
            except PeerHouseError as exc:
                problems.append(f"row {number}: {exc}")
        if problems:
            raise ImportProblems(problems)
        if not admitted:
            raise ValidationError("file", "has no residents to import.")
        u.audit("residents.import", "house", house_id, count=len(admitted))
    return ImportResult(house_id, tuple(admitted))


def _row_input(keys: list[str], cells: list[str], house_id: int,
               phases: dict[str, int | None]) -> ResidentInput:
    if len(cells) > len(keys) and any(c.strip() for c in cells[len(keys):]):
        raise ValidationError("row", f"has {len(cells)} cells but the header has {len(keys)}.")
    row = {k: _cell(cells[i]) if i < len(cells) else "" for i, k in enumerate(keys)}
    phase_id = None
    phase_name = row.get("phase", "").strip()
    if phase_name:
        if phase_name.lower() not in phases:
            names = ", ".join(sorted(phases)) or "none set up"
            raise ValidationError("phase", f"must be one of this house's phases ({names}).")
        phase_id = phases[phase_name.lower()]
    return ResidentInput(
        first_name=row["first_name"], last_name=row["last_name"], house_id=house_id,
        preferred_name=row.get("preferred_name", ""), date_of_birth=row.get("date_of_birth") or None,
        phone=row.get("phone", ""), bed=row.get("bed", ""),
        status=row.get("status", "").strip().lower() or ResidentStatus.ACTIVE,
        move_in_date=row.get("move_in_date") or None, sobriety_date=row.get("sobriety_date") or None,
        phase_id=phase_id, emergency_contact_name=row.get("emergency_contact_name", ""),
        emergency_contact_phone=row.get("emergency_contact_phone", ""),
        sponsor_name=row.get("sponsor_name", ""), sponsor_phone=row.get("sponsor_phone", ""),
        celebrate_milestones_publicly=_flag(row.get("celebrate_milestones_publicly", "")),
    )


# --- export ---------------------------------------------------------------------------

def _out(key: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if key not in _PLAIN_COLUMNS and text.startswith(_FORMULA_START):
        return "'" + text  # shown as text by spreadsheets, undone by import
    return text


def export_residents(
    store: Store, actor: Actor, target: Path, *, house_id: int | None = None,
    status: str = ResidentStatus.ACTIVE,
) -> int:
    """Write residents (one house, or every house) to `target`; returns how many."""
    require(actor, Perm.RESIDENTS_EXPORT)
    status = validate.choice("status", status, EXPORT_STATUSES)
    target = Path(target)
    if not target.parent.is_dir():
        raise ValidationError("file", f"the folder {target.parent} does not exist.")
    if target.is_dir():
        raise ValidationError("file", f"{target} is a folder; give a file name ending in .csv.")
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
        with writing(store, actor) as u:
            session = u.session
            if house_id is not None and session.get(House, house_id) is None:
                raise NotFound("That house no longer exists.")
            rows = list(session.exec(stmt))
            buf = io.StringIO(newline="")
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow(COLUMNS + INFO_COLUMNS)
            for res, house_name, phase_name in rows:
                values = {k: getattr(res, k, None) for k in COLUMNS + INFO_COLUMNS}
                values.update(phase=phase_name or "", house=house_name)
                writer.writerow([_out(k, values[k]) for k in COLUMNS + INFO_COLUMNS])
            # A byte-order mark so spreadsheet programs read accented names correctly.
            write_atomic(target, buf.getvalue().encode("utf-8-sig"))
            written = True
            u.audit("residents.export", "house",
                    "" if house_id is None else house_id, status=status, count=len(rows))
    except BaseException:
        if written:  # the export's audit event did not commit: no file without it
            target.unlink(missing_ok=True)
        raise
    return len(rows)
