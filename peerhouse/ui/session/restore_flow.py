"""Restoring a backup in the app: the key for it, the question before it, the progress
while it runs, and what is said afterwards. Used by the Backups tab and by the damage
message at start-up; the app itself signs everyone out and starts again afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from peerhouse.app.records import Manifest
from peerhouse.i18n import _
from peerhouse.paths import DataPaths
from peerhouse.services import backups
from peerhouse.services.actor import Actor
from peerhouse.ui.errors import report_error, show_message
from peerhouse.ui.formats import clock, long_date, weekday_name
from peerhouse.ui.session.unlock import UnlockDialog
from peerhouse.ui.workers import run_task


@dataclass(frozen=True)
class RestoreRequest:
    """A backup that passed verification, the key that opens it, and who asked."""

    file: Path
    key: bytes
    actor: Actor
    reason: str = ""


def ask_backup_file(parent: QWidget, start: Path) -> Path | None:
    """Ask for a backup file (tests replace this function)."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a PeerHouse backup"), str(start),
        _("PeerHouse backups (*.phbackup);;All files (*)"))
    return Path(path) if path else None


def backup_made_text(manifest: Manifest) -> str:
    here = manifest.created.astimezone()
    return _("{weekday}, {date} at {time}").format(
        weekday=weekday_name(here.date()), date=long_date(here.date()), time=clock(here))


def confirm_text(manifest: Manifest, setup_id: str | None, *, replacing: bool = True) -> str:
    """Says plainly what happens to the records in PeerHouse now."""
    if not replacing:
        return _("Restore the backup made on {made} onto this computer?\n\n"
                 "PeerHouse then opens it at the sign-in screen: sign in with your usual "
                 "account. The key is remembered on this computer.").format(
                     made=backup_made_text(manifest))
    other = ""
    if setup_id is not None and manifest.setup_id != setup_id:
        other = _("This backup belongs to another PeerHouse set-up (set-up id {id}…), not to "
                  "the records open now.").format(id=manifest.setup_id[:8]) + "\n\n"
    if not manifest.audit_chain_ok:
        other += _("Its audit log already did not add up when it was made; the restored "
                   "records will report that too.") + "\n\n"
    return other + _(
        "Restore the backup made on {made}?\n\n"
        "The records now in PeerHouse will be replaced by that backup: anything entered "
        "after it was made will not be in the restored records. The current records are "
        "not deleted: they are kept in the data folder under a dated name "
        "(peerhouse.before-restore-…) and can be brought back.\n\n"
        "Everyone is signed out, then PeerHouse opens the restored records at the sign-in "
        "screen. Close PeerHouse on any other screen (such as the kiosk) first.").format(
            made=backup_made_text(manifest))


class BackupUnlockDialog(UnlockDialog):
    """The owner password or recovery code for a backup: it opens the backup's own key file
    (or, for a code renewed since, the current one). Restoring is the owner's, so this is
    asked even where this computer's keyring could open the backup."""

    def __init__(self, paths: DataPaths, file: Path, parent: QWidget | None = None) -> None:
        super().__init__(paths, _("Restoring {file} needs the owner password or the "
                                  "recovery code that were in use when the backup was "
                                  "made.").format(file=file.name), parent,
                         title=_("Restore a backup"), offer_remember=False)
        self.file = file

    def unwrap(self, secret: str, by_code: bool, remember: bool) -> tuple[bytes, str]:
        key = backups.key_for_backup(self.paths, self.file, password="" if by_code else secret,
                                     recovery_code=secret if by_code else "")
        return key, ""


def ask_owner_and_verify(parent: QWidget, paths: DataPaths, file: Path, actor: Actor, *,
                         on_verified: Callable[[Path, bytes, Manifest], None],
                         on_unusable: Callable[[BaseException], None],
                         on_progress: Callable[[int, str], None] | None = None,
                         ) -> BackupUnlockDialog:
    """Ask for the owner password or recovery code of `file`, then verify the whole backup
    off the UI thread; nothing is changed by either step."""
    unlock = BackupUnlockDialog(paths, file, parent)

    def verify() -> None:
        key = unlock.key
        assert key is not None
        run_task(backups.check_backup, paths, actor, file, key, on_progress=on_progress,
                 on_success=lambda manifest: on_verified(file, key, manifest),
                 on_failure=on_unusable, owner=parent)

    unlock.accepted.connect(verify)
    unlock.open()
    return unlock


class RestoreProgress(QProgressDialog):
    """Runs the restore off the UI thread; cannot be closed while files are being swapped.

    `outcome` carries the services' RestoreDone, or the exception (the data folder then
    still holds the previous records, complete)."""

    outcome = Signal(object)

    def __init__(self, paths: DataPaths, request: RestoreRequest,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Checking the backup, then putting it in place…"), "", 0, 100,
                         parent)
        self.paths, self.request = paths, request
        self.setWindowTitle(_("Restoring a backup"))
        self.setCancelButton(None)  # type: ignore[arg-type]
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.running = False

    def start(self) -> None:
        self.running = True
        self.setValue(0)
        req = self.request
        run_task(partial(backups.restore, reason=req.reason), self.paths, req.actor, req.file,
                 req.key, on_progress=lambda percent, _text: self.setValue(percent),
                 on_success=self._finish, on_failure=self._finish)

    def _finish(self, result: object) -> None:
        self.running = False
        if isinstance(result, backups.RestoreDone):
            result.store.close()  # the app opens the restored records again, checked
        self.setValue(100)
        self.outcome.emit(result)
        self.done(0)

    def reject(self) -> None:
        if not self.running:  # no leaving half-way; the swap itself takes a moment only
            super().reject()


def announce(outcome: object) -> None:
    """Tell what happened (non-blocking: the sign-in screen comes up meanwhile)."""
    if isinstance(outcome, backups.RestoreDone):
        text = _("The backup made on {made} is restored.").format(
            made=backup_made_text(outcome.manifest))
        if outcome.kept_db is not None:
            text += " " + _("The records that were there before are kept in the data folder "
                            "as {file}; nothing was deleted.").format(file=outcome.kept_db.name)
        if outcome.keyring_note:
            text += f"\n\n{outcome.keyring_note} " + _(
                "PeerHouse will ask for the owner password or the recovery code when it opens.")
        show_message(QMessageBox.Icon.Information, _("Backup restored"),
                     text + "\n\n" + _("Sign in to continue."))
    elif isinstance(outcome, BaseException):
        report_error(outcome, None, _("The backup was not restored"))
