"""`make screenshots`: PNGs of every screen at 1280×800 from invented demo data.

Runs offscreen in a temporary data dir that is deleted afterwards (the database in it
is encrypted like any other). Usage: python -m peerhouse.ui.screenshots [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from peerhouse.paths import DataPaths  # noqa: E402
from peerhouse.resources_path import resource_dir  # noqa: E402
from peerhouse.services import accounts, backups, houses, residents  # noqa: E402
from peerhouse.services.setup import Owner, create_demo_setup  # noqa: E402
from peerhouse.store import keyring_slot  # noqa: E402
from peerhouse.ui.context import AppContext  # noqa: E402
from peerhouse.ui.login import LoginDialog  # noqa: E402
from peerhouse.ui.main_window import MainWindow  # noqa: E402
from peerhouse.ui.setup_wizard import SetupWizard  # noqa: E402
from peerhouse.ui.theme import apply_theme  # noqa: E402

SIZE = (1280, 800)
PASSWORD = "screenshots-only-password"


def settle(app: QApplication, seconds: float = 0.6) -> None:
    """Let background loads finish and the widgets repaint."""
    end = time.monotonic() + 30
    while QThreadPool.globalInstance().activeThreadCount() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        app.processEvents()
        time.sleep(0.02)


def shoot(app: QApplication, widget: QWidget, out: Path, name: str) -> None:
    settle(app)
    widget.grab().save(str(out / f"{name}.png"))
    print(f"  {name}.png")


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
            window.resize(*SIZE)
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
            QThreadPool.globalInstance().waitForDone()
            store.close()
            keyring_slot.forget_key(store.setup_id)
    return 0


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else resource_dir() / "screenshots"
    sys.exit(main(target))
