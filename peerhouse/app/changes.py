"""What a write changed, as a typed value: which kinds of records, for which houses and
residents.

Nobody lists it by hand: a write operation's unit notes every row its transaction wrote
(the row-seal capture, store/seal_capture.py), and `changes_of` turns those rows into a
`Changes`. This module is the one place that says which kind of record each table holds
(`TABLES`; a test fails when a table has none), so a new table cannot be forgotten by the
screens that refresh on its kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import col, select

from peerhouse.models.people import Resident
from peerhouse.services.unit import Unit
from peerhouse.store.seal_capture import Written


class RecordKind(StrEnum):
    """A kind of record a screen shows (the values are the windows' refresh topics)."""

    RESIDENTS = "residents"
    MEETINGS = "meetings"
    CHORES = "chores"
    CHECKINS = "checkins"
    SIGNOUTS = "signouts"
    OUTSIDE_MEETINGS = "outside_meetings"
    SCREENS = "screens"
    INCIDENTS = "incidents"
    GOALS = "goals"
    MENTORING = "mentoring"
    CONSENTS = "consents"
    RESOURCES = "resources"
    HOUSES = "houses"
    SETTINGS = "settings"
    ACCOUNTS = "accounts"
    LANGUAGES = "languages"


# Every table of the records and the kind of record it holds.
TABLES: dict[str, RecordKind] = {
    "languagechoice": RecordKind.LANGUAGES,
    "resident": RecordKind.RESIDENTS,
    "stay": RecordKind.RESIDENTS,
    "sobrietydatechange": RecordKind.RESIDENTS,
    "meeting": RecordKind.MEETINGS,
    "attendance": RecordKind.MEETINGS,
    "chore": RecordKind.CHORES,
    "choreassignment": RecordKind.CHORES,
    "checkin": RecordKind.CHECKINS,
    "signout": RecordKind.SIGNOUTS,
    "outsidemeeting": RecordKind.OUTSIDE_MEETINGS,
    "screen": RecordKind.SCREENS,
    "screendraw": RecordKind.SCREENS,
    "incident": RecordKind.INCIDENTS,
    "incidentresident": RecordKind.INCIDENTS,
    "goal": RecordKind.GOALS,
    "goalnote": RecordKind.GOALS,
    "goalstep": RecordKind.GOALS,
    "mentorsession": RecordKind.MENTORING,
    "consent": RecordKind.CONSENTS,
    "resource": RecordKind.RESOURCES,
    "house": RecordKind.HOUSES,
    "phase": RecordKind.HOUSES,
    "appsetting": RecordKind.SETTINGS,
    "staffaccount": RecordKind.ACCOUNTS,
}
# The file's own bookkeeping, written with every change: not records a screen shows.
BOOKKEEPING = frozenset({"auditevent", "audithead", "rowseal"})

# The columns that name the resident or house a row concerns (a row's own id on the
# resident and house tables).
RESIDENT_COLUMNS = ("resident_id", "mentee_id", "fixed_resident_id")
HOUSE_COLUMNS = ("house_id",)
COLUMNS = ("id", *RESIDENT_COLUMNS, *HOUSE_COLUMNS)


@dataclass(frozen=True)
class Changes:
    """Which kinds of records a write changed, and the houses and residents concerned.

    `everything`: what changed is not known (another process saved something: a kiosk
    check-in, a command-line import), so anything shown may be out of date. It touches
    every kind in every house, while `kinds` stays empty: a screen that does something
    extra only when a kind was written for certain (Today re-reading cravings after a
    check-in) does not do it for a change it knows nothing about.
    """

    kinds: frozenset[RecordKind] = frozenset()
    house_ids: frozenset[int] = frozenset()
    resident_ids: frozenset[int] = frozenset()
    everything: bool = False

    @classmethod
    def of(cls, *kinds: RecordKind) -> Changes:
        """A change of `kinds` said by hand: only for work that is not one unit (a password
        hashed before its write), whose rows nobody notes."""
        return cls(frozenset(kinds))

    def __bool__(self) -> bool:
        return self.everything or bool(self.kinds)

    def touches(self, *kinds: RecordKind, house_id: int | None = None) -> bool:
        """Whether any of `kinds` changed (in `house_id`, when given and known)."""
        if self.everything:
            return True
        if not self.kinds.intersection(kinds):
            return False
        return house_id is None or not self.house_ids or house_id in self.house_ids

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.house_ids | other.house_ids,
                       self.resident_ids | other.resident_ids,
                       self.everything or other.everything)


NOTHING = Changes()
EVERYTHING = Changes(everything=True)


def kind_of(table: str) -> RecordKind | None:
    """The kind of record `table` holds; None for the file's bookkeeping. KeyError for a
    table nobody has given a kind (a program error: add it to TABLES)."""
    if table in BOOKKEEPING:
        return None
    return TABLES[table]


def changes_of(u: Unit) -> Changes:
    """Everything the tracked unit `u` wrote so far, as a `Changes`. Residents' houses are
    read in the same transaction, so a check-in names the house it belongs to."""
    rows = [w for w in u.written(COLUMNS) if kind_of(w.table) is not None]
    residents, houses = _ids(rows, "resident", RESIDENT_COLUMNS), _ids(rows, "house",
                                                                       HOUSE_COLUMNS)
    if residents:
        houses |= _houses_of(u, residents)
    return Changes(frozenset(k for w in rows if (k := kind_of(w.table)) is not None),
                   frozenset(houses), frozenset(residents))


def _ids(rows: Iterable[Written], own_table: str, columns: tuple[str, ...]) -> set[int]:
    found: set[int] = set()
    for w in rows:
        for values in (w.before, w.after):
            if not values:
                continue
            if w.table == own_table and values.get("id") is not None:
                found.add(int(values["id"]))
            found.update(int(values[c]) for c in columns if values.get(c) is not None)
    return found


def _houses_of(u: Unit, resident_ids: set[int]) -> set[int]:
    stmt = select(Resident.house_id).where(col(Resident.id).in_(sorted(resident_ids)))
    return {int(h) for h in u.session.exec(stmt) if h is not None}
