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
from peerhouse.i18n import _, ngettext
from peerhouse.services.residents_csv_columns import REQUIRED, limits_text
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


def about() -> str:
    """What a file must hold, under the progress."""
    return _("The first row names the columns; {first} and {last} are needed. A file exported "
             "from PeerHouse works as it is. At most {limits}.").format(
        first=REQUIRED[0], last=REQUIRED[1], limits=limits_text())


def choose_csv(parent: QWidget) -> Path | None:
    """The file someone picks, or None if they cancel."""
    path, _chosen = QFileDialog.getOpenFileName(
        parent, _("Import residents from a CSV file"), str(Path.home()),
        _("CSV files (*.csv *.txt);;All files (*)"))
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
        layout = window_column(self, _("Import residents"), 560, (20, 18, 20, 16), 10)
        heading = QLabel(_("Residents from <b>{file}</b> into <b>{house}</b>").format(
            file=escape(path.name), house=escape(house_name)))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.status = QLabel(_("Reading the file…"))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("What is happening"))
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(_("Import progress"))
        layout.addWidget(self.progress)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(_("Rows to check"))
        self.problems.setMinimumHeight(160)
        self.problems.hide()
        layout.addWidget(self.problems, 1)
        self.about = muted(about())
        self.about.setWordWrap(True)
        layout.addWidget(self.about)
        self.buttons = QDialogButtonBox()
        self.anyway: QPushButton = self.buttons.addButton(
            _("&Import anyway"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.anyway.setProperty("primary", True)
        self.anyway.hide()
        self.close_button: QPushButton = self.buttons.addButton(
            _("&Stop"), QDialogButtonBox.ButtonRole.RejectRole)
        self.anyway.clicked.connect(lambda: self.start(allow_duplicates=True))
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- running -----------------------------------------------------------------------
    def start(self, *, allow_duplicates: bool = False) -> None:
        self.anyway.hide()
        self.problems.hide()
        self.progress.setValue(0)
        self.progress.show()
        self._set_close(_("&Stop"))
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
        self._finish(ngettext("Imported {count} resident into {house}.",
                              "Imported {count} residents into {house}.", n).format(
            count=f"{n:,}", house=self.house_name))
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
            self._finish(_("Stopped. Nothing was imported."))
        elif isinstance(exc, PossibleDuplicates):
            n = len(exc.problems)
            self._finish(ngettext(
                "Nothing is imported yet: {count} resident may already be in the house or "
                "listed twice in the file (same name and date of birth, or same name and "
                "move-in date). Check them below. If they are different people, choose "
                "Import anyway.",
                "Nothing is imported yet: {count} residents may already be in the house or "
                "listed twice in the file (same name and date of birth, or same name and "
                "move-in date). Check them below. If they are different people, choose "
                "Import anyway.", n).format(count=f"{n:,}"), exc.lines())
            self.anyway.show()
            self._set_close(_("&Cancel"))
            self.close_button.setDefault(True)  # importing anyway takes a deliberate click
        elif isinstance(exc, ImportProblems):
            n = len(exc.problems)
            self._finish(ngettext(
                "Nothing was imported: {count} row needs fixing. Correct it in the "
                "spreadsheet, save it, and import the file again.",
                "Nothing was imported: {count} rows need fixing. Correct them in the "
                "spreadsheet, save it, and import the file again.", n).format(
                count=f"{n:,}"), exc.lines())
        elif isinstance(exc, PeerHouseError):
            self._finish(_("Nothing was imported. {error}").format(error=exc))
        else:
            self._finish(_("Nothing was imported."))
            report_error(exc, self)

    def _finish(self, text: str, problems: list[str] | None = None) -> None:
        self.progress.hide()
        self.status.setText(text)
        self.problems.setPlainText("\n".join(problems or []))
        self.problems.setVisible(bool(problems))
        self.adjustSize()  # room for the list, which was hidden while the file was read
        self._set_close(_("&Close"))
        self.close_button.setEnabled(True)
        self.close_button.setFocus()

    def _set_close(self, text: str) -> None:
        self.close_button.setText(text)
        self.close_button.setAccessibleName(text.replace("&", ""))

    def reject(self) -> None:
        """Stop asks the check to end; the dialog closes once nothing can be saved."""
        if self.task is not None:
            self.task.cancelled = True
            self.status.setText(_("Stopping…"))
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
