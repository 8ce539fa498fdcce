"""Admitting every resident of a CSV file into one house, or none of them.

Every row is checked with the same rules as admitting a resident by hand, every problem
is listed as a whole sentence after its row number, "row N: …" (the header is row 1), and if any row has a problem
nothing at all is saved. People who may already be in the house, or who are twice in
the file, are listed too and imported only when the person importing says so.

The checking reads the house once and holds no lock, however long it takes, so the
kiosk and other windows keep saving meanwhile. Only then is the file written, in one
transaction built for speed (the largest file allowed holds the write lock well under a
second: `make bench`). If the house changed between the two (someone took a bed the file
gives out), the file is checked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from peerhouse.errors import DatabaseBusy, PeerHouseError, ValidationError
from peerhouse.i18n import Message, lazy, lazy_plural
from peerhouse.models.audit_actions import Action
from peerhouse.models.enums import ResidentStatus
from peerhouse.models.houses import Phase
from peerhouse.models.languages import LanguageChoice
from peerhouse.models.people import Resident, Stay
from peerhouse.models.types import utcnow
from peerhouse.services import languages, lookups
from peerhouse.services.actor import Actor
from peerhouse.services.clock import local_day, now
from peerhouse.services.permissions import Perm, require
from peerhouse.services.resident_duplicates import Person, possible_duplicates
from peerhouse.services.residents import admit_values, bed_taken, house_full
from peerhouse.services.residents_csv_read import (
    CsvTable,
    ImportProblems,
    problem_row,
    read_table,
    reason,
    row_input,
    row_problem,
)
from peerhouse.services.unit import Unit, reading, writes
from peerhouse.store.engine import Store

Progress = Callable[..., None]  # (percent, text); may carry a `cancelled` flag
ATTEMPTS = 3  # checks of the file when the house keeps changing under it


class PossibleDuplicates(ImportProblems):
    """Only possible duplicates stand in the way: importing anyway is the person's call."""

    def __init__(self, problems: list[Message]) -> None:
        super().__init__(problems)
        self.args = (lazy_plural(
            "Nothing was imported: {n} resident in the file may be someone already in the "
            "house or listed twice in the file.",
            "Nothing was imported: {n} residents in the file may be people already in the "
            "house or listed twice in the file.", len(problems)),)


class ImportCancelled(PeerHouseError):
    """The person stopped the import before anything was saved."""


@dataclass(frozen=True)
class ImportResult:
    house_id: int
    resident_ids: tuple[int, ...]


@dataclass(frozen=True)
class HouseFacts:
    """What the file is checked against; the same facts must hold when it is written."""

    name: str
    today: date
    capacity: int
    phases: tuple[tuple[str, int | None], ...]  # (lower-case name, id), in order
    people: tuple[tuple[str, str, date | None, date | None, str, str], ...]
    language: str = "en"  # the house's: a resident's when their row leaves it blank

    @property
    def active(self) -> int:
        return sum(p[4] == ResidentStatus.ACTIVE for p in self.people)

    @property
    def beds(self) -> set[str]:
        return {p[5] for p in self.people if p[4] == ResidentStatus.ACTIVE and p[5]}


def house_facts(session: Session, house_id: int) -> HouseFacts:
    house = lookups.house(session, house_id)
    phases = session.exec(select(Phase.name, Phase.id).where(Phase.house_id == house_id)
                          .order_by(col(Phase.position)))
    people = session.exec(select(Resident.first_name, Resident.last_name, Resident.date_of_birth,
                                 Resident.move_in_date, Resident.status, Resident.bed)
                          .where(Resident.house_id == house_id).order_by(col(Resident.id)))
    return HouseFacts(house.name, local_day(now(), house.timezone), house.capacity,
                      tuple((n.strip().casefold(), i) for n, i in phases), tuple(people),
                      languages.house_language(session, house_id).language)


# A new row's other columns, as a new Resident has them (created_at is set when written).
_DEFAULTS = {name: f.default for name, f in Resident.model_fields.items()
             if name != "id" and f.default_factory is None and not f.is_required()}


@dataclass(frozen=True)
class ImportPlan:
    """A checked file: the rows to insert, and the facts they were checked against."""

    facts: HouseFacts
    rows: list[dict[str, Any]]
    languages: list[str]  # each row's language code, in the same order


def import_residents(store: Store, actor: Actor, path: Path, house_id: int, *,
                     allow_duplicates: bool = False, progress: Progress | None = None,
                     ) -> ImportResult:
    """Admit every resident in the CSV file into one house, or none of them."""
    require(actor, Perm.RESIDENTS_IMPORT)
    require(actor, Perm.RESIDENTS_MANAGE)
    tell: Progress = progress or (lambda _percent, _text="": None)
    _say(tell, 0, lazy("Reading the file…"))
    table = read_table(Path(path))
    if not table.rows:
        raise ValidationError("file", lazy("The file has no residents to import."))
    for _attempt in range(ATTEMPTS):
        plan = _check(store, actor, table, house_id, allow_duplicates, tell)
        _stop_if_cancelled(tell)
        many = f"{len(plan.rows):,}"
        _say(tell, 95, lazy_plural("Saving {many} resident…", "Saving {many} residents…",
                                   len(plan.rows), many=many))
        ids = _write(store, actor, house_id, plan)
        if ids is not None:
            _say(tell, 100, lazy("Done."))
            return ImportResult(house_id, ids)
    raise DatabaseBusy(lazy("The house's records kept changing while the file was being "
                            "checked, so nothing was imported. Please try again in a moment."))


