"""The Certificates page: the table model, search and workshop filter, revoking with a required
reason, reprinting («المثنی»), opening the issued file; and the main window's section."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.certificates import locations
from desktop.gui.certificates import page as page_module
from desktop.gui.certificates.model import (
    CertificateFilter,
    CertificateTableModel,
    Column,
    certificate_row,
)
from desktop.gui.certificates.page import CertificatesPage
from desktop.gui.certificates.revoke_dialog import RevokeDialog
from desktop.gui.context import GuiContext
from desktop.i18n import _
from desktop.services.app import Services
from desktop.services.certificates import REASON_REQUIRED
from tests.certificates.builders import finished_workshop, person
from tests.pdf.pdftext import pdf_text

from .certificate_fixtures import issued

pytest_plugins = ["tests.gui.conftest_registry"]


def open_page(qtbot: QtBot, ctx: GuiContext) -> CertificatesPage:
    page = CertificatesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1166, 740)
    page.show()
    qtbot.waitUntil(lambda: page.is_loaded, timeout=5000)
    return page


def reload(qtbot: QtBot, page: CertificatesPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.refresh()


def test_model_rows_and_qt_model_rules(
    qtbot: QtBot, services: Services, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    certificates = issued(services, tmp_path)
    services.certificates.revoke(certificates[1].serial, "اشتباه")
    model = CertificateTableModel()
    model.set_rows([certificate_row(c) for c in services.certificates.certificates()])
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == len(Column)
    model.sort(int(Column.SERIAL), Qt.SortOrder.AscendingOrder)
    serial = model.index(0, int(Column.SERIAL)).data()
    assert "URM01-" in serial and "۰۰۰۰۰۱" in serial and "1" not in serial.split("-", 1)[1]
    assert model.index(0, int(Column.NAME)).data() == "زهرا احمدی"
    assert "/" in model.index(0, int(Column.ISSUED)).data()  # Jalali, Persian digits
    assert model.index(0, int(Column.ISSUED)).data()[0] == "۱"
    assert model.index(1, int(Column.STATUS)).data() == _("Revoked")
    assert model.index(0, int(Column.STATUS)).data() == _("Valid")
    assert "اشتباه" in model.index(1, int(Column.NAME)).data(Qt.ItemDataRole.ToolTipRole)

    model.set_filter(CertificateFilter(text="كريمي"))  # Arabic Kaf and Yeh
    assert model.rowCount() == 1
    model.set_filter(CertificateFilter(text="۰۰۰۰۰۲"))  # the serial's number in Persian digits
    assert model.rowCount() == 1 and model.certificate(0).full_name == "مریم رضایی"
    qtmodeltester.check(model)


def test_page_lists_searches_and_filters_by_workshop(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    issued(services, tmp_path)
    other = finished_workshop(services, [person("لیلا", "نوری")], title="خیاطی مقدماتی")
    services.certificates.issue(other.id, tmp_path / "other.pdf")
    page = open_page(qtbot, ctx)
    assert page.model.rowCount() == 4
    assert "۴" in page.count_label.text()
    assert page.workshop.count() == 3  # every workshop + the two

    page.workshop.setCurrentIndex(page.workshop.findText("خیاطی مقدماتی"))
    assert page.model.rowCount() == 1
    assert page.current() is not None and page.current().full_name == "لیلا نوری"  # type: ignore[union-attr]
    page.workshop.setCurrentIndex(0)
    page.search.setText("مریم")
    assert page.model.rowCount() == 1
    page.search.setText("هیچ‌کس")
    assert page.model.rowCount() == 0
    assert page.results.currentWidget() is page.empty
    assert not page.reprint_button.isEnabled() and not page.revoke_button.isEnabled()


def test_revoke_needs_a_reason_and_nothing_is_saved_without_it(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    first = issued(services, tmp_path)[0]
    page = open_page(qtbot, ctx)
    assert page.select_serial(first.serial)
    assert page.revoke_button.isEnabled()
    page.revoke()
    dialog = page.dialogs[-1]
    assert isinstance(dialog, RevokeDialog)
    assert not dialog.error_labels["reason"].isVisibleTo(dialog)  # nothing typed yet: no scolding

    dialog.reason.setPlainText("   ")
    dialog.ok_button.click()  # nothing but spaces
    qtbot.wait(100)
    assert dialog.isVisible()
    assert dialog.error_labels["reason"].text() == _(REASON_REQUIRED)
    assert not dialog.ok_button.isEnabled()
    assert not services.certificates.get(first.serial).revoked  # nothing saved

    dialog.reason.setPlainText("به اشتباه برای شخص دیگری صادر شد")
    assert dialog.ok_button.isEnabled() and not dialog.error_labels["reason"].isVisibleTo(dialog)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        dialog.ok_button.click()
    saved = services.certificates.get(first.serial)
    assert saved.revoked and saved.revoke_reason == "به اشتباه برای شخص دیگری صادر شد"
    assert page.current() is not None and page.current().revoked  # type: ignore[union-attr]
    assert not page.revoke_button.isEnabled() and not page.reprint_button.isEnabled()
    assert page.notice.isVisibleTo(page)


def test_reprint_confirms_keeps_the_serial_and_marks_the_copy(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = issued(services, tmp_path)[0]
    opened: list[Path] = []
    monkeypatch.setattr(page_module, "open_path", lambda path: opened.append(path) or True)
    page = open_page(qtbot, ctx)
    page.select_serial(first.serial)
    page.reprint()
    box = page.confirm_box
    assert box is not None and "المثنی" in box.text()
    save_choice = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole
    )
    save_choice.click()
    picker = page.save_picker
    assert picker is not None
    target = tmp_path / "copy.pdf"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        picker.fileSelected.emit(str(target))
    assert opened == [target]
    text = pdf_text(target)
    assert "المثنی" in text
    again = services.certificates.get(first.serial)
    assert again.serial == first.serial and again.payload == first.payload
    assert again.reprints == 1
    row = page.model.row_of(first.id)
    assert row is not None
    assert page.model.index(row, int(Column.REPRINTS)).data() == "۱"


def test_cancelled_reprint_changes_nothing(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    first = issued(services, tmp_path)[0]
    page = open_page(qtbot, ctx)
    page.select_serial(first.serial)
    page.reprint()
    box = page.confirm_box
    assert box is not None
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(200)
    assert services.certificates.get(first.serial).reprints == 0


def test_open_uses_the_file_written_at_issue_or_says_it_is_gone(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = issued(services, tmp_path)[0]
    own = tmp_path / "own.pdf"
    own.write_bytes(b"%PDF-1.4 stand-in")
    locations.remember([(first.serial, own)])
    opened: list[Path] = []
    monkeypatch.setattr(page_module, "open_path", lambda path: opened.append(path) or True)
    page = open_page(qtbot, ctx)
    page.select_serial(first.serial)
    page.open_pdf()
    assert opened == [own.resolve()]
    own.unlink()
    page.open_pdf()
    assert opened == [own.resolve()]
    box = page.confirm_box  # no second original: a duplicate is offered, with the reason
    assert box is not None and box.isVisible()
    assert "المثنی" in box.text() and first.full_name in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(100)
    assert services.certificates.get(first.serial).reprints == 0


def test_certificates_issued_from_the_command_line_here_open_their_own_file(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The service (which the CLI calls) remembers each person's file, not only the GUI.
    built = finished_workshop(services, [person("نرگس", "یزدی")])
    result = services.certificates.issue(built.id, tmp_path / "cli" / "all.pdf")
    (certificate,) = result.issued
    assert locations.file_of(certificate.serial) == result.person_files[0].resolve()
    opened: list[Path] = []
    monkeypatch.setattr(page_module, "open_path", lambda path: opened.append(path) or True)
    page = open_page(qtbot, ctx)
    page.select_serial(certificate.serial)
    page.open_pdf()
    assert opened == [result.person_files[0].resolve()]
    assert page.confirm_box is None


def test_without_the_original_file_print_offers_a_marked_duplicate_only(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issued "on another computer": no file of it here.
    built = finished_workshop(services, [person("نرگس", "یزدی"), person("لیلا", "صدری")])
    result = services.certificates.issue(built.id, tmp_path / "elsewhere.pdf", person_dir=None)
    kept, revoked = sorted(result.issued, key=lambda c: c.serial)
    services.certificates.revoke(revoked.serial, "اشتباه")
    opened: list[Path] = []
    monkeypatch.setattr(page_module, "open_path", lambda path: opened.append(path) or True)
    page = open_page(qtbot, ctx)

    page.select_serial(revoked.serial)
    page.print_pdf()
    assert page.confirm_box is None  # a revoked certificate is never printed again
    assert page.message.isVisibleTo(page)
    assert page.message.text() == _(
        "This computer has no copy of the file made when certificate {serial} was issued, and "
        "a revoked certificate cannot be printed again."
    ).format(serial=page_module.serial_text(revoked.serial))

    page.select_serial(kept.serial)
    page.print_pdf()
    box = page.confirm_box
    assert box is not None
    assert box.text() == _(
        "This computer has no copy of the file made when certificate {serial} was "
        "issued: it was issued on another computer or from the command line, or the "
        "file was moved or deleted.\n\n"
        "The original is the paper {name} received; a second original is never made. "
        "You can make a duplicate instead: the same serial and QR code, marked «المثنی», "
        "and recorded as a reprint."
    ).format(serial=page_module.serial_text(kept.serial), name=kept.full_name)
    assert "المثنی" in box.text()
    assert box.buttonRole(box.defaultButton()) == QMessageBox.ButtonRole.AcceptRole  # Print
    save_choice = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole
    )
    save_choice.click()
    picker = page.save_picker
    assert picker is not None
    target = tmp_path / "copy.pdf"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        picker.fileSelected.emit(str(target))
    assert opened == [target]
    assert "المثنی" in pdf_text(target)  # marked: never a second unmarked original
    assert services.certificates.get(kept.serial).reprints == 1


def test_main_window_certificates_section(qtbot: QtBot, ctx: GuiContext) -> None:
    from desktop.gui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.open_page("certificates")
    assert isinstance(page, CertificatesPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=5000)
    assert page.results.currentWidget() is page.empty  # no certificates yet: says where to go
    verify = page.open_verify()
    assert verify.isVisible()
    verify.close()
