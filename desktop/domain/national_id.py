"""Iranian national ID (کد ملی): ten digits, the last one a mod-11 check digit.

People type it with Persian digits, with dashes as printed on the card (``049-937089-9``) or
without the leading zeros (spreadsheets drop them), so we normalise before we validate and store
only the canonical ten ASCII digits.
"""

from __future__ import annotations

import re
from typing import Final

from desktop.domain.digits import is_ascii_digits, to_ascii_digits
from desktop.domain.errors import N_, ValidationError

FIELD: Final = "national_id"
LENGTH: Final = 10

# Whitespace, dashes of every kind, and invisible bidi marks that come along with pasted text.
_SEPARATORS: Final = re.compile(
    r"[\s\-\u2010-\u2015\u2212\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]+"
)


def national_id_check_digit(first_nine: str) -> int:
    """Check digit for the first nine digits: s = Σ d[i]·(10−i), r = s mod 11, r if r < 2 else 11−r.

    Raises ``ValueError`` (a programming error, not user input) unless given nine digits.
    """
    digits = to_ascii_digits(first_nine)
    if len(digits) != LENGTH - 1 or not is_ascii_digits(digits):
        raise ValueError(f"nine digits expected, got {first_nine!r}")
    remainder = sum(int(d) * (LENGTH - i) for i, d in enumerate(digits)) % 11
    return remainder if remainder < 2 else 11 - remainder


def normalise_national_id(raw: str) -> str:
    """Return the canonical ten ASCII digits, or raise ``ValidationError(field="national_id")``.

    Spaces and dashes are dropped, Persian/Arabic-Indic digits become ASCII, and 8 or 9 digits
    are left-padded with zeros (leading zeros get lost in spreadsheets).
    """
    digits = to_ascii_digits(_SEPARATORS.sub("", raw))
    if digits and not is_ascii_digits(digits):
        raise ValidationError(N_("The national ID may contain digits only."), field=FIELD)
    if len(digits) in (LENGTH - 2, LENGTH - 1):
        code = digits.zfill(LENGTH)
    elif len(digits) == LENGTH:
        code = digits
    else:
        raise ValidationError(
            N_(
                "The national ID must have 10 digits (8 or 9 are padded with zeros); {count} given."
            ),
            field=FIELD,
            count=len(digits),
        )
    # Ten identical digits pass the checksum but are never issued (people type 1111111111).
    if len(set(code)) == 1:
        raise ValidationError(
            N_("A national ID of ten identical digits is not valid."), field=FIELD
        )
    if national_id_check_digit(code[:-1]) != int(code[-1]):
        raise ValidationError(
            N_("The national ID {value} fails its check digit; please check it against the card."),
            field=FIELD,
            value=code,
        )
    return code


def is_valid_national_id(raw: str) -> bool:
    """True if :func:`normalise_national_id` accepts ``raw``."""
    try:
        normalise_national_id(raw)
    except ValidationError:
        return False
    return True
