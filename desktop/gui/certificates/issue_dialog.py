"""Issue certificates for everyone a workshop's completion screen marks eligible, in one go:
one merged PDF for the whole workshop (to print) and one PDF per person (to send or keep), off
the GUI thread with a progress bar and Cancel, then a summary with the files and the folder.

Every certificate is recorded before its page is drawn (see the service), so cancelling keeps
the ones already issued and their pages are still written.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.certificates.files import safe_file_name
from desktop.domain.jalali import to_jalali
from desktop.gui.certificates.common import alive_progress, error_text, open_path
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.printing import PrintFlow
from desktop.gui.style import error_label, leading, ltr, muted, set_message, title
from desktop.gui.tasks import Progress
from desktop.gui.workshops.widgets import notice_label
from desktop.i18n import _, localise_digits, ngettext
from desktop.services.certificates import IssueProgress, IssueResult


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    base = Path(documents) if documents else Path.home()
    return base / _("Hamyar certificates")


def merged_pdf_path(folder: Path, workshop_title: str, today: date) -> Path:
    """``<folder>/1403-09-05 <workshop title>.pdf``, numbered if that name is taken (a second
    batch for the same workshop on the same day must not replace the first one's file)."""
    year, month, day = to_jalali(today)
    plain_title = re.sub(r"[()\[\]{}«»\"']", "", workshop_title)  # brackets become "_"
    # The date first: digits after Persian words would join the right-to-left run and the
    # name would read scrambled in a Persian file manager.
    stem = f"{year:04d}-{month:02d}-{day:02d} {safe_file_name(plain_title, 'workshop')}"
    candidate = folder / f"{stem}.pdf"
    number = 2
    while candidate.exists() or candidate.with_name(candidate.stem + "-files").exists():
        candidate = folder / f"{stem} ({number}).pdf"
        number += 1
    return candidate


class _CancelToken:
    """The service's cancel token over the background helper's Progress."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def is_set(self) -> bool:
        return self.progress.cancelled


@dataclass(frozen=True)
class IssueRequest:
    workshop_id: uuid.UUID
    workshop_title: str
    names: tuple[str, ...]  # the people who will get one, in list order


class IssueDialog(QDialog):
    """``issued(IssueResult)`` once the batch has finished (also when cancelled part-way)."""

    issued = Signal(object)
    progressed = Signal(int, int)

    def __init__(
        self, ctx: GuiContext, request: IssueRequest, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request = request
        self.progress: Progress | None = None
        self.result_value: IssueResult | None = None
        self.folder_picker: QFileDialog | None = None
        self.print_flow: PrintFlow | None = None
        self.running = False
        self.setWindowTitle(_("Issue certificates"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.addWidget(title(QLabel(request.workshop_title), 1.2))
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        layout.addWidget(self.buttons)
        self._build_setup()
        self._build_running()
        self._build_summary()
        self._show_setup_buttons()

    # --- pages -------------------------------------------------------------------------------

    def _build_setup(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        count = len(self.request.names)
        who = "، ".join(self.request.names[:6])
        if count > 6:
            who = _("{names} and {count} more").format(names=who, count=localise_digits(count - 6))
        self.who = leading(
            QLabel(
                ngettext(
                    "{count} person meets the completion rule and has no valid certificate: "
                    "{names}.",
                    "{count} people meet the completion rule and have no valid certificate: "
                    "{names}.",
                    count,
                ).format(count=localise_digits(count), names=who)
            )
        )
        self.who.setWordWrap(True)
        column.addWidget(self.who)
        column.addSpacing(6)
        row = QHBoxLayout()
        folder_label = QLabel(_("Save in folder"))
        self.folder = QLineEdit(str(default_folder()))
        self.folder.setObjectName("folder")
        self.folder.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        folder_label.setBuddy(self.folder)
        self.browse = QPushButton(_("Choose…"))
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self.pick_folder)
        row.addWidget(folder_label)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        column.addLayout(row)
        column.addWidget(
            muted(
                QLabel(
                    _(
                        "One PDF with every certificate (to print) and a folder beside it with "
                        "one PDF per person. Serial numbers are recorded as each certificate is "
                        "made; the design and signatories are the office's certificate settings."
                    )
                )
            )
        )
        column.addStretch(1)
        self.pages.addWidget(page)
        self.setup_page = page

    def _build_running(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setObjectName("progress")
        self.bar.setRange(0, max(1, len(self.request.names)))
        self.bar.setValue(0)
        self.bar.setFormat(
            _("{done} of {total}").format(
                done=localise_digits(0), total=localise_digits(len(self.request.names))
            )
        )
        self.current = muted(QLabel(_("Starting…")))
        column.addWidget(self.bar)
        column.addWidget(self.current)
        column.addStretch(1)
        self.pages.addWidget(page)
        self.running_page = page

    def _build_summary(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = notice_label()
        self.summary.setObjectName("summary")
        column.addWidget(self.summary)
        self.merged_label = leading(QLabel())
        self.merged_label.setWordWrap(True)
        self.files_label = leading(QLabel())
        self.files_label.setWordWrap(True)
        self.folder_label = leading(QLabel())
        self.folder_label.setObjectName("folderLabel")
        self.folder_label.setWordWrap(True)
        for label in (self.merged_label, self.files_label, self.folder_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(label)
        self.print_status = muted(QLabel())
        set_message(self.print_status, "")
        column.addWidget(self.print_status)
        column.addStretch(1)
        self.pages.addWidget(page)
        self.summary_page = page

    # --- buttons per state -------------------------------------------------------------------

    def _clear_buttons(self) -> None:
        for button in list(self.buttons.buttons()):
            self.buttons.removeButton(button)
            button.deleteLater()

    def _show_setup_buttons(self) -> None:
        self._clear_buttons()
        count = len(self.request.names)
        self.issue_button = self.buttons.addButton(
            ngettext("Issue {count} certificate", "Issue {count} certificates", count).format(
                count=localise_digits(count)
            ),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.issue_button.setDefault(True)
        self.issue_button.setEnabled(count > 0)
        self.issue_button.clicked.connect(self.start)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        close.clicked.connect(self.reject)

    def _show_running_buttons(self) -> None:
        self._clear_buttons()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.cancel)

    def _show_summary_buttons(self, result: IssueResult) -> None:
        self._clear_buttons()
        has_pdf = result.merged_pdf is not None
        self.open_button = self.buttons.addButton(
            _("Open the PDF"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setEnabled(has_pdf)
        self.open_button.clicked.connect(self.open_pdf)
        self.print_button = self.buttons.addButton(
            _("Print…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setEnabled(has_pdf)
        self.print_button.clicked.connect(self.print_pdf)
        self.folder_button = self.buttons.addButton(
            _("Open the folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.folder_button.clicked.connect(self.open_folder)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.clicked.connect(self.accept)

    # --- choosing the folder -----------------------------------------------------------------

    def pick_folder(self) -> None:
        picker = QFileDialog(self, _("Where to save the certificates"), self.folder.text())
        picker.setFileMode(QFileDialog.FileMode.Directory)
        picker.setOption(QFileDialog.Option.ShowDirsOnly, True)
        picker.fileSelected.connect(self.folder.setText)
        self.folder_picker = picker
        picker.open()

    # --- issuing -----------------------------------------------------------------------------

    def start(self) -> None:
        text = self.folder.text().strip()
        if not text:
            set_message(self.message, _("Choose a folder for the PDF files."))
            return
        folder = Path(text).expanduser()
        service = self.ctx.services.certificates
        request = self.request
        today = date.today()

        def work(progress: Progress) -> IssueResult:
            folder.mkdir(parents=True, exist_ok=True)
            out_pdf = merged_pdf_path(folder, request.workshop_title, today)

            def report(step: IssueProgress) -> None:
                progress.report(step.done, step.total, f"{step.serial}\t{step.full_name}")

            # The service remembers where each person's file is (for Open/Print on the page).
            return service.issue(
                request.workshop_id,
                out_pdf,
                on_progress=report,
                cancel=_CancelToken(progress),
            )

        set_message(self.message, "")
        self.running = True
        self.pages.setCurrentWidget(self.running_page)
        self._show_running_buttons()
        self.progress = self.ctx.runner.run_with_progress(
            work,
            alive_callback(self, self._finished),
            alive_callback(self, self._failed),
            alive_progress(self, self._progressed),
        )

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)
        self.bar.setFormat(
            _("{done} of {total}").format(done=localise_digits(done), total=localise_digits(total))
        )
        serial, _tab, name = text.partition("\t")
        if not (self.progress is not None and self.progress.cancelled):
            self.current.setText(
                _("Issued {serial} to {name}").format(
                    serial=ltr(localise_digits(serial)), name=name
                )
            )
        self.progressed.emit(done, total)

    def cancel(self) -> None:
        if self.progress is not None and self.running:
            self.progress.cancel()
            self.cancel_button.setEnabled(False)
            self.current.setText(_("Stopping after the certificate being made…"))

    def _finished(self, result: IssueResult) -> None:
        self.running = False
        self.result_value = result
        issued = len(result.issued)
        text = ngettext(
            "{count} certificate issued.", "{count} certificates issued.", issued
        ).format(count=localise_digits(issued))
        if result.cancelled:
            left = len(self.request.names) - issued - result.skipped
            text += " " + ngettext(
                "Cancelled: {count} person did not get one yet; issue again to continue.",
                "Cancelled: {count} people did not get one yet; issue again to continue.",
                left,
            ).format(count=localise_digits(left))
        if result.skipped:
            text += " " + ngettext(
                "{count} person already had one (issued meanwhile in another window).",
                "{count} people already had one (issued meanwhile in another window).",
                result.skipped,
            ).format(count=localise_digits(result.skipped))
        set_message(self.summary, text)
        # File and folder names on lines of their own: inside a Persian sentence they reorder.
        if result.merged_pdf is not None:
            self.merged_label.setText(
                _("All certificates in one file, to print:") + "\n" + result.merged_pdf.name
            )
        else:
            self.merged_label.setText(_("No file was written."))
        if result.person_files:
            self.files_label.setText(
                _("One file per person in the folder:") + "\n" + result.person_files[0].parent.name
            )
        else:
            self.files_label.setText("")
        folder = result.merged_pdf.parent if result.merged_pdf is not None else None
        self.folder_label.setText(_("Both are in:") + "\n" + ltr(str(folder)) if folder else "")
        self.pages.setCurrentWidget(self.summary_page)
        self._show_summary_buttons(result)
        self.issued.emit(result)

    def _failed(self, error: Exception) -> None:
        self.running = False
        self.pages.setCurrentWidget(self.setup_page)
        self._show_setup_buttons()
        set_message(
            self.message,
            _("No certificates were issued: {error}").format(error=error_text(error)),
        )

    # --- after issuing -----------------------------------------------------------------------

    def open_pdf(self) -> None:
        if self.result_value is not None and self.result_value.merged_pdf is not None:
            open_path(self.result_value.merged_pdf)

    def open_folder(self) -> None:
        if self.result_value is None:
            return
        target = self.result_value.merged_pdf
        folder = target.parent if target is not None else Path(self.folder.text())
        open_path(folder)

    def print_pdf(self) -> None:
        if self.result_value is None or self.result_value.merged_pdf is None:
            return
        self.print_flow = PrintFlow(
            self.ctx,
            self.result_value.merged_pdf,
            self,
            title=self.request.workshop_title,
            on_done=alive_callback(self, self._printed),
            on_error=alive_callback(self, self._print_failed),
            on_progress=alive_progress(self, self._print_progress),
        )
        self.print_flow.open()

    def _print_progress(self, done: int, total: int, _text: str) -> None:
        set_message(
            self.print_status,
            _("Sending page {done} of {total} to the printer…").format(
                done=localise_digits(done), total=localise_digits(total)
            ),
        )

    def _printed(self, pages: int) -> None:
        set_message(
            self.print_status,
            ngettext(
                "{count} page sent to the printer.", "{count} pages sent to the printer.", pages
            ).format(count=localise_digits(pages)),
        )

    def _print_failed(self, error: Exception) -> None:
        set_message(
            self.message, _("Printing did not work: {error}").format(error=error_text(error))
        )

    def reject(self) -> None:
        if self.running:
            self.cancel()  # closing while issuing means "stop": the summary still comes
            return
        super().reject()


__all__ = ["IssueDialog", "IssueRequest", "default_folder", "merged_pdf_path"]
