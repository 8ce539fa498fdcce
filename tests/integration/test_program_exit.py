"""The real program ends cleanly: the manager window and the kiosk, started as a person
starts them (`python -m peerhouse gui|kiosk`), shown, then closed through their usual
shutdown, exit with status 0. A crash while Qt tears the windows down (an event filter
asking a window that is being deleted, a window freed after the application) happens
after all the work is done, so no other test sees it; here the exit status does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import OWNER_PASSWORD


@pytest.mark.parametrize("window", ["kiosk", "gui"])
def test_the_window_opens_and_the_program_exits_with_status_0(window, house, tmp_path: Path):
    house.admit("Zoë", "Nguyễn")  # a kiosk with a name to tap
    house.store.close()
    shot = tmp_path / f"{window}.png"
    args = [sys.executable, "-X", "faulthandler", "-m", "peerhouse", window,
            "--data-dir", str(house.paths.root), "--smoke-screenshot", str(shot)]
    if window == "gui":
        args += ["--smoke-sign-in", "olivia"]
    proc = subprocess.run(args, input=OWNER_PASSWORD + "\n", text=True, capture_output=True,
                          timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.is_file() and proc.stdout.startswith("smoke: ")
