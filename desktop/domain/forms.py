"""Questionnaires as data: form definitions, relevance and answer validation.

A form (for example the intake interview, ``resources/forms/intake-default/v1.json``) is a JSON
document; its schema is written down in ``resources/forms/README.md``.
:meth:`FormDefinition.from_dict` checks the schema strictly (unknown fields, unknown question types,
duplicate ids, conditions pointing to unknown or later questions, duplicate choice values) and
raises :class:`ValidationError` on the first problem.

Answers are a mapping from question id to value, as the UI collects them:

* ``text`` / ``long_text``: ``str``. Stored stripped, with Arabic ي/ك/ى turned into Persian ی/ک.
  A ``text`` question with a ``pattern`` is matched (and stored) with ASCII digits, so people may
  type Persian digits.
* ``number``: ``int``/``float`` or a ``str`` with Persian, Arabic-Indic or ASCII digits, optional
  thousands separators (``,`` or ``٬``) and decimal separator (``.``, ``٫`` or ``/``). Stored as
  ``int`` when whole, otherwise ``float``.
* ``single_choice``: the choice ``value``; ``multiple_choice``: a list of choice values (stored
  without repeats, in the order given).
* ``yes_no``: ``bool``.
* ``date``: an ISO ``YYYY-MM-DD`` (Gregorian) string or a :class:`datetime.date`; stored as the ISO
  string. Converting from and to the Jalali calendar is the UI's job.

``None``, a blank string and an empty list all mean "not answered".

Relevance: a question with ``relevant_when`` is shown only when its condition holds for an earlier
question's answer. Relevance is transitive: validation walks the form in order and only answers
that are relevant *and* valid can make later questions relevant. Answers to irrelevant questions
are ignored by :func:`validate_answers` and dropped by :func:`clean_answers`.

Errors: every problem is a :class:`ValidationError` whose ``field`` is the question id and whose
``msgid`` is a generic English message marked with ``N_`` (so it is always translated and its
``{placeholders}`` are filled from ``params``). When a question has a ``constraint_message`` and a
*constraint* fails (min, max, integer, max_length, pattern, max_choices, not_in_future), the error
keeps its generic msgid and additionally carries the form's own texts in ``params["custom_fa"]``
and ``params["custom_en"]``; :func:`error_text` picks the right one for a language. We do not use
the custom English text as the msgid: it is not in any translation catalogue (a Persian UI would
fall back to English) and braces in it would break message formatting.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Final, Literal, TypeAlias, cast, get_args

from desktop.domain.digits import to_ascii_digits
from desktop.domain.errors import N_, NotFoundError, ValidationError, ValidationErrors

__all__ = [
    "LANGUAGES",
    "QUESTION_TYPES",
    "Choice",
    "Condition",
    "FormDefinition",
    "Question",
    "QuestionType",
    "Section",
    "clean_answers",
    "error_text",
    "is_relevant",
    "load_form_file",
    "relevant_question_ids",
    "validate_answers",
]

QuestionType: TypeAlias = Literal[
    "text", "long_text", "number", "single_choice", "multiple_choice", "yes_no", "date"
]
QUESTION_TYPES: Final[frozenset[str]] = frozenset(get_args(QuestionType))
ConditionOperator: TypeAlias = Literal["equals", "in", "contains"]
Scalar: TypeAlias = str | int | float | bool
Texts: TypeAlias = dict[str, str]

LANGUAGES: Final = ("fa", "en")

# --- messages: answers -----------------------------------------------------------------------
MSG_REQUIRED: Final = N_("This question must be answered.")
MSG_UNKNOWN_ANSWER: Final = N_("There is no question {question} in this form.")
MSG_TEXT: Final = N_("Enter text.")
MSG_TOO_LONG: Final = N_("The text must be at most {max_length} characters long.")
MSG_PATTERN: Final = N_("The answer is not in the expected format.")
MSG_NUMBER: Final = N_("Enter a number.")
MSG_INTEGER: Final = N_("Enter a whole number.")
MSG_MIN: Final = N_("The value must be at least {min}.")
MSG_MAX: Final = N_("The value must be at most {max}.")
MSG_CHOICE: Final = N_("Choose one of the listed options.")
MSG_CHOICES: Final = N_("Choose from the listed options.")
MSG_MAX_CHOICES: Final = N_("Choose at most {max_choices} options.")
MSG_EXCLUSIVE: Final = N_("One of the chosen options cannot be combined with the others.")
MSG_YES_NO: Final = N_("Choose yes or no.")
MSG_DATE: Final = N_("Enter a valid date.")
MSG_FUTURE: Final = N_("The date cannot be in the future.")

# --- messages: form definitions --------------------------------------------------------------
MSG_NOT_OBJECT: Final = N_("{where} must be a JSON object.")
MSG_FIELD_MISSING: Final = N_("{where}: the field {key} is missing.")
MSG_FIELD_TYPE: Final = N_("{where}: the field {key} must be {expected}.")
MSG_FIELD_UNKNOWN: Final = N_("{where}: unknown field {key}.")
MSG_BAD_ID: Final = N_("{where}: {value} is not a valid id.")
MSG_TEXTS: Final = N_('{where}: the field {key} needs non-empty "fa" and "en" texts.')
MSG_BAD_VERSION: Final = N_("The form version must be a positive whole number.")
MSG_EMPTY: Final = N_("{where} has no entries.")
MSG_UNKNOWN_TYPE: Final = N_("Question {question} has an unknown type {type}.")
MSG_NOT_APPLICABLE: Final = N_("Question {question}: {key} does not apply to {type} questions.")
MSG_DUPLICATE_SECTION: Final = N_("The section id {section} is used more than once.")
MSG_DUPLICATE_QUESTION: Final = N_("The question id {question} is used more than once.")
MSG_DUPLICATE_CHOICE: Final = N_("Question {question}: the choice value {value} is used twice.")
MSG_BAD_BOUNDS: Final = N_("Question {question}: min is greater than max.")
MSG_BAD_PATTERN: Final = N_("Question {question}: the pattern is not a valid regular expression.")
MSG_BAD_MAX_CHOICES: Final = N_(
    "Question {question}: max_choices must be between 1 and the number of choices."
)
MSG_CONDITION_SHAPE: Final = N_(
    'Question {question}: relevant_when needs "question" and exactly one of "equals", "in" '
    'or "contains".'
)
MSG_CONDITION_UNKNOWN: Final = N_("Question {question} depends on an unknown question {target}.")
MSG_CONDITION_LATER: Final = N_(
    "Question {question} depends on question {target}, which does not come before it."
)
MSG_CONDITION_VALUE: Final = N_(
    "Question {question}: the relevant_when value does not fit question {target}."
)
MSG_CONDITION_CONTAINS: Final = N_(
    'Question {question}: "contains" can only test a multiple-choice question.'
)
MSG_BAD_JSON: Final = N_("The form file {path} is not valid JSON.")

_ID_RE: Final = re.compile(r"[a-z][a-z0-9_]*")
_FORM_ID_RE: Final = re.compile(r"[a-z0-9][a-z0-9_-]*")
_CHOICE_VALUE_RE: Final = re.compile(r"[A-Za-z0-9_]+")
_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Digits are ASCII by the time this runs; thousands groups must be well formed.
_NUMBER_RE: Final = re.compile(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_MAX_NUMBER_CHARS: Final = 64
_NUMBER_SEPARATORS: Final = str.maketrans(
    {"\u066c": ",", "\u066b": ".", "/": ".", "\u2212": "-", "\u2013": "-"}
)
_PERSIAN_LETTERS: Final = str.maketrans(
    {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}
)

_COMMON_KEYS: Final = frozenset(
    {"id", "type", "label", "help", "required", "relevant_when", "constraint_message"}
)
_TYPE_KEYS: Final[Mapping[str, frozenset[str]]] = {
    "text": frozenset({"max_length", "pattern"}),
    "long_text": frozenset({"max_length"}),
    "number": frozenset({"min", "max", "integer", "unit"}),
    "single_choice": frozenset({"choices"}),
    "multiple_choice": frozenset({"choices", "max_choices"}),
    "yes_no": frozenset(),
    "date": frozenset({"not_in_future"}),
}
_ALL_TYPE_KEYS: Final = frozenset().union(*_TYPE_KEYS.values())


# === the definition ==========================================================================


@dataclass(frozen=True)
class Choice:
    """One option of a choice question; ``exclusive`` options (e.g. "none") stand alone."""

    value: str
    label: Texts
    exclusive: bool = False


@dataclass(frozen=True)
class Condition:
    """``relevant_when``: the question is shown when this holds for ``question``'s answer."""

    question: str
    operator: ConditionOperator
    value: Scalar | tuple[Scalar, ...]

    def matches(self, answer: object) -> bool:
        if _is_blank(answer):
            return False
        if self.operator == "equals":
            return _same(answer, self.value)
        if self.operator == "in":
            options = self.value if isinstance(self.value, tuple) else (self.value,)
            return any(_same(answer, option) for option in options)
        if isinstance(answer, (list, tuple)):
            return any(_same(item, self.value) for item in answer)
        return False


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    label: Texts
    required: bool = False
    help: Texts | None = None
    relevant_when: Condition | None = None
    constraint_message: Texts | None = None
    # number
    min_value: int | float | None = None
    max_value: int | float | None = None
    integer: bool = False
    unit: Texts | None = None
    # text, long_text
    max_length: int | None = None
    pattern: str | None = None
    # single_choice, multiple_choice
    choices: tuple[Choice, ...] = ()
    max_choices: int | None = None
    # date
    not_in_future: bool = False

    def choice(self, value: object) -> Choice | None:
        """The choice with this value, or None."""
        for choice in self.choices:
            if choice.value == value:
                return choice
        return None


