"""What `peerhouse gui` loads before its sign-in window can show: the command line's
argument parser is built first, so its modules must not pull in what only a command
needs (Babel's dates and numbers: ~27 ms before the window, measured with -X importtime)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("babel", "alembic", "reportlab", "sqlalchemy", "sqlcipher3")


def test_building_the_command_line_loads_nothing_only_a_command_needs():
    code = ("import sys\n"
            "from peerhouse.cli.main import build_parser\n"
            "build_parser()\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
