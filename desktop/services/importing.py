"""Importing participants from the spreadsheets offices keep today, and exporting them back.

Offices keep their lists in Excel (``.xlsx``) or CSV files saved by Excel, LibreOffice or older
Windows tools, with Persian or English column names, Persian, Arabic-Indic or ASCII digits and
Jalali dates. :func:`import_participants` reads such a file, turns every cell into a value of
:class:`~desktop.services.participants.ParticipantInput` and registers every row in one
transaction: if any row has a problem, nothing is written and the report lists every problem by
spreadsheet row (as the person sees it) and by the column name written in the file.

Decisions:

* The header row is the first of the first ten non-empty rows that has at least two known column
  names (a title row above the table is allowed); otherwise the first non-empty row. Row numbers
  are always the physical row numbers of the file.
* Column names are compared by :func:`~desktop.domain.text.search_key` with spaces and anything
  in brackets removed ("کدملی" = "کد ملی", "نام‌خانوادگی" = "نام خانوادگی", "First_Name" =
  "first name"). Unknown columns are ignored and listed in the report; a row-number column
  ("ردیف") and the registration date of an export are ignored silently.
* "First name" and "last name" columns are required; a single "full name" column is refused with a
  request to split it (guessing where a Persian first name ends is not safe).
* Two columns meaning the same field are a problem (which one should win is not ours to guess).
* A row with no value in any recognised column is skipped (templates are often pre-numbered).
* Every cell that cannot be read (a bad date, number or choice) is a problem of that row and
  column; rows with such problems are still validated so the person sees everything at once.
* An empty file (no data rows) is a problem too, so "0 imported" never looks like success.
* A trial run (``dry_run``) makes the same checks as the real import and writes nothing.

Exports use the first Persian column name of each field (so they import back unchanged), Jalali
dates as yyyy/mm/dd with ASCII digits, and our Persian words for choices. Text that Excel would
run as a formula is protected (a leading quote in CSV, a text cell in XLSX).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Final, TypeVar

from desktop.domain.digits import to_ascii_digits
from desktop.domain.enums import (
    ConsentScope,
    Education,
    Gender,
    LabelledEnum,
    MaritalStatus,
    SupportingOrg,
)
from desktop.domain.errors import N_, ValidationError, ValidationErrors, render
from desktop.domain.jalali import format_jalali, from_jalali, parse_jalali, to_jalali
from desktop.domain.text import search_key
from desktop.fileio import SHARED, atomic_output
from desktop.i18n import _, is_persian, language, localise_digits
from desktop.services.participants import (
    FIELD_LABELS,
    BatchError,
    ParticipantInput,
    ParticipantService,
    validate_participant,
)

E = TypeVar("E", bound=LabelledEnum)

#: Lines of problems shown by :func:`format_report` before "… and N more".
REPORT_LIMIT: Final = 200
#: Rows looked at to find the header row.
HEADER_SEARCH_ROWS: Final = 10
REQUIRED_FIELDS: Final = ("first_name", "last_name")

# --- column names --------------------------------------------------------------------------------

# Field → column names people use. The first name is the one we export.
FIELD_HEADERS: Final[dict[str, tuple[str, ...]]] = {
    "first_name": ("نام", "first name", "given name", "firstname"),
    "last_name": (
        "نام خانوادگی",
        "فامیلی",
        "فامیل",
        "last name",
        "family name",
        "surname",
        "family",
    ),
    "father_name": ("نام پدر", "father", "father's name", "father name", "fathers name"),
    "national_id": (
        "کد ملی",
        "شماره ملی",
        "کد ملی مددجو",
        "national id",
        "national code",
        "national id number",
        "nid",
    ),
    "birth_date": ("تاریخ تولد", "تولد", "birth date", "date of birth", "birthday", "dob"),
    "gender": ("جنسیت", "جنس", "gender", "sex"),
    "mobile": (
        "تلفن همراه",
        "موبایل",
        "شماره همراه",
        "شماره موبایل",
        "همراه",
        "تلفن",
        "شماره تلفن",
        "شماره تماس",
        "mobile",
        "mobile number",
        "phone",
        "phone number",
        "cell",
        "cell phone",
    ),
    "neighbourhood": ("محله", "نام محله", "neighbourhood", "neighborhood"),
    "address": ("نشانی", "آدرس", "نشانی محل سکونت", "address"),
    "head_of_household": (
        "سرپرست خانوار",
        "زن سرپرست خانوار",
        "سرپرست",
        "head of household",
        "household head",
    ),
    "household_size": (
        "بعد خانوار",
        "تعداد اعضای خانوار",
        "تعداد اعضا خانوار",
        "تعداد افراد خانوار",
        "household size",
        "household",
    ),
    "dependants": (
        "افراد تحت تکفل",
        "تعداد افراد تحت تکفل",
        "تحت تکفل",
        "dependants",
        "dependents",
    ),
    "marital_status": ("وضعیت تأهل", "وضعیت تاهل", "تأهل", "marital status"),
    "education": ("تحصیلات", "میزان تحصیلات", "مدرک تحصیلی", "education"),
    "disability": ("معلولیت", "نوع معلولیت", "disability"),
    "supporting_org": (
        "نهاد حمایتی",
        "نهاد حمایت‌کننده",
        "تحت پوشش",
        "تحت حمایت",
        "supporting org",
        "supporting organisation",
        "supporting organization",
    ),
    "consent_date": ("تاریخ رضایت", "تاریخ رضایت‌نامه", "consent date"),
    "consent_scope": (
        "دامنه رضایت",
        "محدوده رضایت",
        "رضایت برای",
        "consent scope",
        "consent for",
    ),
    "notes": ("توضیحات", "ملاحظات", "یادداشت", "notes", "note", "remarks", "comments"),
}


FULL_NAME_HEADERS: Final = ("نام و نام خانوادگی", "نام کامل", "full name", "name")
# Columns we know and leave out without mentioning them.
SILENT_HEADERS: Final = (
    "ردیف",
    "شماره ردیف",
    "row",
    "no",
    "id",
    "شناسه",
    "تاریخ ثبت‌نام",
    "registered on",
)
REGISTERED_ON_HEADER: Final = "تاریخ ثبت‌نام"

_BRACKETED: Final = re.compile(r"\([^)]*\)|\[[^]]*\]|\{[^}]*\}")


@lru_cache(maxsize=4096)  # the same few words fill whole columns
def header_key(text: str) -> str:
    """Compare column names and choice values on this: search key without spaces or brackets."""
    return search_key(_BRACKETED.sub(" ", text)).replace(" ", "")


_FULL_NAME: Final = "__full_name__"
_SILENT: Final = "__silent__"


def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name, headers in FIELD_HEADERS.items():
        for header in (*headers, name):
            index.setdefault(header_key(header), name)
    for header in FULL_NAME_HEADERS:
        index.setdefault(header_key(header), _FULL_NAME)
    for header in SILENT_HEADERS:
        index.setdefault(header_key(header), _SILENT)
    return index


_HEADER_INDEX: Final = _header_index()


def field_for_header(header: str) -> str | None:
    """The :class:`ParticipantInput` field a column name stands for, or None if unknown."""
    name = _HEADER_INDEX.get(header_key(header))
    return name if name in FIELD_HEADERS else None


# --- choice values -------------------------------------------------------------------------------

# Our own Persian (and common English) words for each choice; the first is the one we export.
# Kept here rather than taken from the translation catalog so imports work without it.
CHOICE_WORDS: Final[dict[Enum, tuple[str, ...]]] = {
    Gender.FEMALE: ("زن", "خانم", "مونث", "مؤنث", "female", "woman", "f", "w"),
    Gender.MALE: ("مرد", "آقا", "مذکر", "male", "man", "m"),
    MaritalStatus.SINGLE: ("مجرد", "هرگز ازدواج نکرده", "single"),
    MaritalStatus.MARRIED: ("متأهل", "متاهل", "دارای همسر", "married"),
    MaritalStatus.WIDOWED: (
        "همسر فوت‌شده",
        "بیوه",
        "فوت همسر",
        "همسر فوت کرده",
        "widow",
        "widowed",
    ),
    MaritalStatus.DIVORCED: ("مطلقه", "طلاق", "طلاق گرفته", "جدا شده", "divorced"),
    MaritalStatus.SPOUSE_ABSENT: (
        "همسر غایب یا از کار افتاده",
        "بدسرپرست",
        "همسر غایب",
        "همسر از کار افتاده",
        "همسر معلول",
        "همسر زندانی",
        "همسر معتاد",
        "spouse absent",
    ),
    Education.ILLITERATE: ("بی‌سواد", "illiterate"),
    Education.LITERACY_MOVEMENT: (
        "نهضت سوادآموزی",
        "نهضت",
        "سوادآموزی",
        "سواد خواندن و نوشتن",
        "literacy",
    ),
    Education.PRIMARY: ("ابتدایی", "پنجم ابتدایی", "ششم ابتدایی", "primary", "primary school"),
    Education.LOWER_SECONDARY: (
        "سیکل",
        "راهنمایی",
        "سیکل (راهنمایی)",
        "متوسطه اول",
        "سوم راهنمایی",
        "lower secondary",
        "middle school",
    ),
    Education.DIPLOMA: ("دیپلم", "متوسطه دوم", "دبیرستان", "diploma", "high school"),
    Education.ASSOCIATE: ("کاردانی", "فوق‌دیپلم", "associate", "associate degree"),
    Education.BACHELOR: ("کارشناسی", "لیسانس", "bachelor", "ba", "bsc", "bachelors"),
    Education.POSTGRADUATE: (
        "کارشناسی ارشد و بالاتر",
        "کارشناسی ارشد",
        "ارشد",
        "فوق‌لیسانس",
        "دکتری",
        "دکترا",
        "master",
        "masters",
        "ma",
        "msc",
        "phd",
        "doctorate",
    ),
    SupportingOrg.NONE: ("ندارد", "هیچ", "هیچکدام", "خیر", "نه", "none", "no"),
    SupportingOrg.WELFARE: ("بهزیستی", "سازمان بهزیستی", "welfare"),
    SupportingOrg.RELIEF_FOUNDATION: (
        "کمیته امداد",
        "کمیته امداد امام خمینی",
        "امداد",
        "کمیته",
        "relief",
        "relief foundation",
    ),
    SupportingOrg.MUNICIPALITY: ("شهرداری", "municipality"),
    SupportingOrg.CHARITY: (
        "خیریه",
        "موسسه خیریه",
        "سمن",
        "سازمان مردم‌نهاد",
        "charity",
        "ngo",
    ),
    SupportingOrg.OTHER: ("سایر", "دیگر", "other"),
    ConsentScope.OFFICE: ("فقط دفتر", "دفتر", "office"),
    ConsentScope.PROVINCE: ("دفتر و استان", "استان", "استانداری", "province"),
    ConsentScope.PARTNERS: (
        "دفتر، استان و سازمان‌های همکار",
        "سازمان‌های همکار",
        "همکاران",
        "همه",
        "partners",
    ),
}


def choice_label(member: Enum) -> str:
    """The Persian word we write for a choice in exported files."""
    return CHOICE_WORDS[member][0]


@cache
def _choice_index(enum_cls: type[LabelledEnum], lang: str) -> dict[str, LabelledEnum]:
    index: dict[str, LabelledEnum] = {}
    for member in enum_cls:
        words = (
            *CHOICE_WORDS.get(member, ()),
            member.value,
            member.label_msgid,
            _(member.label_msgid),  # the current language's label, when there is a catalog
        )
        for word in words:
            index.setdefault(header_key(word), member)
    return index


# --- cell parsers --------------------------------------------------------------------------------

NOT_A_DATE = N_('"{value}" is not a Jalali date like 1368/05/12.')
NOT_A_VALID_DATE = N_('"{value}" is not a valid date.')
NOT_A_NUMBER = N_('"{value}" is not a whole number.')
NOT_YES_NO = N_('"{value}" is not yes or no (بله/خیر).')
NOT_A_CHOICE = N_('"{value}" is not one of: {choices}.')

_ISO_DATE: Final = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[ T][0-9:.]*)?")
_COMPACT_DATE: Final = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_TRAILING_TIME: Final = re.compile(r"\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")
_GREGORIAN_FROM: Final = 1700  # a four-digit year above this is Gregorian (Jalali 1700 = 2321)
_INVISIBLE_OR_SPACE: Final = re.compile(r"[\s\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]+")
_COUNT: Final = re.compile(r"(-?[0-9]+)(?:\.0*)?")
_PEOPLE_WORD: Final = re.compile(r"(نفر|persons?|people)$")

_YES_SYMBOLS: Final = frozenset("✓✔☑☒✅×xX*+")
_NO_SYMBOLS: Final = frozenset("✗✘☐❌")
_YES_WORDS: Final = frozenset(
    header_key(word)
    for word in (
        *("بله", "بلی", "آری", "آره", "هست", "است", "دارد", "سرپرست", "سرپرست خانوار"),
        *("yes", "y", "true", "1", "ok"),
    )
)
_NO_WORDS: Final = frozenset(
    header_key(word) for word in ("خیر", "نه", "نیست", "ندارد", "نمی باشد", "no", "n", "false", "0")
)


def _cell_error(msgid: str, text: str, **params: object) -> ValidationError:
    error = ValidationError(msgid, value=text.strip())
    error.params.update(params)
    return error


def _gregorian(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _cell_error(NOT_A_VALID_DATE, text) from None


def parse_date(text: str) -> date | None:
    """A date cell: Jalali in any digits (1368/05/12, ۱۳۶۸-۰۵-۱۲, 12 مرداد 1368, 13680512),
    or Gregorian when the year comes first and is above 1700 (1990-01-31, and Excel dates, which
    :func:`cell_text` writes that way). Empty → None; anything else raises ValidationError.
    """
    plain = _TRAILING_TIME.sub("", to_ascii_digits(text).strip())
    if not search_key(plain):
        return None
    compact = _INVISIBLE_OR_SPACE.sub("", plain)
    match = _ISO_DATE.fullmatch(compact) or _COMPACT_DATE.fullmatch(compact)
    if match:
        year, month, day = (int(part) for part in match.groups())
        if year > _GREGORIAN_FROM:
            return _gregorian(text, year, month, day)
        try:
            return from_jalali(year, month, day)
        except ValidationError:
            raise _cell_error(NOT_A_DATE, text) from None
    try:
        parsed = parse_jalali(plain)
    except ValidationError:
        raise _cell_error(NOT_A_DATE, text) from None
    if to_jalali(parsed)[0] > _GREGORIAN_FROM:  # 31/01/1990: a Gregorian date, day first
        raise _cell_error(NOT_A_DATE, text)
    return parsed


def parse_yes_no(text: str) -> bool | None:
    """A yes/no cell: بله/خیر, yes/no, 1/0, ✓ … Empty (or "-") → None."""
    plain = _INVISIBLE_OR_SPACE.sub("", to_ascii_digits(text))
    if not plain:
        return None
    if plain in _YES_SYMBOLS:
        return True
    if plain in _NO_SYMBOLS:
        return False
    key = header_key(plain)
    if not key:
        return None  # "-", "—": nothing written
    if key in _YES_WORDS:
        return True
    if key in _NO_WORDS:
        return False
    raise _cell_error(NOT_YES_NO, text)


def parse_count(text: str) -> int | None:
    """A whole number cell (digits in any script, "4.0" from Excel, "۴ نفر"). Empty → None."""
    plain = _INVISIBLE_OR_SPACE.sub("", to_ascii_digits(text)).replace("\u066b", ".")
    plain = _PEOPLE_WORD.sub("", plain.lower())
    if not plain or not search_key(plain):
        return None
    match = _COUNT.fullmatch(plain)
    if match is None:
        raise _cell_error(NOT_A_NUMBER, text)
    return int(match.group(1))


def parse_choice(enum_cls: type[E], text: str) -> E | None:
    """A choice cell, matched by our Persian words, the English label, the code or the
    current language's label. Empty → None."""
    key = header_key(text)
    if not key:
        return None
    member = _choice_index(enum_cls, language()).get(key)
    if member is None:
        raise _cell_error(NOT_A_CHOICE, text, choices=_choices_text(enum_cls))
    assert isinstance(member, enum_cls)
    return member


