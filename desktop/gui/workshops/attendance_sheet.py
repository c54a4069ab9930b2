"""The attendance sheet of one workshop: a keyboard-driven grid of people × sessions.

Taking attendance is a column of key presses: the cursor starts on the latest session held,
first person; one key marks and moves down to the next person. Arrows move freely.

Mark keys (:data:`MARK_KEYS`), shown in the legend under the grid. The Latin letters work on an
English layout; on a Persian (ISIRI 9147) layout the same physical keys type ح ش ث م, which mean
the same marks. Persian initials are accepted too, but only where they cannot contradict a
physical key: ح (حاضر) is the P key anyway, غ (غایب, the Y key) and ت (تأخیر, the J key) are free.
م cannot mean موجه (excused) because it is what the L key (late) types on a Persian layout, so
excused takes ع, as in «عذر موجه». Digits 1–4 in any script work on every layout.

=========  ======================================
Present    P · ح · 1
Absent     A · ش · غ · 2
Excused    E · ث · ع · 3
Late       L · م · ت · 4
Clear      Delete · Backspace
=========  ======================================

Every mark is shown at once and saved at once, one save at a time in key-press order, through
:meth:`AttendanceService.set_mark` on the background runner. If the service refuses (a cancelled
session, one still to come, …) the cell returns to what it was and the service's message is shown
above the grid. After each save the totals the service returns are compared with the ones on
screen; if someone else changed the workshop meanwhile, the sheet reloads.

Ctrl+P prints the blank sign-in sheet of the current session (portrait), Ctrl+Shift+P the
attendance report (landscape): the PDF is written on the pool, then the system print dialog opens
(never blocking) and the pages are sent to the printer on the pool (:mod:`desktop.gui.printing`).
The menus of the buttons above the grid also open either PDF in the system viewer or save it
through a file dialog.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.digits import to_ascii_digits
from desktop.domain.enums import AttendanceMark
from desktop.domain.errors import N_, DomainError
from desktop.domain.jalali import format_jalali
from desktop.gui.context import GuiContext
from desktop.gui.models.attendance import (
    FIRST_SESSION,
    MARK_COLOURS,
    AttendanceModel,
    Total,
    mark_letter,
    percent,
    session_title,
)
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import error_label, leading, muted, set_message
from desktop.i18n import _, format_message, is_persian, localise_digits
from desktop.services.attendance import AttendanceGrid, MarkSaved, SessionState

if TYPE_CHECKING:
    from desktop.gui.printing import PrintFlow
    from desktop.gui.tasks import TaskRunner
    from desktop.services.app import Services

log = logging.getLogger(__name__)

# What each key types → the mark. Letters are matched on the text the key produced (so the
# active keyboard layout decides), case-insensitively; digits in any script.
MARK_KEY_GROUPS: dict[AttendanceMark, tuple[str, ...]] = {
    AttendanceMark.PRESENT: ("P", "ح", "1"),
    AttendanceMark.ABSENT: ("A", "ش", "غ", "2"),
    AttendanceMark.EXCUSED: ("E", "ث", "ع", "3"),
    AttendanceMark.LATE: ("L", "م", "ت", "4"),
}
MARK_KEYS: dict[str, AttendanceMark] = {
    variant: mark
    for mark, keys in MARK_KEY_GROUPS.items()
    for key in keys
    for variant in {key, key.lower()}
}
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
SIGN_IN_SHORTCUT = "Ctrl+P"
REPORT_SHORTCUT = "Ctrl+Shift+P"
SESSION_COLUMN_WIDTH = 40
COUNT_COLUMN_WIDTH = 34
SHARE_COLUMN_WIDTH = 64
ROW_HEIGHT = 28


def mark_for_text(text: str) -> AttendanceMark | None:
    """The mark a key's text stands for (any digits script, either letter case)."""
    if len(text) != 1:
        return None
    return MARK_KEYS.get(to_ascii_digits(text)) or MARK_KEYS.get(text.upper())


