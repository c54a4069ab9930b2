"""Iranian national ID (کد ملی) normalisation and check digit."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop.domain.digits import to_persian_digits
from desktop.domain.errors import ValidationError
from desktop.domain.national_id import (
    is_valid_national_id,
    national_id_check_digit,
    normalise_national_id,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def _remainder(code: str) -> int:
    return sum(int(d) * (10 - i) for i, d in enumerate(code[:9])) % 11


def _with_check_digit(nine: str) -> str:
    return nine + str(national_id_check_digit(nine))


def test_check_digit_by_hand() -> None:
    # 0·10 + 4·9 + 9·8 + 9·7 + 3·6 + 7·5 + 0·4 + 8·3 + 9·2 = 266; 266 mod 11 = 2 → 11 − 2 = 9
    assert national_id_check_digit("049937089") == 9
    # 0·10 + 7·9 + 9·8 + 0·7 + 4·6 + 1·5 + 9·4 + 9·3 + 0·2 = 227; 227 mod 11 = 7 → 11 − 7 = 4
    assert national_id_check_digit("079041990") == 4
    # remainders 0 and 1 are the check digit itself: 000000001·2 = 2 → 9; 000000010·3 = 3 → 8
    assert national_id_check_digit("000000001") == 9
    assert national_id_check_digit("100000000") == 1  # 10 mod 11 = 10 → 1
    assert national_id_check_digit("000000000") == 0
    assert national_id_check_digit("۰۴۹۹۳۷۰۸۹") == 9


@pytest.mark.parametrize("bad", ["12345678", "1234567890", "abc", ""])
def test_check_digit_needs_nine_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        national_id_check_digit(bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0499370899", "0499370899"),
        ("0790419904", "0790419904"),
        ("۰۴۹۹۳۷۰۸۹۹", "0499370899"),
        ("٠٤٩٩٣٧٠٨٩٩", "0499370899"),
        ("049-937089-9", "0499370899"),
        (" 049 937 0899 ", "0499370899"),
        ("499370899", "0499370899"),  # 9 digits: leading zero lost in a spreadsheet
        ("79041990" + "4", "0790419904"),
        ("\u200e0499370899\u200f", "0499370899"),
    ],
)
def test_normalise_valid(raw: str, expected: str) -> None:
    assert normalise_national_id(raw) == expected
    assert is_valid_national_id(raw)


def test_eight_digits_are_padded() -> None:
    # 00 + 12345678 → check digit of 001234567 must be 8 for a valid 8-digit entry
    code = _with_check_digit("001234567")
    assert normalise_national_id(code[2:]) == code
    assert len(code[2:]) == 8


@pytest.mark.parametrize(
    ("raw", "msgid_start", "params"),
    [
        ("04993708a9", "The national ID may contain digits only.", {}),
        ("۰۴۹۹۳۷۰۸۹۹x", "The national ID may contain digits only.", {}),
        ("1234567", "The national ID must have 10 digits", {"count": 7}),
        ("12345678901", "The national ID must have 10 digits", {"count": 11}),
        ("", "The national ID must have 10 digits", {"count": 0}),
        ("1111111111", "A national ID of ten identical digits is not valid.", {}),
        ("0000000000", "A national ID of ten identical digits is not valid.", {}),
        ("00000000", "A national ID of ten identical digits is not valid.", {}),
        ("0499370898", "The national ID {value} fails its check digit", {"value": "0499370898"}),
        ("499370898", "The national ID {value} fails its check digit", {"value": "0499370898"}),
    ],
)
def test_normalise_invalid(raw: str, msgid_start: str, params: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_national_id(raw)
    assert info.value.field == "national_id"
    assert info.value.msgid.startswith(msgid_start)
    assert info.value.params == params
    assert not is_valid_national_id(raw)


@pytest.mark.parametrize("digit", "0123456789")
def test_identical_digits_pass_the_checksum_but_are_rejected(digit: str) -> None:
    assert national_id_check_digit(digit * 9) == int(digit)  # why the extra rule exists
    assert not is_valid_national_id(digit * 10)


@given(nine_digits)
def test_computed_check_digit_makes_a_valid_id(nine: str) -> None:
    code = _with_check_digit(nine)
    if len(set(code)) == 1:
        assert not is_valid_national_id(code)
    else:
        assert normalise_national_id(code) == code
        assert normalise_national_id(to_persian_digits(code)) == code
        assert normalise_national_id(f"{code[:3]}-{code[3:9]}-{code[9]}") == code


@given(nine_digits, st.integers(min_value=1, max_value=9))
def test_any_other_check_digit_is_rejected(nine: str, shift: int) -> None:
    code = _with_check_digit(nine)
    wrong = code[:9] + str((int(code[9]) + shift) % 10)
    assert not is_valid_national_id(wrong)


@given(nine_digits, st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_single_digit_change_in_the_body(nine: str, position: int, shift: int) -> None:
    """A changed body digit always changes r (weights 2..10 and 11 prime), but r = 1 and r = 10
    share check digit 1, so exactly those changes go unnoticed."""
    code = _with_check_digit(nine)
    assume(len(set(code)) > 1)
    new_digit = str((int(code[position]) + shift) % 10)
    changed = code[:position] + new_digit + code[position + 1 :]
    old_r, new_r = _remainder(code), _remainder(changed)
    assert old_r != new_r
    undetectable = {old_r, new_r} == {1, 10} and len(set(changed)) > 1
    assert is_valid_national_id(changed) == undetectable


def test_the_one_blind_spot_exists() -> None:
    # 1000000001: s = 1·10 = 10, r = 10 → check 1. 1030000001: s = 10 + 3·8 = 34, r = 1 → check 1.
    # One digit apart and both valid: the checksum cannot catch every single-digit typo.
    assert is_valid_national_id("1000000001")
    assert is_valid_national_id("1030000001")
    code = "1000000001"
    survivors = [
        code[:p] + d + code[p + 1 :]
        for p in range(9)
        for d in "0123456789"
        if d != code[p] and is_valid_national_id(code[:p] + d + code[p + 1 :])
    ]
    assert "1030000001" in survivors
    assert all(_remainder(s) == 1 for s in survivors)