def _choices_text(enum_cls: type[LabelledEnum]) -> str:
    if is_persian():
        return "، ".join(choice_label(member) for member in enum_cls)
    return ", ".join(_(member.label_msgid) for member in enum_cls)


def cell_text(value: object) -> str:
    """A spreadsheet cell as text: integral numbers without ".0", dates as ISO yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        # Our CSV export protects text that Excel would take for a formula with a quote.
        if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
            return text[1:]
        return text
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


# --- reading files -------------------------------------------------------------------------------

CANNOT_OPEN = N_("The file {name} could not be opened ({reason}).")
NOT_A_WORKBOOK = N_(
    "{name} could not be read as an Excel workbook; it may be damaged. "
    "Open it in Excel and save it again as .xlsx."
)
WRONG_KIND = N_("Only .csv and .xlsx files can be imported; {name} is neither.")
OLD_EXCEL = N_("{name} is an old Excel file (.xls); save it as .xlsx or .csv in Excel first.")
NO_ROWS = N_("There are no rows to import below the column names.")
MISSING_COLUMN = N_('The file has no "{field}" column; the column names must be in the first row.')
SPLIT_FULL_NAME = N_(
    'Put first and last names in two columns, "{first}" and "{last}", instead of one.'
)
SAME_COLUMN = N_('Columns "{first}" and "{second}" both hold {field}; keep one of them.')


@dataclass(frozen=True)
class _Table:
    header_row: int
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _file_error(msgid: str, path: Path, **params: object) -> ValidationError:
    return ValidationError(msgid, field="file", name=path.name, **params)


def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")  # Excel's "Unicode text"
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows Arabic, what Persian Windows and old Excel save CSV in.
        return raw.decode("cp1256", errors="replace")


def _sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()][:HEADER_SEARCH_ROWS]
    counts = {delimiter: sum(line.count(delimiter) for line in lines) for delimiter in ",;\t"}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_rows(path: Path) -> Iterable[list[str]]:
    text = _decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    for record in reader:
        yield [cell_text(cell) for cell in record]


def _xlsx_rows(path: Path) -> Iterable[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet: Any = workbook.worksheets[0]
            sheet.reset_dimensions()  # some programs write wrong sizes; read what is there
            return [
                [cell_text(value) for value in values]
                for values in sheet.iter_rows(values_only=True)
            ]
        finally:
            workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, SyntaxError):
        # SyntaxError: a damaged sheet's XML (xml.etree's ParseError).
        raise _file_error(NOT_A_WORKBOOK, path) from None


def _raw_rows(path: Path) -> Iterable[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix in (".txt", ".tsv"):
        return _csv_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if suffix == ".xls":
        raise _file_error(OLD_EXCEL, path)
    raise _file_error(WRONG_KIND, path)


def _unique_headers(cells: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    headers: list[str] = []
    for cell in cells:
        text = cell.strip()
        if text:
            seen[text] = seen.get(text, 0) + 1
            if seen[text] > 1:
                text = f"{text} ({seen[text]})"
        headers.append(text)
    return headers


def _read(path: Path) -> _Table:
    try:
        raw = list(_raw_rows(path))
    except OSError as error:
        raise _file_error(CANNOT_OPEN, path, reason=error.strerror or str(error)) from None
    candidates = [(n, row) for n, row in enumerate(raw[:200], start=1) if any(row)]
    header_row = 0
    for number, row in candidates[:HEADER_SEARCH_ROWS]:
        known = {_HEADER_INDEX.get(header_key(cell)) for cell in row if cell} - {None, _SILENT}
        if len(known) >= 2:
            header_row = number
            break
    if not header_row:
        header_row = candidates[0][0] if candidates else 1
    headers = _unique_headers(raw[header_row - 1]) if raw else []
    columns = [(i, header) for i, header in enumerate(headers) if header]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(raw[header_row:], start=header_row + 1):
        if any(values):
            width = len(values)
            rows.append((number, {h: values[i] if i < width else "" for i, h in columns}))
    return _Table(header_row, [header for _i, header in columns], rows)


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read a .csv or .xlsx file: its column names and, per non-empty row below them, the row's
    number in the file and its cells (as text) by column name.

    Raises ValidationError(field="file") for a file that is not .csv/.xlsx or cannot be read.
    """
    table = _read(path)
    return table.headers, table.rows


