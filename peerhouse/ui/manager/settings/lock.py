"""The "Screen lock, kiosk and notices" card of the House tab: how long before the manager
window locks, before the kiosk goes back to its start screen, how long the kiosk's
thank-you screen stays, the kiosk's usual text size, and whether this window shows a
desktop notice when someone at the kiosk asks for attention.

These are app-wide settings, not per house; each change is audited (houses.set_setting).
A refresh (another section saving, the house list changing) never puts the saved values
back over values someone changed here and has not saved yet.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QWidget

from peerhouse.app.ops import WriteOp
from peerhouse.app.records import Store
from peerhouse.i18n import _, lazy
from peerhouse.services import houses
from peerhouse.services.unit import Unit
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.settings.house_dialogs import spin
from peerhouse.ui.ops_runner import run_op
from peerhouse.ui.widgets.access import enter_presses
from peerhouse.ui.widgets.common import Card, button, muted

# The kiosk's text sizes (the A− / A+ steps on its start screen), as stored.
TEXT_SIZES = (("0.85", lazy("Smaller")), ("1.0", lazy("Normal")), ("1.15", lazy("Larger")),
              ("1.3", lazy("Large")), ("1.5", lazy("Largest")))
KEYS = ("manager_idle_minutes", "kiosk_idle_seconds", "kiosk_done_seconds", "kiosk_text_size",
        "attention_notifications")

Values = dict[str, str]


def read_values(store: Store) -> Values:
    """The card's settings as stored (runs off the UI thread)."""
    return {key: houses.get_setting(store, key) for key in KEYS}