class AttendanceTable(QTableView):
    """A table that turns mark keys into :attr:`mark_requested` (None: clear). Arrows, Home/End
    and Page Up/Down keep the table's own behaviour."""

    mark_requested = Signal(object)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if modifiers == Qt.KeyboardModifier.NoModifier:
            if event.key() in CLEAR_KEYS:
                self.mark_requested.emit(None)
                event.accept()
                return
            mark = mark_for_text(event.text())
            if mark is not None:
                self.mark_requested.emit(mark)
                event.accept()
                return
        super().keyPressEvent(event)


@dataclass(frozen=True)
class _Save:
    token: int
    session_id: uuid.UUID
    enrolment_id: uuid.UUID
    mark: AttendanceMark | None
    where: str  # "name — session", for messages


class _SaveQueue:
    """The marks waiting to be saved, kept apart from the widget.

    The widget saves them one at a time as results land on the GUI thread. If it goes away first
    (the workshop is closed, or the app quits and no result is delivered any more), the marks
    still waiting are handed to one background job that saves them in order after the save in
    flight: every mark shown on screen reaches the database.
    """

    def __init__(self, runner: TaskRunner, services: Services) -> None:
        self.runner = runner
        self.services = services  # its database is reached on the pool, never here
        self.waiting: deque[_Save] = deque()
        self.in_flight_done: threading.Event | None = None  # set when the save under way ends

    def start(self, job: _Save) -> Callable[[], MarkSaved]:
        """The background work of saving ``job`` (the one in flight)."""
        finished = threading.Event()
        self.in_flight_done = finished
        services = self.services

        def save() -> MarkSaved:
            try:
                return services.attendance.set_mark(job.session_id, job.enrolment_id, job.mark)
            finally:
                finished.set()

        return save

    def orphan(self) -> None:
        """Nobody will pump any more: save what is waiting on the pool, after the save in
        flight (a mark and a later change of the same cell must land in key order)."""
        jobs = list(self.waiting)
        self.waiting.clear()
        if not jobs:
            return
        after = self.in_flight_done
        services = self.services

        def save_all() -> None:
            if after is not None:
                after.wait()
            for job in jobs:
                try:
                    services.attendance.set_mark(job.session_id, job.enrolment_id, job.mark)
                except Exception:  # refused (e.g. a session cancelled meanwhile): nobody to tell
                    log.warning("attendance mark not saved after the sheet closed", exc_info=True)

        self.runner.run(save_all, lambda _result: None, lambda _error: None)


