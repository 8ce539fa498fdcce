"""What `peerhouse` loads before its sign-in window can show. A plain window start skips
the command line (peerhouse/entry.py); when the command line is built, its modules must
not pull in what only a command needs (Babel's dates and numbers: ~27 ms before the
window, measured with -X importtime)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from peerhouse import entry

HEAVY = ("babel", "alembic", "reportlab", "sqlalchemy", "sqlcipher3")


def test_building_the_command_line_loads_nothing_only_a_command_needs():
    code = ("import sys\n"
            "from peerhouse.cli.main import build_parser\n"
            "build_parser()\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


@pytest.mark.parametrize(("args", "expected"), [
    ((), (True, None)),
    (("gui",), (True, None)),
    (("--data-dir", "/srv/house"), (True, "/srv/house")),
    (("gui", "--data-dir", "/srv/house"), (True, "/srv/house")),
    (("--data-dir=/srv/house",), (True, "/srv/house")),
    (("gui", "--data-dir"), (False, None)),  # the folder missing: the command line says so
    (("--data-dir", "--help"), (False, None)),
    (("--help",), (False, None)),
    (("kiosk",), (False, None)),
    (("gui", "--smoke-screenshot", "x.png"), (False, None)),
    (("check", "--data-dir", "/srv/house"), (False, None)),
])
def test_only_a_plain_window_start_skips_the_command_line(args, expected):
    """`peerhouse`, `peerhouse gui` and either with `--data-dir DIR` open the window without
    building the command line; anything else (help, other commands, hidden options, a
    mistake) goes through it, which explains itself."""
    assert entry.window_data_dir(args) == expected
