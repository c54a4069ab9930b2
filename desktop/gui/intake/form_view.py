"""The form engine: renders any questionnaire (:class:`FormDefinition`) as Qt widgets.

Layout: a list of the form's sections at the start side and, beside it, one scrolling page with
a titled group per section. Tab walks through the questions in order (the scroll area follows
the focus), Ctrl+PageDown / Ctrl+PageUp jump between sections, and choosing a section in the list
scrolls to it. Questions whose ``relevant_when`` does not hold are hidden as answers change;
what was typed into them is kept (in :meth:`FormView.raw_state`) in case they come back.

Two views of the state:

* :meth:`FormView.raw_state` is everything on screen, exactly as typed, JSON-able: text and
  numbers as strings (even ``"۴x"``), dates as the typed Jalali text, choices as values, yes/no as
  ``True``/``False``/``None``. This is what the local autosave keeps.
* :meth:`FormView.answers` is the answers to the relevant questions in the shape
  :func:`validate_answers` expects (numbers still as typed strings; dates as ISO strings). A date
  whose text does not parse comes back as an :class:`Unparsed` marker, which validation rejects;
  it must never be sent to a service (the interview dialog drops invalid answers first).

Inline errors: while typing, an error appears once the person leaves the field (or at once for a
field that already shows one); :meth:`FormView.validate` shows every error immediately. The form's
own ``constraint_message`` is used where it has one (:func:`error_text`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Final

from PySide6.QtCore import (
    QEvent,
    QObject,
    QRegularExpression,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeySequence,
    QRegularExpressionValidator,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.digits import format_number, to_ascii_digits
from desktop.domain.errors import ValidationError
from desktop.domain.forms import (
    FormDefinition,
    Question,
    Section,
    error_text,
    relevant_question_ids,
    validate_answers,
)
from desktop.domain.jalali import format_jalali, parse_jalali
from desktop.gui.style import ERROR_COLOUR, MUTED_COLOUR
from desktop.gui.widgets.dates import JalaliDateEdit
from desktop.i18n import _, is_persian, language, localise_digits

__all__ = ["FormView", "QuestionWidget", "Unparsed", "answers_from_raw", "form_text"]

# Single-choice questions with more options than this use a drop-down list instead of radios.
MAX_RADIO_CHOICES: Final = 6
# Kinds whose errors wait until the person leaves the field (no "Enter a number." after "-").
_TYPED_KINDS: Final = frozenset({"text", "long_text", "number", "date"})
_NUMBER_CHARS: Final = "^[-+\u2212]?[0-9\u06f0-\u06f9\u0660-\u0669,\u066c.\u066b/]*$"
_NUMBER_RE: Final = re.compile(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_NUMBER_SEPARATORS: Final = str.maketrans({"\u066c": ",", "\u066b": ".", "/": ".", "\u2212": "-"})
_TO_PERSIAN_TYPING: Final = str.maketrans(
    {
        **{str(d): chr(0x06F0 + d) for d in range(10)},
        **{chr(0x0660 + d): chr(0x06F0 + d) for d in range(10)},
        ",": "\u066c",
        ".": "\u066b",
    }
)


def form_text(texts: Mapping[str, str] | None) -> str:
    """A form text (label, title…) in the interface language, falling back to Persian."""
    if not texts:
        return ""
    return texts.get(language()) or texts.get("fa") or next(iter(texts.values()), "")


class Unparsed:
    """Text typed into a date field that is not a date (yet). Validation rejects it."""

    __slots__ = ("error", "text")

    def __init__(self, text: str, error: ValidationError) -> None:
        self.text = text
        self.error = error

    def __repr__(self) -> str:
        return f"Unparsed({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unparsed) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def parse_number_text(text: str) -> int | float | None:
    """A number typed with any digits and separators, or None (same rule as the form check)."""
    cleaned = to_ascii_digits(text.strip()).translate(_NUMBER_SEPARATORS)
    if len(cleaned) > 64 or _NUMBER_RE.fullmatch(cleaned) is None:
        return None
    cleaned = cleaned.replace(",", "")
    value = float(cleaned) if "." in cleaned else int(cleaned)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _answer_from_raw(question: Question, raw: object) -> object:
    kind = question.type
    if kind in ("text", "long_text", "number", "single_choice"):
        if kind == "number" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return raw
        return raw if isinstance(raw, str) and raw.strip() else None
    if kind == "multiple_choice":
        if isinstance(raw, list):
            values = [item for item in raw if isinstance(item, str)]
            return values or None
        return None
    if kind == "yes_no":
        return raw if isinstance(raw, bool) else None
    # date: the typed Jalali text
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return parse_jalali(raw).isoformat()
    except ValidationError as error:
        return Unparsed(raw, error)


def answers_from_raw(form: FormDefinition, raw: Mapping[str, object]) -> dict[str, object]:
    """Answers (for :func:`validate_answers`) from a raw state, without unanswered questions.

    Irrelevant questions are kept; validation ignores them. No widgets needed, so a saved raw
    state can be compared with the database without building a form.
    """
    answers: dict[str, object] = {}
    for question in form.questions():
        if question.id in raw:
            value = _answer_from_raw(question, raw[question.id])
            if value is not None:
                answers[question.id] = value
    return answers


def errors_for(
    form: FormDefinition, answers: Mapping[str, object], *, complete: bool
) -> list[ValidationError]:
    """:func:`validate_answers`, with the date editor's own message for unparsed dates."""
    errors = validate_answers(form, answers, complete=complete)
    result: list[ValidationError] = []
    for error in errors:
        value = answers.get(error.field or "")
        if isinstance(value, Unparsed):
            result.append(
                ValidationError(value.error.msgid, field=error.field, **value.error.params)
            )
        else:
            result.append(error)
    return result


