"""Small modules and functions: no module of the program over 400 lines, no function over
80 (migrations aside: each is a record of one schema change)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[2] / "peerhouse"
MAX_MODULE, MAX_FUNCTION = 400, 80
# The windows over the limits today: the arch-ui branch splits them. Remove each entry as
# it goes; nothing may be added.
ALLOWED_UNTIL_ARCH_UI = {
    "ui/app.py", "ui/manager/residents.py", "ui/manager/settings_house.py",
    "ui/manager/today.py", "ui/manager/chores_dialogs.py:__init__",
    "ui/manager/chores_week.py:__init__", "ui/manager/residents.py:_build_list",
    "ui/manager/settings_backups.py:__init__",
}


def _too_big() -> set[str]:
    found = set()
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("store/migrations/versions/"):
            continue
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE:
            found.add(rel)
        for node in ast.walk(ast.parse(text)):
            if (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                    and node.end_lineno is not None
                    and node.end_lineno - node.lineno + 1 > MAX_FUNCTION):
                found.add(f"{rel}:{node.name}")
    return found


def test_no_module_over_400_lines_and_no_function_over_80():
    assert _too_big() - ALLOWED_UNTIL_ARCH_UI == set()
