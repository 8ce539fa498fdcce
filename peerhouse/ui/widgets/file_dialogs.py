"""Asking where to save a PDF: the system's save dialog, always ending in .pdf."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_pdf_path(parent: QWidget, suggested: str, title: str = "Save as PDF") -> Path | None:
    """The file chosen (with '.pdf' added if missing), or None if cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested),
                                          "PDF files (*.pdf)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
