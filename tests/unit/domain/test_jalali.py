"""Jalali calendar conversion, formatting and parsing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.digits import to_persian_digits
from desktop.domain.errors import ValidationError
from desktop.domain.jalali import (
    MONTH_NAMES_FA,
    WEEKDAY_NAMES_FA,
    add_months,
    format_jalali,
    from_jalali,
    is_friday,
    is_leap_year,
    jalali_month_length,
    jalali_month_range,
    jalali_year,
    parse_jalali,
    to_jalali,
)

# persian-text.md, verified in jdatetime, persiantools and Qt.
TABLE = [
    ((1403, 1, 1), date(2024, 3, 20)),
    ((1403, 12, 30), date(2025, 3, 20)),  # leap
    ((1404, 1, 1), date(2025, 3, 21)),
    ((1402, 12, 29), date(2024, 3, 19)),  # not leap
    ((1399, 12, 30), date(2021, 3, 20)),
    ((1379, 10, 12), date(2001, 1, 1)),
]

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(("jalali", "gregorian"), TABLE)
def test_table_vectors(jalali: tuple[int, int, int], gregorian: date) -> None:
    assert to_jalali(gregorian) == jalali
    assert from_jalali(*jalali) == gregorian
    y, m, d = jalali
    assert parse_jalali(f"{y}/{m}/{d}") == gregorian
    assert format_jalali(gregorian, persian_digits=False) == f"{y:04d}/{m:02d}/{d:02d}"


def test_leap_years_from_the_table() -> None:
    assert is_leap_year(1403) and is_leap_year(1399)
    assert not is_leap_year(1402) and not is_leap_year(1404)
    with pytest.raises(ValidationError) as info:
        from_jalali(1402, 12, 30)
    assert info.value.field == "date"
    assert info.value.msgid == "{year}/{month}/{day} is not a valid Jalali date."
    assert info.value.params == {"year": "1402", "month": "12", "day": "30"}


@pytest.mark.parametrize(
    ("y", "m", "d"),
    [(1403, 13, 1), (1403, 0, 1), (1403, 1, 0), (1403, 1, 32), (1403, 7, 31), (0, 1, 1)],
)
def test_invalid_jalali_dates(y: int, m: int, d: int) -> None:
    with pytest.raises(ValidationError) as info:
        from_jalali(y, m, d)
    assert info.value.field == "date"


def test_format_numeric_and_long() -> None:
    d = date(2024, 3, 21)  # 1403/01/02
    assert format_jalali(d) == "۱۴۰۳/۰۱/۰۲"
    assert format_jalali(d, persian_digits=False) == "1403/01/02"
    assert format_jalali(d, pattern="long") == "۲ فروردین ۱۴۰۳"
    assert format_jalali(d, pattern="long", persian_digits=False) == "2 فروردین 1403"
    assert format_jalali(date(2025, 3, 20), pattern="long") == "۳۰ اسفند ۱۴۰۳"
    with pytest.raises(ValueError):
        format_jalali(d, pattern="short")


@pytest.mark.parametrize(
    "text",
    [
        "1403/1/2",
        "1403/01/02",
        "۱۴۰۳/۰۱/۰۲",
        "١٤٠٣/٠١/٠٢",
        "1403-01-02",
        "1403.01.02",
        "1403 1 2",
        "  1403 / 01 / 02  ",
        "۱۴۰۳٫۰۱٫۰۲",
        "02/01/1403",  # what an RTL QDateEdit with the dd/MM/yyyy format holds
        "۲ فروردین ۱۴۰۳",
        "2 فروردين 1403",  # Arabic Yeh in the month name
        "1403 فروردین 2",
        "\u200f۱۴۰۳/۰۱/۰۲\u200e",
    ],
)
def test_parse_accepted(text: str) -> None:
    assert parse_jalali(text) == date(2024, 3, 21)


@pytest.mark.parametrize(
    ("text", "msgid"),
    [
        ("03/01/02", "Write the year with four digits, for example 1403 rather than 03."),
        ("1/2/3", "Write the year with four digits, for example 1403 rather than 03."),
        ("", "Write the date as year/month/day, for example 1403/01/02."),
        ("1403/01", "Write the date as year/month/day, for example 1403/01/02."),
        ("1403/01/02/03", "Write the date as year/month/day, for example 1403/01/02."),
        ("1403/001/02", "Write the date as year/month/day, for example 1403/01/02."),
        ("1403/01/1403", "Write the date as year/month/day, for example 1403/01/02."),
        ("403/01/02", "Write the date as year/month/day, for example 1403/01/02."),
        ("1403/ژانویه/02", "Write the date as year/month/day, for example 1403/01/02."),
        ("1403/01/02x", "Write the date as year/month/day, for example 1403/01/02."),
        ("1403,01,02", "Write the date as year/month/day, for example 1403/01/02."),
        ("1402/12/30", "{year}/{month}/{day} is not a valid Jalali date."),
        ("1403/07/31", "{year}/{month}/{day} is not a valid Jalali date."),
        ("1403/13/01", "{year}/{month}/{day} is not a valid Jalali date."),
    ],
)
def test_parse_rejected(text: str, msgid: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_jalali(text)
    assert info.value.field == "date"
    assert info.value.msgid == msgid


def test_names() -> None:
    assert len(MONTH_NAMES_FA) == 12
    assert MONTH_NAMES_FA[0] == "فروردین" and MONTH_NAMES_FA[11] == "اسفند"
    assert len(WEEKDAY_NAMES_FA) == 7
    # 2024-03-20 (1403/01/01, Nowruz) was a Wednesday; 2024-03-22 a Friday.
    assert WEEKDAY_NAMES_FA[date(2024, 3, 20).weekday()] == "چهارشنبه"
    assert WEEKDAY_NAMES_FA[date(2024, 3, 22).weekday()] == "جمعه"
    assert WEEKDAY_NAMES_FA[date(2024, 3, 23).weekday()] == "شنبه"
    assert WEEKDAY_NAMES_FA[date(2024, 3, 24).weekday()] == "یک\u200cشنبه"
    assert WEEKDAY_NAMES_FA[date(2024, 3, 25).weekday()] == "دوشنبه"


def test_is_friday() -> None:
    assert is_friday(date(2024, 3, 22))
    assert not is_friday(date(2024, 3, 23))
    assert [is_friday(date(2024, 3, 18) + timedelta(days=i)) for i in range(7)].count(True) == 1


def test_jalali_year() -> None:
    assert jalali_year(date(2024, 3, 19)) == 1402
    assert jalali_year(date(2024, 3, 20)) == 1403


def test_month_ranges() -> None:
    assert jalali_month_range(1403, 1) == (date(2024, 3, 20), date(2024, 4, 19))
    assert jalali_month_range(1403, 12) == (date(2025, 2, 19), date(2025, 3, 20))
    assert jalali_month_range(1402, 12)[1] == date(2024, 3, 19)
    assert [jalali_month_length(1403, m) for m in range(1, 13)] == [31] * 6 + [30] * 6
    assert jalali_month_length(1402, 12) == 29
    with pytest.raises(ValidationError):
        jalali_month_range(1403, 13)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ((1403, 1, 2), 3, (1403, 4, 2)),
        ((1403, 6, 31), 1, (1403, 7, 30)),  # clamped to Mehr's 30 days
        ((1403, 9, 15), 6, (1404, 3, 15)),
        ((1403, 12, 30), 12, (1404, 12, 29)),  # 1404 is not leap
        ((1402, 11, 30), 1, (1402, 12, 29)),
        ((1403, 1, 31), -1, (1402, 12, 29)),
        ((1403, 5, 10), 0, (1403, 5, 10)),
        ((1403, 5, 10), -17, (1401, 12, 10)),
    ],
)
def test_add_months(
    start: tuple[int, int, int], months: int, expected: tuple[int, int, int]
) -> None:
    assert to_jalali(add_months(from_jalali(*start), months)) == expected


@given(dates)
def test_round_trip_gregorian_jalali(d: date) -> None:
    assert from_jalali(*to_jalali(d)) == d


@given(dates)
def test_consecutive_days_are_consecutive_in_jalali(d: date) -> None:
    y, m, day = to_jalali(d)
    ny, nm, nday = to_jalali(d + timedelta(days=1))
    assert (ny, nm, nday) in {(y, m, day + 1), (y, m + 1, 1), (y + 1, 1, 1)}
    if (ny, nm, nday) != (y, m, day + 1):
        assert day == jalali_month_length(y, m)


@given(dates, st.booleans(), st.sampled_from(["numeric", "long"]))
def test_format_parse_round_trip(d: date, persian: bool, pattern: str) -> None:
    text = format_jalali(d, persian_digits=persian, pattern=pattern)
    assert parse_jalali(text) == d


@given(dates)
def test_numeric_format_shape(d: date) -> None:
    text = format_jalali(d, persian_digits=False)
    assert len(text) == 10 and text[4] == "/" and text[7] == "/"
    assert format_jalali(d) == to_persian_digits(text)


@given(dates)
def test_month_range_contains_the_date(d: date) -> None:
    y, m, _ = to_jalali(d)
    first, last = jalali_month_range(y, m)
    assert first <= d <= last
    assert to_jalali(first)[2] == 1
    assert to_jalali(first - timedelta(days=1))[1] != m
    assert to_jalali(last + timedelta(days=1))[2] == 1
    assert (last - first).days + 1 == jalali_month_length(y, m)


@given(dates, st.integers(min_value=-36, max_value=36))
def test_add_months_properties(d: date, months: int) -> None:
    y, m, day = to_jalali(d)
    ny, nm, nday = to_jalali(add_months(d, months))
    assert (ny * 12 + nm) - (y * 12 + m) == months
    assert nday == min(day, jalali_month_length(ny, nm))
