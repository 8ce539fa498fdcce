"""Asking where to save a PDF: the system's save dialog, always ending in .pdf."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from peerhouse.i18n import _


def ask_pdf_path(parent: QWidget, suggested: str, title: str = "") -> Path | None:
    """The file chosen (with '.pdf' added if missing), or None if cancelled."""
    path, _filter = QFileDialog.getSaveFileName(parent, title or _("Save as PDF"),
                                                str(Path.home() / suggested),
                                                _("PDF files (*.pdf)"))
    if not path:
        return None
    return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
