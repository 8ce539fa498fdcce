"""Audit action codes are one vocabulary: an enum with the words the audit log shows
beside each code. Guards: every code has words, and no code is written as a bare string
(which could have none)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from peerhouse.models.audit_actions import ENTITY_WORDS, Action, action_text, entity_text

ROOT = Path(__file__).parents[2] / "peerhouse"
AREAS = sorted({a.value.split(".")[0] for a in Action})
CODE = re.compile(r"^(" + "|".join(AREAS) + r")\.[a-z_]+(\.[a-z_]+)*$")
# Where events are written (the windows write none themselves); not the permission names
# or the schema, which look like codes.
WRITERS = ("services/", "store/", "app/", "cli")
SKIP = ("store/migrations/", "services/permissions.py")


def test_every_code_has_its_words():
    assert len({a.value for a in Action}) == len(Action)
    for action in Action:
        assert CODE.match(action.value), action.value
        assert action.words and action.words[0].isupper(), action.value
        assert action_text(action) == action.words
    assert action_text("kiosk.something_new") == "Kiosk: something new"  # still words
    assert entity_text("checkin") == "Check-in" and "resident" in ENTITY_WORDS


def _literals() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if not rel.startswith(WRITERS) or rel.startswith(SKIP):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef)
                      and n.body and isinstance(n.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docstrings and CODE.match(node.value)):
                found.append((f"{rel}:{node.lineno}", node.value))
    return found


def test_no_audit_code_is_a_bare_string():
    """The guard: below the windows every event names an `Action` member, so a new code
    is declared with its words or the program does not run."""
    assert _literals() == []


@pytest.mark.parametrize("how", ["saved", "printed"])
def test_codes_made_from_parts_are_declared(how):
    assert Action(f"report.{how}").words
