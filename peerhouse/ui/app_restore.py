"""The manager program's part in damage and restore, a part `ManagerApp` holds: a damaged
file at open, a restore asked for in the Backups tab, and a restore instead of set-up on a
new computer. Every restore ends by starting the app again from the top (keyring, open,
quick check, sign-in), so the restored records are checked like any others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from peerhouse.app.records import Manifest
from peerhouse.app.startup import State
from peerhouse.errors import DatabaseDamaged
from peerhouse.i18n import _
from peerhouse.services.actor import Actor
from peerhouse.services.integrity import keep_records_as_they_are
from peerhouse.ui.errors import report_error
from peerhouse.ui.session import open_check
from peerhouse.ui.session.restore_flow import (
    RestoreProgress,
    RestoreRequest,
    announce,
    ask_backup_file,
    ask_owner_and_verify,
    confirm_text,
)
from peerhouse.ui.widgets.common import confirm
from peerhouse.ui.workers import run_task

if TYPE_CHECKING:
    from peerhouse.ui.app import ManagerApp
    from peerhouse.ui.session.setup_wizard import SetupWizard


class RestoreSteps:
    """The damage message and the restores of `app` (moving its state machine)."""

    def __init__(self, app: ManagerApp) -> None:
        self.app = app
        self.pending: QWidget | None = None  # a dialog of a restore on its way

    def damaged(self, problem: str, key: bytes, folders: tuple[Path, ...] = (), *,
                lost: bool = False) -> None:
        """The file failed its check: say so and offer the newest good backup (and, when
        only its last changes were lost, keeping the records as they are)."""
        app = self.app
        app.machine.go(State.DAMAGED)
        if app.store is not None:
            app.store.close()
            app.store = None
        folders = tuple(dict.fromkeys((*folders, app.paths.backups)))
        dialog = open_check.DamageDialog(app.paths, key, problem, list(folders), lost=lost)
        dialog.restore_chosen.connect(self._run)
        dialog.keep_chosen.connect(lambda: self._keep_as_they_are(key))
        dialog.rejected.connect(QApplication.quit)
        app.show_window(dialog)

    def _keep_as_they_are(self, key: bytes) -> None:
        """The person keeps records that lost their last changes: open them as they are."""
        app = self.app
        app.machine.go(State.OPENING)
        run_task(keep_records_as_they_are, app.paths, key, "window",
                 on_success=lambda store: app.opened(store, key),
                 on_failure=lambda exc: self.damaged(str(exc), key)
                 if isinstance(exc, DatabaseDamaged) else app.fatal(exc))

    def instead_of_set_up(self, wizard: SetupWizard) -> None:
        """First run on a new computer: restore a backup instead of setting up."""
        self._from_file(wizard, replacing=False, reason="new computer")

    def cannot_open(self, problem: str) -> None:
        """The key file is missing or damaged, so no password or code can open the records
        here: say so plainly and offer a backup (it carries its own key file, opened with
        the owner password or the recovery code). What is there now is kept aside."""
        self.app.machine.go(State.DAMAGED)
        box = QMessageBox(QMessageBox.Icon.Critical, _("PeerHouse cannot open the records"),
                          f"{problem}\n\n" + _(
                              "A backup holds its own key file and opens with the owner "
                              "password or the recovery code. The files in the data folder now "
                              "are kept aside under a dated name, never deleted."))
        restore = box.addButton(_("&Restore from a backup…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("&Quit"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)

        def answered(_result: int) -> None:
            if box.clickedButton() is restore:
                self._from_file(box, replacing=True, reason="key file damaged",
                                on_cancel=lambda: self.cannot_open(problem))
            else:
                QApplication.quit()

        box.finished.connect(answered)
        self.app.show_window(box)

    def _from_file(self, parent: QWidget, *, replacing: bool, reason: str,
                   on_cancel: Callable[[], None] | None = None) -> None:
        """Pick a backup, open it with the owner password or recovery code, confirm, restore."""
        file = ask_backup_file(parent, Path.home())
        if file is None:
            if on_cancel is not None:
                on_cancel()
            return

        checking = QProgressDialog(_("Checking the backup…"), "", 0, 100)
        checking.setWindowTitle("PeerHouse")
        checking.setCancelButton(None)  # type: ignore[arg-type]
        checking.setWindowModality(Qt.WindowModality.ApplicationModal)
        checking.hide()

        def progress(percent: int, _text: str) -> None:  # nothing else may be on screen
            if not checking.isVisible():
                checking.show()
            checking.setValue(percent)

        def verified(file: Path, key: bytes, manifest: Manifest) -> None:
            checking.close()
            if confirm(parent, _("Restore this backup?"),
                       confirm_text(manifest, None, replacing=replacing), yes=_("Restore")):
                parent.hide()
                self._run(RestoreRequest(file, key, Actor.system(), reason))
            elif on_cancel is not None:
                on_cancel()

        def unusable(exc: BaseException) -> None:
            checking.close()
            report_error(exc, parent)
            if on_cancel is not None:
                on_cancel()

        self.pending = ask_owner_and_verify(parent, self.app.paths, file, Actor.system(),
                                            on_verified=verified, on_unusable=unusable,
                                            on_progress=progress)
        if on_cancel is not None:  # never leave the person with no window at all
            self.pending.rejected.connect(on_cancel)

    def from_backups_tab(self, request: RestoreRequest) -> None:
        """A verified backup from the Backups tab: sign everyone out, then restore it."""
        app = self.app
        app.machine.go(State.RESTORING)  # first: a move the table refuses tears nothing down
        app.end_session()
        if app.store is not None:
            app.store.close()
            app.store = None
        self._show_progress(request)

    def _run(self, request: RestoreRequest) -> None:
        self.app.machine.go(State.RESTORING)
        self._show_progress(request)

    def _show_progress(self, request: RestoreRequest) -> None:
        dialog = RestoreProgress(self.app.paths, request)
        dialog.outcome.connect(self._restored)
        self.app.show_window(dialog)
        dialog.start()

    def _restored(self, outcome: Any) -> None:
        """Either way one complete set is in place: open it from the top, checked again."""
        self.app.dialog = None
        self.app.start()
        announce(outcome)