def _check(store: Store, actor: Actor, table: CsvTable, house_id: int, allow_duplicates: bool,
           tell: Progress) -> ImportPlan:
    """Every row checked in one read snapshot (no write lock held, however long it takes)."""
    problems: list[Message] = []
    rows: list[dict[str, Any]] = []
    codes: list[str] = []
    people: list[Person] = []
    with reading(store, actor, Perm.RESIDENTS_IMPORT) as u:
        session = u.session
        facts = house_facts(session, house_id)
        # Held here: the session keeps rows only while someone does, and each row's phase
        # check would read its phase again.
        _phases = list(session.exec(select(Phase).where(Phase.house_id == house_id)))
        phases = dict(facts.phases)
        first_phase = facts.phases[0][1] if facts.phases else None
        beds, active = set(facts.beds), facts.active
        for done, (number, cells) in enumerate(table.rows):
            if done % 250 == 0:
                _stop_if_cancelled(tell)
                row, last = f"{number:,}", f"{table.rows[-1][0]:,}"
                _say(tell, 5 + 85 * done // len(table.rows),
                     lazy("Checking row {row} of {last}…", row=row, last=last))
            try:
                data = row_input(table.keys, cells, house_id, phases)
                data.phase_id = data.phase_id or first_phase
                values = admit_values(session, data, facts.today)
                if values["status"] == ResidentStatus.ACTIVE:
                    _fits(values, beds, active, facts)
                    active += 1
                    if values["bed"]:
                        beds.add(str(values["bed"]))
            except PeerHouseError as exc:
                problems.append(row_problem(number, reason(exc)))
                continue
            rows.append({**_DEFAULTS, **values})
            codes.append(data.language or facts.language)
            people.append(Person(str(values["first_name"]), str(values["last_name"]),
                                 values["date_of_birth"], values["move_in_date"], number))  # type: ignore[arg-type]
    saved = [Person(f, last, b, m) for f, last, b, m, _s, _bed in facts.people]
    doubles = possible_duplicates(people, saved)
    if problems:
        raise ImportProblems(sorted(problems + ([] if allow_duplicates else doubles),
                                    key=problem_row))
    if doubles and not allow_duplicates:
        raise PossibleDuplicates(doubles)
    return ImportPlan(facts, rows, codes)


def _say(tell: Progress, percent: int, text: Message) -> None:
    """A progress line, in the language this runs in (on a worker thread: the process
    default, the staff member's)."""
    tell(percent, str(text))


def _stop_if_cancelled(tell: Progress) -> None:
    if getattr(tell, "cancelled", False):  # the window's Cancel (workers.Progress)
        raise ImportCancelled(lazy("The import was stopped; nothing was imported."))


def _fits(values: dict[str, Any], beds: set[str], active: int, facts: HouseFacts) -> None:
    if active >= facts.capacity:
        raise ValidationError("house", house_full(facts.name, facts.capacity))
    if values["bed"] and str(values["bed"]) in beds:
        raise ValidationError("bed", bed_taken(values["bed"]))


@writes(Perm.RESIDENTS_IMPORT)
def _write(u: Unit, house_id: int, plan: ImportPlan) -> tuple[int, ...] | None:
    """The checked rows in one short transaction; None (nothing written) when the house
    is no longer what the rows were checked against."""
    session = u.session
    if house_facts(session, house_id) != plan.facts:
        return None
    stamp = utcnow()
    for row in plan.rows:
        row["created_at"] = row["updated_at"] = stamp
    # One statement for all rows, their ids given (the next free ones: SQLite's own
    # choice, and no one else can insert while this transaction holds the lock). Asking
    # SQLite for the ids instead inserted row by row and held the lock three times longer.
    table = Resident.__table__  # type: ignore[attr-defined]
    top = session.execute(select(func.max(table.c.id))).scalar() or 0
    ids = tuple(range(top + 1, top + 1 + len(plan.rows)))
    for i, row in zip(ids, plan.rows, strict=True):
        row["id"] = i
    session.execute(insert(table), plan.rows)
    stays = [{"resident_id": i, "house_id": house_id, "moved_in": r["move_in_date"],
              "moved_out": None, "exit_reason": None}
             for i, r in zip(ids, plan.rows, strict=True)
             if r["status"] == ResidentStatus.ACTIVE]
    if stays:
        session.execute(insert(Stay.__table__), stays)  # type: ignore[attr-defined]
    events: list[tuple[str, str, object, dict[str, Any]]] = [
        (Action.RESIDENT_ADMIT, "resident", i, {"house_id": house_id, "status": r["status"]})
        for i, r in zip(ids, plan.rows, strict=True)]
    # Each resident's language (no row: English), as set_resident_language records it.
    spoken = [(i, code) for i, code in zip(ids, plan.languages, strict=True)
              if code != "en"]
    if spoken:
        session.execute(insert(LanguageChoice.__table__),  # type: ignore[attr-defined]
                        [{"resident_id": i, "staff_id": None, "house_id": None,
                          "language": code, "bilingual": False} for i, code in spoken])
        events += [(Action.LANGUAGE_SET, "resident", i, {"language": code, "bilingual": False})
                   for i, code in spoken]
    events.append((Action.RESIDENTS_IMPORT, "house", house_id, {"count": len(ids)}))
    u.audit_many(events)
    return ids
