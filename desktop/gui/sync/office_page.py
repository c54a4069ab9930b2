"""The office's Sync page: carry new records to the province, apply the province's receipt.

What the page shows comes from :class:`OfficeSyncService` on the thread pool: the province this
office reports to, what the next bundle would carry (every row above the counter the province
last acknowledged), the drives and folders a bundle can go to, and the history of bundles and
receipts. Export runs with progress and Cancel; the service writes atomically, reads the file
back and verifies it, and only then does the page say it is done. A bundle counts as delivered
only when a receipt from the province says so: until then it is "waiting for a receipt" and the
next export carries the same rows again.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.models.records import Column, RecordTableModel
from desktop.gui.style import ACCENT_COLOUR, leading, ltr, muted, set_message, title
from desktop.gui.sync.common import (
    join_list,
    local_time,
    number,
    short_digest,
    size_text,
    table_label,
)
from desktop.gui.sync.drives import Destination, DestinationModel, destinations
from desktop.gui.sync.widgets import SyncWorkPage, message_of, select_row, source_row, table_view
from desktop.gui.tasks import Progress
from desktop.i18n import _, ngettext
from desktop.services.sync import ExportRecord, ReceiptRecord, SyncOverview

log = logging.getLogger(__name__)

BUNDLE_FILTER = "*.hamyar-bundle"
RECEIPT_FILTER = "*.hamyar-receipt"
ENROLMENT_FILTER = "*.hamyar-enrolment"


def _stages() -> dict[str, str]:
    return {
        "read": _("Reading the changed records…"),
        "encrypt": _("Encrypting for the province…"),
        "write": _("Writing to the drive…"),
        "verify": _("Reading the bundle back to check it…"),
    }


def load_overview(ctx: GuiContext) -> SyncOverview:
    """Runs on the thread pool."""
    from desktop.services.sync import OfficeSyncService

    return OfficeSyncService(ctx.services.db).overview()


class OfficeSyncPage(SyncWorkPage):
    loaded = Signal()  # the overview is on screen
    exported = Signal(object)  # ExportResult, after it was read back and verified
    receipt_applied = Signal(object)  # ReceiptResult
    new_key_made = Signal(object)  # NewOfficeKey

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.overview: SyncOverview | None = None
        self.folders: list[Path] = []
        self.file_dialog: QFileDialog | None = None
        self.new_key_box: QMessageBox | None = None
        self.last_result: Any = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(10)
        layout.addWidget(title(QLabel(_("Sync"))))
        self.province_label = leading(QLabel("…"))
        self.province_label.setObjectName("provinceLabel")
        self.province_label.setWordWrap(True)
        self.province_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        enrol_row = QHBoxLayout()
        enrol_row.addWidget(self.province_label, 1)
        self.enrol_button = QPushButton(_("Open an &enrolment file…"))
        self.enrol_button.clicked.connect(self.choose_enrolment)
        self.enrol_button.hide()
        enrol_row.addWidget(self.enrol_button)
        layout.addLayout(enrol_row)
        # The province pins this key with the office's first bundle after comparing the
        # fingerprint with this line (by phone or in person): shown large and selectable.
        self.office_key_label = leading(QLabel(""))
        self.office_key_label.setObjectName("officeKeyLabel")
        self.office_key_label.setWordWrap(True)
        self.office_key_label.setTextFormat(Qt.TextFormat.RichText)
        self.office_key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.office_key_label.setStyleSheet(
            "QLabel#officeKeyLabel { background: palette(alternate-base); padding: 6px 10px;"
            " border: 1px solid palette(mid); border-radius: 4px; }"
        )
        key_row = QHBoxLayout()
        key_row.addWidget(self.office_key_label, 1)
        # Only when the key is lost (keys folder not restored): a deliberate, confirmed action.
        self.new_key_button = QPushButton(_("Make a &new office key…"))
        self.new_key_button.setObjectName("newKeyButton")
        self.new_key_button.clicked.connect(self.ask_new_key)
        self.new_key_button.hide()
        key_row.addWidget(self.new_key_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(key_row)

        top = QHBoxLayout()
        top.setSpacing(14)
        pending_box = QGroupBox(_("What the next bundle carries"))
        pending_layout = QVBoxLayout(pending_box)
        self.pending_label = muted(QLabel(""))
        self.pending_label.setObjectName("pendingLabel")
        pending_layout.addWidget(self.pending_label)
        self.pending_model: RecordTableModel[tuple[str, int]] = RecordTableModel(
            [
                Column(_("Records"), lambda r: table_label(r[0])),
                Column(_("Changed rows"), lambda r: r[1]),
            ],
            self,
        )
        self.pending_view = table_view(self.pending_model, stretch=0)
        self.pending_view.setObjectName("pending")
        pending_layout.addWidget(self.pending_view)
        top.addWidget(pending_box, 2)

        where_box = QGroupBox(_("Where to save the bundle"))
        where_layout = QVBoxLayout(where_box)
        self.destination_model = DestinationModel(self)
        self.destination_view = table_view(self.destination_model, stretch=2, sortable=False)
        self.destination_view.setObjectName("destinations")
        self.destination_view.selectionModel().selectionChanged.connect(self._update_buttons)
        where_layout.addWidget(self.destination_view)
        where_buttons = QHBoxLayout()
        self.refresh_button = QPushButton(_("&Refresh"))
        self.refresh_button.setToolTip(_("Look again for drives (after plugging in a USB stick)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.folder_button = QPushButton(_("Choose a &folder…"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.export_button = QPushButton(_("E&xport a bundle"))
        self.export_button.setDefault(True)
        self.export_button.setStyleSheet("font-weight: bold;")
        self.export_button.clicked.connect(self.export)
        where_buttons.addWidget(self.refresh_button)
        where_buttons.addWidget(self.folder_button)
        where_buttons.addStretch(1)
        where_buttons.addWidget(self.export_button)
        where_layout.addLayout(where_buttons)
        top.addWidget(where_box, 3)
        layout.addLayout(top, 3)

        self._add_status_lines(layout, _stages())

        history_box = QGroupBox(_("Bundles and receipts"))
        history_layout = QVBoxLayout(history_box)
        self.tabs = QTabWidget()
        self.export_model: RecordTableModel[ExportRecord] = RecordTableModel(
            [
                Column(_("Bundle"), lambda e: e.sequence),
                Column(
                    _("Written"),
                    lambda e: e.created_at.isoformat(),
                    lambda e: local_time(e.created_at),
                ),
                Column(
                    _("Changes"),
                    lambda e: e.rev_to,
                    lambda e: _("{start}–{end}").format(
                        start=number(e.rev_from + 1), end=number(e.rev_to)
                    ),
                ),
                Column(_("Rows"), lambda e: e.row_count),
                Column(
                    _("Status"),
                    lambda e: int(e.acknowledged),
                    lambda e: (
                        _("Acknowledged by the province")
                        if e.acknowledged
                        else _("Waiting for a receipt")
                    ),
                ),
                Column(_("File"), lambda e: e.file_name, lambda e: ltr(e.file_name)),
            ],
            self,
        )
        self.export_view = table_view(self.export_model, stretch=5)
        self.export_view.setObjectName("exports")
        self.receipt_model: RecordTableModel[ReceiptRecord] = RecordTableModel(
            [
                Column(_("Receipt"), lambda r: r.sequence),
                Column(
                    _("Written by the province"),
                    lambda r: r.created_at.isoformat(),
                    lambda r: local_time(r.created_at),
                ),
                Column(
                    _("Applied"),
                    lambda r: r.applied_at.isoformat(),
                    lambda r: local_time(r.applied_at),
                ),
                Column(
                    _("Province and office agree"),
                    lambda r: int(r.agrees),
                    lambda r: _("Yes") if r.agrees else _("No"),
                ),
                Column(_("Rejected rows"), lambda r: r.rejected),
            ],
            self,
        )
        self.receipt_view = table_view(self.receipt_model, stretch=1)
        self.receipt_view.setObjectName("receipts")
        self.rejected_model: RecordTableModel[Any] = RecordTableModel(
            [
                Column(_("Records"), lambda r: table_label(r.table)),
                Column(_("Change"), lambda r: r.rev),
                Column(_("Reason"), lambda r: r.message),
            ],
            self,
        )
        self.rejected_view = table_view(self.rejected_model, stretch=2)
        self.rejected_view.setObjectName("rejected")
        self.tabs.addTab(self.export_view, _("Bundles written"))
        self.tabs.addTab(self.receipt_view, _("Receipts applied"))
        self.tabs.addTab(self.rejected_view, _("Rows the province rejected"))
        history_layout.addWidget(self.tabs)
        receipt_row = QHBoxLayout()
        receipt_note = muted(
            QLabel(
                _(
                    "A bundle counts as delivered only when the province's receipt has been "
                    "applied; until then every export carries the same rows again."
                )
            )
        )
        self.receipt_button = QPushButton(_("Apply a &receipt…"))
        self.receipt_button.clicked.connect(self.choose_receipt)
        receipt_row.addWidget(receipt_note, 1)
        receipt_row.addWidget(self.receipt_button)
        history_layout.addLayout(receipt_row)
        layout.addWidget(history_box, 4)

        self._update_buttons()
        self.refresh()

    # --- loading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.overview is not None and not self.busy:
            self.refresh()

    def refresh(self) -> None:
        self.refresh_drives()
        ctx = self.ctx
        self.ctx.runner.run(
            lambda: load_overview(ctx),
            alive_callback(self, self._show_overview),
            alive_callback(self, self._load_failed),
        )

    def refresh_drives(self) -> None:
        selected = self.selected_destination()
        self.destination_model.set_destinations(destinations(folders=self.folders))
        rows = self.destination_model.rowCount()
        keep = next(
            (
                row
                for row in range(rows)
                if selected is not None
                and self.destination_model.destination(row).path == selected.path
            ),
            0 if rows else -1,
        )
        if keep >= 0:
            select_row(self.destination_view, keep)
        self._update_buttons()

    def _show_overview(self, overview: Any) -> None:
        assert isinstance(overview, SyncOverview)
        self.overview = overview
        province = overview.province
        if province is None:
            self.province_label.setText(
                _(
                    "This office is not enrolled with a province yet. Open the enrolment file "
                    "the province gave you."
                )
            )
            self.enrol_button.show()
        else:
            self.province_label.setText(
                _(
                    "This office reports to the province {name} (province key {fingerprint})."
                ).format(name=province.name, fingerprint=ltr(province.fingerprint))
            )
            self.enrol_button.hide()
        self._show_office_key(overview)
        pending = overview.pending
        if pending is None:
            self.pending_label.setText("")
            self.pending_model.set_records([])
        else:
            counts = sorted(pending.counts.items(), key=lambda item: table_label(item[0]))
            self.pending_model.set_records(counts)
            if pending.total:
                text = ngettext(
                    "{count} changed row since the province's last receipt "
                    "(changes {start}–{end}).",
                    "{count} changed rows since the province's last receipt "
                    "(changes {start}–{end}).",
                    pending.total,
                ).format(
                    count=number(pending.total),
                    start=number(pending.rev_from + 1),
                    end=number(pending.rev_to),
                )
            else:
                text = _("Nothing new since the province's last receipt.")
            self.pending_label.setText(text)
        self.export_model.set_records(overview.exports)
        self.receipt_model.set_records(overview.receipts)
        self._update_buttons()
        self.loaded.emit()

    def _show_office_key(self, overview: SyncOverview) -> None:
        fingerprint = overview.office_fingerprint
        self.new_key_button.setVisible(overview.key_missing)
        warning = "QLabel#officeKeyLabel { background: #fdecea; color: #8a1c12;"
        normal = "QLabel#officeKeyLabel { background: palette(alternate-base);"
        style = self.office_key_label.styleSheet()
        self.office_key_label.setStyleSheet(
            style.replace(normal, warning)
            if overview.key_missing
            else style.replace(warning, normal)
        )
        if overview.key_missing:
            text = "{problem}<br>{what}".format(
                problem=_escape(overview.key_problem or ""),
                what=_escape(
                    _(
                        "Without it this office can neither export bundles nor issue "
                        "certificates. If the keys folder cannot be restored, make a new office "
                        "key."
                    )
                ),
            )
        elif fingerprint is not None and overview.replaced_fingerprint is not None:
            text = "{lead}<br><span style='font-size: 15pt; font-weight: bold;'>{fp}</span>".format(
                lead=_escape(
                    _(
                        "This office's new signing key (made on {date} after the key "
                        "{previous} was lost). Read this fingerprint out to the province: it "
                        "accepts the next bundle only after comparing it:"
                    ).format(
                        date=local_time(overview.replaced_at)
                        if overview.replaced_at is not None
                        else "",
                        previous=ltr(overview.replaced_fingerprint),
                    )
                ),
                fp=_escape(ltr(fingerprint)),
            )
        elif fingerprint is None:
            text = _escape(
                _(
                    "This office's signing key is made with its first bundle; its fingerprint "
                    "will be shown here for the province to compare."
                )
            )
        else:
            text = "{lead}<br><span style='font-size: 15pt; font-weight: bold;'>{fp}</span>".format(
                lead=_escape(
                    _(
                        "This office's signing key. The province compares this fingerprint "
                        "before it takes the office's first bundle:"
                    )
                ),
                fp=_escape(ltr(fingerprint)),
            )
        self.office_key_label.setText(text)

    def office_key_text(self) -> str:
        """What the office key line says, without markup (for tests)."""
        from PySide6.QtGui import QTextDocumentFragment

        return QTextDocumentFragment.fromHtml(self.office_key_label.text()).toPlainText()

    def _load_failed(self, error: Exception) -> None:
        log.error("sync overview could not be read", exc_info=error)
        self._show_error(message_of(error))
        self.loaded.emit()

    # --- where to ------------------------------------------------------------------------------

    def selected_destination(self) -> Destination | None:
        row = source_row(self.destination_view)
        if row < 0 or row >= self.destination_model.rowCount():
            return None
        return self.destination_model.destination(row)

    def add_folder(self, folder: Path) -> None:
        """A folder the person chose: listed first and selected."""
        folder = Path(folder)
        if folder not in self.folders:
            self.folders.insert(0, folder)
        self.refresh_drives()
        for row in range(self.destination_model.rowCount()):
            if self.destination_model.destination(row).path == folder:
                select_row(self.destination_view, row)
                break
        self._update_buttons()

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, _("Choose the folder for the bundle"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.add_folder(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    # --- export --------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        enrolled = self.overview is not None and self.overview.province is not None
        has_place = self.selected_destination() is not None
        can_sign = self.overview is None or not self.overview.key_missing
        self.export_button.setEnabled(enrolled and has_place and can_sign and not self.busy)
        self.receipt_button.setEnabled(enrolled and not self.busy)
        self.enrol_button.setEnabled(not self.busy)
        self.folder_button.setEnabled(not self.busy)
        self.refresh_button.setEnabled(not self.busy)
        self.new_key_button.setEnabled(not self.busy)

    def export(self) -> None:
        destination = self.selected_destination()
        if destination is None or self.busy:
            return
        ctx = self.ctx
        target = destination.path

        def work(progress: Progress) -> Any:
            from desktop.services.sync import OfficeSyncService

            return OfficeSyncService(ctx.services.db).export(
                target,
                progress=lambda stage, done, total: progress.report(done, total, stage),
                cancelled=lambda: progress.cancelled,
            )

        self._set_busy(True)
        self._clear_messages()
        self.progress_row.start(_("Preparing the bundle…"))
        self.progress = self.ctx.runner.run_with_progress(
            work,
            alive_callback(self, self._exported),
            alive_callback(self, self._export_failed),
            self.progress_row.report,
        )

    def _exported(self, result: Any) -> None:
        self._finish_work()
        self.last_result = result
        lines = [
            _("Bundle {sequence} was written and read back without fault: {path}").format(
                sequence=number(result.sequence), path=ltr(str(result.path))
            ),
            ngettext(
                "It carries {count} row (changes {start}–{end}), {size}: {tables}.",
                "It carries {count} rows (changes {start}–{end}), {size}: {tables}.",
                result.total,
            ).format(
                count=number(result.total),
                start=number(result.rev_from + 1),
                end=number(result.rev_to),
                size=size_text(result.size_bytes),
                tables=join_list(
                    f"{table_label(name)} {number(count)}"
                    for name, count in sorted(result.counts.items())
                )
                or _("no rows"),
            ),
            _(
                "Take it to the province. It counts as delivered only when the province's "
                "receipt has been applied."
            ),
        ]
        if result.new_epoch:
            lines.append(
                _(
                    "This database is a copy or a restored backup, so it now counts its changes "
                    "as a new installation; the province will take both."
                )
            )
        self._show_result("<br>".join(_escape(line) for line in lines))
        self.exported.emit(result)
        self.refresh()

    def _export_failed(self, error: Exception) -> None:
        self._finish_work()
        log.info("export refused: %s", error)
        self._show_error(message_of(error))

    # --- receipts -----------------------------------------------------------------------------

    def choose_receipt(self) -> None:
        dialog = QFileDialog(self, _("Choose the province's receipt"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [_("Hamyar receipts ({pattern})").format(pattern=RECEIPT_FILTER), _("All files (*)")]
        )
        destination = self.selected_destination()
        if destination is not None:
            dialog.setDirectory(str(destination.path))
        dialog.fileSelected.connect(lambda path: self.apply_receipt(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def apply_receipt(self, path: Path) -> None:
        if self.busy:
            return
        ctx = self.ctx

        def work() -> Any:
            from desktop.services.sync import OfficeSyncService

            return OfficeSyncService(ctx.services.db).apply_receipt(path)

        self._set_busy(True)
        self._clear_messages()
        self.progress_row.start(_("Checking and applying the receipt…"))
        self.progress_row.cancel.setEnabled(False)  # one short transaction: all or nothing
        self.ctx.runner.run(
            work,
            alive_callback(self, self._receipt_applied),
            alive_callback(self, self._work_failed),
        )

    def _receipt_applied(self, result: Any) -> None:
        self._finish_work()
        self.last_result = result
        lines = [
            _(
                "Receipt {sequence} from the province {province} was applied: it acknowledges "
                "every change up to {rev}."
            ).format(
                sequence=number(result.sequence),
                province=result.province_name,
                rev=number(result.acked_rev),
            ),
            _("The province holds exactly this office's rows (digest {digest}).").format(
                digest=ltr(short_digest(result.province_digest))
            )
            if result.agrees
            else _(
                "The province's rows differ from this office's: see the rows it rejected, and "
                "export again."
            ),
        ]
        if result.rejected:
            lines.append(
                ngettext(
                    "The province rejected {count} row; the reasons are listed below.",
                    "The province rejected {count} rows; the reasons are listed below.",
                    len(result.rejected),
                ).format(count=number(len(result.rejected)))
            )
        extras = [
            (result.skills, _("skills")),
            (result.forms, _("forms")),
            (result.keys_added, _("office keys")),
            (result.revocations, _("revoked certificates")),
            (result.decisions, _("duplicate decisions")),
            (result.conflicts_decided, _("conflict decisions")),
        ]
        shown = [f"{label} {number(count)}" for count, label in extras if count]
        if shown:
            lines.append(
                _("Also received from the province: {items}.").format(items=join_list(shown))
            )
        if result.conflicts_rewritten:
            lines.append(
                ngettext(
                    "{count} record was saved again as the province decided in a conflict; "
                    "export a bundle to send it.",
                    "{count} records were saved again as the province decided in conflicts; "
                    "export a bundle to send them.",
                    result.conflicts_rewritten,
                ).format(count=number(result.conflicts_rewritten))
            )
        if result.conflicts_waiting:
            lines.append(
                ngettext(
                    "{count} conflict decision could not be applied here yet (a record it "
                    "refers to is missing).",
                    "{count} conflict decisions could not be applied here yet (records they "
                    "refer to are missing).",
                    result.conflicts_waiting,
                ).format(count=number(result.conflicts_waiting))
            )
        self.rejected_model.set_records(result.rejected)
        if result.rejected:
            self.tabs.setCurrentWidget(self.rejected_view)
        self._show_result("<br>".join(_escape(line) for line in lines))
        self.receipt_applied.emit(result)
        self.refresh()

    # --- a new office key (the old one is lost) ------------------------------------------------

    def ask_new_key(self) -> None:
        """Say what a new key means before making it (non-blocking; Cancel is the default)."""
        if self.busy:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Make a new office key"))
        box.setText(
            _(
                "Make a new signing key for this office? Do this only if the keys folder is lost "
                "and cannot be restored from a backup."
            )
        )
        box.setInformativeText(
            "\n\n".join(
                [
                    _(
                        "Certificates issued before keep verifying: the old key stays known, "
                        "marked as retired. New certificates and bundles are signed with the "
                        "new key."
                    ),
                    _(
                        "The province refuses bundles signed with the new key until it "
                        "compares its fingerprint with you: read the new fingerprint out to the "
                        "province by phone when you bring the next bundle."
                    ),
                    _(
                        "Receipts the province wrote for the old key cannot be opened here; "
                        "ask for a new receipt after the next bundle. Back up the keys folder "
                        "afterwards."
                    ),
                ]
            )
        )
        make = box.addButton(_("Make a new key"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _r: self._new_key_decided(box.clickedButton() is make))
        self.new_key_box = box
        box.open()

    def _new_key_decided(self, make: bool) -> None:
        self.new_key_box = None
        if make:
            self.make_new_key()

    def make_new_key(self) -> None:
        if self.busy:
            return
        ctx = self.ctx

        def work() -> Any:
            from desktop.services.sync import OfficeSyncService

            return OfficeSyncService(ctx.services.db).new_office_key(
                user_id=ctx.services.actor.user_id
            )

        self._set_busy(True)
        self._clear_messages()
        self.ctx.runner.run(
            work,
            alive_callback(self, self._new_key_made),
            alive_callback(self, self._work_failed),
        )

    def _new_key_made(self, made: Any) -> None:
        self._set_busy(False)
        self.last_result = made
        lines = [
            _("This office has a new signing key: {fingerprint}").format(
                fingerprint=ltr(made.fingerprint)
            ),
            _(
                "The old key {previous} is retired: certificates issued with it still verify; "
                "new certificates and bundles use the new key."
            ).format(previous=ltr(made.old_fingerprint)),
            _(
                "Read the new fingerprint out to the province when you bring the next bundle; "
                "it accepts the bundle only after comparing it. Back up the keys folder now."
            ),
        ]
        self._show_result("<br>".join(_escape(line) for line in lines))
        self.new_key_made.emit(made)
        self.refresh()

    # --- enrolment (an office set up before it had a province) ---------------------------------

    def choose_enrolment(self) -> None:
        dialog = QFileDialog(self, _("Choose the office enrolment file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [
                _("Hamyar enrolment files ({pattern})").format(pattern=ENROLMENT_FILTER),
                _("All files (*)"),
            ]
        )
        dialog.fileSelected.connect(lambda path: self.enrol(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def enrol(self, path: Path) -> None:
        ctx = self.ctx

        def work() -> Any:
            from desktop.services.sync import OfficeSyncService

            return OfficeSyncService(ctx.services.db).enrol(path)

        self._set_busy(True)
        set_message(self.message, "")
        self.ctx.runner.run(
            work,
            alive_callback(self, self._enrolled),
            alive_callback(self, self._work_failed),
        )

    def _enrolled(self, enrolment: Any) -> None:
        self._set_busy(False)
        self._show_result(
            _escape(
                _(
                    "This office now reports to the province {name} (province key {fingerprint})."
                ).format(
                    name=enrolment.province.name, fingerprint=ltr(enrolment.province.fingerprint)
                )
            )
        )
        self.refresh()

    # --- messages ------------------------------------------------------------------------------

    def _show_result(self, html: str) -> None:
        set_message(self.message, "")
        self.result_label.setStyleSheet(f"color: {ACCENT_COLOUR};")
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setText(html)
        self.result_label.show()

    def result_text(self) -> str:
        """What the result line says, without markup (for tests)."""
        from PySide6.QtGui import QTextDocumentFragment

        return QTextDocumentFragment.fromHtml(self.result_label.text()).toPlainText()


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)
