"""Guards for how the windows write and hear of changes: every write of the records goes
through the runner as a WriteOp (which broadcasts its own Changes), and no window names a
change with a string topic."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from peerhouse.services.unit import Mode

UI = Path(__file__).resolve().parents[2] / "peerhouse" / "ui"
STRING_TOPIC = re.compile(r"""changed\(\s*["']|data_changed|ELSEWHERE""")


def _modules() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(UI.rglob("*.py"))]


def test_no_window_names_a_change_with_a_string():
    found = [f"{p.relative_to(UI.parent)}:{n}: {line.strip()}"
             for p, text in _modules() for n, line in enumerate(text.splitlines(), 1)
             if STRING_TOPIC.search(line)]
    assert found == [], "say what changed with a Changes (app/changes.py):\n" + "\n".join(found)


def _called(node: ast.expr) -> ast.expr | None:
    """What a run_task argument calls: `svc`, `partial(svc, …)` or `lambda: svc(…)`."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "partial" and node.args:
        return node.args[0]
    if isinstance(node, ast.Lambda) and isinstance(node.body, ast.Call):
        return node.body.func
    return node


def _resolve(module: object, node: ast.expr | None) -> object:
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.insert(0, node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    obj = module
    for name in [node.id, *names]:
        obj = getattr(obj, name, None)
    return obj


def test_every_write_service_runs_as_a_write_op():
    """A write service handed to the low-level `run_task` would change records without
    telling any window (and outside the one write thread): it must be a WriteOp."""
    found = []
    for path, text in _modules():
        name = ".".join(path.relative_to(UI.parents[1]).with_suffix("").parts)
        module = importlib.import_module(name)
        for node in ast.walk(ast.parse(text)):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "run_task"
                    and node.args):
                continue
            spec = getattr(_resolve(module, _called(node.args[0])), "spec", None)
            if spec is not None and spec.mode is Mode.WRITE:
                found.append(f"{path.relative_to(UI.parent)}:{node.lineno}")
    assert found == [], "run these as run_op(…, WriteOp(…)):\n" + "\n".join(found)
