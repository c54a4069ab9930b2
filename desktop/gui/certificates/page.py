"""The Certificates section: every certificate the office issued, with search (name, serial or
workshop) and a workshop filter, and what can be done with one: open, save or print its PDF,
print a duplicate («المثنی», same serial and QR code, counted), revoke it with a reason; plus the
Verify dialog and the office's certificate settings.

Certificates are issued from a workshop's Completion tab. The list reloads whenever the page is
shown, so certificates issued there appear here.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.certificates import locations
from desktop.certificates.files import safe_file_name
from desktop.gui.certificates.common import alive_progress, error_text, open_path
from desktop.gui.certificates.issue_dialog import default_folder
from desktop.gui.certificates.model import (
    CertificateFilter,
    CertificateRow,
    CertificateTableModel,
    Column,
    certificate_row,
    serial_text,
)
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.printing import PrintFlow
from desktop.gui.style import error_label, muted, set_message, title
from desktop.gui.widgets.lists import ResultsStack, select_table_row, set_up_list_table
from desktop.gui.workshops.widgets import notice_label
from desktop.i18n import _, is_persian, localise_digits
from desktop.paths import data_dir
from desktop.services.certificates import IssuedCertificate

DUPLICATE_MARK = "المثنی"


@dataclass(frozen=True)
class PageData:
    rows: list[CertificateRow]
    settings_line: str


def _read(ctx: GuiContext) -> PageData:
    from desktop.gui.certificates.settings_dialog import summary_text

    service = ctx.services.certificates
    rows = [certificate_row(certificate) for certificate in service.certificates()]
    settings = service.settings()
    names = {t.id: (t.name_fa if is_persian() else t.name_en) for t in service.templates()}
    return PageData(rows, summary_text(settings, names.get(settings.template_id, "")))


def duplicate_path(certificate: IssuedCertificate) -> Path:
    """Where a duplicate made for printing is kept (the data directory: never in the way)."""
    name = safe_file_name(f"{certificate.serial} {DUPLICATE_MARK} {certificate.reprints + 1}")
    return data_dir() / "certificates" / "duplicates" / f"{name}.pdf"


class CertificatesPage(QWidget):
    loaded = Signal()
    changed = Signal()  # a certificate was reprinted or revoked

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.is_loaded = False
        self.loading = False
        self.dialogs: list[QWidget] = []
        self.print_flow: PrintFlow | None = None
        self.confirm_box: QMessageBox | None = None
        self.save_picker: QFileDialog | None = None
        self._select_after_load: uuid.UUID | None = None
        self.model = CertificateTableModel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        heading = QHBoxLayout()
        heading.addWidget(title(QLabel(_("Certificates")), 1.4))
        heading.addStretch(1)
        self.settings_line = muted(QLabel(), wrap=False)
        self.settings_line.setObjectName("settingsLine")
        heading.addWidget(self.settings_line)
        self.settings_button = QPushButton(_("Certificate settings…"))
        self.settings_button.clicked.connect(self.open_settings)
        self.verify_button = QPushButton(_("Verify a certificate…"))
        self.verify_button.clicked.connect(self.open_verify)
        heading.addWidget(self.settings_button)
        heading.addWidget(self.verify_button)
        layout.addLayout(heading)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search by name, serial or workshop (Ctrl+F)"))
        self.search.textChanged.connect(lambda _text: self._filters_changed())
        self.search.installEventFilter(self)
        self.workshop = QComboBox()
        self.workshop.setObjectName("workshopFilter")
        self.workshop.addItem(_("Every workshop"), None)
        self.workshop.setMinimumContentsLength(24)
        self.workshop.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.workshop.currentIndexChanged.connect(lambda _index: self._filters_changed())
        workshop_label = QLabel(_("Workshop"))
        workshop_label.setBuddy(self.workshop)
        self.count_label = muted(QLabel(), wrap=False)
        filters.addWidget(self.search, 1)
        filters.addWidget(workshop_label)
        filters.addWidget(self.workshop)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_list_table(self.table)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(int(Column.SERIAL), Qt.SortOrder.DescendingOrder)
        self._size_columns()
        self.table.activated.connect(lambda _index: self.open_pdf())
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        self.results = ResultsStack(self.table)
        self.empty = self.results.empty
        layout.addWidget(self.results, 1)

        actions = QHBoxLayout()
        self.open_button = QPushButton(_("Open PDF"))
        self.open_button.clicked.connect(self.open_pdf)
        self.save_button = QPushButton(_("Save PDF…"))
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_pdf)
        self.reprint_button = QPushButton(_("Reprint (duplicate)…"))
        self.reprint_button.clicked.connect(self.reprint)
        self.revoke_button = QPushButton(_("Revoke…"))
        self.revoke_button.clicked.connect(self.revoke)
        for button in (
            self.open_button,
            self.save_button,
            self.print_button,
            self.reprint_button,
            self.revoke_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.notice = notice_label()
        self.notice.setObjectName("notice")
        layout.addWidget(self.notice)
        self.message = error_label(QLabel())
        self.message.setObjectName("message")
        layout.addWidget(self.message)
        self._update_buttons()
        self.refresh()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        samples = {
            Column.SERIAL: "URM01-۱۴۰۳-۰۰۰۰۰۰",
            Column.NAME: "فاطمه‌السادات میرحسینی‌نژاد",
            Column.ISSUED: "۱۴۰۰/۰۰/۰۰",
            Column.STATUS: "باطل‌شده",
            Column.REPRINTS: "۰۰",
        }
        for column, sample in samples.items():
            heading = str(self.model.headerData(int(column), Qt.Orientation.Horizontal) or "")
            width = max(
                metrics.horizontalAdvance(sample),
                header.fontMetrics().horizontalAdvance(heading) + 16,
            )
            header.resizeSection(int(column), width + 28)
            header.setSectionResizeMode(int(column), QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(int(Column.WORKSHOP), QHeaderView.ResizeMode.Stretch)

    # --- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.loading:
            return
        self.loading = True
        ctx = self.ctx
        ctx.runner.run(
            lambda: _read(ctx),
            alive_callback(self, self._loaded),
            alive_callback(self, self._failed),
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.is_loaded and not event.spontaneous():
            self.refresh()  # certificates issued from a workshop meanwhile

    def _loaded(self, data: PageData) -> None:
        self.loading = False
        current = self._select_after_load or self.current_id()
        self._select_after_load = None
        self.settings_line.setText(data.settings_line)
        self.model.set_rows(data.rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._fill_workshops()
        self._show_results()
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.select_row(row)
        elif self.model.rowCount():
            self.select_row(0)
        set_message(self.message, "")
        self.is_loaded = True
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        self.loading = False
        set_message(
            self.message,
            _("The list could not be read: {error}").format(error=error_text(error)),
        )

    def _fill_workshops(self) -> None:
        chosen = self.workshop.currentData()
        self.workshop.blockSignals(True)
        while self.workshop.count() > 1:
            self.workshop.removeItem(1)
        for workshop_id, workshop_title in self.model.workshops():
            self.workshop.addItem(workshop_title, str(workshop_id))
        found = self.workshop.findData(chosen) if chosen else 0
        self.workshop.setCurrentIndex(max(0, found))
        self.workshop.blockSignals(False)
        self.model.set_filter(self.current_filter())

    def current_filter(self) -> CertificateFilter:
        workshop = self.workshop.currentData()
        return CertificateFilter(
            text=self.search.text(), workshop_id=uuid.UUID(workshop) if workshop else None
        )

    def _filters_changed(self) -> None:
        self.model.set_filter(self.current_filter())
        self._show_results()
        if self.model.rowCount():
            self.select_row(0)

    def _show_results(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(
            _("{shown} of {total} certificates").format(
                shown=localise_digits(shown), total=localise_digits(total)
            )
        )
        self.results.show_rows(
            shown,
            _("No certificate matches. Clear the search and the workshop filter.")
            if total
            else _("No certificates yet. Issue them from a finished workshop's Completion tab."),
        )
        self._update_buttons()

    # --- selection ---------------------------------------------------------------------------

    def current(self) -> IssuedCertificate | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.results.currentWidget() is not self.table:
            return None
        return self.model.certificate(index.row())

    def current_id(self) -> uuid.UUID | None:
        certificate = self.current()
        return certificate.id if certificate is not None else None

    def select_row(self, row: int) -> None:
        select_table_row(self.table, row, int(Column.SERIAL))

    def select_serial(self, serial: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.certificate(row).serial == serial:
                self.select_row(row)
                return True
        return False

    def _update_buttons(self) -> None:
        certificate = self.current()
        chosen = certificate is not None
        live = certificate is not None and not certificate.revoked
        for button in (self.open_button, self.save_button, self.print_button):
            button.setEnabled(chosen)
        self.reprint_button.setEnabled(live)
        self.revoke_button.setEnabled(live)

    def _say(self, text: str) -> None:
        set_message(self.message, "")
        set_message(self.notice, text)

    def _complain(self, text: str) -> None:
        set_message(self.notice, "")
        set_message(self.message, text)

    # --- the certificate's own file ----------------------------------------------------------

    def _issued_file(self, wanted: str) -> tuple[IssuedCertificate, Path] | None:
        """The certificate's own file, written when it was issued on this computer. Without it
        (issued on another computer or from a command line elsewhere, or the file was moved or
        deleted) a second unmarked original is never made: the original is the paper its holder
        has. A duplicate («المثنی», same serial and QR code, counted) is offered instead, with
        the reason; ``wanted`` ("open", "save" or "print") chooses the default button."""
        certificate = self.current()
        if certificate is None:
            return None
        path = locations.file_of(certificate.serial)
        if path is not None:
            return certificate, path
        serial = serial_text(certificate.serial)
        if certificate.revoked:
            self._complain(
                _(
                    "This computer has no copy of the file made when certificate {serial} was "
                    "issued, and a revoked certificate cannot be printed again."
                ).format(serial=serial)
            )
            return None
        self._offer_duplicate(
            certificate,
            _("No copy of the original"),
            _(
                "This computer has no copy of the file made when certificate {serial} was "
                "issued: it was issued on another computer or from the command line, or the "
                "file was moved or deleted.\n\n"
                "The original is the paper {name} received; a second original is never made. "
                "You can make a duplicate instead: the same serial and QR code, marked «المثنی», "
                "and recorded as a reprint."
            ).format(serial=serial, name=certificate.full_name),
            default="print" if wanted == "print" else "save",
        )
        return None

    def open_pdf(self) -> None:
        found = self._issued_file("open")
        if found is not None:
            open_path(found[1])

    def save_pdf(self) -> None:
        found = self._issued_file("save")
        if found is None:
            return
        source = found[1]
        picker = QFileDialog(
            self, _("Save the certificate as"), str(default_folder() / source.name)
        )
        picker.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        picker.setNameFilter(_("PDF files (*.pdf)"))
        picker.setDefaultSuffix("pdf")
        picker.fileSelected.connect(lambda target: self._copy(source, Path(target)))
        self.save_picker = picker
        picker.open()

    def _copy(self, source: Path, target: Path) -> None:
        def work() -> Path:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            return target

        self.ctx.runner.run(
            work,
            alive_callback(self, lambda path: self._say(_("Saved: {path}").format(path=str(path)))),
            alive_callback(
                self,
                lambda error: self._complain(
                    _("The file could not be saved: {error}").format(error=error_text(error))
                ),
            ),
        )

    def print_pdf(self) -> None:
        found = self._issued_file("print")
        if found is not None:
            self._print(found[1], found[0].serial)

    def _print(self, source: Path, serial: str) -> None:
        self.print_flow = PrintFlow(
            self.ctx,
            source,
            self,
            title=serial,
            on_done=alive_callback(
                self,
                lambda pages: self._say(
                    _("Certificate {serial} sent to the printer.").format(
                        serial=serial_text(serial)
                    )
                ),
            ),
            on_error=alive_callback(
                self,
                lambda error: self._complain(
                    _("Printing did not work: {error}").format(error=error_text(error))
                ),
            ),
            on_progress=alive_progress(self, lambda *_args: None),
        )
        self.print_flow.open()

    # --- reprint -----------------------------------------------------------------------------

    def reprint(self) -> None:
        certificate = self.current()
        if certificate is None or certificate.revoked:
            return
        self._offer_duplicate(
            certificate,
            _("Reprint certificate"),
            _(
                "A duplicate of certificate {serial} for {name} will be made with the same "
                "serial and QR code, marked «المثنی». The reprint is recorded."
            ).format(serial=serial_text(certificate.serial), name=certificate.full_name),
            default="print",
        )

    def _offer_duplicate(
        self, certificate: IssuedCertificate, heading: str, text: str, *, default: str
    ) -> None:
        """Ask (without blocking) whether to print or save a duplicate; nothing happens, and
        nothing is counted, on Cancel."""
        box = QMessageBox(
            QMessageBox.Icon.Question, heading, text, QMessageBox.StandardButton.Cancel, self
        )
        print_choice = box.addButton(_("Print the duplicate…"), QMessageBox.ButtonRole.AcceptRole)
        save_choice = box.addButton(
            _("Save the duplicate as PDF…"), QMessageBox.ButtonRole.ActionRole
        )
        box.setDefaultButton(print_choice if default == "print" else save_choice)

        def chosen(_result: int) -> None:
            clicked = box.clickedButton()
            if clicked is print_choice:
                self._make_duplicate(certificate, duplicate_path(certificate), then_print=True)
            elif clicked is save_choice:
                self._ask_duplicate_target(certificate)

        box.finished.connect(chosen)
        self.confirm_box = box
        box.open()

    def _ask_duplicate_target(self, certificate: IssuedCertificate) -> None:
        name = safe_file_name(f"{certificate.serial} {certificate.full_name} {DUPLICATE_MARK}")
        picker = QFileDialog(
            self, _("Save the duplicate as"), str(default_folder() / f"{name}.pdf")
        )
        picker.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        picker.setNameFilter(_("PDF files (*.pdf)"))
        picker.setDefaultSuffix("pdf")
        picker.fileSelected.connect(
            lambda target: self._make_duplicate(certificate, Path(target), then_print=False)
        )
        self.save_picker = picker
        picker.open()

    def _make_duplicate(
        self, certificate: IssuedCertificate, target: Path, *, then_print: bool
    ) -> None:
        service = self.ctx.services.certificates
        self.reprint_button.setEnabled(False)

        def done(result: Any) -> None:
            (reprinted,) = result
            self._select_after_load = reprinted.id
            self.refresh()
            self.changed.emit()
            self._say(
                _("Duplicate of certificate {serial} made (reprint number {count}): {path}").format(
                    serial=serial_text(reprinted.serial),
                    count=localise_digits(reprinted.reprints),
                    path=str(target),
                )
            )
            if then_print:
                self._print(target, reprinted.serial)
            else:
                open_path(target)

        def failed(error: Exception) -> None:
            self._update_buttons()
            self._complain(_("No duplicate was made: {error}").format(error=error_text(error)))

        self.ctx.runner.run(
            lambda: service.reprint([certificate.id], target),
            alive_callback(self, done),
            alive_callback(self, failed),
        )

    # --- revoke, verify, settings ------------------------------------------------------------

    def revoke(self) -> None:
        from desktop.gui.certificates.revoke_dialog import RevokeDialog
        from desktop.gui.workshops.action_dialog import open_action

        certificate = self.current()
        if certificate is None or certificate.revoked:
            return
        dialog = RevokeDialog(self.ctx, certificate, self)
        self._keep(dialog)
        open_action(dialog, alive_callback(self, self._revoked))

    def _revoked(self, certificate: IssuedCertificate) -> None:
        self._select_after_load = certificate.id
        self.refresh()
        self.changed.emit()
        self._say(
            _("Certificate {serial} is revoked.").format(serial=serial_text(certificate.serial))
        )

    def open_verify(self) -> QWidget:
        from desktop.gui.certificates.verify_dialog import VerifyDialog

        dialog = VerifyDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._keep(dialog)
        dialog.open()
        return dialog

    def open_settings(self) -> QWidget:
        from desktop.gui.certificates.settings_dialog import CertificateSettingsDialog

        dialog = CertificateSettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _settings: self.refresh())
        self._keep(dialog)
        dialog.open()
        return dialog

    def _keep(self, dialog: QWidget) -> None:
        self.dialogs = [d for d in self.dialogs if _alive(d)]
        self.dialogs.append(dialog)

    # --- keyboard ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            keys = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if event.key() in keys and self.model.rowCount():
                self.table.setFocus()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_search()
            return
        super().keyPressEvent(event)


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


__all__ = ["CertificatesPage", "duplicate_path"]
