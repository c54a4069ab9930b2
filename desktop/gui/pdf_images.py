"""PDF pages as images (PDFium through pypdfium2): for printing through Qt's print dialog
(:mod:`desktop.gui.printing`) and for the certificate design preview. PySide6-Essentials has no
QtPdf, and a ReportLab PDF must reach the printer exactly as it is drawn, so each page is
rasterised at the printer's resolution.

PDFium is not thread-safe: every call goes through one lock. The images are plain ``QImage``
objects, which may be made on a worker thread and painted on the GUI thread or on a printer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

POINTS_PER_INCH = 72.0
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class PageSize:
    """A page's size in PostScript points (1/72 inch)."""

    width: float
    height: float

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def _document(source: bytes | Path) -> pdfium.PdfDocument:
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return pdfium.PdfDocument(data)


def page_sizes(source: bytes | Path) -> list[PageSize]:
    with _PDFIUM:
        document = _document(source)
        try:
            return [PageSize(*document[index].get_size()) for index in range(len(document))]
        finally:
            document.close()


def _render(document: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
        try:
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888
                if bitmap.n_channels == 4
                else QImage.Format.Format_RGB888,
            )
            return image.copy()  # own the pixels: the buffer above is freed with the bitmap
        finally:
            bitmap.close()
    finally:
        page.close()


def render_pages(source: bytes | Path, dpi: float) -> Iterator[QImage]:
    """Every page in turn at ``dpi`` (one page image in memory at a time)."""
    with _PDFIUM:
        document = _document(source)
        count = len(document)
    try:
        for index in range(count):
            with _PDFIUM:
                image = _render(document, index, dpi)
            yield image
    finally:
        with _PDFIUM:
            document.close()


def render_page(source: bytes | Path, index: int = 0, *, width_px: int | None = None) -> QImage:
    """One page, ``width_px`` wide when given (the preview), else at 96 dpi."""
    with _PDFIUM:
        document = _document(source)
        try:
            width_pt, _height = document[index].get_size()
            dpi = 96.0 if width_px is None else width_px * POINTS_PER_INCH / width_pt
            return _render(document, index, dpi)
        finally:
            document.close()


__all__ = ["PageSize", "page_sizes", "render_page", "render_pages"]
