"""Guards for how the windows write and hear of changes: every write of the records goes
through the runner as a WriteOp (which broadcasts its own Changes), and no window names a
change with a string topic."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

from peerhouse.services.unit import Mode, Unit

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


# -- reads: a window asks the records for something as a ReadOp, through run_op ----------

# `run_task` sites that call the records' services and are not a window's read, by file
# and callable: the session around the windows (the house's name before sign-in, the
# signed-in facts, the account checked again on activation, the kiosk's start), the change
# watch's notices, PIN hashing before its write, backups and the first-open check, PDFs
# saved or printed with their audit event, the whole-file check and the recovery sheet.
NOT_A_READ = {
    ("app.py", "list_houses"), ("app.py", "session_facts"), ("app.py", "refresh"),
    ("app_kiosk.py", "start"), ("manager/live.py", "check"),
    ("manager/residents/actions.py", "reset_pin"), ("manager/settings/backups.py", "back_up"),
    ("session/open_check.py", "work"), ("manager/reports/pdf_panel.py", "_save"),
    ("manager/reports/pdf_panel.py", "_print"), ("manager/settings/audit.py", "check_records"),
    ("manager/settings/security.py", "make_code_and_sheet"),
}


def _reads_records(module: object, fn: object) -> bool:
    """A declared service, a function of a Unit, or a loader of the application layer
    taking (store, actor, …): what a window should run as a ReadOp (or WriteOp)."""
    if fn is None or not callable(fn):
        return False
    if hasattr(fn, "spec"):
        return True
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    first = [p.name for p in params[:2]]
    owner = getattr(fn, "__module__", "") or ""
    return (bool(params) and params[0].annotation in ("Unit", Unit)) or (
        owner.startswith(("peerhouse.app", "peerhouse.services")) and first == ["store", "actor"])


def _local_defs(tree: ast.AST) -> dict[str, list[ast.AST]]:
    found: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.setdefault(node.name, []).append(node)
    return found


def _calls_in(node: ast.AST) -> list[ast.expr]:
    return [n.func for n in ast.walk(node) if isinstance(n, ast.Call)]


def test_no_window_reads_the_records_through_run_task():
    """A window's read of the records is a ReadOp run by `run_op`: handing a service, a
    function of a Unit or an app loader to `run_task` — directly, in a `partial` or a
    lambda, or inside a local function — is reported (the one shape for reads)."""
    found, allowed = [], set()
    for path, text in _modules():
        name = ".".join(path.relative_to(UI.parents[1]).with_suffix("").parts)
        module = importlib.import_module(name)
        tree = ast.parse(text)
        local = _local_defs(tree)
        where = path.relative_to(UI).as_posix()
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "run_task"
                    and node.args):
                continue
            target = _called(node.args[0])
            label = target.attr if isinstance(target, ast.Attribute) else getattr(
                target, "id", "")
            inner = [target] + [c for d in local.get(label, []) for c in _calls_in(d)]
            if isinstance(node.args[0], ast.Lambda):
                inner += _calls_in(node.args[0])
            if any(_reads_records(module, _resolve(module, c)) for c in inner):
                if (where, label) in NOT_A_READ:
                    allowed.add((where, label))
                else:
                    found.append(f"{where}:{node.lineno} ({label})")
    assert found == [], "run these reads as run_op(…, ReadOp(…)):\n" + "\n".join(found)
    assert allowed == NOT_A_READ, f"no longer there, drop: {NOT_A_READ - allowed}"
