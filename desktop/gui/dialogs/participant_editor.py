"""Registering a person or editing their record.

Validation is the service's own: on every edit the form builds a :class:`ParticipantInput` and
runs the pure :func:`validate_participant`, and each problem's (Persian) message appears in red
under its field. Messages show for fields the person has touched (all of them once a save was
refused or when an existing record is opened); Save stays disabled while anything is wrong.

Possible duplicates (same name, father's name and Jalali birth year) are looked up in the
background while typing and again when saving: a warning panel names them, with a button that
opens the existing record in a window of its own (what was typed stays here), and Save needs
"this is a different person" ticked. A national ID that is already registered is refused by the
service; its message shows under the national ID with a button to open that record.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.digits import to_ascii_digits, to_persian_digits
from desktop.domain.enums import (
    ConsentScope,
    Education,
    Gender,
    LabelledEnum,
    MaritalStatus,
    SupportingOrg,
)
from desktop.domain.errors import DuplicateError, ValidationErrors
from desktop.domain.jalali import format_jalali
from desktop.domain.text import normalise_input
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import error_label, set_message
from desktop.gui.widgets.dates import JalaliDateEdit
from desktop.gui.widgets.discard import ask_to_discard
from desktop.gui.widgets.errors import show_failure
from desktop.i18n import _, is_persian, localise_digits
from desktop.services.participants import (
    ParticipantInput,
    PossibleDuplicate,
    PossibleDuplicatesError,
    duplicate_key,
    validate_participant,
)
from desktop.store.models import Participant

DUPLICATE_CHECK_DELAY_MS = 350
SMALL_NUMBER = QRegularExpression("[0-9\u06f0-\u06f9\u0660-\u0669]{0,2}")


def leading_edge(widget: QWidget) -> Qt.AlignmentFlag:
    """The widget's leading side as an absolute alignment (right in right-to-left).

    ``AlignLeading`` is resolved against the *text's* direction by QLabel and QLineEdit, so a
    value of digits only (a national ID, a date) would otherwise sit on the left.
    """
    rtl = widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute


class DigitsLineEdit(QLineEdit):
    """A line edit that shows the digits typed (ASCII, Arabic-Indic) as Persian digits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textEdited.connect(self._localise)
        # Digits alone read as left-to-right text, which Qt would align to the left even in a
        # right-to-left form; pin them to the form's leading edge like every other field.
        self.setAlignment(leading_edge(self) | Qt.AlignmentFlag.AlignVCenter)

    def _localise(self, text: str) -> None:
        if not is_persian():
            return
        shown = to_persian_digits(text)
        if shown != text:
            cursor = self.cursorPosition()
            self.setText(shown)
            self.setCursorPosition(cursor)

    def value(self) -> str:
        """The text with ASCII digits (what the domain rules read)."""
        return to_ascii_digits(self.text())


@dataclass(frozen=True)
class _Duplicates:
    """The save was stopped: these people may be the same person."""

    people: list[PossibleDuplicate]


E = TypeVar("E", bound=LabelledEnum)


def _enum_combo(members: Sequence[LabelledEnum], *, optional: bool) -> QComboBox:
    """A combo of an enum's labels; item data is the member's value (a plain string)."""
    combo = QComboBox()
    if optional:
        combo.addItem(_("Not recorded"), None)
    for member in members:
        combo.addItem(_(member.label_msgid), member.value)
    return combo


def _set_combo_value(combo: QComboBox, member: LabelledEnum | None) -> None:
    index = combo.findData(member.value) if member is not None else 0
    combo.setCurrentIndex(max(index, 0))


def _combo_value(combo: QComboBox, kind: type[E]) -> E | None:
    value = combo.currentData()
    return kind(value) if value else None


