"""Disclosure consents: nothing about a resident leaves the house without a current one.

A consent names one recipient, the purpose and what may be shared — in the resident's
own words and as the parts of a progress report it covers — and runs from the day it is
signed until the day it expires (that day is no longer covered) or the day it is revoked.
Revoking is final and the revoked consent stays on record, so the file shows what was
allowed at any past date. Reports call `check_current` and `check_parts` inside the
transaction of the disclosure.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from sqlmodel import col, select

from peerhouse.clock_text import date_text
from peerhouse.errors import PermissionDenied, ValidationError
from peerhouse.i18n import Message, lazy
from peerhouse.models.audit_actions import Action
from peerhouse.models.consent import REPORT_PARTS, Consent, part_words
from peerhouse.services import lookups, validate
from peerhouse.services import text_limits as limits
from peerhouse.services.permissions import Perm
from peerhouse.services.unit import Unit, audited, reads, writes


class ConsentNotCurrent(PermissionDenied):
    """No current consent covers this disclosure; the message says why."""


class ConsentDoesNotCover(ConsentNotCurrent):
    """The consent is current but does not cover (all of) what was asked for.

    `outside` names the parts asked for that it does not cover; it is empty for a consent
    recorded before parts were kept, which covers none.
    """

    def __init__(self, message: str | Message, outside: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.outside = outside


_SIGNED, _REVOKED = lazy("Signed on"), lazy("Revoked on")


class ConsentState(StrEnum):
    CURRENT = "current"
    NOT_YET_SIGNED = "not_yet_signed"
    EXPIRED = "expired"
    REVOKED = "revoked"


def consent_state(consent: Consent, on: date) -> ConsentState:
    """Where a consent stands on a day (revocation wins over expiry)."""
    if consent.revoked_on is not None and consent.revoked_on <= on:
        return ConsentState.REVOKED
    if on < consent.signed_on:
        return ConsentState.NOT_YET_SIGNED
    if on >= consent.expires_on:
        return ConsentState.EXPIRED
    return ConsentState.CURRENT


def is_current(consent: Consent, on: date) -> bool:
    """True when the consent covers a disclosure made on `on`."""
    return consent_state(consent, on) is ConsentState.CURRENT


def check_part_keys(parts: Iterable[str] | str | None) -> tuple[str, ...]:
    """The parts a consent covers, in report order: at least one, each a known key.

    A string is read as a comma-separated list.
    """
    given = parts.split(",") if isinstance(parts, str) else list(parts or ())
    return known_parts("parts", given, lazy(
        "Check at least one part of the progress report the resident agreed to share."))


def known_parts(field: str, given: Iterable[str], empty: Message) -> tuple[str, ...]:
    """Report part keys in report order; ValidationError on `field` for an unknown or no part."""
    keys = {p.strip() for p in given if p and p.strip()}
    unknown = sorted(keys - set(REPORT_PARTS))
    if unknown:
        raise ValidationError(field, lazy(
            "'{part}' is not a part of a progress report; choose from {parts}.",
            part=unknown[0], parts=", ".join(REPORT_PARTS)))
    if not keys:
        raise ValidationError(field, empty)
    return tuple(k for k in REPORT_PARTS if k in keys)


@writes(Perm.CONSENTS_MANAGE)
def record_consent(
    u: Unit, resident_id: int, *, recipient: str, purpose: str, information: str,
    parts: Iterable[str] | str, signed_on: date | str, expires_on: date | str,
) -> Consent:
    """Record a signed consent form: `information` in the form's words, `parts` the parts
    of a progress report it covers (keys of REPORT_PARTS)."""
    recipient = validate.text("recipient", recipient, limits.LINE, required=True,
                              label=lazy("Recipient"))
    purpose = validate.text("purpose", purpose, limits.SHORT_NOTE, required=True,
                            label=lazy("Purpose"))
    information = validate.text("information to share", information, limits.NOTE,
                                required=True, label=lazy("Information to share"))
    keys = check_part_keys(parts)
    signed = validate.parse_date("signed on", signed_on, required=True, label=_SIGNED)
    expires = validate.parse_date("expires on", expires_on, required=True,
                                  label=lazy("Expires on"))
    assert signed is not None and expires is not None
    if expires <= signed:
        raise ValidationError("expires on", lazy(
            "The expiry date must be after the day the consent was signed."))
    res = lookups.resident(u.session, resident_id)
    validate.not_future("signed on", signed, lookups.today(u.session, res.house_id),
                        label=_SIGNED)
    consent = Consent(resident_id=resident_id, recipient=recipient, purpose=purpose,
                      information=information, parts=",".join(keys), signed_on=signed,
                      expires_on=expires, recorded_by=u.actor.staff_id)
    u.session.add(consent)
    u.session.flush()
    u.audit(Action.CONSENT_RECORD, "consent", consent.id, resident_id=resident_id, parts=list(keys))
    return consent


@writes(Perm.CONSENTS_MANAGE)
def revoke_consent(u: Unit, consent_id: int, revoked_on: date | str | None = None) -> Consent:
    """Record that the resident withdrew a consent; it cannot be un-revoked."""
    day = validate.parse_date("revoked on", revoked_on, label=_REVOKED)
    consent = _consent(u, consent_id)
    if consent.revoked_on is not None:
        raise ValidationError("revoked on", lazy(
            "This consent was already revoked on {day}; a revocation cannot be undone — "
            "record a new consent instead.", day=date_text(consent.revoked_on)))
    res = lookups.resident(u.session, consent.resident_id)
    today = lookups.today(u.session, res.house_id)
    day = day or today
    validate.not_future("revoked on", day, today, label=_REVOKED)
    if day < consent.signed_on:
        raise ValidationError("revoked on", lazy(
            "The revocation date cannot be before the day the consent was signed."))
    consent.revoked_on = day
    u.session.add(consent)
    u.audit(Action.CONSENT_REVOKE, "consent", consent_id, resident_id=consent.resident_id)
    return consent


@audited(Perm.CONSENTS_READ, own="resident_id")
def consents_for(u: Unit, resident_id: int) -> list[Consent]:
    """Every consent a resident has signed, revoked and expired ones included, newest first.

    Audited: who a resident shares information with is itself private.
    """
    u.audit(Action.CONSENT_READ, "resident", resident_id)
    return list(u.session.exec(select(Consent).where(Consent.resident_id == resident_id)
                               .order_by(col(Consent.signed_on).desc(), col(Consent.id).desc())))


@audited(Perm.CONSENTS_READ)
def get_consent(u: Unit, consent_id: int) -> Consent:
    """One consent (audited: who a resident shares information with is itself private)."""
    u.audit(Action.CONSENT_READ, "consent", consent_id)
    consent = _consent(u, consent_id)
    # Refused here, the event is rolled back together with the read.
    u.require(Perm.CONSENTS_READ, resident_id=consent.resident_id)
    return consent


@reads(Perm.CONSENTS_READ, own="resident_id")
def current_consent(u: Unit, consent_id: int, resident_id: int, on: date) -> Consent:
    """The consent, if it lets this resident's information be disclosed on `on`.

    Raises ConsentNotCurrent (a PermissionDenied) naming the reason otherwise.
    """
    return check_current(u.session.get(Consent, consent_id), resident_id, on)


def check_current(consent: Consent | None, resident_id: int, on: date) -> Consent:
    """`consent` if it covers a disclosure about this resident on `on`; else ConsentNotCurrent.

    For services that check the consent inside the transaction of the disclosure itself.
    """
    if consent is None:
        raise ConsentNotCurrent(lazy("No consent on record allows this disclosure."))
    if consent.resident_id != resident_id:
        raise ConsentNotCurrent(lazy("That consent was signed for a different resident."))
    state = consent_state(consent, on)
    if state is ConsentState.REVOKED:
        assert consent.revoked_on is not None
        raise ConsentNotCurrent(lazy(
            "That consent was revoked on {day}; nothing may be shared.",
            day=date_text(consent.revoked_on)))
    if state is ConsentState.NOT_YET_SIGNED:
        raise ConsentNotCurrent(lazy("That consent only starts on {day}.",
                                     day=date_text(consent.signed_on)))
    if state is ConsentState.EXPIRED:
        raise ConsentNotCurrent(lazy("That consent expired on {day}; a new one is needed.",
                                     day=date_text(consent.expires_on)))
    return consent


def check_parts(consent: Consent, wanted: Iterable[str] | None) -> tuple[str, ...]:
    """The parts to disclose: `wanted` (known keys) if the consent covers every one of
    them, or all the consent's parts when `wanted` is None; else ConsentDoesNotCover.

    Called with the consent read in the transaction of the disclosure itself.
    """
    agreed = consent.part_keys
    if not agreed:
        raise ConsentDoesNotCover(lazy(
            "This consent was recorded before PeerHouse kept the parts a resident agrees to "
            "share, so it covers no progress report. Record the consent again on the "
            "resident's page (Consents) with the parts they agreed to checked."))
    if wanted is None:
        return agreed
    outside = tuple(k for k in REPORT_PARTS if k in set(wanted) and k not in agreed)
    if outside:
        raise ConsentDoesNotCover(lazy(
            "This consent does not cover {parts}. The resident agreed to share: {agreed}.",
            parts=_either(outside), agreed=_PartWords(agreed)), outside)
    return tuple(k for k in agreed if k in set(wanted))


class _PartWords:
    """Report parts that read as words in whatever language a message renders in."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = tuple(keys)

    def __str__(self) -> str:
        return part_words(self.keys)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _either(keys: Iterable[str]) -> Message | _PartWords:
    """'chores, drug and alcohol screens or goals'."""
    *rest, last = keys
    if not rest:
        return _PartWords([last])
    return lazy("{some} or {last}", some=_PartWords(rest), last=_PartWords([last]))


def _consent(u: Unit, consent_id: int) -> Consent:
    return u.get(Consent, consent_id, lazy("That consent is not on record."))

