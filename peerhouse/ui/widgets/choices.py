"""Drop-down choices in forms: the list, and what was chosen (or the field's error)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QComboBox

from peerhouse.errors import ValidationError
from peerhouse.i18n import ENGLISH, SPANISH, Message, lazy

# Each language in its own name, never translated: a person who reads only one of them
# finds it in either language's window.
LANGUAGE_NAMES: dict[str, str] = {ENGLISH: "English", SPANISH: "Español"}

# Whole sentence: the form names the field with its own label (`{field}`).
REQUIRED = lazy("{field} is required: please choose one.")


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


def chosen(box: QComboBox, field: str, problem: str | Message = REQUIRED) -> Any:
    """What `box` holds, or a ValidationError naming `field` while nothing is chosen
    (`problem`: a whole sentence, its `{field}` the form's label; a str is the older
    English fragment put after the field's name)."""
    value = box.currentData()
    if value is None:
        if isinstance(problem, Message) and "{field}" in problem.msgid \
                and "field" not in problem.params:
            problem = problem.with_values(field=field)
        raise ValidationError(field, problem)
    return value


def language_box(current: str = ENGLISH, name: str = "") -> QComboBox:
    """English / Español, each in its own name; `current` chosen."""
    box = choice_box(LANGUAGE_NAMES, name=name)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box