class _ReadOnlyGuard(QObject):
    """Swallows the mouse and keys of a choice widget in a read-only form. Disabling the
    widgets instead would grey out the very answers the person wants to read."""

    _EATEN: Final = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.Wheel,
        }
    )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        return event.type() in self._EATEN


def _freeze(widget: QWidget, guard: _ReadOnlyGuard, frozen: bool) -> None:
    """Read-only without the grey: no focus, no clicks, normal colours."""
    if frozen:
        widget.installEventFilter(guard)
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    else:
        widget.removeEventFilter(guard)
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class _QuietComboBox(QComboBox):
    """A combo box that lets the wheel scroll the page unless it has the keyboard focus."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


# === one question =============================================================================


class QuestionWidget(QWidget):
    """A question's label, help, editor and inline error. Subclasses provide the editor."""

    edited = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._error: str | None = None
        self._read_only = False
        self._guard = _ReadOnlyGuard(self)
        self.setObjectName(f"question_{question.id}")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(3)
        self.column = layout
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        text = html.escape(form_text(question.label))
        if question.required:
            marker = html.escape(_("(required)"))
            text += f' <span style="color:{ERROR_COLOUR}" title="{marker}">*</span>'
        self.label.setText(text)
        layout.addWidget(self.label)
        if question.help:
            self.help = QLabel(form_text(question.help), self)
            self.help.setWordWrap(True)
            self.help.setStyleSheet(f"color: {MUTED_COLOUR};")
            layout.addWidget(self.help)
        self.editor_row = QHBoxLayout()
        self.editor_row.setSpacing(8)
        layout.addLayout(self.editor_row)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.build()
        self.label.setBuddy(self.focus_widget())
        accessible = form_text(question.label)
        self.focus_widget().setAccessibleName(accessible)
        if question.help:
            self.focus_widget().setAccessibleDescription(form_text(question.help))

    # --- for subclasses --------------------------------------------------------------------

    def build(self) -> None:
        raise NotImplementedError

    def raw(self) -> object:
        """What is on screen, JSON-able (see :meth:`FormView.raw_state`)."""
        raise NotImplementedError

    def set_raw(self, raw: object) -> None:
        """Put back a :meth:`raw` state; values of the wrong shape clear the question."""
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        """Show a stored (clean) answer; None clears."""
        self.set_raw(value)

    def focus_widget(self) -> QWidget:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    # --- shared ----------------------------------------------------------------------------

    def answer(self) -> object:
        return _answer_from_raw(self.question, self.raw())

    def has_focus_inside(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and (focused is self or self.isAncestorOf(focused))

    def error(self) -> str | None:
        return self._error

    def set_error(self, text: str | None) -> None:
        self._error = text or None
        self.error_label.setText(text or "")
        self.error_label.setVisible(bool(text))
        self.focus_widget().setAccessibleDescription(
            text or (form_text(self.question.help) if self.question.help else "")
        )

    def _emit(self) -> None:
        self.edited.emit()


class TextQuestion(QuestionWidget):
    def build(self) -> None:
        self.edit = QLineEdit(self)
        self.edit.setMaximumWidth(560)
        if self.question.max_length is not None:
            self.edit.setMaxLength(self.question.max_length)
        self.edit.textChanged.connect(self._emit)
        self.editor_row.addWidget(self.edit, 1)

    def raw(self) -> object:
        return self.edit.text()

    def set_raw(self, raw: object) -> None:
        self.edit.setText(raw if isinstance(raw, str) else "")

    def focus_widget(self) -> QWidget:
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)