# --- import --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    row: int  # spreadsheet row number as the person sees it (header = row 1)
    column: str  # the header text as written in the file ('' if not column-specific)
    message: str  # translated, human message


@dataclass(frozen=True)
class ImportReport:
    rows: int
    imported: int
    dry_run: bool
    problems: tuple[ImportProblem, ...]
    ignored_columns: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems


_TEXT_FIELDS: Final = (
    "first_name",
    "last_name",
    "father_name",
    "national_id",
    "mobile",
    "neighbourhood",
    "address",
    "disability",
    "notes",
)
_DATE_FIELDS: Final = ("birth_date", "consent_date")
_COUNT_FIELDS: Final = ("household_size", "dependants")
_CHOICE_FIELDS: Final[dict[str, type[LabelledEnum]]] = {
    "gender": Gender,
    "marital_status": MaritalStatus,
    "education": Education,
    "supporting_org": SupportingOrg,
    "consent_scope": ConsentScope,
}


def _participant_from_cells(
    cells: Mapping[str, str],
) -> tuple[ParticipantInput, list[ValidationError]]:
    """A ParticipantInput from cells by field name, and the cells that could not be read (as
    errors with ``field`` set; such a field is left at its default)."""
    values: dict[str, Any] = {"first_name": "", "last_name": ""}
    errors: list[ValidationError] = []
    for name, text in cells.items():
        if name in _TEXT_FIELDS:
            values[name] = text
            continue
        try:
            if name in _DATE_FIELDS:
                values[name] = parse_date(text)
            elif name in _COUNT_FIELDS:
                values[name] = parse_count(text)
            elif name == "head_of_household":
                values[name] = bool(parse_yes_no(text))
            else:
                choice = parse_choice(_CHOICE_FIELDS[name], text)
                if choice is not None or name != "gender":  # no gender written: the default
                    values[name] = choice
        except ValidationError as error:
            error.field = name
            errors.append(error)
    return ParticipantInput(**values), errors


