"""Recording a skill assessment (ارزیابی مهارت) on the skill's rubric.

The skill is chosen from a searchable list grouped by category (typing matches the normalised
Persian search key, so Arabic ي/ك and ZWNJ do not matter). Each rubric criterion gets a row with
its weight and a level selector; the overall level is computed live by the same rule the service
applies (:func:`desktop.services.skills.assessment_problems`, which uses
:func:`desktop.domain.levels.weighted_level`), and every problem shows inline in the service's
own words. Enter saves, Esc cancels (asking first if anything was chosen or typed). Rubrics are
data: a skill the province adds later, with or without criteria, works the same way.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.digits import format_number
from desktop.domain.errors import N_, DomainError, ValidationError
from desktop.domain.jalali import format_jalali
from desktop.domain.levels import LEVEL_NAMES
from desktop.domain.text import search_key
from desktop.gui.assessments.level_selector import LevelSelector
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import MUTED_COLOUR, error_label, muted, scaled_font, set_message
from desktop.gui.widgets.dates import JalaliDateEdit
from desktop.gui.widgets.discard import ask_to_discard
from desktop.i18n import _, is_persian, localise_digits
from desktop.services.app import Services
from desktop.services.skills import (
    AssessmentInput,
    LinkableWorkshop,
    Rubric,
    assessment_problems,
    category_name,
    criterion_name,
)
from desktop.store.models import SkillAssessment

CHOOSE_SKILL = N_("Choose a skill from the list.")
HEADING_BACKGROUND = "#eef1f4"
SKILL_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class AssessmentFormData:
    """What the dialog reads once, on the thread pool."""

    participant_name: str
    rubrics: list[Rubric]
    workshops: list[LinkableWorkshop]
    assessor_name: str


def load_form_data(services: Services, participant_id: uuid.UUID) -> AssessmentFormData:
    person = services.participants.get(participant_id)
    return AssessmentFormData(
        participant_name=f"{person.first_name} {person.last_name}",
        rubrics=services.skills.rubrics(),
        workshops=services.skills.linkable_workshops(participant_id),
        assessor_name=services.skills.assessor_name(),
    )


def skill_label(rubric: Rubric) -> str:
    skill = rubric.skill
    return skill.name_fa if is_persian() else (skill.name_en or skill.name_fa)


def whole(value: float) -> float | int:
    """3.0 shows as 3 (weights are stored as floats but written as whole numbers)."""
    return int(value) if float(value).is_integer() else value


def level_name(level: int) -> str:
    name = LEVEL_NAMES.get(level)
    return f"{localise_digits(level)} — {_(name)}" if name else localise_digits(level)


class _SkillFilter(QSortFilterProxyModel):
    """Skills whose normalised name contains every typed word; category headings hidden."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self.words = search_key(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(  # noqa: N802 (Qt's name)
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(SKILL_ROLE) is None:
            return False
        key = str(index.data(KEY_ROLE) or "")
        return all(word in key for word in self.words)


class _CriterionRow:
    def __init__(self, code: str, name: QLabel, weight: QLabel, selector: LevelSelector) -> None:
        self.code = code
        self.name = name
        self.weight = weight
        self.selector = selector
        self.error = error_label(QLabel())


