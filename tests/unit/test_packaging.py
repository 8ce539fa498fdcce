"""A plain `pip install .` (not editable) ships the resources inside the package: what
setuptools puts in the wheel is built here (setup.py's build_py, the step that fills the
wheel, without network or the wheel tool) and the program, imported from it in another
folder, finds its theme, icons, fonts and help there."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from peerhouse.reports.fonts import FILES

ROOT = Path(__file__).parents[2]


def _build(target: Path) -> Path:
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(target)],
                   cwd=ROOT, check=True, capture_output=True)
    return target / "peerhouse" / "resources"


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_the_package_holds_every_resource_the_program_reads(tmp_path):
    shipped = _build(tmp_path / "lib")
    source = ROOT / "resources"
    for folder in ("icons", "theme", "fonts", "help"):  # help/es/ too: the whole tree
        assert _files(shipped / folder) == _files(source / folder), folder
    assert _files(source / "help" / "es"), "the Spanish guide is in the source"
    assert {f"fonts/{name}" for name in FILES.values()} <= {
        f"fonts/{p.name}" for p in (shipped / "fonts").iterdir()}
    shown = {name for page in (source / "help").rglob("*.md")
             for name in re.findall(r"\]\((?:\.\./)+screenshots/([^)\s]+)\)",
                                    page.read_text("utf-8"))}
    assert shown and shown == {p.name for p in (shipped / "screenshots").iterdir()}
    package = tmp_path / "lib" / "peerhouse"
    assert (package / "store" / "migrations" / "env.py").exists()
    assert [p.relative_to(package).as_posix() for p in package.glob("locale/**/*.mo")] == [
        p.relative_to(ROOT / "peerhouse").as_posix()
        for p in (ROOT / "peerhouse").glob("locale/**/*.mo")]


def test_the_installed_program_reads_them_from_the_package(tmp_path):
    lib = tmp_path / "lib"
    shipped = _build(lib)
    probe = ("import peerhouse, peerhouse.resources_path as r; "
             "print(peerhouse.__file__); print(r.resource('theme', 'light.qss'))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True, text=True,
                         capture_output=True, env={"PYTHONPATH": str(lib)}).stdout.split("\n")
    assert Path(out[0]).is_relative_to(lib)
    assert Path(out[1]) == shipped / "theme" / "light.qss"
