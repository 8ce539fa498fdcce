"""Right after the records open: a quick check off the UI thread, the day's first
automatic backup, and, if the file is damaged, a plain message offering the newest good
backup. The damaged file is never changed: restoring keeps it aside under a dated name.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.records import Manifest, Store
from peerhouse.errors import PeerHouseError
from peerhouse.i18n import _, lazy
from peerhouse.paths import DataPaths
from peerhouse.services import backups
from peerhouse.services.actor import Actor
from peerhouse.services.integrity import CheckReport, check_records
from peerhouse.ui.errors import show_message
from peerhouse.ui.session.restore_flow import (
    BackupUnlockDialog,
    RestoreRequest,
    ask_backup_file,
    ask_owner_and_verify,
    backup_made_text,
    confirm_text,
)
from peerhouse.ui.widgets.common import button, confirm, muted
from peerhouse.ui.workers import run_task

log = logging.getLogger(__name__)
STRUCTURE = ("integrity", "cipher integrity")
LOST_TEXT = lazy("PeerHouse checked the records as they opened: the last changes saved on this "
             "computer are missing from them (part of the file that held them could not be "
             "read). Everything older reads correctly.\n\nYou can restore the newest good "
             "backup (the file now in use is kept aside under a dated name, never overwritten), "
             "or keep the records as they are if that backup is older than what is here — "
             "or if you put an older copy of the records in place on purpose.")


def check_at_open(store: Store, on_ok: Callable[[], None],
                  on_damaged: Callable[[str, tuple[Path, ...]], None]) -> None:
    """Quick check off the UI thread; on damage, `on_damaged` gets what failed and the
    folders to look in for backups. A broken audit chain alone is a warning, not damage
    (the records themselves read fine), shown to whoever signs in."""

    def work() -> tuple[CheckReport, Path]:
        return check_records(store, Actor.system(), quick=True), backups.backup_folder(store)

    def checked(result: tuple[CheckReport, Path]) -> None:
        report, folder = result
        broken = [f"{name}: {detail}" for name, passed, detail in report.lines
                  if not passed and name in STRUCTURE]
        if broken:
            on_damaged("; ".join(broken), (folder,))
            return
        chain = [detail for name, passed, detail in report.lines if not passed]
        on_ok()
        if chain:
            log.warning("audit chain check failed at open")
            show_message(QMessageBox.Icon.Warning, _("The audit log was changed"),
                         _("The check at opening found that the audit log does not add up "
                           "({detail}). The records open as usual; tell the owner, who can "
                           "compare it with the chain head printed on the weekly "
                           "summary.").format(detail=chain[0]))
        start_daily_backup(store)

    def failed(exc: BaseException) -> None:
        on_damaged(str(exc) if isinstance(exc, PeerHouseError) else _("it could not be read"),
                   ())

    run_task(work, on_success=checked, on_failure=failed)


def start_daily_backup(store: Store) -> None:
    """The first open of a day makes an automatic backup, in the background."""
    run_task(backups.automatic_backup, store, "first_open",
             on_success=lambda done: None,
             on_failure=lambda exc: log.warning("automatic backup at open failed: %s",
                                                type(exc).__name__))


def backup_on_close(store: Store) -> None:
    """At close, when anything changed since the newest backup. The windows are gone by
    now, so if it takes more than a moment a small note says what is happening (nobody
    should switch the PC off thinking PeerHouse hung). Closing goes on whatever happens."""
    app = QApplication.instance()
    finished = threading.Event()
    note = QProgressDialog(_("Saving a backup of the records before PeerHouse closes…"), "",
                           0, 100)
    note.setWindowTitle("PeerHouse")
    note.setCancelButton(None)  # type: ignore[arg-type]
    note.setAutoClose(False)
    note.setAutoReset(False)
    note.hide()

    def failed(exc: BaseException) -> None:  # the next open tries again
        log.warning("automatic backup at close failed: %s", type(exc).__name__)
        finished.set()

    run_task(backups.automatic_backup, store, "close", on_success=lambda _r: finished.set(),
             on_failure=failed, on_progress=lambda percent, _text: note.setValue(percent),
             bypass_hold=True)  # never held for an unlock that cannot come any more
    show_after = time.monotonic() + 0.4
    while not finished.is_set():
        if not note.isVisible() and time.monotonic() > show_after:
            note.show()
        if app is not None:
            app.processEvents()
        finished.wait(0.02)
    note.close()
    note.deleteLater()


class DamageDialog(QDialog):
    """The records file failed its check: say so, and offer the newest good backup.

    `restore_chosen` carries a RestoreRequest once the owner has confirmed. When only the
    last changes were lost (`lost`), the file itself reads fine and may be newer than every
    backup: `keep_chosen` says the person keeps the records as they are instead."""

    restore_chosen = Signal(object)
    keep_chosen = Signal()

    def __init__(self, paths: DataPaths, key: bytes, problem: str, folders: list[Path],
                 parent: QWidget | None = None, *, lost: bool = False) -> None:
        super().__init__(parent)
        self.paths, self.key, self.folders = paths, key, folders
        self.good: backups.GoodBackup | None = None
        self.unlock: BackupUnlockDialog | None = None
        headline = _("Recent changes are missing") if lost else _("The records file is damaged")
        self.setWindowTitle(_("PeerHouse — recent changes are missing") if lost
                            else _("PeerHouse — the records file is damaged"))
        self.setMinimumWidth(760 if lost else 620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        title = QLabel(headline)
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        text = QLabel(str(LOST_TEXT) if lost else _(
            "PeerHouse checked the records file as it opened, and part of it cannot be read "
            "correctly.\n\nThe damaged file has not been changed. You can restore the newest "
            "good backup: the damaged file is then kept aside under a dated name, never "
            "overwritten, so someone can still look at it later."))
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(muted(_("For whoever supports PeerHouse: {problem}").format(
            problem=problem)))
        self.found = QLabel(_("Looking for the newest good backup…"))
        self.found.setWordWrap(True)
        self.found.setMinimumHeight(self.found.fontMetrics().lineSpacing() * 4)
        layout.addWidget(self.found)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.restore_btn = button(_("&Restore this backup…"), primary=True,
                                  on_click=self.restore_newest)
        self.restore_btn.setEnabled(False)
        self.choose_btn = button(_("&Choose a backup file…"), on_click=self.choose_file)
        self.quit_btn = button(_("&Quit"), on_click=self.reject)
        self.keep_btn = button(_("&Keep the records as they are…"), on_click=self.keep)
        self.keep_btn.setVisible(lost)
        row.addWidget(self.restore_btn)
        row.addWidget(self.choose_btn)
        row.addWidget(self.keep_btn)
        row.addStretch(1)
        row.addWidget(self.quit_btn)
        layout.addLayout(row)
        run_task(backups.newest_good_backup, paths, key, folders, on_success=self._found,
                 on_failure=self._none_found, owner=self)

    def _found(self, good: backups.GoodBackup | None) -> None:
        self.good = good
        if good is None:
            self._none_found(None)
            return
        kind = _("automatic") if good.entry.kind == "auto" else _("made by hand")
        self.found.setText(_("The newest good backup was made on {made} ({kind}, {size}). It "
                             "is the file {file} in {folder}.").format(
            made=backup_made_text(good.manifest), kind=kind,
            size=backups.size_text(good.entry.size), file=good.entry.path.name,
            folder=good.entry.path.parent))
        self.restore_btn.setEnabled(True)
        self.restore_btn.setFocus()

    def _none_found(self, _exc: BaseException | None) -> None:
        where = ", ".join(str(f) for f in self.folders)
        self.found.setText(_("No good backup was found in {folders}. If your backups are on a "
                             "USB drive or another disk, plug it in and choose the "
                             "file.").format(folders=where))
        self.choose_btn.setFocus()

    def keep(self) -> None:
        if confirm(self, _("Keep the records as they are?"),
                   _("The lost changes cannot come back, and PeerHouse will stop warning about "
                     "them. Whatever the records hold now stays as it is, and the backups stay "
                     "too. This is written in the audit log."),
                   yes=_("Keep the records as they are")):
            self.keep_chosen.emit()
            self.accept()

    def restore_newest(self) -> None:
        if self.good is not None:
            self._ask_owner(self.good.entry.path)

    def choose_file(self) -> None:
        file = ask_backup_file(self, self.folders[0] if self.folders else self.paths.root)
        if file is not None:
            self._ask_owner(file)

    def _ask_owner(self, file: Path) -> None:
        """Restoring is the owner's: the damaged records cannot be asked who is signing in,
        so the owner password or the recovery code proves it."""
        self.unlock = ask_owner_and_verify(
            self, self.paths, file, Actor.system(), on_verified=self._confirm,
            on_unusable=self._unusable,
            on_progress=lambda percent, _t: self.found.setText(
                _("Checking {file}… {percent}%").format(file=file.name, percent=percent)))
        self.unlock.accepted.connect(lambda: self.found.setText(
            _("Checking {file}…").format(file=file.name)))

    def _unusable(self, exc: BaseException) -> None:
        self.found.setText(str(exc) if isinstance(exc, PeerHouseError)
                           else _("That backup could not be checked. Choose another one."))

    def _confirm(self, file: Path, key: bytes, manifest: Manifest) -> None:
        if confirm(self, _("Restore this backup?"), confirm_text(manifest, None),
                   yes=_("Restore (the damaged file is kept aside)")):
            self.restore_chosen.emit(RestoreRequest(file, key, Actor.system(),
                                                    "damaged at open"))
            self.accept()
