"""Which language each resident, staff account and house reads (no row: English).

The language is a person's or a house's setting, never the PC's: a resident's kiosk
screens and papers are in theirs, a staff member's manager window in theirs, a house's
board and meeting papers in the house's (or both, `bilingual`). Readers take a Session so
the kiosk, the papers and sign-in can ask inside the unit they already hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from peerhouse.errors import ValidationError
from peerhouse.i18n import ENGLISH, LANGUAGES, lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.houses import House
from peerhouse.models.languages import LanguageChoice
from peerhouse.models.people import Resident, StaffAccount
from peerhouse.services.actor import ActorKind
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, reads, writes


@dataclass(frozen=True)
class HouseLanguage:
    """A house's papers: in `language`, or in both languages when `bilingual`."""

    language: str = ENGLISH
    bilingual: bool = False


def _row(session: Session, column: str, key: int) -> LanguageChoice | None:
    return session.exec(select(LanguageChoice).where(
        getattr(LanguageChoice, column) == key)).first()


def resident_language(session: Session, resident_id: int) -> str:
    row = _row(session, "resident_id", resident_id)
    return row.language if row else ENGLISH


def staff_language(session: Session, staff_id: int) -> str:
    row = _row(session, "staff_id", staff_id)
    return row.language if row else ENGLISH


def house_language(session: Session, house_id: int) -> HouseLanguage:
    row = _row(session, "house_id", house_id)
    return HouseLanguage(row.language, row.bilingual) if row else HouseLanguage()


def _chosen(session: Session, column: str) -> dict[int, str]:
    """Every language that is not English among residents or staff accounts (`column`),
    by id, in one query."""
    key = getattr(LanguageChoice, column)
    rows = session.exec(select(key, LanguageChoice.language).where(key.is_not(None))).all()
    return {k: language for k, language in rows if language != ENGLISH}


def residents_languages(session: Session) -> dict[int, str]:
    """Every resident's language that is not English, by resident id (for lists, CSV)."""
    return _chosen(session, "resident_id")


def staff_languages(session: Session) -> dict[int, str]:
    """Every staff account's language that is not English, by account id."""
    return _chosen(session, "staff_id")


def checked_language(code: str) -> str:
    """`code` if PeerHouse speaks it; else a ValidationError naming the choices."""
    if code not in LANGUAGES:
        raise ValidationError("language", lazy(
            "Choose English or Spanish as the language (not '{code}').", code=code))
    return code


def _save(u: Unit, column: str, key: int, language: str, bilingual: bool = False) -> None:
    row = _row(u.session, column, key) or LanguageChoice(**{column: key})
    before = (row.language, row.bilingual) if row.id is not None else (ENGLISH, False)
    if before == (language, bilingual):
        return
    row.language, row.bilingual = language, bilingual
    u.session.add(row)
    u.session.flush()
    u.audit(Action.LANGUAGE_SET, column.removesuffix("_id"), key, language=language,
            bilingual=bilingual)


@reads(Perm.RESIDENTS_READ, own="resident_id")
def language_of_resident(u: Unit, resident_id: int) -> str:
    return resident_language(u.session, resident_id)


@writes(Perm.RESIDENTS_MANAGE, own="resident_id")
def set_resident_language(u: Unit, resident_id: int, language: str) -> None:
    """Staff who manage residents set a resident's language (at admission or later)."""
    checked_language(language)
    u.get(Resident, resident_id, lazy("That resident is not in the records."))
    _save(u, "resident_id", resident_id, language)


@writes(Perm.ACCOUNTS_MANAGE)
def set_staff_language(u: Unit, staff_id: int, language: str) -> None:
    """The owner sets any staff account's language."""
    checked_language(language)
    u.get(StaffAccount, staff_id, lazy("That staff account is not in the records."))
    _save(u, "staff_id", staff_id, language)


@writes(Perm.OWN_LANGUAGE)
def choose_own_language(u: Unit, language: str) -> None:
    """Whoever acts chooses their own: a staff member for their manager window, a
    resident at the kiosk for their screens and papers."""
    checked_language(language)
    if u.actor.kind is ActorKind.RESIDENT and u.actor.id is not None:
        _save(u, "resident_id", u.actor.id, language)
    elif u.actor.kind is ActorKind.STAFF and u.actor.id is not None:
        _save(u, "staff_id", u.actor.id, language)
    else:
        raise ValidationError("language", lazy("Only a person chooses their own language."))


@writes(Perm.HOUSES_MANAGE, house="house_id")
def set_house_language(u: Unit, house_id: int, language: str, bilingual: bool = False) -> None:
    checked_language(language)
    u.get(House, house_id, lazy("That house is not in the records."))
    _save(u, "house_id", house_id, language, bilingual)


@reads(Perm.HOUSES_READ, house="house_id")
def language_of_house(u: Unit, house_id: int) -> HouseLanguage:
    return house_language(u.session, house_id)
