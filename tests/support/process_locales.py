"""PC locales for tests that show PeerHouse reads the same whatever the PC's language.

A test machine often has only the C locale. glibc's `localedef` can build es_ES, tr_TR
and de_DE from the locale sources into a private folder that `LOCPATH` points at (no
root, nothing system-wide); where that is impossible the tests skip and say why.
"""

from __future__ import annotations

import locale
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PC_LOCALES = ("es_ES.UTF-8", "tr_TR.UTF-8", "de_DE.UTF-8")
SOURCES = Path("/usr/share/i18n/locales")


def _works(name: str, env: dict[str, str]) -> bool:
    """Whether a fresh Python can set `name` (asked in a child: no state changes here)."""
    code = f"import locale; locale.setlocale(locale.LC_ALL, {name!r})"
    return subprocess.run([sys.executable, "-c", code], env={**os.environ, **env},
                          capture_output=True).returncode == 0


def locale_env(folder: Path, names: tuple[str, ...] = PC_LOCALES) -> dict[str, str]:
    """The environment that makes every one of `names` usable: {} if the PC has them,
    else LOCPATH to locales built into `folder`. Skips the test when it cannot be done."""
    if all(_works(n, {}) for n in names):
        return {}
    localedef = shutil.which("localedef")
    if localedef is None or not SOURCES.is_dir():
        pytest.skip(f"the PC lacks the locales {', '.join(names)} and glibc's localedef "
                    "or its locale sources (/usr/share/i18n/locales) to build them")
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [subprocess.Popen([localedef, "-i", n.split(".")[0], "-f", "UTF-8", str(folder / n)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for n in names if not (folder / n).is_dir()]
    for job in jobs:
        job.communicate()
    env = {"LOCPATH": str(folder)}
    missing = [n for n in names if not _works(n, env)]
    if missing:
        pytest.skip(f"localedef could not build {', '.join(missing)}")
    return env


@contextmanager
def pc_locale(name: str, env: dict[str, str]) -> Iterator[None]:
    """This process under the PC locale `name` (LC_ALL, as Qt sets it from LANG), then back."""
    before = locale.setlocale(locale.LC_ALL)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        locale.setlocale(locale.LC_ALL, name)
        yield
    finally:
        locale.setlocale(locale.LC_ALL, before)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