def _map_columns(
    headers: Sequence[str], header_row: int
) -> tuple[dict[str, str], list[str], list[ImportProblem]]:
    """Header → field for known columns, the ignored column names, and column problems."""
    mapped: dict[str, str] = {}
    by_field: dict[str, str] = {}
    ignored: list[str] = []
    full_name = ""
    problems: list[ImportProblem] = []
    for header in headers:
        name = _HEADER_INDEX.get(header_key(header))
        if name == _SILENT:
            continue
        if name == _FULL_NAME:
            full_name = full_name or header
            continue
        if name is None:
            ignored.append(header)
            continue
        if name in by_field:
            problems.append(
                ImportProblem(
                    header_row,
                    header,
                    render(
                        SAME_COLUMN,
                        {"first": by_field[name], "second": header, "field": _label(name)},
                    ),
                )
            )
            continue
        by_field[name] = header
        mapped[header] = name
    missing = [name for name in REQUIRED_FIELDS if name not in by_field]
    if missing and full_name:
        problems.append(
            ImportProblem(
                header_row,
                full_name,
                render(
                    SPLIT_FULL_NAME,
                    {"first": _header_name("first_name"), "last": _header_name("last_name")},
                ),
            )
        )
    else:
        problems.extend(
            ImportProblem(header_row, "", render(MISSING_COLUMN, {"field": _header_name(name)}))
            for name in missing
        )
    return mapped, ignored, problems


