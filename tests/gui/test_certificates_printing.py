"""Printing a certificate PDF: its pages painted on a QPrinter (here a PDF file, offscreen),
checked with pdfinfo (pages, landscape) and by the ink on the painted page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desktop.gui.pdf_images import page_sizes, render_page
from desktop.gui.printing import paint_pdf, prepare_printer
from desktop.gui.tasks import Progress, _Relay
from desktop.services.app import Services

from .certificate_fixtures import issued

pytestmark = pytest.mark.usefixtures("qapp")


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {
        key.strip(): value.strip()
        for key, _sep, value in (line.partition(":") for line in out.stdout.splitlines())
    }


def first_page_png(path: Path, tmp_path: Path) -> QImage:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    return QImage(str(png))


def dark_share(image: QImage) -> float:
    """The share of clearly dark pixels (ink), sampled on a grid."""
    dark = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            total += 1
            if image.pixelColor(x, y).lightness() < 100:
                dark += 1
    return dark / total


def test_merged_pdf_prints_every_page_in_landscape(
    services: Services, tmp_path: Path, qapp: QApplication
) -> None:
    issued(services, tmp_path)
    merged = tmp_path / "issued" / "all.pdf"
    assert [size.landscape for size in page_sizes(merged)] == [True] * 3

    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    prepare_printer(printer, merged, "کارگاه")
    assert paint_pdf(merged, printer) == 3

    info = pdfinfo(out)
    assert info["Pages"] == "3"
    width, height = (float(v) for v in re.findall(r"[0-9.]+", info["Page size"])[:2])
    assert width > height  # landscape, as the certificates are drawn
    assert abs(width - 842) < 3 and abs(height - 595) < 3  # A4
    # The painted page carries the certificate's ink, not a blank sheet.
    assert 0.01 < dark_share(first_page_png(out, tmp_path)) < 0.5


def test_portrait_paper_turns_the_page_to_fit(services: Services, tmp_path: Path) -> None:
    issued(services, tmp_path)
    merged = tmp_path / "issued" / "all.pdf"
    out = tmp_path / "portrait.pdf"
    printer = pdf_printer(out)
    prepare_printer(printer, merged)
    layout = printer.pageLayout()
    layout.setOrientation(layout.Orientation.Portrait)  # someone chose portrait in the dialog
    printer.setPageLayout(layout)
    assert paint_pdf(merged, printer) == 3
    width, height = (float(v) for v in re.findall(r"[0-9.]+", pdfinfo(out)["Page size"])[:2])
    assert height > width
    image = first_page_png(out, tmp_path)
    assert dark_share(image) > 0.01


def test_cancel_stops_between_pages(services: Services, tmp_path: Path) -> None:
    issued(services, tmp_path)
    merged = tmp_path / "issued" / "all.pdf"
    progress = Progress(_Relay())
    reports: list[tuple[int, int, str]] = []
    progress._relay.progressed.connect(lambda *args: reports.append(args))
    progress.cancel()
    printer = pdf_printer(tmp_path / "cancelled.pdf")
    prepare_printer(printer, merged)
    assert paint_pdf(merged, printer, progress=progress) == 0


def test_preview_image_has_the_page_proportions(services: Services) -> None:
    image = render_page(services.certificates.preview("modern"), 0, width_px=600)
    assert image.width() == 600
    assert abs(image.height() - 600 * 210 / 297) <= 2
    assert 0.005 < dark_share(image) < 0.5
