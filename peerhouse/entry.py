"""The program's front door: the manager window opens at once.

A double-click starts the program with no arguments; a shortcut may name the data folder
(`peerhouse --data-dir DIR`, or `peerhouse gui --data-dir DIR`). Building the command-line
parser means importing every command's module first (~40 ms before the sign-in window
could show), so these cases skip it and go straight to the window; anything else goes
through the full command line (`peerhouse.cli`), which also answers `--help`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def window_data_dir(args: Sequence[str]) -> tuple[bool, str | None]:
    """(True, the data folder or None) when `args` only ask for the manager window."""
    rest = list(args)
    if rest[:1] == ["gui"]:
        rest = rest[1:]
    if not rest:
        return True, None
    if len(rest) == 2 and rest[0] == "--data-dir" and rest[1] and not rest[1].startswith("-"):
        return True, rest[1]
    if len(rest) == 1 and rest[0].startswith("--data-dir=") and len(rest[0]) > 11:
        return True, rest[0].split("=", 1)[1]
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    args = tuple(sys.argv[1:] if argv is None else argv)
    window, data_dir = window_data_dir(args)
    if window:
        from peerhouse.paths import DataPaths
        from peerhouse.ui.start import main as window_main

        return window_main(DataPaths.resolve(data_dir))
    from peerhouse.cli import main as command_main

    return command_main(args)
