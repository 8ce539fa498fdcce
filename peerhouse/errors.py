"""Errors that mean something to a person: each carries one clear sentence.

The sentence is a lazy Message (`WrongKey(lazy("That key does not open this database."))`),
so `str(exc)` reads in the current language: the kiosk's resident's, the window's staff
member's, the command line's `--language`.

They live at the bottom of the package so every layer can raise them and the CLI
and UI can show their message without a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peerhouse.i18n.message import Message


class PeerHouseError(Exception):
    """An expected failure whose message is safe and useful to show as it is."""


class ValidationError(PeerHouseError):
    """Bad input; `field` is the code of what to fix (a form maps it to its input).

    `message` is a whole sentence as a lazy Message (`lazy("Choose a bed.")`), shown in
    its reader's language as it is. A message with a `{field}` value
    (`lazy("{field} is required.", field=lazy("First name"))`, as services/validate.py
    makes them) names the field: a form puts its own on-screen label there (`text(shown)`).
    A plain str is the older fragment ("is required.") that a form puts after the
    field's name, in English only.
    """

    def __init__(self, field: str, message: str | Message) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    @property
    def whole(self) -> bool:
        """True when `message` is a whole sentence that reads as it is."""
        return not isinstance(self.message, str)

    def text(self, shown: str | None = None) -> str:
        """The sentence in the current language; `shown`: the form's label for the field,
        used for a `{field}` value. It starts with a capital letter."""
        message = self.message
        if isinstance(message, str):
            return f"{self.field}: {message}"
        if shown and "field" in message.params:
            message = message.with_values(field=shown)
        sentence = str(message)
        return sentence[:1].upper() + sentence[1:]

    def __str__(self) -> str:
        return self.text()


class PermissionDenied(PeerHouseError):
    """The acting user's role does not allow this."""


class AccountChanged(PermissionDenied):
    """The acting account changed since its window signed in: the window must catch up
    (services/unit.py raises it; the windows handle it in one place, ui/session_guard.py)."""


class AccountInactive(AccountChanged):
    """The staff account was turned off (or the resident no longer lives in the house)."""


class RoleChanged(AccountChanged):
    """The staff account's role is not the one its window was built for; `role` is the
    role it has now."""

    def __init__(self, message: str | Message, role: str) -> None:
        super().__init__(message)
        self.role = role


class NotFound(PeerHouseError):
    """A record that was asked for does not exist (or is not visible to this user)."""


class KeyUnavailable(PeerHouseError):
    """No key could be found to open the database (keyring empty, missing or locked)."""


class NoKeyring(KeyUnavailable):
    """This computer has no working keyring at all (not merely no key in it)."""


class RestoreUnfinished(PeerHouseError):
    """A restore was cut short and has not been finished yet (vault.finish_restore)."""


class WrongKey(PeerHouseError):
    """A key, password or recovery code that does not open this database."""


class DatabaseDamaged(PeerHouseError):
    """The file fails its integrity checks."""


class ChangesLost(DatabaseDamaged):
    """The records lack changes that were saved (and sealed) on this computer: `count` of
    them (0: an unknown number, the records were replaced by a different copy)."""

    def __init__(self, message: str | Message, count: int) -> None:
        super().__init__(message)
        self.count = count


class WriteFailed(PeerHouseError):
    """The disk refused a write (full, file too large, I/O error): nothing of it was saved."""


class ReadOnlyData(WriteFailed):
    """The data folder is read-only: nothing can be saved in it."""


class BackupInvalid(PeerHouseError):
    """A file that is not a usable PeerHouse backup (damaged, truncated or not a backup)."""


class DatabaseBusy(PeerHouseError):
    """Another process held the write lock for longer than the busy timeout."""


class SchemaTooNew(PeerHouseError):
    """The file was written by a newer PeerHouse."""


class AlreadyExists(PeerHouseError):
    """Set-up was asked to create something that is already there."""


class LockedOut(PeerHouseError):
    """Too many wrong passwords or PINs in a row."""


class AuthenticationFailed(PeerHouseError):
    """A wrong username, password or PIN."""
