"""The Backups tab: where backups go, "Back up now" with progress, the list, and restore.

Managers may back up now (to the folder the owner chose): a backup is as encrypted as
the records themselves and keeps nothing from anyone. Choosing the folder and restoring
are the owner's; a restore asks for the owner password or the recovery code as well,
then the app signs everyone out, restores, and opens the restored records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QWidget,
)

from peerhouse.app.ops import ReadOp, WriteOp
from peerhouse.app.records import BackupEntry, Manifest
from peerhouse.errors import PeerHouseError
from peerhouse.i18n import _, lazy
from peerhouse.services import backups, houses
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.settings.forms import fit_columns, local_text
from peerhouse.ui.manager.settings.tab import Loader, SettingsTab
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.session.restore_flow import (
    BackupUnlockDialog,
    RestoreRequest,
    ask_backup_file,
    ask_owner_and_verify,
    confirm_text,
)
from peerhouse.ui.tablemodels.rows import Column, RowsModel
from peerhouse.ui.widgets.common import Card, button, confirm, make_table, muted, selected_row
from peerhouse.ui.widgets.pages import scrolling_page, tab_layout
from peerhouse.ui.workers import run_task

STALE_AFTER = timedelta(days=2)

ABOUT = lazy(
    "A backup is one file holding the encrypted records and the key file. It opens only with "
    "this computer's key, the owner password or the recovery code. PeerHouse also backs up "
    "by itself the first time it opens each day and when it closes, and keeps the newest "
    "automatic backup of each of the last 14 days, 8 weeks and 12 months. Backups made with "
    "this button are never removed by PeerHouse: delete old ones from the backup folder "
    "when they are no longer needed.")


def ask_folder(parent: QWidget, start: Path) -> Path | None:
    """Ask for the backup folder (tests replace this function)."""
    path = QFileDialog.getExistingDirectory(parent, _("Choose where backups go"), str(start))
    return Path(path) if path else None


@dataclass(frozen=True)
class BackupsListing:
    view: backups.BackupsView
    tz: str  # the house's: a backup's time reads as in the audit log ('backup.create')


def backups_listing(u: Unit, house_id: int) -> BackupsListing:
    """The backups (and their folder) with the house's time zone."""
    return BackupsListing(backups.backups_view(u.store, u.actor),
                          houses.get_house(u, house_id).timezone)


