"""The command line: `peerhouse <command>` (main), with the backup and report commands in
their own modules and what every command shares in `support`. It works through the
application layer and the services, like the windows."""

from __future__ import annotations

from peerhouse.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
