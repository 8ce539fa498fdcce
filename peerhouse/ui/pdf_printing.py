"""Opening PDF bytes in QtPdf and printing them, without any file on disk.

The document is loaded from a QBuffer over the bytes in memory, so a confidential
report can be previewed and printed with no copy in a temp folder. Printing renders
each page with QPdfDocument.render() and paints it on the QPrinter; QPainter may paint
on a printer outside the UI thread, so `print_pdf` runs through `run_task`.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize
from PySide6.QtGui import QImageWriter, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from peerhouse.errors import PeerHouseError
from peerhouse.i18n import _
from peerhouse.ui.workers import Progress

PRINT_DPI = 300  # sharp on paper; higher only makes the print job slower and larger


class MemoryPdf:
    """A QPdfDocument reading from bytes held in memory (keep this object alive).

    `document` reuses a document (a preview's, shown by its view); else one is made.
    """

    def __init__(self, data: bytes, parent: QObject | None = None,
                 document: QPdfDocument | None = None) -> None:
        self.bytes = QByteArray(data)
        self.buffer = QBuffer(parent)
        self.buffer.setData(self.bytes)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = document if document is not None else QPdfDocument(parent)
        self.document.load(self.buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            self.close()
            raise PeerHouseError(_("The report could not be opened for showing or printing."))

    @property
    def pages(self) -> int:
        return self.document.pageCount()

    def close(self) -> None:
        """Unload the document and let go of the bytes."""
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray())
        self.bytes.clear()
        if self.buffer.parent() is not None:
            self.buffer.deleteLater()  # a parentless one goes with this object


def load_image_plugins() -> None:
    """Call on the UI thread before `print_pdf` runs off it.

    Painting a page image on a printer asks Qt which image writers exist. The first time,
    Qt loads its image plugins and moves them to the UI thread, which takes a lock the UI
    thread can be holding while it waits for Python's GIL — held by the printing thread: the
    program froze (seen in `make test`). Loaded here, on the UI thread, nothing needs moving.
    """
    QImageWriter.supportedImageFormats()


def print_pdf(data: bytes, printer: QPrinter, progress: Progress | None = None) -> int:
    """Print the pages the printer's range asks for (all by default); returns how many."""
    pdf = MemoryPdf(data)
    try:
        first, last = printer.fromPage(), printer.toPage()
        count = pdf.pages
        pages = list(range(first - 1, min(last, count))) if first > 0 else list(range(count))
        # The whole sheet: the report has its own margins, wider than any printer's.
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise PeerHouseError(_("The printer could not be started. Check that it is "
                                   "switched on and connected, then try again."))
        try:
            for n, index in enumerate(pages):
                if progress is not None:
                    progress(round(100 * n / max(1, len(pages))),
                             _("Printing page {n} of {count}…").format(n=index + 1,
                                                                       count=count))
                if n:
                    printer.newPage()
                _paint_page(painter, pdf.document, index, min(printer.resolution(), PRINT_DPI))
        finally:
            painter.end()
        return len(pages)
    finally:
        pdf.close()


def _paint_page(painter: QPainter, doc: QPdfDocument, index: int, dpi: int) -> None:
    points = doc.pagePointSize(index)
    image = doc.render(index, QSize(round(points.width() * dpi / 72),
                                    round(points.height() * dpi / 72)))
    area = painter.viewport()
    # Fit the page into the printable area, keeping its proportions, centred.
    scale = min(area.width() / image.width(), area.height() / image.height())
    w, h = round(image.width() * scale), round(image.height() * scale)
    target = QRect(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2, w, h)
    painter.drawImage(target, image)
