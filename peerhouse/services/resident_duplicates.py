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

from peerhouse.i18n.text import folded


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
        """What makes `other` possibly the same person ("" if nothing does). Two known
        dates of birth that differ make two people, whatever their move-in dates."""
        if self.date_of_birth is not None and other.date_of_birth is not None:
            return "date of birth" if self.date_of_birth == other.date_of_birth else ""
        if self.move_in_date is not None and self.move_in_date == other.move_in_date:
            return "move-in date"
        return ""


def possible_duplicates(new: Iterable[Person], saved: Iterable[Person]) -> list[str]:
    """One row-numbered sentence for each new person who may be someone already saved or
    someone on an earlier row."""
    by_name: dict[tuple[str, str], list[Person]] = {}

    def key(p: Person) -> tuple[str, str]:
        return fold(p.first_name), fold(p.last_name)

    for person in saved:
        by_name.setdefault(key(person), []).append(person)
    found: list[str] = []
    for person in new:
        same = by_name.setdefault(key(person), [])
        for other in same:
            what = person.same_as(other)
            if what:
                where = (f"row {other.row} of the file" if other.row
                         else f"{other.name}, already in this house")
                found.append(f"row {person.row}: {person.name} may be the same person as "
                             f"{where} (same name and {what}).")
                break
        same.append(person)
    return found
