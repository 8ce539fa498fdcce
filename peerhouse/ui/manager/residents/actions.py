"""Residents section actions beyond the form: record a move-out, move house, reset a PIN.

Each saves as a WriteOp through the runner (an OperationDialog) and asks before anything that cannot be
simply undone; wording is person-first ("moved out", "a return to use").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from peerhouse.app.ops import WriteOp
from peerhouse.i18n import Message
from peerhouse.models.enums import ExitReason
from peerhouse.models.labels import EXIT_REASON_LABELS
from peerhouse.services import pins, residents
from peerhouse.services import text_limits as limits
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.residents.form import DateField, FormErrors, scrolling_form
from peerhouse.ui.manager.residents.table import ResidentRow, fmt_date
from peerhouse.ui.widgets.choices import choice_box, chosen
from peerhouse.ui.widgets.common import confirm, muted
from peerhouse.ui.widgets.limits import limited_line
from peerhouse.ui.widgets.operation_dialog import OperationDialog
from peerhouse.ui.widgets.windows import window_column
from peerhouse.ui.workers import run_task

# Person-first words for why someone moved out (the stored values stay short codes).
EXIT_LABELS: dict[str, Message] = {k: v for k, v in EXIT_REASON_LABELS.items()
                                   if k != ExitReason.TRANSFERRED}  # a move is not a move-out


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("font-weight: 600;")
    return label


class ResidentRowDialog(OperationDialog):
    """A change to one resident from the list: what it does and what follows, its fields
    (`field_rows`, a form layout), then its button (`role`: "danger" for a move-out)."""

    def __init__(self, ctx: AppContext, row: ResidentRow, title: str, action: str, role: str,
                 heading: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, f"{title}: {row.full_name}", action, role=role,
                         errors=FormErrors)
        self.ctx, self.row = ctx, row
        self.body = scrolling_form(self)
        self.setMinimumWidth(480)
        self.body.addWidget(_heading(heading))
        self.body.addWidget(muted(note))
        self.field_rows = QFormLayout()
        self.body.addLayout(self.field_rows)

    def add_row(self, label: str, widget: QWidget, field: str = "") -> None:
        """A labelled field; `field` is the name service errors use for it."""
        self.field_rows.addRow(label, widget)
        if field:
            self.errors.fields[field] = widget


class DischargeDialog(ResidentRowDialog):
    """Record a move-out: why and when, then a confirmation naming the resident."""

    def __init__(self, ctx: AppContext, row: ResidentRow, today: date, parent: QWidget | None = None) -> None:
        super().__init__(ctx, row, "Move out", "&Move out", "danger",
                         f"Record that {row.full_name} has moved out.",
                         "Their record and history are kept. They no longer appear at the "
                         "kiosk, on the chore rotation or in today's lists.", parent)
        self.reason = choice_box({k: str(v) for k, v in EXIT_LABELS.items()},
                                 "Choose a reason…", "Reason for leaving")
        self.on = DateField("Move-out date", today)
        self.add_row("&Reason for leaving", self.reason, "exit reason")
        self.add_row("Move-out &date", self.on, "move-out date")

    def operation(self) -> None:
        reason = chosen(self.reason, "exit reason")
        on = self.on.value()
        text = (f"Record that {self.row.full_name} moved out on {fmt_date(on)} "
                f"({self.reason.currentText().lower()})?\n\nTheir record is kept.")
        if confirm(self, "Move out", text, yes="Move out"):
            self.run(WriteOp(residents.discharge, self.row.id, reason, on))


class MoveHouseDialog(ResidentRowDialog):
    """Move a resident to another of the organization's houses."""

    def __init__(self, ctx: AppContext, row: ResidentRow, houses: list[tuple[int, str]], today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, row, "Move house", "&Move house", "primary",
                         f"Move {row.full_name} to another house.",
                         "Their history moves with them. They keep their phase if the new house "
                         "has the same step, otherwise they start at its first phase.", parent)
        self.house = choice_box(dict(houses), name="New house")
        self.bed = limited_line(limits.BED, "e.g. 3 or 2B (optional)")
        self.bed.setAccessibleName("Bed in the new house")
        self.on = DateField("Moving date", today)
        self.add_row("New &house", self.house, "house")
        self.add_row("&Bed", self.bed, "bed")
        self.add_row("Moving &date", self.on)

    def operation(self) -> None:
        house_id = chosen(self.house, "house", "is required: there is no other house to move to.")
        self.run(WriteOp(residents.move_house, self.row.id, int(house_id), self.on.value(),
                         self.bed.text().strip()))


class PinDialog(QDialog):
    """The temporary PIN, shown once in large digits; it is not kept anywhere after closing."""

    def __init__(self, name: str, pin: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = window_column(self, "Temporary PIN", 420)
        layout.addWidget(_heading(f"Temporary PIN for {name}"))
        self.pin_label = QLabel(f"{pin[:3]} {pin[3:]}")
        self.pin_label.setObjectName("RecoveryCode")  # the theme's read-aloud code box
        self.pin_label.setStyleSheet("font-size: 34pt; letter-spacing: 6px; padding: 14px 24px;")
        self.pin_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pin_label.setAccessibleName("Temporary PIN")
        self.pin_label.setAccessibleDescription(" ".join(pin))
        layout.addWidget(self.pin_label)
        tell = QLabel("Tell the resident; they will choose a new PIN at the kiosk.")
        tell.setWordWrap(True)
        layout.addWidget(tell)
        layout.addWidget(muted("This PIN is shown only once. Close this window when you have told them."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def pin(self) -> str:
        return self.pin_label.text().replace(" ", "")


def reset_pin(ctx: AppContext, row: ResidentRow, parent: QWidget,
              on_shown: Callable[[PinDialog], None] | None = None) -> None:
    """Ask, reset in the background, then show the new temporary PIN once."""
    text = (f"Give {row.full_name} a new temporary PIN?\n\nTheir current PIN stops working "
            "(and is unlocked if it was locked). They choose their own PIN at the kiosk next time.")
    if not confirm(parent, "Reset PIN", text, yes="Reset PIN"):
        return

    def show(pin: object) -> None:
        dialog = PinDialog(row.full_name, str(pin), parent)
        dialog.open()
        if on_shown is not None:
            on_shown(dialog)

    run_task(pins.reset_pin, ctx.store, ctx.actor, row.id, on_success=show,
             on_failure=lambda exc: report_error(exc, parent))

