"""`make dist-check`: try the built program (dist/peerhouse/) the way a house PC runs it.

The bundle is copied to a fresh temporary folder and every command runs from there, in an
empty working folder, with a minimal environment: no virtual environment or source tree on
the PATH, no PYTHONPATH, a fresh data folder, a fresh temp folder and Qt offscreen. The only
thing taken from the source tree is the test keyring (tests/support/file_keyring.py), which
the program's keyring library loads through its own config file (keyringrc.cfg), because a
build machine has no desktop keyring; the command-line steps that need no keyring read the
owner password from standard input like a scheduled task does.

Checked: --version; first run shows the set-up wizard (picture taken, nothing created);
demo (with its recovery sheet); both weekly reports (PDFs with pages and the right words,
the confidential one password-protected); backup; check; the manager window (signed in)
and the kiosk open and close cleanly, pictured; no traceback and no logged error; nothing
readable left in the temp folder; the kiosk in Spanish (PEERHOUSE_LANGUAGE=es) shows a
message of PeerHouse's Spanish catalog and Qt's Spanish Cancel, pictured (kiosk-es.png).
Also every library a bundled binary links to is in the bundle (so leaving Qt parts out
broke nothing), and the Qt plugins for the screen, SVG icons and printing are there. Pictures are kept in dist/dist-check/ to be looked at.

Usage: .venv/bin/python tests/dist_check.py [dist/peerhouse] [--shots DIR]
Not collected by pytest (`make test`): it needs the built program.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
FAKE_KEYRING = ROOT / "tests" / "support" / "file_keyring.py"
PASSWORD = "a calm morning walk"
PDF_PASSWORD = "summary-pass-1"
EXE = ".exe" if os.name == "nt" else ""
# Qt plugins the windows need, per system: a screen (and offscreen for this check), the SVG
# icons and printing (on macOS printing is part of the cocoa plugin).
NEEDED_PLUGINS = {
    "linux": ["platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
              "imageformats/libqsvg.so", "iconengines/libqsvgicon.so",
              "printsupport/libcupsprintersupport.so"],
    "win32": ["platforms/qwindows.dll", "platforms/qoffscreen.dll", "imageformats/qsvg.dll",
              "iconengines/qsvgicon.dll", "printsupport/windowsprintersupport.dll"],
    "darwin": ["platforms/libqcocoa.dylib", "platforms/libqoffscreen.dylib",
               "imageformats/libqsvg.dylib", "iconengines/libqsvgicon.dylib"],
}
# (Qt's translations: only qtbase_es.qm ships, see check_languages.)
NEVER_SHIPPED = ["pytest", "hypothesis", "pypdf", "pdfplumber", "importlinter", "ruff",
                 "PySide6/QtQml", "PySide6/QtQuick"]


class Failed(Exception):
    """One check did not hold: the message says which and why."""


def expect(condition: object, message: str) -> None:
    if not condition:
        raise Failed(message)


# --- the bundle's files ---------------------------------------------------------------

def internal(bundle: Path) -> Path:
    return bundle / "_internal" if (bundle / "_internal").is_dir() else bundle


def check_files(bundle: Path) -> str:
    inner = internal(bundle)
    for rel in ("resources/icons/peerhouse.svg", "resources/theme/light.qss",
                "resources/theme/kiosk.qss", "peerhouse/store/migrations/env.py",
                "tzdata/zoneinfo/America/Chicago"):
        expect((inner / rel).is_file(), f"{rel} is missing from the bundle")
    expect(list((inner / "peerhouse/store/migrations/versions").glob("*.py")),
           "the migration scripts are missing from the bundle")
    plugins = next((p for p in (inner / "PySide6/Qt/plugins", inner / "PySide6/plugins")
                    if p.is_dir()), None)
    expect(plugins, "the Qt plugins folder is missing")
    assert plugins is not None
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    for rel in NEEDED_PLUGINS.get(platform, []):
        expect((plugins / rel).is_file(), f"Qt plugin {rel} is missing")
    for rel in NEVER_SHIPPED:
        expect(not (inner / rel).exists(), f"{rel} is in the bundle but is never used")
    return f"resources, migrations, time zones, {len(NEEDED_PLUGINS.get(platform, []))} " \
           f"Qt plugins present; nothing test-only; {check_languages(inner)}"


def check_languages(inner: Path) -> str:
    """The Spanish catalog, Qt's Spanish words and the CLDR data of both languages; none
    of Qt's other translations nor Babel's other ~1000 locales."""
    for rel in ("peerhouse/locale/es/LC_MESSAGES/peerhouse.mo", "babel/global.dat",
                "babel/locale-data/en_US.dat", "babel/locale-data/es_US.dat"):
        expect((inner / rel).is_file(), f"{rel} is missing from the bundle")
    qt = [p.name for p in inner.glob("PySide6/**/translations/*.qm")]
    expect(qt == ["qtbase_es.qm"], f"Qt translations in the bundle: {qt}")
    cldr = sorted(p.stem for p in (inner / "babel/locale-data").glob("*.dat"))
    expect(len(cldr) <= 6, f"{len(cldr)} CLDR locales in the bundle: {cldr[:10]} …")
    return f"Spanish catalog, qtbase_es and {len(cldr)} CLDR locales"


def _is_binary(path: Path) -> bool:
    name = path.name.lower()
    return path.is_file() and not path.is_symlink() and (
        ".so" in name or name.endswith((".dll", ".pyd", ".dylib")))


def check_links(bundle: Path) -> str:
    """Every library a bundled binary links to is in the bundle, unless it is one that
    comes with the system (not with a Python package: those must be bundled)."""
    from PyInstaller.depend.bindepend import get_imports

    inner = internal(bundle)
    files = [p for p in inner.rglob("*") if _is_binary(p)]
    present = {p.name.lower() for p in inner.rglob("*")}
    site = Path(sysconfig.get_paths()["platlib"])
    packaged = {p.name.lower() for p in site.rglob("*") if _is_binary(p)}
    missing: dict[str, set[str]] = {}
    for path in files:
        for name, _full in get_imports(str(path), search_paths=[str(inner)]):
            base = Path(name).name.lower()
            if base not in present and base in packaged:
                missing.setdefault(base, set()).add(str(path.relative_to(inner)))
    expect(not missing, "libraries left out of the bundle are still needed: " + "; ".join(
        f"{lib} (by {', '.join(sorted(users)[:3])})" for lib, users in sorted(missing.items())))
    return f"{len(files)} binaries: every library they link to is there"


# --- running the built program --------------------------------------------------------

class Run:
    """The copied bundle, the minimal environment and the folders of one check."""

    def __init__(self, bundle: Path, base: Path) -> None:
        self.base = base
        self.app = base / "app"
        shutil.copytree(bundle, self.app, symlinks=True)
        self.cwd = base / "work"
        self.temp = base / "temp"
        self.data = base / "data"
        for folder in (self.cwd, self.temp, base / "home", base / "config" / "python_keyring",
                       base / "keyring-backend"):
            folder.mkdir(parents=True)
        shutil.copy(FAKE_KEYRING, base / "keyring-backend" / FAKE_KEYRING.name)
        # keyring reads its config from XDG_CONFIG_HOME (Linux, macOS) or LOCALAPPDATA.
        for folder in (base / "config" / "python_keyring", base / "local" / "Python Keyring"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "keyringrc.cfg").write_text(
                "[backend]\ndefault-keyring = file_keyring.FileKeyring\n"
                f"keyring-path = {base / 'keyring-backend'}\n", "utf-8")
        screen = base / "screen.json"  # a 1280x800 offscreen screen, like a small kiosk
        screen.write_text(json.dumps({"screens": [{
            "name": "check", "x": 0, "y": 0, "width": 1280, "height": 800,
            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), "utf-8")
        venv = Path(sys.prefix).resolve()
        path = [p for p in os.environ.get("PATH", "").split(os.pathsep)
                if p and not Path(p).resolve().is_relative_to(venv)
                and not Path(p).resolve().is_relative_to(ROOT)]
        self.env = {
            "PATH": os.pathsep.join(path), "HOME": str(base / "home"), "LANG": "C.UTF-8",
            "TMPDIR": str(self.temp), "TEMP": str(self.temp), "TMP": str(self.temp),
            "XDG_CONFIG_HOME": str(base / "config"), "XDG_DATA_HOME": str(base / "home"),
            "PEERHOUSE_DATA_DIR": str(self.data),
            "PEERHOUSE_TEST_KEYRING_FILE": str(base / "keyring.json"),
            "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        }
        if os.name == "nt":  # (not tried yet: CI runs this on Linux)
            self.env.update({"LOCALAPPDATA": str(base / "local"), "APPDATA": str(base / "home"),
                             "USERPROFILE": str(base / "home")})
            for name in ("SYSTEMROOT", "WINDIR", "COMSPEC"):  # Windows cannot start without them
                if name in os.environ:
                    self.env[name] = os.environ[name]
        # On Windows the windowed program has no standard input or output: the console one
        # opens the same windows.
        self.windows = "peerhouse-cli" if os.name == "nt" else "peerhouse"

    def program(self, name: str) -> Path:
        return self.app / f"{name}{EXE}"

    def __call__(self, name: str, *args: str, stdin: str = "", timeout: float = 300,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([str(self.program(name)), *args], input=stdin, text=True,
                              capture_output=True, cwd=self.cwd, env={**self.env, **(env or {})},
                              timeout=timeout)
        shown = " ".join(args[:3])
        expect(proc.returncode == 0, f"`{name} {shown}` exited with {proc.returncode}:\n"
                                     f"{proc.stdout}\n{proc.stderr}")
        expect("Traceback" not in proc.stderr + proc.stdout,
               f"`{name} {shown}` printed a traceback:\n{proc.stderr}")
        return proc


def pdf_text(path: Path, password: str = "") -> tuple[int, str]:
    data = path.read_bytes()
    expect(data.startswith(b"%PDF"), f"{path.name} is not a PDF")
    reader = PdfReader(path)
    if password:
        expect(reader.is_encrypted and reader.decrypt(password), f"{path.name} is not "
                                                                 "protected by its password")
    pages = len(reader.pages)
    expect(pages >= 1, f"{path.name} has no pages")
    return pages, " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


def check_picture(path: Path, width: int, height: int, *, at_least: float = 1.0) -> None:
    """A real picture of a window: the right size (at most `width`x`height`, and at least
    `at_least` of each), and not one flat colour."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    expect(not image.isNull(), f"{path.name} is not a picture")
    got = (image.width(), image.height())
    expect(all(limit * at_least <= side <= limit for side, limit in
               zip(got, (width, height), strict=True)),
           f"{path.name} is {got[0]}x{got[1]}, not {width}x{height}"
           + (f" or a little smaller (to {at_least:.0%})" if at_least < 1 else ""))
    width, height = got
    colours = {image.pixel(x, y) for x in range(0, width, 7) for y in range(0, height, 7)}
    expect(len(colours) > 20, f"{path.name} looks blank ({len(colours)} colours)")