class ParticipantEditor(QDialog):
    """New participant (``participant_id=None``) or edit an existing one.

    After ``accept()``, ``saved_id`` is the person's id. ``open_participant(uuid)`` is emitted
    when the person asks to see an existing (duplicate) record.
    """

    open_participant = Signal(object)
    ready = Signal()  # an existing record has been loaded into the form
    duplicates_checked = Signal(int)  # how many possible duplicates the last check found

    def __init__(
        self,
        ctx: GuiContext,
        participant_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.participant_id = participant_id
        self.saved_id: uuid.UUID | None = None
        self._loaded = participant_id is None
        self._saving = False
        self._touched: set[str] = set()
        self._show_all = participant_id is not None
        self._errors: dict[str, str] = {}
        self._initial_state: tuple[object, ...] = ()
        self._original_key: str | None = None
        self._duplicates: list[PossibleDuplicate] = []
        self._duplicate_key_shown: str | None = None
        self._duplicate_check = 0
        self._existing_id: uuid.UUID | None = None
        self._windows: list[QWidget] = []
        self.discard_box: QMessageBox | None = None

        self.setWindowTitle(
            _("New participant") if participant_id is None else _("Edit participant")
        )
        self.setModal(True)
        self._build()
        self._initial_state = self._state()
        self._revalidate()
        self._load_neighbourhoods()
        if participant_id is not None:
            self._set_enabled_inputs(False)
            self.ctx.runner.run(
                lambda: ctx.services.participants.get(participant_id),
                alive_callback(self, self._fill),
                alive_callback(self, self._load_failed),
            )

    # --- building the form -----------------------------------------------------------------

    def _build(self) -> None:
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.father_name = QLineEdit()
        self.national_id = DigitsLineEdit()
        self.national_id.setMaxLength(16)
        self.national_id.setPlaceholderText(_("10 digits, as on the card"))
        self.birth_date = JalaliDateEdit(optional=True)
        self.gender = _enum_combo(list(Gender), optional=False)

        self.head_of_household = QCheckBox(_("Head of household"))
        self.household_size = DigitsLineEdit()
        self.dependants = DigitsLineEdit()
        for small in (self.household_size, self.dependants):
            small.setValidator(QRegularExpressionValidator(SMALL_NUMBER, small))
            small.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 8 + 24)
        self.marital_status = _enum_combo(list(MaritalStatus), optional=True)
        self.education = _enum_combo(list(Education), optional=True)
        self.supporting_org = _enum_combo(list(SupportingOrg), optional=True)
        self.disability = QLineEdit()
        self.disability.setPlaceholderText(_("Leave empty if none"))

        self.mobile = DigitsLineEdit()
        self.mobile.setMaxLength(20)
        self.mobile.setPlaceholderText(localise_digits("09121234567"))
        self.neighbourhood = QComboBox()
        self.neighbourhood.setEditable(True)
        self.neighbourhood.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.neighbourhood.model(), self.neighbourhood)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.neighbourhood.setCompleter(completer)
        self.address = QPlainTextEdit()
        self.consent_date = JalaliDateEdit(optional=True)
        self.consent_scope = _enum_combo(list(ConsentScope), optional=True)
        self.notes = QPlainTextEdit()
        for text_box, lines in ((self.address, 2), (self.notes, 2)):
            text_box.setTabChangesFocus(True)
            text_box.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 18)

        self.fields: dict[str, QWidget] = {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "father_name": self.father_name,
            "national_id": self.national_id,
            "birth_date": self.birth_date,
            "gender": self.gender,
            "head_of_household": self.head_of_household,
            "household_size": self.household_size,
            "dependants": self.dependants,
            "marital_status": self.marital_status,
            "education": self.education,
            "supporting_org": self.supporting_org,
            "disability": self.disability,
            "mobile": self.mobile,
            "neighbourhood": self.neighbourhood,
            "address": self.address,
            "consent_date": self.consent_date,
            "consent_scope": self.consent_scope,
            "notes": self.notes,
        }
        self.error_labels: dict[str, QLabel] = {}
        self.existing_button = QPushButton(_("Open the existing record"))
        self.existing_button.setVisible(False)
        self.existing_button.setAutoDefault(False)
        self.existing_button.clicked.connect(self._open_existing)

        identity = self._group(
            _("Identity"),
            [
                (_("First name"), "first_name"),
                (_("Last name"), "last_name"),
                (_("Father's name"), "father_name"),
                (_("National ID"), "national_id"),
                (_("Birth date"), "birth_date"),
                (_("Gender"), "gender"),
            ],
        )
        household = self._group(
            _("Household"),
            [
                ("", "head_of_household"),
                (_("Household size"), "household_size"),
                (_("Dependants"), "dependants"),
                (_("Marital status"), "marital_status"),
                (_("Education"), "education"),
                (_("Supporting organisation"), "supporting_org"),
                (_("Disability"), "disability"),
            ],
        )
        contact = self._group(
            _("Contact"),
            [
                (_("Mobile"), "mobile"),
                (_("Neighbourhood"), "neighbourhood"),
                (_("Address"), "address"),
            ],
        )
        consent = self._group(
            _("Consent and notes"),
            [
                (_("Consent date"), "consent_date"),
                (_("Consent scope"), "consent_scope"),
                (_("Notes"), "notes"),
            ],
        )
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(12)
        grid.addWidget(identity, 0, 0)
        grid.addWidget(household, 0, 1)
        grid.addWidget(contact, 1, 0)
        grid.addWidget(consent, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.scroll_area = scroll

        self.duplicate_panel = QFrame()
        self.duplicate_panel.setObjectName("duplicatePanel")
        self.duplicate_panel.setStyleSheet(
            "QFrame#duplicatePanel { background: #fff4e5; border: 1px solid #f0b45a;"
            " border-radius: 4px; }"
        )
        panel_layout = QVBoxLayout(self.duplicate_panel)
        panel_layout.setContentsMargins(10, 6, 10, 6)
        self.duplicate_title = QLabel(
            _("This person may already be registered (same name, father's name and birth year):")
        )
        self.duplicate_title.setWordWrap(True)
        panel_layout.addWidget(self.duplicate_title)
        self.duplicate_rows = QVBoxLayout()
        panel_layout.addLayout(self.duplicate_rows)
        self.different_person = QCheckBox(_("This is a different person; register anyway"))
        self.different_person.toggled.connect(lambda _checked: self._update_save())
        panel_layout.addWidget(self.different_person)
        self.duplicate_panel.setVisible(False)

        self.status = error_label(QLabel())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.duplicate_panel)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        # Only now is the button inside the dialog: setDefault() before that is forgotten.
        self.save_button.setDefault(True)

        for name, widget in self.fields.items():
            self._watch(name, widget)
        self.duplicate_timer = QTimer(self)
        self.duplicate_timer.setSingleShot(True)
        self.duplicate_timer.setInterval(DUPLICATE_CHECK_DELAY_MS)
        self.duplicate_timer.timeout.connect(self._check_duplicates)

        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1060, 700
        if screen is not None and screen.width() >= 800:
            width = min(width, screen.width() - 40)
            height = min(height, screen.height() - 40)
        self.resize(width, height)
        self.first_name.setFocus()

    def _group(self, heading: str, rows: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox(heading)
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(6)
        for label_text, name in rows:
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(self.fields[name])
            message = error_label(QLabel())
            message.setObjectName(f"error-{name}")
            self.error_labels[name] = message
            if name == "national_id":
                line = QHBoxLayout()
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(message, 1)
                line.addWidget(self.existing_button, 0, Qt.AlignmentFlag.AlignTop)
                column.addLayout(line)
            else:
                column.addWidget(message)
            if label_text:
                label = QLabel(label_text)
                label.setBuddy(self.fields[name])
                form.addRow(label, holder)
            else:
                form.addRow(holder)
        return box

    def _watch(self, name: str, widget: QWidget) -> None:
        def edited(*_args: object) -> None:
            self._touched.add(name)
            self._changed(name)

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(edited)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(edited)
        elif isinstance(widget, QComboBox):
            if widget.isEditable():
                widget.editTextChanged.connect(edited)
            else:
                widget.activated.connect(edited)
                widget.currentIndexChanged.connect(lambda _index: self._changed(name))
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(edited)
        elif isinstance(widget, JalaliDateEdit):
            widget.line.textEdited.connect(edited)
            widget.date_changed.connect(lambda _value: self._changed(name))

    # --- loading ---------------------------------------------------------------------------

    def _load_neighbourhoods(self) -> None:
        participants = self.ctx.services.participants
        self.ctx.runner.run(
            participants.neighbourhoods,
            alive_callback(self, self._set_neighbourhoods),
            alive_callback(self, lambda _error: None),  # the list is a convenience only
        )

    def _set_neighbourhoods(self, names: list[str]) -> None:
        current = self.neighbourhood.currentText()
        self.neighbourhood.blockSignals(True)
        self.neighbourhood.clear()
        self.neighbourhood.addItems(names)
        self.neighbourhood.setCurrentIndex(-1)
        self.neighbourhood.setEditText(current)
        self.neighbourhood.blockSignals(False)

    def _fill(self, person: Participant) -> None:
        data = ParticipantInput.from_participant(person)
        self.setWindowTitle(
            _("Edit participant: {name}").format(name=f"{person.first_name} {person.last_name}")
        )
        widgets_blocked = list(self.fields.values())
        for widget in widgets_blocked:
            widget.blockSignals(True)
        self.first_name.setText(data.first_name)
        self.last_name.setText(data.last_name)
        self.father_name.setText(data.father_name)
        self.national_id.setText(localise_digits(data.national_id))
        _set_combo_value(self.gender, data.gender)
        self.head_of_household.setChecked(data.head_of_household)
        self.household_size.setText(
            localise_digits(data.household_size) if data.household_size is not None else ""
        )
        self.dependants.setText(
            localise_digits(data.dependants) if data.dependants is not None else ""
        )
        _set_combo_value(self.marital_status, data.marital_status)
        _set_combo_value(self.education, data.education)
        _set_combo_value(self.supporting_org, data.supporting_org)
        self.disability.setText(data.disability)
        self.mobile.setText(localise_digits(data.mobile))
        self.neighbourhood.setEditText(data.neighbourhood)
        self.address.setPlainText(data.address)
        _set_combo_value(self.consent_scope, data.consent_scope)
        self.notes.setPlainText(data.notes)
        for widget in widgets_blocked:
            widget.blockSignals(False)
        self.birth_date.set_date_value(data.birth_date)
        self.consent_date.set_date_value(data.consent_date)
        self._original_key = self._key(data)
        self._loaded = True
        self._set_enabled_inputs(True)
        self._initial_state = self._state()
        self._revalidate()
        self.first_name.setFocus()
        self.ready.emit()

    def _load_failed(self, error: Exception) -> None:
        set_message(
            self.status, _("The record could not be opened: {error}").format(error=str(error))
        )

    def _set_enabled_inputs(self, enabled: bool) -> None:
        for widget in self.fields.values():
            widget.setEnabled(enabled)
        self._update_save()

    # --- reading the form ------------------------------------------------------------------

    def _state(self) -> tuple[object, ...]:
        """Everything as typed: to tell whether anything was edited."""
        values: list[object] = []
        for widget in self.fields.values():
            if isinstance(widget, QLineEdit):
                values.append(widget.text())
            elif isinstance(widget, QPlainTextEdit):
                values.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                values.append(widget.currentText() if widget.isEditable() else widget.currentData())
            elif isinstance(widget, QCheckBox):
                values.append(widget.isChecked())
            elif isinstance(widget, JalaliDateEdit):
                values.append(widget.line.text())
        return tuple(values)

    def is_dirty(self) -> bool:
        return self._state() != self._initial_state

    @staticmethod
    def _number(edit: DigitsLineEdit) -> int | None:
        text = edit.value().strip()
        return int(text) if text.isascii() and text.isdigit() else None

    def current_input(self) -> ParticipantInput:
        return ParticipantInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            father_name=self.father_name.text(),
            national_id=self.national_id.value(),
            birth_date=self.birth_date.date_value(),
            gender=_combo_value(self.gender, Gender) or Gender.FEMALE,
            mobile=self.mobile.value(),
            neighbourhood=self.neighbourhood.currentText(),
            address=self.address.toPlainText(),
            head_of_household=self.head_of_household.isChecked(),
            household_size=self._number(self.household_size),
            dependants=self._number(self.dependants),
            marital_status=_combo_value(self.marital_status, MaritalStatus),
            education=_combo_value(self.education, Education),
            disability=self.disability.text(),
            supporting_org=_combo_value(self.supporting_org, SupportingOrg),
            consent_date=self.consent_date.date_value(),
            consent_scope=_combo_value(self.consent_scope, ConsentScope),
            notes=self.notes.toPlainText(),
        )

    def problems(self) -> dict[str, str]:
        """Field name → the message to show for it (every field, touched or not)."""
        found: dict[str, str] = {}
        for name, edit in (("birth_date", self.birth_date), ("consent_date", self.consent_date)):
            error = edit.error()
            if error is not None:
                found[name] = error.message
        try:
            validate_participant(self.current_input(), today=date.today())
        except ValidationErrors as errors:
            for error in errors.errors:
                found.setdefault(error.field or "", error.message)
        return found

    @staticmethod
    def _key(data: ParticipantInput) -> str:
        return duplicate_key(
            normalise_input(data.first_name),
            normalise_input(data.last_name),
            normalise_input(data.father_name),
            data.birth_date,
        )

    # --- reacting to edits -----------------------------------------------------------------

    def _changed(self, name: str) -> None:
        if name == "national_id":
            self._existing_id = None
            self.existing_button.setVisible(False)
        if name in ("first_name", "last_name", "father_name", "birth_date"):
            self.duplicate_timer.start()
        self._revalidate()

    def _revalidate(self) -> None:
        self._errors = self.problems()
        for name, label in self.error_labels.items():
            shown = name in self._touched or self._show_all
            message = self._errors.get(name, "") if shown else ""
            if name == "national_id" and self._existing_id is not None and not message:
                continue  # keep the "already registered" message until the ID changes
            set_message(label, message)
        hidden = [
            message
            for name, message in self._errors.items()
            if name not in self.error_labels and message
        ]
        if not self._saving:
            set_message(self.status, "\n".join(hidden))
        self._update_save()

    def _update_save(self) -> None:
        blocked_by_duplicates = (
            self.duplicate_panel.isVisible() or bool(self._duplicates)
        ) and not self.different_person.isChecked()
        self.save_button.setEnabled(
            self._loaded
            and not self._saving
            and not self._errors
            and self._existing_id is None
            and not blocked_by_duplicates
        )

    # --- duplicates ------------------------------------------------------------------------

    def _check_duplicates(self) -> None:
        data = self.current_input()
        if any(name in self._errors for name in ("first_name", "last_name", "father_name")):
            return
        key = self._key(data)
        if key == self._original_key:
            self._show_duplicates([], key)
            return
        if key == self._duplicate_key_shown:
            return
        self._duplicate_check += 1
        check = self._duplicate_check
        participants = self.ctx.services.participants
        exclude = self.participant_id

        def found(people: list[PossibleDuplicate]) -> None:
            if check == self._duplicate_check and key == self._key(self.current_input()):
                self._show_duplicates(people, key)

        self.ctx.runner.run(
            lambda: participants.find_possible_duplicates(data, exclude_id=exclude),
            alive_callback(self, found),
            alive_callback(self, lambda _error: None),  # checked again when saving
        )

    def _show_duplicates(self, people: Sequence[PossibleDuplicate], key: str | None) -> None:
        if [p.id for p in people] != [p.id for p in self._duplicates]:
            self.different_person.setChecked(False)
        self._duplicates = list(people)
        self._duplicate_key_shown = key
        while self.duplicate_rows.count():
            item = self.duplicate_rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for person in self._duplicates[:3]:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(self._describe(person))
            text.setWordWrap(True)
            button = QPushButton(_("Open this record"))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, pid=person.id: self._open_profile(pid))
            line.addWidget(text, 1)
            line.addWidget(button)
            self.duplicate_rows.addWidget(row)
        self.duplicate_panel.setVisible(bool(self._duplicates))
        self._update_save()
        self.duplicates_checked.emit(len(self._duplicates))

    @staticmethod
    def _describe(person: PossibleDuplicate) -> str:
        persian = is_persian()
        birth = (
            format_jalali(person.birth_date, persian_digits=persian) if person.birth_date else "—"
        )
        text = _("{name}, father's name {father}, born {birth}").format(
            name=person.full_name, father=person.father_name or "—", birth=birth
        )
        if person.national_id:
            text += "، " + _("National ID {national_id}").format(
                national_id=localise_digits(person.national_id)
            )
        return text

    # --- opening other records -------------------------------------------------------------

    def _open_existing(self) -> None:
        if self._existing_id is not None:
            self._open_profile(self._existing_id)

    def _open_profile(self, participant_id: uuid.UUID) -> None:
        """Show the existing record in a window of its own, above this dialog (nothing typed
        here is lost)."""
        self.open_participant.emit(participant_id)
        from desktop.gui.pages.profile import open_profile_window

        window = open_profile_window(self.ctx, participant_id, self)
        self._windows.append(window)

    # --- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        self._show_all = True
        self._revalidate()
        if not self.save_button.isEnabled():
            return
        data = self.current_input()
        confirmed = bool(self._duplicates) and self.different_person.isChecked()
        key_changed = self._original_key is None or self._key(data) != self._original_key
        participants = self.ctx.services.participants
        participant_id = self.participant_id

        def work() -> uuid.UUID | _Duplicates:
            if not confirmed and key_changed:
                people = participants.find_possible_duplicates(data, exclude_id=participant_id)
                if people:
                    return _Duplicates(people)
            if participant_id is None:
                return participants.register(data, confirm_duplicate=confirmed).id
            return participants.update(participant_id, data, confirm_duplicate=confirmed).id

        self._saving = True
        self._set_enabled_inputs(False)
        set_message(self.status, "")
        self.ctx.runner.run(
            work, alive_callback(self, self._saved), alive_callback(self, self._save_failed)
        )

    def _finish_saving(self) -> None:
        self._saving = False
        self._set_enabled_inputs(True)

    def _saved(self, result: uuid.UUID | _Duplicates) -> None:
        self._finish_saving()
        if isinstance(result, _Duplicates):
            self._show_duplicates(result.people, self._key(self.current_input()))
            self.different_person.setFocus()
            return
        self.saved_id = result
        self._initial_state = self._state()
        self.accept()

    def _save_failed(self, error: Exception) -> None:
        self._finish_saving()
        if isinstance(error, PossibleDuplicatesError):
            self._show_duplicates(error.duplicates, self._key(self.current_input()))
            self.different_person.setFocus()
        elif isinstance(error, DuplicateError):
            self._existing_id = uuid.UUID(error.existing_id)
            set_message(self.error_labels["national_id"], error.message)
            self.existing_button.setVisible(True)
            self.national_id.setFocus()
            self._update_save()
        else:
            show_failure(
                error,
                self.error_labels,
                self.status,
                _("The record could not be saved: {error}"),
            )

    # --- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc or Cancel: close at once when nothing changed, else ask (never blocking)."""
        if self._saving or self.discard_box is not None:
            return
        if not self.is_dirty():
            super().reject()
            return
        self.discard_box = ask_to_discard(
            self,
            _("Discard the changes?"),
            _("What you typed has not been saved. Close without saving?"),
            self._discard_decided,
        )

    def _discard_decided(self, discard: bool) -> None:
        self.discard_box = None
        if discard:
            super().reject()


def edit_participant(
    ctx: GuiContext,
    participant_id: uuid.UUID | None,
    parent: QWidget | None,
    on_saved: Callable[[uuid.UUID], None],
) -> ParticipantEditor:
    """Open the editor (window-modal, not blocking) and call ``on_saved(id)`` after a save."""
    editor = ParticipantEditor(ctx, participant_id, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted() -> None:
        if editor.saved_id is not None:
            on_saved(editor.saved_id)

    editor.accepted.connect(accepted)
    editor.open()
    return editor


__all__ = ["DigitsLineEdit", "ParticipantEditor", "edit_participant", "leading_edge"]
