"""Make background results arrive out of order on purpose, to test that a section shows
the newest request's result (or the current house's) and not whichever came back last."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QThreadPool


class Gate:
    """Wraps a service function; the call numbered `hold` (1 = the first) waits until
    `release()`, so a later call can finish first."""

    def __init__(self, fn: Callable[..., Any], hold: int = 1) -> None:
        self.fn, self.hold = fn, hold
        if hasattr(fn, "spec"):  # still a declared service: a ReadOp lets it open its unit
            self.spec = fn.spec
        self.calls = 0
        self.started = threading.Event()
        self._open = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.calls += 1
            number = self.calls
        if number == self.hold:
            self.started.set()
            self._open.wait(15)
        return self.fn(*args, **kwargs)

    def release(self) -> None:
        self._open.set()


@contextmanager
def enough_threads(n: int = 4) -> Iterator[None]:
    """A held task must not keep the next one from running on a small machine."""
    pool = QThreadPool.globalInstance()
    before = pool.maxThreadCount()
    pool.setMaxThreadCount(max(n, before))
    try:
        yield
    finally:
        pool.setMaxThreadCount(before)


def switch_house_while_loading(qtbot, ctx: Any, section: Any, gate: Gate, house_id: int) -> None:
    """Show `section`, whose load for the current house `gate` holds back; switch to the
    house `house_id` meanwhile, and wait until that house's load has been asked for and
    the held one is the only load left. The caller releases the gate."""
    qtbot.addWidget(section)
    section.show()
    qtbot.waitUntil(gate.started.is_set, timeout=10000)
    ctx.house_id = house_id
    ctx.bus.house_changed.emit(house_id)  # the other house loads and shows first
    qtbot.waitUntil(lambda: gate.calls == 2 and section._loading == 1, timeout=10000)


def open_while_the_house_changes(qtbot, monkeypatch, ctx: Any, house: Any, held: tuple[Any, str],
                                 make_section: Callable[[Any], Any],
                                 while_held: Callable[[Any], None] | None = None,
                                 before_unit: bool = False) -> tuple[Any, int]:
    """A second house (Oak House) is made; `make_section(ctx)` opens while the service
    function `held` (module, name) holds back its first load, and the manager switches to
    Oak House meanwhile; `while_held(section)` runs then, before the held load is let go.
    (section, Oak House's id); the caller waits for the loads to finish. `before_unit`:
    `held` is a function of a Unit whose ReadOp may open a write unit (an audited read),
    held before the unit opens so the other house's load is not kept waiting for it."""
    from peerhouse.services import houses
    from peerhouse.services.actor import Actor

    oak = houses.create_house(house.store, Actor.system(), houses.HouseRules(
        name="Oak House", capacity=4, timezone="America/Chicago"))
    module, name = held
    if before_unit:  # a ReadOp of this function is held before it opens its unit
        gate = hold_reads_of(monkeypatch, getattr(module, name))
    else:
        gate = Gate(getattr(module, name))
        monkeypatch.setattr(module, name, gate)
    with enough_threads():
        section = make_section(ctx)
        switch_house_while_loading(qtbot, ctx, section, gate, oak.id)
        if while_held is not None:
            while_held(section)
        gate.release()
    return section, oak.id


def hold_reads_of(monkeypatch, fn: Callable[..., Any]) -> Gate:
    """Route every `ReadOp` of `fn` through a Gate before its unit opens (its calls count
    only those reads)."""
    from peerhouse.app.ops import ReadOp

    real = ReadOp.run
    gate = Gate(real)

    def run(op: Any, store: Any, actor: Any) -> Any:
        return (gate if op.fn is fn else real)(op, store, actor)

    monkeypatch.setattr(ReadOp, "run", run)
    return gate