def _label(name: str) -> str:
    return _(FIELD_LABELS[name])


def _header_name(name: str) -> str:
    """How to name a field's column to the person: the Persian column name in Persian."""
    return FIELD_HEADERS[name][0] if is_persian() else _label(name)


def _batch_row_param(error: ValidationError, numbers: Sequence[int]) -> dict[str, object]:
    """register_many names other rows of the batch as "row {index + 1}": use the file's rows."""
    params = dict(error.params)
    row = params.get("row")
    if isinstance(row, int) and 1 <= row <= len(numbers):
        params["row"] = numbers[row - 1]
    return params


def _check_without_writing(
    service: ParticipantService, inputs: Sequence[ParticipantInput], confirm_duplicates: bool
) -> list[tuple[int, ValidationError]]:
    """What register_many would refuse, without writing: validation and duplicate checks."""
    today = service.today()
    problems: list[tuple[int, ValidationError]] = []
    cleaned: list[dict[str, Any]] = []
    for index, data in enumerate(inputs):
        try:
            cleaned.append(validate_participant(data, today=today))
        except ValidationErrors as error:
            problems.extend((index, item) for item in error.errors)
            cleaned.append({})
    with service.db.read() as session:
        # The very checks register_many makes, so a trial run reports the same problems.
        problems.extend(service._batch_duplicates(session, cleaned, confirm_duplicates))
    return problems


