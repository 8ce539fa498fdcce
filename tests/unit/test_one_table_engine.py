"""One table-model engine: every table in the program is a RowsModel (configured with its
columns, roles and headers), so sorting, blanks, searching and selection follow one set
of rules. A model written from scratch on a Qt base class would bring its own."""

from __future__ import annotations

import ast
from pathlib import Path

import peerhouse

ROOT = Path(peerhouse.__file__).parent
ENGINE = "ui/tablemodels/rows.py"
# Qt's bases for a model of rows and columns (proxies over a RowsModel are fine).
MODEL_BASES = {"QAbstractTableModel", "QAbstractListModel", "QAbstractItemModel",
               "QStandardItemModel", "QStringListModel"}


def own_models(root: Path) -> list[str]:
    """Classes outside the engine built straight on a Qt model base, as 'file: class'."""
    found = []
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name == ENGINE:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {b.id if isinstance(b, ast.Name) else
                         b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases}
                if bases & MODEL_BASES:
                    found.append(f"{name}: {node.name}")
    return found


def test_every_table_model_is_a_rows_model():
    assert own_models(ROOT) == []


def test_the_check_sees_a_model_written_from_scratch(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "grid.py").write_text(
        "from PySide6 import QtCore\n"
        "class Grid(QtCore.QAbstractTableModel):\n    pass\n"
        "class Names(QStandardItemModel):\n    pass\n", "utf-8")
    assert own_models(tmp_path) == ["ui/grid.py: Grid", "ui/grid.py: Names"]
