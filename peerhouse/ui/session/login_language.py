"""The sign-in's language on this PC: what the "English | Español" switch last chose.

Kept in a small file in the data folder beside the window's place (this PC's, never in a
backup): a language code and nothing else, chosen by whoever stood at the sign-in, so it
tells nothing about any person. Without it the sign-in starts in English; after someone
signs out it stays in their language for the rest of that run.
"""

from __future__ import annotations

import logging

from peerhouse.i18n import LANGUAGES
from peerhouse.paths import DataPaths

log = logging.getLogger(__name__)
FILE_NAME = "sign-in-language"


def remembered(paths: DataPaths) -> str | None:
    """The language the switch last chose here, if any (never raises: a start-up step)."""
    try:
        code = (paths.root / FILE_NAME).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return code if code in LANGUAGES else None


def remember(paths: DataPaths, code: str) -> None:
    """Keep `code` for this PC's next start (a failure only costs the memory)."""
    from peerhouse.files import write_atomic

    try:
        if paths.root.is_dir():
            write_atomic(paths.root / FILE_NAME, code.encode("ascii"))
    except OSError as exc:
        log.warning("sign-in language not kept: %s", type(exc).__name__)
