"""The Security tab (owner only): the owner password, the key slot and the recovery code,
explained in plain words.

The recovery code is never stored, so "re-saving the recovery sheet" means making a
new code (the old one stops working), showing it once, and saving the sheet. The owner
chooses where the sheet goes BEFORE the code is made, and the sheet is written in the
same background task, so a new code never exists without its sheet unless writing the
file itself fails (then the window showing the code will not close until the sheet is
saved elsewhere or the owner says they wrote the code down).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from peerhouse.app.keys import key_holder
from peerhouse.app.ops import ReadOp
from peerhouse.i18n import _, lazy
from peerhouse.reports.recovery_sheet import build_recovery_sheet
from peerhouse.services import houses, security
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import log_problem, report_error
from peerhouse.ui.manager.settings.account_dialogs import PasswordDialog, TakeOverDialog
from peerhouse.ui.manager.settings.tab import Loader, SettingsTab
from peerhouse.ui.widgets.common import Card, button, confirm, muted
from peerhouse.ui.widgets.file_dialogs import ask_pdf_path
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.pages import tab_layout
from peerhouse.ui.workers import run_task

HOW_IT_WORKS = lazy(
    "All records are kept in one locked (encrypted) file on this computer. Three things can "
    "unlock it:<ul>"
    "<li><b>This computer</b> remembers the key, so PeerHouse opens without asking.</li>"
    "<li><b>The owner password</b>: the password of the owner account that holds the key.</li>"
    "<li><b>The recovery code</b>: printed on the recovery sheet that lives in the safe. Use it "
    "if the owner password is lost, or to open a backup on a new computer.</li></ul>"
    "Without one of these, nobody can read the records, not even PeerHouse."
)


def key_facts(u: Unit) -> tuple[str, str]:
    """Who holds the database key, and this database's set-up id."""
    return key_holder(u.store), security.setup_id(u.store)


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    """Ask where to save the sheet (tests replace this function)."""
    return ask_pdf_path(parent, suggested, _("Save recovery sheet"))


def unwritable(target: Path) -> str:
    """Why the sheet cannot be written to `target` ('' when it can), checked before a new
    code is made so a read-only folder does not leave a code without a sheet."""
    folder = target.parent
    if not folder.is_dir():
        return _("That folder does not exist. Choose another place for the sheet.")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        return _("PeerHouse cannot write there (the folder or file is read-only). Choose "
                 "another place for the sheet.")
    return ""


@dataclass(frozen=True)
class NewCode:
    code: str
    house_name: str
    setup_id: str
    paper: str


@dataclass(frozen=True)
class MadeCode:
    """A new code, and where its sheet was saved (None: writing the file failed)."""

    new: NewCode
    saved_to: Path | None
    error: Exception | None = None  # why the sheet was not written (logged on the UI thread)


def make_code_and_sheet(store: Any, actor: Any, house_id: int, target: Path) -> MadeCode:
    """Runs off the UI thread: read what the sheet needs, make the code, write the sheet.

    Everything that can fail before the code changes is read first; once the code is
    made it is always returned, even if the sheet could not be written.
    """
    house = houses.get_house(store, actor, house_id)
    setup = security.setup_id(store)
    new = NewCode(security.new_recovery_code(store, actor), house.name, setup, house.paper_size)
    try:
        saved = build_recovery_sheet(target, house_name=new.house_name, setup_id=new.setup_id,
                                     recovery_code=new.code, paper=new.paper)
    except Exception as exc:  # the code exists now: show it whatever happened to the file
        return MadeCode(new, None, exc)
    return MadeCode(new, saved)


