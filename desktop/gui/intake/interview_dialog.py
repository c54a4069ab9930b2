"""The intake interview dialog (مصاحبه پذیرش): one interview, autosaved, never losing text.

Opening: a new interview is started as a draft (``services.intake.start``) on the thread pool; an
existing one is loaded with its *own* form id and version, so old interviews still open after the
form changes. A completed interview opens read-only.

Autosave, ``autosave_interval_ms`` (3 s) after the first change and again on hide and close:

1. the raw state (everything typed, even ``"۴x"``) goes to the local :class:`AutosaveStore` at
   once, on the thread pool (a small atomic file);
2. the answers that are valid go to the database with ``save_draft``, then the local file is
   written again, so a local file newer than the database always means "something the database
   does not have". Answers that are not valid yet stay only in the local file; the status line
   says so. A draft keeps what the database can take even while one number is mistyped.

Database work runs one job at a time in order (``_SerialJobs``); a newer autosave replaces one
that has not started yet. Local writes carry a sequence number and an older one never overwrites
a newer one, whatever order the thread pool runs them in.

Reopening: a local autosave that holds something the database does not (an invalid answer, or
newer answers than the draft) is offered back: "Restore unsaved answers from <Jalali date time>?".
Esc on that question restores (Esc never throws text away); only "Discard" does.

A clean close (everything valid and saved) removes the local file; completing removes it too.
:func:`pending_recoveries` lists what a crash left behind, for the shell to offer on start; each
payload names its ``participant_id``.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Final

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import InterviewStatus
from desktop.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop.domain.forms import FormDefinition, clean_answers
from desktop.domain.jalali import format_jalali
from desktop.gui.context import GuiContext
from desktop.gui.intake.form_view import FormView, answers_from_raw, errors_for, form_text
from desktop.gui.style import ERROR_COLOUR, MUTED_COLOUR
from desktop.gui.tasks import TaskRunner
from desktop.gui.widgets.dates import JalaliDateEdit
from desktop.i18n import _, is_persian, localise_digits, ngettext
from desktop.services.app import Services
from desktop.services.autosave import AutosaveStore, saved_at

__all__ = [
    "AUTOSAVE_PREFIX",
    "InterviewDialog",
    "autosave_key",
    "pending_recoveries",
    "recoverable_interviews",
]

AUTOSAVE_PREFIX: Final = "interview-"
PAYLOAD_KIND: Final = "intake-interview"
# A date question with this id is the interview's date: it mirrors the date in the header.
DATE_QUESTION: Final = "interview_date"
MSG_FUTURE_DATE: Final = "The interview date is in the future."


def autosave_key(interview_id: uuid.UUID | str) -> str:
    return f"{AUTOSAVE_PREFIX}{interview_id}"


def pending_recoveries(store: AutosaveStore | None = None) -> list[str]:
    """Ids of interviews with answers left in the local autosave (a crash or a power cut).

    Open each with ``InterviewDialog(ctx, uuid.UUID(payload["participant_id"]), interview_id)``
    (``payload = store.load(autosave_key(interview_id))``); the dialog offers the answers back if
    the database lacks them and quietly tidies the file if it does not.
    """
    store = store or AutosaveStore()
    found: list[str] = []
    for key in store.keys():  # noqa: SIM118 (a store, not a dict)
        if not key.startswith(AUTOSAVE_PREFIX):
            continue
        payload = store.load(key)
        if payload is not None and payload.get("kind") == PAYLOAD_KIND:
            found.append(key[len(AUTOSAVE_PREFIX) :])
    return found


def recoverable_interviews(store: AutosaveStore | None = None) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(participant id, interview id) of every interview with answers left in the local
    autosave. Reads files: run it on the task runner."""
    store = store or AutosaveStore()
    found: list[tuple[uuid.UUID, uuid.UUID]] = []
    for interview_id in pending_recoveries(store):
        payload = store.load(autosave_key(interview_id)) or {}
        try:
            found.append((uuid.UUID(str(payload["participant_id"])), uuid.UUID(interview_id)))
        except (KeyError, ValueError):
            continue  # a file without a person cannot be reopened; the dialog never writes one
    return found


