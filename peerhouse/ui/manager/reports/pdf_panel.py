"""The report preview: the PDF as it will print, with Save as… and Print….

Shared by the Reports section and the meeting papers dialog. The PDF is shown from
memory (QPdfDocument over a QBuffer); saving writes it atomically to the file chosen
(with the optional password, for confidential reports) and printing paints its pages
on the printer off the UI thread, so PeerHouse itself never puts a copy in a temp folder
(the operating system's print spooler may keep the job until it is printed: on Linux
CUPS spools it to its own folder). Saving and printing are both recorded in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peerhouse.app.records import Store
from peerhouse.app.reports import PreparedReport
from peerhouse.errors import ValidationError
from peerhouse.i18n import _, lazy, ngettext
from peerhouse.reports.common import save_pdf
from peerhouse.reports.document import check_password
from peerhouse.services.actor import Actor
from peerhouse.services.report_output import record_output
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.pdf_printing import MemoryPdf, load_image_plugins, print_pdf
from peerhouse.ui.widgets.common import FieldErrors, button, muted
from peerhouse.ui.widgets.file_dialogs import ask_pdf_path
from peerhouse.ui.widgets.wrap_row import WrapRow
from peerhouse.ui.workers import Progress, run_task

KEEP_SAFE = lazy("It is confidential: keep the file somewhere locked, and delete it once it "
                 "is printed or sent.")


def ask_report_path(parent: QWidget, suggested: str) -> Path | None:
    return ask_pdf_path(parent, suggested, _("Save report as PDF"))


def choose_printer(parent: QWidget, pages: int) -> QPrinter | None:
    """The system print dialog; the printer as set up there, or None if cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print report"))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setMinMax(1, max(1, pages))
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def _save(store: Store, actor: Actor, report: PreparedReport, target: Path, password: str | None,
          pages: int) -> Path:
    save_pdf(target, report.with_password(password))
    try:
        record_output(store, actor, report.kind, "saved", report.entity, report.entity_id,
                      pages=pages, protected=bool(password))
    except BaseException:
        target.unlink(missing_ok=True)  # no saved copy without its audit event
        raise
    return target


def _print(store: Store, actor: Actor, report: PreparedReport, printer: QPrinter, pages: int,
           *, progress: Progress) -> int:
    # Recorded first: a print cannot be taken back, so it is never without its event (a
    # print that then fails is recorded as attempted, which errs on the side of disclosure).
    record_output(store, actor, report.kind, "printed", report.entity, report.entity_id,
                  pages=pages)
    return print_pdf(report.pdf, printer, progress)


