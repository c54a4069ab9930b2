"""The fast QR encoder gives, module for module, the code segno makes with the same settings."""

from __future__ import annotations

import random

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.certificates.qr import ERROR_LEVEL, MASK, qr_matrix

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
PRINTABLE = "".join(map(chr, range(32, 127)))


def reference(text: str) -> tuple[bytes, ...]:
    code = segno.make(text, error=ERROR_LEVEL, mask=MASK, boost_error=False, micro=False)
    return tuple(bytes(row) for row in code.matrix)


def _most_characters(mode: str, version: int) -> int:
    """The longest text of ``mode`` that fits ``version`` at level M."""
    capacity: dict[int, dict[int, int]] = segno.consts.SYMBOL_CAPACITY  # type: ignore[assignment]
    bits = capacity[version][segno.consts.ERROR_LEVEL_M]
    band = 0 if version <= 9 else 1 if version <= 26 else 2
    count_bits = {"numeric": (10, 12, 14), "alphanumeric": (9, 11, 13), "byte": (8, 16, 16)}
    room = bits - 4 - count_bits[mode][band]
    if mode == "numeric":
        return room // 10 * 3 + (2 if room % 10 >= 7 else 1 if room % 10 >= 4 else 0)
    if mode == "alphanumeric":
        return room // 11 * 2 + (1 if room % 11 >= 6 else 0)
    return room // 8


@pytest.mark.parametrize(
    ("mode", "alphabet"),
    [("numeric", "0123456789"), ("alphanumeric", ALPHANUMERIC), ("byte", PRINTABLE.lower())],
)
def test_every_version_matches_segno(mode: str, alphabet: str) -> None:
    """The fullest text of each version 1 to 40 in each mode, and the next one up."""
    rnd = random.Random(mode)
    for version in range(1, 41):
        most = _most_characters(mode, version)
        for length in (most, most + 1) if version < 40 else (most,):
            text = "".join(rnd.choice(alphabet) for _ in range(length))
            code = segno.make(text, error="m", mask=2, boost_error=False, micro=False)
            assert code.mode == mode
            assert code.version == (version if length == most else version + 1)
            assert qr_matrix(text) == reference(text), (mode, length, code.designator)


@given(st.text(alphabet=st.sampled_from(PRINTABLE), max_size=300))
@settings(max_examples=150, deadline=None)
def test_any_ascii_text_matches_segno(text: str) -> None:
    assert qr_matrix(text) == reference(text)


@given(st.text(alphabet=st.sampled_from("0123456789"), min_size=180, max_size=320))
@settings(max_examples=150, deadline=None)
def test_certificate_sized_digit_codes_match_segno(text: str) -> None:
    assert qr_matrix(text) == reference(text)


def test_text_beyond_ascii_goes_to_segno() -> None:
    assert qr_matrix("گواهی‌نامه") == reference("گواهی‌نامه")
