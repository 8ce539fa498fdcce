"""Benchmark fixtures: the two demo databases of the issue, built once per `make bench`,
and the collector that prints one table and writes bench.json when the run ends.

Scale 1 is one 16-bed house with three years of history, scale 10 is ten such houses in
one file. Both are built by tests/support/demo_db.py (cheap KDF, file keyring) and shared
by every benchmark module. A benchmark that adds records (the kiosk check-ins) works on a
copy; sign-ins and audited reads add their audit events as they do in real use, and the
first opens make the day's automatic backup, so results do not depend on module order.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from peerhouse.ui.theme import apply_theme
from tests.support.bench import COLLECTOR, Collector
from tests.support.demo_db import DemoDB, demo_database

YEARS = 3.0
# The offscreen platform says so for every window raised or resized; nothing to act on.
OFFSCREEN_NOISE = "This plugin does not support"


def _build(factory: pytest.TempPathFactory, scale: int) -> DemoDB:
    root = factory.mktemp(f"scale{scale}")
    start = time.perf_counter()
    db = demo_database(root, years=YEARS, scale=scale)
    print(f"\n[bench] scale-{scale} demo database ({YEARS:g} years) built in "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    return db


@pytest.fixture(scope="session")
def scale1(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoDB]:
    db = _build(tmp_path_factory, 1)
    yield db
    db.store.close()


@pytest.fixture(scope="session")
def scale10(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoDB]:
    db = _build(tmp_path_factory, 10)
    yield db
    db.store.close()


@pytest.fixture(scope="session")
def bench() -> Collector:
    return COLLECTOR


@pytest.fixture
def themed_app(qapp: QApplication) -> QApplication:
    """The test QApplication with the app's own style sheet, as the windows run."""
    apply_theme(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _quiet_offscreen() -> Iterator[None]:
    """Drop the offscreen platform's 'does not support raise()' lines; pass on the rest."""
    previous = None

    def handler(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
        if text.startswith(OFFSCREEN_NOISE):
            return
        if previous is not None:
            previous(kind, context, text)
        else:
            print(text, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    yield
    qInstallMessageHandler(previous)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not COLLECTOR.results:
        return
    terminalreporter.section("PeerHouse benchmarks (bench.json)")
    for line in COLLECTOR.table():
        terminalreporter.write_line(line)
    path = COLLECTOR.write()
    terminalreporter.write_line(f"written to {path}")
