"""The Screen lock card of the House tab: how long before the manager window locks,
before the kiosk goes back to its start screen, and the kiosk's usual text size.

These are app-wide settings, not per house. A refresh (another section saving, the
house list changing) never puts the saved times back over times someone changed here
and has not saved yet.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QWidget

from peerhouse.services import houses
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.settings_house_dialogs import spin
from peerhouse.ui.widgets.access import enter_presses
from peerhouse.ui.widgets.common import Card, button, muted
from peerhouse.ui.workers import run_task

# The kiosk's text sizes (the A− / A+ steps on its start screen), as stored.
TEXT_SIZES = (("0.85", "Smaller"), ("1.0", "Normal"), ("1.15", "Larger"), ("1.3", "Large"),
              ("1.5", "Largest"))

Values = tuple[int, int, str]


class LockCard(Card):
    def __init__(self, ctx: AppContext, can_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__("Screen lock and kiosk", parent)
        self.ctx = ctx
        self.saved_values: Values | None = None  # what is saved, as last shown
        self.body.addWidget(muted("Locking protects residents' records when the office PC is "
                                  "left alone. Time asleep counts as idle time."))
        form = QFormLayout()
        self.idle_minutes = spin(1, 240, 10, " minutes idle")
        self.idle_minutes.setAccessibleName("Lock the manager window after")
        self.kiosk_seconds = spin(15, 900, 60, " seconds idle")
        self.kiosk_seconds.setAccessibleName("Kiosk returns to its start screen after")
        lbl1, lbl2 = QLabel("Lock this win&dow after:"), QLabel("Kiosk &goes back to start after:")
        lbl1.setBuddy(self.idle_minutes)
        lbl2.setBuddy(self.kiosk_seconds)
        self.kiosk_text = QComboBox()
        for value, text in TEXT_SIZES:
            self.kiosk_text.addItem(text, value)
        self.kiosk_text.setCurrentIndex(1)
        self.kiosk_text.setAccessibleName("Kiosk text size")
        self.kiosk_text.setToolTip("Residents can still make it smaller or larger with A− / A+ "
                                   "on the kiosk; it goes back to this size after each person.")
        lbl3 = QLabel("Kiosk te&xt size:")
        lbl3.setBuddy(self.kiosk_text)
        form.addRow(lbl1, self.idle_minutes)
        form.addRow(lbl2, self.kiosk_seconds)
        form.addRow(lbl3, self.kiosk_text)
        self.body.addLayout(form)
        row = QHBoxLayout()
        self.note = muted("")
        row.addWidget(self.note, 1)
        self.save_btn = button("Save &lock and kiosk settings", "lock", on_click=self.save)
        row.addWidget(self.save_btn)
        self.body.addLayout(row)
        enter_presses(self, self.save_btn)
        for box in (self.idle_minutes, self.kiosk_seconds):
            box.setEnabled(can_edit)
            box.valueChanged.connect(self._changed)
        self.kiosk_text.setEnabled(can_edit)
        self.kiosk_text.currentIndexChanged.connect(self._changed)
        self.save_btn.setVisible(can_edit)

    def _values(self) -> Values:
        return (self.idle_minutes.value(), self.kiosk_seconds.value(),
                str(self.kiosk_text.currentData()))

    def dirty(self) -> bool:
        """The times on screen were changed here and not saved."""
        return self.saved_values is not None and self.saved_values != self._values()

    def _changed(self, _value: int) -> None:
        if self.dirty():
            self.note.setText("Not saved yet.")
        elif self.note.text() == "Not saved yet.":
            self.note.setText("")

    def set_saved(self, minutes: int, seconds: int, text_size: str = "1.0") -> None:
        """The values as stored; shown unless someone has unsaved changes here."""
        index = self.kiosk_text.findData(text_size)
        text_size = text_size if index >= 0 else "1.0"
        if not self.dirty():
            self.idle_minutes.setValue(minutes)
            self.kiosk_seconds.setValue(seconds)
            self.kiosk_text.setCurrentIndex(max(0, self.kiosk_text.findData(text_size)))
        self.saved_values = (minutes, seconds, text_size)
        self._changed(0)

    def save(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        minutes, seconds, text_size = self._values()
        before = self.saved_values or (None, None, None)

        def write() -> None:  # only what changed, so the audit log shows what was done
            if minutes != before[0]:
                houses.set_setting(store, actor, "manager_idle_minutes", str(minutes))
            if seconds != before[1]:
                houses.set_setting(store, actor, "kiosk_idle_seconds", str(seconds))
            if text_size != before[2]:
                houses.set_setting(store, actor, "kiosk_text_size", text_size)

        self.save_btn.setEnabled(False)

        def done(_r: object) -> None:
            self.save_btn.setEnabled(True)
            self.saved_values = (minutes, seconds, text_size)
            self.note.setText("Saved. The lock time applies from the next login; the kiosk "
                              "uses its new settings when it next starts.")
            self.ctx.changed("settings")

        def failed(exc: BaseException) -> None:
            self.save_btn.setEnabled(True)
            report_error(exc, self)

        run_task(write, on_success=done, on_failure=failed)
