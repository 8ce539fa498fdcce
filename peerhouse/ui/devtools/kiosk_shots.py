"""Screenshots of every kiosk screen at 1280×800 and 1024×768, from invented demo data.

Usage: python -m peerhouse.ui.devtools.kiosk_shots [OUT_DIR] [--language es]   (offscreen; a
temporary data dir that is deleted afterwards, encrypted like any other). With
`--language es` the house and the resident speak Spanish and the pictures are named
kiosk-es-<size>-… (English: kiosk-<size>-…).

Each picture must be exactly the size asked for, and what it shows must fit in it: a
kiosk window that grew past its screen, or a screen that needs more room than it has,
stops the run instead of giving a tall (or clipped) picture.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from peerhouse.app import records  # noqa: E402
from peerhouse.app.records import Store  # noqa: E402
from peerhouse.demo.setup import create_demo_setup  # noqa: E402
from peerhouse.i18n import ENGLISH, LANGUAGES, _, set_default_language  # noqa: E402
from peerhouse.paths import DataPaths  # noqa: E402
from peerhouse.resources_path import resource_dir  # noqa: E402
from peerhouse.services import chores, goals, houses, kiosk, languages, pins  # noqa: E402
from peerhouse.services.actor import Actor  # noqa: E402
from peerhouse.services.clock import local_day, now  # noqa: E402
from peerhouse.services.setup import Owner  # noqa: E402
from peerhouse.ui.devtools.screenshots import settle  # noqa: E402
from peerhouse.ui.kiosk.app import LOCKED, NoticeScreen  # noqa: E402
from peerhouse.ui.kiosk.widgets import SCALES  # noqa: E402
from peerhouse.ui.kiosk.window import KioskWindow  # noqa: E402
from peerhouse.ui.theme import apply_theme  # noqa: E402

SIZES = ((1280, 800), (1024, 768))
PASSWORD = "screenshots-only-password"
PIN = "402917"


class WrongSize(RuntimeError):
    """A grab that is not the window size asked for."""


def shoot(app: QApplication, widget: QWidget, out: Path, name: str) -> None:
    """Save a picture of `widget`, which must still be the size it was given."""
    settle(app)
    wanted = widget.property("shotSize")
    need = widget.minimumSizeHint()
    if need.width() > wanted.width() or need.height() > wanted.height():
        raise WrongSize(f"{name}: the screen needs {need.width()}x{need.height()}, more "
                        f"than {wanted.width()}x{wanted.height()}")
    pixmap = widget.grab()
    if pixmap.size() != wanted:
        raise WrongSize(f"{name}: the picture is {pixmap.width()}x{pixmap.height()}, not "
                        f"{wanted.width()}x{wanted.height()}: the window grew")
    pixmap.save(str(out / f"{name}.png"))
    print(f"  {name}.png")


def sized(widget: QWidget, width: int, height: int) -> None:
    widget.resize(width, height)
    widget.setProperty("shotSize", QSize(width, height))


def ready(app: QApplication, window: KioskWindow) -> None:
    """Until the start screen shows the house's names (in its language: the screens are
    made again when the house's language arrives, and load the names again)."""
    end = time.monotonic() + 30
    while time.monotonic() < end and not window.screens["start"].names.tiles:  # type: ignore[attr-defined]
        settle(app, 0.1)
    window.layout().activate()


