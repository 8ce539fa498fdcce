"""The package list for setuptools; everything else is in pyproject.toml.

The top-level resources/ folder (icons, theme, fonts, help, and the screenshots the help
shows) is installed inside the package as `peerhouse.resources`, so a plain, non-editable
`pip install .` runs with all of them (peerhouse/resources_path.py finds them through
importlib). pyproject.toml alone cannot map a folder outside the package into it.
"""

import re
from pathlib import Path

from setuptools import find_namespace_packages, setup

HELP = Path(__file__).parent / "resources" / "help"
# Of resources/screenshots only the pictures the help pages show (the rest are for the
# README), as in build.spec.
SHOTS = sorted({f"screenshots/{name}" for page in HELP.glob("*.md")
                for name in re.findall(r"\]\(\.\./screenshots/([^)\s]+)\)",
                                       page.read_text("utf-8"))})

setup(
    packages=[*find_namespace_packages(include=["peerhouse", "peerhouse.*"]),
              "peerhouse.resources"],
    package_dir={"peerhouse.resources": "resources"},
    package_data={
        "peerhouse.store": ["migrations/*.py", "migrations/versions/*.py", "migrations/*.mako"],
        "peerhouse.resources": ["*.png", "icons/*", "theme/*", "fonts/*", "help/*", *SHOTS],
    },
)
