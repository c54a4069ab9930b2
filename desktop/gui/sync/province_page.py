"""The province's Sync page: import office bundles, pin office keys, write receipts, review.

Import: choose any number of bundle files; each is previewed on the thread pool (new, updated,
unchanged, conflicts, suspected duplicates, rejected rows with reasons) without changing
anything. A file that is refused (damaged, wrong province, replayed, bad signature…) shows the
service's Persian message and is left out. An office's first bundle carries a key the province
has not seen: its fingerprint is shown and the person must confirm they compared it with the
office before it is pinned. Merge then imports every accepted file, each in one transaction.

Offices: per-office status (pinned key, last bundle, acknowledged counter, rows held, digest)
and "Write a receipt" for the selected office into a chosen folder. Review: conflicts and
suspected cross-office duplicates, with "same person" / "different people" decisions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.models.records import Column, RecordTableModel
from desktop.gui.style import ACCENT_COLOUR, error_label, leading, ltr, muted, set_message, title
from desktop.gui.sync.common import join_list, local_time, number, short_digest, table_label
from desktop.gui.sync.office_page import BUNDLE_FILTER
from desktop.gui.sync.widgets import SyncWorkPage, message_of, select_row, source_row, table_view
from desktop.gui.tasks import Progress
from desktop.i18n import _, localise_digits, ngettext
from desktop.services.province import (
    KEEP_CURRENT,
    TAKE_QUEUED,
    ConflictItem,
    DuplicateFlagItem,
    ImportOutcome,
    OfficeStatus,
    ProvinceInfo,
)
from desktop.sync.fields import field_label

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreviewRow:
    """One chosen file: its preview, or why it is refused."""

    path: Path
    preview: Any  # BundlePreview | None
    error: str  # the refusal, shown as the service says it

    @property
    def ok(self) -> bool:
        return self.preview is not None


@dataclass(frozen=True)
class TableRow:
    table: str
    new: int
    updated: int
    unchanged: int
    conflicts: int
    rejected: int


@dataclass(frozen=True)
class ProblemRow:
    kind: str
    table: str
    rev: int
    text: str


@dataclass(frozen=True)
class ProvinceData:
    info: ProvinceInfo
    offices: list[OfficeStatus]
    conflicts: list[ConflictItem]
    duplicates: list[DuplicateFlagItem]


def _stages() -> dict[str, str]:
    return {
        "files": _("Reading the bundle files…"),
        "verify": _("Checking the signature and decrypting…"),
        "validate": _("Checking every row…"),
        "merge": _("Merging…"),
    }


def load_province(ctx: GuiContext) -> ProvinceData:
    """Runs on the thread pool."""
    from desktop.services.province import ProvinceService

    service = ProvinceService(ctx.services.db)
    return ProvinceData(
        service.open(), service.status(), service.conflicts(), service.duplicate_flags()
    )


def preview_files(ctx: GuiContext, paths: list[Path], progress: Progress) -> list[PreviewRow]:
    """Runs on the thread pool: every file previewed on its own; nothing changes."""
    from desktop.services.province import ProvinceService

    service = ProvinceService(ctx.services.db)
    rows: list[PreviewRow] = []
    for index, path in enumerate(paths):
        if progress.cancelled:
            break
        progress.report(index, len(paths), "files")
        try:
            rows.append(PreviewRow(path, service.preview(path), ""))
        except DomainError as error:
            rows.append(PreviewRow(path, None, str(error)))
    progress.report(len(paths), len(paths), "files")
    return rows


def preview_status(row: PreviewRow) -> str:
    if not row.ok:
        return row.error
    preview = row.preview
    if preview.key_is_new:
        return _("New office key: confirm its fingerprint")
    if preview.key_changed:
        return _("The office replaced its key: compare the new fingerprint")
    if preview.row_count and preview.unchanged == preview.row_count:
        return _("Already imported: nothing new")
    return _("Ready to merge")


def pinned_text(office: OfficeStatus) -> str:
    """When the office's key was pinned and who compared its fingerprint."""
    if office.pinned_at is None:
        return _("Not pinned yet")
    if office.pinned_by:
        return _("{date} by {who}").format(date=local_time(office.pinned_at), who=office.pinned_by)
    return local_time(office.pinned_at)


def receipt_key_text(office: OfficeStatus) -> str:
    return _("Known") if office.receipt_key_known else _("Not known yet")


