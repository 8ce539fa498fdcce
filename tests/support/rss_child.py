"""A child process that uses the manager window like a person would, then reports its memory.

`rss_child.py manager DATA_DIR USERNAME` (password on stdin) starts the real ManagerApp
over the data dir (key from the keyring, as at a normal start), signs in through the
LoginDialog, waits for Today, visits every section once (waiting for each to load), opens
the first current resident's page, and prints one JSON line: the peak resident set size
(VmHWM, see peak_mib) in MiB after each stage. `rss_child.py bare` prints the same for a
plain PySide6 window, the baseline. Used by tests/benchmarks/test_peak_rss_bench.py.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path
from typing import Any


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    raise AssertionError(f"no {field} in /proc/self/status")


def peak_mib() -> float:
    """Peak RSS of this program so far: VmHWM, the high-water mark of its own memory.

    getrusage's ru_maxrss is not used for the headline: Linux carries it over exec from
    the process that started this one (here pytest, itself a few hundred MiB), so a
    child's ru_maxrss is never below its parent's size at the fork.
    """
    return _status_mib("VmHWM")


def current_mib() -> float:
    return _status_mib("VmRSS")


def ru_maxrss_mib() -> float:
    """getrusage(RUSAGE_SELF).ru_maxrss in MiB (Linux reports KiB), for comparison."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bare() -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    app = QApplication(sys.argv)
    window = QWidget()
    QVBoxLayout(window).addWidget(QLabel("Hello"))
    window.resize(1280, 800)
    window.show()
    for _ in range(10):
        app.processEvents()
    return {"peak": peak_mib(), "current": current_mib(), "ru_maxrss": ru_maxrss_mib()}


def manager(data_dir: str, username: str, password: str) -> dict[str, Any]:
    stages: dict[str, float] = {"start": peak_mib()}
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from peerhouse.paths import DataPaths
    from peerhouse.services import residents
    from peerhouse.ui.app import ManagerApp
    from peerhouse.ui.qt_app import prepare_app
    from peerhouse.ui.session.login import LoginDialog
    from peerhouse.ui.workers import wait_for_tasks
    from tests.support.bench_qt import idle, settle, wait_until

    stages["imports"] = peak_mib()
    paths = DataPaths(Path(data_dir))
    prepare_app(paths)
    app = ManagerApp(paths)
    app.start()
    wait_until(lambda: isinstance(app.dialog, LoginDialog) and app.dialog.store is not None
               and idle(), "the sign-in window with the records open", 300)
    stages["records_open"] = peak_mib()
    dialog = app.dialog
    assert isinstance(dialog, LoginDialog)
    dialog.username.setText(username)
    dialog.password.setText(password)
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: app.window is not None and getattr(app.window.sections["today"], "board",
                                                          None) is not None and idle(),
               "Today after signing in", 120)
    stages["today"] = peak_mib()
    window = app.window
    assert window is not None and app.ctx is not None
    visited = []
    for key in window.section_keys:
        window.show_section(key)
        section = window.section(key)
        wait_until(lambda s=section: s.isVisible() and not s.busy and idle(),
                   f"the {key} section loading", 120)
        settle(120)
        visited.append(key)
    stages["every_section"] = peak_mib()
    ctx = app.ctx
    living = residents.list_residents(ctx.store, ctx.actor, house_id=ctx.house_id)
    assert living and living[0].id is not None, "no current resident to open"
    ctx.bus.open_resident.emit(living[0].id)
    page = window.section("residents").page  # type: ignore[attr-defined]
    wait_until(lambda: page is not None and page.isVisible() and not page.busy and idle(),
               "the resident page loading", 120)
    settle(120)
    stages["resident_page"] = peak_mib()
    result = {"peak": peak_mib(), "current": current_mib(), "ru_maxrss": ru_maxrss_mib(),
              "stages": stages,
              "sections": visited, "pid": os.getpid()}
    wait_for_tasks(60000)
    assert app.store is not None
    app.store.close()
    return result


def main() -> int:
    if sys.argv[1] == "bare":
        result = bare()
    else:
        _, _, data_dir, username = sys.argv
        result = manager(data_dir, username, sys.stdin.readline().rstrip("\n"))
    print("RSS " + json.dumps(result), flush=True)
    os._exit(0)  # the window's own shut-down (a backup at close) is not what is measured


if __name__ == "__main__":
    sys.exit(main())
