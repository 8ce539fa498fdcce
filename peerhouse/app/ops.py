"""Operations: a piece of work the windows or the command line ask for, as an object.

A `ReadOp` runs a read — a service, or a function of a Unit that calls several — and
returns its result. A `WriteOp` runs a write in one unit of work (one transaction with its
audit events; several services compose into it) and returns its result with the typed
`Changes` it made, derived from the rows its transaction wrote. Both are Qt-free: the
windows' runner decides on which thread they run and what to do with the outcome; the
command line just calls `run`.

    done = WriteOp(residents.admit, data).run(store, actor)
    done.result, done.changes  # the new Resident; Changes({RESIDENTS}, {house}, {id})
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from peerhouse.app.changes import Changes, changes_of
from peerhouse.services.actor import Actor
from peerhouse.services.unit import Mode, reading, writing
from peerhouse.store.engine import Store

R = TypeVar("R")


@dataclass(frozen=True)
class Done(Generic[R]):
    """A write's outcome: what the work returned, and what it changed."""

    result: R
    changes: Changes


class ReadOp(Generic[R]):
    """A read: `fn(u, *args, **kwargs)` in one unit as the actor is now.

    A declared service chooses its own unit (an audited read commits its disclosure
    event); a plain function of a Unit reads in one snapshot (`audited=True` when it calls
    audited reads, which then need a write transaction)."""

    def __init__(self, fn: Callable[..., R], *args: Any, audited: bool = False,
                 **kwargs: Any) -> None:
        self.fn, self.args, self.kwargs, self.audited = fn, args, kwargs, audited

    def run(self, store: Store, actor: Actor) -> R:
        if hasattr(self.fn, "spec"):  # a declared service opens the unit it needs
            return self.fn(store, actor, *self.args, **self.kwargs)
        opener = writing if self.audited else reading
        with opener(store, actor) as u:
            return self.fn(u, *self.args, **self.kwargs)


def changes_records(fn: Callable[..., Any]) -> bool:
    """Whether `fn` is a declared service that writes (or commits an audited read): the
    windows run it on the one write thread, so writes land in the order they were asked."""
    spec = getattr(fn, "spec", None)
    return spec is not None and spec.mode is not Mode.READ


class WriteOp(Generic[R]):
    """A write: `fn(u, *args, **kwargs)` in one write unit that notes what it wrote."""

    def __init__(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> None:
        spec = getattr(fn, "spec", None)
        if spec is not None and spec.mode is Mode.READ:
            raise TypeError(f"{fn.__name__} only reads: run it as a ReadOp")
        self.fn, self.args, self.kwargs = fn, args, kwargs

    def run(self, store: Store, actor: Actor) -> Done[R]:
        with writing(store, actor, track=True) as u:
            result = self.fn(u, *self.args, **self.kwargs)
            return Done(result, changes_of(u))

