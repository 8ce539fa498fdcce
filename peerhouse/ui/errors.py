"""No traceback is ever shown: expected errors get their own message, unexpected ones a
plain dialog and a log line that names only types and code locations (never data).

Error messages never pile up: while one is open, further ones are only logged (a
refresh timer failing every minute must not stack a dialog a minute). While the
window is locked, a message for a hidden window waits until it is unlocked.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

import shiboken6
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMessageBox, QWidget

from peerhouse.errors import PeerHouseError
from peerhouse.i18n import lazy
from peerhouse.ui import session_guard, workers

log = logging.getLogger("peerhouse.ui")

UNEXPECTED = lazy(
    "Something went wrong and that action was not finished. Nothing else was "
    "changed; you can keep working.\n\nIf it happens again, please tell whoever "
    "supports PeerHouse (the details were written to the log file)."
)
_open_box: QMessageBox | None = None


def log_problem(message: str, exc: BaseException) -> None:
    """A warning with the error's type and where it happened, never its message (which
    could hold a name or a note) and never a traceback with values in it."""
    log.warning("%s: %s at %s", message, type(exc).__name__, _where(exc))


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    return " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames))


def open_error() -> QMessageBox | None:
    """The error message on screen now, if any."""
    box = _open_box
    if box is not None and shiboken6.isValid(box) and box.isVisible():
        return box
    return None


def report_error(exc: BaseException, parent: QWidget | None = None, title: str = "PeerHouse",
                 *, wait: bool = False) -> QMessageBox | None:
    """Show an error to a person: the message itself if it is one of ours.

    The message box does not block (unless `wait`, used before quitting); it is
    returned, or None when it was not shown (another error is open) or is waiting
    for the window to be unlocked.
    """
    if session_guard.handle(exc):  # the account changed: the open session reacts
        return None
    if isinstance(exc, PeerHouseError):
        kind, text = QMessageBox.Icon.Warning, str(exc)
    else:
        # Messages of unexpected errors may hold data: log the type and place only.
        log.error("unexpected %s at %s", type(exc).__name__, _where(exc))
        kind, text = QMessageBox.Icon.Critical, str(UNEXPECTED)
    if workers.is_held() and not wait and not _on_screen(parent):
        workers.deliver(lambda: show_message(kind, title, text, parent, type(exc).__name__))
        return None
    return show_message(kind, title, text, parent, type(exc).__name__, wait=wait)


def ask_again(exc: BaseException, field: QLineEdit, button: QAbstractButton,
              say: Callable[[str], None], *, keep_text: bool = False) -> None:
    """A password or code was refused (or checking it failed): `button` works again,
    `field` is ready for another try (emptied, or its text selected to correct when
    `keep_text`), and why is said in the dialog by `say` where the person is looking —
    or, for anything but a refusal of ours, reported as unexpected."""
    button.setEnabled(True)
    if keep_text:
        field.selectAll()
    else:
        field.clear()
    field.setFocus()
    if isinstance(exc, PeerHouseError):
        say(str(exc))
    else:
        report_error(exc, field.window())


def _on_screen(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget) and widget.window().isVisible()


def show_message(kind: QMessageBox.Icon, title: str, text: str, parent: QWidget | None = None,
                 name: str = "message", *, wait: bool = False) -> QMessageBox | None:
    """The error box itself; none while another one is open."""
    global _open_box
    if (earlier := open_error()) is not None:
        if not wait:
            log.warning("%s not shown: another error message is still open", name)
            return None
        earlier.done(0)  # the last word before quitting must be seen: it replaces it
    if not _on_screen(parent):
        parent = QApplication.activeWindow()
    box = QMessageBox(kind, title, text, QMessageBox.StandardButton.Ok, parent)
    from PySide6.QtCore import Qt  # not at import: see ui/start.py on start-up time

    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_box = box
    if wait:
        box.exec()
        return None
    box.open()
    return box


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