class RecoveryCodeDialog(QDialog):
    """Shows a new recovery code once and saves the sheet; warns before closing unsaved."""

    sheet_saved = Signal(object)

    def __init__(self, new: NewCode, parent: QWidget | None = None,
                 saved_to: Path | None = None) -> None:
        super().__init__(parent)
        self.new, self.saved_to = new, saved_to
        self.saving = self.finished_ = False
        self.setWindowTitle(_("Your new recovery code"))
        self.setMinimumWidth(680)
        layout = tab_layout(
            self, _("The old code no longer works. This is the only time PeerHouse shows the "
                    "new one: print the recovery sheet, put the paper in the safe, and destroy "
                    "the old sheet. Do not keep the PDF on this computer after printing."),
            spacing=12, margins=(20, 18, 20, 14))
        self.code_label = QLabel(new.code)
        self.code_label.setObjectName("RecoveryCode")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAccessibleName(_("Recovery code"))
        self.code_label.setMinimumWidth(self.code_label.sizeHint().width() + 40)
        layout.addWidget(self.code_label)
        row = QHBoxLayout()
        self.save_btn = button(_("&Save recovery sheet (PDF)…"), primary=True,
                               on_click=self.save_sheet)
        row.addWidget(self.save_btn)
        self.status = muted("")
        if saved_to is None:
            self.status.setText(_("The sheet could not be written where you chose (is the "
                                  "folder read-only, or the file open elsewhere?). Save it "
                                  "somewhere else now, or write the code down on paper before "
                                  "you close this."))
        else:
            self._show_saved(saved_to)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_btn = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_btn.setText(_("&Done"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_btn.setFocus()

    @property
    def code(self) -> str:
        return self.new.code

    def save_sheet(self) -> None:
        target = ask_save_path(self, _("PeerHouse recovery sheet.pdf"))
        if target is None:
            return
        self.save_btn.setEnabled(False)
        self.saving = True
        self.status.setText(_("Saving…"))
        build = partial(build_recovery_sheet, target, house_name=self.new.house_name,
                        setup_id=self.new.setup_id, recovery_code=self.new.code, paper=self.new.paper)
        run_task(build, on_success=self._saved, on_failure=self._failed)

    def _saved(self, path: Path) -> None:
        self.saved_to = path
        self.saving = False
        self.save_btn.setEnabled(True)
        self._show_saved(path)
        self.sheet_saved.emit(path)

    def _show_saved(self, path: Path) -> None:
        self.status.setText(_("Saved to {path}. Print it now and put the paper in the "
                              "safe.").format(path=path))
        self.save_btn.setText(_("&Save another copy…"))

    @property
    def unsaved(self) -> bool:
        """Still open (even if hidden by the screen lock) with a sheet not saved anywhere."""
        return self.saved_to is None and not self.finished_

    def done(self, result: int) -> None:
        self.finished_ = True
        super().done(result)

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_btn.setEnabled(True)
        if isinstance(exc, OSError):
            self.status.setText(_("The sheet could not be written there (is the folder "
                                  "read-only, or the file open elsewhere?). Choose another place "
                                  "and try again."))
        else:
            self.status.setText(_("The sheet was not saved. Try again."))
            report_error(exc, self)

    def reject(self) -> None:
        """Escape, Done, the close button and close() all come here: no closing while the
        sheet is being written, nor before it is saved unless the owner wrote the code down."""
        if self.saving:
            return
        if self.saved_to is None and not confirm(
                self, _("Close without saving the sheet?"),
                _("The sheet has not been saved, and this code will not be shown again. Without "
                  "it, only the owner password and this computer can open the records. Close "
                  "only if you have written the code down on paper."),
                yes=_("I wrote the code down")):
            return
        super().reject()


class SecurityTab(SettingsTab):
    def __init__(self, ctx: AppContext, load: Loader, parent: QWidget | None = None) -> None:
        super().__init__(ctx, load, parent)
        self.holder = ""
        self.dialog: OperationDialog | RecoveryCodeDialog | None = None
        layout = tab_layout(self, spacing=12)

        how = Card(_("How your records are kept safe"))
        text = QLabel(str(HOW_IT_WORKS))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        how.body.addWidget(text)
        self.setup_label = muted("")
        how.body.addWidget(self.setup_label)
        layout.addWidget(how)

        cards = QHBoxLayout()
        cards.setSpacing(12)
        owner = Card(_("Owner password"))
        self.holder_label = muted("")
        owner.body.addWidget(self.holder_label)
        owner.body.addStretch(1)
        row = QHBoxLayout()
        self.password_btn = button(_("&Change owner password…"), "lock",
                                   on_click=self.change_password)
        self.take_over_btn = button(_("&Take over the key slot…"), "lock",
                                    on_click=self.take_over)
        row.addWidget(self.password_btn)
        row.addWidget(self.take_over_btn)
        row.addStretch(1)
        owner.body.addLayout(row)
        cards.addWidget(owner, 1)

        code = Card(_("Recovery code"))
        code.body.addWidget(muted(
            _("Make a new code if the recovery sheet is lost, or if someone who should not have "
              "it may have seen it. The old code stops working straight away, so print the new "
              "sheet before you close the window that shows the code.")))
        code.body.addStretch(1)
        row = QHBoxLayout()
        self.code_btn = button(_("Make a new recovery code and save the &sheet…"), primary=True,
                               on_click=self.new_code)
        row.addWidget(self.code_btn)
        row.addStretch(1)
        code.body.addLayout(row)
        self.code_note = muted("")
        code.body.addWidget(self.code_note)
        cards.addWidget(code, 1)
        layout.addLayout(cards)
        layout.addStretch(1)
        self.take_over_btn.hide()

    # -- data ------------------------------------------------------------------
    def refresh(self) -> None:
        self._load(ReadOp(key_facts), self._apply)

    def _apply(self, result: tuple[str, str]) -> None:
        self.holder, setup_id = result
        self.setup_label.setText(_("Set-up id {id} (printed on the recovery sheet, so you can "
                                   "tell which sheet belongs to this database).").format(
                                       id=setup_id))
        mine = self.holder == self.ctx.username
        if mine:
            self.holder_label.setText(
                _("Your password is the owner password: it unlocks the key. Changing it here "
                  "also re-locks the key file with the new password; the recovery code keeps "
                  "working."))
        else:
            who = (_("The key is unlocked by the password of the account '{username}', not "
                     "yours.").format(username=self.holder) if self.holder else
                   _("The key is unlocked by the password of another owner account, not yours."))
            self.holder_label.setText(who + " " + _(
                "Take over the key slot to make your own password the owner password (needed "
                "before that account can be changed to another role or deactivated)."))
        self.take_over_btn.setVisible(not mine)
        self.password_btn.setText(_("&Change owner password…") if mine
                                  else _("&Change my password…"))

    # -- actions ---------------------------------------------------------------
    def change_password(self) -> None:
        self._open(PasswordDialog(self.ctx, parent=self, title=_("Change owner password")))

    def take_over(self) -> None:
        self._open(TakeOverDialog(self.ctx, self.holder, self))

    def _open(self, dialog: OperationDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def has_unsaved_changes(self) -> bool:
        """A new code is on screen and its sheet has not been saved anywhere yet."""
        return isinstance(self.dialog, RecoveryCodeDialog) and shiboken6.isValid(self.dialog) \
            and self.dialog.unsaved

    def new_code(self) -> None:
        if not confirm(self, _("Make a new recovery code"),
                       _("The recovery code on your current sheet will stop working as soon as "
                         "the new one is made. First choose where to save the new sheet; the "
                         "new code is made and the sheet saved only then. Go ahead?"),
                       yes=_("Choose where to save…")):
            return
        target = ask_save_path(self, _("PeerHouse recovery sheet.pdf"))
        if target is None:
            self.code_note.setText(_("No new code was made: the current recovery sheet still "
                                     "works."))
            return
        problem = unwritable(target)
        if problem:
            self.code_note.setText(_("No new code was made. {problem}").format(problem=problem))
            return
        self.code_btn.setEnabled(False)
        self.code_note.setText(_("Making the new code and saving the sheet…"))
        run_task(make_code_and_sheet, self.ctx.store, self.ctx.actor, self.ctx.house_id, target,
                 on_success=self._show_code, on_failure=self._code_failed)

    def _show_code(self, made: MadeCode) -> None:
        if made.error is not None:
            log_problem("could not write the recovery sheet", made.error)
        self.code_btn.setEnabled(True)
        self.code_note.setText(_("A new code was made; the old sheet no longer works."))
        dialog = RecoveryCodeDialog(made.new, self, saved_to=made.saved_to)
        self.dialog = dialog
        dialog.open()

    def _code_failed(self, exc: BaseException) -> None:
        self.code_btn.setEnabled(True)
        self.code_note.setText(_("No new code was made. The current recovery sheet still "
                                 "works."))
        report_error(exc, self)
