"""Where the resources (icons, theme, fonts, help) are: in a PyInstaller bundle, in an
installed package, or in the source tree.

Found the same way everywhere so icons, the theme and fonts never go missing: a frozen
build unpacks them under `sys._MEIPASS/resources`; `pip install .` installs the top-level
resources/ folder as the package `peerhouse.resources` (setup.py), found through importlib;
a checkout without an install reads resources/ beside the package.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

PACKAGE = "peerhouse.resources"


def resource_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    spec = importlib.util.find_spec(PACKAGE)  # None in a source tree never installed
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (Path(folder) / "theme").is_dir():
            return Path(folder)
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    path = resource_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"missing resource: {'/'.join(parts)}")
    return path
