"""`make screenshots`: PNGs of every screen from invented demo data, as a manager sees
them on a screen of a given size (the window opens as it would there the first time).

Runs offscreen in a temporary data dir that is deleted afterwards (the database in it
is encrypted like any other). Every control cut off or squeezed in a picture is named,
and the run then fails: the pictures are also the check that nothing is clipped at the
usual laptop sizes.

Usage: python -m peerhouse.ui.devtools.screenshots [OUT_DIR] [--screen WIDTHxHEIGHT] (1366x768)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def _offscreen_screen(width: int, height: int) -> None:
    """Before Qt starts: the offscreen platform with one screen of that size (a config
    file beside the pictures' temporary folder; it holds two numbers)."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen").split(":")[0] != "offscreen":
        return  # a real display: its own screen
    config = Path(tempfile.mkdtemp(prefix="peerhouse-screen-")) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "shots", "x": 0, "y": 0,
                                               "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}), "utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config.as_posix()}"


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m peerhouse.ui.devtools.screenshots")
    parser.add_argument("out", nargs="?", type=Path, default=None)
    parser.add_argument("--screen", default="1366x768", help="WIDTHxHEIGHT (1366x768)")
    args = parser.parse_args(argv)
    width, _, height = args.screen.partition("x")
    args.size = (int(width), int(height))
    return args


if __name__ == "__main__":
    _offscreen_screen(*_args(sys.argv[1:]).size)

from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from peerhouse.app import records  # noqa: E402
from peerhouse.demo.setup import create_demo_setup  # noqa: E402
from peerhouse.paths import DataPaths  # noqa: E402
from peerhouse.resources_path import resource_dir  # noqa: E402
from peerhouse.services import accounts, backups, houses, residents  # noqa: E402
from peerhouse.services.setup import Owner  # noqa: E402
from peerhouse.ui import workers  # noqa: E402
from peerhouse.ui.context import AppContext  # noqa: E402
from peerhouse.ui.devtools.layout_check import clipped_controls  # noqa: E402
from peerhouse.ui.manager.window import MainWindow  # noqa: E402
from peerhouse.ui.session.login import LoginDialog  # noqa: E402
from peerhouse.ui.session.setup_wizard import SetupWizard  # noqa: E402
from peerhouse.ui.theme import apply_theme  # noqa: E402
from peerhouse.ui.window_fit import fit, keep_on_screen  # noqa: E402

PASSWORD = "screenshots-only-password"
TITLE_BAR = 30  # px a window manager's title bar takes (the pictures show the inside)


def settle(app: QApplication, seconds: float = 0.6) -> None:
    """Let background loads finish and the widgets repaint."""
    end = time.monotonic() + 30
    while workers.active() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        app.processEvents()
        time.sleep(0.02)


CLIPPED: list[str] = []


def shoot(app: QApplication, widget: QWidget, out: Path, name: str) -> None:
    settle(app)
    widget.grab().save(str(out / f"{name}.png"))
    cut = clipped_controls(widget)
    CLIPPED.extend(f"{name}: {c}" for c in cut)
    print(f"  {name}.png" + (f"  ({len(cut)} cut off)" if cut else ""))


def first_window_rect(frame_top: int = TITLE_BAR):  # noqa: ANN201 - QRect
    """Where the manager window opens the first time on this screen (window_place)."""
    screen = QGuiApplication.primaryScreen()
    return fit(None, screen.availableGeometry(), (0, frame_top, 0, 0))


def preview_summary(app: QApplication, page: QWidget) -> None:
    """Reports: last week's manager summary in the preview."""
    settle(app)
    form = page.form  # type: ignore[attr-defined]
    form.kind.setCurrentIndex(form.kind.findData("weekly_manager"))
    page.preview()  # type: ignore[attr-defined]
    settle(app, 1.0)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_theme(app)
    keep_on_screen(app)
    CLIPPED.clear()
    with tempfile.TemporaryDirectory(prefix="peerhouse-shots-") as tmp:
        wizard = SetupWizard(DataPaths(Path(tmp) / "empty"))
        wizard.resize(720, 560)
        wizard.show()
        wizard.next()
        wizard.house_page.name.setText("Maple House")
        shoot(app, wizard, out, "00-first-run")
        wizard.close()

        paths = DataPaths(Path(tmp) / "data")
        result = create_demo_setup(paths, Owner("olivia", "Olivia Owner", PASSWORD), seed=7,
                                   years=1.0, timezone="America/Chicago")
        store = result.store
        try:
            login = LoginDialog(store, house_name="Maple House")
            login.username.setText("olivia")
            login.show()
            shoot(app, login, out, "01-login")
            login.close()
            actor = accounts.login(store, "olivia", PASSWORD)
            house = houses.list_houses(store, actor)[0]
            assert house.id is not None
            ctx = AppContext(paths, store, actor, "olivia", "Olivia Owner", house.id)
            window = MainWindow(ctx)
            window.setGeometry(first_window_rect())
            window.show()
            for n, key in enumerate(window.section_keys, start=2):
                window.show_section(key)
                if key == "reports":
                    preview_summary(app, window.section(key))
                shoot(app, window, out, f"{n:02d}-{key}")
            n = len(window.section_keys) + 2
            backups.automatic_backup(store, "first_open")  # the Backups tab lists one
            backups.back_up(store, actor)
            settings = window.section("settings")
            window.show_section("settings")
            for name, tab in (("backups", settings.backups_tab), ("audit", settings.audit_tab)):
                settings.show_tab(tab)
                shoot(app, window, out, f"{n:02d}-settings-{name}")
                n += 1
            first = residents.list_residents(store, actor, house_id=house.id)[0]
            assert first.id is not None
            ctx.bus.open_resident.emit(first.id)
            shoot(app, window, out, f"{n:02d}-resident-page")
            window.close()
        finally:
            workers.wait_for_tasks(30000)
            store.close()
            records.forget_key(store)
    for line in CLIPPED:
        print(f"cut off: {line}", file=sys.stderr)
    return 1 if CLIPPED else 0


if __name__ == "__main__":
    options = _args(sys.argv[1:])
    sys.exit(main(options.out or resource_dir() / "screenshots"))
