"""The frozen build ships every file the program reads at run time (no missing icons,
theme or migrations in the PyInstaller bundle), and finds them where the source tree does.

build.spec is run here with PyInstaller's build steps replaced by recorders, so this test
needs no PyInstaller and takes milliseconds; `make dist` does the real build and
`make dist-check` tries the built program.
"""

from __future__ import annotations

import re
import sys
import tomllib
import types
from pathlib import Path
from typing import Any

import pytest

import peerhouse
from peerhouse import resources_path
from peerhouse.store import migrate

ROOT = Path(__file__).resolve().parents[2]
# What the stand-in for PyInstaller's get_imports answers: binary path -> libraries it links.
LINKS: dict[str, list[str]] = {}


class _Step:
    """Records the arguments of Analysis / EXE / COLLECT … and offers the attributes used."""

    made: list[_Step] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.pure = self.scripts = self.binaries = self.datas = []
        _Step.made.append(self)


class _Record:
    """Stands in for PyInstaller's version-info structures: keeps its arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs


def _run_spec(monkeypatch: pytest.MonkeyPatch, platform: str | None = None) -> dict[str, Any]:
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda *a, **k: []  # type: ignore[attr-defined]
    hooks.collect_submodules = lambda name, *a, **k: [name]  # type: ignore[attr-defined]
    bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    bindepend.get_imports = lambda path: {(n, f"/lib/{n}") for n in LINKS.get(path, [])}  # type: ignore[attr-defined]
    versioninfo = types.ModuleType("PyInstaller.utils.win32.versioninfo")
    for name in ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
                 "StringStruct", "VarFileInfo", "VarStruct"):
        setattr(versioninfo, name, type(name, (_Record,), {}))
    for name in ("PyInstaller", "PyInstaller.utils", "PyInstaller.depend",
                 "PyInstaller.utils.win32"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setitem(sys.modules, "PyInstaller.depend.bindepend", bindepend)
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.win32.versioninfo", versioninfo)
    sys.modules["PyInstaller.utils.win32"].versioninfo = versioninfo  # type: ignore[attr-defined]
    if platform:
        monkeypatch.setattr(sys, "platform", platform)
    _Step.made = []
    spec: dict[str, Any] = {"SPECPATH": str(ROOT), **{n: type(n, (_Step,), {}) for n in (
        "Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}}
    exec(compile((ROOT / "build.spec").read_text("utf-8"), "build.spec", "exec"), spec)
    return spec


def test_spec_bundles_every_resource_folder_and_the_migrations(monkeypatch):
    spec = _run_spec(monkeypatch)
    datas = {dest: Path(src) for src, dest in spec["datas"] if Path(src).is_dir()}
    # Every folder of resources/ the program reads (of the screenshots, only the help's).
    used = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()} - {"screenshots"}
    assert {f"resources/{name}" for name in used} <= set(datas)
    for src, dest in spec["datas"]:
        assert Path(src).exists(), f"{dest} comes from something that does not exist: {src}"
    # Alembic reads the migrations as files, next to the migrate module.
    rel = migrate.MIGRATIONS_DIR.relative_to(ROOT).as_posix()
    assert datas[rel] == migrate.MIGRATIONS_DIR
    assert list((migrate.MIGRATIONS_DIR / "versions").glob("*.py"))


def test_every_resource_the_code_names_is_in_a_bundled_folder(monkeypatch):
    spec = _run_spec(monkeypatch)
    bundled = {dest for _src, dest in spec["datas"]}
    named: set[str] = set()
    for path in (ROOT / "peerhouse").rglob("*.py"):
        for m in re.finditer(r"""resource\(\s*["'](\w+)["']""", path.read_text("utf-8")):
            named.add(f"resources/{m[1]}")
    assert named and named <= bundled


def test_the_pdf_fonts_ship_with_their_licences(monkeypatch):
    from peerhouse.reports.fonts import FILES

    spec = _run_spec(monkeypatch)
    datas = {dest: Path(src) for src, dest in spec["datas"]}
    folder = datas["resources/fonts"]
    readme = (folder / "README.md").read_text("utf-8")
    for file in FILES.values():
        assert (folder / file).is_file() and file in readme, file
    for licence in ("LICENSE-DejaVu.txt", "OFL-NotoEmoji.txt"):
        assert (folder / licence).stat().st_size > 1000 and licence in readme, licence


def test_the_help_pages_and_every_picture_they_show_are_bundled(monkeypatch):
    spec = _run_spec(monkeypatch)
    bundled = {(Path(src).resolve(), dest) for src, dest in spec["datas"]}
    help_dir = ROOT / "resources" / "help"
    assert (help_dir, "resources/help") in bundled
    pictures = {(page.parent / name).resolve() for page in help_dir.rglob("*.md")
                for name in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", page.read_text("utf-8"))}
    assert pictures, "the help pages show screenshots"
    for picture in pictures:
        assert picture.is_file(), f"a help page shows a missing picture: {picture}"
        assert (picture, "resources/screenshots") in bundled  # beside help/, as in the source
    shots = [src for src, dest in spec["datas"] if dest == "resources/screenshots"]
    assert len(shots) == len(pictures)  # only those: the rest are for the README


def _made(kind: str) -> list[_Step]:
    return [s for s in _Step.made if type(s).__name__ == kind]


def test_two_programs_share_one_folder(monkeypatch):
    _run_spec(monkeypatch, "linux")
    assert sorted((e.kwargs["name"], e.kwargs["console"]) for e in _made("EXE")) == [
        ("peerhouse", False), ("peerhouse-cli", True)]
    [coll] = _made("COLLECT")
    assert coll.kwargs["name"] == "peerhouse"  # dist/peerhouse/
    [analysis] = _made("Analysis")
    assert "pytest" in analysis.kwargs["excludes"]
    hidden = analysis.kwargs["hiddenimports"]
    assert {"sqlcipher3", "sqlalchemy.dialects.sqlite.pysqlcipher", "peerhouse",
            "faker.providers", "keyring.backends.Windows", "keyring.backends.macOS",
            "keyring.backends.SecretService"} <= set(hidden)
    assert not _made("BUNDLE") and all(e.kwargs["icon"] is None for e in _made("EXE"))


def test_version_comes_from_pyproject_and_matches_the_program(monkeypatch):
    spec = _run_spec(monkeypatch)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert spec["VERSION"] == pyproject["project"]["version"] == peerhouse.__version__


def test_windows_exes_carry_the_icon_and_version(monkeypatch):
    spec = _run_spec(monkeypatch, "win32")
    for exe in _made("EXE"):
        assert exe.kwargs["icon"].endswith("peerhouse.ico") and Path(exe.kwargs["icon"]).exists()
        info = exe.kwargs["version"]
        numbers = tuple(int(n) for n in spec["VERSION"].split(".")) + (0,)
        assert info.kwargs["ffi"].kwargs["filevers"][:len(numbers)] == numbers
        [table] = info.kwargs["kids"][0].args[0]
        strings = {s.args[0]: s.args[1] for s in table.args[1]}
        assert strings["ProductVersion"] == spec["VERSION"]
        assert strings["OriginalFilename"] == f"{exe.kwargs['name']}.exe"
    assert not _made("BUNDLE")


def test_macos_app_bundle_has_its_icon_and_version(monkeypatch):
    spec = _run_spec(monkeypatch, "darwin")
    [bundle] = _made("BUNDLE")
    assert bundle.kwargs["name"] == "PeerHouse.app"
    assert bundle.kwargs["icon"].endswith("peerhouse.icns") and Path(bundle.kwargs["icon"]).exists()
    assert bundle.kwargs["info_plist"]["CFBundleShortVersionString"] == spec["VERSION"]
    assert all(e.kwargs["version"] is None for e in _made("EXE"))


@pytest.mark.parametrize(("dest", "dropped"), [
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
    ("PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", True),
    ("libQt6Qml.so.6", True),
    ("PySide6\\Qt6QmlModels.dll", True),
    ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", True),
    ("PySide6/Qt/translations/qtbase_de.qm", True),
    ("PySide6/translations/qtbase_fr.qm", True),
    ("PySide6/Qt/translations/qt_es.qm", True),
    ("PySide6/Qt/translations/qtbase_es.qm", False),  # Qt's words in Spanish
    ("PySide6\\translations\\qtbase_es.qm", False),
    ("babel/locale-data/fr.dat", True),
    ("babel/locale-data/es_ES.dat", True),
    ("babel/locale-data/es_US.dat", False),
    ("babel/locale-data/root.dat", False),
    ("babel/global.dat", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6\\plugins\\iconengines\\qsvgicon.dll", False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", False),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
    ("PySide6/Qt/lib/libQt6PdfWidgets.so.6", False),
    ("PySide6/Qt/lib/libQt6PrintSupport.so.6", False),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),  # QtPdf links to it
    ("PySide6/Qt/lib/libQt6Svg.so.6", False),
    ("PySide6/Qt/lib/libQt6Charts.so.6", False),
])
def test_unused_qt_parts_are_left_out_and_the_used_ones_kept(monkeypatch, dest, dropped):
    spec = _run_spec(monkeypatch)
    assert bool(spec["UNUSED"].search(spec["_dest"]((dest, "", "BINARY")))) == dropped


def test_libraries_only_unused_parts_linked_to_go_too(monkeypatch):
    spec = _run_spec(monkeypatch)
    LINKS.clear()
    LINKS.update({"/src/libqgtk3.so": ["libgtk-3.so.0", "libglib-2.0.so.0"],
                  "/src/libgtk-3.so.0": ["libatk-1.0.so.0", "libglib-2.0.so.0"],
                  "/src/libQt6Core.so.6": ["libglib-2.0.so.0"]})
    binaries = [("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/src/libqgtk3.so", "BINARY"),
                ("libgtk-3.so.0", "/src/libgtk-3.so.0", "BINARY"),
                ("libatk-1.0.so.0", "/src/libatk-1.0.so.0", "BINARY"),
                ("libglib-2.0.so.0", "/src/libglib-2.0.so.0", "BINARY"),
                ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
                ("libgtk.so", "libgtk-3.so.0", "SYMLINK"),
                ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK")]
    try:
        gone = spec["unused_qt"](binaries)
    finally:
        LINKS.clear()
    assert gone == {"PySide6/Qt/plugins/platformthemes/libqgtk3.so", "libgtk-3.so.0",
                    "libatk-1.0.so.0"}
    assert [e[0] for e in spec["without"](binaries, gone)] == [
        "libglib-2.0.so.0", "PySide6/Qt/lib/libQt6Core.so.6", "libQt6Core.so.6"]


def test_frozen_program_finds_resources_in_the_bundle(monkeypatch, tmp_path):
    (tmp_path / "resources" / "theme").mkdir(parents=True)
    (tmp_path / "resources" / "theme" / "light.qss").write_text("/* */")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_path.resource("theme", "light.qss") == tmp_path / "resources/theme/light.qss"
    with pytest.raises(FileNotFoundError, match="missing resource: icons/none.svg"):
        resources_path.resource("icons", "none.svg")


def test_the_catalogs_and_the_cldr_data_of_every_language_ship(monkeypatch):
    from babel.core import get_global

    from peerhouse.i18n import catalog, language

    spec = _run_spec(monkeypatch)
    datas = {dest: Path(src) for src, dest in spec["datas"]}
    rel = catalog.LOCALE_DIR.relative_to(ROOT).as_posix()  # found next to peerhouse/i18n
    assert datas[rel] == catalog.LOCALE_DIR
    assert all(catalog.catalog_path(code).is_file() for code in language.LANGUAGES if code != "en")
    # Each language's CLDR locale and every locale it inherits from (es_US -> es_419 -> es).
    parents = get_global("parent_exceptions")
    needed = set()
    for name in language.CLDR_LOCALES.values():
        while name != "root":
            needed.add(name)
            name = parents.get(name) or "_".join(name.split("_")[:-1]) or "root"
    assert needed | {"root"} == set(spec["CLDR_LOCALES"])
