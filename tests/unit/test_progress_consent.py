"""A progress report holds to the parts of a report the resident's consent covers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerhouse.models.consent import Consent
from peerhouse.services import consent as consents
from peerhouse.services.progress import resident_progress
from tests.support.audit_log import audit_details, house_today
from tests.support.setup_write import setup_write


def _events(store, action):
    return [details for _event, details in audit_details(store, action)]


@pytest.fixture
def alex(house):
    return house.admit("Alex", "Rivera")


def _consent(house, alex, parts):
    return consents.record_consent(
        house.store, house.manager, alex.id, recipient="County Probation Office",
        purpose="Court", information="Meeting attendance and check-ins", parts=parts,
        signed_on=house_today() - timedelta(days=5), expires_on=house_today() + timedelta(days=90))


def _report(house, alex, consent_id, sections=None):
    today = house_today()
    return resident_progress(house.store, house.manager, alex.id, consent_id,
                             today - timedelta(days=4), today, sections)


def test_without_sections_exactly_the_consents_parts(house, alex):
    c = _consent(house, alex, ["checkins", "attendance"])
    progress = _report(house, alex, c.id)
    assert progress.sections == ("attendance", "checkins")
    assert progress.screens == () and progress.goals == ()
    assert _events(house.store, "report.resident")[-1]["sections"] == ["attendance", "checkins"]
    # A part of them may be asked for; it is all that is read and recorded.
    assert _report(house, alex, c.id, ["checkins"]).sections == ("checkins",)
    assert _events(house.store, "report.resident")[-1]["sections"] == ["checkins"]


def test_a_part_outside_the_consent_is_refused_and_the_refusal_audited(house, alex):
    c = _consent(house, alex, ["attendance", "checkins"])
    with pytest.raises(consents.ConsentDoesNotCover) as refused:
        _report(house, alex, c.id, ["attendance", "screens"])
    assert str(refused.value) == (
        "This consent does not cover drug and alcohol screens. The resident agreed to share: "
        "meeting attendance, daily check-ins.")
    with pytest.raises(consents.ConsentNotCurrent, match=r"^This consent does not cover "
                       r"chores, drug and alcohol screens or goals\. "):
        _report(house, alex, c.id, ["goals", "screens", "chores"])
    assert _events(house.store, "report.resident") == []  # nothing was disclosed
    assert _events(house.store, "report.resident_refused") == [
        {"consent_id": c.id, "not_covered": ["screens"]},
        {"consent_id": c.id, "not_covered": ["chores", "screens", "goals"]}]


def test_a_consent_recorded_without_parts_covers_no_report(house, alex):
    """Consents from before parts were kept (migrated with parts '') must be recorded again."""
    c = _consent(house, alex, ["attendance"])
    with setup_write(house.store) as s:
        row = s.get(Consent, c.id)
        row.parts = ""
        s.add(row)
    for sections in (None, ["attendance"]):
        with pytest.raises(consents.ConsentDoesNotCover,
                           match="Record the consent again .* with the parts they agreed to "
                                 "checked"):
            _report(house, alex, c.id, sections)
    assert _events(house.store, "report.resident") == []
    assert _events(house.store, "report.resident_refused") == [
        {"consent_id": c.id, "not_covered": []}] * 2


def test_currency_is_checked_before_parts(house, alex):
    c = _consent(house, alex, ["attendance"])
    consents.revoke_consent(house.store, house.manager, c.id)
    with pytest.raises(consents.ConsentNotCurrent, match="revoked") as refused:
        _report(house, alex, c.id, ["screens"])
    assert not isinstance(refused.value, consents.ConsentDoesNotCover)
    assert _events(house.store, "report.resident_refused") == [{"consent_id": c.id}]