class LockCard(Card):
    def __init__(self, ctx: AppContext, can_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__(_("Screen lock, kiosk and notices"), parent)
        self.ctx = ctx
        self.saved_values: Values | None = None  # what is saved, as last shown
        self.body.addWidget(muted(_("Locking protects residents' records when the office PC is "
                                  "left alone. Time asleep counts as idle time.")))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # long Spanish labels
        self.idle_minutes = spin(1, 240, 10, _(" minutes idle"))
        self.idle_minutes.setAccessibleName(_("Lock the manager window after"))
        self.kiosk_seconds = spin(15, 900, 60, _(" seconds idle"))
        self.kiosk_seconds.setAccessibleName(_("Kiosk returns to its start screen after"))
        self.done_seconds = spin(8, 120, 10, _(" seconds"))
        self.done_seconds.setAccessibleName(_("Kiosk thank-you screen stays for"))
        self.done_seconds.setToolTip(_("After a resident saves something, the kiosk thanks them "
                                     "and counts down this long, so they can choose \"Do "
                                     "something else\", before it goes back to the start."))
        self.kiosk_text = QComboBox()
        for value, text in TEXT_SIZES:
            self.kiosk_text.addItem(str(text), value)
        self.kiosk_text.setCurrentIndex(1)
        self.kiosk_text.setAccessibleName(_("Kiosk text size"))
        self.kiosk_text.setToolTip(_("Residents can still make it smaller or larger with A− / A+ "
                                   "on the kiosk; it goes back to this size after each person."))
        self.notify = QCheckBox(_("Show a desktop notice"))
        self.notify.setToolTip(_("When someone at the kiosk asks to talk or reports a high "
                               "craving. The notice never names the resident; it shows while "
                               "this window is open, even minimised or locked."))
        for text, widget in ((_("Lock this win&dow after:"), self.idle_minutes),
                             (_("Kiosk &goes back to start after:"), self.kiosk_seconds),
                             (_("Kiosk thank-&you screen stays:"), self.done_seconds),
                             (_("Kiosk te&xt size:"), self.kiosk_text),
                             (_("Kiosk re&quests:"), self.notify)):
            lbl = QLabel(text)
            lbl.setBuddy(widget)
            form.addRow(lbl, widget)
        self.notify.setAccessibleName(_("Desktop notices when someone at the kiosk asks for "
                                      "attention"))
        self.body.addLayout(form)
        self.body.addWidget(muted(_("The notice tells whoever is at this PC that someone at the "
                                  "kiosk asked to talk or reported a high craving, never who.")))
        row = QHBoxLayout()
        self.note = muted("")
        row.addWidget(self.note, 1)
        self.save_btn = button(_("Save &lock and kiosk settings"), "lock", on_click=self.save)
        row.addWidget(self.save_btn)
        self.body.addLayout(row)
        enter_presses(self, self.save_btn)
        for box in (self.idle_minutes, self.kiosk_seconds, self.done_seconds):
            box.setEnabled(can_edit)
            box.valueChanged.connect(self._changed)
        self.kiosk_text.setEnabled(can_edit)
        self.kiosk_text.currentIndexChanged.connect(self._changed)
        self.notify.setEnabled(can_edit)
        self.notify.toggled.connect(self._changed)
        self.save_btn.setVisible(can_edit)

    def _values(self) -> Values:
        return {"manager_idle_minutes": str(self.idle_minutes.value()),
                "kiosk_idle_seconds": str(self.kiosk_seconds.value()),
                "kiosk_done_seconds": str(self.done_seconds.value()),
                "kiosk_text_size": str(self.kiosk_text.currentData()),
                "attention_notifications": "on" if self.notify.isChecked() else "off"}

    def dirty(self) -> bool:
        """The values on screen were changed here and not saved."""
        return self.saved_values is not None and self.saved_values != self._values()

    def _changed(self, _value: object) -> None:
        if self.dirty():
            self.note.setText(_("Not saved yet."))
        elif self.note.text() == _("Not saved yet."):
            self.note.setText("")

    def set_saved(self, values: Values) -> None:
        """The values as stored (read_values); shown unless someone has unsaved changes
        here. A stored value the widgets cannot show counts as the nearest they can."""
        stored = self._normalized(values)
        if not self.dirty():
            self.idle_minutes.setValue(int(stored["manager_idle_minutes"]))
            self.kiosk_seconds.setValue(int(stored["kiosk_idle_seconds"]))
            self.done_seconds.setValue(int(stored["kiosk_done_seconds"]))
            self.kiosk_text.setCurrentIndex(self.kiosk_text.findData(stored["kiosk_text_size"]))
            self.notify.setChecked(stored["attention_notifications"] == "on")
        self.saved_values = stored
        self._changed(0)

    def _normalized(self, values: Values) -> Values:
        out = {}
        for key, box in (("manager_idle_minutes", self.idle_minutes),
                         ("kiosk_idle_seconds", self.kiosk_seconds),
                         ("kiosk_done_seconds", self.done_seconds)):
            try:
                number = int(float(values[key]))
            except (KeyError, TypeError, ValueError, OverflowError):
                number = int(houses.DEFAULT_SETTINGS[key])
            out[key] = str(min(box.maximum(), max(box.minimum(), number)))
        size = values.get("kiosk_text_size", "")
        out["kiosk_text_size"] = size if self.kiosk_text.findData(size) >= 0 else "1.0"
        out["attention_notifications"] = ("off" if values.get("attention_notifications") == "off"
                                          else "on")
        return out

    def save(self) -> None:
        values = self._values()
        before = self.saved_values or {}
        changed = {k: v for k, v in values.items() if before.get(k) != v}

        def write(u: Unit) -> None:  # only what changed, so the audit log shows what was done
            for key, value in changed.items():
                houses.set_setting(u, key, value)

        self.save_btn.setEnabled(False)

        def done(_r: object) -> None:
            self.save_btn.setEnabled(True)
            self.saved_values = values
            self.note.setText(_("Saved. The lock time applies from the next login; the kiosk "
                              "uses its new settings when it next starts."))

        def failed(exc: BaseException) -> None:
            self.save_btn.setEnabled(True)
            report_error(exc, self)

        run_op(self, WriteOp(write)).success(done).failure(failed).run()