def smoke_line(proc: subprocess.CompletedProcess[str], window: str) -> str:
    found = re.search(r"^smoke: (\w+) '([^']*)' (\d+)x(\d+) saved to (.+)$", proc.stdout,
                      re.MULTILINE)
    expect(found and found[1] == window, f"expected the {window}, got: {proc.stdout.strip()}")
    assert found is not None
    return found[0]


# --- the steps ------------------------------------------------------------------------

def steps(run: Run, shots: Path) -> list[tuple[str, Callable[[], str]]]:
    facts: dict[str, str] = {}
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]

    def versions() -> str:
        for name in sorted({run.windows, "peerhouse-cli"}):
            out = run(name, "--version").stdout.strip()
            expect(out == f"peerhouse {version}", f"{name} --version said {out!r}")
        return f"peerhouse {version}"

    def first_run() -> str:
        empty = run.base / "empty"
        shot = shots / "first-run.png"
        proc = run(run.windows, "gui", "--data-dir", str(empty), "--smoke-screenshot", str(shot))
        line = smoke_line(proc, "SetupWizard")
        check_picture(shot, *map(int, re.findall(r"(\d+)x(\d+)", line)[0]))
        expect(not (empty / "peerhouse.db").exists() and not (empty / "peerhouse.keys").exists(),
               "the first-run window created records before the wizard was finished")
        return line

    def demo() -> str:
        sheet = run.cwd / "recovery-sheet.pdf"
        proc = run("peerhouse-cli", "demo", "--owner", "olivia", "--password-stdin",
                   "--recovery-sheet", str(sheet), stdin=PASSWORD + "\n")
        code = re.search(r"^Recovery code: (\S+)$", proc.stdout, re.MULTILINE)
        expect(code, f"demo printed no recovery code:\n{proc.stdout}")
        assert code is not None
        expect("no secure keyring" not in proc.stdout, "the test keyring was not used")
        pages, text = pdf_text(sheet)
        expect(code[1] in text, "the recovery sheet does not show the recovery code")
        sheet.unlink()  # a recovery sheet is never left lying around
        return proc.stdout.splitlines()[0]

    def report(kind: str) -> str:
        out = run.cwd / f"{kind}.pdf"
        args = ["report", "weekly", "--kind", kind, "--out", str(out), "--user", "olivia",
                "--password-stdin"]
        stdin = PASSWORD + "\n"
        if kind == "manager":
            args.append("--pdf-password-stdin")
            stdin += PDF_PASSWORD + "\n"
        proc = run("peerhouse-cli", *args, stdin=stdin)
        house = re.search(r" of (.+) for \d{4}-W\d\d (?:\(.+\) )?to ", proc.stdout)
        expect(house, f"unexpected output: {proc.stdout}")
        assert house is not None
        facts["house"] = house[1]
        pages, text = pdf_text(out, PDF_PASSWORD if kind == "manager" else "")
        expect(house[1] in text, f"the {kind} PDF does not name the house")
        if kind == "manager":
            expect("CONFIDENTIAL" in text.upper(), "the manager summary is not marked confidential")
        else:
            expect("988" in text, "the house board does not show the crisis line")
        out.unlink()
        return f"{pages} page{'s' if pages != 1 else ''}; {proc.stdout.splitlines()[0]}"

    def backup() -> str:
        usb = run.base / "usb"
        usb.mkdir()
        proc = run("peerhouse-cli", "backup", "--to", str(usb), "--keep")
        files = list(usb.glob("*.phbackup"))
        expect(len(files) == 1 and files[0].stat().st_size > 0, f"no backup in {usb}")
        return proc.stdout.strip().splitlines()[0]

    def check() -> str:
        proc = run("peerhouse-cli", "check", "--password-stdin", stdin=PASSWORD + "\n")
        lines = proc.stdout.strip().splitlines()
        expect(lines[-1] == "All checks passed." and all(
            ln.startswith("ok ") for ln in lines[:-1]), f"check did not pass:\n{proc.stdout}")
        return "; ".join(ln.split(":")[0].removeprefix("ok").strip() for ln in lines[:-1])

    def manager_window() -> str:
        shot = shots / "manager-window.png"
        before = set((run.data / "backups").glob("*"))
        proc = run(run.windows, "gui", "--smoke-screenshot", str(shot), "--smoke-sign-in",
                   "olivia", stdin=PASSWORD + "\n")
        line = smoke_line(proc, "MainWindow")
        # The window fills the screen less room for its frame (ui/window_fit.py).
        check_picture(shot, 1280, 800, at_least=0.9)
        after = set((run.data / "backups").glob("*"))
        return line + f"; closing made {len(after - before)} automatic backup(s)"

    def kiosk() -> str:
        shot = shots / "kiosk.png"
        proc = run(run.windows, "kiosk", "--smoke-screenshot", str(shot))
        line = smoke_line(proc, "KioskWindow")
        check_picture(shot, 1280, 800)
        return line

    def spanish_kiosk() -> str:
        """The kiosk in Spanish from the bundle alone: PeerHouse's catalog and Qt's own
        Spanish words were bundled and are read (the smoke line shows one of each as the
        windows would), pictured for a person to look at."""
        shot = shots / "kiosk-es.png"
        proc = run(run.windows, "kiosk", "--smoke-screenshot", str(shot),
                   env={"PEERHOUSE_LANGUAGE": "es"})
        line = smoke_line(proc, "KioskWindow")
        check_picture(shot, 1280, 800)
        language = re.search(r"^smoke-language: (\w+) '([^']*)' '([^']*)'$", proc.stdout,
                             re.MULTILINE)
        expect(language, f"the kiosk did not say its language:\n{proc.stdout}")
        assert language is not None
        expect(language[1] == "es", f"the kiosk speaks {language[1]!r}, not Spanish")
        expect(language[2].startswith("Semana del "), "PeerHouse's Spanish catalog is not "
               f"read from the bundle (a catalog message shows {language[2]!r})")
        expect(language[3] == "Cancelar", "Qt's Spanish translation is not read from the "
               f"bundle (its Cancel button shows {language[3]!r})")
        return f"{language[0]}; {line}"

    def leftovers() -> str:
        log = run.data / "logs" / "peerhouse.log"
        text = log.read_text("utf-8") if log.exists() else ""
        bad = [ln for ln in text.splitlines() if " ERROR " in ln or " CRITICAL " in ln]
        expect(not bad, "the log has errors:\n" + "\n".join(bad[:5]))
        readable = [p for p in run.temp.rglob("*") if p.is_file()
                    and p.read_bytes().startswith((b"SQLite format 3\x00", b"%PDF"))]
        expect(not readable, f"readable records left in the temp folder: {readable}")
        return f"no errors in the log; nothing readable in the temp folder " \
               f"({sum(1 for p in run.temp.rglob('*') if p.is_file())} files there)"

    return [("version", versions), ("first run", first_run), ("demo", demo),
            ("report weekly --kind board", lambda: report("board")),
            ("report weekly --kind manager", lambda: report("manager")),
            ("backup", backup), ("check", check), ("manager window", manager_window),
            ("kiosk", kiosk), ("kiosk in Spanish", spanish_kiosk), ("leftovers", leftovers)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", default=str(ROOT / "dist" / "peerhouse"))
    parser.add_argument("--shots", default=str(ROOT / "dist" / "dist-check"),
                        help="where the pictures of the windows go")
    args = parser.parse_args(argv)
    bundle = Path(args.bundle).resolve()
    shots = Path(args.shots).resolve()
    if not (bundle / f"peerhouse{EXE}").is_file():
        print(f"dist-check: no built program in {bundle} (run `make dist`)", file=sys.stderr)
        return 1
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    start = time.monotonic()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="peerhouse-dist-check-") as tmp:
        checks = [("bundle files", lambda: check_files(bundle)),
                  ("linked libraries", lambda: check_links(bundle))]
        run = Run(bundle, Path(tmp))
        for name, step in checks + steps(run, shots):
            began = time.monotonic()
            try:
                detail = step()
            except (Failed, subprocess.TimeoutExpired) as exc:
                failures += 1
                print(f"FAIL  {name}: {exc}", flush=True)
                if name in ("demo", "version"):
                    break  # nothing after it can run
                continue
            print(f"ok    {name} ({time.monotonic() - began:.1f} s): {detail}", flush=True)
    total = time.monotonic() - start
    if failures:
        print(f"dist-check: {failures} check(s) failed ({total:.0f} s).", file=sys.stderr)
        return 1
    print(f"dist-check: the built program works from {bundle.name}/ alone ({total:.0f} s); "
          f"pictures in {shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
