"""Drop-down choices in forms: the list, and what was chosen (or the field's error)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QComboBox

from peerhouse.errors import ValidationError

REQUIRED = "is required: please choose one."


def choice_box(values: Mapping[Any, str], placeholder: str = "", name: str = "") -> QComboBox:
    """value → label choices; a `placeholder` line first ("Choose…", holding None) where
    nothing may be chosen for someone by default; `name` for screen readers."""
    box = QComboBox()
    if placeholder:
        box.addItem(placeholder, None)
    for value, label in values.items():
        box.addItem(label, value)
    if name:
        box.setAccessibleName(name)
    return box


def chosen(box: QComboBox, field: str, problem: str = REQUIRED) -> Any:
    """What `box` holds, or a ValidationError naming `field` while nothing is chosen."""
    value = box.currentData()
    if value is None:
        raise ValidationError(field, problem)
    return value
