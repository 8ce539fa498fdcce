"""Integration fixtures: one small demo database made by the real CLI, shared by the tests
that need realistic data (the foundation acceptance checks, the bit-flip and fuzz tests)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from peerhouse.paths import DataPaths

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small demo database, made once by the real CLI and copied for each test."""
    base = tmp_path_factory.mktemp("demo")
    support = str(Path(__file__).parents[1] / "support")
    env = {**os.environ, "PEERHOUSE_DATA_DIR": str(base / "data"),
           "PEERHOUSE_TEST_KEYRING_FILE": str(base / "keyring.json"),
           "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring", "PYTHONPATH": support}
    proc = subprocess.run(
        [sys.executable, "-m", "peerhouse", "demo", "--owner", "olivia", "--password-stdin",
         "--seed", "3", "--years", "0.5"],
        input=DEMO_PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT, env=env,
        timeout=300)
    assert proc.returncode == 0, proc.stderr
    code = re.search(r"^Recovery code: (\S+)$", proc.stdout, re.MULTILINE)
    assert code is not None
    (base / "recovery-code.txt").write_text(code[1])
    return base


@pytest.fixture
def demo_code(demo_template: Path) -> str:
    """The demo set-up's recovery code (printed once by `peerhouse demo`)."""
    return (demo_template / "recovery-code.txt").read_text()


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> DataPaths:
    """A copy of the demo database in this test's data dir, its key in this test's keyring."""
    shutil.copytree(demo_template / "data", tmp_path / "data")
    shutil.copy(demo_template / "keyring.json", os.environ["PEERHOUSE_TEST_KEYRING_FILE"])
    return DataPaths.resolve()
