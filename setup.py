"""The package list for setuptools; everything else (the data files included) is in
pyproject.toml.

The top-level resources/ folder (icons, theme, fonts, help, and the screenshots the help
shows) is installed inside the package as `peerhouse.resources`, so a plain, non-editable
`pip install .` runs with all of them (peerhouse/resources_path.py finds them through
importlib). pyproject.toml alone cannot map a folder outside the package into it.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["peerhouse", "peerhouse.*"]),
              "peerhouse.resources"],
    package_dir={"peerhouse.resources": "resources"},
)
