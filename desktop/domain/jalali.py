"""Jalali (Solar Hijri) calendar: stored as Gregorian ``datetime.date``, shown as Jalali.

jdatetime is the single source of truth for the calendar (Qt's Jalali leap rule differs from
1436 on), so every conversion goes through this module.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Final

import jdatetime

from desktop.domain.digits import is_ascii_digits, to_ascii_digits, to_persian_digits
from desktop.domain.errors import N_, ValidationError
from desktop.domain.text import search_key

FIELD: Final = "date"

MONTH_NAMES_FA: Final[tuple[str, ...]] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)

# Indexed by date.weekday() (Monday = 0). Spelling as in jdatetime. The Persian week starts on
# Saturday (شنبه) and Friday (جمعه) is the weekend.
WEEKDAY_NAMES_FA: Final[tuple[str, ...]] = (
    "دوشنبه",
    "سه\u200cشنبه",
    "چهارشنبه",
    "پنج\u200cشنبه",
    "جمعه",
    "شنبه",
    "یک\u200cشنبه",
)

_FRIDAY: Final = 4
# jdatetime asks the process locale on every construction unless given one; pass it to be fast
# and independent of the machine's settings (only month/weekday names depend on it).
_LOCALE: Final = "fa_IR"

# Month names compared by search key, so ي/ك, آ/ا and ZWNJ differences do not matter.
_MONTH_BY_KEY: Final[dict[str, int]] = {
    **{search_key(name): i for i, name in enumerate(MONTH_NAMES_FA, start=1)},
    search_key("امرداد"): 5,  # the older spelling of مرداد
}

_DATE_SEPARATORS: Final = re.compile(
    r"[\s/\\\-.\u066b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]+"
)


def _invalid(year: int, month: int, day: int) -> ValidationError:
    # Numbers passed as text so a renderer does not group a year's digits (۱٬۴۰۳).
    return ValidationError(
        N_("{year}/{month}/{day} is not a valid Jalali date."),
        field=FIELD,
        year=str(year),
        month=str(month),
        day=str(day),
    )


def to_jalali(d: date) -> tuple[int, int, int]:
    """Jalali (year, month, day) of a Gregorian date."""
    try:
        j = jdatetime.date.fromgregorian(date=d, locale=_LOCALE)
    except ValueError:
        raise ValidationError(
            N_("{date} is outside the range of the Jalali calendar."),
            field=FIELD,
            date=d.isoformat(),
        ) from None
    return int(j.year), int(j.month), int(j.day)


def from_jalali(y: int, m: int, d: int) -> date:
    """Gregorian date of a Jalali date; ``ValidationError(field="date")`` if no such day."""
    try:
        g = jdatetime.date(y, m, d, locale=_LOCALE).togregorian()
    except (ValueError, TypeError, OverflowError):
        raise _invalid(y, m, d) from None
    return date(g.year, g.month, g.day)


def is_leap_year(y: int) -> bool:
    """True if Jalali year ``y`` has 366 days (Esfand has 30 days)."""
    from_jalali(y, 1, 1)  # validates the year
    return bool(jdatetime.date(y, 1, 1, locale=_LOCALE).isleap())


def jalali_month_length(y: int, m: int) -> int:
    """Number of days in Jalali month ``m`` of year ``y``."""
    from_jalali(y, m, 1)  # validates year and month
    if m == 12 and is_leap_year(y):
        return 30
    return int(jdatetime.j_days_in_month[m - 1])


def jalali_year(d: date) -> int:
    """Jalali year of a Gregorian date (reports are by Jalali year)."""
    return to_jalali(d)[0]


def jalali_month_range(y: int, m: int) -> tuple[date, date]:
    """First and last Gregorian date of Jalali month ``m`` of year ``y`` (both inclusive)."""
    return from_jalali(y, m, 1), from_jalali(y, m, jalali_month_length(y, m))


def add_months(d: date, months: int) -> date:
    """Add (or subtract) Jalali months, clamping the day to the target month's length.

    Used for 3/6/12-month follow-ups: 1403/06/31 + 1 month is 1403/07/30.
    """
    y, m, day = to_jalali(d)
    ny, m0 = divmod(y * 12 + (m - 1) + months, 12)
    nm = m0 + 1
    return from_jalali(ny, nm, min(day, jalali_month_length(ny, nm)))


def is_friday(d: date) -> bool:
    """Friday is the weekend in Iran (not Saturday/Sunday)."""
    return d.weekday() == _FRIDAY


def format_jalali(d: date, *, persian_digits: bool = True, pattern: str = "numeric") -> str:
    """Format a Gregorian date as Jalali text.

    ``"numeric"``: ``۱۴۰۳/۰۱/۰۲`` (year/month/day, zero padded); ``"long"``: ``۲ فروردین ۱۴۰۳``.
    ``persian_digits=False`` gives ASCII digits.
    """
    y, m, day = to_jalali(d)
    if pattern == "numeric":
        text = f"{y:04d}/{m:02d}/{day:02d}"
    elif pattern == "long":
        text = f"{day} {MONTH_NAMES_FA[m - 1]} {y}"
    else:
        raise ValueError(f"unknown Jalali date pattern {pattern!r}")
    return to_persian_digits(text) if persian_digits else text


def format_jalali_moment(moment: datetime, *, persian_digits: bool = True) -> str:
    """A stored moment (naive means UTC) as the local Jalali date and time: ``۱۴۰۵/۰۹/۰۴ ۱۴:۳۰``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    text = f"{format_jalali(local.date(), persian_digits=False)} {local:%H:%M}"
    return to_persian_digits(text) if persian_digits else text


def _bad_format() -> ValidationError:
    return ValidationError(
        N_("Write the date as year/month/day, for example 1403/01/02."), field=FIELD
    )


def parse_jalali(text: str) -> date:
    """Parse a Jalali date typed by a person into a Gregorian date.

    Accepts Persian, Arabic-Indic or ASCII digits separated by ``/``, ``-``, ``.``, ``٫`` or
    spaces, as year/month/day or, when the four-digit year comes last, day/month/year (what an
    RTL date field with the ``dd/MM/yyyy`` format holds). The month may be a Persian month name
    (``۲ فروردین ۱۴۰۳``). Two-digit years are rejected: 03 could be 1303 or 1403.
    """
    parts = [p for p in _DATE_SEPARATORS.split(to_ascii_digits(text)) if p]
    if len(parts) != 3:
        raise _bad_format()
    first, middle, last = parts
    if not (is_ascii_digits(first) and is_ascii_digits(last)):
        raise _bad_format()
    if is_ascii_digits(middle):
        if len(middle) > 2:
            raise _bad_format()
        month = int(middle)
    else:
        month_or_none = _MONTH_BY_KEY.get(search_key(middle))
        if month_or_none is None:
            raise _bad_format()
        month = month_or_none
    if len(first) == 4 and len(last) <= 2:
        year, day = int(first), int(last)
    elif len(last) == 4 and len(first) <= 2:
        year, day = int(last), int(first)
    elif len(first) <= 2 and len(last) <= 2:
        raise ValidationError(
            N_("Write the year with four digits, for example 1403 rather than 03."), field=FIELD
        )
    else:
        raise _bad_format()
    return from_jalali(year, month, day)
