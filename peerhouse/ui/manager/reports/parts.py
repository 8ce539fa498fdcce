"""A checkbox per part of a progress report, in plain words: what a consent covers (the
consent dialog) and what a report includes (Reports, limited to what the consent covers).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QSizePolicy, QWidget

from peerhouse.i18n import lazy
from peerhouse.models.consent import REPORT_PARTS, part_words

# What each part puts on paper, for the tooltip and the screen reader.
ABOUT = {
    "attendance": lazy("House meetings attended and outside meetings logged (AA, NA, SMART…)"),
    "checkins": lazy("How regularly the resident checked in — never what they answered"),
    "chores": lazy("Chores done, missed and excused"),
    "screens": lazy("The date, method, reason and result of each screen"),
    "goals": lazy("The goals the resident set and where they stand — never progress notes"),
}
LONG_LABEL = 28  # characters: a label longer than this puts the boxes in one column
NOT_COVERED = lazy("Not covered by this consent: the resident did not agree to share it.")
# The parts as a checkbox names them.
LABELS = {"attendance": lazy("Meeting attendance"), "checkins": lazy("Daily check-ins"),
          "chores": lazy("Chores"), "screens": lazy("Drug and alcohol screens"),
          "goals": lazy("Goals")}
# For a narrow table column, in a list; its tooltip gives the parts in full (`parts_text`).
SHORT = {"attendance": lazy("attendance"), "checkins": lazy("check-ins"),
         "chores": lazy("chores"), "screens": lazy("screens"), "goals": lazy("goals")}


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def part_label(key: str) -> str:
    return str(LABELS[key])


def parts_text(keys: Iterable[str]) -> str:
    """'Meeting attendance, daily check-ins' (report order; '' for none)."""
    return _capital(part_words(keys))


def short_parts_text(keys: Iterable[str]) -> str:
    """'Attendance, check-ins' (report order; '' for none)."""
    chosen = set(keys)
    return _capital(", ".join(str(SHORT[k]) for k in REPORT_PARTS if k in chosen))


class PartsPicker(QFrame):
    """Two columns of checkboxes, one per part, none ticked; `selected()` gives the keys ticked.

    Parts can be limited (`limit_to`): the others stay visible but cannot be ticked, so
    the list reads the same whichever consent is picked.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PartsPicker")
        self.setAccessibleName(name)
        # Never squeezed when an error line appears below it.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        self.boxes: dict[str, QCheckBox] = {}
        # Two columns, or one when a label is long (Spanish 'Pruebas de detección de drogas
        # y alcohol' was cut off in half the form's width).
        columns = 2 if max(len(part_label(k)) for k in REPORT_PARTS) <= LONG_LABEL else 1
        for i, key in enumerate(REPORT_PARTS):
            box = QCheckBox(part_label(key))
            box.setAccessibleName(part_label(key))
            box.setAccessibleDescription(str(ABOUT[key]))
            box.setToolTip(str(ABOUT[key]))
            grid.addWidget(box, i // columns, i % columns)
            self.boxes[key] = box
        # A label's mnemonic and a field error's focus land on the first box.
        self.setFocusProxy(next(iter(self.boxes.values())))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def selected(self) -> list[str]:
        return [k for k, box in self.boxes.items() if box.isEnabled() and box.isChecked()]

    def limit_to(self, keys: Iterable[str]) -> None:
        """Only `keys` can be ticked, and they are."""
        allowed = set(keys)
        for key, box in self.boxes.items():
            ok = key in allowed
            box.blockSignals(True)
            box.setEnabled(ok)
            box.setChecked(ok)
            box.blockSignals(False)
            box.setToolTip(str(ABOUT[key] if ok else NOT_COVERED))
        if first := next((b for k, b in self.boxes.items() if k in allowed), None):
            self.setFocusProxy(first)
