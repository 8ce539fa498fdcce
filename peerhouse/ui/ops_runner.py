"""The one UI runner for operations (after Anki's `CollectionOp`/`QueryOp`).

    run_op(self, WriteOp(residents.admit, data)).success(self.admitted).run()

A `WriteOp` runs on the one write thread, so writes asked in a row are applied in that
order; a `ReadOp` runs on the shared pool. Both run as the signed-in person of the
parent's context (`ctx.store`, `ctx.actor`, read when `run()` is called). When a write
succeeds, `success` is called, then its `Changes` go out on the bus (`ctx.broadcast`,
naming the parent as the initiator) — also when `success` fails or the window that asked
has closed meanwhile: the records did change, so every screen showing them refreshes, and
no window announces a change by hand. After `success`, as Anki does: what it sets (the
week to show, the row to pick) is what the reload that follows shows.

Results that come late are handled by `workers.run_task`, the one place for that: for a
deleted parent, dropped; while the window is locked, held and replayed after unlock;
after log-out, dropped (the broadcast too, with the windows it was for).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from peerhouse.app.ops import Done, ReadOp, WriteOp
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.workers import run_task

R = TypeVar("R")


class OpRun(Generic[R]):
    """An operation about to run for `parent`: set its callbacks, then `run()`."""

    def __init__(self, parent: QObject, op: ReadOp[R] | WriteOp[R],
                 ctx: AppContext | None = None) -> None:
        found = ctx if ctx is not None else getattr(parent, "ctx", None)
        if not isinstance(found, AppContext):
            raise TypeError("run_op needs the signed-in context: a parent with `ctx`, or ctx=")
        self.parent, self.op, self.ctx = parent, op, found
        self._success: Callable[[R], object] | None = None
        self._failure: Callable[[BaseException], object] | None = None
        self._wanted: Callable[[], bool] | None = None
        self._dropped: Callable[[], None] | None = None

    def success(self, fn: Callable[[R], object] | None) -> OpRun[R]:
        """Called on the UI thread with what the operation returned."""
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], object] | None) -> OpRun[R]:
        """Called with the refusal or error; without it, a message over the parent."""
        self._failure = fn
        return self

    def wanted(self, fn: Callable[[], bool], dropped: Callable[[], None] | None = None,
               ) -> OpRun[R]:
        """A result that is no longer wanted when it arrives (the window shows another
        house now) goes to `dropped` instead of `success`."""
        self._wanted, self._dropped = fn, dropped
        return self

    def run(self) -> None:
        ctx, op = self.ctx, self.op
        write = isinstance(op, WriteOp)
        run_task(op.run, ctx.store, ctx.actor, serial=write, owner=self.parent,
                 on_success=self._succeeded, on_failure=self._failed,
                 announce=self._announce if write else None,
                 wanted=self._wanted, on_dropped=self._dropped)

    def _announce(self, done: Done[Any]) -> None:
        self.ctx.broadcast(done.changes, self.parent)

    def _succeeded(self, outcome: Any) -> None:
        if self._success is not None:
            self._success(outcome.result if isinstance(self.op, WriteOp) else outcome)

    def _failed(self, exc: BaseException) -> None:
        if self._failure is not None:
            self._failure(exc)
            return
        report_error(exc, self.parent if isinstance(self.parent, QWidget) else None)


def run_op(parent: QObject, op: ReadOp[R] | WriteOp[R], *,
           ctx: AppContext | None = None) -> OpRun[R]:
    """`op` for `parent` (a widget holding the signed-in `ctx`, or `ctx` given)."""
    return OpRun(parent, op, ctx)