class LongTextQuestion(QuestionWidget):
    def build(self) -> None:
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)  # Tab moves on; Enter is a new line
        lines = 4
        height = self.edit.fontMetrics().lineSpacing() * lines + 14
        self.edit.setFixedHeight(height)
        self.edit.textChanged.connect(self._changed)
        self.editor_row.addWidget(self.edit, 1)
        self.counter: QLabel | None = None
        if self.question.max_length is not None:
            self.counter = QLabel(self)
            self.counter.setStyleSheet(f"color: {MUTED_COLOUR};")
            self.counter.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignBottom)
            self.editor_row.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignBottom)
        self._count()

    def _changed(self) -> None:
        self._count()
        self._emit()

    def _count(self) -> None:
        if self.counter is not None and self.question.max_length is not None:
            used = len(self.edit.toPlainText().strip())
            self.counter.setText(localise_digits(f"{used}/{self.question.max_length}"))
            over = used > self.question.max_length
            self.counter.setStyleSheet(f"color: {ERROR_COLOUR if over else MUTED_COLOUR};")

    def raw(self) -> object:
        return self.edit.toPlainText()

    def set_raw(self, raw: object) -> None:
        self.edit.setPlainText(raw if isinstance(raw, str) else "")

    def focus_widget(self) -> QWidget:
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)


class NumberQuestion(QuestionWidget):
    """Accepts Persian, Arabic-Indic and ASCII digits with ``,``/``٬`` and ``.``/``٫``/``/``;
    in a Persian interface typed digits turn Persian as they are typed and the number is shown
    grouped (``۲٬۵۰۰٬۰۰۰``) when the person leaves the field."""

    def build(self) -> None:
        q = self.question
        self.edit = QLineEdit(self)
        self.edit.setMaximumWidth(240)
        self.edit.setMinimumWidth(160)
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(_NUMBER_CHARS), self.edit)
        )
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        # Digits alone read left-to-right, so Qt would push them to the left edge of a
        # right-to-left form (and make them jump there from the right as typing starts). Keep
        # them where the form's text starts.
        self.edit.setAlignment(_leading_absolute(self) | Qt.AlignmentFlag.AlignVCenter)
        if q.min_value is not None and q.max_value is not None:
            self.edit.setPlaceholderText(
                _("{min} to {max}").format(
                    min=self._format(q.min_value), max=self._format(q.max_value)
                )
            )
        self.edit.textEdited.connect(self._typed)
        self.edit.textChanged.connect(self._emit)
        self.edit.editingFinished.connect(self._tidy)
        self.editor_row.addWidget(self.edit)
        self.unit: QLabel | None = None
        if q.unit:
            self.unit = QLabel(form_text(q.unit), self)
            self.editor_row.addWidget(self.unit)
        self.editor_row.addStretch(1)

    @staticmethod
    def _format(value: int | float) -> str:
        return format_number(value, persian=is_persian())

    def _typed(self, text: str) -> None:
        if not is_persian():
            return
        shown = text.translate(_TO_PERSIAN_TYPING)
        if shown != text:  # same length: the cursor stays where it was
            position = self.edit.cursorPosition()
            self.edit.setText(shown)
            self.edit.setCursorPosition(position)

    def _tidy(self) -> None:
        if self._read_only:
            return
        value = parse_number_text(self.edit.text())
        if value is not None:
            shown = self._format(value)
            if shown != self.edit.text():
                self.edit.setText(shown)

    def raw(self) -> object:
        return self.edit.text()

    def set_raw(self, raw: object) -> None:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            self.set_value(raw)
        else:
            self.edit.setText(raw if isinstance(raw, str) else "")

    def set_value(self, value: object) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.edit.setText(self._format(value))
        else:
            self.set_raw(value)

    def focus_widget(self) -> QWidget:
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)


