"""Cell parsers and column-name matching used by the participant import."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.digits import ARABIC_INDIC_DIGITS, ASCII_DIGITS, PERSIAN_DIGITS
from desktop.domain.enums import (
    ConsentScope,
    Education,
    Gender,
    LabelledEnum,
    MaritalStatus,
    SupportingOrg,
)
from desktop.domain.errors import ValidationError
from desktop.domain.jalali import MONTH_NAMES_FA, to_jalali
from desktop.services.importing import (
    CHOICE_WORDS,
    FIELD_HEADERS,
    cell_text,
    field_for_header,
    parse_choice,
    parse_count,
    parse_date,
    parse_yes_no,
)

SCRIPTS = {
    "ascii": ASCII_DIGITS,
    "persian": PERSIAN_DIGITS,
    "arabic": ARABIC_INDIC_DIGITS,
}
scripts = st.sampled_from(sorted(SCRIPTS))
# Birth dates and consent dates people write: 1300 to 1420 in the Jalali calendar.
dates = st.dates(min_value=date(1921, 3, 21), max_value=date(2041, 3, 20))
spaces = st.sampled_from(["", " ", "  ", "\u200f", "\t"])


def in_script(text: str, script: str) -> str:
    return text.translate(str.maketrans(ASCII_DIGITS, SCRIPTS[script]))


# --- dates ---------------------------------------------------------------------------------------


@given(dates, scripts, st.sampled_from(["/", "-", ".", "/ ", "\u066b"]), st.booleans(), spaces)
def test_jalali_dates_in_every_digit_script(
    day: date, script: str, separator: str, padded: bool, around: str
) -> None:
    y, m, d = to_jalali(day)
    parts = (f"{y}", f"{m:02d}", f"{d:02d}") if padded else (f"{y}", f"{m}", f"{d}")
    text = around + in_script(separator.join(parts), script) + around
    assert parse_date(text) == day


@given(dates, scripts)
def test_jalali_day_first_and_month_names(day: date, script: str) -> None:
    y, m, d = to_jalali(day)
    assert parse_date(in_script(f"{d:02d}/{m:02d}/{y}", script)) == day
    assert parse_date(in_script(f"{d} {MONTH_NAMES_FA[m - 1]} {y}", script)) == day


@given(dates, scripts)
def test_jalali_dates_written_as_one_number(day: date, script: str) -> None:
    y, m, d = to_jalali(day)
    assert parse_date(in_script(f"{y:04d}{m:02d}{d:02d}", script)) == day


@given(dates, scripts)
def test_gregorian_iso_dates(day: date, script: str) -> None:
    assert parse_date(in_script(day.isoformat(), script)) == day
    assert parse_date(in_script(f"{day.isoformat()} 00:00:00", script)) == day
    assert parse_date(in_script(day.isoformat().replace("-", "/"), script)) == day


@given(dates)
def test_excel_date_cells(day: date) -> None:
    assert parse_date(cell_text(datetime(day.year, day.month, day.day))) == day
    assert parse_date(cell_text(day)) == day


@pytest.mark.parametrize("text", ["", "   ", "-", "\u200f"])
def test_empty_dates(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        *("1368/13/01", "1402/12/30", "68/05/12", "دیروز", "1368/05", "32874", "۱۳۶۸//"),
        *("1990-02-30", "31/01/1990", "13681301"),
    ],
)
def test_bad_dates_name_the_value(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text)
    assert caught.value.params["value"] == text


def test_leap_day_jalali() -> None:
    assert parse_date("1403/12/30") == date(2025, 3, 20)


# --- yes / no ------------------------------------------------------------------------------------

YES = ["بله", "بلي", "بلی", "آری", "آره", "yes", "Yes", "Y", "TRUE", "1", "۱", "١", "✓", "✔", "x"]
NO = ["خیر", "خير", "نه", "no", "No", "N", "false", "0", "۰", "٠", "نمی‌باشد", "ندارد", "✗"]


@given(st.sampled_from(YES), spaces)
def test_yes_values(text: str, around: str) -> None:
    assert parse_yes_no(around + text + around) is True


@given(st.sampled_from(NO), spaces)
def test_no_values(text: str, around: str) -> None:
    assert parse_yes_no(around + text + around) is False


@given(spaces)
def test_empty_yes_no(around: str) -> None:
    assert parse_yes_no(around) is None
    assert parse_yes_no(around + "-" + around) is None


@given(st.text(min_size=1, max_size=12))
def test_yes_no_either_answers_or_names_the_value(text: str) -> None:
    try:
        result = parse_yes_no(text)
    except ValidationError as error:
        assert error.params["value"] == text.strip()
    else:
        assert result in (True, False, None)


# --- whole numbers -------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**6), scripts, spaces)
def test_counts_in_every_script(number: int, script: str, around: str) -> None:
    assert parse_count(around + in_script(str(number), script) + around) == number


def test_counts_from_excel_and_people() -> None:
    assert parse_count(cell_text(5.0)) == 5
    assert parse_count("5.0") == 5
    assert parse_count("۴ نفر") == 4
    assert parse_count("-1") == -1  # the registry says why it is wrong
    assert parse_count("") is None
    assert parse_count("-") is None


@pytest.mark.parametrize("text", ["سه", "4.5", "3-4", "x"])
def test_bad_counts(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_count(text)


# --- choices -------------------------------------------------------------------------------------


ALL_CHOICES: list[LabelledEnum] = [
    *Gender,
    *MaritalStatus,
    *Education,
    *SupportingOrg,
    *ConsentScope,
]


def _variants(word: str) -> list[str]:
    """How the same word arrives: ZWNJ or space or nothing, Arabic letters, extra spaces."""
    return [
        word,
        word.replace("\u200c", " "),
        word.replace("\u200c", ""),
        word.replace("ی", "ي").replace("ک", "ك"),
        f"  {word.upper()} ",
    ]


@pytest.mark.parametrize("member", ALL_CHOICES, ids=str)
def test_every_choice_word_is_recognised(member: LabelledEnum) -> None:
    enum_cls = type(member)
    for word in (*CHOICE_WORDS[member], member.value, member.label_msgid):
        for text in _variants(word):
            assert parse_choice(enum_cls, text) is member, text


def test_every_choice_has_persian_words() -> None:
    assert set(CHOICE_WORDS) == set(ALL_CHOICES)


def test_choice_words_do_not_collide() -> None:
    for enum_cls in (Gender, MaritalStatus, Education, SupportingOrg, ConsentScope):
        for member in enum_cls:
            for word in CHOICE_WORDS[member]:
                assert parse_choice(enum_cls, word) is member


def test_unknown_choice_lists_the_choices() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_choice(Education, "حوزوی")
    assert caught.value.params["value"] == "حوزوی"
    assert "choices" in caught.value.params
    assert parse_choice(Education, " ") is None


# --- column names --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FIELD_HEADERS))
def test_every_column_name_is_recognised(name: str) -> None:
    for header in (*FIELD_HEADERS[name], name):
        for text in _variants(header):
            assert field_for_header(text) == name, text
        assert field_for_header(f"{header} (اختیاری)") == name
        assert field_for_header(f"{header} *") == name


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("کدملی", "national_id"),
        ("کد ملي", "national_id"),
        ("نام‌خانوادگی", "last_name"),
        ("نامخانوادگی", "last_name"),
        ("First_Name", "first_name"),
        ("FIRSTNAME", "first_name"),
        ("Father's name", "father_name"),
        ("تاریخ تولد (شمسی)", "birth_date"),
        ("بُعد خانوار", "household_size"),
        ("وضعیت تاهل", "marital_status"),
        ("Neighborhood", "neighbourhood"),
        ("نظر مربی", None),
        ("ردیف", None),
    ],
)
def test_column_name_spellings(header: str, name: str | None) -> None:
    assert field_for_header(header) == name


def test_column_names_do_not_collide() -> None:
    for name, headers in FIELD_HEADERS.items():
        for header in headers:
            assert field_for_header(header) == name, header


# --- spreadsheet cells ---------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**12))
def test_integral_numbers_lose_no_digits(number: int) -> None:
    assert cell_text(number) == str(number)
    assert cell_text(float(number)) == str(number)


def test_cell_text() -> None:
    assert cell_text(None) == ""
    assert cell_text("  علی ") == "علی"
    assert cell_text(True) == "1"
    assert cell_text(2.5) == "2.5"
    assert cell_text(datetime(1990, 1, 31, 0, 0)) == "1990-01-31"
    assert cell_text("'=1+2") == "=1+2"  # our CSV export's formula protection
    assert cell_text("'quoted") == "'quoted"
