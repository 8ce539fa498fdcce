"""Opening the database when this PC's keyring has no key (new PC, restored backup,
Linux without a secret service): the owner password or the recovery code unlocks it.

Nothing is ever created here: a wrong entry is reported and the file is untouched.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app import records
from peerhouse.i18n import _
from peerhouse.paths import DataPaths
from peerhouse.ui.errors import ask_again
from peerhouse.ui.window_fit import grow_to_fit
from peerhouse.ui.workers import run_task


class UnlockDialog(QDialog):
    """On success, `key` holds the database key and `keyring_note` any keyring problem."""

    def __init__(self, paths: DataPaths, reason: str, parent: QWidget | None = None, *,
                 title: str = "", offer_remember: bool = True) -> None:
        super().__init__(parent)
        self.paths = paths
        self.key: bytes | None = None
        self.keyring_note = ""
        self.setWindowTitle(_("PeerHouse — unlock"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        title = QLabel(title or _("Unlock the house records"))
        title.setObjectName("PageTitle")
        layout.addWidget(title)
        self.why = why = QLabel(reason + "\n\n" + _(
            "The records are encrypted. Enter the owner password, or the recovery "
            "code from the recovery sheet kept in the safe."))
        why.setObjectName("Muted")
        why.setWordWrap(True)
        layout.addWidget(why)

        self.use_password = QRadioButton(_("Owner &password"))
        self.use_code = QRadioButton(_("&Recovery code"))
        self.use_password.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.use_password)
        group.addButton(self.use_code)
        layout.addWidget(self.use_password)
        layout.addWidget(self.use_code)
        self.secret = QLineEdit()
        self.secret.setAccessibleName(_("Owner password or recovery code"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.secret)
        self.use_code.toggled.connect(self._mode_changed)

        self.remember = QCheckBox(_("Remember the key on this computer (no prompt next time)"))
        self.remember.setChecked(offer_remember)
        self.remember.setVisible(offer_remember)
        layout.addWidget(self.remember)
        self.error = QLabel()
        self.error.setObjectName("FieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("&Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("primary", True)
        self.ok_button.setDefault(True)
        buttons.addButton(_("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        grow_to_fit(self)  # an error message never squeezes the rows around it
        self.secret.setFocus(Qt.FocusReason.OtherFocusReason)

    def _mode_changed(self, code: bool) -> None:
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if code else QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX" if code else "")
        self.secret.clear()
        self.secret.setFocus()

    def try_unlock(self) -> None:
        secret = self.secret.text().strip()
        if not secret:
            self._show(_("Enter the owner password or the recovery code."))
            return
        by_code, remember = self.use_code.isChecked(), self.remember.isChecked()
        self.ok_button.setEnabled(False)
        run_task(self.unwrap, secret, by_code, remember, on_success=self._done,
                 on_failure=self._failed)

    def unwrap(self, secret: str, by_code: bool, remember: bool) -> tuple[bytes, str]:
        """Runs off the UI thread: the key and any keyring problem (a backup's dialog
        unwraps the backup's own key file instead)."""
        if by_code:
            key = records.key_from_secret(self.paths, recovery_code=secret)
        else:
            key = records.key_from_secret(self.paths, password=secret)
        note = records.remember_key(self.paths, key) if remember else ""
        return key, note

    def _done(self, result: tuple[bytes, str]) -> None:
        self.key, self.keyring_note = result
        self.secret.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        ask_again(exc, self.secret, self.ok_button, self._show, keep_text=True)

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
