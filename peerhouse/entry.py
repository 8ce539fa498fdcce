"""The program's front door: `peerhouse` with no arguments opens the manager window at once.

A double-click starts the program with no arguments. Building the command-line parser
means importing every command's module first, so that case skips it and goes straight
to the window; any argument goes through the full command line (`peerhouse.cli`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# Arguments that mean "the manager window, with the default data dir".
WINDOW_ONLY: tuple[tuple[str, ...], ...] = ((), ("gui",))


def main(argv: Sequence[str] | None = None) -> int:
    args = tuple(sys.argv[1:] if argv is None else argv)
    if args in WINDOW_ONLY:
        from peerhouse.paths import DataPaths
        from peerhouse.ui.start import main as window_main

        return window_main(DataPaths.resolve())
    from peerhouse.cli import main as command_main

    return command_main(args)
