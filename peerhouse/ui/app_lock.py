"""The idle lock of the manager window, a part `ManagerApp` holds: the windows put away
behind the lock screen, and brought back when the same person unlocks.

Results of background work arriving meanwhile wait (`workers.hold`), so no message or
form pops up over the lock screen. Question boxes are closed: their question counts as
answered "Cancel" and is never shown again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from peerhouse.app.startup import State
from peerhouse.ui import workers
from peerhouse.ui.errors import log_problem
from peerhouse.ui.lock_hiding import put_away, show_again
from peerhouse.ui.session.login import LoginDialog

if TYPE_CHECKING:
    from peerhouse.ui.app import ManagerApp


class LockScreen(QObject):
    """Locks and unlocks the signed-in session of `app` (moving its state machine)."""

    def __init__(self, app: ManagerApp) -> None:
        super().__init__()
        self.app = app
        self.hidden: list[QWidget] = []  # what the lock put away, to show again on unlock

    def take_hidden(self) -> list[QWidget]:
        """What the lock put away, handed over (to close or show again) and forgotten here."""
        hidden, self.hidden = self.hidden, []
        return hidden

    def lock(self) -> None:
        """Hide the windows (unsaved input stays in them) until the same user unlocks."""
        app = self.app
        if app.ctx is None or app.store is None or app.locked:
            return
        app.machine.go(State.LOCKED)
        workers.hold()
        self.hidden = []
        for w in QApplication.topLevelWidgets():
            if w.isVisible():
                try:
                    put_away(w, self.hidden, self._hidden_dialog_finished)
                except Exception as exc:  # hiding must go on whatever one widget does
                    log_problem("could not put a window away at lock", exc)
                    w.hide()
        dialog = LoginDialog(app.store, username=app.ctx.username, unsaved=self.unsaved_work)
        dialog.accepted.connect(lambda: self._unlocked(dialog))
        dialog.rejected.connect(app.logout)
        app.show_window(dialog)

    def dismiss(self) -> None:
        """The lock's sign-in window closes without signing out by itself (the account was
        turned off: the session ends and a plain sign-in window follows)."""
        dialog = self.app.dialog
        if isinstance(dialog, LoginDialog) and shiboken6.isValid(dialog):
            dialog.accepted.disconnect()
            dialog.rejected.disconnect()
            dialog.hide()
            dialog.deleteLater()
        self.app.dialog = None

    def _hidden_dialog_finished(self, _result: int) -> None:
        """A hidden dialog closed (its save finished, say): it must not come back."""
        sender = self.sender()
        self.hidden = [w for w in self.hidden if w is not sender]

    def _unlocked(self, dialog: LoginDialog) -> None:
        app = self.app
        app.machine.go(State.SIGNED_IN)
        app.dialog = None
        hidden = self.take_hidden()
        try:
            for w in hidden:
                if isinstance(w, QDialog) and shiboken6.isValid(w):
                    w.finished.disconnect(self._hidden_dialog_finished)
            actor, account = dialog.actor, dialog.account
            if app.ctx is not None and actor is not None and actor != app.ctx.actor:
                if account is not None and actor.role != app.ctx.actor.role:
                    app.rebuild_for_role(actor, account.display_name, hidden)
                    return
                app.ctx.actor = actor  # the freshly logged-in account
            show_again(app.window, hidden)
        finally:
            if app.idle is not None:
                app.idle.reset()
            workers.release()  # the held results, in order, now over the unlocked window

    def unsaved_work(self) -> list[str]:
        """The places holding input that logging out from the lock screen would lose."""
        window = self.app.window
        if window is None or not shiboken6.isValid(window):
            return []
        return window.unsaved_work([w for w in self.hidden if shiboken6.isValid(w)])
