"""Digit conversion and number formatting."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.digits import (
    format_number,
    is_ascii_digits,
    to_ascii_digits,
    to_digits,
    to_persian_digits,
)


def test_to_ascii_converts_persian_and_arabic_indic_digits() -> None:
    assert to_ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert to_ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert to_ascii_digits("کد ۱۲۳-abc ٤") == "کد 123-abc 4"


def test_to_persian_converts_ascii_and_arabic_indic_digits() -> None:
    assert to_persian_digits("0123456789") == "۰۱۲۳۴۵۶۷۸۹"
    assert to_persian_digits("٠١٢٣") == "۰۱۲۳"
    assert to_persian_digits(1403) == "۱۴۰۳"
    assert to_persian_digits(1.5) == "۱.۵"  # digits only; separators are format_number's job
    assert to_persian_digits("room 12B") == "room ۱۲B"


def test_to_digits_chooses_direction() -> None:
    assert to_digits("۱۲3", persian=False) == "123"
    assert to_digits("۱٢3", persian=True) == "۱۲۳"
    assert to_digits(42, persian=True) == "۴۲"


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (1234567, {}, "۱٬۲۳۴٬۵۶۷"),
        (1234567, {"persian": False}, "1,234,567"),
        (1234567, {"group": False}, "۱۲۳۴۵۶۷"),
        (1234.5, {}, "۱٬۲۳۴٫۵"),
        (1234.5, {"persian": False, "group": False}, "1234.5"),
        (-1234, {}, "-۱٬۲۳۴"),
        (0.1, {"persian": False}, "0.1"),
        (1e20, {"persian": False}, "100,000,000,000,000,000,000"),
        (2.5, {"decimals": 0, "persian": False}, "3"),
        (2.345, {"decimals": 2, "persian": False}, "2.35"),
        (-0.0, {"persian": False}, "0.0"),
        (999, {}, "۹۹۹"),
    ],
)
def test_format_number(value: float, kwargs: dict[str, bool], expected: str) -> None:
    assert format_number(value, **kwargs) == expected


def test_format_number_rejects_non_finite() -> None:
    with pytest.raises(ValueError):
        format_number(float("nan"))


def test_ascii_digit_check_rejects_persian_digits() -> None:
    # The reason for [0-9]: \d would accept these.
    assert re.fullmatch(r"\d+", "۱۲۳")
    assert not is_ascii_digits("۱۲۳")
    assert is_ascii_digits("0123")
    assert not is_ascii_digits("")


@given(st.text())
def test_digit_round_trip(text: str) -> None:
    ascii_text = to_ascii_digits(text)
    assert to_ascii_digits(to_persian_digits(ascii_text)) == ascii_text
    assert not re.search("[۰-۹٠-٩]", ascii_text)
    assert not re.search("[0-9٠-٩]", to_persian_digits(text))
    assert len(to_persian_digits(text)) == len(text)


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_format_number_integer_round_trip(value: int) -> None:
    text = format_number(value)
    assert int(to_ascii_digits(text).replace("٬", "")) == value
    assert format_number(value, persian=False) == f"{value:,}"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_number_float_round_trip(value: float) -> None:
    text = format_number(value)
    assert "e" not in text.lower()
    back = to_ascii_digits(text).replace("٬", "").replace("٫", ".")
    assert float(back) == value
