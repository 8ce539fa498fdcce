"""The language the manager window needs: the signed-in staff member's own (the window is
built in it at sign-in)."""

from __future__ import annotations

from peerhouse.i18n import ENGLISH
from peerhouse.services import languages
from peerhouse.services.unit import Unit

__all__ = ["own_language"]


def own_language(u: Unit) -> str:
    """The signed-in staff member's language ('en' for anyone else, and with no choice)."""
    staff_id = u.actor.staff_id
    return languages.staff_language(u.session, staff_id) if staff_id is not None else ENGLISH

