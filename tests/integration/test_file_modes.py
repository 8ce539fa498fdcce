"""Every file PeerHouse writes that holds names or secrets is 0600, every folder it makes
0700, whatever the umask: each writer runs here under umask 000 (the most open one), and
the modes are read back — the files in the data folder, the backups (and their `.partial`
file while it is being written), the recovery sheet, report PDFs, CSV exports and logs."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from peerhouse.cli import support as cli_support
from peerhouse.paths import DataPaths
from peerhouse.reports.common import save_pdf
from peerhouse.services import backups, residents_csv
from peerhouse.store import backup_file, restore
from tests.conftest import OWNER_PASSWORD

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def open_modes(folder: Path) -> dict[str, str]:
    """Everything under `folder` (itself included) whose mode is not private."""
    found = {}
    for item in [folder, *folder.rglob("*")]:
        want = 0o700 if item.is_dir() else 0o600
        if mode(item) != want:
            found[str(item.relative_to(folder.parent))] = oct(mode(item))
    return found


def _run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "peerhouse", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=120,
                          preexec_fn=lambda: os.umask(0))
    assert proc.returncode == 0, proc.stderr
    return proc


def test_the_command_line_writes_private_files_under_umask_000(tmp_path):
    out = tmp_path / "out"
    out.mkdir(mode=0o777)
    os.chmod(out, 0o777)
    sheet = out / "sheet.pdf"
    _run(["init", "--house", "Maple House", "--owner", "olivia", "--password-stdin",
          "--recovery-sheet", str(sheet)], OWNER_PASSWORD + "\n")
    _run(["backup"])  # the other writers run in-process below (each subprocess is slow)
    paths = DataPaths.resolve()
    assert paths.db.exists() and list(paths.backups.iterdir())
    assert open_modes(paths.root) == {}
    assert {p.name: oct(mode(p)) for p in out.iterdir()} == {"sheet.pdf": "0o600"}


def test_writers_in_process_under_umask_000(house, tmp_path, monkeypatch):
    house.admit("Alex", "Rivera")
    out = tmp_path / "out"
    out.mkdir()
    partial_modes: list[int] = []
    real_write = backup_file.write

    def watching(dest: Path, manifest, keys, db, progress=None) -> None:
        def watch(done: int, total: int) -> None:
            partial_modes.append(mode(dest))
            if progress is not None:
                progress(done, total)
        real_write(dest, manifest, keys, db, watch)

    monkeypatch.setattr(backup_file, "write", watching)
    with umask(0):
        made = backups.back_up(house.store, house.owner, folder=out).entry.path
        residents_csv.export_residents(house.store, house.manager, out / "r.csv")
        # An existing, world-readable file replaced by an export becomes private too.
        (out / "old.csv").write_text("x")
        os.chmod(out / "old.csv", 0o644)
        residents_csv.export_residents(house.store, house.manager, out / "old.csv")
        save_pdf(out / "report.pdf", b"%PDF-1.4 confidential")
        # The window's log, and the command line's note for support.
        from peerhouse.ui.qt_app import setup_logging

        root = logging.getLogger()
        before = list(root.handlers)
        try:
            setup_logging(house.paths)
            logging.getLogger("peerhouse.test").warning("a line")
        finally:
            for handler in root.handlers[len(before):]:
                handler.close()
                root.removeHandler(handler)
        assert cli_support._log_unexpected(house.paths, "test", RuntimeError()) is not None
        house.store.close()
        key = restore.backup_key(house.paths, made, password=OWNER_PASSWORD)
        restore.restore_backup(house.paths, made, key)
    assert partial_modes and set(partial_modes) == {0o600}, partial_modes
    assert (house.paths.logs / "peerhouse.log").exists()
    assert open_modes(house.paths.root) == {}
    assert {p.name: oct(mode(p)) for p in out.iterdir()} == {
        n: "0o600" for n in (made.name, "r.csv", "old.csv", "report.pdf")}