class AssessmentDialog(QDialog):
    """A new assessment of ``participant_id`` (optionally of ``skill_id``).

    ``saved(assessment)`` after the service stored it; ``ready()`` once the form is filled.
    """

    saved = Signal(object)
    ready = Signal()

    def __init__(
        self,
        ctx: GuiContext,
        participant_id: uuid.UUID,
        skill_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.participant_id = participant_id
        self.initial_skill = skill_id
        self.data: AssessmentFormData | None = None
        self.rubric: Rubric | None = None
        self.rows: list[_CriterionRow] = []
        self.result_row: SkillAssessment | None = None
        self.discard_box: QMessageBox | None = None
        self.initial_state: tuple[object, ...] = ()
        self._saving = False
        self._show_all = False
        self._touched: set[str] = set()
        self._errors: dict[str, str] = {}
        self.setWindowTitle(_("Skill assessment"))
        self.setModal(True)
        self._build()
        self._set_inputs_enabled(False)
        self.ctx.runner.run(
            lambda: load_form_data(ctx.services, participant_id),
            alive_callback(self, self._fill),
            alive_callback(self, self._load_failed),
        )

    # --- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = muted(QLabel(_("Loading…")))

        self.skill_model = QStandardItemModel(self)
        self.skill = QComboBox()
        self.skill.setModel(self.skill_model)
        self.skill.setEditable(True)
        self.skill.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.skill.setMaxVisibleItems(18)
        line = self.skill.lineEdit()
        assert line is not None  # the combo is editable
        self.skill_line = line
        line.setPlaceholderText(_("Type to search the skills"))
        self.skill_filter = _SkillFilter(self)
        self.skill_filter.setSourceModel(self.skill_model)
        completer = QCompleter(self.skill_filter, self.skill)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.skill.setCompleter(completer)
        line.textEdited.connect(self._skill_typed)
        self.skill_completer = completer
        completer.activated[QModelIndex].connect(self._skill_completed)  # type: ignore[index]
        self.skill.currentIndexChanged.connect(lambda _index: self._skill_changed())
        line.editingFinished.connect(self._skill_edited)
        self.skill_error = error_label(QLabel())

        self.assessed_on = JalaliDateEdit()
        self.assessed_on.date_changed.connect(lambda _value: self._changed("date"))
        self.assessed_on.line.textEdited.connect(lambda _text: self._changed("date"))
        self.date_error = error_label(QLabel())
        self.assessor = QLabel("—")
        self.assessor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.criteria_box = QFrame()
        self.criteria_box.setObjectName("criteriaBox")
        self.criteria_box.setStyleSheet(
            "QFrame#criteriaBox { border: 1px solid #dfe3e8; border-radius: 4px; }"
        )
        self.criteria_grid = QGridLayout(self.criteria_box)
        self.criteria_grid.setHorizontalSpacing(12)
        self.criteria_grid.setVerticalSpacing(2)
        self.no_rubric = muted(QLabel(_("Choose a skill to see its rubric.")))
        self.criteria_grid.addWidget(self.no_rubric, 0, 0, 1, 3)
        self.overall_selector = LevelSelector()  # only for a skill without a rubric
        self.overall_selector.changed.connect(lambda _level: self._changed("level"))
        self.overall_selector.setVisible(False)

        self.overall = QLabel("—")
        self.overall.setObjectName("overallLevel")
        self.overall.setFont(scaled_font(self.overall, 1.4, bold=True))
        self.overall_detail = muted(QLabel())
        self.level_error = error_label(QLabel())

        self.workshop = QComboBox()
        self.workshop_error = error_label(QLabel())
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(
            _("What was seen or made: samples, photos, the trainer's remarks…")
        )
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 18)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(_("Skill"), self._with_error(self.skill, self.skill_error))
        top = QHBoxLayout()
        top.addWidget(self.assessed_on)
        top.addSpacing(24)
        top.addWidget(muted(QLabel(_("Assessor"))))
        top.addWidget(self.assessor, 1)
        date_box = QVBoxLayout()
        date_box.setSpacing(2)
        date_box.addLayout(top)
        date_box.addWidget(self.date_error)
        form.addRow(_("Date"), date_box)

        overall_line = QHBoxLayout()
        overall_line.addWidget(QLabel(_("Overall level")))
        overall_line.addWidget(self.overall)
        overall_line.addWidget(self.overall_detail, 1)

        self.status = error_label(QLabel())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(title_label(_("Rubric")))
        body.addWidget(self.criteria_box)
        body.addWidget(self.overall_selector)
        body.addLayout(overall_line)
        body.addWidget(self.level_error)
        lower = QFormLayout()
        lower.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        lower.addRow(_("Workshop"), self._with_error(self.workshop, self.workshop_error))
        lower.addRow(_("Evidence notes"), self.notes)
        body.addLayout(lower)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)  # only now is it inside the dialog
        self.resize(880, 640)

    @staticmethod
    def _with_error(widget: QWidget, error: QLabel) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        return box

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.skill, self.assessed_on, self.criteria_box, self.workshop, self.notes):
            widget.setEnabled(enabled)
        self.overall_selector.setEnabled(enabled)
        self._update_save()

    # --- loading ---------------------------------------------------------------------------

    def _fill(self, data: AssessmentFormData) -> None:
        self.data = data
        self.heading.setText(
            _("Assessing {name}").format(name=data.participant_name)
            if data.participant_name
            else ""
        )
        self.assessor.setText(data.assessor_name or "—")
        self.skill_model.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        category = None
        for rubric in data.rubrics:
            if rubric.skill.category != category:
                category = rubric.skill.category
                heading = QStandardItem(category_name(category))
                heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a choice
                heading.setFont(bold)
                heading.setBackground(QColor(HEADING_BACKGROUND))
                heading.setForeground(QColor(MUTED_COLOUR))
                self.skill_model.appendRow(heading)
            # No indent in the text: an editable combo shows an item's text as typed.
            item = QStandardItem(skill_label(rubric))
            item.setData(rubric.skill.id, SKILL_ROLE)
            item.setData(
                search_key(f"{rubric.skill.name_fa} {rubric.skill.name_en} {rubric.skill.code}"),
                KEY_ROLE,
            )
            self.skill_model.appendRow(item)
        self._set_inputs_enabled(True)
        index = self._row_of(self.initial_skill) if self.initial_skill else -1
        self.skill.setCurrentIndex(index)
        if index < 0:
            self.skill.setEditText("")
        self._skill_changed()
        self.initial_state = self._state()
        (self.rows[0].selector if self.rows and index >= 0 else self.skill).setFocus()
        self.ready.emit()

    def _load_failed(self, error: Exception) -> None:
        self.heading.setText("")
        set_message(self.status, str(error))

    # --- choosing the skill ----------------------------------------------------------------

    def _row_of(self, skill_id: uuid.UUID | None) -> int:
        for row in range(self.skill_model.rowCount()):
            if self.skill_model.item(row).data(SKILL_ROLE) == skill_id:
                return row
        return -1

    def _skill_typed(self, text: str) -> None:
        self.skill_filter.set_query(text)
        self._touched.add("skill")
        if text.strip():
            self.skill_completer.complete()
        self._revalidate()

    def _skill_completed(self, index: QModelIndex) -> None:
        skill_id = index.data(SKILL_ROLE)
        row = self._row_of(skill_id)
        if row >= 0:
            self.skill.setCurrentIndex(row)
            self._skill_changed()

    def _skill_edited(self) -> None:
        """Typed text that names exactly one skill chooses it."""
        if self.chosen_rubric() is not None:
            return
        text = self.skill.currentText()
        self.skill_filter.set_query(text)
        if text.strip() and self.skill_filter.rowCount() == 1:
            self._skill_completed(self.skill_filter.index(0, 0))
        self._touched.add("skill")
        self._revalidate()

    def chosen_rubric(self) -> Rubric | None:
        """The skill chosen (None while the typed text does not name one)."""
        if self.data is None:
            return None
        item = (
            self.skill_model.item(self.skill.currentIndex())
            if self.skill.currentIndex() >= 0
            else None
        )
        if item is None or item.data(SKILL_ROLE) is None:
            return None
        if self.skill.currentText().strip() != str(item.data(Qt.ItemDataRole.EditRole)).strip():
            return None
        skill_id = item.data(SKILL_ROLE)
        return next((r for r in self.data.rubrics if r.skill.id == skill_id), None)

    def _skill_changed(self) -> None:
        rubric = self.chosen_rubric()
        if (
            rubric is not None
            and self.rubric is not None
            and rubric.skill.id == self.rubric.skill.id
        ):
            self._revalidate()
            return
        self.rubric = rubric
        self._build_rows(rubric)
        self._fill_workshops(rubric)
        self._revalidate()

    def _build_rows(self, rubric: Rubric | None) -> None:
        for row in self.rows:
            for widget in (row.name, row.weight, row.selector, row.error):
                self.criteria_grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        self.overall_selector.set_level(None)
        has_rubric = rubric is not None and bool(rubric.criteria)
        self.no_rubric.setVisible(not has_rubric)
        self.overall_selector.setVisible(rubric is not None and not rubric.criteria)
        if rubric is None:
            self.no_rubric.setText(_("Choose a skill to see its rubric."))
            return
        if not rubric.criteria:
            self.no_rubric.setText(
                _("This skill has no rubric yet; choose the overall level directly.")
            )
            return
        previous: QWidget = self.skill
        for number, criterion in enumerate(rubric.criteria):
            name = QLabel(criterion_name(criterion))
            name.setWordWrap(True)
            weight = muted(
                QLabel(
                    _("weight {weight}").format(
                        weight=format_number(whole(criterion.weight), persian=is_persian())
                    )
                ),
                wrap=False,
            )
            selector = LevelSelector()
            selector.setAccessibleName(criterion_name(criterion))
            row = _CriterionRow(criterion.code, name, weight, selector)
            selector.changed.connect(lambda _level, code=criterion.code: self._changed(code))
            grid_row = number * 2
            self.criteria_grid.addWidget(name, grid_row, 0)
            self.criteria_grid.addWidget(weight, grid_row, 1)
            self.criteria_grid.addWidget(selector, grid_row, 2)
            self.criteria_grid.addWidget(row.error, grid_row + 1, 2)
            self.rows.append(row)
            QWidget.setTabOrder(previous, selector)
            previous = selector
        self.criteria_grid.setColumnStretch(0, 1)
        QWidget.setTabOrder(previous, self.workshop)
        QWidget.setTabOrder(self.workshop, self.notes)

    def _fill_workshops(self, rubric: Rubric | None) -> None:
        self.workshop.clear()
        self.workshop.addItem(_("Not linked to a workshop"), None)
        if self.data is None or rubric is None:
            self.workshop.setEnabled(False)
            return
        for workshop in self.data.workshops:
            if workshop.skill_id == rubric.skill.id:
                started = format_jalali(workshop.start_date, persian_digits=is_persian())
                self.workshop.addItem(f"{workshop.title} ({started})", workshop.id)
        self.workshop.setEnabled(self.workshop.count() > 1)

    # --- values and rules ------------------------------------------------------------------

    def scores(self) -> dict[str, int]:
        return {row.code: level for row in self.rows if (level := row.selector.level()) is not None}

    def _state(self) -> tuple[object, ...]:
        return (
            self.skill.currentText(),
            tuple(sorted(self.scores().items())),
            self.overall_selector.level(),
            self.assessed_on.date_value(),
            self.notes.toPlainText().strip(),
            self.workshop.currentData(),
        )

    def is_dirty(self) -> bool:
        return self.data is not None and self._state() != self.initial_state

    def current_input(self) -> AssessmentInput | None:
        rubric = self.chosen_rubric()
        day = self.assessed_on.date_value()
        if rubric is None or day is None:
            return None
        if rubric.criteria:
            return AssessmentInput(
                self.participant_id,
                rubric.skill.id,
                day,
                scores=self.scores(),
                notes=self.notes.toPlainText(),
                workshop_id=self.workshop.currentData(),
            )
        return AssessmentInput(
            self.participant_id,
            rubric.skill.id,
            day,
            level=self.overall_selector.level(),
            notes=self.notes.toPlainText(),
            workshop_id=self.workshop.currentData(),
        )

    def overall_level(self) -> int | None:
        level, _problems = self._evaluate()
        return level

    def _evaluate(self) -> tuple[int | None, list[ValidationError]]:
        rubric = self.chosen_rubric()
        problems: list[ValidationError] = []
        date_error = self.assessed_on.error()
        if date_error is not None:
            problems.append(ValidationError(date_error.msgid, field="date", **date_error.params))
        if rubric is None:
            problems.append(ValidationError(CHOOSE_SKILL, field="skill"))
            return None, problems
        level, found = assessment_problems(
            rubric.criteria,
            scores=self.scores() if rubric.criteria else None,
            level=None if rubric.criteria else self.overall_selector.level(),
            assessed_on=self.assessed_on.date_value(),
            today=date.today(),
        )
        return level, problems + found

    def problems(self) -> dict[str, str]:
        """Where each problem shows ("skill", "date", "level" or a criterion code) → message."""
        found: dict[str, str] = {}
        _level, problems = self._evaluate()
        for problem in problems:
            where = problem.field or ""
            if where == "scores":
                where = str(problem.params.get("criterion", "level"))
            found.setdefault(where, problem.message)
        return found

    # --- reacting --------------------------------------------------------------------------

    def _changed(self, where: str) -> None:
        self._touched.add(where)
        self._revalidate()

    def _labels(self) -> dict[str, QLabel]:
        labels = {
            "skill": self.skill_error,
            "date": self.date_error,
            "level": self.level_error,
            "workshop": self.workshop_error,
        }
        labels.update({row.code: row.error for row in self.rows})
        return labels

    def _revalidate(self) -> None:
        self._errors = self.problems()
        labels = self._labels()
        for where, label in labels.items():
            shown = self._show_all or where in self._touched
            set_message(label, self._errors.get(where, "") if shown else "")
        leftovers = [m for where, m in self._errors.items() if where not in labels]
        if not self._saving:
            set_message(self.status, "\n".join(leftovers) if self._show_all else "")
        self._show_overall()
        self._update_save()

    def _show_overall(self) -> None:
        level = self.overall_level()
        self.overall.setText(level_name(level) if level is not None else "—")
        rubric = self.chosen_rubric()
        if rubric is None or not rubric.criteria:
            self.overall_detail.setText("")
            return
        scores = self.scores()
        if level is None:
            self.overall_detail.setText(
                _("{scored} of {total} criteria scored").format(
                    scored=localise_digits(len(scores)), total=localise_digits(len(rubric.criteria))
                )
            )
            return
        total = sum(Fraction(str(c.weight)) * scores[c.code] for c in rubric.criteria)
        weights = sum(Fraction(str(c.weight)) for c in rubric.criteria)
        mean = format_number(round(float(total / weights), 2), persian=is_persian())
        self.overall_detail.setText(_("weighted mean {mean}").format(mean=mean))

    def _update_save(self) -> None:
        self.save_button.setEnabled(self.data is not None and not self._saving and not self._errors)

    # --- saving ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self.save_button.isEnabled()
        ):
            self.save()  # shows every problem, so Enter is never silently ignored
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        self._show_all = True
        self._revalidate()
        data = self.current_input()
        if self._errors or data is None or self._saving:
            self._focus_first_problem()
            return
        skills = self.ctx.services.skills
        self._saving = True
        self._set_inputs_enabled(False)
        set_message(self.status, "")
        self.ctx.runner.run(
            lambda: skills.assess(data),
            alive_callback(self, self._saved),
            alive_callback(self, self._save_failed),
        )

    def _focus_first_problem(self) -> None:
        if "skill" in self._errors:
            self.skill.setFocus()
        elif "date" in self._errors:
            self.assessed_on.setFocus()
        else:
            for row in self.rows:
                if row.code in self._errors:
                    row.selector.setFocus()
                    return

    def _saved(self, row: SkillAssessment) -> None:
        self._saving = False
        self.result_row = row
        self.initial_state = self._state()
        self.saved.emit(row)
        self.accept()

    def _save_failed(self, error: Exception) -> None:
        self._saving = False
        self._set_inputs_enabled(True)
        if isinstance(error, DomainError):
            where = error.field or ""
            if where == "scores":
                where = str(error.params.get("criterion", "level"))
            label = self._labels().get(where)
            set_message(label if label is not None else self.status, error.message)
        else:
            set_message(
                self.status, _("The assessment could not be saved: {error}").format(error=error)
            )
        self._update_save()

    # --- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        if self._saving or self.discard_box is not None:
            return
        if not self.is_dirty():
            super().reject()
            return
        self.discard_box = ask_to_discard(
            self,
            _("Discard the assessment?"),
            _("This assessment has not been saved. Close without saving?"),
            self._discard_decided,
        )

    def _discard_decided(self, discard: bool) -> None:
        self.discard_box = None
        if discard:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.discard_box is not None or (self.is_dirty() and not self._saving):
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setFont(scaled_font(label, 1.1, bold=True))
    return label


def open_assessment(
    ctx: GuiContext,
    participant_id: uuid.UUID,
    parent: QWidget | None,
    skill_id: uuid.UUID | None = None,
) -> AssessmentDialog:
    """Open the dialog (window-modal, not blocking); it deletes itself when closed."""
    dialog = AssessmentDialog(ctx, participant_id, skill_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


__all__ = ["AssessmentDialog", "AssessmentFormData", "load_form_data", "open_assessment"]
