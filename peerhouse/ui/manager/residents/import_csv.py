"""Import residents from a spreadsheet (a CSV file): choose the file, watch it being
checked, read what is wrong, and confirm possible duplicates before they go in.

The work runs through the one runner (`run_task`) with progress; Stop ends the check
before anything is saved (the import is all or nothing).
"""

from __future__ import annotations

from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from peerhouse.app.changes import Changes, RecordKind
from peerhouse.errors import PeerHouseError
from peerhouse.services.residents_csv_columns import LIMITS_TEXT, REQUIRED
from peerhouse.services.residents_import import (
    ImportCancelled,
    ImportProblems,
    ImportResult,
    PossibleDuplicates,
    import_residents,
)
from peerhouse.ui.context import AppContext
from peerhouse.ui.errors import report_error
from peerhouse.ui.widgets.common import muted
from peerhouse.ui.widgets.windows import window_column
from peerhouse.ui.workers import Progress, run_task

ABOUT = (f"The first row names the columns; {' and '.join(REQUIRED)} are needed. A file "
         f"exported from PeerHouse works as it is. At most {LIMITS_TEXT}.")


def choose_csv(parent: QWidget) -> Path | None:
    """The file someone picks, or None if they cancel."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import residents from a CSV file",
                                          str(Path.home()),
                                          "CSV files (*.csv *.txt);;All files (*)")
    return Path(path) if path else None


class ImportDialog(QDialog):
    """One import into the current house; `imported` carries the ImportResult."""

    imported = Signal(object)

    def __init__(self, ctx: AppContext, house_name: str, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, path
        self.house_id, self.house_name = ctx.house_id, house_name
        self.task: Progress | None = None
        layout = window_column(self, "Import residents", 560, (20, 18, 20, 16), 10)
        heading = QLabel(f"Residents from <b>{escape(path.name)}</b> into "
                         f"<b>{escape(house_name)}</b>")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.status = QLabel("Reading the file…")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What is happening")
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Import progress")
        layout.addWidget(self.progress)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Rows to check")
        self.problems.setMinimumHeight(160)
        self.problems.hide()
        layout.addWidget(self.problems, 1)
        self.about = muted(ABOUT)
        layout.addWidget(self.about)
        self.buttons = QDialogButtonBox()
        self.anyway: QPushButton = self.buttons.addButton(
            "&Import anyway", QDialogButtonBox.ButtonRole.AcceptRole)
        self.anyway.setProperty("primary", True)
        self.anyway.hide()
        self.close_button: QPushButton = self.buttons.addButton(
            "&Stop", QDialogButtonBox.ButtonRole.RejectRole)
        self.anyway.clicked.connect(lambda: self.start(allow_duplicates=True))
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- running -----------------------------------------------------------------------
    def start(self, *, allow_duplicates: bool = False) -> None:
        self.anyway.hide()
        self.problems.hide()
        self.progress.setValue(0)
        self.progress.show()
        self._set_close("&Stop")
        work = partial(import_residents, allow_duplicates=allow_duplicates)
        self.task = run_task(work, self.ctx.store, self.ctx.actor, self.path, self.house_id,
                             on_progress=self._progress, on_success=self._done,
                             on_failure=self._failed, owner=self, announce=self._announce)

    @property
    def running(self) -> bool:
        return self.task is not None

    def _progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        if text:
            self.status.setText(text)

    def _done(self, result: ImportResult) -> None:
        self.task = None
        n = len(result.resident_ids)
        self._finish(f"Imported {n:,} resident{'s' if n != 1 else ''} into "
                     f"{self.house_name}.")
        self.imported.emit(result)

    def _announce(self, result: ImportResult) -> None:
        """The import is not one unit (checked in a snapshot, then written), so it says what
        it changed: the residents it admitted, in its house."""
        self.ctx.broadcast(Changes(frozenset({RecordKind.RESIDENTS}),
                                   frozenset({result.house_id}),
                                   frozenset(result.resident_ids)), self)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        if isinstance(exc, ImportCancelled):
            self._finish("Stopped. Nothing was imported.")
        elif isinstance(exc, PossibleDuplicates):
            n = len(exc.problems)
            self._finish(f"Nothing is imported yet: {n:,} resident{'s' if n != 1 else ''} "
                         "may already be in the house or listed twice in the file (same "
                         "name and date of birth, or same name and move-in date). Check "
                         "them below. If they are different people, choose Import anyway.",
                         exc.problems)
            self.anyway.show()
            self._set_close("&Cancel")
            self.close_button.setDefault(True)  # importing anyway takes a deliberate click
        elif isinstance(exc, ImportProblems):
            n = len(exc.problems)
            self._finish(f"Nothing was imported: {n:,} row{'s' if n != 1 else ''} need "
                         "fixing. Correct them in the spreadsheet, save it, and import the "
                         "file again.", exc.problems)
        elif isinstance(exc, PeerHouseError):
            self._finish(f"Nothing was imported. {exc}")
        else:
            self._finish("Nothing was imported.")
            report_error(exc, self)

    def _finish(self, text: str, problems: list[str] | None = None) -> None:
        self.progress.hide()
        self.status.setText(text)
        self.problems.setPlainText("\n".join(problems or []))
        self.problems.setVisible(bool(problems))
        self.adjustSize()  # room for the list, which was hidden while the file was read
        self._set_close("&Close")
        self.close_button.setEnabled(True)
        self.close_button.setFocus()

    def _set_close(self, text: str) -> None:
        self.close_button.setText(text)
        self.close_button.setAccessibleName(text.replace("&", ""))

    def reject(self) -> None:
        """Stop asks the check to end; the dialog closes once nothing can be saved."""
        if self.task is not None:
            self.task.cancelled = True
            self.status.setText("Stopping…")
            self.close_button.setEnabled(False)
            return
        super().reject()


def open_import(ctx: AppContext, house_name: str, parent: QWidget,
                path: Path | None = None) -> ImportDialog | None:
    """Ask for the file (unless given), then show the import while it runs."""
    path = path or choose_csv(parent)
    if path is None:
        return None
    dialog = ImportDialog(ctx, house_name, path, parent)
    dialog.open()
    dialog.start()
    return dialog