def import_participants(
    service: ParticipantService,
    path: Path,
    *,
    dry_run: bool = False,
    confirm_duplicates: bool = True,
) -> ImportReport:
    """Register every person in a .csv/.xlsx file, all or nothing.

    ``dry_run`` checks everything (cells, validation, national IDs already registered or repeated
    in the file) and writes nothing. ``confirm_duplicates=False`` also refuses people with the
    same name, father's name and birth year as someone registered. Raises ValidationError
    (field="file") when the file cannot be read at all.
    """
    table = _read(Path(path))
    mapped, ignored, column_problems = _map_columns(table.headers, table.header_row)
    ignored_columns = tuple(ignored)
    if column_problems:
        rows = sum(1 for _n, cells in table.rows if any(cells.values()))
        return ImportReport(rows, 0, dry_run, tuple(column_problems), ignored_columns)

    header_by_field = {name: header for header, name in mapped.items()}
    numbers: list[int] = []
    inputs: list[ParticipantInput] = []
    cell_problems: list[tuple[int, ValidationError]] = []
    for number, cells in table.rows:
        by_field = {name: cells.get(header, "") for header, name in mapped.items()}
        if not any(by_field.values()):
            continue
        data, unreadable_cells = _participant_from_cells(by_field)
        cell_problems.extend((len(inputs), error) for error in unreadable_cells)
        numbers.append(number)
        inputs.append(data)

    if not inputs:
        problem = ImportProblem(table.header_row, "", render(NO_ROWS))
        return ImportReport(0, 0, dry_run, (problem,), ignored_columns)

    imported = 0
    errors: list[tuple[int, ValidationError]] = []
    if cell_problems or dry_run:
        unreadable = {(index, error.field) for index, error in cell_problems}
        errors = cell_problems + [
            (index, error)
            for index, error in _check_without_writing(service, inputs, confirm_duplicates)
            if (index, error.field) not in unreadable  # a cell we could not read: said once
        ]
    else:
        try:
            imported = len(service.register_many(inputs, confirm_duplicates=confirm_duplicates))
        except BatchError as batch:
            errors = list(batch.problems)

    order = {name: i for i, name in enumerate(FIELD_HEADERS)}
    errors.sort(key=lambda item: (item[0], order.get(item[1].field or "", -1)))
    problems = tuple(
        ImportProblem(
            numbers[index],
            header_by_field.get(error.field or "", ""),
            render(error.msgid, _batch_row_param(error, numbers)),
        )
        for index, error in errors
    )
    return ImportReport(len(inputs), imported, dry_run, problems, ignored_columns)


