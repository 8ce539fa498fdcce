"""Small modules and short functions: no module of the program over 400 lines and no
function over 80 (the project's rule; a longer one is split by what it builds or holds).
Migrations aside: each is the record of one schema change."""

from __future__ import annotations

import ast
from pathlib import Path

import peerhouse

ROOT = Path(peerhouse.__file__).parent
MAX_MODULE, MAX_FUNCTION = 400, 80


def sizes(root: Path) -> tuple[list[str], list[str]]:
    """The modules over MAX_MODULE lines and the functions over MAX_FUNCTION, by name."""
    long_modules, long_functions = [], []
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root.parent).as_posix()
        if "/migrations/versions/" in name:
            continue
        text = path.read_text("utf-8")
        if text.count("\n") > MAX_MODULE:
            long_modules.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION:
                    long_functions.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    return long_modules, long_functions


def test_no_module_over_400_lines_and_no_function_over_80():
    long_modules, long_functions = sizes(ROOT)
    assert long_modules == [] and long_functions == []


def test_the_size_check_sees_a_long_module_and_a_long_function(tmp_path):
    package = tmp_path / "peerhouse"
    (package / "store" / "migrations" / "versions").mkdir(parents=True)
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION))
    big = "def f():\n" + body + "\n" + "\n" * MAX_MODULE
    (package / "big.py").write_text(big, "utf-8")
    (package / "store" / "migrations" / "versions" / "0001_old.py").write_text(big, "utf-8")
    (package / "small.py").write_text("def g():\n    return 1\n", "utf-8")
    long_modules, long_functions = sizes(package)
    assert [m.split(":")[0] for m in long_modules] == ["peerhouse/big.py"]
    assert long_functions == [f"peerhouse/big.py:1 f: {MAX_FUNCTION + 1} lines"]
