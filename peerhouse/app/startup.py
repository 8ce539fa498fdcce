"""The manager program's start-up and session cycle as one named state machine.

Every state the program can be in, and every move between them, is written down once
(`MOVES`), so "what can happen next" is read here instead of followed through callbacks.
The window code (`peerhouse.ui.app.ManagerApp`) holds a `Machine` and moves it at each
step; a move the table does not allow is a bug and raises at once instead of leaving a
window that belongs to no state. Qt-free, so the table is tested on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from enum import Enum

log = logging.getLogger(__name__)


class State(Enum):
    """Where the manager program is; each value says what is on screen then."""

    STARTING = "starting"  # built, nothing shown yet
    SETTING_UP = "setting up"  # first run: the set-up wizard (or a restore chosen from it)
    OPENING = "opening"  # finding the key, opening and checking the records
    NO_KEY = "no key"  # this computer's keyring has no key: the owner password or code
    DAMAGED = "damaged"  # the records failed their check, or the key file is missing
    SIGNED_OUT = "signed out"  # the records are open; the sign-in dialog
    SIGNED_IN = "signed in"  # the main window
    LOCKED = "locked"  # the main window put away behind the lock screen
    KIOSK = "kiosk"  # the manager signed out, the screen given to the resident kiosk
    RESTORING = "restoring"  # a backup being put in place; then the start again
    CLOSED = "closed"  # the program is ending: the records closed


S = State
# Each state and the states it may move to. Closing is possible from everywhere (the
# window's close button, Quit, a fatal error), so it is added to every row below.
_MOVES: dict[State, frozenset[State]] = {
    # The records may be handed in open (tests, benchmarks): straight to the sign-in.
    S.STARTING: frozenset({S.SETTING_UP, S.OPENING, S.SIGNED_OUT}),
    # SETTING_UP -> SETTING_UP: the wizard built again in the language chosen on it.
    S.SETTING_UP: frozenset({S.SETTING_UP, S.SIGNED_OUT, S.RESTORING}),
    S.OPENING: frozenset({S.NO_KEY, S.DAMAGED, S.SIGNED_OUT}),
    S.NO_KEY: frozenset({S.OPENING}),
    # DAMAGED -> DAMAGED: the message comes back when no backup was chosen after all;
    # -> OPENING: the person keeps records that only lost their last changes.
    S.DAMAGED: frozenset({S.DAMAGED, S.OPENING, S.RESTORING}),
    # SIGNED_OUT -> SIGNED_OUT: signing in could not start a session (no house): again.
    S.SIGNED_OUT: frozenset({S.SIGNED_OUT, S.SIGNED_IN}),
    # SIGNED_IN -> SIGNED_IN: the window rebuilt for the account's new role.
    S.SIGNED_IN: frozenset({S.SIGNED_IN, S.LOCKED, S.SIGNED_OUT, S.KIOSK, S.RESTORING}),
    S.LOCKED: frozenset({S.SIGNED_IN, S.SIGNED_OUT}),
    S.KIOSK: frozenset({S.SIGNED_OUT}),
    # Every restore starts again from the top (or the wizard, if nothing was restored).
    S.RESTORING: frozenset({S.OPENING, S.SETTING_UP}),
    S.CLOSED: frozenset(),
}
MOVES: Mapping[State, frozenset[State]] = {
    state: targets | {S.CLOSED} if state is not S.CLOSED else targets
    for state, targets in _MOVES.items()
}


class ForbiddenMove(RuntimeError):
    """A move the table does not allow: a bug in the window code, never the person's."""


class Machine:
    """The current state, moved only along the table; each move is logged (states only,
    never a name) and told to `on_move`, if given (tests watch the moves this way)."""

    def __init__(self, on_move: Callable[[State, State], None] | None = None) -> None:
        self.state = State.STARTING
        self.on_move = on_move

    def can(self, state: State) -> bool:
        return state in MOVES[self.state]

    def go(self, state: State) -> None:
        """Move to `state`; ForbiddenMove if the table has no such move from here."""
        before = self.state
        if state not in MOVES[before]:
            raise ForbiddenMove(f"no move from {before.name} to {state.name}")
        self.state = state
        log.info("start-up: %s -> %s", before.name, state.name)
        if self.on_move is not None:
            self.on_move(before, state)

    def is_in(self, *states: State) -> bool:
        return self.state in states
