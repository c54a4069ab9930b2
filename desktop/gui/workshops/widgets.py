"""Small pieces the workshop screens share: number boxes that read any digits, a notice banner,
and how dates, times, shares and levels are written for people."""

from __future__ import annotations

import math
import re
from datetime import date

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QLabel, QSpinBox

from desktop.domain.digits import format_number, to_ascii_digits
from desktop.domain.enums import LabelledEnum
from desktop.domain.errors import N_
from desktop.domain.jalali import format_jalali
from desktop.domain.levels import LEVEL_NAMES
from desktop.gui.style import leading, set_message
from desktop.i18n import _, is_persian, localise_digits

EMPTY = "—"
NOTICE_STYLE = (
    "QLabel { background: #e8f3ef; border: 1px solid #9cc9b9; border-radius: 4px;"
    " padding: 6px 10px; color: #0b4f43; }"
)
WARNING_STYLE = (
    "QLabel { background: #fff4e5; border: 1px solid #f0b45a; border-radius: 4px;"
    " padding: 6px 10px; color: #5b3a00; }"
)

# date.weekday() → its name; listed in the Persian week's order (Saturday first), Friday last.
WEEKDAYS: tuple[tuple[int, str], ...] = (
    (5, N_("Saturday")),
    (6, N_("Sunday")),
    (0, N_("Monday")),
    (1, N_("Tuesday")),
    (2, N_("Wednesday")),
    (3, N_("Thursday")),
    (4, N_("Friday")),
)
WEEKDAY_NAMES: dict[int, str] = dict(WEEKDAYS)
_DECIMAL = re.compile(r"[0-9]*([.][0-9]*)?")


def _plain_number(text: str) -> str:
    """What was typed with ASCII digits and a dot: Persian/Arabic-Indic digits and the Persian
    decimal separator (٫), a slash or a comma (as typed on a Persian keyboard) all accepted."""
    text = to_ascii_digits(text.strip())
    for separator in ("\u066b", "/", ",", "\u060c"):
        text = text.replace(separator, ".")
    return text.replace("\u066c", "")  # a pasted thousands separator


def _bare(box: QAbstractSpinBox, text: str) -> str:
    """The typed number without the box's prefix and suffix, in plain ASCII form."""
    prefix = box.prefix()  # type: ignore[attr-defined]
    suffix = box.suffix()  # type: ignore[attr-defined]
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    return _plain_number(text)


class DecimalSpinBox(QDoubleSpinBox):
    """A QDoubleSpinBox that shows Persian digits and reads any digits and decimal separator
    (Qt's Persian locale ignores Arabic-Indic digits and reads "2.5" as 25)."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return self._state(text), text, pos

    def _state(self, text: str) -> QValidator.State:
        plain = _bare(self, text)
        if not plain or plain == ".":
            return QValidator.State.Intermediate
        if not _DECIMAL.fullmatch(plain):
            return QValidator.State.Invalid
        value = float(plain)
        if "." in plain and len(plain.split(".", 1)[1]) > self.decimals():
            return QValidator.State.Invalid
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable
        return QValidator.State.Intermediate

    def valueFromText(self, text: str) -> float:  # noqa: N802
        plain = _bare(self, text)
        try:
            return float(plain)
        except ValueError:
            return self.value()

    def textFromValue(self, value: float) -> str:  # noqa: N802
        decimals = 0 if float(value).is_integer() else self.decimals()
        return format_number(value, persian=is_persian(), group=False, decimals=decimals)


class IntegerSpinBox(QSpinBox):
    """A QSpinBox that shows Persian digits and reads Persian, Arabic-Indic or ASCII digits."""

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return self._state(text), text, pos

    def _state(self, text: str) -> QValidator.State:
        plain = _bare(self, text)
        if not plain:
            return QValidator.State.Intermediate
        if not plain.isdigit():
            return QValidator.State.Invalid
        if self.minimum() <= int(plain) <= self.maximum():
            return QValidator.State.Acceptable
        return QValidator.State.Intermediate

    def valueFromText(self, text: str) -> int:  # noqa: N802
        plain = _bare(self, text)
        return int(plain) if plain.isdigit() else self.value()

    def textFromValue(self, value: int) -> str:  # noqa: N802
        return format_number(value, persian=is_persian(), group=False)


def notice_label(*, warning: bool = False) -> QLabel:
    """A banner that says what just happened (hidden while empty)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(WARNING_STYLE if warning else NOTICE_STYLE)
    leading(label)
    set_message(label, "")
    return label


# --- how things are written ------------------------------------------------------------------


def jalali(value: date | None) -> str:
    return format_jalali(value, persian_digits=is_persian()) if value else EMPTY


def jalali_with_weekday(value: date) -> str:
    return f"{_(WEEKDAY_NAMES[value.weekday()])} {jalali(value)}"


def number(value: int | float | None) -> str:
    return format_number(value, persian=is_persian(), group=False) if value is not None else EMPTY


def hours_text(value: float) -> str:
    shown = format_number(value, persian=is_persian(), group=False, decimals=1)
    if shown.endswith(("٫۰", ".0")):
        shown = shown[:-2]
    return shown


def percent(share: float) -> str:
    """A share (0.75) as people write it: ۷۵٪ (rounded down, like the completion messages)."""
    whole = math.floor(round(share * 100, 6))
    return _("{percent}%").format(percent=localise_digits(whole))


def level_text(level: int | None) -> str:
    if level is None:
        return EMPTY
    name = LEVEL_NAMES.get(level)
    shown = localise_digits(level)
    return f"{shown} — {_(name)}" if name else shown


def enum_text(member: LabelledEnum) -> str:
    return _(member.label_msgid)


def time_text(value: str) -> str:
    return localise_digits(value)


def skill_label(name_fa: str, name_en: str) -> str:
    return name_fa if is_persian() else (name_en or name_fa)


__all__ = [
    "EMPTY",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "DecimalSpinBox",
    "IntegerSpinBox",
    "enum_text",
    "hours_text",
    "jalali",
    "jalali_with_weekday",
    "level_text",
    "notice_label",
    "number",
    "percent",
    "skill_label",
    "time_text",
]
