"""Child processes of the benchmarks: the environment they run in, and running them.

A child sees what a real start would, except that the platform is offscreen and the
keyring is the test file keyring holding the demo database's key (as in the CLI tests).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from file_keyring import ENV as KEYRING_ENV

SUPPORT = Path(__file__).resolve().parent
ROOT = SUPPORT.parents[1]


def child_env(keyring_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERHOUSE_")}
    env.update({"QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
                KEYRING_ENV: str(keyring_file),
                "PYTHONPATH": os.pathsep.join([str(SUPPORT), str(ROOT)])})
    return env


def run_child(script: str, args: list[str], env: dict[str, str], cwd: Path, *,
              stdin: str = "", timeout_s: float = 300) -> subprocess.CompletedProcess[str]:
    """Run tests/support/`script` with this Python; fails loudly if it does not exit 0."""
    proc = subprocess.run([sys.executable, str(SUPPORT / script), *args], input=stdin,
                          text=True, capture_output=True, env=env, cwd=cwd, timeout=timeout_s)
    assert proc.returncode == 0, (f"{script} {args[:1]} exited with {proc.returncode}:\n"
                                  f"{proc.stderr[-3000:]}")
    return proc
