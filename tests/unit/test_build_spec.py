"""The frozen build ships every file the program reads at run time (no missing icons,
theme or migrations in the PyInstaller bundle), and finds them where the source tree does.

build.spec is run here with PyInstaller's build steps replaced by recorders, so this test
needs no PyInstaller and takes milliseconds; `make build` does the real build.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from peerhouse import resources_path
from peerhouse.store import migrate

ROOT = Path(__file__).resolve().parents[2]


class _Step:
    """Records the arguments of Analysis / EXE / COLLECT … and offers the attributes used."""

    made: list[_Step] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.pure = self.scripts = self.binaries = self.datas = []
        _Step.made.append(self)


def _run_spec(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda *a, **k: []  # type: ignore[attr-defined]
    hooks.collect_submodules = lambda name, *a, **k: [name]  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    _Step.made = []
    spec: dict[str, Any] = {"SPECPATH": str(ROOT), **{n: type(n, (_Step,), {}) for n in (
        "Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}}
    exec(compile((ROOT / "build.spec").read_text("utf-8"), "build.spec", "exec"), spec)
    return spec


def test_spec_bundles_every_resource_folder_and_the_migrations(monkeypatch):
    spec = _run_spec(monkeypatch)
    datas = {dest: Path(src) for src, dest in spec["datas"]}
    # Every folder of resources/ the program reads (screenshots are for the README only).
    used = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()} - {"screenshots"}
    assert {f"resources/{name}" for name in used} <= set(datas)
    for dest, src in datas.items():
        assert src.is_dir(), f"{dest} comes from a folder that does not exist: {src}"
    # Alembic reads the migrations as files, next to the migrate module.
    rel = migrate.MIGRATIONS_DIR.relative_to(ROOT).as_posix()
    assert datas[rel] == migrate.MIGRATIONS_DIR
    assert list((migrate.MIGRATIONS_DIR / "versions").glob("*.py"))
    assert Path(spec["icon_file"]).exists()


def test_every_resource_the_code_names_is_in_a_bundled_folder(monkeypatch):
    spec = _run_spec(monkeypatch)
    bundled = {dest for _src, dest in spec["datas"]}
    named: set[str] = set()
    for path in (ROOT / "peerhouse").rglob("*.py"):
        for m in re.finditer(r"""resource\(\s*["'](\w+)["']""", path.read_text("utf-8")):
            named.add(f"resources/{m[1]}")
    assert named and named <= bundled


def test_two_programs_share_one_folder(monkeypatch):
    _run_spec(monkeypatch)
    exes = [s for s in _Step.made if type(s).__name__ == "EXE"]
    assert sorted((e.kwargs["name"], e.kwargs["console"]) for e in exes) == [
        ("PeerHouse", False), ("peerhouse-cli", True)]
    [analysis] = [s for s in _Step.made if type(s).__name__ == "Analysis"]
    assert "pytest" in analysis.kwargs["excludes"]
    hidden = analysis.kwargs["hiddenimports"]
    assert {"sqlcipher3", "peerhouse", "faker.providers"} <= set(hidden)


def test_frozen_program_finds_resources_in_the_bundle(monkeypatch, tmp_path):
    (tmp_path / "resources" / "theme").mkdir(parents=True)
    (tmp_path / "resources" / "theme" / "light.qss").write_text("/* */")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_path.resource("theme", "light.qss") == tmp_path / "resources/theme/light.qss"
    with pytest.raises(FileNotFoundError, match="missing resource: icons/none.svg"):
        resources_path.resource("icons", "none.svg")