def walk(app: QApplication, window: KioskWindow, out: Path, tag: str,
         entry: kiosk.RosterEntry, actor: Actor, language: str = ENGLISH) -> None:
    ready(app, window)
    shoot(app, window, out, f"kiosk-{tag}-01-start")
    window.screens["start"].pick(entry)  # type: ignore[attr-defined]
    pad = window.screens["pin"].pad  # type: ignore[attr-defined]
    for d in "12":
        pad.press(d)
    shoot(app, window, out, f"kiosk-{tag}-02-pin")
    for d in "9999":
        pad.press(d)
    shoot(app, window, out, f"kiosk-{tag}-02b-pin-wrong")
    window.begin_session(actor, entry.name, language)
    window.show_screen("choose_pin")
    shoot(app, window, out, f"kiosk-{tag}-03-choose-pin")
    window.go_home()
    shoot(app, window, out, f"kiosk-{tag}-04-home")
    for n, key in enumerate(("checkin", "talk", "chores", "signout", "meeting", "schedule",
                             "resources", "goals", "crisis"), start=5):
        window.show_screen(key)
        shoot(app, window, out, f"kiosk-{tag}-{n:02d}-{key}")
    window.confirm(_("Thanks, {name}. Your check-in is saved.").format(name=window.name))
    shoot(app, window, out, f"kiosk-{tag}-14-done")
    window.end_session()
    window.show_screen("staff")
    shoot(app, window, out, f"kiosk-{tag}-15-staff")
    window.end_session()
    window.set_scale(2)
    shoot(app, window, out, f"kiosk-{tag}-16-start-larger-text")
    window.begin_session(actor, entry.name, language)
    window.go_home()
    shoot(app, window, out, f"kiosk-{tag}-17-home-larger-text")
    for n, key in ((18, "checkin"), (19, "talk"), (20, "schedule")):
        window.show_screen(key)
        shoot(app, window, out, f"kiosk-{tag}-{n}-{key}-larger-text")
    window.set_scale(-2)
    window.end_session()
    window.set_scale(len(SCALES))
    window.show_screen("staff")
    shoot(app, window, out, f"kiosk-{tag}-21-staff-largest-text")
    window.set_scale(-len(SCALES))
    shoot(app, window, out, f"kiosk-{tag}-22-staff-smallest-text")
    window.end_session()


def pick_resident(store: Store, house_id: int) -> kiosk.RosterEntry:
    """Someone with a chore today and goals, so those screens show something."""
    system = Actor.system()
    roster = kiosk.roster(store, house_id)
    today = local_day(now(), houses.get_house(store, system, house_id).timezone)
    for entry in roster:
        if (chores.resident_chores(store, system, entry.resident_id, today)
                and goals.goals_for(store, system, entry.resident_id, include_closed=False)):
            return entry
    return roster[0]


def main(out: Path, language: str = ENGLISH) -> int:
    out.mkdir(parents=True, exist_ok=True)
    prefix = "" if language == ENGLISH else f"{language}-"
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    apply_theme(app)
    with tempfile.TemporaryDirectory(prefix="peerhouse-kiosk-shots-") as tmp:
        paths = DataPaths(Path(tmp) / "data")
        result = create_demo_setup(paths, Owner("olivia", "Olivia Owner", PASSWORD), seed=7,
                                   years=1.0, timezone="America/Chicago")
        store = result.store
        try:
            house = kiosk.kiosk_houses(store)[0]
            entry = pick_resident(store, house.house_id)
            # The house and the resident speak `language` (the kiosk follows them).
            languages.set_house_language(store, Actor.system(), house.house_id, language)
            languages.set_resident_language(store, Actor.system(), entry.resident_id, language)
            pins.reset_pin(store, Actor.system(), entry.resident_id, PIN)
            actor = pins.verify_pin(store, entry.resident_id, PIN).actor
            for width, height in SIZES:
                window = KioskWindow(paths, store, house_id=house.house_id)
                sized(window, width, height)
                window.show()
                walk(app, window, out, f"{prefix}{width}x{height}", entry, actor, language)
                window.leave_kiosk()
            set_default_language(language)  # the notice comes before any house is known
            notice = NoticeScreen(LOCKED)
            sized(notice, 1280, 800)
            notice.show()
            shoot(app, notice, out, f"kiosk-{prefix}1280x800-00-locked")
            set_default_language(ENGLISH)
            notice.close()
        finally:
            QThreadPool.globalInstance().waitForDone()
            store.close()
            records.forget_key(store)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Pictures of every kiosk screen.")
    parser.add_argument("out", nargs="?", type=Path, default=resource_dir() / "screenshots")
    parser.add_argument("--language", choices=LANGUAGES, default=ENGLISH)
    args = parser.parse_args()
    sys.exit(main(args.out, args.language))
