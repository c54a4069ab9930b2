"""Iranian mobile number normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.digits import to_persian_digits
from desktop.domain.errors import ValidationError
from desktop.domain.mobile import is_valid_mobile, normalise_mobile

SPELLINGS = [
    "09121234567",
    "9121234567",
    "+989121234567",
    "00989121234567",
    "989121234567",
    "+98 912 123 4567",
    "0912 123 4567",
    "0912-123-4567",
    "(0912) 123-4567",
    "+98 (0) 912 123 4567",
    "۰۹۱۲۱۲۳۴۵۶۷",
    "٠٩١٢١٢٣٤٥٦٧",
    "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
    "\u200e+98 912 123 4567\u200f",
]


@pytest.mark.parametrize("raw", SPELLINGS)
def test_accepted_spellings(raw: str) -> None:
    assert normalise_mobile(raw) == "09121234567"
    assert is_valid_mobile(raw)


@pytest.mark.parametrize(
    ("raw", "msgid"),
    [
        ("", "A mobile number must look like 09121234567."),
        ("0912123456", "A mobile number must have 11 digits, like 09121234567."),
        ("091212345678", "A mobile number must have 11 digits, like 09121234567."),
        ("00912123456", "A mobile number must have 11 digits, like 09121234567."),
        ("0912x234567", "A mobile number must look like 09121234567."),
        ("0912/123/4567", "A mobile number must look like 09121234567."),
        ("+44 7700 900123", "Only Iranian mobile numbers (+98) can be recorded."),
        ("02112345678", "{value} is not a mobile number; mobile numbers start with 09."),
        ("+98 21 1234 5678", "{value} is not a mobile number; mobile numbers start with 09."),
    ],
)
def test_rejected(raw: str, msgid: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_mobile(raw)
    assert info.value.field == "mobile"
    assert info.value.msgid == msgid
    assert not is_valid_mobile(raw)


def test_landline_message_names_the_number() -> None:
    with pytest.raises(ValidationError) as info:
        normalise_mobile("+98 21 1234 5678")
    assert info.value.params == {"value": "02112345678"}


subscriber = st.text(alphabet="0123456789", min_size=9, max_size=9).map(lambda s: "9" + s)


def _spellings(number: str) -> list[str]:
    """Every accepted way of writing the ten-digit number ``9XXXXXXXXX``."""
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    return [
        "0" + number,
        number,
        "+98" + number,
        "0098" + number,
        "98" + number,
        "+98 " + spaced,
        "+98 (0) " + spaced,
        f"(0{number[:3]}) {number[3:6]}-{number[6:]}",
        to_persian_digits("0" + number),
        "0" + number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
    ]


@given(subscriber)
def test_every_spelling_gives_the_same_canonical_form(number: str) -> None:
    canonical = {normalise_mobile(s) for s in _spellings(number)}
    assert canonical == {"0" + number}


@given(subscriber)
def test_canonical_form_is_a_fixed_point(number: str) -> None:
    canonical = normalise_mobile("+98 " + number)
    assert len(canonical) == 11 and canonical.startswith("09") and canonical.isascii()
    assert normalise_mobile(canonical) == canonical


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.sampled_from("0123456780"))
def test_numbers_not_starting_with_9_are_rejected(rest: str, first: str) -> None:
    assert not is_valid_mobile("0" + first + rest)
