"""The languages the manager window needs: the signed-in staff member's own (the window
is built in it at sign-in) and every staff account's (the owner's Staff accounts tab)."""

from __future__ import annotations

from peerhouse.i18n import ENGLISH
from peerhouse.services import accounts, languages
from peerhouse.services.unit import Unit

__all__ = ["own_language", "staff_languages"]


def own_language(u: Unit) -> str:
    """The signed-in staff member's language ('en' for anyone else, and with no choice)."""
    staff_id = u.actor.staff_id
    return languages.staff_language(u.session, staff_id) if staff_id is not None else ENGLISH


def staff_languages(u: Unit) -> dict[int, str]:
    """Every staff account's language by account id (an owner's read: it lists accounts)."""
    return {a.id: languages.staff_language(u.session, a.id) for a in accounts.list_accounts(u)}