# --- export --------------------------------------------------------------------------------------

EXPORT_FIELDS: Final = tuple(FIELD_HEADERS)
_FORMULA_START: Final = tuple("=+-@")


def _export_value(name: str, value: Any) -> str | int:
    if value is None or value == "":
        return ""
    if name in _DATE_FIELDS or name == "registered_on":
        return format_jalali(date.fromisoformat(str(value)), persian_digits=False)
    if name == "head_of_household":
        return "بله" if value else "خیر"
    if name in _CHOICE_FIELDS:
        return choice_label({m.value: m for m in _CHOICE_FIELDS[name]}[value])
    if isinstance(value, int):
        return value
    return str(value)


def export_table(service: ParticipantService) -> tuple[list[str], list[list[str | int]]]:
    """Persian column names and every live participant's row, as written by the export."""
    headers = [FIELD_HEADERS[name][0] for name in EXPORT_FIELDS] + [REGISTERED_ON_HEADER]
    rows = [
        [_export_value(name, row.get(name)) for name in (*EXPORT_FIELDS, "registered_on")]
        for row in service.export_rows()
    ]
    return headers, rows


def _write_csv(output: BinaryIO, headers: list[str], rows: list[list[str | int]]) -> None:
    # UTF-8 with a byte order mark: without it Excel reads the file as Windows Arabic/Latin.
    stream = io.TextIOWrapper(output, encoding="utf-8-sig", newline="")
    writer = csv.writer(stream)
    writer.writerow(headers)
    for row in rows:
        # A quote stops Excel from running text such as "=…" as a formula; import drops it.
        writer.writerow(
            f"'{cell}" if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell
            for cell in row
        )
    stream.flush()
    stream.detach()  # the caller owns (fsyncs and closes) ``output``


