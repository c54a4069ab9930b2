"""Importing participants from office spreadsheets (CSV/XLSX) and exporting them back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from desktop import i18n
from desktop.domain.digits import to_persian_digits
from desktop.domain.enums import ConsentScope, Education, Gender, MaritalStatus, SupportingOrg
from desktop.domain.errors import ValidationError
from desktop.domain.national_id import national_id_check_digit
from desktop.services.importing import (
    ImportReport,
    export_participants,
    format_report,
    import_participants,
    read_table,
)
from desktop.services.participants import ParticipantInput, ParticipantService
from desktop.services.setup import OfficeInput, initialise_office
from desktop.store.engine import Database

OFFICE = OfficeInput("URM01", "دفتر", "ارومیه", "آذربایجان غربی")


def nid(seed: int) -> str:
    """A valid national ID (ten digits, right check digit) made from ``seed``."""
    nine = f"{seed:09d}"
    return nine + str(national_id_check_digit(nine))


def _service(path: Path) -> ParticipantService:
    db = Database(path)
    return ParticipantService(db, initialise_office(db, OFFICE))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("HAMYAR_HOME", str(tmp_path))
    previous = i18n.language()
    i18n.activate("fa")
    yield tmp_path
    i18n.activate(previous)


@pytest.fixture
def service(home: Path) -> Iterator[ParticipantService]:
    svc = _service(home / "x.sqlite3")
    yield svc
    svc.db.dispose()


def write_csv(
    path: Path, lines: list[list[str]], *, encoding: str = "utf-8", sep: str = ","
) -> Path:
    path.write_bytes(("\r\n".join(sep.join(cells) for cells in lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def people(service: ParticipantService) -> dict[str, dict[str, Any]]:
    return {row["national_id"] or row["first_name"]: row for row in service.export_rows()}


def assert_nothing_written(service: ParticipantService) -> None:
    assert service.count() == 0


def only_problem(report: ImportReport) -> tuple[int, str, str]:
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    return problem.row, problem.column, problem.message


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_with_persian_headers_and_persian_digits_imports(
    service: ParticipantService, home: Path
) -> None:
    fatemeh, zahra = nid(49937089), nid(123456789)
    path = write_csv(
        home / "list.csv",
        [
            # ZWNJ and no-space spellings of column names; a row-number column; an unknown column
            [
                *("ردیف", "نام", "نام‌خانوادگی", "نام پدر", "کدملی", "تاریخ تولد", "جنسیت"),
                *("تلفن همراه", "محله", "سرپرست خانوار", "بعد خانوار", "افراد تحت تکفل"),
                *("وضعیت تأهل", "تحصیلات", "نهاد حمایتی", "تاریخ رضایت", "دامنه رضایت"),
                "نظر مربی",
            ],
            [
                *("۱", "فاطمه", "احمدي", "علی", to_persian_digits(fatemeh), "۱۳۶۸/۰۵/۱۲", "زن"),
                *("۰۹۱۲ ۱۲۳ ۴۵۶۷", "اسلام‌آباد", "بله", "۴", "۳"),
                *("بیوه", "سیکل", "کمیته امداد", "۱۴۰۲/۰۱/۱۵", "دفتر و استان", "خوب"),
            ],
            [
                *("٢", "زهرا", "کریمی", "", zahra, "1370-7-1", ""),
                *("", "", "خیر", "", ""),
                *("", "", "", "", "", ""),
            ],
            ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],  # empty
        ],
    )

    report = import_participants(service, path)

    assert report.ok, format_report(report)
    assert (report.rows, report.imported, report.dry_run) == (2, 2, False)
    assert report.ignored_columns == ("نظر مربی",)
    rows = people(service)
    first = rows[fatemeh]
    assert first["last_name"] == "احمدی"  # Arabic Yeh normalised by the registry
    assert first["birth_date"] == date(1989, 8, 3).isoformat()
    assert first["mobile"] == "09121234567"
    assert first["head_of_household"] is True
    assert (first["household_size"], first["dependants"]) == (4, 3)
    assert first["marital_status"] == MaritalStatus.WIDOWED
    assert first["education"] == Education.LOWER_SECONDARY
    assert first["supporting_org"] == SupportingOrg.RELIEF_FOUNDATION
    assert first["consent_date"] == date(2023, 4, 4).isoformat()
    assert first["consent_scope"] == ConsentScope.PROVINCE
    second = rows[zahra]
    assert second["gender"] == Gender.FEMALE  # empty gender: the form's default
    assert second["birth_date"] == date(1991, 9, 23).isoformat()  # 1370/07/01
    assert second["head_of_household"] is False
    lines = format_report(report).splitlines()
    assert len(lines) == 2 and "نظر مربی" in lines[0] and "۲" in lines[1]


def test_cp1256_csv_with_semicolons(service: ParticipantService, home: Path) -> None:
    # Windows-1256 has no Persian Yeh (ی): files saved in it hold the Arabic one (ي).
    lines = [["نام", "نام خانوادگی", "کد ملی", "محله"], ["مریم", "رضایی", nid(77), "کوی ولیعصر"]]
    arabic_yeh = [[cell.replace("ی", "ي") for cell in line] for line in lines]
    path = write_csv(home / "old-excel.csv", arabic_yeh, encoding="cp1256", sep=";")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    report = import_participants(service, path)

    assert report.ok, format_report(report)
    person = people(service)[nid(77)]
    assert (person["last_name"], person["neighbourhood"]) == ("رضایی", "کوی ولیعصر")


def test_utf8_bom_and_tab_separated(service: ParticipantService, home: Path) -> None:
    path = write_csv(
        home / "tabs.csv",
        [["First Name", "Last_Name", "National Code"], ["Sara", "Karimi", nid(88)]],
        encoding="utf-8-sig",
        sep="\t",
    )
    headers, rows = read_table(path)
    assert headers == ["First Name", "Last_Name", "National Code"]  # no BOM in the first name
    assert rows == [(2, {"First Name": "Sara", "Last_Name": "Karimi", "National Code": nid(88)})]
    assert import_participants(service, path).imported == 1


def test_excel_unicode_text_utf16(service: ParticipantService, home: Path) -> None:
    path = write_csv(
        home / "unicode.txt",
        [["نام", "نام خانوادگی"], ["لیلا", "نوری"]],
        encoding="utf-16",
        sep="\t",
    )
    assert import_participants(service, path).imported == 1


# --- XLSX ----------------------------------------------------------------------------------------


def test_xlsx_with_english_headers_and_numbers_imports(
    service: ParticipantService, home: Path
) -> None:
    leading_zero = nid(4993708)  # 004993708…: Excel keeps 8 digits
    assert leading_zero.startswith("00")
    path = write_xlsx(
        home / "list.xlsx",
        [
            ["List of participants, Urmia"],  # a title above the table
            [],
            [
                *("First name", "Surname", "National ID", "Date of birth", "Mobile", "Gender"),
                *("Head of household", "Household size", "Education"),
            ],
            [
                *("Leila", "Nouri", int(leading_zero), datetime(1990, 1, 31), 9141234567, "F"),
                *(True, 5.0, "Bachelor's degree"),
            ],
            ["Reza", "Amini", float(nid(987654321)), 13650101, "", "male", 0, None, "diploma"],
        ],
    )

    report = import_participants(service, path)

    assert report.ok, format_report(report)
    assert report.imported == 2
    rows = people(service)
    leila = rows[leading_zero]
    assert leila["birth_date"] == "1990-01-31"
    assert leila["mobile"] == "09141234567"
    assert leila["head_of_household"] is True
    assert leila["household_size"] == 5
    assert leila["education"] == Education.BACHELOR
    reza = rows[nid(987654321)]
    assert reza["gender"] == Gender.MALE
    assert reza["birth_date"] == date(1986, 3, 21).isoformat()  # 1365/01/01 written as a number
    assert reza["education"] == Education.DIPLOMA


def test_xlsx_problem_rows_are_the_sheet_rows(service: ParticipantService, home: Path) -> None:
    path = write_xlsx(
        home / "list.xlsx",
        [["Title"], ["نام", "نام خانوادگی", "تاریخ تولد"], ["آمنه", "قاسمی", "1368/15/01"]],
    )
    row, column, message = only_problem(import_participants(service, path))
    assert (row, column) == (3, "تاریخ تولد")
    assert "۱۳۶۸/۱۵/۰۱" in message


# --- problems ------------------------------------------------------------------------------------


def test_one_bad_national_id_imports_nothing(service: ParticipantService, home: Path) -> None:
    bad = nid(555)[:-1] + str((int(nid(555)[-1]) + 1) % 10)
    path = write_csv(
        home / "list.csv",
        [
            ["نام", "نام خانوادگی", "شماره ملی"],
            ["فاطمه", "احمدی", nid(101)],
            ["زهرا", "کریمی", nid(202)],
            ["مریم", "رضایی", bad],
            ["لیلا", "نوری", nid(404)],
        ],
    )

    report = import_participants(service, path)

    assert not report.ok
    assert (report.rows, report.imported) == (4, 0)
    row, column, message = only_problem(report)
    assert (row, column) == (4, "شماره ملی")  # the header as the person wrote it
    assert to_persian_digits(bad) in message
    assert_nothing_written(service)
    text = format_report(report)
    lines = text.splitlines()
    assert len(lines) == 2
    assert "۴" in lines[0] and "شماره ملی" in lines[0] and message in lines[0]
    assert "۱" in lines[1] and "۴" in lines[1]  # 1 problem in 4 rows


def test_several_problems_in_one_row_are_all_reported(
    service: ParticipantService, home: Path
) -> None:
    path = write_csv(
        home / "list.csv",
        [
            ["نام", "نام خانوادگی", "موبایل", "بعد خانوار", "افراد تحت تکفل", "تحصیلات"],
            ["", "کریمی", "0212345678", "سه", "2", "حوزوی"],
        ],
    )

    report = import_participants(service, path)

    problems = [(p.row, p.column) for p in report.problems]
    assert problems == [
        (2, "نام"),
        (2, "موبایل"),
        (2, "بعد خانوار"),
        (2, "تحصیلات"),
    ]
    assert "سه" in report.problems[2].message
    assert "دیپلم" in report.problems[3].message  # lists the choices in Persian
    assert_nothing_written(service)


def test_duplicates_in_the_file_and_against_the_database(
    service: ParticipantService, home: Path
) -> None:
    service.register(ParticipantInput("فاطمه", "احمدی", national_id=nid(1)))
    path = write_csv(
        home / "list.csv",
        [
            ["نام", "نام خانوادگی", "کد ملی"],
            ["فاطمه", "احمدی", nid(1)],  # row 2: already registered
            ["زهرا", "کریمی", nid(2)],  # row 3
            ["", "", ""],  # row 4: empty, skipped
            ["زهرا", "کریمی", to_persian_digits(nid(2))],  # row 5: same as row 3
        ],
    )

    for dry_run in (True, False):
        report = import_participants(service, path, dry_run=dry_run)
        assert [(p.row, p.column) for p in report.problems] == [(2, "کد ملی"), (5, "کد ملی")]
        assert "فاطمه احمدی" in report.problems[0].message
        assert "۳" in report.problems[1].message  # the file's row 3, not the batch's 2nd row
        assert report.imported == 0
    assert service.count() == 1


def test_same_name_father_and_birth_year_needs_confirmation(
    service: ParticipantService, home: Path
) -> None:
    service.register(ParticipantInput("فاطمه", "احمدی", father_name="علی"))
    path = write_csv(
        home / "list.csv", [["نام", "نام خانوادگی", "نام پدر"], ["فاطمه", "احمدی", "علي"]]
    )

    for dry_run in (True, False):
        report = import_participants(service, path, confirm_duplicates=False, dry_run=dry_run)
        assert [(p.row, p.column) for p in report.problems] == [(2, "نام")]
    assert service.count() == 1
    assert import_participants(service, path).imported == 1  # confirmed by default
    assert service.count() == 2


def test_dry_run_writes_nothing(service: ParticipantService, home: Path) -> None:
    path = write_csv(
        home / "list.csv", [["نام", "نام خانوادگی", "کد ملی"], ["مریم", "رضایی", nid(9)]]
    )

    report = import_participants(service, path, dry_run=True)

    assert report.ok and report.dry_run
    assert (report.rows, report.imported) == (1, 0)
    assert_nothing_written(service)
    assert "۱" in format_report(report)
    assert import_participants(service, path).imported == 1


def test_unreadable_cell_is_reported_once(service: ParticipantService, home: Path) -> None:
    # A bad consent date would also break "both date and scope": say only what is wrong.
    path = write_csv(
        home / "list.csv",
        [["نام", "نام خانوادگی", "تاریخ رضایت", "دامنه رضایت"], ["مریم", "رضایی", "دیروز", "دفتر"]],
    )
    for dry_run in (True, False):
        row, column, _message = only_problem(import_participants(service, path, dry_run=dry_run))
        assert (row, column) == (2, "تاریخ رضایت")


def test_missing_required_column(service: ParticipantService, home: Path) -> None:
    path = write_csv(home / "list.csv", [["نام", "کد ملی"], ["مریم", nid(9)]])
    row, column, message = only_problem(import_participants(service, path))
    assert (row, column) == (1, "")
    assert "نام خانوادگی" in message


def test_full_name_column_asks_for_two_columns(service: ParticipantService, home: Path) -> None:
    path = write_csv(home / "list.csv", [["نام و نام خانوادگی", "کد ملی"], ["مریم رضایی", nid(9)]])
    row, column, _message = only_problem(import_participants(service, path))
    assert (row, column) == (1, "نام و نام خانوادگی")


def test_two_columns_for_one_field(service: ParticipantService, home: Path) -> None:
    path = write_csv(
        home / "list.csv",
        [["نام", "نام خانوادگی", "موبایل", "تلفن همراه"], ["مریم", "رضایی", "", ""]],
    )
    row, column, _message = only_problem(import_participants(service, path))
    assert (row, column) == (1, "تلفن همراه")


def test_no_rows(service: ParticipantService, home: Path) -> None:
    path = write_csv(home / "list.csv", [["نام", "نام خانوادگی"], ["", ""]])
    report = import_participants(service, path)
    assert not report.ok and report.rows == 0


def test_files_that_cannot_be_read(service: ParticipantService, home: Path) -> None:
    for name, content in (
        ("list.xls", b"\xd0\xcf\x11\xe0"),
        ("list.pdf", b"%PDF"),
        ("x.xlsx", b"no"),
    ):
        path = home / name
        path.write_bytes(content)
        with pytest.raises(ValidationError) as caught:
            import_participants(service, path)
        assert caught.value.field == "file"
    with pytest.raises(ValidationError):
        import_participants(service, home / "missing.csv")


def test_report_lists_at_most_the_limit(service: ParticipantService, home: Path) -> None:
    rows = [["نام", "نام خانوادگی", "کد ملی"]] + [["الف", "ب", "123"] for _ in range(250)]
    report = import_participants(service, write_csv(home / "list.csv", rows))
    assert len(report.problems) == 250
    lines = format_report(report).splitlines()
    assert len(lines) == 200 + 2
    assert "۵۰" in lines[-2]


# --- export and round trip -----------------------------------------------------------------------


def _varied_people() -> list[ParticipantInput]:
    return [
        ParticipantInput(
            first_name="فاطمه",
            last_name="احمدی",
            father_name="علی",
            national_id=nid(49937089),
            birth_date=date(1989, 8, 3),
            gender=Gender.FEMALE,
            mobile="09121234567",
            neighbourhood="اسلام‌آباد",
            address="خیابان امام، کوچه ۳، پلاک ۱۲",
            head_of_household=True,
            household_size=4,
            dependants=3,
            marital_status=MaritalStatus.SPOUSE_ABSENT,
            education=Education.POSTGRADUATE,
            disability="کم‌بینا",
            supporting_org=SupportingOrg.CHARITY,
            consent_date=date(2024, 3, 20),
            consent_scope=ConsentScope.PARTNERS,
            notes='=1+2, "نقل قول"\nخط دوم',
        ),
        ParticipantInput(first_name="رضا", last_name="امینی", gender=Gender.MALE),
        *(
            ParticipantInput(
                first_name="زهرا",
                last_name=f"کریمی {('الف', 'ب', 'پ')[i]}",
                national_id=nid(1000 + i),
                marital_status=list(MaritalStatus)[i],
                education=list(Education)[i],
                supporting_org=list(SupportingOrg)[i],
                notes="-منفی" if i == 0 else "",
            )
            for i in range(3)
        ),
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_a_fresh_database(home: Path, suffix: str) -> None:
    source = _service(home / "source.sqlite3")
    source.register_many(_varied_people())
    path = home / f"export{suffix}"

    assert export_participants(source, path) == 5

    target = _service(home / "target.sqlite3")
    report = import_participants(target, path)
    assert report.ok, format_report(report)
    assert report.ignored_columns == ()

    def comparable(service: ParticipantService) -> list[dict[str, Any]]:
        rows = service.export_rows()
        for row in rows:
            del row["id"], row["registered_on"]
        return sorted(rows, key=lambda row: (row["national_id"] or "", row["first_name"]))

    assert comparable(target) == comparable(source)
    source.db.dispose()
    target.db.dispose()


def test_export_files_open_in_excel_as_persian(service: ParticipantService, home: Path) -> None:
    service.register_many(_varied_people()[:1])

    csv_path = home / "export.csv"
    export_participants(service, csv_path)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Persian correctly
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("نام,نام خانوادگی,نام پدر,کد ملی,تاریخ تولد")
    assert "1368/05/12" in text  # Jalali, year/month/day
    assert "'=1+2" in text  # not a formula when Excel opens it

    xlsx_path = home / "export.xlsx"
    assert export_participants(service, xlsx_path) == 1
    sheet = load_workbook(xlsx_path).worksheets[0]
    assert sheet.sheet_view.rightToLeft
    values = [cell.value for cell in sheet[2]]
    assert values[3] == nid(49937089)  # text: the leading zeros stay
    assert values[4] == "1368/05/12"
    assert sheet.cell(2, 19).data_type == "s"  # "=1+2…" stays text
    assert not list(home.glob(".*partial"))


def test_export_refuses_other_kinds(service: ParticipantService, home: Path) -> None:
    with pytest.raises(ValidationError):
        export_participants(service, home / "export.pdf")
