"""Text the services store: no control characters (a note may hold tabs and line breaks)
and never longer than the one table of limits says, refused with the field's name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerhouse.errors import ValidationError
from peerhouse.services import (
    chores,
    consent,
    goals,
    incidents,
    meetings,
    residents,
    resources,
    signouts,
    validate,
)
from peerhouse.services import text_limits as limits
from peerhouse.services.clock import now
from peerhouse.services.text_limits import TextLimit

# Every control character (C0, DEL, C1) but the two a note may hold.
CONTROLS = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]
BAD_IN_NOTES = [c for c in CONTROLS if c not in "\t\n\r"]  # \r is read as a line break
LIMITS = [v for v in vars(limits).values() if isinstance(v, TextLimit)]
WORDS = st.text(st.characters(categories=["L", "N", "Zs", "P", "S"]), min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LIMITS), WORDS, st.sampled_from(CONTROLS), WORDS)
def test_a_control_character_inside_text_is_refused_naming_the_field(limit, before, ch, after):
    value = f"x{before}{ch}{after}x"
    if limit.lines and ch in "\t\n\r":
        assert ch.replace("\r", "\n") in validate.text("notes", value, limit)
        return
    with pytest.raises(ValidationError) as info:
        validate.text("first name", value, limit)
    assert info.value.field == "first name"
    assert str(info.value).startswith(("First name cannot contain control characters",
                                       "First name must be one line"))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LIMITS), st.text(max_size=300))
def test_whatever_is_accepted_is_clean_and_within_the_limit(limit, typed):
    value = typed * (1 + limit.max_len // 300)  # also past every limit
    try:
        kept = validate.text("note", value, limit)
    except ValidationError as exc:
        assert exc.field == "note" and exc.message
        return
    assert len(kept) <= limit.max_len
    forbidden = BAD_IN_NOTES if limit.lines else CONTROLS
    assert not any(c in kept for c in forbidden)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in kept)


def test_too_long_says_the_limit_and_how_long_it_is():
    with pytest.raises(ValidationError) as info:
        validate.text("first name", "A" * 95, limits.NAME)
    assert str(info.value) == "First name must be at most 80 characters (it has 95)."
    assert validate.text("first name", "É" * 80, limits.NAME) == "É" * 80
    assert validate.text("notes", "one\r\ntwo\rthree\tfour", limits.NOTE) == "one\ntwo\nthree\tfour"


def _calls(house: Any) -> list[tuple[str, Callable[[str], object]]]:
    """(the field a refusal names, a service call storing `text` in that field)."""
    h, m, o = house.house_id, house.manager, house.owner
    res = house.admit("Alex", "Rivera")
    goal = goals.create_goal(house.store, m, res.id, "work", "Find a job")
    start = now() + timedelta(days=2)
    return [
        ("first name", lambda t: house.admit(t, "Rivera")),
        ("notes", lambda t: residents.edit(house.store, m, res.id, {"notes": t})),
        ("sponsor name", lambda t: residents.edit(house.store, m, res.id, {"sponsor_name": t})),
        ("chore name", lambda t: chores.create_chore(house.store, m, h,
                                                     chores.ChoreInput(t, frequency="daily"))),
        ("topic", lambda t: meetings.schedule(house.store, m, h, start, topic=t)),
        ("title", lambda t: goals.create_goal(house.store, m, res.id, "work", t)),
        ("note", lambda t: goals.add_note(house.store, m, goal.goal.id, t)),
        ("description", lambda t: incidents.record_incident(house.store, m, h, "conflict", t)),
        ("recipient", lambda t: consent.record_consent(
            house.store, m, res.id, recipient=t, purpose="Court", information="Attendance",
            parts="meetings", signed_on=now().date(), expires_on=now().date() + timedelta(30))),
        ("name", lambda t: resources.create_resource(house.store, o,
                                                      resources.ResourceInput(name=t, kind="clinic"))),
        ("destination", lambda t: signouts.sign_out(house.store, m, res.id, t)),
    ]


@pytest.mark.parametrize("bad", ["Al\x00ex", "Al\x1b[31mex", "Al\x9bex", "Al\x7fex"])
def test_services_refuse_control_characters_and_name_the_field(house, bad):
    for field, call in _calls(house):
        with pytest.raises(ValidationError) as info:
            call(bad)
        assert info.value.field == field, field
        assert "control characters" in str(info.value)


def test_services_refuse_over_long_text_and_name_the_field(house):
    for field, call in _calls(house):
        with pytest.raises(ValidationError) as info:
            call("x" * (limits.LONG_NOTE.max_len + 1))
        assert info.value.field == field
        assert "must be at most" in str(info.value)


def test_a_note_keeps_its_lines_and_tabs_and_a_name_is_one_line(house):
    res = house.admit("Alex", "Rivera")
    saved = residents.edit(house.store, house.manager, res.id, {"notes": "Line one\n\tLine two"})
    assert saved.notes == "Line one\n\tLine two"
    with pytest.raises(ValidationError, match="one line"):
        residents.edit(house.store, house.manager, res.id, {"last_name": "Ri\nvera"})
