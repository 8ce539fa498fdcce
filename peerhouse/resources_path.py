"""Where the `resources/` folder is, from the source tree and from a PyInstaller bundle.

Found the same way everywhere so icons, the theme and fonts never go missing in a
frozen build (PyInstaller unpacks data under `sys._MEIPASS`).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    path = resource_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"missing resource: {'/'.join(parts)}")
    return path