class AttendanceSheetWidget(QWidget):
    """See the module docstring. The workshop detail page embeds it as its Attendance tab."""

    loaded = Signal()  # the grid is on screen
    saved = Signal(object)  # MarkSaved, after the database committed a mark
    refused = Signal(str)  # the message shown when a mark was not saved
    exported = Signal(str)  # the path of a PDF written
    printed = Signal(int)  # the number of pages sent to the printer

    def __init__(
        self, ctx: GuiContext, workshop_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.model = AttendanceModel(self)
        self._saves = _SaveQueue(ctx.runner, ctx.services)
        self._queue = self._saves.waiting
        self._in_flight: _Save | None = None
        self._loading = False
        self._reload_wanted = False
        self._focus_on_load = True
        self.print_flow: PrintFlow | None = None  # the print dialog and job under way
        # How a PDF is opened in the system viewer; tests replace it.
        self.open_file: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path))
        )
        self._build()
        # Marks still waiting when the sheet is deleted or the app quits are saved all the same.
        saves = self._saves
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(saves.orphan)
            self.destroyed.connect(lambda: application.aboutToQuit.disconnect(saves.orphan))
        self.destroyed.connect(lambda: saves.orphan())
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = leading(QLabel(_("Loading…")))
        top.addWidget(self.summary, 1)
        self.sign_in_button = self._pdf_button(
            _("Sign-in sheet"),
            _("A blank sign-in sheet for the current session, to print."),
            SIGN_IN_SHORTCUT,
            "sign_in",
        )
        self.report_button = self._pdf_button(
            _("Attendance report"),
            _("Everyone's marks and totals, with completion status."),
            REPORT_SHORTCUT,
            "report",
        )
        top.addWidget(self.sign_in_button)
        top.addWidget(self.report_button)
        layout.addLayout(top)

        self.message = error_label(QLabel())
        layout.addWidget(self.message)

        self.table = AttendanceTable(self)
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        self.table.setStyleSheet(
            "QTableView { gridline-color: #c4c9cf; selection-color: #000000;"
            " selection-background-color: rgba(0, 105, 92, 70); }"
            "QTableView::item:focus { border: 2px solid #00695c; }"
        )
        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        horizontal.setDefaultSectionSize(SESSION_COLUMN_WIDTH)
        horizontal.setMinimumSectionSize(24)
        horizontal.setHighlightSections(True)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setHighlightSections(True)
        self.table.mark_requested.connect(self._mark_requested)
        self.model.modelReset.connect(self._after_reset)
        layout.addWidget(self.table, 1)

        self.legend = muted(QLabel())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.legend)
        self.status = muted(QLabel(), wrap=True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.linkActivated.connect(
            lambda link: self.open_file(Path(QUrl(link).toLocalFile()))
        )
        layout.addWidget(self.status)
        self._set_legend()

        for keys, kind in ((SIGN_IN_SHORTCUT, "sign_in"), (REPORT_SHORTCUT, "report")):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda kind=kind: self.print_pdf(kind))

    def _pdf_button(self, text: str, tip: str, shortcut: str, kind: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(
            f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(button)
        menu.addAction(_("Print…"), lambda: self.print_pdf(kind))
        menu.addAction(_("Open in the PDF viewer"), lambda: self.open_pdf(kind))
        menu.addAction(_("Save as PDF…"), lambda: self.save_pdf(kind))
        button.setMenu(menu)
        button.clicked.connect(lambda: self.print_pdf(kind))
        return button

    def _set_legend(self) -> None:
        parts = []
        for mark, keys in MARK_KEY_GROUPS.items():
            text, background = MARK_COLOURS[mark]
            letter = (
                f"<span style='color:{text}; background:{background}; font-weight:bold;'>"
                f"&nbsp;{mark_letter(mark)}&nbsp;</span>"
            )
            shown = " ".join(keycap(key) for key in keys_shown(keys))
            parts.append(f"{letter} {_(mark.label_msgid)}: {shown}")
        clear = _("Clear")  # outside the f-string, where pybabel can find it
        parts.append(f"{clear}: {keycap('Delete')} {keycap('Backspace')}")
        first = "&nbsp;&nbsp;&nbsp;".join(parts)
        second = _(
            "Arrows move; after a mark the cursor goes to the next person. Greyed columns: "
            "sessions still to come; hatched: cancelled. Orange: attendance below the minimum."
        )
        self.legend.setText(f"{first}<br>{second}")

    # --- loading -----------------------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        return self.model.grid is not None and not self._loading

    def is_idle(self) -> bool:
        """Nothing loading and every mark saved (for tests and benchmarks)."""
        return not self._loading and self._in_flight is None and not self._queue

    def refresh(self) -> None:
        """Read the grid again on the pool; marks being saved stay on screen."""
        if self._loading:
            self._reload_wanted = True
            return
        self._loading = True
        services = self.ctx.services
        workshop_id = self.workshop_id
        self.ctx.runner.run(
            lambda: services.attendance.grid(workshop_id),
            alive_callback(self, self._loaded),
            alive_callback(self, self._load_failed),
        )

    def _loaded(self, grid: AttendanceGrid) -> None:
        self._loading = False
        current = self.table.currentIndex()
        keep = (current.row(), current.column()) if current.isValid() else None
        self.model.set_grid(grid)
        if keep is not None and self.model.hasIndex(*keep):
            self.table.setCurrentIndex(self.model.index(*keep))
        self._set_summary()
        if self._reload_wanted:
            self._reload_wanted = False
            self.refresh()
            return
        self.loaded.emit()

    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        self.summary.setText("")
        set_message(self.message, describe(error))

    def _after_reset(self) -> None:
        horizontal = self.table.horizontalHeader()
        for column in range(min(FIRST_SESSION, self.model.columnCount())):
            width = SHARE_COLUMN_WIDTH if column == Total.SHARE else COUNT_COLUMN_WIDTH
            horizontal.resizeSection(column, width)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, self.model.default_column()))
            self.table.scrollTo(self.table.currentIndex())
        if self._focus_on_load and self.model.rowCount():
            self._focus_on_load = False
            self.table.setFocus()

    def _set_summary(self) -> None:
        grid = self.model.grid
        if grid is None:
            return
        held = sum(1 for s in grid.sessions if s.state is SessionState.HELD)
        planned = sum(1 for s in grid.sessions if s.state is not SessionState.CANCELLED)
        parts = [
            format_message(
                N_("{people} people, {sessions} sessions ({held} held so far)"),
                {"people": len(grid.people), "sessions": planned, "held": held},
            )
        ]
        share = grid.workshop.min_attendance_share
        if share is not None:
            parts.append(
                format_message(N_("minimum attendance {share}"), {"share": percent(share)})
            )
            below = self.model.below_count()
            if below and held:
                parts.append(
                    format_message(N_("{count} below the minimum so far"), {"count": below})
                )
        if not grid.people:
            parts = [_("Nobody is enrolled in this workshop yet.")]
        elif not grid.sessions:
            parts.append(_("no sessions planned yet"))
        self.summary.setText("؛ ".join(parts) if is_persian() else "; ".join(parts))

    # --- marking -----------------------------------------------------------------------------

    def _mark_requested(self, mark: AttendanceMark | None) -> None:
        index = self.table.currentIndex()
        if not self.model.is_mark_cell(index):
            return
        row, column = index.row(), index.column()
        person = self.model.person_at(row)
        item = self.model.session_at(column)
        assert person is not None and item is not None
        markable = item.state.markable
        shown = self.model.mark_of(person.enrolment_id, item.id)
        unchanged = shown == mark and not self.model.is_pending(person.enrolment_id, item.id)
        if not (unchanged and markable):
            token = self.model.apply(row, column, mark)
            where = (
                f"{person.full_name}، {session_title(item)}"
                if is_persian()
                else (f"{person.full_name}, {session_title(item)}")
            )
            self._queue.append(_Save(token, item.id, person.enrolment_id, mark, where))
            self._pump()
        if markable and row + 1 < len(self.model.people):
            self.table.setCurrentIndex(self.model.index(row + 1, column))

    def _pump(self) -> None:
        """Start the next save when none is in flight: saves run one at a time, in order."""
        if self._in_flight is not None or not self._queue:
            return
        job = self._queue.popleft()
        self._in_flight = job
        self.status.setText(_("Saving…"))
        self.ctx.runner.run(
            self._saves.start(job),
            alive_callback(self, lambda saved: self._saved(job, saved)),
            alive_callback(self, lambda error: self._refused(job, error)),
        )

    def _saved(self, job: _Save, saved: MarkSaved) -> None:
        self._in_flight = None
        self.model.confirm(job.token)
        set_message(self.message, "")
        self.status.setText(_("Saved.") if not self._queue else _("Saving…"))
        stale = not self.model.agrees_with(saved)
        self._set_summary()
        self.saved.emit(saved)
        if stale:
            self.refresh()
        self._pump()

    def _refused(self, job: _Save, error: Exception) -> None:
        self._in_flight = None
        self.model.rollback(job.token)
        text = f"{job.where}: {describe(error)}"
        set_message(self.message, text)
        self.status.setText("")
        self._set_summary()
        self.refused.emit(text)
        self._pump()

    # --- PDFs --------------------------------------------------------------------------------

    def current_session_id(self) -> uuid.UUID | None:
        """The session of the cursor's column; else today's or the next one to come; else the
        last one."""
        sessions = self.model.sessions
        if not sessions:
            return None
        item = self.model.session_at(self.table.currentIndex().column())
        if item is not None:
            return item.id
        grid = self.model.grid
        today = grid.today if grid is not None else None
        for candidate in sessions:
            if today is not None and candidate.session_date >= today:
                return candidate.id
        return sessions[-1].id

    def print_pdf(self, kind: str) -> None:
        """Write the PDF to a temporary file, then open the print dialog for it."""
        self._write_pdf(kind, self._temporary_path(kind), then=self._print)

    def open_pdf(self, kind: str) -> None:
        """Write the PDF to a temporary file and open it in the system viewer."""
        self._write_pdf(kind, self._temporary_path(kind), then=self.open_file)

    def _temporary_path(self, kind: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="hamyar-attendance-"))
        return folder / self._file_name(kind)

    def _print(self, written: Path) -> None:
        """The print dialog (window-modal, not blocking); the paper follows the PDF's first
        page, so the sign-in sheet prints portrait and the report landscape."""
        from desktop.gui.printing import PrintFlow  # QtPrintSupport and PDFium load on demand

        if self.print_flow is not None:
            self.print_flow.cancel()
        # The sheet names people and their national IDs: print from memory and leave no copy
        # in the temporary folder (nothing cleans it on Windows).
        document = written.read_bytes()
        shutil.rmtree(written.parent, ignore_errors=True)
        self.print_flow = PrintFlow(
            self.ctx,
            document,
            self,
            title=written.stem,
            on_done=alive_callback(self, self._printed),
            on_error=alive_callback(
                self,
                lambda error: set_message(
                    self.message,
                    format_message(
                        N_("Printing did not work: {error}"), {"error": describe(error)}
                    ),
                ),
            ),
            on_progress=lambda done, total, _text: (
                self._print_progress(done, total) if shiboken6.isValid(self) else None
            ),
        )
        self.print_flow.open()

    def _print_progress(self, done: int, total: int) -> None:
        self.status.setText(
            format_message(
                N_("Sending page {done} of {total} to the printer…"),
                {"done": done, "total": total},
            )
        )

    def _printed(self, pages: int) -> None:
        self.status.setText(
            format_message(N_("Sent to the printer ({pages} pages)."), {"pages": pages})
        )
        self.printed.emit(pages)

    def save_pdf(self, kind: str) -> None:
        """Ask where to save (a non-blocking file dialog), then write the PDF there."""
        dialog = QFileDialog(self, _("Save as PDF"), str(Path.home() / self._file_name(kind)))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(_("PDF documents (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self._write_pdf(kind, Path(path)))
        dialog.open()
        self.file_dialog = dialog  # kept for tests

    def _file_name(self, kind: str) -> str:
        grid = self.model.grid
        title = grid.workshop.title if grid is not None else "workshop"
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "-" for ch in title).strip()
        if kind == "sign_in":
            session_id = self.current_session_id()
            item = next((s for s in self.model.sessions if s.id == session_id), None)
            number = item.number if item is not None else 0
            when = format_jalali(item.session_date, persian_digits=False) if item else ""
            return f"{safe} - {number} - {when.replace('/', '-')}.pdf"
        return f"{safe}.pdf"

    def _write_pdf(
        self, kind: str, path: Path, *, then: Callable[[Path], object] | None = None
    ) -> None:
        """Write the PDF on the pool; ``then(path)`` once it is written."""
        services = self.ctx.services
        workshop_id = self.workshop_id
        session_id = self.current_session_id() if kind == "sign_in" else None
        if kind == "sign_in" and session_id is None:
            set_message(self.message, _("This workshop has no sessions yet."))
            return

        def write() -> Path:
            from desktop.pdf.attendance import write_attendance_report, write_sign_in_sheet

            if session_id is not None:
                return write_sign_in_sheet(services, workshop_id, session_id, path)
            return write_attendance_report(services, workshop_id, path)

        def done(written: Path) -> None:
            url = QUrl.fromLocalFile(str(written)).toString()
            link = "<a href='{url}'>{open}</a>".format(url=url, open=_("Open"))
            self.status.setText(
                format_message(N_("PDF written: {path}"), {"path": written.name}) + " " + link
            )
            self.exported.emit(str(written))
            if then is not None:
                then(written)

        def failed(error: Exception) -> None:
            set_message(self.message, describe(error))

        self.status.setText(_("Writing the PDF…"))
        self.ctx.runner.run(write, alive_callback(self, done), alive_callback(self, failed))


def keys_shown(keys: tuple[str, ...]) -> list[str]:
    """Keys as the legend shows them: digits in the interface's script."""
    return [localise_digits(key) for key in keys]


def keycap(key: str) -> str:
    """A key as rich text: boxed in grey, so no separator is needed (a middle dot would look
    like the Persian zero «۰»)."""
    return f"<span style='background:#e8eaed; font-weight:bold;'>&nbsp;{key}&nbsp;</span>"


def describe(error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.message
    return format_message(N_("Something went wrong: {error}"), {"error": str(error)})
