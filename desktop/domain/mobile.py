"""Iranian mobile numbers, stored canonically as ``09XXXXXXXXX`` (11 ASCII digits).

The same number reaches us as 09121234567, 9121234567, +98 912 123 4567, 0098…, 98… and with
Persian digits, so everything is reduced to one form before it is stored or compared.
"""

from __future__ import annotations

import re
from typing import Final

from desktop.domain.digits import is_ascii_digits, to_ascii_digits
from desktop.domain.errors import N_, ValidationError

FIELD: Final = "mobile"
COUNTRY_CODE: Final = "98"

# Spaces, dashes, dots, parentheses and bidi marks people and phones put between digit groups.
_SEPARATORS: Final = re.compile(
    r"[\s\-\u2010-\u2015\u2212.()\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]+"
)


def normalise_mobile(raw: str) -> str:
    """Return ``09XXXXXXXXX`` or raise ``ValidationError(field="mobile")``.

    Accepts Persian/Arabic-Indic/ASCII digits with spaces, dashes and parentheses, with the
    country code written as ``+98``, ``0098`` or ``98`` (then an optional trunk ``0``), with the
    trunk ``0`` alone, or with neither (``9121234567``).
    """
    number = to_ascii_digits(_SEPARATORS.sub("", raw.replace("\uff0b", "+")))
    if number.startswith("+"):
        if not number.startswith("+" + COUNTRY_CODE):
            raise ValidationError(
                N_("Only Iranian mobile numbers (+98) can be recorded."), field=FIELD
            )
        number = number[3:]
    elif number.startswith("00" + COUNTRY_CODE):
        number = number[4:]
    elif number.startswith(COUNTRY_CODE) and len(number) == 12:
        number = number[2:]
    if not is_ascii_digits(number):
        raise ValidationError(N_("A mobile number must look like 09121234567."), field=FIELD)
    if number.startswith("0") and len(number) == 11:
        number = number[1:]  # trunk prefix, also in "+98 (0) 912…"
    if len(number) != 10 or number.startswith("0"):
        raise ValidationError(
            N_("A mobile number must have 11 digits, like 09121234567."), field=FIELD
        )
    if not number.startswith("9"):
        raise ValidationError(
            N_("{value} is not a mobile number; mobile numbers start with 09."),
            field=FIELD,
            value="0" + number,
        )
    return "0" + number


def is_valid_mobile(raw: str) -> bool:
    """True if :func:`normalise_mobile` accepts ``raw``."""
    try:
        normalise_mobile(raw)
    except ValidationError:
        return False
    return True
