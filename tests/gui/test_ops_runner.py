"""The one UI runner (ui/ops_runner.py) and the typed bus: writes run in the order asked on
one thread that is not the UI thread; a write's own Changes reach the sections (only those
watching that kind); late results are dropped or held in the one place (workers)."""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.models.people import Resident
from peerhouse.services import houses, residents
from peerhouse.services.actor import Actor
from peerhouse.store.engine import Store
from peerhouse.ui import workers
from peerhouse.ui.context import AppContext
from peerhouse.ui.manager.residents.page.tab import ResidentTab
from peerhouse.ui.manager.section import Section
from peerhouse.ui.ops_runner import run_op

KEY = "attention_notifications"


class Gated(WriteOp[Any]):
    """A write that waits at a gate before it opens its unit (before the write lock)."""

    def __init__(self, gate: threading.Event, threads: list[int], *args: Any) -> None:
        super().__init__(*args)
        self.gate, self.threads = gate, threads

    def run(self, store: Store, actor: Actor) -> Any:
        self.threads.append(threading.get_ident())
        self.gate.wait(10)
        return super().run(store, actor)


class Counting(Section):
    """A section that counts its refreshes."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1


def _section(ctx: AppContext, *watches: RecordKind, house_bound: bool = False) -> Counting:
    cls = type("Watching", (Counting,), {"watches": watches, "house_bound": house_bound})
    return cls(ctx)


def _owner(ctx: AppContext) -> QWidget:
    widget = QWidget()
    widget.ctx = ctx  # type: ignore[attr-defined]
    return widget


def _setting(house) -> str:
    return houses.get_setting(house.store, KEY)


def _admit(house, first: str = "Robin") -> WriteOp[Resident]:
    return WriteOp(residents.admit, residents.ResidentInput(
        first_name=first, last_name="Quinn", house_id=house.house_id))


def test_writes_asked_in_a_row_are_applied_in_that_order_on_one_thread(
        qtbot, manager_ctx, house, settle):
    owner = _owner(manager_ctx)
    gate, threads, done = threading.Event(), [], []
    first = Gated(gate, threads, houses.set_setting, KEY, "off")
    second = Gated(threading.Event(), threads, houses.set_setting, KEY, "on")
    second.gate.set()
    run_op(owner, first).success(lambda _r: done.append("off")).run()
    run_op(owner, second).success(lambda _r: done.append("on")).run()
    qtbot.waitUntil(lambda: len(threads) >= 1, timeout=5000)
    qtbot.wait(200)  # on a pool of several threads, the second would have overtaken by now
    assert len(threads) == 1  # the second waits for the first, even while it is held up
    gate.set()
    settle()
    assert done == ["off", "on"] and _setting(house) == "on"
    assert len(set(threads)) == 1 and threads[0] != threading.get_ident()
    shiboken6.delete(owner)


def test_a_read_runs_on_the_pool_and_returns_its_result(qtbot, manager_ctx, house, settle):
    res = house.admit("Sky")
    got: list[Resident] = []
    owner = _owner(manager_ctx)
    run_op(owner, ReadOp(residents.get, res.id)).success(got.append).run()
    settle()
    assert [r.first_name for r in got] == ["Sky"]
    shiboken6.delete(owner)


def test_a_writes_changes_reach_the_bus_after_success_and_refresh_only_watchers(
        qtbot, manager_ctx, house, settle):
    owner = _owner(manager_ctx)
    seen: list[Any] = []
    manager_ctx.bus.changed.connect(lambda changes, by: seen.append((changes, by)))
    watching = _section(manager_ctx, RecordKind.RESIDENTS)
    other = _section(manager_ctx, RecordKind.CHORES)
    for section in (watching, other):
        section.show()
        qtbot.waitExposed(section)
    before = (watching.refreshes, other.refreshes)
    run_op(owner, _admit(house)).success(lambda r: seen.append(r.first_name)).run()
    settle()
    changes, by = seen[1]
    assert changes.kinds == {RecordKind.RESIDENTS} and changes.house_ids == {house.house_id}
    assert by is owner and seen[0] == "Robin"  # `success` first (it may pick what to show)
    assert (watching.refreshes, other.refreshes) == (before[0] + 1, before[1])
    for widget in (watching, other, owner):
        shiboken6.delete(widget)


def test_a_refused_write_broadcasts_nothing_and_reaches_failure(qtbot, house, settle):
    staff = AppContext(paths=house.paths, store=house.store, actor=house.staff,
                       username="sam", display_name="Sam Staff", house_id=house.house_id)
    owner = _owner(staff)
    seen: list[object] = []
    staff.bus.changed.connect(lambda changes, _by: seen.append(changes))
    run_op(owner, _admit(house)).success(seen.append).failure(
        lambda exc: seen.append(type(exc).__name__)).run()
    settle()
    assert seen == ["PermissionDenied"]
    shiboken6.delete(owner)


def test_a_closed_window_gets_no_result_but_the_others_still_hear_of_the_change(
        qtbot, manager_ctx, house, settle):
    owner, gate, threads = _owner(manager_ctx), threading.Event(), []
    seen: list[object] = []
    manager_ctx.bus.changed.connect(lambda changes, _by: seen.append(changes.kinds))
    run_op(owner, Gated(gate, threads, residents.admit, residents.ResidentInput(
        first_name="Lee", last_name="Quinn", house_id=house.house_id))).success(
        seen.append).run()
    shiboken6.delete(owner)  # the dialog closed while its save ran
    gate.set()
    settle()
    assert seen == [{RecordKind.RESIDENTS}]  # the records did change; no `success`


def test_results_wait_while_locked_and_are_dropped_after_log_out(
        qtbot, manager_ctx, house, settle):
    owner = _owner(manager_ctx)
    seen: list[object] = []
    manager_ctx.bus.changed.connect(lambda changes, _by: seen.append("changed"))
    workers.hold()  # the window is locked
    try:
        run_op(owner, _admit(house, "Ari")).success(lambda r: seen.append(r.first_name)).run()
        settle()
        assert seen == [] and workers.held() == 1
    finally:
        workers.release()
    assert seen == ["Ari", "changed"]
    gate, threads = threading.Event(), []
    run_op(owner, Gated(gate, threads, houses.set_setting, KEY, "off")).success(
        seen.append).run()
    qtbot.waitUntil(lambda: threads != [], timeout=5000)
    workers.discard_pending()  # logged out while it ran
    gate.set()
    settle()
    assert seen == ["Ari", "changed"]
    shiboken6.delete(owner)


def test_everything_refreshes_every_section_and_a_house_bound_one_only_for_its_house(
        qtbot, manager_ctx, house):
    chores = _section(manager_ctx, RecordKind.CHORES, house_bound=True)
    chores.show()
    qtbot.waitExposed(chores)
    start = chores.refreshes
    manager_ctx.broadcast(Changes(frozenset({RecordKind.CHORES}), frozenset({house.house_id + 1})))
    assert chores.refreshes == start  # another house's chores
    manager_ctx.broadcast(Changes(frozenset({RecordKind.CHORES}), frozenset({house.house_id})))
    manager_ctx.broadcast(Changes(everything=True))
    manager_ctx.broadcast(Changes())  # nothing changed: nothing is sent
    assert chores.refreshes == start + 2
    shiboken6.delete(chores)


class GatedRead(ReadOp[Any]):
    """A read that waits at a gate before it opens its unit."""

    def __init__(self, gate: threading.Event, *args: Any) -> None:
        super().__init__(*args)
        self.gate, self.started = gate, threading.Event()

    def run(self, store: Store, actor: Actor) -> Any:
        self.started.set()
        self.gate.wait(10)
        return super().run(store, actor)


def test_sections_and_resident_tabs_load_only_read_ops(qtbot, manager_ctx, house):
    """A window's read has one shape: `Section.load` and `ResidentTab.fetch` take a ReadOp,
    never a closure that calls the services itself."""
    section, tab = _section(manager_ctx), ResidentTab(manager_ctx)
    closure = lambda: houses.get_house(house.store, house.manager, house.house_id)  # noqa: E731
    for load in (section.load, tab.fetch):
        try:
            load(closure, print)  # type: ignore[arg-type]
        except TypeError as exc:
            assert "ReadOp" in str(exc)
        else:
            raise AssertionError(f"{load.__qualname__} took a closure")
    assert not section.busy and not tab.busy
    shiboken6.delete(section)
    shiboken6.delete(tab)


def test_a_house_bound_sections_read_for_another_house_is_dropped(
        qtbot, manager_ctx, house, settle):
    """The read runs through run_op; once another house is shown its result is dropped
    (and the section is no longer busy); for the same house it is applied."""
    section, got = _section(manager_ctx, house_bound=True), []
    gate = threading.Event()
    read = GatedRead(gate, houses.get_house, house.house_id)
    section.load(read, got.append)
    assert section.busy
    qtbot.waitUntil(read.started.is_set, timeout=5000)
    shown = manager_ctx.house_id
    manager_ctx.house_id = shown + 1  # another house is chosen meanwhile
    gate.set()
    settle()
    manager_ctx.house_id = shown
    assert got == [] and not section.busy
    section.load(ReadOp(houses.get_house, house.house_id), got.append)
    settle()
    assert [h.id for h in got] == [house.house_id] and not section.busy
    shiboken6.delete(section)
