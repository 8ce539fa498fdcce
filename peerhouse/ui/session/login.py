"""Staff login, also used to unlock the window after it locked itself when idle.

The password check runs off the UI thread (Argon2 takes a moment); wrong passwords
and lockouts get the service's own plain message.

At start-up the dialog is on screen before the records are open (and before the
database code is even imported, so the window appears at once): with no store yet it
says "Opening the records…", lets the person type, and signs in as soon as
`set_store` hands it the open records if they already pressed Sign in.

The sign-in dialog (not the lock) has an "English | Español" switch: the dialog, and the
window after it until someone signs in, speak the chosen language (`language_chosen`
lets start-up remember it for this PC: `session.login_language`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from peerhouse.i18n import (
    _,
    lazy,
    pgettext,
)
from peerhouse.ui.errors import ask_again
from peerhouse.ui.session.language_switch import LanguageSwitch, choose
from peerhouse.ui.theme import icon
from peerhouse.ui.widgets.styled import note_label
from peerhouse.ui.window_fit import grow_to_fit
from peerhouse.ui.workers import run_task

if TYPE_CHECKING:  # the database code loads after the window is shown (see above)
    from peerhouse.app.records import Store
    from peerhouse.services.accounts import StaffView
    from peerhouse.services.actor import Actor
    from peerhouse.ui.session.recover_owner import RecoverOwnerDialog

OPENING = lazy("Opening the records…")
# Each language in its own name (as ui/widgets/choices.LANGUAGE_NAMES, which this first
# window does not import: it loads before the rest of the program).


class LoginDialog(QDialog):
    """Ask for a username and password; on success `actor` and `account` are set.

    With `username` given (the idle lock), only that person can unlock; the dialog
    offers "Log out" instead of "Quit", and `unsaved()` names the places holding
    input that logging out would throw away.
    """

    language_chosen = Signal(str)  # the person switched the sign-in's language

    def __init__(self, store: Store | None, parent: QWidget | None = None, *, house_name: str = "",
                 username: str = "", unsaved: Callable[[], list[str]] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._unsaved = unsaved
        self.actor: Actor | None = None
        self.account: StaffView | None = None
        self._locked_user = username
        self._house_name = house_name
        self._submit_when_open = False  # Sign in pressed while the records were opening
        self.setWindowIcon(icon("lock" if username else "peerhouse"))
        self.setMinimumWidth(420)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        self.switch: LanguageSwitch | None = None
        if not username:  # the lock is in the signed-in person's language
            self.switch = LanguageSwitch(self.switch_language)
            layout.addLayout(self.switch)
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.title.setWordWrap(True)  # Spanish runs longer
        layout.addWidget(self.title)
        self.hint = QLabel()
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        self.set_house_name(house_name)
        layout.addWidget(self.hint)

        form = QFormLayout()
        self.username = QLineEdit(username)
        self.username.setReadOnly(bool(username))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username_label, self.password_label = QLabel(), QLabel()
        self.username_label.setBuddy(self.username)
        self.password_label.setBuddy(self.password)
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        layout.addLayout(form)

        self.error = note_label("FieldError", shown=False)
        layout.addWidget(self.error)

        self.recover_button: QPushButton | None = None
        if not username:  # the idle lock is for the person who was signed in
            self.recover_button = QPushButton()
            self.recover_button.setObjectName("Link")
            self.recover_button.setFlat(True)
            self.recover_button.clicked.connect(self.recover_owner)
            self.recover_button.setEnabled(store is not None)
            # As wide as its text, on the left (a policy, not Qt.AlignLeft: see below).
            self.recover_button.setSizePolicy(QSizePolicy.Policy.Maximum,
                                              QSizePolicy.Policy.Fixed)
            layout.addWidget(self.recover_button)

        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("primary", True)
        self.leave_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.retranslate()
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self._leave)
        layout.addWidget(self.buttons)
        # Only now, inside the dialog: a default set earlier is not the dialog's, and on
        # show Qt made the first button after the focused field the default instead
        # ("Forgot…" at sign-in, "Log out" on the lock screen), so Enter pressed that.
        self.ok_button.setDefault(True)
        grow_to_fit(self)
        (self.password if username else self.username).setFocus()

    def retranslate(self) -> None:
        """Every word of the dialog in the current language (again after a switch)."""
        locked = bool(self._locked_user)
        self.setWindowTitle(_("PeerHouse — locked") if locked else _("PeerHouse — sign in"))
        self.title.setText(pgettext("lock screen", "Locked") if locked
                           else _("Welcome to PeerHouse"))
        # On the lock screen Alt+U is Unlock's: the (read-only) username takes Alt+N.
        self.username_label.setText(_("User&name") if locked else _("&Username"))
        self.password_label.setText(_("&Password"))
        self.username.setAccessibleName(_("Username"))
        self.password.setAccessibleName(_("Password"))
        if self.recover_button is not None:
            self.recover_button.setText(_("Forgot the owner password?"))
            self.recover_button.setToolTip(_("Set a new owner password with the recovery code"))
        self.ok_button.setText(_("&Unlock") if locked else _("&Sign in"))
        self.leave_button.setText(_("&Log out") if locked else _("&Quit"))
        if self.switch is not None:
            self.switch.show_current()
        self.set_house_name(self._house_name)

    def switch_language(self, code: str) -> None:
        """"English | Español": this dialog and what opens after it speak `code`."""
        choose(code)
        self.retranslate()
        self.error.hide()
        self.language_chosen.emit(code)

    def set_house_name(self, house_name: str) -> None:
        """The greeting names the house once it is known (looked up off the UI thread)."""
        self._house_name = house_name
        if self.store is None:
            self.hint.setText(str(OPENING) if self._locked_user else _(
                "Opening the records… You can type your username and password meanwhile."))
            return
        if self._locked_user:
            self.hint.setText(_("The window locked itself to keep residents' records private. "
                                "Enter the password for {username} to carry on where you left "
                                "off.").format(username=self._locked_user))
        elif house_name:
            self.hint.setText(_("Sign in with your staff account for {house}.").format(
                house=house_name))
        else:
            self.hint.setText(_("Sign in with your staff account."))

    def set_store(self, store: Store) -> None:
        """The records are open: signing in works from now (at once, if it was asked for)."""
        self.store = store
        if self.recover_button is not None:
            self.recover_button.setEnabled(True)
        self.set_house_name(self._house_name)
        if self._submit_when_open:
            self._submit_when_open = False
            self.try_login()

    def recover_owner(self) -> RecoverOwnerDialog | None:
        """The recovery code sets a new owner password; then sign in with it."""
        if self.store is None:
            return None
        from peerhouse.ui.session.recover_owner import RecoverOwnerDialog

        dialog = RecoverOwnerDialog(self.store, self.username.text().strip(), self)

        def saved(username: object) -> None:
            self.username.setText(str(username))
            self.password.clear()
            self.password.setFocus()
            self._show_error(_("The new owner password is set. Sign in with it."), kind="Muted")

        dialog.saved.connect(saved)
        dialog.open()
        return dialog

    def _leave(self) -> None:
        if self._locked_user:
            from peerhouse.ui.widgets.common import confirm, leave_question

            titles = self._unsaved() if self._unsaved is not None else []
            text = (leave_question(titles) if titles else
                    _("Log out? Anything you had not saved yet will be lost."))
            if not confirm(self, _("Log out?"), text, _("Log out")):
                return
        super().reject()

    def reject(self) -> None:
        # Escape or closing the lock screen must never throw away unsaved work.
        if self._locked_user:
            return
        super().reject()

    def try_login(self) -> None:
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self._show_error(_("Enter your username and password."))
            return
        self.ok_button.setEnabled(False)
        self.error.hide()
        store = self.store
        if store is None:  # still opening: sign in the moment the records are open
            self._submit_when_open = True
            self.hint.setText(_("Opening the records… You will be signed in as soon as they are "
                                "open."))
            return

        def check() -> tuple[Actor, StaffView]:
            from peerhouse.services import accounts

            actor = accounts.login(store, user, password)
            return actor, accounts.me(store, actor)

        # The lock screen's own check: delivered even while other results wait for unlock.
        run_task(check, on_success=self._done, on_failure=self._failed, owner=self,
                 bypass_hold=True)

    def _done(self, result: tuple[Actor, StaffView]) -> None:
        self.actor, self.account = result
        self.password.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        ask_again(exc, self.password, self.ok_button, self._show_error)

    def _show_error(self, text: str, *, kind: str = "FieldError") -> None:
        self.error.setObjectName(kind)
        self.error.style().unpolish(self.error)
        self.error.style().polish(self.error)
        self.error.setText(text)
        self.error.show()