@dataclass(frozen=True)
class Section:
    id: str
    title: Texts
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class FormDefinition:
    form_id: str
    version: int
    title: Texts
    sections: tuple[Section, ...]
    _index: dict[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {q.id: q for section in self.sections for q in section.questions}
        object.__setattr__(self, "_index", index)

    def questions(self) -> Iterator[Question]:
        """Every question, in form order."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question:
        try:
            return self._index[question_id]
        except KeyError:
            raise NotFoundError(
                MSG_UNKNOWN_ANSWER, field=question_id, question=question_id
            ) from None

    def has_question(self, question_id: str) -> bool:
        return question_id in self._index

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> FormDefinition:
        """Build a form from its JSON data, checking the schema; raises ValidationError."""
        return _parse_form(data)


# === parsing =================================================================================


def _bad(msgid: str, question: str | None = None, **params: object) -> ValidationError:
    if question is not None:
        params.setdefault("question", question)
    return ValidationError(msgid, field=question, **params)


def _object(data: object, where: str, question: str | None = None) -> Mapping[str, object]:
    if not isinstance(data, Mapping) or not all(isinstance(k, str) for k in data):
        raise _bad(MSG_NOT_OBJECT, question, where=where)
    return cast("Mapping[str, object]", data)


def _check_keys(
    data: Mapping[str, object], allowed: frozenset[str], where: str, question: str | None = None
) -> None:
    for key in data:
        if key not in allowed:
            raise _bad(MSG_FIELD_UNKNOWN, question, where=where, key=key)


def _require(
    data: Mapping[str, object], key: str, where: str, question: str | None = None
) -> object:
    if key not in data:
        raise _bad(MSG_FIELD_MISSING, question, where=where, key=key)
    return data[key]


def _str(value: object, key: str, where: str, question: str | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _bad(MSG_FIELD_TYPE, question, where=where, key=key, expected="non-empty text")
    return value


def _bool(value: object, key: str, where: str, question: str | None = None) -> bool:
    if not isinstance(value, bool):
        raise _bad(MSG_FIELD_TYPE, question, where=where, key=key, expected="true or false")
    return value


def _positive_int(value: object, key: str, where: str, question: str | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _bad(MSG_FIELD_TYPE, question, where=where, key=key, expected="a positive integer")
    return value


def _number(value: object, key: str, where: str, question: str | None = None) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad(MSG_FIELD_TYPE, question, where=where, key=key, expected="a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise _bad(MSG_FIELD_TYPE, question, where=where, key=key, expected="a number")
    return value


def _list(value: object, key: str, where: str, question: str | None = None) -> list[object]:
    if not isinstance(value, list):
        raise _bad(MSG_FIELD_TYPE, question, where=where, key=key, expected="a list")
    if not value:
        raise _bad(MSG_EMPTY, question, where=f"{where}: {key}")
    return cast("list[object]", value)


def _id(value: object, key: str, where: str, pattern: re.Pattern[str] = _ID_RE) -> str:
    text = _str(value, key, where)
    if pattern.fullmatch(text) is None:
        raise _bad(MSG_BAD_ID, where=where, value=text)
    return text


def _texts(value: object, key: str, where: str, question: str | None = None) -> Texts:
    if not isinstance(value, Mapping):
        raise _bad(MSG_TEXTS, question, where=where, key=key)
    texts: Texts = {}
    for lang, text in value.items():
        if not isinstance(lang, str) or not isinstance(text, str):
            raise _bad(MSG_TEXTS, question, where=where, key=key)
        texts[lang] = text
    if any(not texts.get(lang, "").strip() for lang in LANGUAGES):
        raise _bad(MSG_TEXTS, question, where=where, key=key)
    return texts


def _optional_texts(
    data: Mapping[str, object], key: str, where: str, question: str | None = None
) -> Texts | None:
    return _texts(data[key], key, where, question) if key in data else None


def _parse_form(raw: Mapping[str, object]) -> FormDefinition:
    data = _object(raw, "The form")
    where = "The form"
    _check_keys(data, frozenset({"form_id", "version", "title", "sections"}), where)
    form_id = _id(_require(data, "form_id", where), "form_id", where, _FORM_ID_RE)
    version = _require(data, "version", where)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad(MSG_BAD_VERSION)
    title = _texts(_require(data, "title", where), "title", where)

    sections: list[Section] = []
    seen_sections: set[str] = set()
    earlier: dict[str, Question] = {}
    all_ids = _all_question_ids(data)
    for i, raw_section in enumerate(_list(_require(data, "sections", where), "sections", where)):
        s_where = f"sections[{i}]"
        section_data = _object(raw_section, s_where)
        _check_keys(section_data, frozenset({"id", "title", "questions"}), s_where)
        section_id = _id(_require(section_data, "id", s_where), "id", s_where)
        if section_id in seen_sections:
            raise _bad(MSG_DUPLICATE_SECTION, section=section_id)
        seen_sections.add(section_id)
        s_where = f"section {section_id}"
        section_title = _texts(_require(section_data, "title", s_where), "title", s_where)
        questions: list[Question] = []
        raw_questions = _list(_require(section_data, "questions", s_where), "questions", s_where)
        for j, raw_question in enumerate(raw_questions):
            question = _parse_question(raw_question, f"{s_where}, questions[{j}]", earlier, all_ids)
            earlier[question.id] = question
            questions.append(question)
        sections.append(Section(section_id, section_title, tuple(questions)))
    return FormDefinition(form_id, version, title, tuple(sections))


def _all_question_ids(data: Mapping[str, object]) -> set[str]:
    """Every question id in the raw data (best effort), to tell "unknown" from "later"."""
    ids: set[str] = set()
    sections = data.get("sections")
    for section in sections if isinstance(sections, list) else []:
        questions = section.get("questions") if isinstance(section, Mapping) else None
        for question in questions if isinstance(questions, list) else []:
            if isinstance(question, Mapping) and isinstance(question.get("id"), str):
                ids.add(question["id"])
    return ids


def _parse_question(
    raw: object, where: str, earlier: Mapping[str, Question], all_ids: set[str]
) -> Question:
    data = _object(raw, where)
    qid = _id(_require(data, "id", where), "id", where)
    if qid in earlier:
        raise _bad(MSG_DUPLICATE_QUESTION, qid)
    where = f"question {qid}"
    qtype = _require(data, "type", where, qid)
    if not isinstance(qtype, str) or qtype not in QUESTION_TYPES:
        raise _bad(MSG_UNKNOWN_TYPE, qid, type=str(qtype))
    type_keys = _TYPE_KEYS[qtype]
    for key in data:
        if key in _COMMON_KEYS or key in type_keys:
            continue
        if key in _ALL_TYPE_KEYS:
            raise _bad(MSG_NOT_APPLICABLE, qid, key=key, type=qtype)
        raise _bad(MSG_FIELD_UNKNOWN, qid, where=where, key=key)

    def get_bool(key: str) -> bool:
        return _bool(data[key], key, where, qid) if key in data else False

    def get_positive(key: str) -> int | None:
        return _positive_int(data[key], key, where, qid) if key in data else None

    def get_number(key: str) -> int | float | None:
        return _number(data[key], key, where, qid) if key in data else None

    min_value, max_value = get_number("min"), get_number("max")
    if min_value is not None and max_value is not None and min_value > max_value:
        raise _bad(MSG_BAD_BOUNDS, qid)
    pattern: str | None = None
    if "pattern" in data:
        pattern = _str(data["pattern"], "pattern", where, qid)
        try:
            re.compile(pattern)
        except re.error:
            raise _bad(MSG_BAD_PATTERN, qid) from None
    choices: tuple[Choice, ...] = ()
    if qtype in ("single_choice", "multiple_choice"):
        choices = _parse_choices(_require(data, "choices", where, qid), where, qid)
    max_choices = get_positive("max_choices")
    if max_choices is not None and max_choices > len(choices):
        raise _bad(MSG_BAD_MAX_CHOICES, qid)

    condition = None
    if "relevant_when" in data:
        condition = _parse_condition(data["relevant_when"], qid, earlier, all_ids)
    return Question(
        id=qid,
        type=cast(QuestionType, qtype),
        label=_texts(_require(data, "label", where, qid), "label", where, qid),
        required=get_bool("required"),
        help=_optional_texts(data, "help", where, qid),
        constraint_message=_optional_texts(data, "constraint_message", where, qid),
        min_value=min_value,
        max_value=max_value,
        integer=get_bool("integer"),
        unit=_optional_texts(data, "unit", where, qid),
        max_length=get_positive("max_length"),
        pattern=pattern,
        choices=choices,
        max_choices=max_choices,
        not_in_future=get_bool("not_in_future"),
        relevant_when=condition,
    )


def _parse_choices(raw: object, where: str, qid: str) -> tuple[Choice, ...]:
    choices: list[Choice] = []
    seen: set[str] = set()
    for k, raw_choice in enumerate(_list(raw, "choices", where, qid)):
        c_where = f"{where}, choices[{k}]"
        data = _object(raw_choice, c_where, qid)
        _check_keys(data, frozenset({"value", "label", "exclusive"}), c_where, qid)
        value = _str(_require(data, "value", c_where, qid), "value", c_where, qid)
        if _CHOICE_VALUE_RE.fullmatch(value) is None:
            raise _bad(MSG_BAD_ID, qid, where=c_where, value=value)
        if value in seen:
            raise _bad(MSG_DUPLICATE_CHOICE, qid, value=value)
        seen.add(value)
        label = _texts(_require(data, "label", c_where, qid), "label", c_where, qid)
        exclusive = (
            _bool(data["exclusive"], "exclusive", c_where, qid) if "exclusive" in data else False
        )
        choices.append(Choice(value, label, exclusive))
    return tuple(choices)


def _parse_condition(
    raw: object, qid: str, earlier: Mapping[str, Question], all_ids: set[str]
) -> Condition:
    data = _object(raw, f"question {qid}: relevant_when", qid)
    operators = [key for key in ("equals", "in", "contains") if key in data]
    if "question" not in data or len(operators) != 1 or len(data) != 2:
        raise _bad(MSG_CONDITION_SHAPE, qid)
    target_id = data["question"]
    if not isinstance(target_id, str):
        raise _bad(MSG_CONDITION_SHAPE, qid)
    target = earlier.get(target_id)
    if target is None:
        known = target_id in all_ids or target_id == qid
        raise _bad(MSG_CONDITION_LATER if known else MSG_CONDITION_UNKNOWN, qid, target=target_id)
    operator = cast(ConditionOperator, operators[0])
    raw_value = data[operator]

    def fits(value: object) -> bool:
        return _condition_value_fits(target, value)

    value: Scalar | tuple[Scalar, ...]
    if operator == "contains":
        if target.type != "multiple_choice":
            raise _bad(MSG_CONDITION_CONTAINS, qid)
        if not isinstance(raw_value, str) or target.choice(raw_value) is None:
            raise _bad(MSG_CONDITION_VALUE, qid, target=target_id)
        value = raw_value
    elif operator == "in":
        if not isinstance(raw_value, list) or not raw_value or not all(map(fits, raw_value)):
            raise _bad(MSG_CONDITION_VALUE, qid, target=target_id)
        value = tuple(cast("list[Scalar]", raw_value))
    else:
        if not fits(raw_value):
            raise _bad(MSG_CONDITION_VALUE, qid, target=target_id)
        value = cast(Scalar, raw_value)
    return Condition(target_id, operator, value)


def _condition_value_fits(target: Question, value: object) -> bool:
    """Can an answer to ``target`` equal ``value``? (``equals`` and ``in`` only.)"""
    if target.type == "yes_no":
        return isinstance(value, bool)
    if target.type == "number":
        return (
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        )
    if target.type == "single_choice":
        return isinstance(value, str) and target.choice(value) is not None
    if target.type == "multiple_choice":
        return False  # use "contains"
    return isinstance(value, str)


# === answers =================================================================================


def is_relevant(question: Question, answers: Mapping[str, object]) -> bool:
    """Whether ``question`` is shown, given the answers so far.

    The condition is tested against ``answers[condition.question]`` directly. For follow-ups of
    follow-ups pass answers from which irrelevant ones are already gone (as
    :func:`clean_answers` returns them), or use :func:`relevant_question_ids`.
    """
    condition = question.relevant_when
    if condition is None:
        return True
    return condition.matches(answers.get(condition.question))


def relevant_question_ids(form: FormDefinition, answers: Mapping[str, object]) -> set[str]:
    """Ids of the questions to show for these (possibly raw, partial) answers."""
    return _process(form, answers, complete=False, today=None)[2]


def validate_answers(
    form: FormDefinition,
    answers: Mapping[str, object],
    *,
    complete: bool,
    today: date | None = None,
) -> list[ValidationError]:
    """Every problem with ``answers``, in form order (unknown answer keys last).

    ``complete=False`` checks a draft: only the answers given. ``complete=True`` also requires
    every required question that is relevant. ``today`` is for ``not_in_future`` (default: the
    computer's date). Never raises for odd input; returns errors instead.
    """
    return _process(form, answers, complete=complete, today=today)[1]


def clean_answers(
    form: FormDefinition,
    answers: Mapping[str, object],
    *,
    complete: bool = False,
    today: date | None = None,
) -> dict[str, object]:
    """The answers normalised for storage, without irrelevant or unanswered questions.

    Raises :class:`ValidationErrors` when :func:`validate_answers` finds any problem.
    """
    cleaned, errors, _ = _process(form, answers, complete=complete, today=today)
    if errors:
        raise ValidationErrors(errors)
    return cleaned


def error_text(error: ValidationError, language: str) -> str:
    """The text to show: the form's ``constraint_message`` in ``language`` if any, else the
    (translated) generic message."""
    custom = error.params.get(f"custom_{language}")
    return custom if isinstance(custom, str) and custom else error.message


def load_form_file(path: str | Path) -> FormDefinition:
    """Read and check a form definition JSON file (UTF-8, a BOM is allowed)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise ValidationError(MSG_BAD_JSON, path=str(path)) from None
    return FormDefinition.from_dict(_object(data, "The form"))


def _process(
    form: FormDefinition,
    answers: Mapping[str, object],
    *,
    complete: bool,
    today: date | None,
) -> tuple[dict[str, object], list[ValidationError], set[str]]:
    cleaned: dict[str, object] = {}
    errors: list[ValidationError] = []
    relevant: set[str] = set()
    day = today or date.today()
    for question in form.questions():
        if not is_relevant(question, cleaned):
            continue
        relevant.add(question.id)
        raw = answers.get(question.id)
        if _is_blank(raw):
            if complete and question.required:
                errors.append(ValidationError(MSG_REQUIRED, field=question.id))
            continue
        try:
            cleaned[question.id] = _normalise(question, raw, day)
        except ValidationError as error:
            errors.append(error)
    for key in answers:
        if not isinstance(key, str) or not form.has_question(key):
            errors.append(ValidationError(MSG_UNKNOWN_ANSWER, field=str(key), question=str(key)))
    return cleaned, errors, relevant


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    return False


def _same(answer: object, expected: object) -> bool:
    if isinstance(answer, bool) or isinstance(expected, bool):
        return isinstance(answer, bool) and isinstance(expected, bool) and answer == expected
    if isinstance(expected, (int, float)):
        number = _parse_number(answer)
        return number is not None and number == expected
    if isinstance(answer, str):
        return answer.strip() == expected
    return False


def _error(
    question: Question, msgid: str, *, constraint: bool = False, **params: object
) -> ValidationError:
    if constraint and question.constraint_message is not None:
        params["custom_fa"] = question.constraint_message["fa"]
        params["custom_en"] = question.constraint_message["en"]
    return ValidationError(msgid, field=question.id, **params)


def _normalise(question: Question, raw: object, today: date) -> object:
    """The storable form of a non-blank answer; raises ValidationError."""
    kind = question.type
    if kind in ("text", "long_text"):
        return _normalise_text(question, raw)
    if kind == "number":
        return _normalise_number(question, raw)
    if kind == "single_choice":
        if not isinstance(raw, str) or question.choice(raw.strip()) is None:
            raise _error(question, MSG_CHOICE)
        return raw.strip()
    if kind == "multiple_choice":
        return _normalise_choices(question, raw)
    if kind == "yes_no":
        if not isinstance(raw, bool):
            raise _error(question, MSG_YES_NO)
        return raw
    return _normalise_date(question, raw, today)


def _normalise_text(question: Question, raw: object) -> str:
    if not isinstance(raw, str):
        raise _error(question, MSG_TEXT)
    text = raw.strip().translate(_PERSIAN_LETTERS)
    if question.pattern is not None:
        text = to_ascii_digits(text)
    if question.max_length is not None and len(text) > question.max_length:
        raise _error(question, MSG_TOO_LONG, constraint=True, max_length=question.max_length)
    if question.pattern is not None and re.fullmatch(question.pattern, text) is None:
        raise _error(question, MSG_PATTERN, constraint=True)
    return text


def _parse_number(raw: object) -> int | float | None:
    """A finite number from an int, float or a string with any digits; None if it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return raw if math.isfinite(raw) else None
    if not isinstance(raw, str):
        return None
    text = to_ascii_digits(raw.strip()).translate(_NUMBER_SEPARATORS)
    if len(text) > _MAX_NUMBER_CHARS or _NUMBER_RE.fullmatch(text) is None:
        return None
    text = text.replace(",", "")
    if "." in text:
        value = float(text)
        return value if math.isfinite(value) else None
    return int(text)


def _normalise_number(question: Question, raw: object) -> int | float:
    number = _parse_number(raw)
    if number is None:
        raise _error(question, MSG_NUMBER)
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    if question.integer and not isinstance(number, int):
        raise _error(question, MSG_INTEGER, constraint=True)
    if question.min_value is not None and number < question.min_value:
        raise _error(question, MSG_MIN, constraint=True, min=question.min_value)
    if question.max_value is not None and number > question.max_value:
        raise _error(question, MSG_MAX, constraint=True, max=question.max_value)
    return number


def _normalise_choices(question: Question, raw: object) -> list[str]:
    if not isinstance(raw, (list, tuple)):
        raise _error(question, MSG_CHOICES)
    values: list[str] = []
    for item in cast("Sequence[object]", raw):
        if not isinstance(item, str) or question.choice(item.strip()) is None:
            raise _error(question, MSG_CHOICES)
        if item.strip() not in values:
            values.append(item.strip())
    if len(values) > 1:
        for value in values:
            choice = question.choice(value)
            if choice is not None and choice.exclusive:
                raise _error(question, MSG_EXCLUSIVE, choice=value)
    if question.max_choices is not None and len(values) > question.max_choices:
        raise _error(question, MSG_MAX_CHOICES, constraint=True, max_choices=question.max_choices)
    return values


def _normalise_date(question: Question, raw: object, today: date) -> str:
    if isinstance(raw, datetime):
        raise _error(question, MSG_DATE)
    if isinstance(raw, date):
        day = raw
    elif isinstance(raw, str):
        text = to_ascii_digits(raw.strip())
        if _DATE_RE.fullmatch(text) is None:
            raise _error(question, MSG_DATE)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise _error(question, MSG_DATE) from None
    else:
        raise _error(question, MSG_DATE)
    if question.not_in_future and day > today:
        raise _error(question, MSG_FUTURE, constraint=True)
    return day.isoformat()