# === background plumbing ======================================================================


@dataclass
class _Job:
    function: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None]
    tag: str | None


class _SerialJobs:
    """Runs jobs on the task runner one at a time, in order. Submitting a job with a tag
    replaces a queued (not yet running) job with the same tag: only the newest autosave counts.
    Plain Python, so queued work still runs after the dialog is gone."""

    def __init__(self, runner: TaskRunner) -> None:
        self._runner = runner
        self._queue: deque[_Job] = deque()
        self._busy = False

    def submit(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        tag: str | None = None,
    ) -> None:
        job = _Job(function, on_done, on_error, tag)
        if tag is not None:
            for index, queued in enumerate(self._queue):
                if queued.tag == tag:
                    self._queue[index] = job
                    break
            else:
                self._queue.append(job)
        else:
            self._queue.append(job)
        self._pump()

    def idle(self) -> bool:
        return not self._busy and not self._queue

    def _pump(self) -> None:
        if self._busy or not self._queue:
            return
        job = self._queue.popleft()
        self._busy = True

        def done(result: Any) -> None:
            self._busy = False
            try:
                job.on_done(result)
            finally:
                self._pump()

        def failed(error: Exception) -> None:
            self._busy = False
            try:
                job.on_error(error)
            finally:
                self._pump()

        self._runner.run(job.function, done, failed)


class _LocalCopy:
    """The local autosave of one interview; a write older than the newest one is skipped."""

    def __init__(self, store: AutosaveStore, key: str) -> None:
        self.store = store
        self.key = key
        self._lock = threading.Lock()
        self._newest = -1
        self._sealed = False

    def write(self, seq: int, payload: Mapping[str, Any]) -> bool:
        with self._lock:
            if self._sealed or seq < self._newest:
                return False
            self.store.save(self.key, payload)
            self._newest = seq
            return True

    def discard(self, seq: int, *, seal: bool = False) -> None:
        with self._lock:
            if self._sealed or seq < self._newest:
                return
            self.store.discard(self.key)
            self._newest = seq
            self._sealed = seal


@dataclass(frozen=True)
class _Interview:
    id: uuid.UUID
    participant_id: uuid.UUID
    form_id: str
    form_version: int
    answers: dict[str, Any]
    interview_date: date
    status: InterviewStatus
    updated_at: datetime  # UTC
    completed_at: datetime | None


@dataclass(frozen=True)
class _Loaded:
    interview: _Interview
    participant_name: str
    form: FormDefinition
    local: dict[str, Any] | None
    created: bool


@dataclass
class _SaveResult:
    saved: bool = False
    db_error: Exception | None = None
    date_error: Exception | None = None
    local_error: Exception | None = None
    date_saved: date | None = None
    at: datetime = field(default_factory=datetime.now)


def _load(
    services: Services,
    store: AutosaveStore,
    participant_id: uuid.UUID,
    interview_id: uuid.UUID | None,
) -> _Loaded:
    from desktop.services.participants import full_name

    participant = services.participants.get(participant_id)
    created = interview_id is None
    row = (
        services.intake.start(participant_id)
        if interview_id is None
        else services.intake.get(interview_id)
    )
    form = services.intake.form(row.form_id, row.form_version)
    interview = _Interview(
        id=row.id,
        participant_id=row.participant_id,
        form_id=row.form_id,
        form_version=row.form_version,
        answers=dict(row.answers or {}),
        interview_date=row.interview_date,
        status=row.status,
        updated_at=row.updated_at.replace(tzinfo=UTC),
        completed_at=row.completed_at,
    )
    local = None if created else store.load(autosave_key(row.id))
    return _Loaded(interview, full_name(participant), form, local, created)


