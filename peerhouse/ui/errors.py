"""No traceback is ever shown: expected errors get their own message, unexpected ones a
plain dialog and a log line that names only types and code locations (never data)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from peerhouse.errors import PeerHouseError

log = logging.getLogger("peerhouse.ui")


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    return " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames))


def report_error(exc: BaseException, parent: QWidget | None = None, title: str = "PeerHouse") -> None:
    """Show an error to a person: the message itself if it is one of ours."""
    parent = parent or QApplication.activeWindow()
    if isinstance(exc, PeerHouseError):
        QMessageBox.warning(parent, title, str(exc))
        return
    # Messages of unexpected errors may hold data: log the type and place only.
    log.error("unexpected %s at %s", type(exc).__name__, _where(exc))
    QMessageBox.critical(
        parent,
        title,
        "Something went wrong and that action was not finished. Nothing else was "
        "changed; you can keep working.\n\nIf it happens again, please tell whoever "
        "supports PeerHouse (the details were written to the log file).",
    )


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc.__traceback__ = tb
    try:
        report_error(exc)
    except Exception:  # the dialog itself failed: at least keep the log line
        log.error("unexpected %s (dialog failed)", kind.__name__)


def install_excepthook() -> None:
    """Route uncaught exceptions (including those in Qt slots) to `report_error`."""
    sys.excepthook = _excepthook
