"""Printing a PDF (certificates, attendance sheets and reports) through the print dialog.

The PDF's pages are rasterised (:mod:`desktop.gui.pdf_images`) at the printer's
resolution (at most :data:`MAX_DPI`, enough for text and a QR code) and painted edge to edge on
the paper, turned a quarter if the paper's orientation differs from the page's. Qt allows a
QPainter on a QPrinter outside the GUI thread, so the pages are painted on the thread pool with
progress and cancel; the dialog itself is opened with ``open()``, never ``exec()``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QTransform
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from desktop.domain.errors import N_, DomainError
from desktop.gui.context import GuiContext
from desktop.gui.pdf_images import page_sizes, render_pages
from desktop.gui.tasks import Progress

MAX_DPI = 300
PRINTER_NOT_READY = N_("The printer could not be started.")


class PrintError(DomainError):
    """The printer refused to start (no paper, no driver, file not writable…)."""


def prepare_printer(printer: QPrinter, source: bytes | Path, title: str = "") -> None:
    """Paper size and orientation from the PDF's first page (a portrait sign-in sheet prints
    portrait, a landscape certificate or report landscape); no margins (the PDFs have their
    own)."""
    sizes = page_sizes(source)
    if sizes:
        first = sizes[0]
        size = QPageSize(
            QSizeF(min(first.width, first.height), max(first.width, first.height)),
            QPageSize.Unit.Point,
            "",
            QPageSize.SizeMatchPolicy.FuzzyMatch,
        )
        orientation = (
            QPageLayout.Orientation.Landscape
            if first.landscape
            else QPageLayout.Orientation.Portrait
        )
        printer.setPageLayout(
            QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        )
    printer.setFullPage(True)
    if title:
        printer.setDocName(title)


def paint_pdf(
    source: bytes | Path,
    printer: QPrinter,
    *,
    progress: Progress | None = None,
    max_dpi: int = MAX_DPI,
) -> int:
    """Paint every page of the PDF on ``printer``; returns the number of pages printed (fewer
    when cancelled: the job is then aborted). Raises :class:`PrintError` if the printer does
    not start."""
    dpi = max(72, min(printer.resolution(), max_dpi))
    total = len(page_sizes(source))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(PRINTER_NOT_READY)
    printed = 0
    try:
        paper = printer.pageLayout().fullRectPixels(printer.resolution())
        target = QRectF(0, 0, paper.width(), paper.height())
        for image in render_pages(source, dpi):
            if progress is not None and progress.cancelled:
                printer.abort()
                break
            if printed:
                printer.newPage()
            page_landscape = image.width() > image.height()
            paper_landscape = target.width() > target.height()
            if page_landscape != paper_landscape:
                image = image.transformed(QTransform().rotate(90))
            painter.drawImage(_fitted(target, image.width(), image.height()), image)
            printed += 1
            if progress is not None:
                progress.report(printed, total)
    finally:
        painter.end()
    return printed


def _fitted(area: QRectF, width: int, height: int) -> QRectF:
    """The largest rectangle of the image's proportions centred in ``area``."""
    scale = min(area.width() / width, area.height() / height)
    fitted = QRectF(0, 0, width * scale, height * scale)
    fitted.moveCenter(area.center())
    return fitted


class PrintFlow:
    """Open the system print dialog for a PDF, then print it on the thread pool.

    ``on_done(pages)`` / ``on_error(error)`` arrive on the GUI thread; ``on_progress(done,
    total, text)`` while pages are sent. Keep a reference while it runs.
    """

    def __init__(
        self,
        ctx: GuiContext,
        source: bytes | Path,
        parent: QWidget,
        *,
        title: str = "",
        on_done: Callable[[int], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> None:
        self.ctx = ctx
        self.source = source
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.progress: Progress | None = None
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(self.printer, source, title)
        if (
            self.printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            and not self.printer.outputFileName()
        ):
            # No system printer: the dialog offers "print to file"; name the file after the
            # document rather than leaving only the home folder (which cannot be written).
            name = "".join("-" if ch in "/\\:" else ch for ch in title).strip() or "print"
            self.printer.setOutputFileName(str(Path.home() / f"{name}.pdf"))
        self.dialog = QPrintDialog(self.printer, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.accepted.connect(self._start)

    def open(self) -> None:
        # QPrintDialog.open() is the (receiver, member) overload in PySide6; the plain
        # non-blocking open is QDialog's.
        QDialog.open(self.dialog)

    def _start(self) -> None:
        printer, source = self.printer, self.source

        def work(progress: Progress) -> int:
            return paint_pdf(source, printer, progress=progress)

        self.progress = self.ctx.runner.run_with_progress(
            work,
            lambda pages: self.on_done(pages) if self.on_done else None,
            self._failed,
            self.on_progress,
        )

    def _failed(self, error: Exception) -> None:
        if self.on_error is not None:
            self.on_error(error)

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()


__all__ = ["MAX_DPI", "PrintError", "PrintFlow", "paint_pdf", "prepare_printer"]