class ElidedLabel(QLabel):
    """One line that ends in "…" when there is not room for all of it (tooltip: all)."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._full = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(40, self.width()))
        super().setText(shown)


class PdfPanel(QWidget):
    """Shows one prepared report; `ask_save_path` and `choose_printer` can be replaced
    (tests print to a PDF file instead of opening the system dialogs)."""

    saved = Signal(object)  # Path
    printed = Signal(int)  # pages

    def __init__(self, ctx: AppContext, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: PreparedReport | None = None
        self.pdf: MemoryPdf | None = None
        self.working = False
        self._printer: QPrinter | None = None  # held while a print job runs
        self.ask_save_path: Callable[[QWidget, str], Path | None] = ask_report_path
        self.choose_printer: Callable[[QWidget, int], QPrinter | None] = choose_printer

        self.title = ElidedLabel()
        self.title.setObjectName("CardTitle")
        self.page_label = muted("")
        self.page_label.setWordWrap(False)
        self.zoom_out = button("−", on_click=lambda: self._zoom(1 / 1.25), tip=_("Smaller"))
        self.zoom_in = button("+", on_click=lambda: self._zoom(1.25), tip=_("Larger"))
        self.fit = button(_("Fit width"), on_click=self._fit_width,
                          tip=_("Fit the page to the width of the preview"))
        self.zoom_out.setAccessibleName(_("Zoom out"))
        self.zoom_in.setAccessibleName(_("Zoom in"))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.page_label)
        for w in (self.zoom_out, self.zoom_in, self.fit):
            top.addWidget(w)

        self.document = QPdfDocument(self)  # the one the view shows; reloaded per report
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setAccessibleName(_("Report preview"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.pageNavigator().currentPageChanged.connect(lambda _p: self._show_page())
        self.empty = muted(empty_text)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)

        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("Password for the saved file (optional)"))
        self.password.setAccessibleName(_("Password for the saved file"))
        self.password.setMinimumWidth(250)
        self.password_error = QLabel()
        self.errors = FieldErrors({"PDF password": self.password}, self.password_error)
        self.save_button = button(_("&Save as…"), on_click=self.save,
                                  tip=_("Save the report as a PDF file (Ctrl+Shift+S)"))
        self.save_button.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.print_button = button(_("&Print…"), "print", primary=True, on_click=self.print_,
                                   tip=_("Print the report (Ctrl+P)"))
        self.print_button.setShortcut(QKeySequence("Ctrl+P"))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = muted("")
        # Save and Print go under the password in a narrow window (a 1024 px screen)
        # instead of running off its edge.
        bottom = WrapRow()
        bottom.left.addWidget(self.password)
        bottom.right.addWidget(self.save_button)
        bottom.right.addWidget(self.print_button)
        state = QHBoxLayout()
        state.addWidget(self.status, 1)
        state.addWidget(self.progress)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.password_error)
        layout.addWidget(bottom)
        layout.addLayout(state)
        self.clear()

    # -- showing ---------------------------------------------------------------------
    def show_report(self, report: PreparedReport) -> None:
        self._drop_document()
        self.pdf = MemoryPdf(report.pdf, self, self.document)
        self.report = report
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().jump(0, QPointF(), 0)
        self.title.setText(report.title)
        self.stack.setCurrentWidget(self.view)
        self.password.setVisible(report.confidential)
        self.password.clear()
        self.errors.clear()
        self.status.setText(_("Confidential: keep printed copies locked away.")
                            if report.confidential else "")
        self._show_page()
        self._enable()

    def clear(self, message: str = "") -> None:
        """Back to the empty state (and forget the PDF held in memory)."""
        self._drop_document()
        self.report = None
        self.title.setText(_("Preview"))
        if message:
            self.empty.setText(message)
        self.stack.setCurrentWidget(self.empty)
        self.password.hide()
        self.status.setText("")
        self.page_label.setText("")
        self._enable()

    def set_busy(self, busy: bool, text: str = "") -> None:
        """Show work in progress (preparing, saving, printing) and lock the buttons."""
        self.working = busy
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self.status.setText(text)
        self._enable()

    def _enable(self) -> None:
        ready = self.report is not None and not self.working
        for w in (self.save_button, self.print_button, self.zoom_in, self.zoom_out, self.fit):
            w.setEnabled(ready)

    def _drop_document(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None

    def _show_page(self) -> None:
        if self.pdf is None:
            return
        total = self.pdf.pages
        current = self.view.pageNavigator().currentPage() + 1
        self.page_label.setText(_("Page {number} of {total}").format(number=current,
                                                                     total=total))

    def _zoom(self, factor: float) -> None:
        zoom = min(4.0, max(0.25, self.view.zoomFactor() * factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)

    def _fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # -- saving and printing -----------------------------------------------------------
    def save(self) -> None:
        report = self.report
        if report is None or self.working:
            return
        self.errors.clear()
        try:
            password = check_password(self.password.text()) if report.confidential else None
        except ValidationError as exc:
            self.errors.show(exc)
            return
        target = self.ask_save_path(self, report.file_name)
        if target is None:
            return
        self.set_busy(True, _("Saving…"))
        run_task(_save, self.ctx.store, self.ctx.actor, report, target, password,
                 self.pdf.pages if self.pdf else 0, on_success=self._saved,
                 on_failure=self._failed, owner=self)

    def _saved(self, target: Path) -> None:
        self.set_busy(False)
        saved = (_("Saved with its password to {file}.") if self.password.text()
                 else _("Saved to {file}.")).format(file=target)
        if self.report and self.report.confidential:
            saved = f"{saved} {KEEP_SAFE}"
        self.status.setText(saved)
        self.saved.emit(target)

    def print_(self) -> None:
        report = self.report
        if report is None or self.working:
            return
        printer = self.choose_printer(self, self.pdf.pages if self.pdf else 1)
        if printer is None:
            return
        self._printer = printer
        self.set_busy(True, _("Printing…"))
        self.progress.setRange(0, 100)
        load_image_plugins()  # here, not in the printing thread (see there)
        run_task(_print, self.ctx.store, self.ctx.actor, report, printer,
                 self.pdf.pages if self.pdf else 1, on_progress=self._printing, on_success=self._printed,
                 on_failure=self._failed, owner=self)

    def _printing(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        self.status.setText(text)

    def _printed(self, pages: int) -> None:
        self._printer = None
        self.set_busy(False)
        self.status.setText(ngettext("Sent {n} page to the printer.",
                                     "Sent {n} pages to the printer.", pages).format(n=pages))
        self.printed.emit(pages)

    def _failed(self, exc: BaseException) -> None:
        self._printer = None
        self.set_busy(False)
        if isinstance(exc, OSError):
            self.status.setText(_("The file could not be written there (is the folder "
                                  "read-only, or the file open elsewhere?). Choose another "
                                  "place."))
            return
        report_error(exc, self)
