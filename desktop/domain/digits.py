"""Digit conversion and number formatting for Persian text.

People type Persian (۰-۹), Arabic-Indic (٠-٩, from Arabic keyboards and pasted text) or ASCII
digits interchangeably. We store and compare ASCII digits and show Persian digits. Validation
must use ``[0-9]``: Python's ``\\d`` also matches Persian digits and would let them slip through.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Final

PERSIAN_DIGITS: Final = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS: Final = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS: Final = "0123456789"

PERSIAN_THOUSANDS_SEPARATOR: Final = "\u066c"  # ٬ ARABIC THOUSANDS SEPARATOR
PERSIAN_DECIMAL_SEPARATOR: Final = "\u066b"  # ٫ ARABIC DECIMAL SEPARATOR

# ``[0-9]`` on purpose: ``\d`` accepts every Unicode decimal digit.
ASCII_DIGITS_RE: Final = re.compile(r"[0-9]+")

_TO_ASCII: Final = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN: Final = str.maketrans(ASCII_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_PERSIAN_NUMBER: Final = str.maketrans(
    {
        **dict(zip(ASCII_DIGITS, PERSIAN_DIGITS, strict=True)),
        ",": PERSIAN_THOUSANDS_SEPARATOR,
        ".": PERSIAN_DECIMAL_SEPARATOR,
    }
)


def to_ascii_digits(text: str) -> str:
    """Turn Persian and Arabic-Indic digits into ASCII; leave everything else unchanged."""
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str | int | float) -> str:
    """Turn ASCII and Arabic-Indic digits into Persian; leave everything else unchanged.

    Numbers are converted with ``str()``, so separators stay ASCII; use :func:`format_number`
    to get Persian separators and grouping.
    """
    return str(text).translate(_TO_PERSIAN)


def to_digits(text: str | int | float, persian: bool) -> str:
    """Convert digits towards Persian (``persian=True``) or ASCII."""
    return to_persian_digits(text) if persian else to_ascii_digits(str(text))


def is_ascii_digits(text: str) -> bool:
    """True if ``text`` is non-empty and made of ASCII digits only."""
    return ASCII_DIGITS_RE.fullmatch(text) is not None


def format_number(
    value: int | float,
    *,
    persian: bool = True,
    group: bool = True,
    decimals: int | None = None,
) -> str:
    """Format a number for people to read.

    With ``persian=True`` digits are Persian, thousands are grouped with ``٬`` (U+066C) and the
    decimal separator is ``٫`` (U+066B); otherwise ASCII digits, ``,`` and ``.``. ``decimals``
    rounds half up to that many places (default: as many as the value needs). Floats never use
    scientific notation. The minus sign stays ASCII ``-``.
    """
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"cannot format non-finite number {value!r}")
    # repr() gives the shortest decimal that round-trips, so 0.1 prints as 0.1, not 0.1000…01.
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if decimals is not None:
        if decimals < 0:
            raise ValueError("decimals must not be negative")
        with localcontext() as ctx:
            # Enough precision for the largest float, so quantize never raises.
            ctx.prec = 400 + decimals
            number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # no "-0"
    text = format(number, ",f" if group else "f")
    return text.translate(_TO_PERSIAN_NUMBER) if persian else text
