"""Fair chore rotation: who does which rotating chore on which day of one week.

Pure functions (no database) so fairness can be proved with property tests.

Fairness is kept per chore with *effective counts*: how many times each present
resident has had that chore. A resident who moves in starts at the current minimum
count of the residents already there (starting at zero would hand them every chore
until they "caught up"); a resident who moves out simply drops out.

Each due slot (one chore on one day), taken in (day, chore id) order, goes to a
resident in the *fairness band* — effective count for that chore at most the present
minimum + 1 — choosing, in order:
  1. someone who has no chore yet that day (nobody gets two chores on a day when the
     band allows otherwise),
  2. the lowest count for that chore,
  3. the lowest load that week,
  4. a deterministic tie-break: residents sorted by id, rotated by the week number.

The bound this gives (proved here, checked in tests/unit/test_rotation_properties.py):
for every chore, the effective counts of present residents never differ by more
than 2. Moving out cannot widen the spread, moving in at the minimum cannot widen
it, and a slot only goes to someone at most min + 1, who then has at most min + 2
while the minimum never goes down. So residents present since the rotation began
have had each chore within 2 times of each other; over a later window [a, b] the
counts of residents present throughout differ by at most 4 (difference of two
spreads of 2). The band only applies while everyone is available all week: a
resident who moves in mid-week (`available_from`) is not given days before that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

# resident id → chore id → effective count
Counts = dict[int, dict[int, int]]
BAND = 1


@dataclass(frozen=True, order=True)
class Slot:
    """One chore due on one day (ordered by day, then chore id)."""

    day: date
    chore_id: int


@dataclass(frozen=True)
class WeekPlan:
    """The week's new assignments and the effective counts after them."""

    assignments: dict[Slot, int] = field(default_factory=dict)
    counts: Counts = field(default_factory=dict)


def carry(history: Mapping[int, Mapping[int, int]], residents: Iterable[int],
          chores: Iterable[int] = ()) -> Counts:
    """Counts for the residents present now: leavers dropped, newcomers at the minimum.

    A resident is a newcomer when `history` has no entry for them at all.
    """
    present = sorted(set(residents))
    established = [r for r in present if r in history]
    universe = set(chores)
    for r in established:
        universe.update(history[r])
    out: Counts = {r: dict(history[r]) for r in established}
    floor = {c: min((out[r].get(c, 0) for r in established), default=0) for c in universe}
    for r in present:
        if r not in out:
            out[r] = {c: n for c, n in floor.items() if n}
    return out


def tally(counts: Mapping[int, Mapping[int, int]], assignments: Mapping[Slot, int]) -> Counts:
    """New counts with each assignment added (residents not yet present are added)."""
    out: Counts = {r: dict(cs) for r, cs in counts.items()}
    for slot, resident in assignments.items():
        mine = out.setdefault(resident, {})
        mine[slot.chore_id] = mine.get(slot.chore_id, 0) + 1
    return out


def replay(weeks: Iterable[tuple[Iterable[int], Mapping[Slot, int]]]) -> Counts:
    """Effective counts after past weeks, oldest first: (residents present, assignments).

    Each week is carried exactly as `assign_week` would carry it, so rebuilding the
    counts from stored assignments gives the counts the rotation would have kept.
    """
    counts: Counts = {}
    for present, done in weeks:
        people = set(present) | set(done.values())
        counts = tally(carry(counts, people, {s.chore_id for s in done}), done)
    return counts


def week_rank(residents: Iterable[int], week_number: int) -> dict[int, int]:
    """Tie-break order: residents sorted by id, rotated by the week number."""
    order = sorted(set(residents))
    n = len(order) or 1
    return {r: (i - week_number) % n for i, r in enumerate(order)}


def assign_week(
    due: Iterable[Slot],
    residents: Sequence[int],
    history: Mapping[int, Mapping[int, int]],
    week_number: int,
    *,
    already: Mapping[Slot, int] | None = None,
    available_from: Mapping[int, date] | None = None,
) -> WeekPlan:
    """Assign every due slot not in `already` to exactly one resident.

    `history` holds effective counts from before this week (see `replay`); `already`
    holds this week's existing assignments (they count towards counts and load).
    With no residents nothing can be assigned and the plan is empty.
    """
    already = dict(already or {})
    available_from = available_from or {}
    people = sorted(set(residents))
    slots = sorted(set(due) - set(already))
    if not people:
        return WeekPlan({}, {})
    counts = tally(carry(history, people, {s.chore_id for s in slots}), already)
    counts = {r: cs for r, cs in counts.items() if r in people}
    load = {r: 0 for r in people}
    busy: set[tuple[int, date]] = set()
    for slot, r in already.items():
        load[r] = load.get(r, 0) + 1
        busy.add((r, slot.day))
    rank = week_rank(people, week_number)
    plan: dict[Slot, int] = {}
    for slot in slots:
        c = slot.chore_id
        floor = min(counts[r].get(c, 0) for r in people)
        here = [r for r in people if available_from.get(r, slot.day) <= slot.day] or people
        band = [r for r in here if counts[r].get(c, 0) <= floor + BAND] or here
        pick = min(band, key=lambda r: ((r, slot.day) in busy, counts[r].get(c, 0),
                                        load[r], rank[r]))
        plan[slot] = pick
        counts[pick][c] = counts[pick].get(c, 0) + 1
        load[pick] += 1
        busy.add((pick, slot.day))
    return WeekPlan(plan, counts)