class _ClearableChoice(QuestionWidget):
    """Radio-style questions: a button group that can go back to "not answered"."""

    group: QButtonGroup
    buttons: list[QAbstractButton]

    def _add_clear_button(self) -> None:
        self.clear_button = QToolButton(self)
        self.clear_button.setText(_("Clear answer"))
        self.clear_button.setToolTip(_("Leave this question unanswered"))
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)
        self._sync_clear()

    def clear(self) -> None:
        was = self.group.checkedButton() is not None
        self._uncheck_all()
        self._sync_clear()
        if was:
            self._emit()
            self.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    def _uncheck_all(self) -> None:
        self.group.setExclusive(False)
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)

    def _sync_clear(self) -> None:
        # Only there when there is something to clear: no greyed-out clutter on every question.
        answered = self.group.checkedButton() is not None
        self.clear_button.setVisible(answered and not self._read_only)

    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._sync_clear()
            self._emit()

    def focus_widget(self) -> QWidget:
        return self.group.checkedButton() or self.buttons[0]

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for button in self.buttons:
            _freeze(button, self._guard, read_only)
        self._sync_clear()


class RadioChoiceQuestion(_ClearableChoice):
    def build(self) -> None:
        choices = self.question.choices
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        columns = 1 if len(choices) <= 3 else 2
        rows = -(-len(choices) // columns)
        for index, choice in enumerate(choices):
            button = QRadioButton(form_text(choice.label), self)
            button.setProperty("choice", choice.value)
            self.group.addButton(button, index)
            self.buttons.append(button)
            grid.addWidget(button, index % rows, index // rows)  # down the columns
        self.group.buttonToggled.connect(self._toggled)
        self.editor_row.addLayout(grid)
        self._add_clear_button()
        self.editor_row.addSpacing(12)
        self.editor_row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        self.editor_row.addStretch(1)

    def raw(self) -> object:
        button = self.group.checkedButton()
        return None if button is None else button.property("choice")

    def set_raw(self, raw: object) -> None:
        self._uncheck_all()
        for button in self.buttons:
            if button.property("choice") == raw:
                button.setChecked(True)
        self._sync_clear()


class YesNoQuestion(_ClearableChoice):
    def build(self) -> None:
        self.group = QButtonGroup(self)
        self.yes = QRadioButton(_("Yes"), self)
        self.no = QRadioButton(_("No"), self)
        self.buttons = [self.yes, self.no]
        for index, button in enumerate(self.buttons):
            self.group.addButton(button, index)
            self.editor_row.addWidget(button)
        self.group.buttonToggled.connect(self._toggled)
        self._add_clear_button()
        self.editor_row.addSpacing(12)
        self.editor_row.addWidget(self.clear_button)
        self.editor_row.addStretch(1)

    def raw(self) -> object:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_raw(self, raw: object) -> None:
        self._uncheck_all()
        if raw is True:
            self.yes.setChecked(True)
        elif raw is False:
            self.no.setChecked(True)
        self._sync_clear()


class ComboChoiceQuestion(QuestionWidget):
    def build(self) -> None:
        self.combo = _QuietComboBox(self)
        self.combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.combo.addItem(_("— choose —"), None)
        for choice in self.question.choices:
            self.combo.addItem(form_text(choice.label), choice.value)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMaxVisibleItems(12)
        self.combo.currentIndexChanged.connect(self._emit)
        self.editor_row.addWidget(self.combo)
        self.editor_row.addStretch(1)

    def raw(self) -> object:
        value = self.combo.currentData()
        return value if isinstance(value, str) else None

    def set_raw(self, raw: object) -> None:
        index = self.combo.findData(raw) if isinstance(raw, str) else -1
        self.combo.setCurrentIndex(max(index, 0))

    def focus_widget(self) -> QWidget:
        return self.combo

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        _freeze(self.combo, self._guard, read_only)


class MultipleChoiceQuestion(QuestionWidget):
    """Check boxes; an ``exclusive`` choice ("none") clears the others and vice versa, and once
    ``max_choices`` are ticked the rest are disabled."""

    def build(self) -> None:
        q = self.question
        self.boxes: list[QCheckBox] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        count = len(q.choices)
        columns = 1 if count <= 3 else 2 if count <= 8 else 3 if count <= 15 else 4
        rows = -(-count // columns)
        for index, choice in enumerate(q.choices):
            box = QCheckBox(form_text(choice.label), self)
            box.setProperty("choice", choice.value)
            box.setProperty("exclusive", choice.exclusive)
            box.toggled.connect(lambda checked, b=box: self._toggled(b, checked))
            self.boxes.append(box)
            # Down the columns: a long list reads like a list, not a zig-zag.
            grid.addWidget(box, index % rows, index // rows)
        self.editor_row.addLayout(grid)
        self.editor_row.addStretch(1)
        # Said when the limit is reached, to explain why the other boxes no longer respond.
        self.limit = QLabel(self)
        self.limit.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.limit.setWordWrap(True)
        if q.max_choices is not None:
            self.limit.setText(
                localise_digits(
                    _("At most {count} can be chosen; untick one to choose another.").format(
                        count=q.max_choices
                    )
                )
            )
        self.limit.hide()
        self.column.insertWidget(self.column.indexOf(self.error_label), self.limit)
        self._apply_limit()

    def _toggled(self, box: QCheckBox, checked: bool) -> None:
        if checked:
            exclusive = bool(box.property("exclusive"))
            for other in self.boxes:
                clash = exclusive or bool(other.property("exclusive"))
                if other is not box and other.isChecked() and clash:
                    other.blockSignals(True)
                    other.setChecked(False)
                    other.blockSignals(False)
        self._apply_limit()
        self._emit()

    def _apply_limit(self) -> None:
        limit = self.question.max_choices
        ticked = sum(box.isChecked() for box in self.boxes)
        full = limit is not None and ticked >= limit and limit < len(self.boxes)
        for box in self.boxes:
            box.setEnabled(self._read_only or box.isChecked() or not full)
            _freeze(box, self._guard, self._read_only)
        self.limit.setVisible(full and not self._read_only)

    def raw(self) -> object:
        return [str(box.property("choice")) for box in self.boxes if box.isChecked()]

    def set_raw(self, raw: object) -> None:
        values = set(raw) if isinstance(raw, list) else set()
        for box in self.boxes:
            box.blockSignals(True)
            box.setChecked(box.property("choice") in values)
            box.blockSignals(False)
        self._apply_limit()

    def focus_widget(self) -> QWidget:
        for box in self.boxes:
            if box.isChecked() and box.isEnabled():
                return box
        return self.boxes[0]

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._apply_limit()


class DateQuestion(QuestionWidget):
    def build(self) -> None:
        self.edit = JalaliDateEdit(self, optional=True)
        self.edit.setMaximumWidth(240)
        self.edit.line.textChanged.connect(self._emit)
        self.editor_row.addWidget(self.edit)
        self.editor_row.addStretch(1)

    def raw(self) -> object:
        return self.edit.line.text()

    def set_raw(self, raw: object) -> None:
        text = raw if isinstance(raw, str) else ""
        try:
            value = parse_jalali(text) if text.strip() else None
        except ValidationError:
            self.edit.line.setText(text)  # kept as typed; validation explains what is wrong
        else:
            self.edit.set_date_value(value)

    def set_value(self, value: object) -> None:
        day: date | None = None
        if isinstance(value, date):
            day = value
        elif isinstance(value, str):
            try:
                day = date.fromisoformat(to_ascii_digits(value.strip()))
            except ValueError:
                day = None
        if day is None:
            self.edit.set_date_value(None)
        else:
            self.edit.line.setText(format_jalali(day, persian_digits=is_persian()))
            self.edit.set_date_value(day)

    def focus_widget(self) -> QWidget:
        return self.edit.line

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.line.setReadOnly(read_only)
        self.edit.button.setEnabled(not read_only)


def _leading_absolute(widget: QWidget) -> Qt.AlignmentFlag:
    rtl = widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute


def question_widget(question: Question, parent: QWidget | None = None) -> QuestionWidget:
    kind = question.type
    if kind == "text":
        return TextQuestion(question, parent)
    if kind == "long_text":
        return LongTextQuestion(question, parent)
    if kind == "number":
        return NumberQuestion(question, parent)
    if kind == "single_choice":
        if len(question.choices) > MAX_RADIO_CHOICES:
            return ComboChoiceQuestion(question, parent)
        return RadioChoiceQuestion(question, parent)
    if kind == "multiple_choice":
        return MultipleChoiceQuestion(question, parent)
    if kind == "yes_no":
        return YesNoQuestion(question, parent)
    return DateQuestion(question, parent)


# === the whole form ===========================================================================


class FormView(QWidget):
    """Renders ``form``; see the module docstring for the two views of its state."""

    changed = Signal()

    def __init__(self, form: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self._loading = False
        self._strict = False
        self._read_only = False
        self._fields: dict[str, QuestionWidget] = {}
        self._groups: dict[str, QFrame] = {}
        self._jumping = False
        self._section_of: dict[str, Section] = {}

        self.sections = QListWidget(self)
        self.sections.setObjectName("sections")
        self.sections.setAccessibleName(_("Sections"))
        self.sections.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.sections.setFrameShape(QFrame.Shape.StyledPanel)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("formScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QWidget()
        self.content.setObjectName("formContent")
        column = QVBoxLayout(self.content)
        column.setContentsMargins(8, 4, 16, 16)
        column.setSpacing(12)
        marker = f'<span style="color:{ERROR_COLOUR}">*</span>'
        legend = QLabel(
            html.escape(
                _("Questions marked {marker} must be answered before the interview is completed.")
            ).replace("{marker}", marker),
            self.content,
        )
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setWordWrap(True)
        legend.setStyleSheet(f"color: {MUTED_COLOUR};")
        column.addWidget(legend)

        widest = 0
        for section in form.sections:
            box = QFrame(self.content)
            box.setObjectName(f"section_{section.id}")
            box.setFrameShape(QFrame.Shape.StyledPanel)
            box.setAccessibleName(form_text(section.title))
            inner = QVBoxLayout(box)
            inner.setContentsMargins(16, 10, 16, 10)
            inner.setSpacing(4)
            heading = QLabel(form_text(section.title), box)
            heading.setObjectName("sectionTitle")
            heading_font = heading.font()
            heading_font.setBold(True)
            if heading_font.pointSizeF() > 0:
                heading_font.setPointSizeF(heading_font.pointSizeF() * 1.2)
            heading.setFont(heading_font)
            inner.addWidget(heading)
            for question in section.questions:
                field = question_widget(question, box)
                field.edited.connect(self._edited)
                inner.addWidget(field)
                self._fields[question.id] = field
                self._section_of[question.id] = section
            column.addWidget(box)
            self._groups[section.id] = box
            item = QListWidgetItem(form_text(section.title))
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            self.sections.addItem(item)
            widest = max(widest, self.sections.fontMetrics().horizontalAdvance(item.text()))
        column.addStretch(1)
        self.scroll_area.setWidget(self.content)
        self.sections.setFixedWidth(min(max(widest + 56, 160), 260))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.sections)
        layout.addWidget(self.scroll_area, 1)

        self.sections.currentRowChanged.connect(self._section_chosen)
        self.sections.itemActivated.connect(lambda _item: self._enter_section())
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.step_section(step))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.sections.setCurrentRow(0)
        self._refresh(live=False)

    # --- state -----------------------------------------------------------------------------

    def raw_state(self) -> dict[str, object]:
        """Everything on screen, JSON-able, including hidden questions and invalid text."""
        return {qid: field.raw() for qid, field in self._fields.items()}

    def restore_raw_state(self, state: Mapping[str, object]) -> None:
        """Put back a :meth:`raw_state` (e.g. from the local autosave). Unknown keys and values
        of the wrong shape are ignored, so an old or damaged file never breaks the form."""
        self._load(lambda field: field.set_raw(state.get(field.question.id)))

    def answers(self) -> dict[str, object]:
        """Answers to the relevant, answered questions (see the module docstring)."""
        answers = answers_from_raw(self.form, self.raw_state())
        relevant = relevant_question_ids(self.form, answers)
        return {qid: value for qid, value in answers.items() if qid in relevant}

    def set_answers(self, answers: Mapping[str, object]) -> None:
        """Show stored answers (e.g. ``interview.answers``); other questions are cleared."""
        self._load(lambda field: field.set_value(answers.get(field.question.id)))

    def set_answer(self, question_id: str, value: object, *, quiet: bool = False) -> None:
        """Change one answer as if typed (emits ``changed``), or ``quiet``-ly as if loaded."""
        field = self._fields[question_id]
        if quiet:
            self._load(lambda each: each.set_value(value) if each is field else None)
            return
        field.set_value(value)
        self._edited()

    def _load(self, apply: Callable[[QuestionWidget], None]) -> None:
        self._loading = True
        try:
            for field in self._fields.values():
                apply(field)
        finally:
            self._loading = False
        self._refresh(live=False)

    # --- validation ------------------------------------------------------------------------

    def validate(self, complete: bool) -> list[ValidationError]:
        """Check the answers (``complete=True``: required ones too), show every error next to
        its question and return them in form order. With ``complete=True`` the required
        markers stay live: an error goes away as soon as the question is answered."""
        self._strict = complete
        errors = errors_for(self.form, self.answers(), complete=complete)
        self.show_errors(errors)
        return errors

    def show_errors(self, errors: Iterable[ValidationError]) -> None:
        """Show these errors (e.g. from a service) and clear all others."""
        self._display(list(errors), defer_focused=False)

    def errors_shown(self) -> dict[str, str]:
        return {qid: text for qid, field in self._fields.items() if (text := field.error())}

    def _display(self, errors: Sequence[ValidationError], *, defer_focused: bool) -> None:
        first: dict[str, ValidationError] = {}
        for problem in errors:
            if problem.field is not None and problem.field not in first:
                first[problem.field] = problem
        lang = language()
        per_section: dict[str, int] = {}
        for qid, field in self._fields.items():
            error = first.get(qid)
            text = error_text(error, lang) if error is not None and not field.isHidden() else None
            if (
                text
                and defer_focused
                and field.error() is None
                and field.question.type in _TYPED_KINDS
                and field.has_focus_inside()
            ):
                text = None  # still typing: say it when they leave the field
            field.set_error(text)
            if text:
                section_id = self._section_of[qid].id
                per_section[section_id] = per_section.get(section_id, 0) + 1
        for row in range(self.sections.count()):
            item = self.sections.item(row)
            section_id = str(item.data(Qt.ItemDataRole.UserRole))
            section = next(s for s in self.form.sections if s.id == section_id)
            count = per_section.get(section_id, 0)
            title = form_text(section.title)
            item.setText(f"{title} ({localise_digits(count)})" if count else title)
            item.setForeground(QBrush(QColor(ERROR_COLOUR)) if count else self.palette().text())

    # --- live updates ----------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading:
            return
        self._refresh(live=True)
        self.changed.emit()

    def _refresh(self, *, live: bool) -> None:
        answers = answers_from_raw(self.form, self.raw_state())
        relevant = relevant_question_ids(self.form, answers)
        for qid, field in self._fields.items():
            field.setHidden(qid not in relevant)
        for row, section in enumerate(self.form.sections):
            shown = any(q.id in relevant for q in section.questions)
            self._groups[section.id].setHidden(not shown)
            self.sections.item(row).setHidden(not shown)
        answers = {qid: value for qid, value in answers.items() if qid in relevant}
        errors = errors_for(self.form, answers, complete=self._strict)
        self._display(errors, defer_focused=live)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and self.content.isAncestorOf(old):
            # Left a field: now is the time to say what is wrong with it.
            QTimer.singleShot(0, self, self._revalidate_after_focus)
        if new is not None and self.content.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new, 16, 48)
            field = self._field_of(new)
            if field is not None:
                self._select_section(self._section_of[field.question.id].id)

    def _revalidate_after_focus(self) -> None:
        if self._loading:
            return
        self._refresh(live=True)

    def _field_of(self, widget: QWidget) -> QuestionWidget | None:
        current: QObject | None = widget
        while current is not None:
            if isinstance(current, QuestionWidget):
                return current
            current = current.parent()
        return None

    # --- navigation ------------------------------------------------------------------------

    def field(self, question_id: str) -> QuestionWidget:
        return self._fields[question_id]

    def fields(self) -> dict[str, QuestionWidget]:
        return dict(self._fields)

    def visible_question_ids(self) -> list[str]:
        return [qid for qid, field in self._fields.items() if not field.isHidden()]

    def focus_question(self, question_id: str) -> None:
        """Scroll ``question_id`` into view and put the keyboard focus in it."""
        field = self._fields.get(question_id)
        if field is None or field.isHidden():
            return
        self._select_section(self._section_of[question_id].id)
        target = field.focus_widget()
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        # Once laid out (the question may have just appeared), bring its label into view too.
        self.scroll_area.ensureWidgetVisible(field, 16, 48)
        QTimer.singleShot(0, field, lambda: self._ensure_visible(field))

    def _ensure_visible(self, field: QuestionWidget) -> None:
        if field.isVisible():
            self.scroll_area.ensureWidgetVisible(field, 16, 48)

    def step_section(self, step: int) -> None:
        rows = [r for r in range(self.sections.count()) if not self.sections.item(r).isHidden()]
        if not rows:
            return
        current = self.sections.currentRow()
        later = [r for r in rows if (r - current) * step > 0]
        target = (min(later) if step > 0 else max(later)) if later else current
        self.sections.setCurrentRow(target)
        self._enter_section()

    def _select_section(self, section_id: str) -> None:
        for row in range(self.sections.count()):
            if self.sections.item(row).data(Qt.ItemDataRole.UserRole) == section_id:
                if self.sections.currentRow() != row:
                    self.sections.blockSignals(True)
                    self.sections.setCurrentRow(row)
                    self.sections.blockSignals(False)
                return

    def _section_chosen(self, row: int) -> None:
        if row < 0:
            return
        section_id = str(self.sections.item(row).data(Qt.ItemDataRole.UserRole))
        box = self._groups[section_id]
        first = next(
            (r for r in range(self.sections.count()) if not self.sections.item(r).isHidden()), 0
        )
        self._jumping = True
        try:
            # The first section scrolls to the very top, so the legend above it shows too.
            self.scroll_area.verticalScrollBar().setValue(0 if row <= first else box.y() - 4)
        finally:
            self._jumping = False

    def _enter_section(self) -> None:
        """Focus the first visible question of the chosen section."""
        row = self.sections.currentRow()
        if row < 0:
            return
        section = self.form.sections[row]
        self._section_chosen(row)
        for question in section.questions:
            field = self._fields[question.id]
            if not field.isHidden():
                field.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _follow_scroll(self, value: int) -> None:
        """Highlight the section being read: the focused question's, if it is in view, else
        the last section whose top has scrolled past the top of the view."""
        if self._jumping:
            return
        focused = QApplication.focusWidget()
        field = self._field_of(focused) if focused is not None else None
        if field is not None and self.content.isAncestorOf(field):
            top = field.mapTo(self.content, field.rect().topLeft()).y() - value
            if 0 <= top < self.scroll_area.viewport().height():
                self._select_section(self._section_of[field.question.id].id)
                return
        current = None
        for row, section in enumerate(self.form.sections):
            box = self._groups[section.id]
            if not box.isHidden() and box.y() <= value + 24:
                current = row
        if current is not None:
            self._select_section(self.form.sections[current].id)

    # --- read-only -------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        """A completed interview: everything readable and selectable, nothing editable."""
        self._read_only = read_only
        for field in self._fields.values():
            field.set_read_only(read_only)

    def is_read_only(self) -> bool:
        return self._read_only