def _write_xlsx(output: BinaryIO, headers: list[str], rows: list[list[str | int]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(_("Participants"))
    sheet.sheet_view.rightToLeft = True
    for index, name in enumerate((*EXPORT_FIELDS, "registered_on"), start=1):
        width = 40 if name in ("address", "notes") else 16
        sheet.column_dimensions[_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    workbook.save(output)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def export_participants(service: ParticipantService, path: Path) -> int:
    """Write every live participant to a .csv (UTF-8 with BOM) or .xlsx file with Persian column
    names, Jalali dates (yyyy/mm/dd) and Persian words for choices; return the rows written.

    The file appears complete or not at all, and survives a power cut once written
    (:func:`desktop.fileio.atomic_output`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise _file_error(WRONG_KIND, path)
    headers, rows = export_table(service)
    write = _write_csv if suffix == ".csv" else _write_xlsx
    with atomic_output(path, mode=SHARED, temp_suffix=".partial") as output:
        write(output, headers, rows)
    return len(rows)


# --- report --------------------------------------------------------------------------------------

PROBLEM_IN_COLUMN = N_('Row {row}, column "{column}": {message}')
PROBLEM_IN_ROW = N_("Row {row}: {message}")
MORE_PROBLEMS = N_("… and {count} more problems.")
IGNORED_COLUMNS = N_("Columns not imported: {columns}")
SUMMARY_PROBLEMS_ONE = N_("{count} problem in {rows} rows; nothing was imported.")
SUMMARY_PROBLEMS = N_("{count} problems in {rows} rows; nothing was imported.")
SUMMARY_TRIAL = N_("{rows} rows checked: no problems. Nothing was written (trial run).")
SUMMARY_IMPORTED = N_("{imported} of {rows} rows imported.")


def _fill(template: str, **params: object) -> str:
    return template.format(**{key: localise_digits(value) for key, value in params.items()})


def format_report(report: ImportReport, *, limit: int = REPORT_LIMIT) -> str:
    """The report as lines for a person: one per problem (at most ``limit``), then a summary."""
    lines: list[str] = []
    for problem in report.problems[:limit]:
        if problem.column:
            line = _(PROBLEM_IN_COLUMN).format(
                row=localise_digits(problem.row), column=problem.column, message=problem.message
            )
        else:
            line = _(PROBLEM_IN_ROW).format(
                row=localise_digits(problem.row), message=problem.message
            )
        lines.append(line)
    if len(report.problems) > limit:
        lines.append(_fill(_(MORE_PROBLEMS), count=len(report.problems) - limit))
    if report.ignored_columns:
        separator = "، " if is_persian() else ", "
        lines.append(_(IGNORED_COLUMNS).format(columns=separator.join(report.ignored_columns)))
    if report.problems:
        count = len(report.problems)
        summary = SUMMARY_PROBLEMS_ONE if count == 1 else SUMMARY_PROBLEMS
        lines.append(_fill(_(summary), count=count, rows=report.rows))
    elif report.dry_run:
        lines.append(_fill(_(SUMMARY_TRIAL), rows=report.rows))
    else:
        lines.append(_fill(_(SUMMARY_IMPORTED), imported=report.imported, rows=report.rows))
    return "\n".join(lines)


__all__ = [
    "ImportProblem",
    "ImportReport",
    "cell_text",
    "export_participants",
    "export_table",
    "field_for_header",
    "format_report",
    "import_participants",
    "parse_choice",
    "parse_count",
    "parse_date",
    "parse_yes_no",
    "read_table",
]
