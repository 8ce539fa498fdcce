"""A window that makes one report (off the UI thread) and shows it with Save as… / Print….

Used for the papers of a meeting (sign-in sheet, minutes); the same preview panel as
the Reports section, so they save and print the same way and leave nothing on disk
but the file someone chooses.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from peerhouse.app.reports import PreparedReport
from peerhouse.i18n import _
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.manager.reports.pdf_panel import PdfPanel
from peerhouse.ui.workers import run_task


class ReportDialog(QDialog):
    def __init__(self, ctx: AppContext, title: str, make: Callable[[], PreparedReport],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(880, 900)
        self.panel = PdfPanel(ctx, _("Preparing the report…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.panel.set_busy(True, _("Preparing the report…"))
        run_task(make, on_success=self._show, on_failure=self._failed, owner=self)

    def _show(self, report: PreparedReport) -> None:
        self.panel.set_busy(False)
        self.panel.show_report(report)

    def _failed(self, exc: BaseException) -> None:
        self.panel.set_busy(False)
        self.panel.clear(_("The report could not be made."))
        report_error(exc, self)

    def reject(self) -> None:
        if self.panel.working and self.panel.report is not None:
            return  # never close under a save or a print job that is still running
        self.panel.clear()
        super().reject()
