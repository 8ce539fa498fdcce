"""The audit log's "What" list names every family of actions in words, in either language."""

from __future__ import annotations

from peerhouse.i18n import use_language
from peerhouse.models.audit_actions import Action
from peerhouse.ui.manager.settings.audit import KNOWN_PREFIXES, in_the_log


def test_every_family_of_actions_has_its_words():
    families = {a.value.split(".", 1)[0] + "." for a in Action}
    assert families - {prefix for _label, prefix in KNOWN_PREFIXES} == set()


def test_the_logs_codes_are_introduced_in_the_readers_language():
    with use_language("es"):
        labels = {str(label) for label, _prefix in KNOWN_PREFIXES}
        assert "Timeline reads" not in labels and "Records file" not in labels
        assert in_the_log("staff:1") != "In the log as: staff:1"
    assert in_the_log("staff:1") == "In the log as: staff:1"
