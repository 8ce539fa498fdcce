"""The manager app's part in damage and restore, kept out of app.py: a damaged file at
open, a restore asked for in the Backups tab, and a restore instead of set-up on a new
computer. Every restore ends by starting the app again from the top (keyring, open,
quick check, sign-in), so the restored records are checked like any others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from peerhouse.errors import DatabaseDamaged
from peerhouse.paths import DataPaths
from peerhouse.services.actor import Actor
from peerhouse.services.integrity import keep_records_as_they_are
from peerhouse.store.backup_file import Manifest
from peerhouse.store.engine import Store
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
    from peerhouse.ui.session.setup_wizard import SetupWizard


class RestoreCycle:
    """Mixed into ManagerApp, whose attributes and methods below it relies on."""

    paths: DataPaths
    store: Store | None
    dialog: QWidget | None
    _hidden: list[QWidget]
    _pending: QWidget | None

    if TYPE_CHECKING:
        def start(self) -> None: ...
        def _show(self, widget: QWidget) -> None: ...
        def _end_session(self, hidden: list[QWidget]) -> None: ...
        def _opened(self, store: Store, key: bytes) -> None: ...
        def _fatal(self, exc: BaseException) -> None: ...

    def _damaged(self, problem: str, key: bytes, folders: tuple[Path, ...] = (), *,
                 lost: bool = False) -> None:
        """The file failed its check: say so and offer the newest good backup (and, when
        only its last changes were lost, keeping the records as they are)."""
        if self.store is not None:
            self.store.close()
            self.store = None
        folders = tuple(dict.fromkeys((*folders, self.paths.backups)))
        dialog = open_check.DamageDialog(self.paths, key, problem, list(folders), lost=lost)
        dialog.restore_chosen.connect(self._run_restore)
        dialog.keep_chosen.connect(lambda: self._keep_as_they_are(key, problem))
        dialog.rejected.connect(QApplication.quit)
        self._show(dialog)

    def _keep_as_they_are(self, key: bytes, problem: str) -> None:
        """The person keeps records that lost their last changes: open them as they are."""
        run_task(keep_records_as_they_are, self.paths, key, "window",
                 on_success=lambda store: self._opened(store, key),
                 on_failure=lambda exc: self._damaged(str(exc), key)
                 if isinstance(exc, DatabaseDamaged) else self._fatal(exc))

    def _restore_instead(self, wizard: SetupWizard) -> None:
        """First run on a new computer: restore a backup instead of setting up."""
        self._restore_from_file(wizard, replacing=False, reason="new computer")

    def _cannot_open(self, problem: str) -> None:
        """The key file is missing or damaged, so no password or code can open the records
        here: say so plainly and offer a backup (it carries its own key file, opened with
        the owner password or the recovery code). What is there now is kept aside."""
        box = QMessageBox(QMessageBox.Icon.Critical, "PeerHouse cannot open the records",
                          f"{problem}\n\nA backup holds its own key file and opens with the "
                          "owner password or the recovery code. The files in the data folder "
                          "now are kept aside under a dated name, never deleted.")
        restore = box.addButton("&Restore from a backup…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)

        def answered(_result: int) -> None:
            if box.clickedButton() is restore:
                self._restore_from_file(box, replacing=True, reason="key file damaged",
                                        on_cancel=lambda: self._cannot_open(problem))
            else:
                QApplication.quit()

        box.finished.connect(answered)
        self._show(box)

    def _restore_from_file(self, parent: QWidget, *, replacing: bool, reason: str,
                           on_cancel: Callable[[], None] | None = None) -> None:
        """Pick a backup, open it with the owner password or recovery code, confirm, restore."""
        file = ask_backup_file(parent, Path.home())
        if file is None:
            if on_cancel is not None:
                on_cancel()
            return

        checking = QProgressDialog("Checking the backup…", "", 0, 100)
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
            if confirm(parent, "Restore this backup?",
                       confirm_text(manifest, None, replacing=replacing), yes="Restore"):
                parent.hide()
                self._run_restore(RestoreRequest(file, key, Actor.system(), reason))
            elif on_cancel is not None:
                on_cancel()

        def unusable(exc: BaseException) -> None:
            checking.close()
            report_error(exc, parent)
            if on_cancel is not None:
                on_cancel()

        self._pending = ask_owner_and_verify(parent, self.paths, file, Actor.system(),
                                             on_verified=verified, on_unusable=unusable,
                                             on_progress=progress)
        if on_cancel is not None:  # never leave the person with no window at all
            self._pending.rejected.connect(on_cancel)

    def _restore(self, request: RestoreRequest) -> None:
        """A verified backup from the Backups tab: sign everyone out, then restore it."""
        hidden, self._hidden = self._hidden, []
        self._end_session(hidden)
        if self.store is not None:
            self.store.close()
            self.store = None
        self._run_restore(request)

    def _run_restore(self, request: RestoreRequest) -> None:
        dialog = RestoreProgress(self.paths, request)
        dialog.outcome.connect(self._restored)
        self._show(dialog)
        dialog.start()

    def _restored(self, outcome: Any) -> None:
        """Either way one complete set is in place: open it from the top, checked again."""
        self.dialog = None
        self.start()
        announce(outcome)