def _save(
    services: Services,
    local: _LocalCopy,
    interview_id: uuid.UUID,
    answers: dict[str, object] | None,
    new_date: date | None,
    seq: int,
    payload: dict[str, Any],
    discard_if_clean: bool,
) -> _SaveResult:
    """Database first, then the local file (so the local file is the newer of the two)."""
    result = _SaveResult()
    if new_date is not None:
        try:
            services.intake.set_date(interview_id, new_date)
            result.date_saved = new_date
        except Exception as error:
            result.date_error = error
    if answers is not None:
        try:
            services.intake.save_draft(interview_id, answers)
            result.saved = True
        except Exception as error:
            result.db_error = error
    result.at = datetime.now()
    try:
        clean = result.saved and result.date_error is None
        if discard_if_clean and clean:
            local.discard(seq)
        else:
            local.write(seq, payload)
    except Exception as error:
        result.local_error = error
    return result


def _complete(
    services: Services,
    local: _LocalCopy,
    interview_id: uuid.UUID,
    answers: dict[str, object],
    new_date: date | None,
    seq: int,
) -> datetime:
    if new_date is not None:
        services.intake.set_date(interview_id, new_date)
    services.intake.complete(interview_id, answers)
    with contextlib.suppress(OSError):
        local.discard(seq, seal=True)
    return datetime.now()


def _discard_new(services: Services, local: _LocalCopy, interview_id: uuid.UUID, seq: int) -> None:
    """Nothing was typed into a new interview: do not leave an empty draft behind."""
    services.intake.discard_draft(interview_id)
    local.discard(seq, seal=True)


def _time(moment: datetime) -> str:
    return localise_digits(moment.strftime("%H:%M:%S"))


