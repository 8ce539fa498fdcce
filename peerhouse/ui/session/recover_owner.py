""""Forgot the owner password?": the recovery code from the safe sets a new one.

Offered at sign-in. The code proves the right to the records exactly as it does when
unlocking them, so it may also unlock an owner account locked by wrong passwords.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from peerhouse.app.records import Store
from peerhouse.errors import AuthenticationFailed, WrongKey
from peerhouse.i18n import _, lazy
from peerhouse.services import accounts
from peerhouse.services import text_limits as limits
from peerhouse.ui.manager.settings.forms import (
    PASSWORD_POLICY,
    password_field,
    same_passwords,
)
from peerhouse.ui.widgets.limits import limit_text
from peerhouse.ui.widgets.operation_dialog import OperationDialog

INTRO = lazy("The recovery code is on the recovery sheet kept in the safe. With it, an owner "
             "sets a new password (and an owner account locked by wrong passwords opens "
             "again).")


class RecoverOwnerDialog(OperationDialog):
    """Owner username, recovery code and a new password; `saved` carries the username."""

    inline_refusals = (AuthenticationFailed,)

    def __init__(self, store: Store, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Set a new owner password"), _("&Set new password"),
                         role="primary", default=True)
        self.build_form(f"{INTRO} {PASSWORD_POLICY}", min_width=500, stretch=True)
        self.store = store
        self.owner = self.add_field(_("&Owner username:"), QLineEdit(username), "username")
        limit_text(self.owner, limits.USERNAME)
        self.code = self.add_field(_("&Recovery code:"), password_field(_("Recovery code")),
                                   "recovery code")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new = self.add_field(_("&New password:"), password_field(_("New password")),
                                  "password")
        self.repeat = self.add_field(_("Re&peat new password:"),
                                     password_field(_("Repeat new password")), "repeat password")
        (self.code if username else self.owner).setFocus()

    def operation(self) -> Callable[[], Any]:
        same_passwords(self.new, self.repeat)
        store, user = self.store, self.owner.text().strip()
        code, new = self.code.text().strip(), self.new.text()

        def recover() -> str:
            accounts.recover_owner(store, user, code, new)
            return user

        return recover

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, WrongKey):  # shown at the code, not as a separate message box
            self.set_busy(False)
            self.errors.show_text(_("That is not the recovery code of these records. Check it "
                                    "against the recovery sheet."), "recovery code")
            return
        super()._failed(exc)
