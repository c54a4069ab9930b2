"""Creating or editing a workshop (the form is ``ui/workshop_editor.ui``).

Validation is the service's own: every edit builds a :class:`WorkshopInput` and runs the pure
:func:`validate_workshop`; each problem's Persian message shows in red under its field (for
fields already touched, and all of them once Save was pressed or an existing workshop opened).
Save stays disabled while anything is wrong, so an end date before the start date is said
plainly and nothing is saved. Enter saves; Esc cancels (asking first if anything was typed).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.errors import ValidationErrors
from desktop.domain.levels import LEVEL_MAX, LEVEL_MIN
from desktop.gui.context import GuiContext
from desktop.gui.forms.ui_workshop_editor import Ui_WorkshopEditor
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import error_label, muted, set_message
from desktop.gui.widgets.dates import JalaliDateEdit
from desktop.gui.widgets.discard import ask_to_discard
from desktop.gui.widgets.errors import show_failure
from desktop.gui.workshops.widgets import level_text, skill_label
from desktop.i18n import _, is_persian
from desktop.services.workshops import (
    MAX_CAPACITY,
    MAX_HOURS,
    STANDARD_PARTNERS,
    WorkshopInput,
    validate_workshop,
)
from desktop.store.models import Skill, Workshop

# Where each service field's message is shown.
RULE_FIELDS = ("completion_rule", "min_attendance_share", "min_level")
NO_SKILL = uuid.UUID(int=0)  # stands in while no skill is chosen (refused before saving)


@dataclass(frozen=True)
class _Loaded:
    skills: list[Skill]
    workshop: Workshop | None


class WorkshopEditor(QDialog):
    """New workshop (``workshop_id=None``) or edit one. After ``accept()``, ``saved_id``."""

    ready = Signal()  # skills (and the workshop being edited) are in the form

    def __init__(
        self,
        ctx: GuiContext,
        workshop_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.saved_id: uuid.UUID | None = None
        self.loaded = False
        self._saving = False
        self._show_all = workshop_id is not None
        self._touched: set[str] = set()
        self._errors: dict[str, str] = {}
        self._initial: tuple[object, ...] = ()
        self.discard_box: QMessageBox | None = None

        self.ui = Ui_WorkshopEditor()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call] # generated code
        ui = self.ui
        self.setWindowTitle(_("New workshop") if workshop_id is None else _("Edit workshop"))
        ui.capacity.setRange(1, MAX_CAPACITY)
        ui.capacity.setValue(25)
        ui.plannedHours.setRange(0, MAX_HOURS)
        ui.plannedHours.setDecimals(1)
        ui.plannedHours.setValue(36)
        ui.minAttendance.setRange(1, 100)
        ui.minAttendance.setValue(75)
        ui.minAttendance.setSuffix("٪" if is_persian() else "%")
        ui.useAttendance.setChecked(True)
        for level in range(LEVEL_MIN, LEVEL_MAX + 1):
            ui.minLevel.addItem(level_text(level), level)
        ui.minLevel.setCurrentIndex(ui.minLevel.findData(3))
        ui.skill.addItem(_("Choose a skill…"), None)
        ui.partner.setEditable(True)
        ui.partner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        ui.partner.addItems([_(name) for name in STANDARD_PARTNERS])
        ui.partner.setCurrentIndex(-1)
        partner_line = ui.partner.lineEdit()
        if partner_line is not None:
            partner_line.setPlaceholderText(_("Choose or type the organisation"))
        ui.endDate.optional = True
        ui.endDate.set_date_value(None)
        ui.endDate.line.setPlaceholderText(_("Set by the schedule; optional"))
        ui.notes.setTabChangesFocus(True)
        ui.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 18)
        # Spare height goes below the fields (as in the plan column), not between them: without
        # it an inline error under one field opened a gap of a hundred pixels.
        ui.workshopGroupLayout.addStretch(1)
        ui.title.setMaxLength(300)
        muted(ui.ruleHint)

        self.fields: dict[str, QWidget] = {
            "title": ui.title,
            "skill_id": ui.skill,
            "partner_org": ui.partner,
            "trainer": ui.trainer,
            "place": ui.place,
            "notes": ui.notes,
            "capacity": ui.capacity,
            "planned_hours": ui.plannedHours,
            "start_date": ui.startDate,
            "end_date": ui.endDate,
            "use_attendance": ui.useAttendance,
            "min_attendance_share": ui.minAttendance,
            "use_level": ui.useLevel,
            "min_level": ui.minLevel,
        }
        self.error_labels: dict[str, QLabel] = {
            "title": ui.titleError,
            "skill_id": ui.skillError,
            "partner_org": ui.partnerError,
            "trainer": ui.trainerError,
            "place": ui.placeError,
            "notes": ui.notesError,
            "capacity": ui.capacityError,
            "planned_hours": ui.plannedHoursError,
            "start_date": ui.startDateError,
            "end_date": ui.endDateError,
            "completion_rule": ui.ruleError,
        }
        for label in (*self.error_labels.values(), ui.messageLabel):
            error_label(label)

        self.save_button = ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = ui.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setDefault(True)
        self.cancel_button.setAutoDefault(False)
        ui.buttons.accepted.connect(self.save)
        ui.buttons.rejected.connect(self.reject)
        for name, widget in self.fields.items():
            self._watch(name, widget)
        for narrow in (ui.capacity, ui.plannedHours, ui.minAttendance):
            narrow.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 10 + 48)
        ui.ruleHint.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self.resize(1000, 600)

        self._update_rule_inputs()
        self._set_inputs_enabled(False)
        self._revalidate()
        ui.title.setFocus()
        skills = ctx.services.skills
        workshops = ctx.services.workshops

        def load() -> _Loaded:
            found = workshops.get(workshop_id) if workshop_id is not None else None
            return _Loaded(skills.skills(), found)

        ctx.runner.run(load, alive_callback(self, self._fill), alive_callback(self, self._failed))

    # --- filling ---------------------------------------------------------------------------

    def _fill(self, loaded: _Loaded) -> None:
        ui = self.ui
        for skill in loaded.skills:
            ui.skill.addItem(skill_label(skill.name_fa, skill.name_en), str(skill.id))
        workshop = loaded.workshop
        if workshop is not None:
            self.setWindowTitle(_("Edit workshop: {title}").format(title=workshop.title))
            for widget in self.fields.values():
                widget.blockSignals(True)
            ui.title.setText(workshop.title)
            index = ui.skill.findData(str(workshop.skill_id))
            if index < 0:  # a skill retired since: keep it so the workshop stays as it was
                ui.skill.addItem(str(workshop.skill_id), str(workshop.skill_id))
                index = ui.skill.count() - 1
            ui.skill.setCurrentIndex(index)
            ui.partner.setEditText(workshop.partner_org)
            ui.trainer.setText(workshop.trainer)
            ui.place.setText(workshop.place)
            ui.notes.setPlainText(workshop.notes)
            ui.capacity.setValue(workshop.capacity)
            ui.plannedHours.setValue(workshop.planned_hours)
            share = workshop.min_attendance_share
            ui.useAttendance.setChecked(share is not None)
            if share is not None:
                ui.minAttendance.setValue(round(share * 100))
            ui.useLevel.setChecked(workshop.min_level is not None)
            if workshop.min_level is not None:
                ui.minLevel.setCurrentIndex(max(ui.minLevel.findData(workshop.min_level), 0))
            for widget in self.fields.values():
                widget.blockSignals(False)
            ui.startDate.set_date_value(workshop.start_date)
            ui.endDate.set_date_value(workshop.end_date)
        self.loaded = True
        self._set_inputs_enabled(True)
        self._update_rule_inputs()
        self._initial = self._state()
        self._revalidate()
        ui.title.setFocus()
        self.ready.emit()

    def _failed(self, error: Exception) -> None:
        set_message(
            self.ui.messageLabel, _("The workshop could not be opened: {error}").format(error=error)
        )

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in self.fields.values():
            widget.setEnabled(enabled)
        if enabled:
            self._update_rule_inputs()
        self._update_save()

    def _update_rule_inputs(self) -> None:
        self.ui.minAttendance.setEnabled(self.ui.useAttendance.isChecked() and self.loaded)
        self.ui.minLevel.setEnabled(self.ui.useLevel.isChecked() and self.loaded)

    # --- watching edits --------------------------------------------------------------------

    def _watch(self, name: str, widget: QWidget) -> None:
        def edited(*_args: object) -> None:
            self._touched.add(name)
            if name in ("use_attendance", "use_level"):
                self._update_rule_inputs()
            self._revalidate()

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(edited)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(edited)
        elif isinstance(widget, QComboBox):
            if widget.isEditable():
                widget.editTextChanged.connect(edited)
            else:
                widget.currentIndexChanged.connect(edited)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(edited)
        elif isinstance(widget, JalaliDateEdit):
            widget.line.textEdited.connect(edited)
            widget.date_changed.connect(lambda _value: self._revalidate())
        else:  # the spin boxes
            widget.valueChanged.connect(edited)  # type: ignore[attr-defined]

    # --- reading ---------------------------------------------------------------------------

    def _state(self) -> tuple[object, ...]:
        ui = self.ui
        return (
            ui.title.text(),
            ui.skill.currentData(),
            ui.partner.currentText(),
            ui.trainer.text(),
            ui.place.text(),
            ui.notes.toPlainText(),
            ui.capacity.value(),
            ui.plannedHours.value(),
            ui.startDate.line.text(),
            ui.endDate.line.text(),
            ui.useAttendance.isChecked(),
            ui.minAttendance.value(),
            ui.useLevel.isChecked(),
            ui.minLevel.currentData(),
        )

    def is_dirty(self) -> bool:
        return self.loaded and self._state() != self._initial

    def current_input(self) -> WorkshopInput:
        ui = self.ui
        skill = ui.skill.currentData()
        return WorkshopInput(
            title=ui.title.text(),
            skill_id=uuid.UUID(skill) if skill else NO_SKILL,
            capacity=ui.capacity.value(),
            planned_hours=ui.plannedHours.value(),
            start_date=ui.startDate.date_value() or date.today(),
            end_date=ui.endDate.date_value(),
            partner_org=ui.partner.currentText(),
            trainer=ui.trainer.text(),
            place=ui.place.text(),
            min_attendance_share=(
                ui.minAttendance.value() / 100 if ui.useAttendance.isChecked() else None
            ),
            min_level=ui.minLevel.currentData() if ui.useLevel.isChecked() else None,
            notes=ui.notes.toPlainText(),
        )

    def problems(self) -> dict[str, str]:
        """Where each message goes (every field, touched or not)."""
        found: dict[str, str] = {}
        for name, edit in (("start_date", self.ui.startDate), ("end_date", self.ui.endDate)):
            error = edit.error()
            if error is not None:
                found[name] = error.message
            elif not edit.is_valid():
                found[name] = _("Enter a date.")
        if not self.ui.skill.currentData():
            found["skill_id"] = _("Choose the workshop's skill.")
        try:
            validate_workshop(self.current_input())
        except ValidationErrors as errors:
            for error in errors.errors:
                found.setdefault(self._slot(error.field), error.message)
        return found

    @staticmethod
    def _slot(field: str | None) -> str:
        return "completion_rule" if field in RULE_FIELDS else (field or "")

    # --- showing problems ------------------------------------------------------------------

    def _revalidate(self) -> None:
        self._errors = self.problems()
        rule_touched = bool({"use_attendance", "use_level", *RULE_FIELDS} & self._touched)
        for name, label in self.error_labels.items():
            touched = name in self._touched or (name == "completion_rule" and rule_touched)
            shown = touched or self._show_all
            set_message(label, self._errors.get(name, "") if shown else "")
        self._update_save()

    def _update_save(self) -> None:
        self.save_button.setEnabled(self.loaded and not self._saving and not self._errors)

    # --- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        self._show_all = True
        self._revalidate()
        if not self.save_button.isEnabled():
            return
        data = self.current_input()
        workshops = self.ctx.services.workshops
        workshop_id = self.workshop_id

        def work() -> uuid.UUID:
            if workshop_id is None:
                return workshops.create(data).id
            return workshops.update(workshop_id, data).id

        self._saving = True
        self._set_inputs_enabled(False)
        set_message(self.ui.messageLabel, "")
        self.ctx.runner.run(
            work, alive_callback(self, self._saved), alive_callback(self, self._save_failed)
        )

    def _saved(self, workshop_id: uuid.UUID) -> None:
        self._saving = False
        self.saved_id = workshop_id
        self._initial = self._state()
        self.accept()

    def _save_failed(self, error: Exception) -> None:
        self._saving = False
        self._set_inputs_enabled(True)
        show_failure(
            error,
            self.error_labels,
            self.ui.messageLabel,
            _("The workshop could not be saved: {error}"),
            slot=self._slot,
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
            self._initial = self._state()
            super().reject()


def edit_workshop(
    ctx: GuiContext,
    workshop_id: uuid.UUID | None,
    parent: QWidget | None,
    on_saved: Callable[[uuid.UUID], None],
) -> WorkshopEditor:
    """Open the editor (window-modal, not blocking); ``on_saved(id)`` after a save."""
    editor = WorkshopEditor(ctx, workshop_id, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted() -> None:
        if editor.saved_id is not None:
            on_saved(editor.saved_id)

    editor.accepted.connect(accepted)
    editor.open()
    return editor


__all__ = ["WorkshopEditor", "edit_workshop"]