class BackupsTab(SettingsTab):
    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(ctx, load, parent)
        self.owner = ctx.can(Perm.BACKUP)
        self.view_data: backups.BackupsView | None = None
        self.unlock: BackupUnlockDialog | None = None
        self.backing_up = False
        # In a scroll area: in a short window (1024×680) the cards keep their height and
        # the page scrolls, rather than the text being drawn under the buttons.
        scroll, content = scrolling_page(self, sideways=False)
        scroll.setObjectName("BackupsScroll")
        layout = tab_layout(content, spacing=12)

        layout.addWidget(self._where_card())

        layout.addWidget(self._now_card())

        listed = Card(_("Backups in this folder"))
        self.newest = muted("")
        listed.body.addWidget(self.newest)
        self.tz = "UTC"
        self.model: RowsModel[BackupEntry] = RowsModel([
            Column(_("Made"), lambda e: local_text(e.created, self.tz),
                   sort=lambda e: e.created),
            Column(_("Size"), lambda e: backups.size_text(e.size), sort=lambda e: e.size,
                   align_right=True),
            Column(_("Kind"), lambda e: _("Automatic") if e.kind == "auto" else _("Manual")),
            Column(_("File"), lambda e: e.path.name, tooltip=lambda e: str(e.path)),
        ], self)
        self.view, self.proxy = make_table(self.model)
        self.view.setAccessibleName(_("Backups"))
        self.view.setMinimumHeight(140)
        listed.body.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.restore_btn = button(_("Re&store…"), danger=True, on_click=self.restore_selected)
        self.other_btn = button(_("Restore from a&nother file…"), on_click=self.restore_other)
        self.refresh_btn = button(_("Refresh"), "refresh", on_click=self.refresh)
        row.addWidget(self.refresh_btn)
        row.addStretch(1)
        row.addWidget(self.other_btn)
        row.addWidget(self.restore_btn)
        listed.body.addLayout(row)
        layout.addWidget(listed, 1)
        if not self.owner:
            self.restore_btn.hide()
            self.other_btn.hide()
        else:
            self.view.doubleClicked.connect(lambda _i: self.restore_selected())
            self.view.selectionModel().selectionChanged.connect(self._selected)
        self._selected()

    def _where_card(self) -> Card:
        """The backup folder, and (for the owner) the buttons that change it."""
        where = Card(_("Where backups are saved"))
        self.folder_label = muted("")
        where.body.addWidget(self.folder_label)
        row = QHBoxLayout()
        self.folder_btn = button(_("Choose &folder…"), "folder", on_click=self.choose_folder)
        self.default_btn = button(_("Use the &default folder"), on_click=self.use_default)
        row.addWidget(self.folder_btn)
        row.addWidget(self.default_btn)
        row.addStretch(1)
        where.body.addLayout(row)
        if not self.owner:
            self.folder_btn.hide()
            self.default_btn.hide()
            where.body.addWidget(muted(_("Only the owner can change the folder or restore a "
                                         "backup.")))
        return where

    def _now_card(self) -> Card:
        """Back up now, with its progress and outcome."""
        now = Card(_("Back up now"))
        now.body.addWidget(muted(str(ABOUT)))
        row = QHBoxLayout()
        self.backup_btn = button(_("&Back up now"), primary=True, on_click=self.back_up_now)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(_("Backup progress"))
        self.progress.hide()
        self.status = muted("")
        self.progress.setMaximumWidth(420)
        row.addWidget(self.backup_btn)
        row.addWidget(self.progress, 1)
        row.addStretch(1)
        now.body.addLayout(row)
        now.body.addWidget(self.status)
        return now

    # -- data ------------------------------------------------------------------
    def refresh(self) -> None:
        self._load(ReadOp(backups_listing, self.ctx.house_id), self._apply)

    def _apply(self, listing: BackupsListing) -> None:
        data, self.tz = listing.view, listing.tz
        self.view_data = data
        if data.default:
            self.folder_label.setText(f"{data.folder}\n" + _(
                "This is inside the PeerHouse data folder, on this computer's own disk. Choose "
                "a folder on a USB drive or another disk, so that a backup survives if this "
                "computer's disk fails."))
        elif not data.available:
            self.folder_label.setText(f"{data.folder}\n" + _(
                "This folder is not there right now (is the USB drive plugged in?). Backups "
                "cannot be made until it is, or until another folder is chosen."))
        else:
            self.folder_label.setText(str(data.folder))
        self.default_btn.setEnabled(not data.default)
        self.backup_btn.setEnabled(data.available and not self.backing_up)
        self.model.set_rows(list(data.entries))
        fit_columns(self.view, 3, descending=True)
        if not data.entries:
            self.newest.setText(_("There is no backup in this folder yet."))
        else:
            newest = data.entries[0]
            old = datetime.now(UTC) - newest.created > STALE_AFTER
            made = local_text(newest.created, self.tz)
            self.newest.setText(
                _("Newest backup: {made}. That is more than two days ago: make one now.").format(
                    made=made) if old else _("Newest backup: {made}.").format(made=made))
        self._selected()

    def _selected(self, *_args: object) -> None:
        self.restore_btn.setEnabled(selected_row(self.view, self.proxy) is not None)

    # -- folder ----------------------------------------------------------------
    def choose_folder(self) -> None:
        start = self.view_data.folder if self.view_data else self.ctx.paths.root
        folder = ask_folder(self, start)
        if folder is not None:
            self._set_folder(folder)

    def use_default(self) -> None:
        self._set_folder(None)

    def _set_folder(self, folder: Path | None) -> None:
        # Its Changes (SETTINGS) reload this tab: no reload of its own, or the list loads twice.
        run_op(self, WriteOp(backups.set_backup_folder, folder)).failure(self._failed).run()

    # -- back up now -------------------------------------------------------------
    def back_up_now(self) -> None:
        self.backing_up = True
        self.backup_btn.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(_("Backing up…"))
        run_task(backups.back_up, self.ctx.store, self.ctx.actor, on_progress=self._progress,
                 on_success=self._backed_up, on_failure=self._backup_failed, owner=self)

    def _progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        if text:
            self.status.setText(f"{text}…")

    def _backed_up(self, done: backups.BackupDone) -> None:
        self.backing_up = False
        self.progress.hide()
        self.status.setText(_("Backed up and checked: {file} ({size}).").format(
            file=done.entry.path.name, size=backups.size_text(done.entry.size)))
        self.refresh()

    def _backup_failed(self, exc: BaseException) -> None:
        self.backing_up = False
        self.progress.hide()
        self.backup_btn.setEnabled(True)
        self.status.setText(_("No backup was made. The records are unchanged."))
        self._failed(exc)

    # -- restore -----------------------------------------------------------------
    def restore_selected(self) -> None:
        entry = selected_row(self.view, self.proxy)
        if entry is not None and self.owner:
            self._ask_owner(entry.path)

    def restore_other(self) -> None:
        start = self.view_data.folder if self.view_data else self.ctx.paths.root
        file = ask_backup_file(self, start)
        if file is not None:
            self._ask_owner(file)

    def _ask_owner(self, file: Path) -> None:
        self.unlock = ask_owner_and_verify(self, self.ctx.paths, file, self.ctx.actor,
                                           on_verified=self._confirm, on_unusable=self._unusable,
                                           on_progress=self._progress)
        self.unlock.accepted.connect(self._checking)

    def _checking(self) -> None:
        self.status.setText(_("Checking the backup…"))
        self.progress.setValue(0)
        self.progress.show()

    def _unusable(self, exc: BaseException) -> None:
        self.progress.hide()
        self.status.setText(_("That backup cannot be restored; nothing was changed."))
        self._failed(exc)

    def _confirm(self, file: Path, key: bytes, manifest: Manifest) -> None:
        self.progress.hide()
        self.status.setText(_("{file} is complete and passed every check.").format(
            file=file.name))
        if confirm(self, _("Restore this backup?"),
                   confirm_text(manifest, self.ctx.store.setup_id),
                   yes=_("Sign everyone out and restore")):
            self.ctx.bus.restore_requested.emit(RestoreRequest(file, key, self.ctx.actor))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, PeerHouseError):
            report_error(exc, self, _("Backups"))
        else:
            report_error(exc, self)