def receipt_key_tooltip(office: OfficeStatus) -> str:
    if office.receipt_key_known:
        return _("Receipts are encrypted to the office's key {recipient}").format(
            recipient=ltr(office.age_recipient or "")
        )
    return _("No bundle of this office has brought its receipt key yet: merge one first.")


class ProvinceSyncPage(SyncWorkPage):
    loaded = Signal()
    previewed = Signal()
    merged = Signal(object)  # list[ImportOutcome]
    receipt_written = Signal(object)  # ReceiptSummary
    decided = Signal()  # a conflict decision was recorded

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: ProvinceData | None = None
        self.previews: list[PreviewRow] = []
        self.file_dialog: QFileDialog | None = None
        self.key_dialog: KeyConfirmDialog | None = None
        self.enrol_dialog: EnrolOfficeDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(10)
        layout.addWidget(title(QLabel(_("Sync"))))
        self.province_label = leading(QLabel("…"))
        self.province_label.setObjectName("provinceLabel")
        self.province_label.setWordWrap(True)
        self.province_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.province_label)
        self._add_status_lines(layout, _stages())
        self.result_label.setStyleSheet(f"color: {ACCENT_COLOUR};")

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_import(), _("Import bundles"))
        self.tabs.addTab(self._build_offices(), _("Offices"))
        self.tabs.addTab(self._build_review(), _("Review"))
        layout.addWidget(self.tabs, 1)
        self._update_buttons()
        self.refresh()

    # --- building -----------------------------------------------------------------------------

    def _build_import(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton(_("&Choose bundle files…"))
        self.choose_button.clicked.connect(self.choose_bundles)
        self.merge_button = QPushButton(_("&Merge"))
        self.merge_button.setStyleSheet("font-weight: bold;")
        self.merge_button.clicked.connect(self.merge)
        self.import_note = muted(
            QLabel(_("Choose the bundles the offices sent: nothing changes until you merge."))
        )
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.import_note, 1)
        buttons.addWidget(self.merge_button)
        layout.addLayout(buttons)

        self.preview_model: RecordTableModel[PreviewRow] = RecordTableModel(
            [
                Column(_("File"), lambda r: r.path.name, lambda r: ltr(r.path.name)),
                Column(_("Office"), lambda r: r.preview.office_code if r.ok else "—"),
                Column(
                    _("Bundle"),
                    lambda r: r.preview.sequence if r.ok else 0,
                    lambda r: number(r.preview.sequence) if r.ok else "—",
                ),
                Column(_("New"), lambda r: r.preview.new if r.ok else 0),
                Column(_("Updated"), lambda r: r.preview.updated if r.ok else 0),
                Column(_("Unchanged"), lambda r: r.preview.unchanged if r.ok else 0),
                Column(_("Conflicts"), lambda r: r.preview.conflicts if r.ok else 0),
                Column(
                    _("Suspected duplicates"), lambda r: len(r.preview.duplicates) if r.ok else 0
                ),
                Column(_("Rejected rows"), lambda r: len(r.preview.rejected) if r.ok else 0),
                Column(_("Status"), preview_status, tooltip=preview_status),
            ],
            self,
        )
        self.preview_view = table_view(self.preview_model, stretch=9, sortable=False)
        self.preview_view.setObjectName("previews")
        # Bundle file names are long and alike; the status says what matters. Give the name a
        # fixed width, elided in the middle (the tooltip and the details below show it whole).
        names = self.preview_view.horizontalHeader()
        names.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        names.resizeSection(0, 250)
        self.preview_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.preview_view.selectionModel().selectionChanged.connect(self._show_preview_details)

        self.table_model: RecordTableModel[TableRow] = RecordTableModel(
            [
                Column(_("Records"), lambda r: table_label(r.table)),
                Column(_("New"), lambda r: r.new),
                Column(_("Updated"), lambda r: r.updated),
                Column(_("Unchanged"), lambda r: r.unchanged),
                Column(_("Conflicts"), lambda r: r.conflicts),
                Column(_("Rejected"), lambda r: r.rejected),
            ],
            self,
        )
        self.table_view = table_view(self.table_model, stretch=0)
        self.table_view.setObjectName("tables")
        self.problem_model: RecordTableModel[ProblemRow] = RecordTableModel(
            [
                Column(_("What"), lambda r: r.kind),
                Column(_("Records"), lambda r: table_label(r.table)),
                Column(_("Details"), lambda r: r.text, tooltip=lambda r: r.text),
            ],
            self,
        )
        self.problem_view = table_view(self.problem_model, stretch=2)
        self.problem_view.setObjectName("problems")
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self._boxed(_("By table"), self.table_view))
        lower.addWidget(self._boxed(_("Rejected rows and suspected duplicates"), self.problem_view))
        lower.setSizes([560, 500])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.preview_view)
        splitter.addWidget(lower)
        splitter.setSizes([200, 260])
        layout.addWidget(splitter, 1)
        return page

    @staticmethod
    def _boxed(heading: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(heading)
        QVBoxLayout(box).addWidget(widget)
        return box

    def _build_offices(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.office_model: RecordTableModel[OfficeStatus] = RecordTableModel(
            [
                Column(_("Office"), lambda o: o.code),
                Column(_("Name"), lambda o: o.name),
                Column(
                    _("Office key"),
                    lambda o: o.fingerprint or "",
                    lambda o: ltr(o.fingerprint) if o.fingerprint else _("Not pinned yet"),
                    tooltip=pinned_text,
                ),
                Column(
                    _("Key pinned"),
                    lambda o: o.pinned_at.isoformat() if o.pinned_at else "",
                    pinned_text,
                    tooltip=pinned_text,
                ),
                Column(
                    _("Retired keys"),
                    lambda o: o.retired_keys,
                    tooltip=lambda o: _(
                        "Keys the office lost and replaced; certificates they signed still verify."
                    ),
                ),
                Column(
                    _("Receipt key"),
                    lambda o: o.receipt_key_known,
                    receipt_key_text,
                    tooltip=receipt_key_tooltip,
                ),
                Column(
                    _("Last bundle"),
                    lambda o: o.last_bundle_at.isoformat() if o.last_bundle_at else "",
                    lambda o: local_time(o.last_bundle_at),
                ),
                Column(_("Acknowledged up to"), lambda o: o.acked_rev),
                Column(_("Participants"), lambda o: o.counts.get("participants", 0)),
                Column(
                    _("Rows held"),
                    lambda o: sum(o.counts.values()),
                    tooltip=lambda o: join_list(
                        f"{table_label(t)} {number(n)}" for t, n in sorted(o.counts.items())
                    ),
                ),
                Column(_("Digest"), lambda o: o.digest, lambda o: ltr(short_digest(o.digest))),
                Column(_("Open conflicts"), lambda o: o.open_conflicts),
                Column(_("Open duplicates"), lambda o: o.open_duplicates),
            ],
            self,
        )
        self.office_view = table_view(self.office_model, stretch=1)
        self.office_view.setObjectName("offices")
        self.office_view.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.office_view, 1)
        buttons = QHBoxLayout()
        self.enrol_button = QPushButton(_("&Enrol an office…"))
        self.enrol_button.clicked.connect(self.enrol_office)
        self.receipt_button = QPushButton(_("Write a &receipt…"))
        self.receipt_button.setToolTip(
            _("Write the selected office's receipt to a USB stick or a folder")
        )
        self.receipt_button.clicked.connect(self.choose_receipt_folder)
        note = muted(
            QLabel(
                _(
                    "A receipt tells the office what the province now holds, so its next bundle "
                    "starts after it."
                )
            )
        )
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(note, 1)
        buttons.addWidget(self.receipt_button)
        layout.addLayout(buttons)
        return page

    def _build_review(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.duplicate_model: RecordTableModel[DuplicateFlagItem] = RecordTableModel(
            [
                Column(
                    _("Found"),
                    lambda f: f.created_at.isoformat(),
                    lambda f: local_time(f.created_at),
                ),
                Column(_("Match"), lambda f: f.kind, lambda f: duplicate_kind(f.kind)),
                Column(_("First office"), lambda f: f.office_a),
                Column(_("Second office"), lambda f: f.office_b),
                Column(_("Matched on"), lambda f: f.match_key, lambda f: match_text(f.match_key)),
            ],
            self,
        )
        self.duplicate_view = table_view(self.duplicate_model, stretch=4)
        self.duplicate_view.setObjectName("duplicates")
        self.duplicate_view.selectionModel().selectionChanged.connect(self._update_buttons)
        box = self._boxed(_("Suspected duplicates across offices"), self.duplicate_view)
        decide = QHBoxLayout()
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("Note (optional)"))
        self.same_button = QPushButton(_("&Same person"))
        self.same_button.clicked.connect(lambda: self.decide("same_person"))
        self.different_button = QPushButton(_("&Different people"))
        self.different_button.clicked.connect(lambda: self.decide("different_people"))
        decide.addWidget(self.note_edit, 1)
        decide.addWidget(self.same_button)
        decide.addWidget(self.different_button)
        box_layout = box.layout()
        assert isinstance(box_layout, QVBoxLayout)
        box_layout.addLayout(decide)
        box_layout.addWidget(
            muted(QLabel(_("Decisions travel to both offices with their next receipts.")))
        )
        layout.addWidget(box, 3)
        self.conflict_model: RecordTableModel[ConflictItem] = RecordTableModel(
            [
                Column(
                    _("Found"),
                    lambda c: c.created_at.isoformat(),
                    lambda c: local_time(c.created_at),
                ),
                Column(_("Office"), lambda c: c.office_code),
                Column(_("Records"), lambda c: table_label(c.table)),
                Column(_("Change"), lambda c: c.rev),
                Column(_("Fields that differ"), changed_field_labels),
                Column(_("Row"), lambda c: str(c.row_id), lambda c: ltr(str(c.row_id))),
            ],
            self,
        )
        self.conflict_view = table_view(self.conflict_model, stretch=4)
        self.conflict_view.setObjectName("conflicts")
        self.conflict_view.selectionModel().selectionChanged.connect(self._show_conflict)
        conflicts = self._boxed(
            _("Conflicts: the same record arrived with different content"), self.conflict_view
        )
        conflicts_layout = conflicts.layout()
        assert isinstance(conflicts_layout, QVBoxLayout)
        conflicts_layout.addWidget(
            muted(
                QLabel(
                    _(
                        "The province keeps the version it had; the office's version is kept "
                        "here and nothing is overwritten silently."
                    )
                    + " "
                    + _(
                        "Your decision goes to the office with its next receipt; the office "
                        "saves the chosen version again and its next bundle brings it here."
                    )
                )
            )
        )
        self.conflict_detail = muted(QLabel(""))
        self.conflict_detail.setObjectName("conflictDetail")
        self.conflict_detail.setWordWrap(True)
        self.conflict_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        conflicts_layout.addWidget(self.conflict_detail)
        settle = QHBoxLayout()
        self.conflict_note_edit = QLineEdit()
        self.conflict_note_edit.setObjectName("conflictNote")
        self.conflict_note_edit.setPlaceholderText(_("Note (optional)"))
        self.keep_button = QPushButton(_("&Keep the province's version"))
        self.keep_button.clicked.connect(lambda: self.decide_conflict(KEEP_CURRENT))
        self.take_button = QPushButton(_("&Take the queued version"))
        self.take_button.clicked.connect(lambda: self.decide_conflict(TAKE_QUEUED))
        settle.addWidget(self.conflict_note_edit, 1)
        settle.addWidget(self.keep_button)
        settle.addWidget(self.take_button)
        conflicts_layout.addLayout(settle)
        layout.addWidget(conflicts, 2)
        return page

    def selected_conflict(self) -> ConflictItem | None:
        row = source_row(self.conflict_view)
        if 0 <= row < self.conflict_model.rowCount():
            return self.conflict_model.record(row)
        return None

    def _show_conflict(self) -> None:
        conflict = self.selected_conflict()
        self._update_buttons()
        if conflict is None:
            self.conflict_detail.setText("")
            return
        held = conflict.current or {}
        lines = [
            _("{field}: the province holds {held}; queued: {queued}").format(
                field=field_label(conflict.table, name),
                held=_value_text(held.get(name)),
                queued=_value_text(conflict.snapshot.get(name)),
            )
            for name in conflict.changed_fields
        ]
        self.conflict_detail.setText("\n".join(lines))

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        ctx = self.ctx
        self.ctx.runner.run(
            lambda: load_province(ctx),
            alive_callback(self, self._show_data),
            alive_callback(self, self._load_failed),
        )

    def _show_data(self, data: Any) -> None:
        assert isinstance(data, ProvinceData)
        selected = self.selected_office()
        self.data = data
        self.province_label.setText(
            _(
                "Province {name}. Its key fingerprint (offices see it when they open their "
                "enrolment file): {fingerprint}"
            ).format(name=data.info.name, fingerprint=ltr(data.info.fingerprint))
        )
        self.office_model.set_records(data.offices)
        keep = next(
            (
                row
                for row, office in enumerate(data.offices)
                if selected is not None and office.code == selected.code
            ),
            0,
        )
        select_row(self.office_view, keep)
        self.duplicate_model.set_records(data.duplicates)
        self.conflict_model.set_records(data.conflicts)
        if data.conflicts:
            select_row(self.conflict_view, 0)
        self._show_conflict()
        review = len(data.duplicates) + len(data.conflicts)
        self.tabs.setTabText(
            2,
            _("Review ({count})").format(count=number(review)) if review else _("Review"),
        )
        self._update_buttons()
        self.loaded.emit()

    def _load_failed(self, error: Exception) -> None:
        log.error("province status could not be read", exc_info=error)
        self._show_error(message_of(error))
        self.loaded.emit()

    def selected_office(self) -> OfficeStatus | None:
        row = source_row(self.office_view)
        return self.office_model.record(row) if 0 <= row < self.office_model.rowCount() else None

    def _update_buttons(self) -> None:
        idle = not self.busy
        accepted = [row for row in self.previews if row.ok]
        self.choose_button.setEnabled(idle)
        self.merge_button.setEnabled(idle and bool(accepted))
        self.receipt_button.setEnabled(idle and self.selected_office() is not None)
        self.enrol_button.setEnabled(idle)
        has_flag = 0 <= source_row(self.duplicate_view) < self.duplicate_model.rowCount()
        self.same_button.setEnabled(idle and has_flag)
        self.different_button.setEnabled(idle and has_flag)
        has_conflict = self.selected_conflict() is not None
        self.keep_button.setEnabled(idle and has_conflict)
        self.take_button.setEnabled(idle and has_conflict)

    # --- preview ------------------------------------------------------------------------------

    def choose_bundles(self) -> None:
        dialog = QFileDialog(self, _("Choose the offices' bundles"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(
            [
                _("Hamyar bundles ({pattern})").format(pattern=BUNDLE_FILTER),
                _("All files (*)"),
            ]
        )
        dialog.filesSelected.connect(lambda paths: self.preview([Path(p) for p in paths]))
        self.file_dialog = dialog
        dialog.open()

    def preview(self, paths: list[Path]) -> None:
        if self.busy or not paths:
            return
        ctx = self.ctx
        self._set_busy(True)
        self._clear_messages()
        self.progress_row.start(_("Reading the bundle files…"))
        self.progress = self.ctx.runner.run_with_progress(
            lambda progress: preview_files(ctx, paths, progress),
            alive_callback(self, self._previewed),
            alive_callback(self, self._work_failed),
            self.progress_row.report,
        )

    def _previewed(self, rows: Any) -> None:
        self._finish_work()
        self.previews = list(rows)
        self.preview_model.set_records(self.previews)
        if self.previews:
            select_row(self.preview_view, 0)
        refused = [row for row in self.previews if not row.ok]
        if refused:
            self._show_error(
                ngettext(
                    "{count} file was refused and will not be merged; the reason is in its row.",
                    "{count} files were refused and will not be merged; the reasons are in "
                    "their rows.",
                    len(refused),
                ).format(count=number(len(refused)))
            )
        self._update_buttons()
        self.previewed.emit()

    def _show_preview_details(self) -> None:
        row = source_row(self.preview_view)
        if not (0 <= row < len(self.previews)) or not self.previews[row].ok:
            self.table_model.set_records([])
            self.problem_model.set_records(
                [ProblemRow(_("File refused"), "", 0, self.previews[row].error)]
                if 0 <= row < len(self.previews)
                else []
            )
            return
        preview = self.previews[row].preview
        self.table_model.set_records(
            [
                TableRow(name, c.new, c.updated, c.unchanged, c.conflicts, c.rejected)
                for name, c in sorted(preview.tables.items(), key=lambda item: table_label(item[0]))
            ]
        )
        problems = [
            ProblemRow(_("Rejected row"), r.table, r.rev, r.message) for r in preview.rejected
        ] + [
            ProblemRow(
                _("Suspected duplicate"),
                "participants",
                0,
                _("{match} matches a person of office {office}").format(
                    match=duplicate_kind(d.kind), office=d.other_office
                ),
            )
            for d in preview.duplicates
        ]
        self.problem_model.set_records(problems)

    # --- merge --------------------------------------------------------------------------------

    def merge(self) -> None:
        accepted = [row for row in self.previews if row.ok]
        if self.busy or not accepted:
            return
        new_keys: dict[str, str] = {}
        changed_keys: dict[str, tuple[str, str]] = {}
        for row in accepted:
            if row.preview.key_is_new:
                new_keys.setdefault(row.preview.office_code, row.preview.key_fingerprint)
            elif row.preview.key_changed:
                changed_keys.setdefault(
                    row.preview.office_code,
                    (row.preview.previous_fingerprint, row.preview.key_fingerprint),
                )
        if new_keys or changed_keys:
            dialog = KeyConfirmDialog(new_keys, self, changed=changed_keys)
            dialog.accepted.connect(
                lambda: self._merge(accepted, dialog.confirmed(), dialog.confirmed_changes())
            )
            self.key_dialog = dialog
            dialog.open()
        else:
            self._merge(accepted, {})

    def _merge(
        self,
        rows: list[PreviewRow],
        keys: dict[str, str],
        new_keys: dict[str, str] | None = None,
    ) -> None:
        ctx = self.ctx
        paths = [row.path for row in rows]
        replacements = dict(new_keys or {})

        def work(progress: Progress) -> list[ImportOutcome]:
            from desktop.services.province import ProvinceService

            return ProvinceService(ctx.services.db).import_bundles(
                paths,
                accept_keys=keys,
                accept_new_keys=replacements,
                user_id=ctx.services.actor.user_id,
                progress=lambda stage, done, total: progress.report(done, total, stage),
                cancelled=lambda: progress.cancelled,
            )

        self._set_busy(True)
        self._clear_messages()
        self.progress_row.start(_("Merging…"))
        self.progress = self.ctx.runner.run_with_progress(
            work,
            alive_callback(self, self._merged),
            alive_callback(self, self._work_failed),
            self.progress_row.report,
        )

    def _merged(self, outcomes: Any) -> None:
        self._finish_work()
        merged = [o for o in outcomes if o.ok]
        refused = [o for o in outcomes if not o.ok]
        lines = [
            ngettext(
                "{count} bundle merged: {new} new rows, {updated} updated, {conflicts} conflicts.",
                "{count} bundles merged: {new} new rows, {updated} updated, {conflicts} conflicts.",
                len(merged),
            ).format(
                count=number(len(merged)),
                new=number(sum(o.preview.new for o in merged)),
                updated=number(sum(o.preview.updated for o in merged)),
                conflicts=number(sum(o.preview.conflicts for o in merged)),
            )
        ]
        lines += [
            _(
                "The new key of office {code} is pinned; its old key {previous} is kept as retired."
            ).format(code=o.preview.office_code, previous=ltr(o.preview.previous_fingerprint))
            for o in merged
            if o.preview.key_changed
        ]
        self.previews = []
        self.preview_model.set_records([])
        self.table_model.set_records([])
        self.problem_model.set_records([])
        self._show_result("\n".join(lines))
        if refused:
            self._show_error(
                "\n".join(f"{o.path.name}: {o.error}" for o in refused), keep_result=True
            )
        self.merged.emit(list(outcomes))
        self.refresh()

    # --- receipts -----------------------------------------------------------------------------

    def choose_receipt_folder(self) -> None:
        office = self.selected_office()
        if office is None:
            return
        dialog = QFileDialog(
            self, _("Choose where to write the receipt for office {code}").format(code=office.code)
        )
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.write_receipt(office.code, Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def write_receipt(self, office_code: str, folder: Path) -> None:
        if self.busy:
            return
        ctx = self.ctx

        def work() -> Any:
            from desktop.services.province import ProvinceService

            return ProvinceService(ctx.services.db).write_receipt(office_code, folder)

        self._set_busy(True)
        self._clear_messages()
        self.ctx.runner.run(
            work,
            alive_callback(self, self._receipt_written),
            alive_callback(self, self._work_failed),
        )

    def _receipt_written(self, summary: Any) -> None:
        self._set_busy(False)
        acked = max(summary.acks.values(), default=0)
        text = _(
            "Receipt {sequence} for office {code} was written to {path}: it acknowledges every "
            "change up to {rev}, {rows} rows held (digest {digest}), {rejected} rejected."
        ).format(
            sequence=number(summary.sequence),
            code=summary.office_code,
            path=ltr(str(summary.path)),
            rev=number(acked),
            rows=number(sum(summary.counts.values())),
            digest=ltr(short_digest(summary.digest)),
            rejected=number(summary.rejected),
        )
        self._show_result(text)
        self.receipt_written.emit(summary)
        self.refresh()

    # --- enrolling an office ---------------------------------------------------------------

    def enrol_office(self) -> None:
        dialog = EnrolOfficeDialog(self.ctx, self)
        dialog.enrolled.connect(self._enrolled)
        self.enrol_dialog = dialog
        dialog.open()

    def _enrolled(self, written: Any) -> None:
        self._show_result(
            _(
                "The enrolment file for office {code} was written to {path}. Give it to the "
                "office in person; it will see the province key {fingerprint}."
            ).format(
                code=written.office_code,
                path=ltr(str(written.path)),
                fingerprint=ltr(written.province_fingerprint),
            )
        )
        self.refresh()

    # --- review -------------------------------------------------------------------------------

    def decide(self, decision: str) -> None:
        row = source_row(self.duplicate_view)
        if self.busy or not (0 <= row < self.duplicate_model.rowCount()):
            return
        flag = self.duplicate_model.record(row)
        note = self.note_edit.text()
        ctx = self.ctx

        def work() -> None:
            from desktop.services.province import ProvinceService

            ProvinceService(ctx.services.db).decide_duplicate(
                flag.id, decision, note, user_id=ctx.services.actor.user_id
            )

        self._set_busy(True)
        self._clear_messages()
        self.ctx.runner.run(
            work, alive_callback(self, self._decided), alive_callback(self, self._work_failed)
        )

    def _decided(self, _result: Any) -> None:
        self._set_busy(False)
        self.note_edit.clear()
        self._show_result(_("Decision recorded; it goes to both offices with their next receipts."))
        self.refresh()

    def decide_conflict(self, decision: str) -> None:
        conflict = self.selected_conflict()
        if self.busy or conflict is None:
            return
        note = self.conflict_note_edit.text()
        ctx = self.ctx

        def work() -> int:
            from desktop.services.province import ProvinceService

            return ProvinceService(ctx.services.db).decide_conflict(
                conflict.id, decision, note, user_id=ctx.services.actor.user_id
            )

        self._set_busy(True)
        self._clear_messages()
        self.ctx.runner.run(
            work,
            alive_callback(self, self._conflict_decided),
            alive_callback(self, self._work_failed),
        )

    def _conflict_decided(self, _settled: Any) -> None:
        self._set_busy(False)
        self.conflict_note_edit.clear()
        self._show_result(
            _(
                "Decision recorded; it goes to the office with its next receipt, and the "
                "office's next bundle brings the chosen version here."
            )
        )
        self.decided.emit()
        self.refresh()

    # --- shared ------------------------------------------------------------------------------

    def _show_result(self, text: str) -> None:
        set_message(self.message, "")
        self.result_label.setText(text)
        self.result_label.show()


def changed_field_labels(conflict: ConflictItem) -> str:
    """The fields that differ, as people read them (the column name for unknown ones)."""
    return join_list(field_label(conflict.table, name) for name in conflict.changed_fields)


def match_text(key: str) -> str:
    """The matched key (``name|father|year`` or a national ID) as a person reads it."""
    return localise_digits(" | ".join(part for part in key.split("|") if part))


def _value_text(value: Any) -> str:
    """A field's value in a conflict's details: empty, or as written (digits localised)."""
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return localise_digits(str(value))


def duplicate_kind(kind: str) -> str:
    if kind == "national_id":
        return _("Same national ID")
    if kind == "name":
        return _("Same name, father's name and birth year")
    return kind


class KeyConfirmDialog(QDialog):
    """Before an office's first bundle is merged: its key fingerprint, read out and compared;
    and before a bundle signed with an office's replacement key (its old key was lost): the
    pinned and the new fingerprint side by side.

    One tick per office; Merge is enabled only when every key was confirmed. Opened with
    ``open()``; ``accepted`` carries on with the merge.
    """

    def __init__(
        self,
        keys: dict[str, str],
        parent: QWidget | None = None,
        *,
        changed: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.keys = keys
        self.changed = dict(changed or {})
        self.setWindowTitle(
            _("Confirm new office keys") if keys else _("An office replaced its key")
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.checks: dict[str, QCheckBox] = {}
        self.change_checks: dict[str, QCheckBox] = {}
        if self.changed:
            warning = leading(
                QLabel(
                    _(
                        "These offices sign with a new key instead of the one pinned here. An "
                        "office makes a new key only when its keys folder was lost. Phone the "
                        "office (a number you already know, not one from the bundle), ask them "
                        "to read out the new fingerprint from their Sync page and compare it "
                        "with the one below. If they do not match or nobody at the office made "
                        "a new key, do not accept it: the bundle may be forged."
                    )
                )
            )
            warning.setWordWrap(True)
            warning.setObjectName("changedKeyWarning")
            warning.setStyleSheet("color: #8a1c12;")
            layout.addWidget(warning)
            changed_form = QFormLayout()
            for code, (old, new) in sorted(self.changed.items()):
                heading = QLabel(_("Office {code}").format(code=code))
                heading.setStyleSheet("font-weight: bold;")
                changed_form.addRow(heading)
                was = QLabel(ltr(old))
                was.setObjectName(f"old-fingerprint-{code}")
                was.setStyleSheet("font-family: monospace; text-decoration: line-through;")
                was.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                now = QLabel(ltr(new))
                now.setObjectName(f"new-fingerprint-{code}")
                now.setStyleSheet("font-weight: bold; font-family: monospace; font-size: 13pt;")
                now.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                changed_form.addRow(_("Pinned key (will be retired):"), was)
                changed_form.addRow(_("New key:"), now)
                check = QCheckBox(
                    _(
                        "The office read out the same new fingerprint: accept the new key of "
                        "office {code}"
                    ).format(code=code)
                )
                check.toggled.connect(self._update)
                changed_form.addRow("", check)
                self.change_checks[code] = check
            layout.addLayout(changed_form)
            if not keys:
                note = muted(
                    QLabel(
                        _(
                            "The old key stays known as retired: certificates it signed keep "
                            "verifying everywhere, and no bundle signed with it is taken again."
                        )
                    )
                )
                note.setWordWrap(True)
                layout.addWidget(note)
        if keys:
            intro = leading(
                QLabel(
                    _(
                        "These offices send their first bundle. Ask each office to read out the "
                        "key fingerprint shown on its Sync page (by phone or in person) and "
                        "compare it with the one below. Pin a key only if they match: every "
                        "later bundle of the office must carry the same key."
                    )
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        for code, fingerprint in sorted(keys.items()):
            check = QCheckBox(_("It matches: pin the key of office {code}").format(code=code))
            check.toggled.connect(self._update)
            shown = QLabel(ltr(fingerprint))
            shown.setObjectName(f"fingerprint-{code}")
            shown.setStyleSheet("font-weight: bold; font-family: monospace;")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(_("Office {code}:").format(code=code), shown)
            form.addRow("", check)
            self.checks[code] = check
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Pin and merge") if keys else _("Accept the new key and merge"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        checks = [*self.checks.values(), *self.change_checks.values()]
        ok.setEnabled(all(check.isChecked() for check in checks))

    def confirm_all(self) -> None:
        for check in [*self.checks.values(), *self.change_checks.values()]:
            check.setChecked(True)

    def confirmed(self) -> dict[str, str]:
        return {code: self.keys[code] for code, check in self.checks.items() if check.isChecked()}

    def confirmed_changes(self) -> dict[str, str]:
        """Office code → the replacement key's fingerprint, for every ticked office."""
        return {
            code: self.changed[code][1]
            for code, check in self.change_checks.items()
            if check.isChecked()
        }


class EnrolOfficeDialog(QDialog):
    """Record an office and write its enrolment file into a chosen folder."""

    enrolled = Signal(object)  # EnrolmentWritten

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.folder_dialog: QFileDialog | None = None
        self.setWindowTitle(_("Enrol an office"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.county = QLineEdit()
        self.folder = QLineEdit()
        self.folder.setReadOnly(True)
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form.addRow(_("Office &code:"), self.code)
        form.addRow(_("Office &name:"), self.name)
        form.addRow(_("C&ounty:"), self.county)
        form.addRow(_("Save the file in:"), folder_row)
        layout.addLayout(form)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            _("Write the enrolment file")
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, 240)

    def _choose_folder(self) -> None:
        dialog = QFileDialog(self, _("Choose where to write the enrolment file"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.folder.setText)
        self.folder_dialog = dialog
        dialog.open()

    def save(self) -> None:
        if self.busy:
            return
        if not self.folder.text():
            set_message(self.message, _("Choose the folder for the enrolment file."))
            return
        ctx = self.ctx
        code, name, county = self.code.text(), self.name.text(), self.county.text()
        folder = Path(self.folder.text())

        def work() -> Any:
            from desktop.services.province import ProvinceService

            return ProvinceService(ctx.services.db).enrol_office(code, name, county, folder)

        self.busy = True
        self.buttons.setEnabled(False)
        set_message(self.message, "")
        self.ctx.runner.run(
            work, alive_callback(self, self._done), alive_callback(self, self._failed)
        )

    def _done(self, written: Any) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        self.enrolled.emit(written)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        set_message(self.message, message_of(error))
