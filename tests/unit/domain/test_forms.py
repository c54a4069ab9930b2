"""Form definitions as data: the schema checks, relevance and answer validation."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.domain.forms import (
    MSG_BAD_JSON,
    MSG_BAD_MAX_CHOICES,
    MSG_BAD_PATTERN,
    MSG_CHOICE,
    MSG_CHOICES,
    MSG_CONDITION_CONTAINS,
    MSG_CONDITION_LATER,
    MSG_CONDITION_UNKNOWN,
    MSG_CONDITION_VALUE,
    MSG_DATE,
    MSG_DUPLICATE_CHOICE,
    MSG_DUPLICATE_QUESTION,
    MSG_EXCLUSIVE,
    MSG_FIELD_UNKNOWN,
    MSG_FUTURE,
    MSG_INTEGER,
    MSG_MAX,
    MSG_MAX_CHOICES,
    MSG_MIN,
    MSG_NOT_APPLICABLE,
    MSG_NUMBER,
    MSG_PATTERN,
    MSG_REQUIRED,
    MSG_TEXT,
    MSG_TEXTS,
    MSG_TOO_LONG,
    MSG_UNKNOWN_ANSWER,
    MSG_UNKNOWN_TYPE,
    MSG_YES_NO,
    FormDefinition,
    clean_answers,
    error_text,
    is_relevant,
    load_form_file,
    relevant_question_ids,
    validate_answers,
)

ROOT = Path(__file__).resolve().parents[3]
INTAKE = ROOT / "resources" / "forms" / "intake-default" / "v1.json"
TAXONOMY = ROOT / "resources" / "skills" / "taxonomy.json"
TODAY = date(2025, 3, 1)


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    """These tests read the English msgids as rendered text; the suite default is Persian."""
    from desktop import i18n

    i18n.activate("en")
    yield
    i18n.activate("fa")


@pytest.fixture(scope="module")
def intake() -> FormDefinition:
    return load_form_file(INTAKE)


def realistic_answers() -> dict[str, object]:
    """A complete interview as the UI would hand it over (some numbers typed in Persian)."""
    return {
        "head_of_household": True,
        "head_of_household_reason": "widowed",
        "household_size": "۴",
        "dependants_under_18": 3,
        "cares_for_disabled_or_ill": False,
        "main_income_source": "support_allowance",
        "monthly_household_income": "۶٬۵۰۰٬۰۰۰",
        "housing_status": "rented",
        "monthly_rent": "3,000,000",
        "health_insurance": "salamat",
        "education": "lower_secondary",
        "work_status": "informal",
        "has_work_experience": True,
        "work_experience": "دو سال کار در کارگاه خیاطی محله، بدون بیمه",
        "has_skill_certificate": False,
        "current_skills": ["SEWING", "KNITTING"],
        "interested_trades": ["SEWING", "ONLINE_SELLING"],
        "tools_at_home": ["sewing_machine", "smartphone"],
        "hours_per_day": 5,
        "barriers": ["childcare", "capital"],
        "children_under_6": "1",
        "childcare_at_workshop": True,
        "capital_needed": 40_000_000,
        "support_received": ["relief"],
        "previous_loan": False,
        "goals": ["home_business", "loan"],
        "home_business_idea": "دوخت لباس بچه و فروش در صفحه اینستاگرام و بازارچه محله",
        "home_business_permit": False,
        "loan_amount_needed": "۱۰۰٬۰۰۰٬۰۰۰",
        "loan_purpose": "خرید چرخ سردوز و پارچه",
        "has_guarantor": False,
        "consent_data_use": True,
        "consent_share_province": True,
        "interview_date": "2025-02-20",
        "interviewer_notes": "",
    }


def fields(errors: list[ValidationError]) -> list[str | None]:
    return [e.field for e in errors]


def make_form(*questions: dict[str, Any]) -> FormDefinition:
    return FormDefinition.from_dict(
        {
            "form_id": "test",
            "version": 1,
            "title": {"fa": "آزمون", "en": "Test"},
            "sections": [
                {"id": "main", "title": {"fa": "اصلی", "en": "Main"}, "questions": list(questions)}
            ],
        }
    )


def q(qid: str, qtype: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": qtype, "label": {"fa": qid, "en": qid}, **extra}


YES_NO = q("a", "yes_no", required=True)
CHOICE_B = q(
    "b",
    "single_choice",
    required=True,
    choices=[
        {"value": "x", "label": {"fa": "ایکس", "en": "X"}},
        {"value": "y", "label": {"fa": "وای", "en": "Y"}},
    ],
    relevant_when={"question": "a", "equals": True},
)
TEXT_C = q("c", "text", required=True, relevant_when={"question": "b", "equals": "x"})


# --- the shipped intake form ------------------------------------------------------------------


def test_intake_form_parses(intake: FormDefinition) -> None:
    assert intake.form_id == "intake-default"
    assert intake.version == 1
    assert intake.title["fa"] == "مصاحبه پذیرش"
    questions = list(intake.questions())
    assert 30 <= len(questions) <= 50
    assert [s.id for s in intake.sections] == [
        "household",
        "education_work",
        "skills",
        "barriers",
        "support",
        "goals",
        "consent",
    ]


def test_intake_form_every_text_has_fa_and_en(intake: FormDefinition) -> None:
    for section in intake.sections:
        assert section.title["fa"].strip() and section.title["en"].strip()
    for question in intake.questions():
        assert question.label["fa"].strip(), question.id
        assert question.label["en"].strip(), question.id
        for choice in question.choices:
            assert choice.label["fa"].strip() and choice.label["en"].strip()


def test_intake_form_uses_persian_letters_only() -> None:
    text = INTAKE.read_text(encoding="utf-8")
    assert "\u064a" not in text
    assert "\u0643" not in text


def test_intake_trades_are_taxonomy_codes(intake: FormDefinition) -> None:
    taxonomy = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    codes = [s["code"] for s in taxonomy["skills"]]
    for qid in ("current_skills", "interested_trades"):
        assert [c.value for c in intake.question(qid).choices] == codes


def test_intake_consent_questions_are_required_yes_no(intake: FormDefinition) -> None:
    for qid in ("consent_data_use", "consent_share_province"):
        question = intake.question(qid)
        assert question.type == "yes_no"
        assert question.required
        assert question.relevant_when is None


def test_realistic_complete_interview_is_valid(intake: FormDefinition) -> None:
    answers = realistic_answers()
    assert validate_answers(intake, answers, complete=True, today=TODAY) == []
    cleaned = clean_answers(intake, answers, complete=True, today=TODAY)
    assert cleaned["household_size"] == 4
    assert cleaned["monthly_household_income"] == 6_500_000
    assert cleaned["monthly_rent"] == 3_000_000
    assert cleaned["loan_amount_needed"] == 100_000_000
    assert cleaned["children_under_6"] == 1
    assert cleaned["interview_date"] == "2025-02-20"
    assert "interviewer_notes" not in cleaned  # blank
    assert "transport_problem" not in cleaned  # not relevant


def test_required_missing_only_when_complete(intake: FormDefinition) -> None:
    answers = realistic_answers()
    del answers["monthly_household_income"]
    errors = validate_answers(intake, answers, complete=True, today=TODAY)
    assert fields(errors) == ["monthly_household_income"]
    assert errors[0].msgid == MSG_REQUIRED
    assert validate_answers(intake, answers, complete=False, today=TODAY) == []


def test_blank_values_count_as_unanswered(intake: FormDefinition) -> None:
    answers = realistic_answers()
    answers["interested_trades"] = []
    answers["work_experience"] = "   "
    answers["household_size"] = None
    errors = validate_answers(intake, answers, complete=True, today=TODAY)
    assert sorted(f for f in fields(errors) if f) == [
        "household_size",
        "interested_trades",
        "work_experience",
    ]


def test_empty_draft_is_fine_but_not_complete(intake: FormDefinition) -> None:
    assert validate_answers(intake, {}, complete=False) == []
    errors = validate_answers(intake, {}, complete=True)
    required_top_level = [
        q.id for q in intake.questions() if q.required and q.relevant_when is None
    ]
    assert fields(errors) == required_top_level
    assert "monthly_rent" not in fields(errors)  # a follow-up, hidden


def test_relevance_hides_follow_ups(intake: FormDefinition) -> None:
    rent = intake.question("monthly_rent")
    assert is_relevant(rent, {"housing_status": "rented"})
    assert not is_relevant(rent, {"housing_status": "owned"})
    assert not is_relevant(rent, {})

    answers = realistic_answers()
    answers["housing_status"] = "owned"
    answers["monthly_rent"] = "not a number"  # ignored: the question is hidden
    assert validate_answers(intake, answers, complete=True, today=TODAY) == []
    assert "monthly_rent" not in clean_answers(intake, answers, today=TODAY)


def test_relevance_for_multiple_choice_contains(intake: FormDefinition) -> None:
    answers = realistic_answers()
    answers["barriers"] = ["transport"]
    errors = validate_answers(intake, answers, complete=True, today=TODAY)
    assert fields(errors) == ["transport_problem"]
    shown = relevant_question_ids(intake, answers)
    assert "transport_problem" in shown
    assert "children_under_6" not in shown
    assert "capital_needed" not in shown


def test_relevance_with_in(intake: FormDefinition) -> None:
    study = intake.question("field_of_study")
    assert is_relevant(study, {"education": "bachelor"})
    assert not is_relevant(study, {"education": "primary"})


def test_relevance_is_transitive() -> None:
    form = make_form(YES_NO, CHOICE_B, TEXT_C)
    assert validate_answers(form, {"a": True, "b": "x"}, complete=True) != []
    # "a" hides "b", so "c" is hidden too, even though "b" was answered "x" earlier.
    answers = {"a": False, "b": "x", "c": ""}
    assert validate_answers(form, answers, complete=True) == []
    assert clean_answers(form, answers) == {"a": False}
    assert relevant_question_ids(form, answers) == {"a"}


def test_invalid_parent_answer_hides_follow_ups() -> None:
    form = make_form(YES_NO, CHOICE_B, TEXT_C)
    errors = validate_answers(form, {"a": True, "b": "zzz"}, complete=True)
    assert fields(errors) == ["b"]
    assert errors[0].msgid == MSG_CHOICE


# --- bad answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qid", "value", "msgid"),
    [
        ("household_size", "abc", MSG_NUMBER),
        ("household_size", True, MSG_NUMBER),
        ("household_size", float("nan"), MSG_NUMBER),
        ("household_size", "1,00", MSG_NUMBER),
        ("household_size", 0, MSG_MIN),
        ("household_size", "۲۱", MSG_MAX),
        ("household_size", "2.5", MSG_INTEGER),
        ("monthly_household_income", -1, MSG_MIN),
        ("head_of_household", "yes", MSG_YES_NO),
        ("head_of_household", 1, MSG_YES_NO),
        ("housing_status", "castle", MSG_CHOICE),
        ("housing_status", ["owned"], MSG_CHOICE),
        ("interested_trades", "SEWING", MSG_CHOICES),
        ("interested_trades", ["SEWING", "ASTRONAUT"], MSG_CHOICES),
        ("interested_trades", ["SEWING", "PASTRY", "POTTERY", "BEEKEEPING"], MSG_MAX_CHOICES),
        ("barriers", ["none", "capital"], MSG_EXCLUSIVE),
        ("work_experience", 42, MSG_TEXT),
        ("work_experience", "x" * 1001, MSG_TOO_LONG),
        ("interview_date", "2025-02-30", MSG_DATE),
        ("interview_date", "20250220", MSG_DATE),
        ("interview_date", "1403/12/01", MSG_DATE),
        ("interview_date", "2025-03-02", MSG_FUTURE),
    ],
)
def test_bad_answers(intake: FormDefinition, qid: str, value: object, msgid: str) -> None:
    answers = realistic_answers()
    answers[qid] = value
    errors = validate_answers(intake, answers, complete=True, today=TODAY)
    assert fields(errors) == [qid]
    assert errors[0].msgid == msgid
    assert str(errors[0])  # renders without a KeyError for a missing placeholder
    with pytest.raises(ValidationErrors):
        clean_answers(intake, answers, today=TODAY)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("۴", 4),
        ("٤", 4),
        (" 4 ", 4),
        (4.0, 4),
        ("۱۲٬۵۰۰٬۰۰۰", 12_500_000),
        ("12,500,000", 12_500_000),
    ],
)
def test_number_forms_accepted(intake: FormDefinition, value: object, expected: int) -> None:
    answers = realistic_answers()
    answers["monthly_household_income"] = value
    cleaned = clean_answers(intake, answers, complete=True, today=TODAY)
    assert cleaned["monthly_household_income"] == expected
    assert type(cleaned["monthly_household_income"]) is int


def test_decimal_numbers() -> None:
    form = make_form(q("n", "number", min=0, max=10))
    assert clean_answers(form, {"n": "۲٫۵"}) == {"n": 2.5}
    assert clean_answers(form, {"n": "۲/۵"}) == {"n": 2.5}
    assert clean_answers(form, {"n": "2.50"}) == {"n": 2.5}


def test_constraint_message_is_carried_in_both_languages(intake: FormDefinition) -> None:
    answers = realistic_answers()
    answers["household_size"] = 0
    (error,) = validate_answers(intake, answers, complete=True, today=TODAY)
    assert error.msgid == MSG_MIN
    assert error.params["min"] == 1
    assert error_text(error, "fa") == "تعداد اعضای خانوار باید عددی بین ۱ تا ۲۰ باشد."
    assert error_text(error, "en") == "Household size must be a whole number from 1 to 20."
    assert error.message == "The value must be at least 1."


def test_generic_message_without_constraint_message(intake: FormDefinition) -> None:
    answers = realistic_answers()
    answers["hours_per_day"] = 17
    (error,) = validate_answers(intake, answers, complete=True, today=TODAY)
    assert error_text(error, "fa") == error.message == "The value must be at most 16."


def test_type_errors_do_not_use_the_constraint_message(intake: FormDefinition) -> None:
    answers = realistic_answers()
    answers["household_size"] = "چهار"
    (error,) = validate_answers(intake, answers, complete=True, today=TODAY)
    assert error.msgid == MSG_NUMBER
    assert "custom_fa" not in error.params


def test_unknown_answer_key_is_an_error(intake: FormDefinition) -> None:
    answers = realistic_answers()
    answers["favourite_colour"] = "blue"
    errors = validate_answers(intake, answers, complete=False, today=TODAY)
    assert fields(errors) == ["favourite_colour"]
    assert errors[0].msgid == MSG_UNKNOWN_ANSWER


def test_text_is_stripped_and_persian_letters_normalised(intake: FormDefinition) -> None:
    answers = realistic_answers()
    answers["loan_purpose"] = "  خريد چرخ كوچك  "  # Arabic yeh and kaf
    cleaned = clean_answers(intake, answers, today=TODAY)
    assert cleaned["loan_purpose"] == "خرید چرخ کوچک"


def test_multiple_choice_repeats_are_dropped(intake: FormDefinition) -> None:
    answers = realistic_answers()
    answers["tools_at_home"] = ["oven", "oven", "internet"]
    cleaned = clean_answers(intake, answers, today=TODAY)
    assert cleaned["tools_at_home"] == ["oven", "internet"]


def test_date_objects_and_persian_digits(intake: FormDefinition) -> None:
    answers = realistic_answers()
    answers["interview_date"] = date(2025, 2, 20)
    assert clean_answers(intake, answers, today=TODAY)["interview_date"] == "2025-02-20"
    answers["interview_date"] = "۲۰۲۵-۰۳-۰۱"
    assert clean_answers(intake, answers, today=TODAY)["interview_date"] == "2025-03-01"


def test_pattern_matches_with_ascii_digits() -> None:
    form = make_form(
        q(
            "mobile",
            "text",
            pattern="09[0-9]{9}",
            max_length=11,
            constraint_message={"fa": "شماره همراه ۱۱ رقمی است.", "en": "11 digits."},
        )
    )
    assert clean_answers(form, {"mobile": "۰۹۱۲۳۴۵۶۷۸۹"}) == {"mobile": "09123456789"}
    (error,) = validate_answers(form, {"mobile": "0912"}, complete=False)
    assert error.msgid == MSG_PATTERN
    assert error_text(error, "fa") == "شماره همراه ۱۱ رقمی است."


# --- schema checks ------------------------------------------------------------------------------


def intake_data() -> dict[str, Any]:
    data = json.loads(INTAKE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def first_question(data: dict[str, Any]) -> dict[str, Any]:
    question = data["sections"][0]["questions"][0]
    assert isinstance(question, dict)
    return question


def find(data: dict[str, Any], qid: str) -> dict[str, Any]:
    for section in data["sections"]:
        for question in section["questions"]:
            if question["id"] == qid:
                assert isinstance(question, dict)
                return question
    raise AssertionError(qid)


def test_from_dict_round_trip_of_shipped_data() -> None:
    data = intake_data()
    pristine = copy.deepcopy(data)
    form = FormDefinition.from_dict(data)
    assert data == pristine  # not modified
    assert form.question("monthly_rent").relevant_when is not None


def expect_schema_error(data: dict[str, Any], msgid: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        FormDefinition.from_dict(data)
    assert info.value.msgid == msgid
    assert str(info.value)
    return info.value


def test_schema_unknown_type() -> None:
    data = intake_data()
    first_question(data)["type"] = "slider"
    error = expect_schema_error(data, MSG_UNKNOWN_TYPE)
    assert error.field == "head_of_household"


def test_schema_duplicate_question_id() -> None:
    data = intake_data()
    data["sections"][-1]["questions"].append(copy.deepcopy(first_question(data)))
    expect_schema_error(data, MSG_DUPLICATE_QUESTION)


def test_schema_relevant_when_unknown_question() -> None:
    data = intake_data()
    find(data, "monthly_rent")["relevant_when"] = {"question": "nope", "equals": "rented"}
    expect_schema_error(data, MSG_CONDITION_UNKNOWN)


def test_schema_relevant_when_later_question() -> None:
    data = intake_data()
    find(data, "household_size")["relevant_when"] = {"question": "goals", "contains": "loan"}
    expect_schema_error(data, MSG_CONDITION_LATER)


def test_schema_relevant_when_self() -> None:
    data = intake_data()
    find(data, "monthly_rent")["relevant_when"] = {"question": "monthly_rent", "equals": 1}
    expect_schema_error(data, MSG_CONDITION_LATER)


def test_schema_relevant_when_value_must_fit() -> None:
    data = intake_data()
    find(data, "monthly_rent")["relevant_when"] = {"question": "housing_status", "equals": "tent"}
    expect_schema_error(data, MSG_CONDITION_VALUE)
    data = intake_data()
    find(data, "head_of_household_reason")["relevant_when"] = {
        "question": "head_of_household",
        "equals": "yes",
    }
    expect_schema_error(data, MSG_CONDITION_VALUE)


def test_schema_contains_needs_multiple_choice() -> None:
    data = intake_data()
    find(data, "monthly_rent")["relevant_when"] = {
        "question": "housing_status",
        "contains": "rented",
    }
    expect_schema_error(data, MSG_CONDITION_CONTAINS)


def test_schema_duplicate_choice_value() -> None:
    data = intake_data()
    choices = find(data, "housing_status")["choices"]
    choices.append(copy.deepcopy(choices[0]))
    expect_schema_error(data, MSG_DUPLICATE_CHOICE)


def test_schema_unknown_and_misplaced_fields() -> None:
    data = intake_data()
    find(data, "monthly_rent")["relevent_when"] = {}
    expect_schema_error(data, MSG_FIELD_UNKNOWN)
    data = intake_data()
    find(data, "head_of_household")["max_length"] = 3
    expect_schema_error(data, MSG_NOT_APPLICABLE)


def test_schema_needs_both_languages() -> None:
    data = intake_data()
    del first_question(data)["label"]["en"]
    expect_schema_error(data, MSG_TEXTS)


def test_schema_option_checks() -> None:
    data = intake_data()
    find(data, "interested_trades")["max_choices"] = 500
    expect_schema_error(data, MSG_BAD_MAX_CHOICES)
    data = intake_data()
    find(data, "field_of_study")["pattern"] = "("
    expect_schema_error(data, MSG_BAD_PATTERN)


def test_load_form_file_rejects_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_form_file(path)
    assert info.value.msgid == MSG_BAD_JSON


def test_load_form_file_accepts_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(INTAKE.read_text(encoding="utf-8"), encoding="utf-8-sig")
    assert load_form_file(path).form_id == "intake-default"


# --- properties ---------------------------------------------------------------------------------

_INTAKE = load_form_file(INTAKE)
_IDS = [question.id for question in _INTAKE.questions()]
_CHOICE_VALUES = sorted({c.value for question in _INTAKE.questions() for c in question.choices})

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(_CHOICE_VALUES),
    st.sampled_from(["۱۲", "۱۲٬۰۰۰", "2025-01-01", "۲۰۲۵-۰۱-۰۱", "1e9", "", "  "]),
    st.dates().map(date.isoformat),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
answer_dicts = st.dictionaries(
    st.one_of(st.sampled_from(_IDS), st.text(max_size=10)), values, max_size=25
)


@settings(max_examples=300, deadline=None)
@given(answers=answer_dicts, complete=st.booleans())
def test_random_answers_never_crash(answers: dict[str, object], complete: bool) -> None:
    errors = validate_answers(_INTAKE, answers, complete=complete, today=TODAY)
    assert all(isinstance(e, ValidationError) for e in errors)
    for error in errors:
        assert error.field is not None
        assert isinstance(error_text(error, "fa"), str)
        assert str(error)


@settings(max_examples=200, deadline=None)
@given(answers=answer_dicts)
def test_cleaning_is_idempotent(answers: dict[str, object]) -> None:
    try:
        cleaned = clean_answers(_INTAKE, answers, today=TODAY)
    except ValidationErrors as errors:
        assert errors.errors
        return
    assert validate_answers(_INTAKE, cleaned, complete=False, today=TODAY) == []
    assert clean_answers(_INTAKE, cleaned, today=TODAY) == cleaned
    assert set(cleaned) <= relevant_question_ids(_INTAKE, cleaned)