def _message(error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.message
    return str(error) or type(error).__name__


# === the dialog ===============================================================================


class InterviewDialog(QDialog):
    """One intake interview of one participant. ``interview_id=None`` starts a new one."""

    #: Milliseconds between the first change and the autosave (tests make it short).
    autosave_interval_ms: ClassVar[int] = 3000
    #: Test hook: answer the "restore unsaved answers?" question without showing it.
    auto_restore: ClassVar[bool | None] = None

    saved = Signal()  # after each successful database save
    loaded = Signal()  # the interview is on screen (or failed to load)

    def __init__(
        self,
        ctx: GuiContext,
        participant_id: uuid.UUID,
        interview_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        *,
        store: AutosaveStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.participant_id = participant_id
        self.interview_id: uuid.UUID | None = interview_id
        self.store = store or AutosaveStore()
        self.view: FormView | None = None
        self.form: FormDefinition | None = None
        self.restore_box: QMessageBox | None = None
        self._jobs = _SerialJobs(ctx.runner)
        self._local: _LocalCopy | None = None
        self._local_in_flight = 0
        self._interview: _Interview | None = None
        self._created = False
        self._touched = False
        self._dirty = False
        self._seq = 0
        self._saved_date: date | None = None
        self._read_only = False
        self._finished = False  # completed, or closed for good
        self._completing = False
        self._syncing_date = False

        self.setWindowTitle(_("Intake interview"))
        self.setModal(True)
        self.resize(1280, 720)

        self.title = QLabel(_("Intake interview"), self)
        self.title.setObjectName("title")
        title_font = self.title.font()
        title_font.setBold(True)
        if title_font.pointSizeF() > 0:
            title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        self.title.setFont(title_font)
        self.date_label = QLabel(_("Interview date:"), self)
        self.date_edit = JalaliDateEdit(self)
        self.date_edit.setMaximumWidth(200)
        self.date_edit.setEnabled(False)
        self.date_label.setBuddy(self.date_edit.line)
        self.date_edit.line.setAccessibleName(_("Interview date"))
        self.date_error = QLabel(self)
        self.date_error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.date_error.setWordWrap(True)
        self.date_error.hide()

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.date_label)
        header.addWidget(self.date_edit)

        self.stack = QStackedWidget(self)
        self.message = QLabel(_("Opening the interview…"), self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack.addWidget(self.message)

        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.save_button = QPushButton(_("Save draft"), self)
        self.save_button.setToolTip(_("Save draft (Ctrl+S)"))
        self.complete_button = QPushButton(_("Complete interview"), self)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.setToolTip(_("Close (Esc)"))
        self.save_button.setDefault(True)
        for button in (self.save_button, self.complete_button):
            button.setEnabled(False)
        self.save_button.clicked.connect(self.save_now)
        self.complete_button.clicked.connect(self.complete)
        self.close_button.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.save_button)
        footer.addWidget(self.complete_button)
        footer.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.date_error, 0, Qt.AlignmentFlag.AlignTrailing)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.activated.connect(self.save_now)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._autosave)
        self.date_edit.date_changed.connect(self._header_date_changed)
        self.date_edit.line.editingFinished.connect(self._check_header_date)

        self._jobs.submit(
            lambda: _load(ctx.services, self.store, participant_id, interview_id),
            self._on_loaded,
            self._on_load_failed,
        )

    # --- public state ----------------------------------------------------------------------

    def is_idle(self) -> bool:
        """No save running or queued (for tests and for the shell before it quits)."""
        return self._jobs.idle() and self._local_in_flight == 0

    def is_read_only(self) -> bool:
        return self._read_only

    def status_text(self) -> str:
        return self.status.text()

    # --- loading ---------------------------------------------------------------------------

    def _alive(self) -> bool:
        return shiboken6.isValid(self) and not self._finished

    def _on_loaded(self, loaded: _Loaded) -> None:
        interview = loaded.interview
        self.interview_id = interview.id
        self._created = loaded.created
        self._local = _LocalCopy(self.store, autosave_key(interview.id))
        if not self._alive():
            if loaded.created:  # closed before it opened: leave nothing behind
                self._jobs.submit(
                    lambda: _discard_new(self.ctx.services, self._local_copy(), interview.id, 0),
                    lambda _result: None,
                    lambda _error: None,
                )
            return
        self._interview = interview
        self.form = loaded.form
        title = form_text(loaded.form.title)
        self.title.setText(f"{title} — {loaded.participant_name}")
        self.setWindowTitle(f"{title} — {loaded.participant_name}")

        view = FormView(loaded.form, self)
        self.view = view
        view.set_answers(interview.answers)
        self._syncing_date = True
        try:
            self.date_edit.set_date_value(interview.interview_date)
        finally:
            self._syncing_date = False
        self._saved_date = interview.interview_date
        if DATE_QUESTION in view.fields() and not interview.answers.get(DATE_QUESTION):
            self._mirror_date_into_form(interview.interview_date, touch=False)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        view.changed.connect(self._changed)
        self.date_edit.setEnabled(True)

        if interview.status == InterviewStatus.COMPLETE:
            self._open_read_only(interview)
        else:
            self.save_button.setEnabled(True)
            self.complete_button.setEnabled(True)
            self._offer_restore(loaded.local)
        view.focus_question(view.visible_question_ids()[0])
        self.loaded.emit()

    def _on_load_failed(self, error: Exception) -> None:
        if not self._alive():
            return
        self.message.setText(
            _("The interview could not be opened: {error}").format(error=_message(error))
        )
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self._read_only = True
        self.close_button.setFocus()
        self.loaded.emit()

    def _local_copy(self) -> _LocalCopy:
        assert self._local is not None
        return self._local

    def _open_read_only(self, interview: _Interview) -> None:
        assert self.view is not None
        self._read_only = True
        self.view.set_read_only(True)
        self.date_edit.line.setReadOnly(True)
        self.date_edit.button.setEnabled(False)
        self.save_button.hide()
        self.complete_button.hide()
        self.save_shortcut.setEnabled(False)
        self.close_button.setDefault(True)
        when = (
            interview.completed_at.replace(tzinfo=UTC).astimezone().date()  # stored as UTC
            if interview.completed_at
            else interview.interview_date
        )
        self._set_status(
            _("This interview was completed on {date}; it can be read but not changed.").format(
                date=format_jalali(when, persian_digits=is_persian())
            )
        )
        # A completed interview needs no local copy any more.
        local = self._local_copy()
        self._run_local(lambda: local.discard(0, seal=True))

    # --- restoring the local autosave ------------------------------------------------------

    def _local_differs(self, local: Mapping[str, Any]) -> tuple[bool, bool]:
        """(holds something the database does not, holds answers that are not valid yet)."""
        assert self.form is not None and self._interview is not None
        raw = local.get("raw")
        if not isinstance(raw, dict):
            return False, False
        answers = answers_from_raw(self.form, raw)
        if errors_for(self.form, answers, complete=False):
            return True, True
        if clean_answers(self.form, answers) != self._interview.answers:
            return True, False
        local_date = local.get("interview_date")
        return local_date != self._interview.interview_date.isoformat(), False

    def _offer_restore(self, local: dict[str, Any] | None) -> None:
        if local is None or self._interview is None:
            return
        when = saved_at(local)
        differs, invalid = self._local_differs(local)
        newer = when is not None and when > self._interview.updated_at
        if (
            local.get("kind") != PAYLOAD_KIND
            or local.get("interview_id") != str(self._interview.id)
            or not differs
            or not (newer or invalid)
        ):
            local_copy = self._local_copy()
            self._run_local(lambda: local_copy.discard(0))
            return
        moment = (when or datetime.now(UTC)).astimezone()
        shown = format_jalali(moment.date(), persian_digits=is_persian())
        shown += " " + localise_digits(moment.strftime("%H:%M"))
        question = _("Restore unsaved answers from {when}?").format(when=shown)
        if self.auto_restore is not None:
            self._restore_decided(local, self.auto_restore)
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Unsaved answers"))
        box.setText(question)
        box.setInformativeText(
            _(
                "This computer kept answers that were not saved in the database, "
                "probably because the program was closed suddenly or the power went off."
            )
        )
        restore = box.addButton(_("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        box.setEscapeButton(restore)  # Esc never throws typed text away
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(
            lambda _r: self._restore_decided(local, box.clickedButton() is restore)
        )
        self.restore_box = box
        box.open()

    def _restore_decided(self, local: dict[str, Any], restore: bool) -> None:
        self.restore_box = None
        if not self._alive() or self.view is None:
            return
        if not restore:
            local_copy = self._local_copy()
            seq = self._seq
            self._run_local(lambda: local_copy.discard(seq))
            self._set_status(_("The unsaved answers were discarded."))
            return
        raw = local.get("raw")
        self.view.restore_raw_state(raw if isinstance(raw, dict) else {})
        local_date = local.get("interview_date")
        if isinstance(local_date, str):
            with contextlib.suppress(ValueError):
                self._syncing_date = True
                try:
                    self.date_edit.set_date_value(date.fromisoformat(local_date))
                finally:
                    self._syncing_date = False
        self._set_status(_("The unsaved answers were restored; they will be saved shortly."))
        self._changed()

    # --- changes and autosave --------------------------------------------------------------

    def _changed(self) -> None:
        if self._read_only or self._finished or self.view is None:
            return
        self._touched = True
        self._dirty = True
        self._seq += 1
        if self.view is not None and not self._syncing_date:
            self._mirror_form_date_into_header()
        if not self.timer.isActive() and not self._completing:
            self.timer.start(self.autosave_interval_ms)

    def _header_date_changed(self, value: object) -> None:
        if self._syncing_date or self.view is None:
            return
        self._check_header_date()
        if isinstance(value, date):
            self._mirror_date_into_form(value, touch=True)
        self._changed()

    def _check_header_date(self) -> bool:
        value = self.date_edit.date_value()
        problem = None
        if not self.date_edit.is_valid() or value is None:
            error = self.date_edit.error()
            problem = error.message if error is not None else _("Enter a date.")
        elif value > date.today():
            problem = _(MSG_FUTURE_DATE)
        self.date_error.setText(problem or "")
        self.date_error.setVisible(bool(problem))
        return problem is None

    def _mirror_date_into_form(self, value: date, *, touch: bool) -> None:
        assert self.view is not None
        if DATE_QUESTION not in self.view.fields():
            return
        field = self.view.field(DATE_QUESTION)
        if field.question.type != "date" or field.answer() == value.isoformat():
            return
        self._syncing_date = True
        try:
            self.view.set_answer(DATE_QUESTION, value.isoformat(), quiet=not touch)
        finally:
            self._syncing_date = False

    def _mirror_form_date_into_header(self) -> None:
        assert self.view is not None
        if DATE_QUESTION not in self.view.fields():
            return
        value = self.view.field(DATE_QUESTION).answer()
        if not isinstance(value, str):
            return
        day = date.fromisoformat(value)
        if day != self.date_edit.date_value():
            self._syncing_date = True
            try:
                self.date_edit.set_date_value(day)
            finally:
                self._syncing_date = False
            self._check_header_date()

    def _payload(self) -> dict[str, Any]:
        assert self.view is not None and self._interview is not None
        day = self.date_edit.date_value()
        return {
            "kind": PAYLOAD_KIND,
            "version": 1,
            "interview_id": str(self._interview.id),
            "participant_id": str(self._interview.participant_id),
            "form_id": self._interview.form_id,
            "form_version": self._interview.form_version,
            "interview_date": day.isoformat() if day else None,
            "raw": self.view.raw_state(),
            "seq": self._seq,
        }

    def _savable(self) -> tuple[dict[str, object] | None, int]:
        """The answers the database can take now, and how many answers it cannot take yet."""
        assert self.view is not None and self.form is not None
        answers = self.view.answers()
        bad = {e.field for e in errors_for(self.form, answers, complete=False)}
        good = {qid: value for qid, value in answers.items() if qid not in bad}
        if errors_for(self.form, good, complete=False):
            return None, len(bad)
        return good, len(bad)

    def _date_to_save(self) -> date | None:
        value = self.date_edit.date_value()
        if value is None or value == self._saved_date or not self._check_header_date():
            return None
        return value

    def _run_local(self, function: Callable[[], object]) -> None:
        self._local_in_flight += 1

        def done(_result: object) -> None:
            self._local_in_flight -= 1

        def failed(error: Exception) -> None:
            self._local_in_flight -= 1
            if self._alive():
                self._set_status(
                    _("Could not keep a copy on this computer: {error}").format(
                        error=_message(error)
                    ),
                    error=True,
                )

        self.ctx.runner.run(function, done, failed)

    def _autosave(self, *, final: bool = False) -> None:
        """Save now: local copy at once, then the database, then the local copy again."""
        self.timer.stop()
        if self.view is None or self._local is None or self._read_only or self._completing:
            return
        if not self._dirty and not final:
            return
        assert self._interview is not None
        local = self._local
        seq, payload = self._seq, self._payload()
        answers, invalid = self._savable()
        new_date = self._date_to_save()
        was_dirty, self._dirty = self._dirty, False
        if was_dirty:
            # Even when closing, the file is written on the pool (no disk waits on the GUI
            # thread); the sequence number keeps an older write from replacing it, and the app
            # waits for the pool before it exits.
            self._run_local(lambda: local.write(seq, payload))
        services, interview_id = self.ctx.services, self._interview.id
        discard_if_clean = final and invalid == 0 and answers is not None
        self._jobs.submit(
            lambda: _save(
                services, local, interview_id, answers, new_date, seq, payload, discard_if_clean
            ),
            lambda result: self._saved(result, invalid),
            self._save_crashed,
            tag="autosave",
        )

    def _saved(self, result: _SaveResult, invalid: int) -> None:
        if result.date_saved is not None:
            self._saved_date = result.date_saved
        if not self._alive():
            return
        if result.date_error is not None:
            self.date_error.setText(_message(result.date_error))
            self.date_error.show()
        if result.db_error is not None:
            self._dirty = True  # try again on the next change or tick
            self._set_status(
                _(
                    "Could not save in the database: {error}. "
                    "Your answers are kept on this computer."
                ).format(error=_message(result.db_error)),
                error=True,
            )
            return
        if result.local_error is not None:
            self._set_status(
                _("Could not keep a copy on this computer: {error}").format(
                    error=_message(result.local_error)
                ),
                error=True,
            )
            return
        text = _("Saved {time}").format(time=_time(result.at))
        if invalid:
            text += " — " + localise_digits(
                ngettext(
                    "{count} answer is not valid yet; it is kept on this computer.",
                    "{count} answers are not valid yet; they are kept on this computer.",
                    invalid,
                ).format(count=invalid)
            )
        self._set_status(text, error=bool(invalid))
        self.saved.emit()

    def _save_crashed(self, error: Exception) -> None:
        if self._alive():
            self._dirty = True
            self._set_status(_message(error), error=True)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {ERROR_COLOUR if error else MUTED_COLOUR};")

    # --- actions ---------------------------------------------------------------------------

    def save_now(self) -> None:
        """Save draft (Ctrl+S, Enter): save at once and show what is not valid yet."""
        if self.view is None or self._read_only or self._completing:
            return
        self.view.validate(complete=False)
        self._check_header_date()
        self._dirty = True
        self._set_status(_("Saving…"))
        self._autosave()

    def complete(self) -> None:
        """Complete the interview: every required, relevant question answered and valid."""
        if self.view is None or self.form is None or self._read_only or self._completing:
            return
        assert self._interview is not None
        errors = self.view.validate(complete=True)
        date_ok = self._check_header_date()
        if errors or not date_ok:
            count = len(errors) + (0 if date_ok else 1)
            self._set_status(
                localise_digits(
                    ngettext(
                        "{count} question needs an answer or a correction.",
                        "{count} questions need an answer or a correction.",
                        count,
                    ).format(count=count)
                ),
                error=True,
            )
            if errors and errors[0].field:
                self.view.focus_question(errors[0].field)
            else:
                self.date_edit.line.setFocus()
            return
        self._completing = True
        self.timer.stop()
        self.save_button.setEnabled(False)
        self.complete_button.setEnabled(False)
        self._set_status(_("Completing the interview…"))
        services, local = self.ctx.services, self._local_copy()
        interview_id, answers, seq = self._interview.id, self.view.answers(), self._seq
        new_date = self._date_to_save()
        self._jobs.submit(
            lambda: _complete(services, local, interview_id, answers, new_date, seq),
            self._completed,
            self._complete_failed,
        )

    def _completed(self, _when: datetime) -> None:
        if not self._alive():
            return
        self._finished = True
        self._dirty = False
        self.accept()

    def _complete_failed(self, error: Exception) -> None:
        if not self._alive():
            return
        self._completing = False
        self.save_button.setEnabled(True)
        self.complete_button.setEnabled(True)
        self._dirty = True
        assert self.view is not None
        if isinstance(error, (ValidationErrors, ValidationError)):
            problems = error.errors if isinstance(error, ValidationErrors) else [error]
            date_problems = [p for p in problems if p.field == "date"]
            if date_problems:
                self.date_error.setText(date_problems[0].message)
                self.date_error.show()
            self.view.show_errors(problems)
            firsts = [p.field for p in problems if p.field and p.field != "date"]
            if firsts:
                self.view.focus_question(firsts[0])
        self._set_status(
            _("The interview could not be completed: {error}").format(error=_message(error)),
            error=True,
        )
        self.timer.start(self.autosave_interval_ms)

    # --- closing ---------------------------------------------------------------------------

    def _flush(self, *, final: bool) -> None:
        if self.view is None or self._interview is None or self._read_only or self._finished:
            return
        if self._completing:
            return
        if self._created and not self._touched:
            if final:
                services, local = self.ctx.services, self._local_copy()
                interview_id, seq = self._interview.id, self._seq
                self._jobs.submit(
                    lambda: _discard_new(services, local, interview_id, seq),
                    lambda _r: None,
                    lambda _e: None,
                )
            return
        if QCoreApplication.closingDown() or not shiboken6.isValid(self.ctx.runner):
            # The application is going away: no thread pool to rely on, keep the local copy.
            if self._dirty and self._local is not None:
                with contextlib.suppress(OSError, ValueError, TypeError):
                    self._local.write(self._seq, self._payload())
                self._dirty = False
            return
        if final or self._dirty:
            self._autosave(final=final)

    def reject(self) -> None:
        """Close (Esc): save first, never lose text."""
        if self.restore_box is not None:
            return
        self._flush(final=True)
        self._finished = True
        self.timer.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.restore_box is not None:
            event.ignore()
            return
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self._flush(final=False)
        super().hideEvent(event)
