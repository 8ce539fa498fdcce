"""The windows the idle lock puts away, and how they come back at unlock.

Nothing with residents' names may stay on screen over the lock: message boxes close
(one still to be read is shown again after unlock), pop-ups close, a blocking dialog
answers Cancel, and every other window is hidden and kept to be shown again.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from peerhouse.ui import errors, workers
from peerhouse.ui.errors import log_problem


def put_away(w: QWidget, hidden: list[QWidget], finished: Callable[[int], None]) -> None:
    """Close or hide `w` for the lock; a hidden one goes on `hidden`, and a hidden
    dialog that finishes meanwhile calls `finished` (it must not come back)."""
    if isinstance(w, QMessageBox):
        if w is errors.open_error():  # shown again after unlock, as a new box
            kind, title, text = w.icon(), w.windowTitle(), w.text()
            workers.deliver(lambda: errors.show_message(kind, title, text))
        w.done(QDialog.DialogCode.Rejected)
    elif w.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
        w.close()  # menus, calendar pop-ups, tool tips
    elif isinstance(w, QDialog) and w.windowModality() == Qt.WindowModality.ApplicationModal:
        w.done(QDialog.DialogCode.Rejected)  # a blocking exec(): its caller sees Cancel
    else:
        w.hide()
        hidden.append(w)
        if isinstance(w, QDialog):
            w.setResult(0)  # still open: anything else at unlock means it finished
            w.finished.connect(finished)


def show_again(window: QWidget | None, hidden: list[QWidget]) -> None:
    """The main window first (whatever happens to the rest), then the open forms —
    never one that was deleted or finished while locked."""
    others = [w for w in hidden if w is not window]
    for w in ([window] if window is not None else []) + others:
        try:
            if shiboken6.isValid(w) and not (isinstance(w, QDialog) and w.result()):
                w.show()
        except Exception as exc:  # one broken widget must not keep the window hidden
            log_problem("could not show a window again after unlock", exc)
    for w in reversed([window, *others]):
        if w is not None and shiboken6.isValid(w) and w.isVisible():
            w.raise_()
            w.activateWindow()
            break
