"""Reading a residents CSV file: its size first, then its rows, then each row's fields.

A file over the limits is refused before it is read into memory (an 86 MB file took
10 minutes and 940 MB). Spreadsheets in much of Europe save "CSV" with semicolons, and
some programs with tabs: the separator is found from the header row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from peerhouse.errors import PeerHouseError, ValidationError
from peerhouse.i18n import LANGUAGES, Message, lazy, lazy_plural
from peerhouse.i18n.text import folded
from peerhouse.models.enums import ResidentStatus
from peerhouse.services.residents import ResidentInput
from peerhouse.services.residents_csv_columns import (
    COLUMNS,
    INFO_COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    REQUIRED,
    SEPARATORS,
    limits_text,
)

# How a problem names a separator the header seems to use.
SEPARATOR_NAMES = {";": lazy("';'"), "\t": lazy("tabs")}

_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}
# A language cell: its code, or its name in English or in itself (compared folded: any case,
# with or without accents).
_LANGUAGE_NAMES = {"en": "en", "english": "en", "ingles": "en", "es": "es", "spanish": "es",
                   "espanol": "es"}
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def row_problem(row: int, problem: Message | str) -> Message:
    """One problem of the file as a whole sentence after its row number ("row 3: Last name
    is required."), in its reader's language."""
    return lazy("row {row}: {problem}", row=row, problem=problem)


def reason(exc: PeerHouseError) -> Message | str:
    """What an error says, kept unrendered when it is a message (read in any language)."""
    if isinstance(exc, ValidationError) and exc.whole:
        return exc.message
    first = exc.args[0] if exc.args else ""
    return first if isinstance(first, Message) else str(exc)


def problem_row(problem: Message) -> int:
    return int(problem.params["row"])


class ImportProblems(PeerHouseError):
    """The file has problems; `problems` lists them, one `row_problem` each."""

    def __init__(self, problems: list[Message]) -> None:
        self.problems = problems
        super().__init__(lazy_plural(
            "Nothing was imported: the file has {n} problem ({first}).",
            "Nothing was imported: the file has {n} problems ({first}; …).",
            len(problems), first=problems[0]))

    def lines(self) -> list[str]:
        """The problems in the current language, one line each."""
        return [str(p) for p in self.problems]


@dataclass(frozen=True)
class CsvTable:
    """The header's column keys and each non-empty row with its row number (header: 1)."""

    keys: list[str]
    rows: list[tuple[int, list[str]]]
    separator: str


def column_key(header: str) -> str:
    """'First name' / 'first_name' / ' FIRST NAME ' all mean first_name."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def read_table(path: Path) -> CsvTable:
    """The file's rows, or a ValidationError / ImportProblems that says what to do."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ValidationError("file", lazy("{path} does not exist.", path=path)) from None
    if not path.is_file():
        raise ValidationError("file", lazy("{path} is not a file.", path=path))
    if size > MAX_BYTES:
        megabytes = f"{size / (1024 * 1024):,.1f}"
        raise ValidationError("file", lazy(
            "The file is {size} MB; PeerHouse imports at most {limits} at a time. Split it "
            "into smaller files and import them one after another.",
            size=megabytes, limits=limits_text()))
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return _rows(fh)
    except UnicodeDecodeError:
        raise ValidationError("file", lazy(
            "The file is not UTF-8 text; save it as 'CSV UTF-8' and try again.")) from None


def _rows(fh: io.TextIOBase) -> CsvTable:
    first = fh.readline()
    if not first.strip():
        raise ValidationError("file", lazy(
            "The file is empty; the first row must name the columns."))
    separator = _separator(first)
    fh.seek(0)
    reader = csv.reader(fh, delimiter=separator)
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 (used after the loop)
            if number == 1:
                keys = header(cells, separator)
            elif any(c.strip() for c in cells):
                if len(rows) == MAX_ROWS:
                    most = f"{MAX_ROWS:,}"
                    raise ValidationError("file", lazy(
                        "The file has more than {most} residents; PeerHouse imports at most "
                        "{limits} at a time. Split it into smaller files.",
                        most=most, limits=limits_text()))
                rows.append((number, cells))
    except csv.Error as exc:
        where = number + 1
        if "NUL" in str(exc):
            raise ImportProblems([row_problem(where, lazy(
                "The row holds a NUL control character; save the file again from the "
                "spreadsheet."))]) from None
        raise ImportProblems([row_problem(where, lazy(
            "The row is not readable CSV ({error}).", error=str(exc)))]) from None
    return CsvTable(keys, rows, separator)


def _separator(line: str) -> str:
    """The separator that makes the most known column names of the header row."""
    known = set(COLUMNS) | set(INFO_COLUMNS)

    def score(sep: str) -> int:
        cells = next(csv.reader([line.rstrip("\r\n")], delimiter=sep), [])
        return sum(column_key(c) in known for c in cells)

    return max(SEPARATORS, key=lambda sep: (score(sep), sep == ","))


def header(cells: list[str], separator: str = ",") -> list[str]:
    keys = [column_key(c) for c in cells]
    known = set(COLUMNS) | set(INFO_COLUMNS)
    expected = ", ".join(COLUMNS)
    problems = [row_problem(1, lazy(
        "The column '{column}' is not a column PeerHouse knows (expected: {columns}).",
        column=c.strip(), columns=expected)) for c, k in zip(cells, keys, strict=True)
        if k not in known]
    if problems and not any(k in known for k in keys):
        used = next((s for s in (";", "\t") if s in "".join(cells)), "")
        if used:
            problems = [row_problem(1, lazy(
                "This file seems to use {separator} between columns, but its first row does "
                "not name PeerHouse's columns ({columns}).",
                separator=SEPARATOR_NAMES[used], columns=expected))]
    problems += [row_problem(1, lazy("The column {column} is required.", column=k))
                 for k in REQUIRED if k not in keys]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    problems += [row_problem(1, lazy("The column {column} appears more than once.", column=k))
                 for k in dupes]
    if problems:
        raise ImportProblems(problems)
    return keys


def cell(text: str) -> str:
    """Undo the export's protection against spreadsheet formulas."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_START:
        return text[1:]
    return text


def _flag(value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError("celebrate milestones publicly", lazy(
        "celebrate_milestones_publicly must be yes or no."))


def language_code(value: str) -> str | None:
    """A language cell as a code ('en', 'es'); None when blank (the house's language)."""
    text = folded(value.strip())
    if not text:
        return None
    code = _LANGUAGE_NAMES.get(text)
    if code is None or code not in LANGUAGES:
        raise ValidationError("language", lazy(
            "language must be en (English) or es (Spanish, Español), not '{value}'.",
            value=value.strip()))
    return code


def row_input(keys: list[str], cells: list[str], house_id: int,
              phases: dict[str, int | None]) -> ResidentInput:
    """One row as the admit form would hold it (the services check it from there)."""
    if len(cells) > len(keys) and any(c.strip() for c in cells[len(keys):]):
        raise ValidationError("row", lazy(
            "The row has {cells} cells but the header has {columns}.",
            cells=len(cells), columns=len(keys)))
    row = {k: cell(cells[i]) if i < len(cells) else "" for i, k in enumerate(keys)}
    phase_id = None
    phase_name = row.get("phase", "").strip()
    if phase_name:
        if phase_name.casefold() not in phases:
            if phases:
                raise ValidationError("phase", lazy(
                    "phase must be one of this house's phases ({names}).",
                    names=", ".join(sorted(phases))))
            raise ValidationError("phase", lazy(
                "phase must be one of this house's phases (none set up)."))
        phase_id = phases[phase_name.casefold()]
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
        language=language_code(row.get("language", "")),
    )
