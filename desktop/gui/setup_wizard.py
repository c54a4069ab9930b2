"""First run: set up the office and its manager's account.

Pages: welcome (set up a new office, or open the office enrolment file the province gave), the
office (typed) or the enrolment (the file's office identity and the province key fingerprint to
compare and confirm), the manager's account, a summary. Every field is checked with
the service's own rules (``validate_office``, ``validate_user``) as it is typed; the message
appears under the field once the person has typed in it or left it, and Next stays disabled
while the page is invalid. Finish runs ``initialise_office`` (one transaction) on the thread
pool (``initialise_from_enrolment`` for an enrolment file: the same, plus the link to the
province); on success :attr:`SetupWizard.actor` is the signed-in manager. The form is
``ui/setup_wizard.ui``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from desktop.domain.errors import DomainError
from desktop.gui.forms.ui_setup_wizard import Ui_SetupWizard
from desktop.gui.style import error_label, leading, ltr, muted, set_message
from desktop.gui.tasks import TaskRunner
from desktop.gui.widgets.errors import field_problems
from desktop.gui.wizard_pages import ValidatedPage
from desktop.i18n import _
from desktop.services.base import Actor
from desktop.services.setup import (
    OfficeInput,
    UserInput,
    initialise_office,
    validate_office,
    validate_user,
)
from desktop.store.engine import Database

# The service names fields by what they are; the form names them by widget.
OFFICE_FIELDS = {
    "province": "province",
    "county": "county",
    "office_code": "officeCode",
    "office_name": "officeName",
}
USER_FIELDS = {"full_name": "fullName", "username": "username", "password": "password"}


def create_office(db_path: Path, office: OfficeInput, manager: UserInput) -> Actor:
    """Runs on the thread pool: the schema, the office and its manager in one go."""
    db = Database(db_path)
    try:
        return initialise_office(db, office, manager)
    finally:
        db.dispose()


def read_enrolment(path: Path) -> Any:
    """Runs on the thread pool: the checked contents of an enrolment file."""
    from desktop.services.sync import read_enrolment_file

    return read_enrolment_file(path)


def create_office_from_enrolment(db_path: Path, enrolment_file: Path, manager: UserInput) -> Actor:
    """Runs on the thread pool: the office of the enrolment file, linked to its province."""
    from desktop.services.sync import initialise_from_enrolment

    db = Database(db_path)
    try:
        return initialise_from_enrolment(db, enrolment_file, manager)
    finally:
        db.dispose()


class EnrolmentPage(ValidatedPage):
    """Choose the file; see the office it sets up and the province key fingerprint; confirm."""

    choose_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Office enrolment file"))
        self.setSubTitle(
            _("The province gives each office an enrolment file: open it to set up this office.")
        )
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.choose_button = QPushButton(_("&Choose the enrolment file…"))
        self.choose_button.clicked.connect(self.choose_requested)
        self.path_label = muted(QLabel(""))
        row.addWidget(self.choose_button)
        row.addWidget(self.path_label, 1)
        layout.addLayout(row)
        self.message = error_label(QLabel())
        self.message.setObjectName("enrolmentMessage")
        layout.addWidget(self.message)
        self.details = QWidget()
        form = QFormLayout(self.details)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("office_name", _("Office name:")),
            ("office_code", _("Office code:")),
            ("county", _("County:")),
            ("province", _("Province:")),
            ("fingerprint", _("Province key fingerprint:")),
        ):
            value = leading(QLabel(""))
            value.setObjectName(f"enrolment-{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            form.addRow(label, value)
        self.values["fingerprint"].setStyleSheet("font-weight: bold; font-family: monospace;")
        layout.addWidget(self.details)
        self.confirm = QCheckBox(
            _(
                "The fingerprint matches the one the province gave me (on paper or by phone), "
                "and these are my office's details."
            )
        )
        self.confirm.toggled.connect(self.recheck)
        layout.addWidget(self.confirm)
        layout.addStretch(1)
        self.details.hide()
        self.confirm.hide()


class SetupWizard(QWizard):
    office_created = Signal(object)  # the manager's Actor

    START_PAGE, OFFICE_PAGE, USER_PAGE, SUMMARY_PAGE = range(4)
    ENROLMENT_PAGE = 10

    def __init__(self, db_path: Path, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.runner = runner
        self.actor: Actor | None = None
        self.busy = False
        self.ui = Ui_SetupWizard()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call] # generated code
        # Plain words: Qt's arrows ("< Back", "Next >") point the wrong way in right-to-left.
        self.setButtonText(QWizard.WizardButton.BackButton, _("&Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Set up the office"))
        ui = self.ui
        muted(ui.enrolmentNote)
        muted(ui.databaseNote)
        ui.databaseNote.setText(
            _("The office database will be created here: {path}").format(path=ltr(str(db_path)))
        )
        error_label(ui.statusLabel)
        for value in (
            ui.summaryProvince,
            ui.summaryCounty,
            ui.summaryCode,
            ui.summaryOffice,
            ui.summaryFullName,
            ui.summaryUsername,
        ):
            leading(value)
        self._touched: set[str] = set()
        self.editors: dict[str, QLineEdit] = {
            name: getattr(ui, name) for name in (*OFFICE_FIELDS.values(), *USER_FIELDS.values())
        }
        self.editors["repeat"] = ui.repeat
        self.errors: dict[str, QLabel] = {
            name: error_label(getattr(ui, f"{name}Error")) for name in self.editors
        }
        for name, editor in self.editors.items():
            page = ui.officePage if name in OFFICE_FIELDS.values() else ui.userPage
            editor.textEdited.connect(lambda _text, n=name: self._touch(n))
            editor.installEventFilter(self)  # leaving a field counts as having seen it
            editor.textChanged.connect(page.recheck)
            editor.textChanged.connect(self._show_messages)
        ui.officePage.set_check(lambda: not self.office_problems())
        ui.userPage.set_check(lambda: not self.user_problems())
        ui.summaryPage.set_check(lambda: not self.busy)

        # Opening the province's enrolment file instead of typing the office.
        self.enrolment: Any = None  # desktop.sync.enrolment.Enrolment, once read and checked
        self.enrolment_file: Path | None = None
        self.file_dialog: QFileDialog | None = None
        ui.enrolmentChoice.setEnabled(True)
        ui.enrolmentChoice.setToolTip(
            _("Set up the office from the enrolment file the province gave you (USB sync)")
        )
        ui.enrolmentNote.setText(
            _(
                "An office that sends its records to the province on a USB stick starts from "
                "the enrolment file the province made for it."
            )
        )
        self.enrolment_page = EnrolmentPage()
        self.enrolment_page.choose_requested.connect(self.choose_enrolment_file)
        self.enrolment_page.set_check(
            lambda: self.enrolment is not None and self.enrolment_page.confirm.isChecked()
        )
        self.setPage(self.ENROLMENT_PAGE, self.enrolment_page)
        self.resize(720, 560)

    @property
    def from_enrolment(self) -> bool:
        return self.ui.enrolmentChoice.isChecked()

    def nextId(self) -> int:  # noqa: N802 (Qt's name)
        current = self.currentId()
        if current == self.START_PAGE:
            return self.ENROLMENT_PAGE if self.from_enrolment else self.OFFICE_PAGE
        if current == self.ENROLMENT_PAGE:
            return self.USER_PAGE
        if current == self.SUMMARY_PAGE:
            return -1  # pages are ordered by id: the enrolment page's would come next
        return super().nextId()

    # --- the enrolment file -------------------------------------------------------------------

    def choose_enrolment_file(self) -> None:
        dialog = QFileDialog(self, _("Choose the office enrolment file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [
                _("Hamyar enrolment files ({pattern})").format(pattern="*.hamyar-enrolment"),
                _("All files (*)"),
            ]
        )
        dialog.fileSelected.connect(lambda path: self.open_enrolment_file(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def open_enrolment_file(self, path: Path) -> None:
        """Read and check the file on the pool; show what it says, or why it is refused."""
        page = self.enrolment_page
        self.enrolment = None
        self.enrolment_file = None
        page.confirm.setChecked(False)
        page.details.hide()
        page.confirm.hide()
        page.path_label.setText(ltr(str(path)))
        set_message(page.message, "")
        page.recheck()
        self.runner.run(
            lambda: read_enrolment(path),
            lambda enrolment: self._enrolment_read(path, enrolment),
            self._enrolment_refused,
        )

    def _enrolment_read(self, path: Path, enrolment: Any) -> None:
        page = self.enrolment_page
        self.enrolment = enrolment
        self.enrolment_file = path
        for key, text in (
            ("office_name", enrolment.office_name),
            ("office_code", enrolment.office_code),
            ("county", enrolment.county),
            ("province", enrolment.province_name),
            ("fingerprint", ltr(enrolment.province.fingerprint)),
        ):
            page.values[key].setText(text)
        page.details.show()
        page.confirm.show()
        page.recheck()

    def _enrolment_refused(self, error: Exception) -> None:
        message = (
            str(error)
            if isinstance(error, DomainError)
            else _("The enrolment file could not be read: {error}").format(error=error)
        )
        set_message(self.enrolment_page.message, message)
        self.enrolment_page.recheck()

    # --- what was typed -----------------------------------------------------------------------

    def office_input(self) -> OfficeInput:
        ui = self.ui
        return OfficeInput(
            code=ui.officeCode.text(),
            name=ui.officeName.text(),
            county=ui.county.text(),
            province=ui.province.text(),
        )

    def user_input(self) -> UserInput:
        ui = self.ui
        return UserInput(
            username=ui.username.text(), full_name=ui.fullName.text(), password=ui.password.text()
        )

    def office_problems(self) -> dict[str, str]:
        """Widget name -> message, for every invalid office field."""
        try:
            validate_office(self.office_input())
        except DomainError as error:
            return {
                OFFICE_FIELDS.get(problem.field or "", "officeName"): problem.message
                for problem in reversed(field_problems(error) or [])
            }
        return {}

    def user_problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        try:
            validate_user(self.user_input())
        except DomainError as error:
            for problem in reversed(field_problems(error) or []):
                problems[USER_FIELDS.get(problem.field or "", "fullName")] = problem.message
        if self.ui.repeat.text() != self.ui.password.text():
            problems["repeat"] = _("The passwords do not match.")
        return problems

    # --- messages next to the fields ----------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FocusOut:
            name = watched.objectName()
            if name in self.editors:
                self._touch(name)
        return super().eventFilter(watched, event)

    def _touch(self, name: str) -> None:
        if name not in self._touched:
            self._touched.add(name)
            self._show_messages()

    def _show_messages(self) -> None:
        problems = {**self.office_problems(), **self.user_problems()}
        for name, label in self.errors.items():
            set_message(label, problems.get(name, "") if name in self._touched else "")

    # --- pages --------------------------------------------------------------------------------

    def initializePage(self, page_id: int) -> None:  # noqa: N802 (Qt's name)
        super().initializePage(page_id)
        if page_id == self.SUMMARY_PAGE:
            self._fill_summary()

    def _fill_summary(self) -> None:
        ui = self.ui
        if self.from_enrolment and self.enrolment is not None:
            office = OfficeInput(
                code=self.enrolment.office_code,
                name=self.enrolment.office_name,
                county=self.enrolment.county,
                province=self.enrolment.province_name,
            )
        else:
            office = validate_office(self.office_input())
        user = validate_user(self.user_input())
        for label, text in (
            (ui.summaryProvince, office.province),
            (ui.summaryCounty, office.county),
            (ui.summaryCode, office.code),
            (ui.summaryOffice, office.name),
            (ui.summaryFullName, user.full_name),
            (ui.summaryUsername, user.username),
        ):
            label.setText(text)
        set_message(ui.statusLabel, "")

    # --- finishing ----------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.ui.summaryPage.recheck()
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            self.button(button).setEnabled(not busy)

    def accept(self) -> None:
        if self.actor is not None:
            super().accept()
            return
        if self.busy:
            return
        office = self.office_input()
        user = self.user_input()
        self._set_busy(True)
        self.ui.statusLabel.setStyleSheet("")
        set_message(self.ui.statusLabel, _("Setting up the office…"))
        db_path, enrolment_file = self.db_path, self.enrolment_file
        if self.from_enrolment and enrolment_file is not None:
            self.runner.run(
                lambda: create_office_from_enrolment(db_path, enrolment_file, user),
                self._done,
                self._failed,
            )
            return
        self.runner.run(lambda: create_office(db_path, office, user), self._done, self._failed)

    def _done(self, actor: Any) -> None:
        self._set_busy(False)
        self.actor = actor
        self.office_created.emit(actor)
        super().accept()

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)
        error_label(self.ui.statusLabel)
        message = (
            str(error)
            if isinstance(error, DomainError)
            else _("The office could not be set up: {error}").format(error=error)
        )
        set_message(self.ui.statusLabel, message)

    def reject(self) -> None:
        if self.busy:  # the transaction either finishes or rolls back in a moment
            return
        super().reject()
