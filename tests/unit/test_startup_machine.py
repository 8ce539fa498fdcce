"""The manager program's start-up state table (peerhouse/app/startup.py), without Qt."""

from __future__ import annotations

import logging
import re
from itertools import product
from pathlib import Path

import pytest

from peerhouse.app.startup import MOVES, ForbiddenMove, Machine, State


def _reachable(start: State) -> set[State]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in MOVES[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_table_has_a_row_for_every_state():
    assert set(MOVES) == set(State)
    assert all(targets <= set(State) for targets in MOVES.values())


def test_every_state_is_reachable_from_the_start():
    assert _reachable(State.STARTING) == set(State)


@pytest.mark.parametrize("state", list(State))
def test_every_state_can_reach_closed_and_closed_is_the_end(state):
    assert State.CLOSED in _reachable(state)
    if state is not State.CLOSED:
        assert State.CLOSED in MOVES[state]  # closing the program works from anywhere
    assert MOVES[State.CLOSED] == frozenset()


def _machine_at(state: State) -> Machine:
    """A machine walked along the table to `state` (shortest way)."""
    machine, paths = Machine(), {State.STARTING: [State.STARTING]}
    todo = [State.STARTING]
    while todo and state not in paths:
        here = todo.pop(0)
        for nxt in sorted(MOVES[here], key=lambda s: s.value):
            if nxt not in paths:
                paths[nxt] = [*paths[here], nxt]
                todo.append(nxt)
    for step in paths[state][1:]:
        machine.go(step)
    return machine


@pytest.mark.parametrize(("here", "there"), [
    (here, there) for here, there in product(State, State) if there not in MOVES[here]])
def test_a_move_the_table_does_not_allow_raises_and_changes_nothing(here, there):
    machine = _machine_at(here)
    assert machine.state is here and not machine.can(there)
    with pytest.raises(ForbiddenMove, match=f"{here.name} to {there.name}"):
        machine.go(there)
    assert machine.state is here


def test_the_moves_people_make_are_allowed_and_told_in_order(caplog):
    seen: list[tuple[State, State]] = []
    machine = Machine(on_move=lambda before, after: seen.append((before, after)))
    walk = [State.OPENING, State.NO_KEY, State.OPENING, State.SIGNED_OUT, State.SIGNED_IN,
            State.LOCKED, State.SIGNED_IN, State.KIOSK, State.SIGNED_OUT, State.SIGNED_IN,
            State.RESTORING, State.OPENING, State.DAMAGED, State.RESTORING, State.OPENING,
            State.SIGNED_OUT, State.CLOSED]
    with caplog.at_level(logging.INFO, logger="peerhouse.app.startup"):
        for state in walk:
            machine.go(state)
    assert [after for _before, after in seen] == walk
    assert seen[0] == (State.STARTING, State.OPENING)
    # The log names states only (never a person): one line a move.
    assert [r.getMessage() for r in caplog.records][:2] == [
        "start-up: STARTING -> OPENING", "start-up: OPENING -> NO_KEY"]


def test_the_table_in_the_architecture_notes_is_the_table_in_the_code():
    notes = Path(__file__).parents[2] / "docs" / "architecture.md"
    rows = {}
    for line in notes.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and re.fullmatch(r"`[A-Z_]+`", cells[0]):
            targets = {State[name] for name in re.findall(r"`([A-Z_]+)`", cells[2])}
            rows[State[cells[0].strip("`")]] = targets
    assert rows == {state: set(MOVES[state]) - {State.CLOSED} for state in State}
