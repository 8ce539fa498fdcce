"""Possible duplicate residents: the same person entered twice.

Two records are possibly the same person when their first and last names match and
either their dates of birth or their move-in dates do. Names match whatever their case,
accents, spaces or punctuation ("José O'Neil" = "jose oneil"), the same way on every PC:
no locale is consulted, so the Turkish dotted and dotless i, the German ß and their
capitals compare as their plain letters everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from peerhouse.i18n import Message, lazy
from peerhouse.i18n.text import folded
from peerhouse.services.residents_csv_read import row_problem


def fold(name: str) -> str:
    """A name as compared for duplicates: letters and digits only, accents dropped, case
    folded by Unicode's own rules (its compatibility caseless match), not this PC's
    language."""
    return "".join(c for c in folded(name) if c.isalnum())


@dataclass(frozen=True)
class Person:
    """What duplicates are judged on; `row` is the file's row number (0: already saved)."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    move_in_date: date | None
    row: int = 0

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def same_as(self, other: Person) -> str:
        """What makes `other` possibly the same person: "date_of_birth", "move_in_date" or
        "" if nothing does. Two known dates of birth that differ make two people, whatever
        their move-in dates."""
        if self.date_of_birth is not None and other.date_of_birth is not None:
            return "date_of_birth" if self.date_of_birth == other.date_of_birth else ""
        if self.move_in_date is not None and self.move_in_date == other.move_in_date:
            return "move_in_date"
        return ""


def _sentence(person: Person, other: Person, what: str) -> Message:
    if other.row:
        if what == "date_of_birth":
            return lazy("{name} may be the same person as row {other} of the file (same name "
                        "and date of birth).", name=person.name, other=other.row)
        return lazy("{name} may be the same person as row {other} of the file (same name "
                    "and move-in date).", name=person.name, other=other.row)
    if what == "date_of_birth":
        return lazy("{name} may be the same person as {other}, already in this house (same "
                    "name and date of birth).", name=person.name, other=other.name)
    return lazy("{name} may be the same person as {other}, already in this house (same name "
                "and move-in date).", name=person.name, other=other.name)


def possible_duplicates(new: Iterable[Person], saved: Iterable[Person]) -> list[Message]:
    """One row-numbered sentence for each new person who may be someone already saved or
    someone on an earlier row."""
    by_name: dict[tuple[str, str], list[Person]] = {}

    def key(p: Person) -> tuple[str, str]:
        return fold(p.first_name), fold(p.last_name)

    for person in saved:
        by_name.setdefault(key(person), []).append(person)
    found: list[Message] = []
    for person in new:
        same = by_name.setdefault(key(person), [])
        for other in same:
            what = person.same_as(other)
            if what:
                found.append(row_problem(person.row, _sentence(person, other, what)))
                break
        same.append(person)
    return found
